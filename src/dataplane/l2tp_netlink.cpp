// Generic netlink requests to the kernel's "l2tp" family. What each command reads and answers
// is from net/l2tp/l2tp_netlink.c; the comments name the kernel behaviour the code relies on.
#include "dataplane/l2tp_netlink.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <net/if.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/netlink.h>
#include <netlink/attr.h>
#include <netlink/errno.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/handlers.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>
#include <utility>

namespace l2tp::dataplane {

bool is_not_found(const Error& error) {
    return error.is(std::errc::no_such_device) || error.is(std::errc::no_such_file_or_directory);
}

namespace {

// A request must not hang the daemon if the kernel never answers. Generous: SESSION_CREATE
// may wait for the kernel to load l2tp_eth (request_module) on a slow machine.
constexpr int kReceiveTimeoutSeconds = 15;
// A dump the kernel marks inconsistent (NLM_F_DUMP_INTR) is restarted this many times.
constexpr int kDumpAttempts = 3;
constexpr auto kModprobeTimeout = std::chrono::seconds(5);

// The call an error names.
const char* command_name(int command, bool dump) {
    switch (command) {
        case L2TP_CMD_TUNNEL_CREATE:
            return "L2TP_CMD_TUNNEL_CREATE";
        case L2TP_CMD_TUNNEL_DELETE:
            return "L2TP_CMD_TUNNEL_DELETE";
        case L2TP_CMD_TUNNEL_GET:
            return dump ? "L2TP_CMD_TUNNEL_GET (dump)" : "L2TP_CMD_TUNNEL_GET";
        case L2TP_CMD_SESSION_CREATE:
            return "L2TP_CMD_SESSION_CREATE";
        case L2TP_CMD_SESSION_DELETE:
            return "L2TP_CMD_SESSION_DELETE";
        case L2TP_CMD_SESSION_GET:
            return dump ? "L2TP_CMD_SESSION_GET (dump)" : "L2TP_CMD_SESSION_GET";
        default:
            return "L2TP_CMD_?";
    }
}

Error command_error(int command, int errno_value, bool dump = false) {
    return Error::of_call(command_name(command, dump), errno_value);
}

// libnl folds errno into its own NLE_* codes; this unfolds them.
int errno_from_libnl(int nle) {
    switch (nle < 0 ? -nle : nle) {
        case NLE_INTR:
            return EINTR;
        case NLE_BAD_SOCK:
            return EBADF;
        case NLE_AGAIN:
            return EAGAIN;
        case NLE_NOMEM:
            return ENOMEM;
        case NLE_EXIST:
            return EEXIST;
        case NLE_INVAL:
        case NLE_MISSING_ATTR:
        case NLE_OBJ_MISMATCH:
        case NLE_PARSE_ERR:
            return EINVAL;
        case NLE_RANGE:
        case NLE_ATTRSIZE:
            return ERANGE;
        case NLE_MSGSIZE:
        case NLE_MSG_TRUNC:
            return EMSGSIZE;
        case NLE_OPNOTSUPP:
        case NLE_SRCRT_NOSUPPORT:
        case NLE_MSGTYPE_NOSUPPORT:
            return EOPNOTSUPP;
        case NLE_AF_NOSUPPORT:
        case NLE_AF_MISMATCH:
            return EAFNOSUPPORT;
        case NLE_OBJ_NOTFOUND:
        case NLE_NOCACHE:
        case NLE_PKTLOC_FILE:
            return ENOENT;
        case NLE_NOATTR:
            return ENODATA;
        case NLE_SEQ_MISMATCH:
        case NLE_MSG_TOOSHORT:
            return EBADMSG;
        case NLE_MSG_OVERFLOW:
            return ENOBUFS;  // the socket dropped messages (NLMSG_OVERRUN)
        case NLE_NOADDR:
            return EADDRNOTAVAIL;
        case NLE_BUSY:
            return EBUSY;
        case NLE_PROTO_MISMATCH:
            return EPROTONOSUPPORT;
        case NLE_NOACCESS:
            return EACCES;
        case NLE_PERM:
        case NLE_IMMUTABLE:
            return EPERM;
        case NLE_NODEV:
            return ENODEV;
        case NLE_DUMP_INTR:
            return EAGAIN;
        default:
            return EIO;
    }
}

struct SockDeleter {
    void operator()(nl_sock* sock) const noexcept { nl_socket_free(sock); }
};
struct MsgDeleter {
    void operator()(nl_msg* msg) const noexcept { nlmsg_free(msg); }
};
struct CbDeleter {
    void operator()(nl_cb* cb) const noexcept { nl_cb_put(cb); }
};
using SockPtr = std::unique_ptr<nl_sock, SockDeleter>;
using MsgPtr = std::unique_ptr<nl_msg, MsgDeleter>;
using CbPtr = std::unique_ptr<nl_cb, CbDeleter>;

// Appends attributes, remembering the first failure (message full) instead of checking each.
class AttrWriter {
  public:
    explicit AttrWriter(nl_msg* msg) : msg_(msg) {}
    void u8(int type, std::uint8_t value) { note(nla_put_u8(msg_, type, value)); }
    void u16(int type, std::uint16_t value) { note(nla_put_u16(msg_, type, value)); }
    void u32(int type, std::uint32_t value) { note(nla_put_u32(msg_, type, value)); }
    void msecs(int type, unsigned long value) { note(nla_put_msecs(msg_, type, value)); }
    void flag(int type) { note(nla_put_flag(msg_, type)); }
    void string(int type, const std::string& value) {
        note(nla_put_string(msg_, type, value.c_str()));
    }
    void bytes(int type, const void* data, std::size_t size) {
        note(nla_put(msg_, type, static_cast<int>(size), data));
    }
    bool ok() const { return ok_; }

  private:
    void note(int rc) { ok_ = ok_ && rc == 0; }
    nl_msg* msg_;
    bool ok_ = true;
};

// A genl request with the l2tp header (no family-specific header: hdrsize 0).
MsgPtr new_request(int family, int command, int flags) {
    MsgPtr msg(nlmsg_alloc());
    if (!msg) {
        return msg;
    }
    if (genlmsg_put(msg.get(), NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, flags,
                    static_cast<std::uint8_t>(command), L2TP_GENL_VERSION) == nullptr) {
        msg.reset();
    }
    return msg;
}

// Reply attribute types as l2tp_nl_tunnel_send / l2tp_nl_session_send emit them. libnl checks
// the minimum lengths (NLA_U32: 4, ...) and maxlen before we read anything.
const nla_policy* reply_policy() {
    static const auto policy = [] {
        std::array<nla_policy, L2TP_ATTR_MAX + 1> p{};
        p[L2TP_ATTR_PW_TYPE].type = NLA_U16;
        p[L2TP_ATTR_ENCAP_TYPE].type = NLA_U16;
        p[L2TP_ATTR_L2SPEC_TYPE].type = NLA_U8;
        p[L2TP_ATTR_PROTO_VERSION].type = NLA_U8;
        p[L2TP_ATTR_IFNAME].type = NLA_STRING;  // libnl also checks the terminating NUL
        p[L2TP_ATTR_IFNAME].minlen = 1;
        p[L2TP_ATTR_IFNAME].maxlen = IFNAMSIZ;
        p[L2TP_ATTR_CONN_ID].type = NLA_U32;
        p[L2TP_ATTR_PEER_CONN_ID].type = NLA_U32;
        p[L2TP_ATTR_SESSION_ID].type = NLA_U32;
        p[L2TP_ATTR_PEER_SESSION_ID].type = NLA_U32;
        p[L2TP_ATTR_UDP_CSUM].type = NLA_U8;
        p[L2TP_ATTR_COOKIE].maxlen = 8;
        p[L2TP_ATTR_PEER_COOKIE].maxlen = 8;
        p[L2TP_ATTR_DEBUG].type = NLA_U32;
        p[L2TP_ATTR_RECV_SEQ].type = NLA_U8;
        p[L2TP_ATTR_SEND_SEQ].type = NLA_U8;
        p[L2TP_ATTR_LNS_MODE].type = NLA_U8;
        p[L2TP_ATTR_USING_IPSEC].type = NLA_U8;
        p[L2TP_ATTR_RECV_TIMEOUT].type = NLA_U64;  // NLA_MSECS: u64 milliseconds
        p[L2TP_ATTR_IP_SADDR].type = NLA_U32;
        p[L2TP_ATTR_IP_DADDR].type = NLA_U32;
        p[L2TP_ATTR_UDP_SPORT].type = NLA_U16;
        p[L2TP_ATTR_UDP_DPORT].type = NLA_U16;
        // L2TP_ATTR_STATS stays NLA_UNSPEC: parsed below with its own policy.
        p[L2TP_ATTR_IP6_SADDR].minlen = sizeof(in6_addr);
        p[L2TP_ATTR_IP6_SADDR].maxlen = sizeof(in6_addr);
        p[L2TP_ATTR_IP6_DADDR].minlen = sizeof(in6_addr);
        p[L2TP_ATTR_IP6_DADDR].maxlen = sizeof(in6_addr);
        p[L2TP_ATTR_UDP_ZERO_CSUM6_TX].type = NLA_FLAG;
        p[L2TP_ATTR_UDP_ZERO_CSUM6_RX].type = NLA_FLAG;
        return p;
    }();
    return policy.data();
}

const nla_policy* stats_policy() {
    static const auto policy = [] {
        std::array<nla_policy, L2TP_ATTR_STATS_MAX + 1> p{};
        for (int type = 1; type <= L2TP_ATTR_STATS_MAX; ++type) {
            p[type].type = NLA_U64;
        }
        p[L2TP_ATTR_STATS_PAD].type = NLA_UNSPEC;  // alignment filler for the u64s
        return p;
    }();
    return policy.data();
}

// The nested L2TP_ATTR_STATS. Counters a kernel does not send (rx_cookie_discards and
// rx_invalid are recent) stay 0.
int parse_counters(nlattr* nest, DatapathCounters& out) {
    if (nest == nullptr) {
        return 0;
    }
    std::array<nlattr*, L2TP_ATTR_STATS_MAX + 1> tb{};
    if (nla_parse_nested(tb.data(), L2TP_ATTR_STATS_MAX, nest, stats_policy()) < 0) {
        return EBADMSG;
    }
    const auto get = [&tb](int type) -> std::uint64_t {
        return tb[type] != nullptr ? nla_get_u64(tb[type]) : 0;
    };
    out.tx_packets = get(L2TP_ATTR_TX_PACKETS);
    out.tx_bytes = get(L2TP_ATTR_TX_BYTES);
    out.tx_errors = get(L2TP_ATTR_TX_ERRORS);
    out.rx_packets = get(L2TP_ATTR_RX_PACKETS);
    out.rx_bytes = get(L2TP_ATTR_RX_BYTES);
    out.rx_seq_discards = get(L2TP_ATTR_RX_SEQ_DISCARDS);
    out.rx_oos_packets = get(L2TP_ATTR_RX_OOS_PACKETS);
    out.rx_errors = get(L2TP_ATTR_RX_ERRORS);
    out.rx_cookie_discards = get(L2TP_ATTR_RX_COOKIE_DISCARDS);
    out.rx_invalid = get(L2TP_ATTR_RX_INVALID);
    return 0;
}

std::vector<std::uint8_t> attr_bytes(const nlattr* attr) {
    if (attr == nullptr || nla_len(attr) <= 0) {
        return {};
    }
    const auto* data = static_cast<const std::uint8_t*>(nla_data(attr));
    return {data, data + nla_len(attr)};
}

// Addresses of the tunnel socket: the kernel sends the IPv6 pair or the IPv4 pair, plus the
// UDP ports for UDP encapsulation (l2tp_nl_tunnel_send_addr*).
void parse_addresses(nlattr** tb, TunnelStatus& out) {
    if (tb[L2TP_ATTR_IP6_SADDR] != nullptr && tb[L2TP_ATTR_IP6_DADDR] != nullptr) {
        out.local.family = AF_INET6;
        out.peer.family = AF_INET6;
        std::memcpy(&out.local.v6, nla_data(tb[L2TP_ATTR_IP6_SADDR]), sizeof(in6_addr));
        std::memcpy(&out.peer.v6, nla_data(tb[L2TP_ATTR_IP6_DADDR]), sizeof(in6_addr));
    } else if (tb[L2TP_ATTR_IP_SADDR] != nullptr && tb[L2TP_ATTR_IP_DADDR] != nullptr) {
        out.local.family = AF_INET;
        out.peer.family = AF_INET;
        out.local.v4.s_addr = nla_get_u32(tb[L2TP_ATTR_IP_SADDR]);  // already network order
        out.peer.v4.s_addr = nla_get_u32(tb[L2TP_ATTR_IP_DADDR]);
    }
    if (tb[L2TP_ATTR_UDP_SPORT] != nullptr) {
        out.udp_sport = nla_get_u16(tb[L2TP_ATTR_UDP_SPORT]);
    }
    if (tb[L2TP_ATTR_UDP_DPORT] != nullptr) {
        out.udp_dport = nla_get_u16(tb[L2TP_ATTR_UDP_DPORT]);
    }
}

int parse_tunnel(nlattr** tb, TunnelStatus& out) {
    if (tb[L2TP_ATTR_CONN_ID] == nullptr || tb[L2TP_ATTR_PROTO_VERSION] == nullptr ||
        tb[L2TP_ATTR_ENCAP_TYPE] == nullptr) {
        return EBADMSG;
    }
    out.tunnel_id = nla_get_u32(tb[L2TP_ATTR_CONN_ID]);
    if (tb[L2TP_ATTR_PEER_CONN_ID] != nullptr) {
        out.peer_tunnel_id = nla_get_u32(tb[L2TP_ATTR_PEER_CONN_ID]);
    }
    out.version = nla_get_u8(tb[L2TP_ATTR_PROTO_VERSION]);
    switch (nla_get_u16(tb[L2TP_ATTR_ENCAP_TYPE])) {
        case L2TP_ENCAPTYPE_UDP:
            out.encap = Encap::kUdp;
            break;
        case L2TP_ENCAPTYPE_IP:
            out.encap = Encap::kIp;
            break;
        default:
            return EBADMSG;
    }
    parse_addresses(tb, out);
    return parse_counters(tb[L2TP_ATTR_STATS], out.counters);
}

int parse_session(nlattr** tb, SessionStatus& out) {
    if (tb[L2TP_ATTR_CONN_ID] == nullptr || tb[L2TP_ATTR_SESSION_ID] == nullptr ||
        tb[L2TP_ATTR_PW_TYPE] == nullptr) {
        return EBADMSG;
    }
    out.tunnel_id = nla_get_u32(tb[L2TP_ATTR_CONN_ID]);
    out.session_id = nla_get_u32(tb[L2TP_ATTR_SESSION_ID]);
    out.pw_type = nla_get_u16(tb[L2TP_ATTR_PW_TYPE]);
    if (tb[L2TP_ATTR_PEER_CONN_ID] != nullptr) {
        out.peer_tunnel_id = nla_get_u32(tb[L2TP_ATTR_PEER_CONN_ID]);
    }
    if (tb[L2TP_ATTR_PEER_SESSION_ID] != nullptr) {
        out.peer_session_id = nla_get_u32(tb[L2TP_ATTR_PEER_SESSION_ID]);
    }
    if (const nlattr* name = tb[L2TP_ATTR_IFNAME]; name != nullptr) {
        // The policy guarantees 1..IFNAMSIZ octets ending in NUL.
        const auto* text = static_cast<const char*>(nla_data(name));
        out.ifname.assign(text, strnlen(text, static_cast<std::size_t>(nla_len(name))));
    }
    out.cookie = attr_bytes(tb[L2TP_ATTR_COOKIE]);
    out.peer_cookie = attr_bytes(tb[L2TP_ATTR_PEER_COOKIE]);
    const auto flag_u8 = [tb](int type) {
        return tb[type] != nullptr && nla_get_u8(tb[type]) != 0;
    };
    out.send_seq = flag_u8(L2TP_ATTR_SEND_SEQ);
    out.recv_seq = flag_u8(L2TP_ATTR_RECV_SEQ);
    out.lns_mode = flag_u8(L2TP_ATTR_LNS_MODE);
    if (tb[L2TP_ATTR_RECV_TIMEOUT] != nullptr) {
        out.reorder_timeout_ms = nla_get_u64(tb[L2TP_ATTR_RECV_TIMEOUT]);
    }
    return parse_counters(tb[L2TP_ATTR_STATS], out.counters);
}

// Appends each reply to a std::vector<Status>; nothing may throw back into libnl's C frames.
template <typename Status, int (*Parse)(nlattr**, Status&)>
int collect(void* context, nlattr** attrs) noexcept {
    try {
        Status status;
        if (const int error = Parse(attrs, status); error != 0) {
            return error;
        }
        static_cast<std::vector<Status>*>(context)->push_back(std::move(status));
        return 0;
    } catch (...) {
        return ENOMEM;
    }
}

// State of one request while libnl's callbacks run.
struct Exchange {
    std::uint32_t seq = 0;
    int family = 0;
    int command = 0;
    bool done = false;     // ACK, error or end of dump seen
    int kernel_errno = 0;  // from the kernel's NLMSG_ERROR
    int reply_errno = 0;   // first reply we could not use
    int (*on_reply)(void*, nlattr**) noexcept = nullptr;
    void* context = nullptr;
    std::string* kernel_message = nullptr;
};

// Replaces libnl's strict in-order check: anything not answering this request (a late answer
// to a request that timed out, or a message not from the kernel) is skipped, not fatal.
int on_seq_check(nl_msg* msg, void* arg) {
    const auto* exchange = static_cast<const Exchange*>(arg);
    const sockaddr_nl* source = nlmsg_get_src(msg);
    if (nlmsg_hdr(msg)->nlmsg_seq != exchange->seq || source == nullptr || source->nl_pid != 0) {
        return NL_SKIP;
    }
    return NL_OK;
}

int on_valid(nl_msg* msg, void* arg) {
    auto* exchange = static_cast<Exchange*>(arg);
    nlmsghdr* header = nlmsg_hdr(msg);
    if (header->nlmsg_type != exchange->family || exchange->on_reply == nullptr) {
        return NL_SKIP;
    }
    std::array<nlattr*, L2TP_ATTR_MAX + 1> tb{};
    // genlmsg_parse checks the genl header fits before parsing what follows it.
    if (genlmsg_parse(header, 0, tb.data(), L2TP_ATTR_MAX, reply_policy()) < 0 ||
        genlmsg_hdr(header)->cmd != exchange->command) {
        if (exchange->reply_errno == 0) {
            exchange->reply_errno = EBADMSG;
        }
        return NL_SKIP;  // keep reading up to the ACK so the socket stays in step
    }
    if (const int error = exchange->on_reply(exchange->context, tb.data());
        error != 0 && exchange->reply_errno == 0) {
        exchange->reply_errno = error;
    }
    return NL_OK;
}

int on_done(nl_msg*, void* arg) {
    static_cast<Exchange*>(arg)->done = true;
    return NL_STOP;
}

// The extended ACK's text (NETLINK_EXT_ACK): TLVs after the nlmsgerr and, unless the kernel
// capped it (NETLINK_CAP_ACK), after the echoed request.
std::string extack_message(const nlmsgerr* error) {
    const auto* base = reinterpret_cast<const char*>(error) - NLMSG_HDRLEN;
    const auto* header = reinterpret_cast<const nlmsghdr*>(base);
    if ((header->nlmsg_flags & NLM_F_ACK_TLVS) == 0) {
        return {};
    }
    std::size_t payload = sizeof(nlmsgerr);
    if ((header->nlmsg_flags & NLM_F_CAPPED) == 0) {
        if (error->msg.nlmsg_len < NLMSG_HDRLEN) {
            return {};
        }
        payload += error->msg.nlmsg_len - NLMSG_HDRLEN;
    }
    const std::size_t offset = NLMSG_HDRLEN + NLMSG_ALIGN(payload);
    if (offset >= header->nlmsg_len) {
        return {};
    }
    std::array<nlattr*, NLMSGERR_ATTR_MAX + 1> tb{};
    auto* tlvs = reinterpret_cast<nlattr*>(const_cast<char*>(base) + offset);
    if (nla_parse(tb.data(), NLMSGERR_ATTR_MAX, tlvs, static_cast<int>(header->nlmsg_len - offset),
                  nullptr) < 0 ||
        tb[NLMSGERR_ATTR_MSG] == nullptr || nla_len(tb[NLMSGERR_ATTR_MSG]) <= 0) {
        return {};
    }
    const auto* text = static_cast<const char*>(nla_data(tb[NLMSGERR_ATTR_MSG]));
    return {text, strnlen(text, static_cast<std::size_t>(nla_len(tb[NLMSGERR_ATTR_MSG])))};
}

int on_error(sockaddr_nl*, nlmsgerr* error, void* arg) {
    auto* exchange = static_cast<Exchange*>(arg);
    exchange->kernel_errno = error->error < 0 ? -error->error : error->error;
    exchange->done = true;
    try {
        *exchange->kernel_message = extack_message(error);
    } catch (...) {
        exchange->kernel_message->clear();
    }
    return NL_STOP;
}

bool valid_cookie(const std::vector<std::uint8_t>& cookie) {
    return cookie.empty() || cookie.size() == 4 || cookie.size() == 8;
}

bool wait_for_child(pid_t pid) {
    const auto deadline = std::chrono::steady_clock::now() + kModprobeTimeout;
    int status = 0;
    for (;;) {
        const pid_t rc = waitpid(pid, &status, WNOHANG);
        if (rc == pid) {
            return WIFEXITED(status) && WEXITSTATUS(status) == 0;
        }
        if (rc < 0 && errno != EINTR) {
            return false;  // reaped elsewhere (a SIGCHLD reaper): outcome unknown
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            kill(pid, SIGKILL);
            while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
            }
            return false;
        }
        const timespec pause{0, 10 * 1000 * 1000};
        nanosleep(&pause, nullptr);
    }
}

}  // namespace

std::optional<IpAddress> IpAddress::parse(const std::string& text) {
    IpAddress address;
    if (inet_pton(AF_INET, text.c_str(), &address.v4) == 1) {
        address.family = AF_INET;
        return address;
    }
    if (inet_pton(AF_INET6, text.c_str(), &address.v6) == 1) {
        address.family = AF_INET6;
        return address;
    }
    return std::nullopt;
}

std::string IpAddress::to_string() const {
    char buffer[INET6_ADDRSTRLEN] = {};
    const void* source = family == AF_INET6 ? static_cast<const void*>(&v6) : &v4;
    if (family == AF_UNSPEC || inet_ntop(family, source, buffer, sizeof buffer) == nullptr) {
        return "unspec";
    }
    return buffer;
}

bool operator==(const IpAddress& a, const IpAddress& b) {
    if (a.family != b.family) {
        return false;
    }
    if (a.family == AF_INET) {
        return a.v4.s_addr == b.v4.s_addr;
    }
    if (a.family == AF_INET6) {
        return std::memcmp(&a.v6, &b.v6, sizeof(in6_addr)) == 0;
    }
    return true;
}

bool load_kernel_module(const char* module) {
    if (module == nullptr || *module == '\0' || *module == '-') {
        return false;
    }
    char arg0[] = "modprobe";
    char quiet[] = "-q";
    char path_env[] = "PATH=/usr/sbin:/usr/bin:/sbin:/bin";
    std::string name(module);
    char* argv[] = {arg0, quiet, name.data(), nullptr};
    char* envp[] = {path_env, nullptr};

    posix_spawn_file_actions_t actions;
    if (posix_spawn_file_actions_init(&actions) != 0) {
        return false;
    }
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    bool loaded = false;
    for (const char* path : {"/sbin/modprobe", "/usr/sbin/modprobe"}) {
        pid_t pid = -1;
        const int rc = posix_spawn(&pid, path, &actions, nullptr, argv, envp);
        if (rc == ENOENT) {
            continue;
        }
        loaded = rc == 0 && wait_for_child(pid);
        break;
    }
    posix_spawn_file_actions_destroy(&actions);
    return loaded;
}

Result<L2tpNetlink> L2tpNetlink::open(bool load_module) {
    SockPtr sock(nl_socket_alloc());
    if (!sock) {
        return Error::of_call("nl_socket_alloc", ENOMEM);
    }
    if (const int rc = genl_connect(sock.get()); rc < 0) {
        return Error::of_call("genl_connect", errno_from_libnl(rc));
    }
    // Read each datagram whole however large a dump part is.
    nl_socket_enable_msg_peek(sock.get());
    const int fd = nl_socket_get_fd(sock.get());
    const int on = 1;
    // Optional (Linux 4.12+ / 4.3+): the kernel's error text, and ACKs without the request.
    setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &on, sizeof on);
    setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &on, sizeof on);
    const timeval timeout{kReceiveTimeoutSeconds, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);

    int family = genl_ctrl_resolve(sock.get(), L2TP_GENL_NAME);
    if (family == -NLE_OBJ_NOTFOUND && load_module && load_kernel_module("l2tp_netlink")) {
        family = genl_ctrl_resolve(sock.get(), L2TP_GENL_NAME);
    }
    if (family < 0) {
        // Unknown family: this kernel has no L2TP (or the module could not be loaded).
        return Error::of_call(
            "genl_ctrl_resolve(" L2TP_GENL_NAME ")",
            family == -NLE_OBJ_NOTFOUND ? EPROTONOSUPPORT : errno_from_libnl(family));
    }
    return L2tpNetlink(sock.release(), family);
}

L2tpNetlink::L2tpNetlink(L2tpNetlink&& other) noexcept
    : sock_(std::exchange(other.sock_, nullptr)),
      family_(std::exchange(other.family_, -1)),
      kernel_message_(std::move(other.kernel_message_)) {}

L2tpNetlink& L2tpNetlink::operator=(L2tpNetlink&& other) noexcept {
    if (this != &other) {
        if (sock_ != nullptr) {
            nl_socket_free(sock_);
        }
        sock_ = std::exchange(other.sock_, nullptr);
        family_ = std::exchange(other.family_, -1);
        kernel_message_ = std::move(other.kernel_message_);
    }
    return *this;
}

L2tpNetlink::~L2tpNetlink() {
    if (sock_ != nullptr) {
        nl_socket_free(sock_);  // closes the socket too
    }
}

Result<void> L2tpNetlink::transact(int command, bool dump, nl_msg* request, ReplyFn on_reply,
                                   void* context) {
    const auto failed = [command, dump](int errno_value) {
        return command_error(command, errno_value, dump);
    };
    kernel_message_.clear();
    if (sock_ == nullptr) {
        return failed(EBADF);  // moved from
    }
    Exchange exchange;
    exchange.family = family_;
    exchange.command = command;
    exchange.on_reply = on_reply;
    exchange.context = context;
    exchange.kernel_message = &kernel_message_;

    CbPtr cb(nl_cb_alloc(NL_CB_DEFAULT));
    if (!cb) {
        return failed(ENOMEM);
    }
    nl_cb_set(cb.get(), NL_CB_SEQ_CHECK, NL_CB_CUSTOM, on_seq_check, &exchange);
    nl_cb_set(cb.get(), NL_CB_VALID, NL_CB_CUSTOM, on_valid, &exchange);
    nl_cb_set(cb.get(), NL_CB_ACK, NL_CB_CUSTOM, on_done, &exchange);
    nl_cb_set(cb.get(), NL_CB_FINISH, NL_CB_CUSTOM, on_done, &exchange);
    nl_cb_err(cb.get(), NL_CB_CUSTOM, on_error, &exchange);

    // nl_send_auto fills in port and sequence number and asks for an ACK (NLM_F_ACK). A dump
    // ends with NLMSG_DONE instead: the kernel sends no ACK after a dump.
    if (const int rc = nl_send_auto(sock_, request); rc < 0) {
        return failed(errno_from_libnl(rc));
    }
    exchange.seq = nlmsg_hdr(request)->nlmsg_seq;

    while (!exchange.done) {
        const int rc = nl_recvmsgs_report(sock_, cb.get());
        if (rc == -NLE_DUMP_INTR && exchange.kernel_errno == 0) {
            return failed(EAGAIN);  // the table changed under the dump: start again
        }
        if (exchange.done) {
            break;
        }
        if (rc == 0 || rc == -NLE_AGAIN) {
            return failed(ETIMEDOUT);  // SO_RCVTIMEO: no answer at all
        }
        if (rc < 0) {
            return failed(errno_from_libnl(rc));
        }
    }
    if (exchange.kernel_errno != 0) {
        return failed(exchange.kernel_errno);
    }
    if (exchange.reply_errno != 0) {
        return failed(exchange.reply_errno);
    }
    return {};
}

Result<void> L2tpNetlink::create_tunnel(const TunnelSpec& spec) {
    const bool v2 = spec.version == 2;
    // RFC 2661 has 16-bit Tunnel IDs and UDP only; 0 is reserved in both versions.
    if ((spec.version != 2 && spec.version != 3) || spec.tunnel_id == 0 ||
        (v2 && (spec.tunnel_id > 0xffff || spec.peer_tunnel_id > 0xffff)) ||
        (v2 && spec.encap != Encap::kUdp)) {
        return command_error(L2TP_CMD_TUNNEL_CREATE, EINVAL);
    }
    const bool managed = spec.fd >= 0;
    if (!managed && (spec.local.family != spec.peer.family ||
                     (spec.local.family != AF_INET && spec.local.family != AF_INET6))) {
        return command_error(L2TP_CMD_TUNNEL_CREATE, EINVAL);
    }
    MsgPtr msg = new_request(family_, L2TP_CMD_TUNNEL_CREATE, 0);
    if (!msg) {
        return command_error(L2TP_CMD_TUNNEL_CREATE, ENOMEM);
    }
    AttrWriter attrs(msg.get());
    attrs.u32(L2TP_ATTR_CONN_ID, spec.tunnel_id);
    attrs.u32(L2TP_ATTR_PEER_CONN_ID, spec.peer_tunnel_id);
    attrs.u8(L2TP_ATTR_PROTO_VERSION, spec.version);
    attrs.u16(L2TP_ATTR_ENCAP_TYPE, static_cast<std::uint16_t>(spec.encap));
    if (managed) {
        // With FD the kernel reads no address attribute: the socket says it all.
        attrs.u32(L2TP_ATTR_FD, static_cast<std::uint32_t>(spec.fd));
    } else if (spec.local.family == AF_INET6) {
        attrs.bytes(L2TP_ATTR_IP6_SADDR, &spec.local.v6, sizeof(in6_addr));
        attrs.bytes(L2TP_ATTR_IP6_DADDR, &spec.peer.v6, sizeof(in6_addr));
    } else {
        attrs.u32(L2TP_ATTR_IP_SADDR, spec.local.v4.s_addr);  // network order, as the kernel
        attrs.u32(L2TP_ATTR_IP_DADDR, spec.peer.v4.s_addr);   // reads it (nla_get_in_addr)
    }
    if (!managed && spec.encap == Encap::kUdp) {
        attrs.u16(L2TP_ATTR_UDP_SPORT, spec.udp_sport);  // host order (kernel htons them)
        attrs.u16(L2TP_ATTR_UDP_DPORT, spec.udp_dport);
        // The kernel tests UDP_CSUM for presence (nla_get_flag), whatever its u8 value:
        // send it only to turn checksums on.
        if (spec.local.family == AF_INET && spec.udp_checksum) {
            attrs.u8(L2TP_ATTR_UDP_CSUM, 1);
        }
        if (spec.local.family == AF_INET6 && spec.udp6_zero_checksum_tx) {
            attrs.flag(L2TP_ATTR_UDP_ZERO_CSUM6_TX);
        }
        if (spec.local.family == AF_INET6 && spec.udp6_zero_checksum_rx) {
            attrs.flag(L2TP_ATTR_UDP_ZERO_CSUM6_RX);
        }
    }
    if (!attrs.ok()) {
        return command_error(L2TP_CMD_TUNNEL_CREATE, EMSGSIZE);
    }
    return transact(L2TP_CMD_TUNNEL_CREATE, false, msg.get(), nullptr, nullptr);
}

Result<void> L2tpNetlink::delete_tunnel(std::uint32_t tunnel_id) {
    MsgPtr msg = new_request(family_, L2TP_CMD_TUNNEL_DELETE, 0);
    if (!msg) {
        return command_error(L2TP_CMD_TUNNEL_DELETE, ENOMEM);
    }
    AttrWriter attrs(msg.get());
    attrs.u32(L2TP_ATTR_CONN_ID, tunnel_id);
    if (!attrs.ok()) {
        return command_error(L2TP_CMD_TUNNEL_DELETE, EMSGSIZE);
    }
    return transact(L2TP_CMD_TUNNEL_DELETE, false, msg.get(), nullptr, nullptr);
}

Result<void> L2tpNetlink::create_session(const SessionSpec& spec) {
    // Session ID 0 is reserved (RFC 3931 §5.4.3; PPPoL2TP uses 0 for the tunnel's own socket).
    if (spec.tunnel_id == 0 || spec.session_id == 0 || !valid_cookie(spec.cookie) ||
        !valid_cookie(spec.peer_cookie) || spec.ifname.size() >= IFNAMSIZ ||
        spec.ifname.find('\0') != std::string::npos) {
        return command_error(L2TP_CMD_SESSION_CREATE, EINVAL);
    }
    MsgPtr msg = new_request(family_, L2TP_CMD_SESSION_CREATE, 0);
    if (!msg) {
        return command_error(L2TP_CMD_SESSION_CREATE, ENOMEM);
    }
    AttrWriter attrs(msg.get());
    attrs.u32(L2TP_ATTR_CONN_ID, spec.tunnel_id);
    attrs.u32(L2TP_ATTR_SESSION_ID, spec.session_id);
    attrs.u32(L2TP_ATTR_PEER_SESSION_ID, spec.peer_session_id);
    attrs.u16(L2TP_ATTR_PW_TYPE, spec.pw_type);
    // Cookies go as raw octets, in the order they appear on the wire; an absent attribute
    // means no cookie. The kernel reads cookies, L2-Specific Sublayer and ifname only for v3.
    if (!spec.cookie.empty()) {
        attrs.bytes(L2TP_ATTR_COOKIE, spec.cookie.data(), spec.cookie.size());
    }
    if (!spec.peer_cookie.empty()) {
        attrs.bytes(L2TP_ATTR_PEER_COOKIE, spec.peer_cookie.data(), spec.peer_cookie.size());
    }
    // Without L2SPEC_TYPE a v3 session gets the default sublayer: always say which. Current
    // kernels derive the sublayer length from the type and ignore L2SPEC_LEN; older ones
    // size the header from L2SPEC_LEN (0 or 4), so it must agree with the type.
    attrs.u8(L2TP_ATTR_L2SPEC_TYPE, static_cast<std::uint8_t>(spec.l2spec_type));
    attrs.u8(L2TP_ATTR_L2SPEC_LEN, spec.l2spec_type == L2SpecType::kDefault ? 4 : 0);
    attrs.u8(L2TP_ATTR_SEND_SEQ, spec.send_seq ? 1 : 0);
    attrs.u8(L2TP_ATTR_RECV_SEQ, spec.recv_seq ? 1 : 0);
    attrs.u8(L2TP_ATTR_LNS_MODE, spec.lns_mode ? 1 : 0);
    if (spec.reorder_timeout_ms != 0) {
        attrs.msecs(L2TP_ATTR_RECV_TIMEOUT, spec.reorder_timeout_ms);
    }
    if (!spec.ifname.empty()) {
        attrs.string(L2TP_ATTR_IFNAME, spec.ifname);
    }
    // No L2TP_ATTR_MTU / MRU: current kernels ignore them (l2tp_eth derives the MTU from the
    // tunnel socket's route); set the MTU on the interface afterwards (link_control.hpp).
    if (!attrs.ok()) {
        return command_error(L2TP_CMD_SESSION_CREATE, EMSGSIZE);
    }
    return transact(L2TP_CMD_SESSION_CREATE, false, msg.get(), nullptr, nullptr);
}

Result<void> L2tpNetlink::delete_session(std::uint32_t tunnel_id, std::uint32_t session_id) {
    MsgPtr msg = new_request(family_, L2TP_CMD_SESSION_DELETE, 0);
    if (!msg) {
        return command_error(L2TP_CMD_SESSION_DELETE, ENOMEM);
    }
    // By IDs, never by IFNAME: the kernel looks a session up by ifname first when one is sent.
    AttrWriter attrs(msg.get());
    attrs.u32(L2TP_ATTR_CONN_ID, tunnel_id);
    attrs.u32(L2TP_ATTR_SESSION_ID, session_id);
    if (!attrs.ok()) {
        return command_error(L2TP_CMD_SESSION_DELETE, EMSGSIZE);
    }
    return transact(L2TP_CMD_SESSION_DELETE, false, msg.get(), nullptr, nullptr);
}

template <typename Status>
Result<Status> L2tpNetlink::get_one(int command, std::uint32_t tunnel_id,
                                    std::optional<std::uint32_t> session_id, ReplyFn on_reply) {
    MsgPtr msg = new_request(family_, command, 0);
    if (!msg) {
        return command_error(command, ENOMEM);
    }
    AttrWriter attrs(msg.get());
    attrs.u32(L2TP_ATTR_CONN_ID, tunnel_id);
    if (session_id) {
        attrs.u32(L2TP_ATTR_SESSION_ID, *session_id);
    }
    if (!attrs.ok()) {
        return command_error(command, EMSGSIZE);
    }
    try {
        std::vector<Status> replies;
        if (auto done = transact(command, false, msg.get(), on_reply, &replies); !done) {
            return done.error();
        }
        if (replies.size() != 1) {
            return command_error(command, EBADMSG);
        }
        return std::move(replies.front());
    } catch (...) {
        return command_error(command, ENOMEM);
    }
}

template <typename Status>
Result<std::vector<Status>> L2tpNetlink::dump(int command, ReplyFn on_reply) {
    for (int attempt = 1;; ++attempt) {
        MsgPtr msg = new_request(family_, command, NLM_F_DUMP);
        if (!msg) {
            return command_error(command, ENOMEM, true);
        }
        std::vector<Status> all;
        auto done = transact(command, true, msg.get(), on_reply, &all);
        if (done) {
            return all;
        }
        if (!done.error().is(std::errc::resource_unavailable_try_again) ||
            attempt == kDumpAttempts) {
            return done.error();
        }
    }
}

Result<TunnelStatus> L2tpNetlink::get_tunnel(std::uint32_t tunnel_id) {
    return get_one<TunnelStatus>(L2TP_CMD_TUNNEL_GET, tunnel_id, std::nullopt,
                                 collect<TunnelStatus, parse_tunnel>);
}

Result<SessionStatus> L2tpNetlink::get_session(std::uint32_t tunnel_id, std::uint32_t session_id) {
    return get_one<SessionStatus>(L2TP_CMD_SESSION_GET, tunnel_id, session_id,
                                  collect<SessionStatus, parse_session>);
}

Result<std::vector<TunnelStatus>> L2tpNetlink::dump_tunnels() {
    return dump<TunnelStatus>(L2TP_CMD_TUNNEL_GET, collect<TunnelStatus, parse_tunnel>);
}

Result<std::vector<SessionStatus>> L2tpNetlink::dump_sessions() {
    return dump<SessionStatus>(L2TP_CMD_SESSION_GET, collect<SessionStatus, parse_session>);
}

}  // namespace l2tp::dataplane
