#include "driver/bad_input_log.hpp"

#include <spdlog/spdlog.h>

#include "l2tp/model/engine_counter_catalog.hpp"

namespace l2tp::driver {

namespace {

constexpr auto kQuietPeriod = std::chrono::seconds(1);

}  // namespace

std::string bad_input_growth(const model::EngineStats& from, const model::EngineStats& to) {
    std::string out;
    for (const auto& counter : model::all_engine_counters()) {
        const std::uint64_t added = to.*counter.member - from.*counter.member;
        if (!counter.bad_input_phrase.empty() && added != 0) {
            out += (out.empty() ? "" : ", ") + std::string(counter.bad_input_phrase) + " +" +
                   std::to_string(added);
        }
    }
    return out;
}

void BadInputLog::after_datagram(const model::EngineStats& stats, const model::PeerEndpoint& from,
                                 model::Time now) {
    const bool bad = !bad_input_growth(seen_, stats).empty();
    seen_ = stats;
    if (!bad) {
        return;
    }
    if (now >= quiet_until_) {
        spdlog::warn("bad input from {}: {}", from.to_string(), bad_input_growth(logged_, stats));
        logged_ = stats;
        quiet_until_ = now + kQuietPeriod;
        return;
    }
    last_sender_ = from;
    if (unlogged_++ == 0) {
        timer_.expires_at(quiet_until_);
        timer_.async_wait([this](const boost::system::error_code& ec) {
            if (!ec) {
                summarise();
            }
        });
    }
}

void BadInputLog::summarise() {
    spdlog::warn("bad input, {} more datagrams in the last second (latest from {}): {}", unlogged_,
                 last_sender_.to_string(), bad_input_growth(logged_, seen_));
    logged_ = seen_;
    unlogged_ = 0;
    quiet_until_ = model::Clock::now() + kQuietPeriod;
}

}  // namespace l2tp::driver
