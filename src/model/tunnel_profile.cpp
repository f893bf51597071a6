#include "l2tp/model/tunnel_profile.hpp"

namespace l2tp::model {

TunnelProfile cisco_lcce_profile(std::string secret) {
    TunnelProfile p;
    p.version = wire::ProtocolVersion::kV3;
    p.secret = std::move(secret);
    p.digest = wire::DigestType::kHmacMd5;  // digest with nonces, as Cisco's "authentication"
    p.hello_interval = std::chrono::seconds(60);
    p.pseudowire_capabilities = {kPwEthernet, kPwEthernetVlan, kPwPpp};
    p.accepted_calls.cookie_length = 4;
    p.accepted_calls.sublayer = wire::L2SpecificSublayer::kNone;
    return p;
}

TunnelProfile linux_lcce_profile() {
    TunnelProfile p;
    p.version = wire::ProtocolVersion::kV3;
    p.accepted_calls.sublayer = wire::L2SpecificSublayer::kDefault;
    return p;
}

TunnelProfile netbsd_lcce_profile() {
    TunnelProfile p;
    p.version = wire::ProtocolVersion::kV3;
    p.accepted_calls.cookie_length = 4;
    p.accepted_calls.sublayer = wire::L2SpecificSublayer::kNone;
    return p;
}

}  // namespace l2tp::model
