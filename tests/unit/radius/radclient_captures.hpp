// Disconnect-Requests sent by FreeRADIUS's radclient 3.2 (secret radius-secret) to a UDP
// socket and captured, for the tests of their reading and of the answers to them.
#pragma once

#include <string_view>

namespace l2tp::radius {

//   echo 'User-Name = "pap-user", Proxy-State = 0x6669727374, Proxy-State = 0x7365636f6e64,
//         Message-Authenticator = 0x00' | radclient 127.0.0.1:PORT disconnect radius-secret
inline constexpr std::string_view kRadclientWithProxyState =
    "2809003f72cfe927514cc0f308aa11ea268907e0010a7061702d757365722107666972737421087365636f6e64"
    "5012364a08e3efb44acaeef8f601f19084e9";
//   echo 'Acct-Session-Id = "5F5E1000-0000002A", NAS-Identifier = "lns1.example.net",
//         Event-Timestamp = 1700000000' | radclient 127.0.0.1:PORT disconnect radius-secret
inline constexpr std::string_view kRadclientBySessionId =
    "28f6003f65d9ba4a55f61d3ff8fc714495cd15722c1335463545313030302d303030303030324120126c6e7331"
    "2e6578616d706c652e6e657437066553f100";

}  // namespace l2tp::radius
