#include "ppp/pppd_command.hpp"

#include <cctype>

namespace l2tp::ppp {

std::string argument_safe(std::string_view wire_text) {
    constexpr std::size_t kMaxLength = 64;
    std::string out;
    for (const char c : wire_text.substr(0, kMaxLength)) {
        const bool plain = std::isalnum(static_cast<unsigned char>(c)) != 0 ||
                           std::string_view("+-._@:/=,#").find(c) != std::string_view::npos;
        out += plain ? c : '_';
    }
    return out;
}

std::string expand(std::string_view pattern, const model::StartPpp& s) {
    std::string out;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] != '%' || i + 1 == pattern.size()) {
            out += pattern[i];
            continue;
        }
        switch (pattern[++i]) {
            case 't':
                out += std::to_string(s.tunnel_id);
                break;
            case 's':
                out += std::to_string(s.session_id);
                break;
            case 'T':
                out += std::to_string(s.peer_tunnel_id);
                break;
            case 'S':
                out += std::to_string(s.peer_session_id);
                break;
            case 'p':
                out += s.peer.address_string();
                break;
            case 'c':
                out += argument_safe(s.calling_number);
                break;
            case 'd':
                out += argument_safe(s.called_number);
                break;
            default:
                out += pattern[i];
                break;  // %% and unknown ones (refused at load)
        }
    }
    return out;
}

std::string link_name(int daemon_pid, std::uint32_t tunnel_id, std::uint32_t session_id) {
    return "l2tpd-" + std::to_string(daemon_pid) + "-" + std::to_string(tunnel_id) + "-" +
           std::to_string(session_id);
}

std::vector<std::string> pppd_command(const PppdOptions& o, const model::StartPpp& s,
                                      int daemon_pid, const std::optional<AddressLease>& addresses,
                                      const std::vector<std::string>& radius_arguments) {
    std::vector<std::string> argv = {o.pppd, "plugin", o.plugin, "pppol2tp",
                                     std::to_string(kChannelDescriptor)};
    auto add = [&argv](std::string option, std::string value) {
        argv.push_back(std::move(option));
        argv.push_back(std::move(value));
    };
    if (s.lns) {
        argv.emplace_back("pppol2tp_lns_mode");
    }
    add("pppol2tp_tunnel_id", std::to_string(s.tunnel_id));
    add("pppol2tp_session_id", std::to_string(s.session_id));
    // In the foreground, so that it stays our child; READY=1 once a network protocol is up.
    argv.emplace_back("nodetach");
    argv.emplace_back("up_sdnotify");
    add("linkname", link_name(daemon_pid, s.tunnel_id, s.session_id));
    if (!o.options_file.empty()) {
        add("file", o.options_file);
    }
    if (!o.name.empty()) {
        add("name", o.name);
    }
    if (!o.ipparam.empty()) {
        add("ipparam", expand(o.ipparam, s));
    }
    if (!o.interface.empty()) {
        add("ifname", expand(o.interface, s));
    }
    if (o.unit) {
        add("unit", std::to_string(*o.unit));
    }
    if (o.mru) {
        add("mru", std::to_string(*o.mru));
    }
    if (o.mtu) {
        add("mtu", std::to_string(*o.mtu));
    }
    if (o.lcp_echo_interval) {
        add("lcp-echo-interval", std::to_string(*o.lcp_echo_interval));
    }
    if (o.lcp_echo_failure) {
        add("lcp-echo-failure", std::to_string(*o.lcp_echo_failure));
    }
    if (addresses) {
        // pppd(8) "local_IP_address:remote_IP_address", after `file`, which it overrides.
        argv.push_back(ipv4_text(addresses->local) + ":" + ipv4_text(addresses->remote));
    }
    if (o.radius) {
        // radius.so's ip_choose_hook replaces the remote address above with an Access-Accept's
        // Framed-IP-Address (RFC 2865 §5.8), and only allows that one then.
        argv.insert(argv.end(), radius_arguments.begin(), radius_arguments.end());
    }
    if (!s.calling_number.empty()) {
        add("remotenumber", argument_safe(s.calling_number));
    }
    // For the ip-up / ip-down scripts (pppd's `set`).
    const std::pair<const char*, std::string> environment[] = {
        {"L2TP_TUNNEL_ID", std::to_string(s.tunnel_id)},
        {"L2TP_SESSION_ID", std::to_string(s.session_id)},
        {"L2TP_PEER_TUNNEL_ID", std::to_string(s.peer_tunnel_id)},
        {"L2TP_PEER_SESSION_ID", std::to_string(s.peer_session_id)},
        {"L2TP_PEER", s.peer.address_string()},
        {"L2TP_PEER_HOST_NAME", argument_safe(s.peer_host_name)},
        {"L2TP_CALLING_NUMBER", argument_safe(s.calling_number)},
        {"L2TP_CALLED_NUMBER", argument_safe(s.called_number)},
    };
    for (const auto& [variable, value] : environment) {
        add("set", std::string(variable) + "=" + value);
    }
    argv.insert(argv.end(), o.arguments.begin(), o.arguments.end());
    return argv;
}

}  // namespace l2tp::ppp
