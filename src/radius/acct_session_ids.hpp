// Acct-Session-Id values (RFC 2866 §5.5: unique, so that a Start and a Stop can be matched):
// the daemon's start time and a counter, in hex, "5F5E1000-0000002A". The start time makes
// them unique across restarts of one NAS, as long as two starts are a second apart.
#pragma once

#include <cstdint>
#include <string>

namespace l2tp::radius {

class AcctSessionIds {
  public:
    // `start_time`: seconds since 1970 when the daemon started.
    explicit AcctSessionIds(std::uint32_t start_time) : start_time_(start_time) {}

    std::string next();
    // The daemon's own, for its Accounting-On and Accounting-Off (RFC 2866 §5.1, §5.5: every
    // Accounting-Request has one): counter 0, which no session gets.
    [[nodiscard]] std::string daemon() const;

  private:
    std::uint32_t start_time_;
    std::uint32_t counter_ = 0;
};

}  // namespace l2tp::radius
