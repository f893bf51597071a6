#include "driver/engine_driver.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

#include "l2tp/wire/printable.hpp"

namespace l2tp::driver {

namespace {

// How long a clean stop waits at most for its accounting records' answers, after the tunnels
// (systemd's TimeoutStopSec leaves room for both).
constexpr model::Duration kAccountingDrainCap = std::chrono::seconds(10);

}  // namespace

namespace asio = boost::asio;

EngineDriver::EngineDriver(asio::io_context& io, model::EngineConfig config,
                           dataplane::Dataplane& dataplane, transport::TunnelPorts ports,
                           transport::PeerIdentity identity)
    : io_(io),
      engine_(std::move(config)),
      dataplane_(dataplane),
      udp_(
          io,
          [this](wire::Bytes packet, const model::PeerEndpoint& from) {
              on_datagram(packet, from);
          },
          [this] { end_batch(); }, ports, identity),
      ip_(
          io,
          [this](wire::Bytes packet, const model::PeerEndpoint& from) {
              on_datagram(packet, from);
          },
          [this] { end_batch(); }),
      timer_(io, [this] { on_timer(); }),
      bad_input_log_(io) {}

void EngineDriver::listen(const std::vector<model::PeerEndpoint>& addresses,
                          bool ip_encapsulation) {
    udp_.listen(addresses);
    if (ip_encapsulation) {
        ip_.listen(addresses);
    }
}

transport::Transport& EngineDriver::transport_for(const model::PeerEndpoint& peer) {
    if (peer.encapsulation == wire::Encapsulation::kIp) {
        return ip_;
    }
    return udp_;
}

void EngineDriver::on_datagram(wire::Bytes packet, const model::PeerEndpoint& from) {
    engine_.on_datagram(packet, from, now());
    bad_input_log_.after_datagram(engine_.stats(), from, now());
    run_actions();
}

// The acknowledgements the batch still owes leave now, one per tunnel, before the reactor
// waits again.
void EngineDriver::end_batch() {
    engine_.end_batch();
    run_actions();
}

std::optional<std::uint32_t> EngineDriver::open_tunnel(const model::PeerEndpoint& to,
                                                       const model::TunnelProfile& p) {
    const auto id = engine_.open_tunnel(to, p, now());
    if (!id) {
        spdlog::error("cannot open a tunnel to {}: the tunnel limit is reached", to.to_string());
        return std::nullopt;
    }
    spdlog::info("tunnel {}: opening to {} (L2TPv{})", *id, to.to_string(),
                 static_cast<int>(p.version));
    run_actions();
    return id;
}

bool EngineDriver::close_tunnel(std::uint32_t id) {
    const bool closed = engine_.close_tunnel(id, now());
    run_actions();
    return closed;
}

std::optional<std::uint32_t> EngineDriver::place_call(std::uint32_t tunnel,
                                                      const model::SessionParams& p) {
    const auto id = engine_.place_call(tunnel, p, now());
    run_actions();
    return id;
}

bool EngineDriver::close_session(std::uint32_t tunnel, std::uint32_t session) {
    if (accounting_) {
        accounting_->note_ending({tunnel, session}, {SessionEnding::Origin::kAdministrator, 0, 0});
    }
    const bool closed = engine_.close_session(tunnel, session, now());
    run_actions();
    return closed;
}

void EngineDriver::on_timer() {
    engine_.on_timer(now());
    run_actions();
}

// Until the engine has nothing more to say: a handler that answers with a StopCCN or CDN (a
// dataplane that refused) queues new actions, and they leave now, not at the next event.
void EngineDriver::run_actions() {
    for (auto actions = engine_.take_actions(); !actions.empty();
         actions = engine_.take_actions()) {
        carry_out(actions);
    }
    rearm();
    check_shutdown();
}

void EngineDriver::carry_out(std::vector<model::Action>& actions) {
    note_tunnel_endings(actions);
    for (model::Action& action : actions) {
        std::visit(
            [&](auto& a) {
                using T = std::decay_t<decltype(a)>;
                if constexpr (std::is_same_v<T, model::SendDatagram>) {
                    transport_for(a.to).send(a);
                } else if constexpr (std::is_same_v<T, model::InstallTunnel>) {
                    events_.write(spdlog::level::info, now(),
                                  "tunnel {}: established with {} ({}), peer tunnel {}",
                                  a.tunnel_id, a.peer.to_string(),
                                  wire::printable(a.peer_host_name), a.peer_tunnel_id);
                    transport::Transport& transport = transport_for(a.peer);
                    if (const auto installed = dataplane_.install_tunnel(
                            a, [&transport, &a] { return transport.tunnel_socket(a); });
                        !installed) {
                        transport.datapath_released(a.tunnel_id);
                        refuse_tunnel(a.tunnel_id, installed.error().text);
                    } else {
                        observe(a);
                    }
                } else if constexpr (std::is_same_v<T, model::RemoveTunnel>) {
                    events_.write(spdlog::level::info, now(),
                                  "tunnel {}: closed: {} (result {}, error {}{}{})", a.tunnel_id,
                                  model::close_reason_name(a.reason), a.result_code, a.error_code,
                                  a.message.empty() ? "" : ", ", wire::printable(a.message));
                    dataplane_.remove_tunnel(a);
                    udp_.datapath_released(a.tunnel_id);
                    ip_.datapath_released(a.tunnel_id);
                    observe(a);
                } else if constexpr (std::is_same_v<T, model::ReleaseTunnel>) {
                    // Tunnel IDs are unique across both transports; each forgets its own.
                    udp_.release_tunnel(a.tunnel_id);
                    ip_.release_tunnel(a.tunnel_id);
                } else if constexpr (std::is_same_v<T, model::InstallSession>) {
                    events_.write(spdlog::level::info, now(),
                                  "tunnel {} session {}: established, peer session {}", a.tunnel_id,
                                  a.session_id, a.peer_session_id);
                    if (const auto installed = dataplane_.install_session(a); !installed) {
                        refuse_session(a.tunnel_id, a.session_id, installed.error().text);
                    } else {
                        observe(a);
                    }
                } else if constexpr (std::is_same_v<T, model::StartPpp>) {
                    if (ppp_) {
                        ppp_->start(a);
                    } else {
                        // No pppd here: nothing more makes the session come up.
                        engine_.session_up(a.tunnel_id, a.session_id, now());
                    }
                } else if constexpr (std::is_same_v<T, model::RemoveSession>) {
                    events_.write(spdlog::level::info, now(),
                                  "tunnel {} session {}: closed{} (result {}, error {})",
                                  a.tunnel_id, a.session_id, a.by_peer ? " by peer" : "",
                                  a.result_code, a.error_code);
                    if (ppp_) {
                        ppp_->stop({a.tunnel_id, a.session_id});
                    }
                    end_accounting(a);  // while the datapath still has its counters
                    dataplane_.remove_session(a);
                    observe(a);
                } else if constexpr (std::is_same_v<T, model::SessionNotice>) {
                    events_.write(spdlog::level::info, now(), "tunnel {} session {}: {} from peer",
                                  a.tunnel_id, a.session_id, wire::message_type_name(a.type));
                }
            },
            action);
    }
}

// The datapath could not take the tunnel (it undid what it had done): the peer is told why
// with StopCCN Result 2, Error 4 (insufficient resources, RFC 2661 §4.4.2) and the message.
void EngineDriver::refuse_tunnel(std::uint32_t tunnel_id, const std::string& why) {
    events_.write(spdlog::level::err, now(), "tunnel {}: {} datapath failed: {}; closing",
                  tunnel_id, dataplane_.name(), why);
    engine_.close_tunnel(tunnel_id, now(), wire::StopCcnResult::kGeneralError,
                         wire::GeneralError::kNoResources, "datapath: " + why);
}

// The same for a session: CDN Result 2, Error 4 with the message; the tunnel stays.
void EngineDriver::refuse_session(std::uint32_t tunnel_id, std::uint32_t session_id,
                                  const std::string& why) {
    events_.write(spdlog::level::err, now(), "tunnel {} session {}: {} datapath failed: {}",
                  tunnel_id, session_id, dataplane_.name(), why);
    engine_.close_session(tunnel_id, session_id, now(), wire::CdnResult::kGeneralError,
                          wire::GeneralError::kNoResources, "datapath: " + why);
}

void EngineDriver::enable_ppp(std::function<ppp::PppdOptions(const std::string&)> options,
                              const ppp::PppdLimits& limits) {
    ppp::PppdSupervisor::Hooks hooks;
    hooks.open_channel = [this](const model::StartPpp& s) {
        return dataplane_.open_ppp_channel(s);
    };
    hooks.options = std::move(options);
    hooks.ended = [this](ppp::PppdSupervisor::SessionKey s, const ppp::SessionEnd& why) {
        end_ppp_session(s, why);
    };
    hooks.up = [this](ppp::PppdSupervisor::SessionKey s) {
        engine_.session_up(s.first, s.second, now());
        run_actions();
    };
    hooks.idle = [this] { check_shutdown(); };
    hooks.radius_session_arguments = [this](const model::StartPpp& s) {
        return begin_accounting(s);
    };
    ppp_ = std::make_unique<ppp::PppdSupervisor>(io_, std::move(hooks), limits);
}

// pppd ended (or never got going): the session goes with a CDN that says why.
void EngineDriver::end_ppp_session(ppp::PppdSupervisor::SessionKey s, const ppp::SessionEnd& why) {
    if (accounting_ && why.wait_status) {
        accounting_->note_ending(s, {SessionEnding::Origin::kPppdExit, 0, *why.wait_status});
    }
    events_.write(spdlog::level::info, now(), "tunnel {} session {}: {}", s.first, s.second,
                  wire::printable(why.message));
    engine_.close_session(s.first, s.second, now(), static_cast<wire::CdnResult>(why.result_code),
                          static_cast<wire::GeneralError>(why.error_code), why.message);
    run_actions();
}

void EngineDriver::enable_accounting(std::function<std::string(const std::string&)> own_host_name) {
    accounting_ = std::make_unique<SessionAccounting>(io_, dataplane_);
    own_host_name_ = std::move(own_host_name);
}

void EngineDriver::configure_dynamic_authorization(const config::DynamicAuthorizationConfig& config,
                                                   const ppp::RadiusClientConfig& radius) {
    if (!dynamic_authorization_) {
        dynamic_authorization_ = std::make_unique<DynamicAuthorizationServer>(
            io_, [this](const radius::SessionSelector& selector) {
                const auto sessions = accounting_->select(selector);
                for (const auto& [tunnel, session] : sessions) {
                    spdlog::info("tunnel {} session {}: Disconnect-Request (RFC 5176)", tunnel,
                                 session);
                    close_session(tunnel, session);
                }
                return sessions.size();
            });
    }
    dynamic_authorization_->configure(config, radius);
}

std::vector<std::string> EngineDriver::begin_accounting(const model::StartPpp& session) {
    if (!accounting_) {
        return {};
    }
    // Our address towards the LAC: the listener of its family (Tunnel-Server-Endpoint).
    SessionAccounting::OwnEnd own{{}, own_host_name_(session.profile_name)};
    for (const model::PeerEndpoint& local : transport_for(session.peer).local_endpoints()) {
        if (local.family == session.peer.family) {
            own.address = local.address_string();
            break;
        }
    }
    return accounting_->begin(session, own);
}

void EngineDriver::note_tunnel_endings(const std::vector<model::Action>& actions) {
    if (!accounting_) {
        return;
    }
    using Origin = SessionEnding::Origin;
    for (const model::Action& action : actions) {
        if (const auto* t = std::get_if<model::RemoveTunnel>(&action)) {
            Origin origin = Origin::kTunnelLost;  // unacknowledged, or a protocol error
            if (t->reason == model::CloseReason::kPeerStopCcn) {
                origin = Origin::kPeerTunnelClose;
            } else if (t->reason == model::CloseReason::kLocalRequest) {
                origin = Origin::kAdministrator;
            } else if (t->reason == model::CloseReason::kNoResources) {
                origin = Origin::kLocalFailure;
            }
            accounting_->note_tunnel_ending(t->tunnel_id, {origin, 0, 0});
        }
    }
}

// A CDN from the LAC ends it for its Result Code; one of ours, for a cause noted before, or
// because the datapath or pppd could not serve it.
void EngineDriver::end_accounting(const model::RemoveSession& session) {
    if (!accounting_) {
        return;
    }
    const SessionAccounting::SessionKey key{session.tunnel_id, session.session_id};
    if (session.by_peer) {
        accounting_->note_ending(
            key, {SessionEnding::Origin::kPeerCallDisconnect, session.result_code, 0});
    }
    accounting_->end(key, {SessionEnding::Origin::kLocalFailure, 0, 0});
}

void EngineDriver::observe(const model::Action& action) {
    if (observer_) {
        observer_(action);
    }
}

void EngineDriver::rearm() {
    timer_.arm(engine_.next_deadline());
}

void EngineDriver::shut_down(model::Duration bound, std::function<void()> done) {
    shutdown_done_ = std::move(done);
    shutdown_bound_ = now() + bound;
    if (accounting_) {
        accounting_->note_every_ending({SessionEnding::Origin::kShutdown, 0, 0});
    }
    if (ppp_) {
        ppp_->stop_all();
    }
    for (const model::TunnelInfo& t : engine_.tunnels()) {
        // RFC 2661 §4.4.2 Result 6: the requester is being shut down.
        engine_.close_tunnel(t.tunnel_id, now(), wire::StopCcnResult::kShuttingDown);
    }
    run_actions();
    // Wake up at the bound even if the engine has nothing else to do.
    auto bound_timer = std::make_shared<asio::steady_timer>(io_, *shutdown_bound_);
    bound_timer->async_wait(
        [this, bound_timer](const boost::system::error_code&) { check_shutdown(); });
}

// Done when every tunnel has gone through its StopCCN exchange (the closing hold is not waited
// for: the StopCCN was acknowledged once the peer's ack arrived) or the bound has passed, and
// then the accounting's records are answered or its own bound has passed.
void EngineDriver::check_shutdown() {
    if (!shutdown_done_) {
        return;
    }
    bool all_acknowledged = true;
    for (const model::TunnelInfo& t : engine_.tunnels()) {
        all_acknowledged &= t.state == model::TunnelState::kClosing && t.channel_idle;
    }
    // pppd processes are waited for too: none is left behind (each has its SIGKILL bound).
    all_acknowledged &= ppp_ == nullptr || ppp_->processes() == 0;
    if (!all_acknowledged && now() < *shutdown_bound_) {
        return;
    }
    if (accounting_ && !accounting_drain_bound_) {
        // Every session has ended and queued its Stop: Accounting-Off goes after them (RFC 2866
        // §5.1). The records are waited for as long as their schedule takes to try every
        // server, and one timeout more for the last answer, at most kAccountingDrainCap.
        const auto& radius = accounting_->config();
        const auto every_server = std::chrono::seconds(radius.timeout) *
                                  (std::max<std::uint32_t>(radius.retries, 1) *
                                       std::max<std::size_t>(radius.servers.size(), 1) +
                                   1);
        accounting_drain_bound_ =
            now() + std::min<model::Duration>(every_server, kAccountingDrainCap);
        accounting_->stop_accounting([this] { check_shutdown(); });
        auto drain_timer = std::make_shared<asio::steady_timer>(io_, *accounting_drain_bound_);
        drain_timer->async_wait(
            [this, drain_timer](const boost::system::error_code&) { check_shutdown(); });
    }
    if (accounting_ && !accounting_->drained() && now() < *accounting_drain_bound_) {
        return;
    }
    auto done = std::move(shutdown_done_);
    shutdown_done_ = nullptr;
    done();
}

}  // namespace l2tp::driver
