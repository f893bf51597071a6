// An L2TPv3 cookie (RFC 3931 §4.1.1, §5.4.4 Assigned Cookie): 0, 4 or 8 octets that the
// receiver of a session's data chooses and the sender puts on every packet.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

namespace l2tp::fsm {

struct Cookie {
    std::array<std::uint8_t, 8> octets{};
    std::uint8_t length = 0;  // 0, 4 or 8

    [[nodiscard]] std::vector<std::uint8_t> to_vector() const {
        return {octets.begin(), octets.begin() + length};
    }
};

}  // namespace l2tp::fsm
