// The running kernel's release, for what the datapath may ask of it that depends on its version.
#pragma once

#include <string>

namespace l2tp::dataplane {

struct KernelRelease {
    int major = 0;
    int minor = 0;
    std::string text;  // as uname(2) says it: "6.12.43+deb13-amd64"

    [[nodiscard]] bool at_least(int want_major, int want_minor) const {
        return major > want_major || (major == want_major && minor >= want_minor);
    }
};

// "6.1.0-31-amd64" -> 6.1; what is not MAJOR.MINOR reads as 0.0.
KernelRelease parse_kernel_release(std::string text);
KernelRelease running_kernel_release();

}  // namespace l2tp::dataplane
