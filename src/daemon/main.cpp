// l2tpd: the L2TP daemon. Loads its configuration (or runs the embedded default), listens for
// L2TP, and serves l2tpctl on its management socket until SIGTERM / SIGINT, when every peer is
// sent a StopCCN and the daemon exits once they are acknowledged (or a bound passes).
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>

#include "daemon/daemon.hpp"
#include "daemon/journal_sink.hpp"
#include "release/release.hpp"

namespace {

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

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"l2tpd: L2TPv2 / L2TPv3 LAC, LNS and LCCE"};
    l2tp::daemon::Daemon::Options options;
    std::string check_path;
    std::string log_level = "info";
    app.add_option("-c,--config", options.config_path,
                   "Configuration file (default: embedded default)")
        ->check(CLI::ExistingFile);
    app.add_option("--check-config", check_path, "Check a configuration file and exit");
    app.add_option("--control-socket", options.control_socket,
                   "Override the management socket path");
    app.add_option("--log-level", log_level, "trace, debug, info, warn, error")
        ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error"}));
    std::string log_target = "auto";
    app.add_option("--log", log_target,
                   "console, journal, or auto: the journal when systemd connected our output "
                   "to it")
        ->check(CLI::IsMember({"auto", "console", "journal"}))
        ->capture_default_str();
    app.set_version_flag("--version", l2tp::release::describe("l2tpd"));
    CLI11_PARSE(app, argc, argv);

    if (!check_path.empty()) {
        std::string error;
        if (!l2tp::daemon::Daemon::load_config(check_path, error)) {
            std::cerr << error << "\n";
            return 1;
        }
        std::cout << check_path << ": ok\n";
        return 0;
    }
    options.journal = use_log_target(log_target);
    spdlog::set_level(spdlog::level::from_str(log_level));
    boost::asio::io_context io;
    const auto daemon = l2tp::daemon::Daemon::start(io, std::move(options));
    if (!daemon) {
        return 1;
    }
    io.run();
    spdlog::info("stopped");
    return 0;
}
