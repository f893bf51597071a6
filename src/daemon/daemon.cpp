#include "daemon/daemon.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <iostream>

#include <sys/resource.h>

#include "dataplane/kernel_dataplane.hpp"
#include "dataplane/null_dataplane.hpp"
#include "l2tp/wire/crypto_warm_up.hpp"
#include "mgmt/commands.hpp"
#include "mgmt/daemon_metrics.hpp"
#include "ppp/radius_client_files.hpp"

namespace l2tp::daemon {

namespace {

constexpr auto kShutdownBound = std::chrono::seconds(5);

// Every established tunnel has a socket of its own: allow as many descriptors as the hard
// limit does (systemd's unit raises that one).
void raise_descriptor_limit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        (void)setrlimit(RLIMIT_NOFILE, &limit);
    }
}

// The datapath `dataplane:` asks for: kernel, null, or for auto the kernel's where its `l2tp`
// netlink family answers (after trying to load l2tp_netlink). Nothing, said on stderr, when
// `kernel` is asked for and the kernel has no L2TP.
std::unique_ptr<dataplane::Dataplane> open_dataplane(const config::DaemonConfig& config) {
    using config::DataplaneKind;
    if (config.dataplane == DataplaneKind::kNull) {
        return std::make_unique<dataplane::NullDataplane>();
    }
    auto kernel = dataplane::KernelDataplane::open(
        {config.udp_checksum, config.udp6_zero_checksum_tx, config.udp6_zero_checksum_rx});
    if (kernel) {
        return std::move(kernel).value();
    }
    if (config.dataplane == DataplaneKind::kKernel) {
        std::cerr << "l2tpd: dataplane: kernel, but the kernel's L2TP datapath cannot be reached ("
                  << kernel.error().text
                  << "); load the l2tp_netlink and l2tp_eth modules, or use 'dataplane: null'\n";
        return nullptr;
    }
    spdlog::warn(
        "the kernel has no L2TP datapath ({}): running the control plane only (null "
        "dataplane)",
        kernel.error().text);
    return std::make_unique<dataplane::NullDataplane>();
}

// What l2tpd keeps while it runs (static tunnels' state, radius.so's files): next to the
// management socket.
std::filesystem::path runtime_directory(const config::DaemonConfig& config) {
    return std::filesystem::path(config.control_socket).parent_path();
}

// Static tunnels need the kernel; with it, those a dead instance left are removed even when
// the configuration now has none. Nothing, said on stderr, when they cannot be managed.
std::unique_ptr<dataplane::StaticTunnels> open_static_tunnels(const config::DaemonConfig& config) {
    const auto runtime_dir = runtime_directory(config);
    std::error_code error;
    std::filesystem::create_directories(runtime_dir, error);
    auto statics = dataplane::StaticTunnels::open((runtime_dir / "static-tunnels").string());
    if (!statics) {
        std::cerr << "l2tpd: cannot manage static tunnels: " << statics.error().text << "\n";
        return nullptr;
    }
    return std::move(statics).value();
}

}  // namespace

std::optional<config::DaemonConfig> Daemon::load_config(const std::string& path,
                                                        std::string& error) {
    if (path.empty()) {
        return config::embedded_default_config();
    }
    config::ConfigResult result = config::load_config_file(path);
    if (const auto* e = std::get_if<config::ConfigError>(&result)) {
        error = e->to_string();
        return std::nullopt;
    }
    return std::get<config::DaemonConfig>(std::move(result));
}

std::unique_ptr<Daemon> Daemon::start(boost::asio::io_context& io, Options options) {
    std::string error;
    auto config = load_config(options.config_path, error);
    if (!config) {
        std::cerr << error << "\n";
        return nullptr;
    }
    if (!options.control_socket.empty()) {
        config->control_socket = options.control_socket;
    }
    std::unique_ptr<dataplane::Dataplane> dataplane = open_dataplane(*config);
    if (!dataplane) {
        return nullptr;
    }
    config->kernel_datapath = dataplane->name() == "kernel";
    std::unique_ptr<dataplane::StaticTunnels> statics;
    if (config->kernel_datapath) {
        statics = open_static_tunnels(*config);
        if (!statics) {
            return nullptr;
        }
        for (const std::string& failure :
             statics->apply(config->static_tunnels, model::Clock::now())) {
            spdlog::error("{}", failure);
        }
    } else if (!config->static_tunnels.empty()) {
        std::cerr << "l2tpd: static_tunnels need the kernel's L2TP datapath, which this kernel "
                     "does not offer\n";
        return nullptr;
    }
    raise_descriptor_limit();
    std::unique_ptr<Daemon> daemon(new Daemon(io, std::move(options), std::move(*config),
                                              std::move(dataplane), std::move(statics)));
    if (!daemon->serve()) {
        return nullptr;
    }
    return daemon;
}

Daemon::Daemon(boost::asio::io_context& io, Options options, config::DaemonConfig config,
               std::unique_ptr<dataplane::Dataplane> dataplane,
               std::unique_ptr<dataplane::StaticTunnels> statics)
    : io_(io),
      options_(std::move(options)),
      config_(std::move(config)),
      dataplane_(std::move(dataplane)),
      statics_(std::move(statics)),
      driver_(io, config_.engine_config(), *dataplane_,
              {config_.per_tunnel_ports, config_.tunnel_port_first, config_.tunnel_port_last},
              config_.ipsec_marks ? transport::PeerIdentity::kAddressPortMark
                                  : transport::PeerIdentity::kAddressPort),
      supervisor_(driver::hooks_for(driver_)),
      supervisor_timer_(io,
                        [this] {
                            supervisor_.on_timer(model::Clock::now());
                            rearm_supervisor();
                        }),
      statics_timer_(
          io,
          [this] {
              for (const std::string& failure : statics_->on_timer(model::Clock::now())) {
                  spdlog::error("reload: {}", failure);
              }
              rearm_statics();
          }),
      // systemd (Type=notify, WatchdogSec=): the state, and keep-alives from this reactor.
      service_(ServiceManager::from_environment(io, [this] { return service_status(); })),
      hangup_(io, SIGHUP),
      stop_signals_(io, SIGINT, SIGTERM) {
    // The tunnels of `connect` peers and their pseudowires, kept up (supervisor.hpp).
    driver_.set_observer([this](const model::Action& action) {
        supervisor_.on_action(action, model::Clock::now());
        rearm_supervisor();
    });
}

Daemon::~Daemon() {
    // The journal sink outlives the daemon (spdlog holds it): it must not ask a gone driver.
    if (options_.journal) {
        options_.journal->set_peer_of({});
    }
}

bool Daemon::serve() {
    try {
        // Before the first peer can reach us, so that its tunnel waits for nothing lazy.
        wire::warm_up_crypto();
    } catch (const std::runtime_error& e) {
        spdlog::error("cannot start: {}", e.what());
        return false;
    }
    try {
        driver_.listen(config_.listen, config_.ip_encapsulation);
    } catch (const boost::system::system_error& e) {
        spdlog::error("cannot listen: {}", e.what());
        return false;
    }
    // PPP sessions: pppd on the kernel's PPPoL2TP socket, with the options the configuration
    // gives the tunnel's profile (as reloaded).
    try {
        driver_.enable_ppp(
            [this](const std::string& profile) { return config_.ppp_options(profile); },
            config_.ppp_limits);
        driver_.ppp()->set_pools(config_.pools);
    } catch (const std::system_error& e) {
        spdlog::error("cannot supervise pppd: {}", e.what());
        return false;
    }
    if (!configure_radius(config_)) {
        return false;
    }
    try {
        control_ = std::make_unique<mgmt::ControlServer>(
            io_, config_.control_socket, [this](const nlohmann::json& request) {
                nlohmann::json answer = mgmt::handle_request(
                    request,
                    mgmt::CommandContext{driver_, supervisor_, [this] { return static_tunnels(); },
                                         config_, [this] { return reload(); }});
                rearm_supervisor();  // a call added is placed at its next wake-up
                return answer;
            });
    } catch (const std::exception& e) {
        spdlog::error("cannot open the management socket {}: {}", config_.control_socket, e.what());
        return false;
    }
    if (config_.metrics) {
        metrics_ = open_metrics(*config_.metrics);
        if (!metrics_) {
            return false;
        }
    }
    for (const auto& local : driver_.udp().local_endpoints()) {
        spdlog::info("listening on {} (UDP)", local.to_string());
    }
    for (const auto& local : driver_.ip().local_endpoints()) {
        spdlog::info("listening on {} (L2TPv3 over IP, {} socket)", local.to_string(),
                     driver_.ip().socket_kind(local.family));
    }
    spdlog::info("management socket {}, {} dataplane", config_.control_socket, dataplane_->name());
    supervisor_.configure(config_, model::Clock::now());
    supervisor_.on_timer(model::Clock::now());
    rearm_supervisor();
    if (options_.journal) {
        options_.journal->set_peer_of([this](std::uint32_t tunnel) {
            const auto t = driver_.engine().tunnel(tunnel);
            return t ? t->peer.to_string() : std::string();
        });
    }
    service_.ready();  // every listener and the management socket are bound
    await_hangup();
    await_stop();
    return true;
}

// The Prometheus endpoint; per_tunnel as the configuration says at each scrape (reloads
// included). Nothing, said in the log, when it cannot be bound.
std::unique_ptr<mgmt::MetricsServer> Daemon::open_metrics(const config::MetricsConfig& metrics) {
    const model::PeerEndpoint& at = metrics.listen;
    std::unique_ptr<mgmt::MetricsServer> server;
    try {
        server = std::make_unique<mgmt::MetricsServer>(
            io_,
            boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address(at.address_string()),
                                           at.port),
            [this] {
                auto families = mgmt::collect_metrics(
                    driver_, {config_.metrics && config_.metrics->per_tunnel});
                families.push_back(mgmt::accept_error_metrics(
                    {control_->accept_errors(), metrics_->accept_errors()}));
                return mgmt::render_metrics(families);
            },
            mgmt::MetricsServer::Limits{});
    } catch (const boost::system::system_error& e) {
        spdlog::error("cannot serve metrics on {}: {}", at.to_string(), e.what());
        return nullptr;
    }
    spdlog::info("metrics at http://{}/metrics", at.to_string());
    return server;
}

driver::ReloadOutcome Daemon::reload() {
    service_.reloading();
    struct ReadyAgain {
        ServiceManager& service;
        ~ReadyAgain() { service.ready(); }
    } ready_again{service_};
    std::string fault;
    auto next = load_config(options_.config_path, fault);
    if (!next) {
        spdlog::error("reload refused, nothing changed: {}", fault);
        driver::ReloadOutcome refused;
        refused.refused = fault;
        return refused;
    }
    if (!options_.control_socket.empty()) {
        next->control_socket = options_.control_socket;  // the command line still overrides
    }
    next->kernel_datapath = config_.kernel_datapath;  // chosen at start
    if (!configure_radius(*next)) {
        driver::ReloadOutcome refused;
        refused.refused = "cannot apply the radius block (see the log)";
        return refused;
    }
    driver::ReloadOutcome outcome = driver::apply_config(driver_, supervisor_, config_, *next);
    rearm_supervisor();
    if (statics_) {
        outcome.static_failures = statics_->apply(next->static_tunnels, model::Clock::now());
        rearm_statics();
    } else if (!next->static_tunnels.empty()) {
        outcome.static_failures.push_back("static_tunnels need the kernel's L2TP datapath");
    }
    for (const std::string& failure : outcome.static_failures) {
        spdlog::error("reload: {}", failure);
    }
    config_ = std::move(*next);
    spdlog::info("reloaded {}: {} peers added, {} removed, {} tunnels closed, {} opened",
                 options_.config_path.empty() ? "the embedded default" : options_.config_path,
                 outcome.peers_added.size(), outcome.peers_removed.size(), outcome.tunnels_closed,
                 outcome.tunnels_opened);
    for (const auto& setting : outcome.needs_restart) {
        spdlog::warn("reload: '{}' changed; it takes effect at the next start", setting);
    }
    return outcome;
}

bool Daemon::configure_radius(const config::DaemonConfig& config) {
    if (!config.radius) {
        driver_.ppp()->set_radius_arguments({});
        if (driver_.dynamic_authorization() != nullptr) {
            driver_.configure_dynamic_authorization({}, {});  // stops listening
        }
        return true;
    }
    // radius.so's accounting goes to l2tpd's relay, which stays for the daemon's life so that
    // every rewrite of the files names the same port and secret.
    ppp::RadiusClientConfig radius = *config.radius;
    try {
        if (driver_.accounting() == nullptr) {
            driver_.enable_accounting(
                [this](const std::string& profile_name) { return own_host_name(profile_name); });
        }
        driver_.accounting()->configure(radius);
    } catch (const boost::system::system_error& e) {
        spdlog::error("radius accounting: {}", e.what());
        return false;
    }
    try {
        driver_.configure_dynamic_authorization(config.dynamic_authorization, radius);
    } catch (const boost::system::system_error& e) {
        spdlog::error("radius dynamic authorization: {}", e.what());
        return false;
    }
    radius.accounting_relay = driver_.accounting()->relay_address();
    const ppp::RadiusClientPaths paths((runtime_directory(config) / "radius").string());
    if (const std::string failed = ppp::write_radius_client_files(radius, paths); !failed.empty()) {
        spdlog::error("radius: {}", failed);
        return false;
    }
    // New pppds only: those running keep the servers they authenticated with.
    driver_.ppp()->set_radius_arguments(ppp::radius_pppd_arguments(radius, paths));
    return true;
}

// The Host Name we gave tunnels of the profile named `profile_name` (TunnelProfile::name):
// a peer's or a responder's, as the engine's configuration has them.
std::string Daemon::own_host_name(const std::string& profile_name) const {
    const model::EngineConfig engine = config_.engine_config();
    for (const auto& fallback : {engine.accept_v2, engine.accept_v3}) {
        if (fallback && fallback->name == profile_name) {
            return fallback->host_name;
        }
    }
    for (const model::PeerProfile& peer : engine.peers) {
        if (peer.profile.name == profile_name) {
            return peer.profile.host_name;
        }
    }
    return {};
}

std::vector<dataplane::StaticTunnels::TunnelStatus> Daemon::static_tunnels() const {
    return statics_ ? statics_->status() : std::vector<dataplane::StaticTunnels::TunnelStatus>{};
}

void Daemon::rearm_supervisor() {
    supervisor_timer_.arm(supervisor_.next_deadline());
}

void Daemon::rearm_statics() {
    statics_timer_.arm(statics_->next_deadline());
}

std::string Daemon::service_status() const {
    std::size_t sessions = 0;
    const auto tunnels = driver_.engine().tunnels();
    for (const auto& t : tunnels) {
        sessions += t.sessions;
    }
    return std::to_string(tunnels.size()) + " tunnels, " + std::to_string(sessions) +
           " sessions, " + std::to_string(driver_.ppp() ? driver_.ppp()->processes() : 0) + " pppd";
}

void Daemon::await_hangup() {
    hangup_.async_wait([this](const boost::system::error_code& ec, int) {
        if (!ec) {
            spdlog::info("SIGHUP: reloading the configuration");
            try {
                (void)reload();
            } catch (const std::exception& e) {
                // Nothing may escape a handler on the reactor: this reload fails, l2tpd serves on.
                spdlog::error("reload: {}", e.what());
            }
            await_hangup();
        }
    });
}

void Daemon::await_stop() {
    stop_signals_.async_wait([this](const boost::system::error_code& ec, int signal) {
        if (ec) {
            return;
        }
        spdlog::info("signal {}: closing every tunnel", signal);
        service_.stopping();
        hangup_.cancel();
        // The tunnels closed now stay closed: a `connect` peer's is not dialled again.
        supervisor_.stand_down();
        rearm_supervisor();
        // Long enough for pppd's SIGTERM-then-SIGKILL bound too.
        const auto bound = std::max<model::Duration>(
            kShutdownBound, config_.ppp_limits.stop_timeout + std::chrono::seconds(1));
        driver_.shut_down(bound, [this] {
            if (statics_) {
                statics_->remove_all();
            }
            io_.stop();
        });
    });
}

}  // namespace l2tp::daemon
