// The command line pppd is started with for one session: the pppol2tp plugin on the PPPoL2TP
// socket, the session's identity, and the configured options (pppd(8), the plugin's options in
// pppd's pppol2tp.c). The pppd is ours to supervise: it stays in the foreground and reports
// when its link is up over the notification socket.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "l2tp/model/action.hpp"
#include "ppp/address_pools.hpp"
#include "ppp/pppd_options.hpp"

namespace l2tp::ppp {

// The PPPoL2TP socket's descriptor number in pppd.
inline constexpr int kChannelDescriptor = 3;

// A string a peer sent, as it may go into pppd's arguments and its scripts' environment:
// letters, digits and +-._@:/=,# (nothing a shell or pppd's option parser reads as syntax),
// the rest as '_', at most 64 characters.
std::string argument_safe(std::string_view wire_text);

// `pattern` with the placeholders of PppdOptions filled in for `session`.
std::string expand(std::string_view pattern, const model::StartPpp& session);

// The link name pppd writes its PID file (and the interface) under: /run/ppp-NAME.pid.
std::string link_name(int daemon_pid, std::uint32_t tunnel_id, std::uint32_t session_id);

// argv, argv[0] being the pppd path; with `addresses` from the session's pool, and
// `radius_arguments` (radius_client_files.hpp) when the options say radius.
std::vector<std::string> pppd_command(const PppdOptions& options, const model::StartPpp& session,
                                      int daemon_pid,
                                      const std::optional<AddressLease>& addresses = std::nullopt,
                                      const std::vector<std::string>& radius_arguments = {});

}  // namespace l2tp::ppp
