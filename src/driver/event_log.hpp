// Lines about tunnels and sessions coming and going. A remote peer can make those happen as
// often as it likes (an SCCRQ refused, a half-open tunnel expiring, a call cleared), so at most
// kLinesPerSecond of them are written a second; the rest are counted, and the next line written
// after that second says how many were left out. What they report is in l2tpctl's counters too.
#pragma once

#include <spdlog/spdlog.h>

#include <cstdint>
#include <utility>

#include "l2tp/model/time.hpp"

namespace l2tp::driver {

class EventLog {
  public:
    static constexpr unsigned kLinesPerSecond = 100;

    template <typename... Args>
    void write(spdlog::level::level_enum level, model::Time now, fmt::format_string<Args...> format,
               Args&&... args) {
        if (admit(now)) {
            spdlog::log(level, format, std::forward<Args>(args)...);
        }
    }

    // Whether a line may be written at `now`; writes the summary of a past second first.
    bool admit(model::Time now);
    [[nodiscard]] std::uint64_t left_out() const { return left_out_total_; }

  private:
    model::Time second_started_{};
    unsigned written_ = 0;
    std::uint64_t left_out_ = 0;  // in the current second
    std::uint64_t left_out_total_ = 0;
};

}  // namespace l2tp::driver
