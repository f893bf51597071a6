#include "dataplane/link_control.hpp"

#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/if_vlan.h>
#include <linux/sockios.h>

#include <cerrno>
#include <cstring>

namespace l2tp::dataplane {
namespace {

// One name per request so that the error says which step failed.
const char* ioctl_name(unsigned long request) {
    switch (request) {
        case SIOCSIFMTU:
            return "SIOCSIFMTU";
        case SIOCGIFMTU:
            return "SIOCGIFMTU";
        case SIOCGIFFLAGS:
            return "SIOCGIFFLAGS";
        case SIOCSIFFLAGS:
            return "SIOCSIFFLAGS";
        case SIOCBRADDIF:
            return "SIOCBRADDIF";
        case SIOCSIFVLAN:
            return "SIOCSIFVLAN";
        default:
            return "ioctl";
    }
}

Error ioctl_error(unsigned long request, int errno_value) {
    return Error::of_call(ioctl_name(request), errno_value);
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

    Result<void> open_result() const {
        if (error_ != 0) {
            return Error::of_call("socket", error_);
        }
        return {};
    }

    template <typename Argument>
    Result<void> ioctl_on(unsigned long request, Argument& data) const {
        if (ioctl(fd_, request, &data) < 0) {
            return ioctl_error(request, errno);
        }
        return {};
    }

  private:
    int fd_ = -1;
    int error_ = 0;
};

}  // namespace

Result<void> set_mtu(std::string_view ifname, int mtu) {
    if (!valid_name(ifname) || mtu <= 0) {
        return ioctl_error(SIOCSIFMTU, EINVAL);
    }
    const ControlSocket sock;
    if (auto opened = sock.open_result(); !opened) {
        return opened;
    }
    ifreq request{};
    set_name(request, ifname);
    request.ifr_mtu = mtu;
    return sock.ioctl_on(SIOCSIFMTU, request);
}

Result<int> get_mtu(std::string_view ifname) {
    if (!valid_name(ifname)) {
        return ioctl_error(SIOCGIFMTU, EINVAL);
    }
    const ControlSocket sock;
    if (auto opened = sock.open_result(); !opened) {
        return opened.error();
    }
    ifreq request{};
    set_name(request, ifname);
    if (auto read = sock.ioctl_on(SIOCGIFMTU, request); !read) {
        return read.error();
    }
    return request.ifr_mtu;
}

Result<void> set_up(std::string_view ifname) {
    if (!valid_name(ifname)) {
        return ioctl_error(SIOCSIFFLAGS, EINVAL);
    }
    const ControlSocket sock;
    if (auto opened = sock.open_result(); !opened) {
        return opened;
    }
    ifreq request{};
    set_name(request, ifname);
    if (auto read = sock.ioctl_on(SIOCGIFFLAGS, request); !read) {
        return read;
    }
    if ((request.ifr_flags & IFF_UP) != 0) {
        return {};
    }
    request.ifr_flags = static_cast<short>(request.ifr_flags | IFF_UP);
    return sock.ioctl_on(SIOCSIFFLAGS, request);
}

Result<void> add_to_bridge(std::string_view bridge, std::string_view ifname) {
    if (!valid_name(bridge)) {
        return ioctl_error(SIOCBRADDIF, EINVAL);
    }
    const auto index = interface_index(ifname);
    if (!index) {
        return index.error();
    }
    const ControlSocket sock;
    if (auto opened = sock.open_result(); !opened) {
        return opened;
    }
    ifreq request{};
    set_name(request, bridge);
    request.ifr_ifindex = static_cast<int>(index.value());
    return sock.ioctl_on(SIOCBRADDIF, request);
}

Result<std::string> add_vlan(std::string_view ifname, int vid) {
    std::string created = std::string(ifname) + "." + std::to_string(vid);
    if (!valid_name(ifname) || !valid_name(created) || vid < 1 || vid > 4094) {
        return ioctl_error(SIOCSIFVLAN, EINVAL);
    }
    const ControlSocket sock;
    if (auto opened = sock.open_result(); !opened) {
        return opened.error();
    }
    vlan_ioctl_args request{};
    request.cmd = ADD_VLAN_CMD;
    std::memcpy(request.device1, ifname.data(), ifname.size());
    request.u.VID = vid;
    if (auto added = sock.ioctl_on(SIOCSIFVLAN, request); !added) {
        return added.error();
    }
    // The name follows the kernel's VLAN naming, IFNAME.VID unless someone changed it.
    if (!interface_exists(created)) {
        return ioctl_error(SIOCSIFVLAN, ENODEV);
    }
    return created;
}

Result<unsigned> interface_index(std::string_view ifname) {
    if (!valid_name(ifname)) {
        return Error::of_call("if_nametoindex", EINVAL);
    }
    char name[IFNAMSIZ] = {};
    std::memcpy(name, ifname.data(), ifname.size());
    errno = 0;
    const unsigned index = if_nametoindex(name);
    if (index == 0) {
        return Error::of_call("if_nametoindex", errno != 0 ? errno : ENODEV);
    }
    return index;
}

bool interface_exists(std::string_view ifname) {
    return static_cast<bool>(interface_index(ifname));
}

}  // namespace l2tp::dataplane
