#include "dataplane/link_control.hpp"

#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/if_vlan.h>
#include <linux/sockios.h>

#include <cerrno>
#include <cstring>

#include "dataplane/l2tp_netlink.hpp"

namespace l2tp::dataplane {
namespace {

const OperationCategory& socket_category() {
    static const OperationCategory category{"socket"};
    return category;
}

// One category per request so that the message says which step failed.
const OperationCategory& ioctl_category(unsigned long request) {
    static const OperationCategory set_mtu{"SIOCSIFMTU"};
    static const OperationCategory get_mtu{"SIOCGIFMTU"};
    static const OperationCategory get_flags{"SIOCGIFFLAGS"};
    static const OperationCategory set_flags{"SIOCSIFFLAGS"};
    static const OperationCategory add_port{"SIOCBRADDIF"};
    static const OperationCategory add_vlan{"SIOCSIFVLAN"};
    static const OperationCategory other{"ioctl"};
    switch (request) {
        case SIOCSIFMTU:
            return set_mtu;
        case SIOCGIFMTU:
            return get_mtu;
        case SIOCGIFFLAGS:
            return get_flags;
        case SIOCSIFFLAGS:
            return set_flags;
        case SIOCBRADDIF:
            return add_port;
        case SIOCSIFVLAN:
            return add_vlan;
        default:
            return other;
    }
}

const OperationCategory& nametoindex_category() {
    static const OperationCategory category{"if_nametoindex"};
    return category;
}

bool valid_name(std::string_view name) {
    return !name.empty() && name.size() < IFNAMSIZ && name.find('\0') == std::string_view::npos;
}

void set_name(ifreq& request, std::string_view name) {
    std::memcpy(request.ifr_name, name.data(), name.size());
    request.ifr_name[name.size()] = '\0';
}

// A socket to issue interface ioctls on. The kernel hands any ioctl the socket's protocol
// does not know to dev_ioctl, so the family hardly matters: AF_INET first, AF_UNIX where a
// kernel has no IPv4 (it needs no privilege to create, unlike AF_PACKET).
class ControlSocket {
  public:
    ControlSocket() {
        fd_ = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd_ < 0) {
            fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        }
        error_ = fd_ < 0 ? errno : 0;
    }
    ControlSocket(const ControlSocket&) = delete;
    ControlSocket& operator=(const ControlSocket&) = delete;
    ~ControlSocket() {
        if (fd_ >= 0) {
            close(fd_);
        }
    }

    std::error_code open_error() const {
        return error_ != 0 ? std::error_code(error_, socket_category()) : std::error_code();
    }

    template <typename Argument>
    std::error_code ioctl_on(unsigned long request, Argument& data) const {
        if (ioctl(fd_, request, &data) < 0) {
            return {errno, ioctl_category(request)};
        }
        return {};
    }

  private:
    int fd_ = -1;
    int error_ = 0;
};

}  // namespace

std::error_code set_mtu(std::string_view ifname, int mtu) {
    if (!valid_name(ifname) || mtu <= 0) {
        return {EINVAL, ioctl_category(SIOCSIFMTU)};
    }
    const ControlSocket sock;
    if (const auto error = sock.open_error()) {
        return error;
    }
    ifreq request{};
    set_name(request, ifname);
    request.ifr_mtu = mtu;
    return sock.ioctl_on(SIOCSIFMTU, request);
}

std::error_code get_mtu(std::string_view ifname, int& mtu) {
    if (!valid_name(ifname)) {
        return {EINVAL, ioctl_category(SIOCGIFMTU)};
    }
    const ControlSocket sock;
    if (const auto error = sock.open_error()) {
        return error;
    }
    ifreq request{};
    set_name(request, ifname);
    if (const auto error = sock.ioctl_on(SIOCGIFMTU, request)) {
        return error;
    }
    mtu = request.ifr_mtu;
    return {};
}

std::error_code set_up(std::string_view ifname) {
    if (!valid_name(ifname)) {
        return {EINVAL, ioctl_category(SIOCSIFFLAGS)};
    }
    const ControlSocket sock;
    if (const auto error = sock.open_error()) {
        return error;
    }
    ifreq request{};
    set_name(request, ifname);
    if (const auto error = sock.ioctl_on(SIOCGIFFLAGS, request)) {
        return error;
    }
    if ((request.ifr_flags & IFF_UP) != 0) {
        return {};
    }
    request.ifr_flags = static_cast<short>(request.ifr_flags | IFF_UP);
    return sock.ioctl_on(SIOCSIFFLAGS, request);
}

std::error_code add_to_bridge(std::string_view bridge, std::string_view ifname) {
    if (!valid_name(bridge)) {
        return {EINVAL, ioctl_category(SIOCBRADDIF)};
    }
    unsigned index = 0;
    if (const auto error = interface_index(ifname, index)) {
        return error;
    }
    const ControlSocket sock;
    if (const auto error = sock.open_error()) {
        return error;
    }
    ifreq request{};
    set_name(request, bridge);
    request.ifr_ifindex = static_cast<int>(index);
    return sock.ioctl_on(SIOCBRADDIF, request);
}

std::error_code add_vlan(std::string_view ifname, int vid, std::string& created) {
    created = std::string(ifname) + "." + std::to_string(vid);
    if (!valid_name(ifname) || !valid_name(created) || vid < 1 || vid > 4094) {
        return {EINVAL, ioctl_category(SIOCSIFVLAN)};
    }
    const ControlSocket sock;
    if (const auto error = sock.open_error()) {
        return error;
    }
    vlan_ioctl_args request{};
    request.cmd = ADD_VLAN_CMD;
    std::memcpy(request.device1, ifname.data(), ifname.size());
    request.u.VID = vid;
    if (const auto error = sock.ioctl_on(SIOCSIFVLAN, request)) {
        return error;
    }
    // The name follows the kernel's VLAN naming, IFNAME.VID unless someone changed it.
    return interface_exists(created) ? std::error_code()
                                     : std::error_code(ENODEV, ioctl_category(SIOCSIFVLAN));
}

std::error_code interface_index(std::string_view ifname, unsigned& index) {
    if (!valid_name(ifname)) {
        return {EINVAL, nametoindex_category()};
    }
    char name[IFNAMSIZ] = {};
    std::memcpy(name, ifname.data(), ifname.size());
    errno = 0;
    index = if_nametoindex(name);
    if (index == 0) {
        return {errno != 0 ? errno : ENODEV, nametoindex_category()};
    }
    return {};
}

bool interface_exists(std::string_view ifname) {
    unsigned index = 0;
    return !interface_index(ifname, index);
}

}  // namespace l2tp::dataplane
