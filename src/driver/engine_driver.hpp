// Runs the sans-I/O engine on the Asio reactor: datagrams and timer expiries in, actions out to
// the transport and the dataplane, one steady_timer at the engine's next deadline. This is the
// only place where the engine's actions become I/O (docs/architecture.md, "A datagram's path").
#pragma once

#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange (GCC 12)

#include <boost/asio.hpp>

#include <functional>
#include <memory>

#include "dataplane/dataplane.hpp"
#include "driver/bad_input_log.hpp"
#include "driver/dynamic_authorization_server.hpp"
#include "driver/event_log.hpp"
#include "driver/session_accounting.hpp"
#include "l2tp/engine/engine.hpp"
#include "ppp/pppd_supervisor.hpp"
#include "transport/deadline_timer.hpp"
#include "transport/ip_transport.hpp"
#include "transport/udp_transport.hpp"

namespace l2tp::driver {

class EngineDriver {
  public:
    EngineDriver(boost::asio::io_context& io, model::EngineConfig config,
                 dataplane::Dataplane& dataplane, transport::TunnelPorts ports = {},
                 transport::PeerIdentity identity = transport::PeerIdentity::kAddressPort);

    // UDP on every address; L2TPv3 over IP too when `ip_encapsulation` is set. Throws
    // boost::system::system_error naming the address that cannot be bound.
    void listen(const std::vector<model::PeerEndpoint>& addresses, bool ip_encapsulation);

    // Operator requests; each runs the resulting actions at once.
    std::optional<std::uint32_t> open_tunnel(const model::PeerEndpoint& to,
                                             const model::TunnelProfile& p);
    bool close_tunnel(std::uint32_t id);
    std::optional<std::uint32_t> place_call(std::uint32_t tunnel, const model::SessionParams& p);
    bool close_session(std::uint32_t tunnel, std::uint32_t session);
    // PPP sessions get a pppd with the options `options` gives for the tunnel's profile (until
    // this is called, PPP sessions run without one, as over the null datapath). Throws
    // std::system_error when pppd's notification socket cannot be made.
    void enable_ppp(std::function<ppp::PppdOptions(const std::string& profile_name)> options,
                    const ppp::PppdLimits& limits);
    [[nodiscard]] ppp::PppdSupervisor* ppp() const { return ppp_.get(); }
    // RADIUS accounting of PPP sessions (session_accounting.hpp), from the first radius block
    // on; `own_host_name` gives our Host Name in tunnels of a profile (StartPpp::profile_name).
    // Throws boost::system::system_error when the relay cannot listen.
    void enable_accounting(
        std::function<std::string(const std::string& profile_name)> own_host_name);
    [[nodiscard]] SessionAccounting* accounting() const { return accounting_.get(); }
    // RFC 5176 Disconnect-Requests (dynamic_authorization_server.hpp), matched among the
    // accounted sessions and each ended as close_session ends one; after enable_accounting.
    // Throws boost::system::system_error naming an address that cannot be bound.
    void configure_dynamic_authorization(const config::DynamicAuthorizationConfig& config,
                                         const ppp::RadiusClientConfig& radius);
    // Nothing until a radius block was configured.
    [[nodiscard]] const DynamicAuthorizationServer* dynamic_authorization() const {
        return dynamic_authorization_.get();
    }
    // New profiles for the SCCRQs to come (a reload); tunnels keep theirs.
    void reconfigure(model::EngineConfig config) { engine_.reconfigure(std::move(config)); }
    // StopCCN to every peer; `done` runs when no tunnel is left or `bound` has passed.
    void shut_down(model::Duration bound, std::function<void()> done);
    // Called with every InstallTunnel and InstallSession the dataplane took, and every
    // RemoveTunnel and RemoveSession, after it was carried out.
    using Observer = std::function<void(const model::Action&)>;
    void set_observer(Observer observer) { observer_ = std::move(observer); }

    [[nodiscard]] const engine::Engine& engine() const { return engine_; }
    [[nodiscard]] dataplane::Dataplane& dataplane() const { return dataplane_; }
    [[nodiscard]] const transport::UdpTransport& udp() const { return udp_; }
    [[nodiscard]] const transport::IpTransport& ip() const { return ip_; }

  private:
    void on_datagram(wire::Bytes packet, const model::PeerEndpoint& from);
    // A socket has handed over everything it had queued.
    void end_batch();
    void on_timer();
    void run_actions();
    void carry_out(std::vector<model::Action>& actions);
    void rearm();
    void check_shutdown();
    void refuse_tunnel(std::uint32_t tunnel_id, const std::string& why);
    void refuse_session(std::uint32_t tunnel_id, std::uint32_t session_id, const std::string& why);
    void end_ppp_session(ppp::PppdSupervisor::SessionKey session, const ppp::SessionEnd& why);
    void observe(const model::Action& action);
    // The accounting's view of what ends sessions in this batch: a tunnel's sessions are
    // removed before the tunnel (fsm::Tunnel ends its calls first), and end for its reason.
    void note_tunnel_endings(const std::vector<model::Action>& actions);
    void end_accounting(const model::RemoveSession& session);
    std::vector<std::string> begin_accounting(const model::StartPpp& session);
    transport::Transport& transport_for(const model::PeerEndpoint& peer);
    static model::Time now() { return model::Clock::now(); }

    boost::asio::io_context& io_;
    engine::Engine engine_;
    dataplane::Dataplane& dataplane_;
    transport::UdpTransport udp_;
    transport::IpTransport ip_;
    transport::DeadlineTimer timer_;
    BadInputLog bad_input_log_;
    EventLog events_;
    Observer observer_;
    std::unique_ptr<ppp::PppdSupervisor> ppp_;
    std::unique_ptr<SessionAccounting> accounting_;
    std::unique_ptr<DynamicAuthorizationServer> dynamic_authorization_;
    std::function<std::string(const std::string&)> own_host_name_;
    std::function<void()> shutdown_done_;
    std::optional<model::Time> shutdown_bound_;
    // Set once Accounting-Off is queued: until then the records are not waited for.
    std::optional<model::Time> accounting_drain_bound_;
};

}  // namespace l2tp::driver
