// l2tpd composed: the datapath the configuration chooses and its static tunnels, the protocol
// engine's driver, the supervisor that keeps `connect` peers dialled, systemd's notifications,
// the management socket and the metrics endpoint; SIGHUP reloads the configuration, SIGINT and
// SIGTERM close every tunnel (a StopCCN each) and stop the reactor once they are acknowledged
// or a bound passes.
#pragma once

#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange (GCC 12)

#include <boost/asio.hpp>

#include <memory>
#include <optional>
#include <string>

#include "config/daemon_config.hpp"
#include "daemon/journal_sink.hpp"
#include "daemon/service_manager.hpp"
#include "dataplane/dataplane.hpp"
#include "dataplane/static_tunnels.hpp"
#include "driver/config_reload.hpp"
#include "driver/engine_driver.hpp"
#include "driver/supervisor.hpp"
#include "mgmt/control_server.hpp"
#include "mgmt/metrics_server.hpp"
#include "transport/deadline_timer.hpp"

namespace l2tp::daemon {

class Daemon {
  public:
    // What the command line adds to the configuration.
    struct Options {
        std::string config_path;     // none: the embedded default
        std::string control_socket;  // when set, overrides the configuration's (reloads too)
        std::shared_ptr<JournalSink> journal;  // when log lines go to the journal
    };

    // The configuration at `path`, or the embedded default when there is none; on a fault, the
    // fault as "file:line:column: what was expected" in `error`.
    static std::optional<config::DaemonConfig> load_config(const std::string& path,
                                                           std::string& error);

    // Loads the configuration and starts everything on `io`: systemd is told READY once every
    // listener and the management socket are bound. Nothing, said on stderr or in the log, when
    // a part cannot start.
    static std::unique_ptr<Daemon> start(boost::asio::io_context& io, Options options);

    ~Daemon();
    Daemon(const Daemon&) = delete;
    Daemon& operator=(const Daemon&) = delete;

    // l2tpctl reload and SIGHUP: re-reads the configuration and applies it. A configuration
    // that does not load is refused and changes nothing.
    driver::ReloadOutcome reload();

    [[nodiscard]] const config::DaemonConfig& config() const { return config_; }
    [[nodiscard]] const driver::EngineDriver& driver() const { return driver_; }

  private:
    Daemon(boost::asio::io_context& io, Options options, config::DaemonConfig config,
           std::unique_ptr<dataplane::Dataplane> dataplane,
           std::unique_ptr<dataplane::StaticTunnels> statics);

    // Binds the listeners, the management socket and the metrics endpoint and starts pppd's
    // supervision and the supervisor; false, said in the log, when one cannot start.
    bool serve();
    std::unique_ptr<mgmt::MetricsServer> open_metrics(const config::MetricsConfig& metrics);
    std::vector<dataplane::StaticTunnels::TunnelStatus> static_tunnels() const;
    void rearm_supervisor();
    // radius.so's files for `config`'s radius block, and pppd's arguments for them, and the
    // dynamic authorization listeners; false, said in the log, when the files cannot be
    // written or a listener cannot be bound.
    bool configure_radius(const config::DaemonConfig& config);
    std::string own_host_name(const std::string& profile_name) const;
    void rearm_statics();
    std::string service_status() const;
    void await_hangup();
    void await_stop();

    boost::asio::io_context& io_;
    Options options_;
    config::DaemonConfig config_;
    std::unique_ptr<dataplane::Dataplane> dataplane_;
    std::unique_ptr<dataplane::StaticTunnels> statics_;  // with the kernel's datapath only
    driver::EngineDriver driver_;
    driver::Supervisor supervisor_;
    transport::DeadlineTimer supervisor_timer_;
    // Static tunnels a reload re-makes while the kernel still deletes their earlier selves.
    transport::DeadlineTimer statics_timer_;
    ServiceManager service_;
    std::unique_ptr<mgmt::ControlServer> control_;
    std::unique_ptr<mgmt::MetricsServer> metrics_;  // when the configuration asks for one
    boost::asio::signal_set hangup_;
    boost::asio::signal_set stop_signals_;
};

}  // namespace l2tp::daemon
