#include "ctl/daemon_commands.hpp"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "l2tp/model/pseudowire_type.hpp"

namespace l2tp::ctl {

namespace {

using nlohmann::json;

struct Options {
    std::string socket_path = "/run/l2tpd/l2tpd.sock";
    bool json_output = false;
};

// One request, one reply line, over the Unix socket.
json call(const Options& options, const json& request) {
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (fd < 0 || options.socket_path.size() >= sizeof address.sun_path) {
        throw CLI::RuntimeError("l2tpctl: bad socket path " + options.socket_path, 2);
    }
    std::copy(options.socket_path.begin(), options.socket_path.end(), address.sun_path);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        ::close(fd);
        std::cerr << "l2tpctl: cannot reach l2tpd at " << options.socket_path
                  << " (is it running? are you root?)\n";
        throw CLI::RuntimeError(2);
    }
    const std::string line = request.dump() + "\n";
    std::string reply;
    if (::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size())) {
        char buffer[4096];
        for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) > 0;) {
            reply.append(buffer, static_cast<std::size_t>(n));
            if (reply.back() == '\n') {
                break;
            }
        }
    }
    ::close(fd);
    try {
        return json::parse(reply);
    } catch (const json::exception&) {
        std::cerr << "l2tpctl: no valid answer from l2tpd\n";
        throw CLI::RuntimeError(2);
    }
}

void print_table(const json& rows, const std::vector<std::string>& columns) {
    std::vector<std::size_t> widths;
    for (const auto& c : columns) {
        widths.push_back(c.size());
    }
    auto cell = [](const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); };
    for (const auto& row : rows) {
        for (std::size_t i = 0; i < columns.size(); ++i) {
            widths[i] = std::max(widths[i], cell(row.value(columns[i], json())).size());
        }
    }
    auto line = [&](auto get) {
        for (std::size_t i = 0; i < columns.size(); ++i) {
            const std::string text = get(i);
            std::cout << text << std::string(widths[i] - text.size() + 2, ' ');
        }
        std::cout << "\n";
    };
    line([&](std::size_t i) { return columns[i]; });
    for (const auto& row : rows) {
        line([&](std::size_t i) { return cell(row.value(columns[i], json())); });
    }
}

// "Pseudowire Type: ethernet (Ethernet port), ...".
std::string pseudowire_help() {
    std::string help;
    for (const model::PseudowireTypeSpec& type : model::all_pseudowire_types()) {
        help += (help.empty() ? "Pseudowire Type: " : ", ") + std::string(type.name) + " (" +
                std::string(type.description) + ")";
    }
    return help;
}

const std::vector<std::string> kTunnelColumns = {"tunnel_id", "peer_tunnel_id", "version", "state",
                                                 "peer",      "peer_host_name", "sessions"};
const std::vector<std::string> kSessionColumns = {
    "tunnel_id",      "session_id",    "peer_session_id", "state",           "direction",
    "pseudowire",     "remote_end_id", "interface",       "ppp_state",       "pppd_pid",
    "remote_address", "user_name",     "framed_address",  "acct_session_id", "nas_port"};
const std::vector<std::string> kPseudowireColumns = {"name",       "peer",      "remote_end_id",
                                                     "type",       "state",     "tunnel_id",
                                                     "session_id", "interface", "last_failure"};

const std::vector<std::string> kPeerColumns = {"peer",        "address",      "preference",
                                               "state",       "tunnel_id",    "sessions",
                                               "retry_in_ms", "set_aside_ms", "last_failure"};

const std::vector<std::string> kCallColumns = {"call_id", "peer",        "type",
                                               "state",   "tunnel_id",   "session_id",
                                               "placed",  "retry_in_ms", "last_failure"};

// What `session add` and `call add` say of the call.
struct CallOptions {
    std::string direction = "incoming";
    std::string pseudowire = "ppp";
    std::string remote_end_id;
    std::string calling_number;
    std::string called_number;

    [[nodiscard]] json request(json r) const {
        r["direction"] = direction;
        r["pseudowire"] = pseudowire;
        r["remote_end_id"] = remote_end_id;
        r["calling_number"] = calling_number;
        r["called_number"] = called_number;
        return r;
    }
};

std::shared_ptr<CallOptions> add_call_options(CLI::App* command) {
    auto call = std::make_shared<CallOptions>();
    command->add_option("--direction", call->direction, "incoming (ICRQ) or outgoing (OCRQ)")
        ->check(CLI::IsMember({"incoming", "outgoing"}));
    command->add_option("--pseudowire", call->pseudowire, pseudowire_help())
        ->check(CLI::IsMember(model::pseudowire_type_names()));
    command->add_option("--remote-end-id", call->remote_end_id, "L2TPv3 Remote End ID");
    command->add_option("--calling-number", call->calling_number,
                        "Calling Number AVP (L2TPv2 ICRQ)");
    command->add_option("--called-number", call->called_number, "Called Number AVP (ICRQ, OCRQ)");
    return call;
}

const std::vector<std::string> kPoolColumns = {"name", "size", "in_use", "free", "exhausted"};

// Sends the request and prints the answer; a refusal exits 1 with the daemon's words.
void run(const Options& options, const json& request, const char* rows_key,
         const std::vector<std::string>* columns) {
    const json reply = call(options, request);
    if (!reply.value("ok", false)) {
        std::cerr << "l2tpctl: " << reply.value("error", "refused") << "\n";
        throw CLI::RuntimeError(1);
    }
    if (options.json_output) {
        std::cout << reply.dump(2) << "\n";
    } else if (rows_key != nullptr && columns != nullptr) {
        print_table(reply[rows_key], *columns);
    } else if (reply.contains("stats")) {
        for (const auto& [key, value] : reply["stats"].items()) {
            std::cout << key << ": " << value.dump() << "\n";
        }
    } else {
        for (const auto& [key, value] : reply.items()) {
            if (key != "ok") {
                std::cout << key << ": " << value.dump() << "\n";
            }
        }
    }
}

}  // namespace

void add_daemon_commands(CLI::App& app) {
    auto options = std::make_shared<Options>();
    app.add_option("--socket", options->socket_path, "l2tpd's management socket")
        ->capture_default_str();
    app.add_flag("--json", options->json_output, "Print the daemon's JSON answer");

    CLI::App* show = app.add_subcommand("show", "Show tunnels and sessions");
    show->require_subcommand(1);
    show->add_subcommand("tunnels", "All tunnels")->callback([options] {
        run(*options, {{"command", "show tunnels"}}, "tunnels", &kTunnelColumns);
    });
    auto tunnel_id = std::make_shared<std::uint32_t>(0);
    auto* show_tunnel = show->add_subcommand("tunnel", "One tunnel and its sessions");
    show_tunnel->add_option("id", *tunnel_id, "Tunnel ID")->required();
    show_tunnel->callback([options, tunnel_id] {
        run(*options, {{"command", "show tunnel"}, {"tunnel", *tunnel_id}}, "sessions",
            &kSessionColumns);
    });
    show->add_subcommand("sessions", "All sessions")->callback([options] {
        run(*options, {{"command", "show sessions"}}, "sessions", &kSessionColumns);
    });
    show->add_subcommand("pseudowires", "Configured pseudowires: up or not, and why")
        ->callback([options] {
            run(*options, {{"command", "show pseudowires"}}, "pseudowires", &kPseudowireColumns);
        });
    show->add_subcommand("peers", "Configured peers' addresses (LNS lists): state, tunnel, load")
        ->callback(
            [options] { run(*options, {{"command", "show peers"}}, "peers", &kPeerColumns); });
    show->add_subcommand("calls", "Calls placed by peer: where each is and how often it moved")
        ->callback(
            [options] { run(*options, {{"command", "show calls"}}, "calls", &kCallColumns); });
    show->add_subcommand("pools", "Address pools: addresses in use and free")->callback([options] {
        run(*options, {{"command", "show pools"}}, "pools", &kPoolColumns);
    });
    auto show_session_id = std::make_shared<std::uint32_t>(0);
    auto* show_session = show->add_subcommand("session", "One session");
    show_session->add_option("tunnel", *tunnel_id, "Tunnel ID")->required();
    show_session->add_option("session", *show_session_id, "Session ID")->required();
    show_session->callback([options, tunnel_id, show_session_id] {
        run(*options,
            {{"command", "show session"}, {"tunnel", *tunnel_id}, {"session", *show_session_id}},
            "sessions", &kSessionColumns);
    });
    app.add_subcommand("reload", "Re-read the configuration file (established tunnels stay)")
        ->callback([options] { run(*options, {{"command", "reload"}}, nullptr, nullptr); });
    app.add_subcommand("stats", "Counters of the protocol engine")->callback([options] {
        run(*options, {{"command", "stats"}}, nullptr, nullptr);
    });

    CLI::App* tunnel = app.add_subcommand("tunnel", "Open or close a tunnel");
    tunnel->require_subcommand(1);
    auto peer = std::make_shared<std::string>();
    auto* tunnel_add = tunnel->add_subcommand("add", "Open a tunnel to a configured peer");
    tunnel_add->add_option("peer", *peer, "Peer name from the configuration")->required();
    tunnel_add->callback([options, peer] {
        run(*options, {{"command", "tunnel add"}, {"peer", *peer}}, nullptr, nullptr);
    });
    auto* tunnel_delete = tunnel->add_subcommand("delete", "Close a tunnel (StopCCN)");
    tunnel_delete->add_option("id", *tunnel_id, "Tunnel ID")->required();
    tunnel_delete->callback([options, tunnel_id] {
        run(*options, {{"command", "tunnel delete"}, {"tunnel", *tunnel_id}}, nullptr, nullptr);
    });

    CLI::App* session = app.add_subcommand("session", "Place or clear a call");
    session->require_subcommand(1);
    auto session_id = std::make_shared<std::uint32_t>(0);
    auto* session_add = session->add_subcommand("add", "Place a call on a tunnel");
    session_add->add_option("tunnel", *tunnel_id, "Tunnel ID")->required();
    const auto session_call = add_call_options(session_add);
    session_add->callback([options, tunnel_id, session_call] {
        run(*options, session_call->request({{"command", "session add"}, {"tunnel", *tunnel_id}}),
            nullptr, nullptr);
    });
    auto* session_delete = session->add_subcommand("delete", "Clear a call (CDN)");
    session_delete->add_option("tunnel", *tunnel_id, "Tunnel ID")->required();
    session_delete->add_option("session", *session_id, "Session ID")->required();
    session_delete->callback([options, tunnel_id, session_id] {
        run(*options,
            {{"command", "session delete"}, {"tunnel", *tunnel_id}, {"session", *session_id}},
            nullptr, nullptr);
    });

    CLI::App* call_command =
        app.add_subcommand("call", "Place or clear a call by peer, kept up across its LNS list");
    call_command->require_subcommand(1);
    auto* call_add = call_command->add_subcommand(
        "add", "Place a call on the peer's LNS that a pseudowire would go to");
    call_add->add_option("peer", *peer, "Peer name from the configuration (connect: true)")
        ->required();
    const auto peer_call = add_call_options(call_add);
    call_add->callback([options, peer, peer_call] {
        run(*options, peer_call->request({{"command", "call add"}, {"peer", *peer}}), nullptr,
            nullptr);
    });
    auto call_id = std::make_shared<std::uint32_t>(0);
    auto* call_delete = call_command->add_subcommand("delete", "Clear a call and forget it");
    call_delete->add_option("id", *call_id, "Call ID (show calls)")->required();
    call_delete->callback([options, call_id] {
        run(*options, {{"command", "call delete"}, {"call", *call_id}}, nullptr, nullptr);
    });
}

}  // namespace l2tp::ctl
