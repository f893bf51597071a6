// l2tpd: the L2TP daemon. Loads its configuration (or runs the embedded default), listens for
// L2TP, and serves l2tpctl on its management socket until SIGTERM / SIGINT, when every peer is
// sent a StopCCN and the daemon exits once they are acknowledged (or a bound passes).
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange (GCC 12)

#include <boost/asio.hpp>
#include <filesystem>
#include <iostream>

#include <sys/resource.h>

#include "config/daemon_config.hpp"
#include "daemon/journal_sink.hpp"
#include "daemon/service_manager.hpp"
#include "dataplane/kernel_dataplane.hpp"
#include "dataplane/null_dataplane.hpp"
#include "dataplane/static_tunnels.hpp"
#include "driver/config_reload.hpp"
#include "driver/engine_driver.hpp"
#include "driver/supervisor.hpp"
#include "mgmt/commands.hpp"
#include "mgmt/control_server.hpp"
#include "mgmt/daemon_metrics.hpp"
#include "mgmt/metrics_server.hpp"

namespace {

constexpr auto kShutdownBound = std::chrono::seconds(5);

// The configuration at `path`, or the embedded default when there is none; on a fault, the
// fault as "file:line:column: what was expected" in `error`.
std::optional<l2tp::config::DaemonConfig> load(const std::string& path, std::string& error) {
    if (path.empty()) {
        return l2tp::config::embedded_default_config();
    }
    l2tp::config::ConfigResult result = l2tp::config::load_config_file(path);
    if (const auto* e = std::get_if<l2tp::config::ConfigError>(&result)) {
        error = e->to_string();
        return std::nullopt;
    }
    return std::get<l2tp::config::DaemonConfig>(std::move(result));
}

// Log lines go to the journal with their priority (journalctl -u l2tpd -p warning) and, for a
// tunnel or session, its TUNNEL_ID, SESSION_ID and PEER fields (journal_sink.hpp); or to the
// console. Every line of a tunnel or session starts with "tunnel N" / "tunnel N session M".
// Returns the journal sink, if that is where they go.
std::shared_ptr<l2tp::daemon::JournalSink> use_log_target(const std::string& target) {
    // systemd sets JOURNAL_STREAM when our stderr is its journal stream (systemd.exec(5)).
    const bool journal =
        target == "journal" || (target == "auto" && std::getenv("JOURNAL_STREAM") != nullptr);
    if (!journal) {
        return nullptr;
    }
    auto sink = std::make_shared<l2tp::daemon::JournalSink>();
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("l2tpd", sink));
    return sink;
}

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
std::unique_ptr<l2tp::dataplane::Dataplane> open_dataplane(
    const l2tp::config::DaemonConfig& config) {
    using l2tp::config::DataplaneKind;
    if (config.dataplane == DataplaneKind::kNull) {
        return std::make_unique<l2tp::dataplane::NullDataplane>();
    }
    auto kernel = l2tp::dataplane::KernelDataplane::open(
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
    return std::make_unique<l2tp::dataplane::NullDataplane>();
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"l2tpd: L2TPv2 / L2TPv3 LAC, LNS and LCCE"};
    std::string config_path;
    std::string check_path;
    std::string control_socket;
    std::string log_level = "info";
    app.add_option("-c,--config", config_path, "Configuration file (default: embedded default)")
        ->check(CLI::ExistingFile);
    app.add_option("--check-config", check_path, "Check a configuration file and exit");
    app.add_option("--control-socket", control_socket, "Override the management socket path");
    app.add_option("--log-level", log_level, "trace, debug, info, warn, error")
        ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error"}));
    std::string log_target = "auto";
    app.add_option("--log", log_target,
                   "console, journal, or auto: the journal when systemd connected our output "
                   "to it")
        ->check(CLI::IsMember({"auto", "console", "journal"}))
        ->capture_default_str();
    CLI11_PARSE(app, argc, argv);

    if (!check_path.empty()) {
        std::string error;
        if (!load(check_path, error)) {
            std::cerr << error << "\n";
            return 1;
        }
        std::cout << check_path << ": ok\n";
        return 0;
    }
    const auto journal = use_log_target(log_target);
    spdlog::set_level(spdlog::level::from_str(log_level));
    std::string error;
    auto config = load(config_path, error);
    if (!config) {
        std::cerr << error << "\n";
        return 1;
    }
    if (!control_socket.empty()) {
        config->control_socket = control_socket;
    }
    std::unique_ptr<l2tp::dataplane::Dataplane> dataplane = open_dataplane(*config);
    if (!dataplane) {
        return 1;
    }
    config->kernel_datapath = dataplane->name() == "kernel";
    // Static tunnels need the kernel; with it, those a dead instance left are removed even when
    // the configuration now has none.
    std::unique_ptr<l2tp::dataplane::StaticTunnels> statics;
    if (config->kernel_datapath) {
        const auto runtime_dir = std::filesystem::path(config->control_socket).parent_path();
        std::error_code error;
        std::filesystem::create_directories(runtime_dir, error);
        auto opened =
            l2tp::dataplane::StaticTunnels::open((runtime_dir / "static-tunnels").string());
        if (!opened) {
            std::cerr << "l2tpd: cannot manage static tunnels: " << opened.error().text << "\n";
            return 1;
        }
        statics = std::move(opened).value();
        for (const std::string& failure :
             statics->apply(config->static_tunnels, l2tp::model::Clock::now())) {
            spdlog::error("{}", failure);
        }
    } else if (!config->static_tunnels.empty()) {
        std::cerr << "l2tpd: static_tunnels need the kernel's L2TP datapath, which this kernel "
                     "does not offer\n";
        return 1;
    }

    raise_descriptor_limit();
    boost::asio::io_context io;
    l2tp::driver::EngineDriver driver(
        io, config->engine_config(), *dataplane,
        {config->per_tunnel_ports, config->tunnel_port_first, config->tunnel_port_last});
    try {
        driver.listen(config->listen, config->ip_encapsulation);
    } catch (const boost::system::system_error& e) {
        spdlog::error("cannot listen: {}", e.what());
        return 1;
    }
    // PPP sessions: pppd on the kernel's PPPoL2TP socket, with the options the configuration
    // gives the tunnel's profile (as reloaded).
    try {
        driver.enable_ppp(
            [&config](const std::string& profile) { return config->ppp_options(profile); },
            config->ppp_limits);
    } catch (const std::system_error& e) {
        spdlog::error("cannot supervise pppd: {}", e.what());
        return 1;
    }
    // The tunnels of `connect` peers and their pseudowires, kept up (supervisor.hpp).
    l2tp::driver::Supervisor supervisor(l2tp::driver::hooks_for(driver));
    std::function<void()> rearm_supervisor;
    l2tp::transport::DeadlineTimer supervisor_timer(io, [&] {
        supervisor.on_timer(l2tp::model::Clock::now());
        rearm_supervisor();
    });
    rearm_supervisor = [&] { supervisor_timer.arm(supervisor.next_deadline()); };
    // Static tunnels a reload re-makes while the kernel still deletes their earlier selves.
    std::function<void()> rearm_statics;
    l2tp::transport::DeadlineTimer statics_timer(io, [&] {
        for (const std::string& failure : statics->on_timer(l2tp::model::Clock::now())) {
            spdlog::error("reload: {}", failure);
        }
        rearm_statics();
    });
    rearm_statics = [&] { statics_timer.arm(statics->next_deadline()); };
    driver.set_observer([&](const l2tp::model::Action& action) {
        supervisor.on_action(action, l2tp::model::Clock::now());
        rearm_supervisor();
    });
    // systemd (Type=notify, WatchdogSec=): the state, and keep-alives from this reactor.
    auto service = l2tp::daemon::ServiceManager::from_environment(io, [&driver] {
        std::size_t sessions = 0;
        const auto tunnels = driver.engine().tunnels();
        for (const auto& t : tunnels) {
            sessions += t.sessions;
        }
        return std::to_string(tunnels.size()) + " tunnels, " + std::to_string(sessions) +
               " sessions, " + std::to_string(driver.ppp() ? driver.ppp()->processes() : 0) +
               " pppd";
    });
    // l2tpctl reload and SIGHUP: a configuration that does not load changes nothing.
    const l2tp::mgmt::Reload reload = [&]() -> nlohmann::json {
        service.reloading();
        struct ReadyAgain {
            l2tp::daemon::ServiceManager& service;
            ~ReadyAgain() { service.ready(); }
        } ready_again{service};
        std::string fault;
        auto next = load(config_path, fault);
        if (!next) {
            spdlog::error("reload refused, nothing changed: {}", fault);
            return {{"ok", false}, {"error", fault + " (nothing changed)"}};
        }
        if (!control_socket.empty()) {
            next->control_socket = control_socket;  // the command line still overrides the file
        }
        next->kernel_datapath = config->kernel_datapath;  // chosen at start
        const auto outcome = l2tp::driver::apply_config(driver, supervisor, *config, *next);
        rearm_supervisor();
        std::vector<std::string> static_failures;
        if (statics) {
            static_failures = statics->apply(next->static_tunnels, l2tp::model::Clock::now());
            rearm_statics();
        } else if (!next->static_tunnels.empty()) {
            static_failures.push_back("static_tunnels need the kernel's L2TP datapath");
        }
        for (const std::string& failure : static_failures) {
            spdlog::error("reload: {}", failure);
        }
        *config = std::move(*next);
        spdlog::info("reloaded {}: {} peers added, {} removed, {} tunnels closed, {} opened",
                     config_path.empty() ? "the embedded default" : config_path,
                     outcome.peers_added.size(), outcome.peers_removed.size(),
                     outcome.tunnels_closed, outcome.tunnels_opened);
        for (const auto& setting : outcome.needs_restart) {
            spdlog::warn("reload: '{}' changed; it takes effect at the next start", setting);
        }
        return {{"ok", true},
                {"peers_added", outcome.peers_added},
                {"peers_removed", outcome.peers_removed},
                {"tunnels_closed", outcome.tunnels_closed},
                {"tunnels_opened", outcome.tunnels_opened},
                {"needs_restart", outcome.needs_restart},
                {"static_failures", static_failures}};
    };
    std::unique_ptr<l2tp::mgmt::ControlServer> control;
    try {
        control = std::make_unique<l2tp::mgmt::ControlServer>(
            io, config->control_socket, [&](const nlohmann::json& request) {
                return l2tp::mgmt::handle_request(
                    request,
                    l2tp::mgmt::Daemon{driver, supervisor, statics.get(), *config, reload});
            });
    } catch (const std::exception& e) {
        spdlog::error("cannot open the management socket {}: {}", config->control_socket, e.what());
        return 1;
    }
    // The Prometheus endpoint, when configured; per_tunnel as the configuration now says.
    std::unique_ptr<l2tp::mgmt::MetricsServer> metrics;
    if (config->metrics) {
        const l2tp::model::PeerEndpoint& at = config->metrics->listen;
        try {
            metrics = std::make_unique<l2tp::mgmt::MetricsServer>(
                io,
                boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address(at.address_string()),
                                               at.port),
                [&] {
                    return l2tp::mgmt::render_metrics(l2tp::mgmt::collect_metrics(
                        driver, {config->metrics && config->metrics->per_tunnel}));
                },
                l2tp::mgmt::MetricsServer::Limits{});
        } catch (const boost::system::system_error& e) {
            spdlog::error("cannot serve metrics on {}: {}", at.to_string(), e.what());
            return 1;
        }
        spdlog::info("metrics at http://{}/metrics", at.to_string());
    }
    for (const auto& local : driver.udp().local_endpoints()) {
        spdlog::info("listening on {} (UDP)", local.to_string());
    }
    for (const auto& local : driver.ip().local_endpoints()) {
        spdlog::info("listening on {} (L2TPv3 over IP, {} socket)", local.to_string(),
                     driver.ip().socket_kind(local.family));
    }
    spdlog::info("management socket {}, {} dataplane", config->control_socket, dataplane->name());
    supervisor.configure(*config, l2tp::model::Clock::now());
    supervisor.on_timer(l2tp::model::Clock::now());
    rearm_supervisor();
    if (journal) {
        journal->set_peer_of([&driver](std::uint32_t tunnel) {
            const auto t = driver.engine().tunnel(tunnel);
            return t ? t->peer.to_string() : std::string();
        });
    }
    service.ready();  // every listener and the management socket are bound

    boost::asio::signal_set hangup(io, SIGHUP);
    std::function<void()> await_hangup = [&] {
        hangup.async_wait([&](const boost::system::error_code& ec, int) {
            if (!ec) {
                spdlog::info("SIGHUP: reloading the configuration");
                (void)reload();
                await_hangup();
            }
        });
    };
    await_hangup();
    boost::asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code& ec, int signal) {
        if (ec) {
            return;
        }
        spdlog::info("signal {}: closing every tunnel", signal);
        service.stopping();
        hangup.cancel();
        // Long enough for pppd's SIGTERM-then-SIGKILL bound too.
        const auto bound = std::max<l2tp::model::Duration>(
            kShutdownBound, config->ppp_limits.stop_timeout + std::chrono::seconds(1));
        driver.shut_down(bound, [&] {
            if (statics) {
                statics->remove_all();
            }
            io.stop();
        });
    });
    io.run();
    spdlog::info("stopped");
    return 0;
}
