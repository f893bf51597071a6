// Log records as native journal entries (systemd.journal-fields(7)): MESSAGE, PRIORITY,
// SYSLOG_IDENTIFIER, and for a record about a tunnel or session (its text starts "tunnel N" or
// "tunnel N session M", the daemon's convention) TUNNEL_ID=, SESSION_ID= and PEER=, so that
// `journalctl TUNNEL_ID=N` finds everything about one tunnel.
#pragma once

#include <spdlog/sinks/base_sink.h>

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace l2tp::daemon {

// The tunnel and session a record names at its start, if any.
struct RecordSubject {
    std::optional<std::uint32_t> tunnel;
    std::optional<std::uint32_t> session;
};
RecordSubject record_subject(std::string_view text);

class JournalSink final : public spdlog::sinks::base_sink<std::mutex> {
  public:
    // The peer of a tunnel ("192.0.2.1:1701"), empty when the tunnel is not known.
    using PeerOf = std::function<std::string(std::uint32_t tunnel)>;
    // Records name no peer until the daemon knows its tunnels.
    void set_peer_of(PeerOf peer_of) {
        const std::lock_guard lock(mutex_);
        peer_of_ = std::move(peer_of);
    }

  protected:
    void sink_it_(const spdlog::details::log_msg& msg) override;
    void flush_() override {}

  private:
    PeerOf peer_of_;
};

}  // namespace l2tp::daemon
