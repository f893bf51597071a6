#include "dataplane/kernel_release.hpp"

#include <sys/utsname.h>

#include <cstdio>

namespace l2tp::dataplane {

KernelRelease parse_kernel_release(std::string text) {
    KernelRelease r;
    if (std::sscanf(text.c_str(), "%d.%d", &r.major, &r.minor) != 2) {
        r.major = 0;
        r.minor = 0;
    }
    r.text = std::move(text);
    return r;
}

KernelRelease running_kernel_release() {
    utsname names{};
    return parse_kernel_release(::uname(&names) == 0 ? names.release : "");
}

}  // namespace l2tp::dataplane
