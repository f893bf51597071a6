// The kernel's L2TP datapath, reached through the generic netlink family "l2tp"
// (<linux/l2tp.h>, net/l2tp/l2tp_netlink.c) with libnl-genl-3. Plain structs in, plain structs
// out: no project headers, so that the kernel layer builds and is tested on its own
// (docs/architecture.md "Kernel datapath").
//
// A failure is an Error (result.hpp) whose call is the netlink command that failed and whose
// errno is what the kernel answered: its text reads "L2TP_CMD_SESSION_CREATE: File exists".
//
// Not thread-safe: one L2tpNetlink per thread. Every call is a synchronous request and answer.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

// After <netinet/in.h>: the uapi header defers to glibc's in_addr only in this order.
#include <linux/l2tp.h>

#include <cstdint>
#include <optional>
#include <string>

#include <vector>

#include "dataplane/datapath_counters.hpp"
#include "dataplane/result.hpp"

// libnl types, declared here (global namespace) so that users need no libnl headers.
struct nl_sock;
struct nl_msg;
struct nlattr;

namespace l2tp::dataplane {

// What l2tp_netlink answers for an unknown tunnel or session: ENODEV (every kernel so far),
// not ENOENT. Accepts either so that callers need not know.
bool is_not_found(const Error& error);
template <typename T>
bool is_not_found(const Result<T>& result) {
    return !result && is_not_found(result.error());
}

// Runs `modprobe -q <module>` (posix_spawn, at most a few seconds) and reports whether it
// exited 0. The kernel usually loads l2tp_netlink by itself on family lookup
// (MODULE_ALIAS_GENL_FAMILY) and l2tp_eth on the first Ethernet session (request_module
// "net-l2tp-type-5"); this is the fallback for kernels built without that autoloading.
bool load_kernel_module(const char* module);

enum class Encap : std::uint16_t {
    kUdp = L2TP_ENCAPTYPE_UDP,
    kIp = L2TP_ENCAPTYPE_IP,  // IP protocol 115, L2TPv3 only
};

// RFC 3931 §4.6: none, or the default L2-Specific Sublayer (4 octets, S bit + sequence).
enum class L2SpecType : std::uint8_t {
    kNone = L2TP_L2SPECTYPE_NONE,
    kDefault = L2TP_L2SPECTYPE_DEFAULT,
};

struct IpAddress {
    int family = AF_UNSPEC;  // AF_INET or AF_INET6
    in_addr v4{};            // network byte order
    in6_addr v6{};

    static std::optional<IpAddress> parse(const std::string& text);
    std::string to_string() const;
    friend bool operator==(const IpAddress& a, const IpAddress& b);
};

struct TunnelSpec {
    std::uint32_t tunnel_id = 0;  // v2: 16 bits
    std::uint32_t peer_tunnel_id = 0;
    std::uint8_t version = 3;  // 2 or 3
    Encap encap = Encap::kUdp;
    // Managed tunnel: our socket, bound and connected to the peer (UDP, or IPPROTO_L2TP for
    // Encap::kIp). The kernel attaches to it but does not own the descriptor: closing it
    // (last reference) deletes the tunnel and its sessions. -1: unmanaged, the kernel opens
    // its own socket from the fields below.
    int fd = -1;
    // Unmanaged only (the kernel ignores them when fd is given).
    IpAddress local;
    IpAddress peer;
    std::uint16_t udp_sport = 0;  // host order; 0 lets the kernel pick
    std::uint16_t udp_dport = 0;
    bool udp_checksum = false;           // IPv4 UDP: send checksums
    bool udp6_zero_checksum_tx = false;  // IPv6 UDP: send zero checksums (RFC 6935)
    bool udp6_zero_checksum_rx = false;  // IPv6 UDP: accept zero checksums
};

struct SessionSpec {
    std::uint32_t tunnel_id = 0;
    std::uint32_t session_id = 0;  // v2: 16 bits
    std::uint32_t peer_session_id = 0;
    std::uint16_t pw_type = L2TP_PWTYPE_ETH;  // L2TP_PWTYPE_*; a v2 tunnel takes PPP only
    // v3 only (the kernel ignores them on a v2 tunnel): 0, 4 or 8 octets each.
    // As `ip l2tp` names them (measured in the VM, Linux 6.1): L2TP_ATTR_COOKIE goes on every
    // packet we send; L2TP_ATTR_PEER_COOKIE is required on every packet we receive.
    std::vector<std::uint8_t> cookie;       // we send
    std::vector<std::uint8_t> peer_cookie;  // we require on received data
    L2SpecType l2spec_type = L2SpecType::kNone;
    bool send_seq = false;
    bool recv_seq = false;                 // require sequence numbers on received data
    bool lns_mode = false;                 // v2 LNS: the peer may not turn our sequencing on or off
    std::uint32_t reorder_timeout_ms = 0;  // 0: no reordering queue
    // l2tpeth name for Ethernet pseudowires (v3 only), shorter than IFNAMSIZ; empty: the
    // kernel picks l2tpethN (read it back with get_session).
    std::string ifname;
};

struct TunnelStatus {
    std::uint32_t tunnel_id = 0;
    std::uint32_t peer_tunnel_id = 0;
    std::uint8_t version = 0;
    Encap encap = Encap::kUdp;
    // From the tunnel socket; family AF_UNSPEC when the kernel sent no address.
    IpAddress local;
    IpAddress peer;
    std::uint16_t udp_sport = 0;  // host order, UDP only
    std::uint16_t udp_dport = 0;
    DatapathCounters counters;
};

struct SessionStatus {
    std::uint32_t tunnel_id = 0;
    std::uint32_t session_id = 0;
    std::uint32_t peer_tunnel_id = 0;
    std::uint32_t peer_session_id = 0;
    std::uint16_t pw_type = 0;
    std::string ifname;  // l2tpeth sessions only
    std::vector<std::uint8_t> cookie;
    std::vector<std::uint8_t> peer_cookie;
    bool send_seq = false;
    bool recv_seq = false;
    bool lns_mode = false;
    std::uint64_t reorder_timeout_ms = 0;
    DatapathCounters counters;
};

class L2tpNetlink {
  public:
    // Opens a generic netlink socket and resolves the "l2tp" family. When the family is
    // unknown and load_module is set, runs modprobe l2tp_netlink once and resolves again.
    // On failure the error names the step ("genl_ctrl_resolve(l2tp)", ...).
    static Result<L2tpNetlink> open(bool load_module = true);

    L2tpNetlink(L2tpNetlink&& other) noexcept;
    L2tpNetlink& operator=(L2tpNetlink&& other) noexcept;
    L2tpNetlink(const L2tpNetlink&) = delete;
    L2tpNetlink& operator=(const L2tpNetlink&) = delete;
    ~L2tpNetlink();

    // EEXIST: the tunnel ID is taken; EBUSY: the socket carries or carried a tunnel (a
    // socket serves one tunnel in its life); EPROTONOSUPPORT: the socket's protocol does not
    // match encap; EBADF/ENOTSOCK: bad fd; EADDRINUSE: unmanaged, the local port is taken.
    Result<void> create_tunnel(const TunnelSpec& spec);
    // Deletes the tunnel's sessions too, and leaves a managed tunnel's socket open. The
    // kernel does it from a work queue: the tunnel, its ID and its sessions' interfaces may
    // still be there for a moment after this returns.
    Result<void> delete_tunnel(std::uint32_t tunnel_id);

    // ENODEV: no such tunnel; EEXIST: session ID or ifname taken (v3 session IDs are unique
    // per tunnel over UDP, but per network namespace once an IP-encapsulated tunnel has
    // them); EPROTONOSUPPORT: no kernel module for pw_type (only ETH and PPP have one), or
    // not PPP on a v2 tunnel.
    Result<void> create_session(const SessionSpec& spec);
    // Immediate in Linux 6.1; newer kernels finish it on a work queue as for tunnels.
    Result<void> delete_session(std::uint32_t tunnel_id, std::uint32_t session_id);

    Result<TunnelStatus> get_tunnel(std::uint32_t tunnel_id);
    Result<SessionStatus> get_session(std::uint32_t tunnel_id, std::uint32_t session_id);
    // Every tunnel / session in this network namespace, ours or not (NLM_F_DUMP).
    Result<std::vector<TunnelStatus>> dump_tunnels();
    Result<std::vector<SessionStatus>> dump_sessions();

    int family_id() const { return family_; }
    // The kernel's extended-ack text for the last failed request ("" when it sent none).
    const std::string& kernel_message() const { return kernel_message_; }

  private:
    L2tpNetlink(nl_sock* sock, int family) noexcept : sock_(sock), family_(family) {}

    // Called with the parsed attributes of each reply; answers an errno (0: reply taken).
    using ReplyFn = int (*)(void* context, nlattr** attrs) noexcept;
    // Sends request (still owned by the caller) and reads until the kernel's ACK, error or
    // end of dump. Errors name the command.
    Result<void> transact(int command, bool dump, nl_msg* request, ReplyFn on_reply, void* context);
    // A GET by IDs that must answer exactly one reply; a dump of every one.
    template <typename Status>
    Result<Status> get_one(int command, std::uint32_t tunnel_id,
                           std::optional<std::uint32_t> session_id, ReplyFn on_reply);
    template <typename Status>
    Result<std::vector<Status>> dump(int command, ReplyFn on_reply);

    nl_sock* sock_ = nullptr;
    int family_ = -1;
    std::string kernel_message_;
};

}  // namespace l2tp::dataplane
