#include "driver/bad_input_log.hpp"

#include <spdlog/spdlog.h>

namespace l2tp::driver {

namespace {

constexpr auto kQuietPeriod = std::chrono::seconds(1);

// The counters of bad input, by name.
constexpr std::pair<const char*, std::uint64_t model::EngineStats::*> kBadInput[] = {
    {"malformed", &model::EngineStats::malformed},
    {"data on the control socket", &model::EngineStats::not_control},
    {"unknown tunnel", &model::EngineStats::unknown_tunnel},
    {"unknown session", &model::EngineStats::unknown_session},
    {"bad digest", &model::EngineStats::bad_digest},
    {"SCCRQ refused", &model::EngineStats::refused_sccrq},
    {"SCCRQ over the half-open limit", &model::EngineStats::refused_half_open},
    {"SCCRQ over the half-open limit of its source", &model::EngineStats::refused_half_open_source},
    {"SCCRP for no SCCRQ", &model::EngineStats::stray_sccrp},
    {"protocol error", &model::EngineStats::protocol_errors},
    {"authentication failure", &model::EngineStats::auth_failures},
};

// "malformed +1, bad digest +2": the counters of bad input that grew from `from` to `to`.
std::string growth(const model::EngineStats& from, const model::EngineStats& to) {
    std::string out;
    for (const auto& [name, counter] : kBadInput) {
        if (const std::uint64_t added = to.*counter - from.*counter; added != 0) {
            out += (out.empty() ? "" : ", ") + std::string(name) + " +" + std::to_string(added);
        }
    }
    return out;
}

}  // namespace

void BadInputLog::after_datagram(const model::EngineStats& stats, const model::PeerEndpoint& from,
                                 model::Time now) {
    const bool bad = !growth(seen_, stats).empty();
    seen_ = stats;
    if (!bad) {
        return;
    }
    if (now >= quiet_until_) {
        spdlog::warn("bad input from {}: {}", from.to_string(), growth(logged_, stats));
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
                 last_sender_.to_string(), growth(logged_, seen_));
    logged_ = seen_;
    unlogged_ = 0;
    quiet_until_ = model::Clock::now() + kQuietPeriod;
}

}  // namespace l2tp::driver
