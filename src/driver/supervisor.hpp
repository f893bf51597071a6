// Keeps what the configuration promises up: the tunnel of every peer marked `connect: true`,
// and every pseudowire with such a peer (a persistent xconnect). A tunnel or pseudowire that
// goes down is dialled or placed again after a back-off that doubles up to a bound, for as long
// as it stays configured; a reload adds and removes pseudowires without touching the others.
// It also follows the pseudowires the peer places, to show what is configured against what
// is up (`l2tpctl show pseudowires`).
//
// No I/O and no clock: it hears the driver's events with the time, asks through Hooks, and says
// when it must be woken. Work that events make due is done at that wake-up, never inside the
// event, so that it never re-enters the driver.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "config/daemon_config.hpp"
#include "driver/engine_driver.hpp"
#include "l2tp/model/action.hpp"

namespace l2tp::driver {

class Supervisor {
  public:
    struct Hooks {
        // Opens a tunnel; nothing when none could be opened.
        std::function<std::optional<std::uint32_t>(const model::PeerEndpoint&,
                                                   const model::TunnelProfile&)>
            dial;
        // Places a call on an established tunnel; nothing when it could not be placed.
        std::function<std::optional<std::uint32_t>(std::uint32_t tunnel,
                                                   const model::SessionParams&)>
            place;
        std::function<void(std::uint32_t tunnel, std::uint32_t session)> hang_up;
    };

    static constexpr model::Duration kFirstRetry = std::chrono::seconds(1);
    static constexpr model::Duration kLongestRetry = std::chrono::seconds(60);
    // Up at least this long before it went down: the next retry starts from kFirstRetry
    // again. Shorter (a call the peer accepts and then clears at once): the back-off grows.
    static constexpr model::Duration kStableAfter = std::chrono::seconds(10);

    explicit Supervisor(Hooks hooks) : hooks_(std::move(hooks)) {}

    // The configuration (at start and after every reload): new `connect` peers are dialled and
    // new pseudowires placed at the next wake-up; pseudowires that are gone or changed are
    // hung up (a changed one is placed again with its new parameters).
    void configure(const config::DaemonConfig& config, model::Time now);

    // l2tpd is stopping: the tunnels and calls it closes are not dialled or placed again, and
    // nothing more is due.
    void stand_down();

    // What the driver carried out (EngineDriver::set_observer).
    void on_action(const model::Action& action, model::Time now);
    // Dials and places whatever is due; how many tunnels it dialled.
    std::size_t on_timer(model::Time now);
    [[nodiscard]] std::optional<model::Time> next_deadline() const;

    struct PseudowireStatus {
        const config::PseudowireConfig* config = nullptr;
        bool we_place = false;  // our side dials (the peer has connect: true)
        std::optional<std::uint32_t> tunnel;
        std::optional<std::uint32_t> session;
        bool up = false;
        std::string last_failure;  // empty until one failed
        std::optional<model::Time> retry_at;
    };
    [[nodiscard]] std::vector<PseudowireStatus> pseudowires() const;

  private:
    struct Peer {
        config::PeerConfig config;
        std::optional<std::uint32_t> tunnel{};  // ours, dialled or answered
        bool up = false;
        model::Time up_since{};
        std::optional<model::Time> retry_at{};
        model::Duration backoff = kFirstRetry;
    };
    struct Circuit {
        config::PseudowireConfig config;
        std::optional<std::uint32_t> tunnel{};
        std::optional<std::uint32_t> session{};
        bool up = false;
        model::Time up_since{};
        std::string last_failure{};
        std::optional<model::Time> retry_at{};
        model::Duration backoff = kFirstRetry;
    };

    void tunnel_up(const model::InstallTunnel& t, model::Time now);
    void tunnel_down(const model::RemoveTunnel& t, model::Time now);
    void session_up(const model::InstallSession& s, model::Time now);
    void session_down(const model::RemoveSession& s, model::Time now);
    // The configured peer whose tunnel `t` is: the first that matches, as the engine picks
    // profiles (model::PeerProfile::matches).
    Peer* owner_of(const model::InstallTunnel& t);
    bool dials(const Circuit& c) const;
    static void retry_later(std::optional<model::Time>& retry_at, model::Duration& backoff,
                            model::Time up_since, model::Time now);

    Hooks hooks_;
    std::map<std::string, model::TunnelProfile, std::less<>> profiles_;
    std::map<std::string, Peer, std::less<>> peers_;
    std::map<std::string, Circuit, std::less<>> circuits_;
    bool standing_down_ = false;
};

// The hooks that ask `driver`.
Supervisor::Hooks hooks_for(EngineDriver& driver);

}  // namespace l2tp::driver
