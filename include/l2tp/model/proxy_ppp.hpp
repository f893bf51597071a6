// The PPP negotiation an LAC began before handing the call to the LNS (RFC 2661 §4.4.5): the
// proxy LCP and proxy authentication AVPs of its ICCN, kept per session for the operator (and
// for a PPP implementation that can take them up; stock pppd cannot).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace l2tp::model {

struct ProxyPpp {
    // RFC 2661 §4.4.5: the LCP CONFREQs, as the option octets that followed the LCP header.
    std::vector<std::uint8_t> initial_received_confreq;
    std::vector<std::uint8_t> last_sent_confreq;
    std::vector<std::uint8_t> last_received_confreq;
    // 1 textual, 2 CHAP, 3 PAP, 4 none, 5 MS-CHAPv1.
    std::optional<std::uint16_t> authen_type;
    std::string authen_name;
    std::vector<std::uint8_t> authen_challenge;
    std::optional<std::uint8_t> authen_id;
    // The response itself (a PAP password in clear) is not kept: only that it came.
    std::size_t authen_response_length = 0;

    [[nodiscard]] bool empty() const {
        return initial_received_confreq.empty() && last_sent_confreq.empty() &&
               last_received_confreq.empty() && !authen_type && authen_name.empty() &&
               authen_challenge.empty() && !authen_id && authen_response_length == 0;
    }
    friend bool operator==(const ProxyPpp&, const ProxyPpp&) = default;
};

}  // namespace l2tp::model
