// The example packets of RFC 2865 §7.1 (shared secret "xyzzy5461", user "nemo", password
// "arctangent"), shared by the packet, authenticator and User-Password tests.
#pragma once

#include <string_view>

namespace l2tp::testing {

inline constexpr std::string_view kRfc2865Secret = "xyzzy5461";

inline constexpr std::string_view kRfc2865AccessRequest =
    "010000380f403f9473978057bd83d5cb98f4227a01066e656d6f02120dbe708d93d413ce3196e43f782a0aee"
    "0406c0a80110050600000003";

inline constexpr std::string_view kRfc2865AccessAccept =
    "0200002686fe220e7624ba2a1005f6bf9b55e0b20606000000010f06000000000e06c0a80103";

}  // namespace l2tp::testing
