#include "radius/acct_session_ids.hpp"

#include <string_view>

namespace l2tp::radius {

namespace {

void append_hex32(std::string& out, std::uint32_t value) {
    constexpr std::string_view kDigits = "0123456789ABCDEF";
    for (int shift = 28; shift >= 0; shift -= 4) {
        out.push_back(kDigits[(value >> shift) & 0xf]);
    }
}

std::string session_id(std::uint32_t start_time, std::uint32_t counter) {
    std::string id;
    append_hex32(id, start_time);
    id.push_back('-');
    append_hex32(id, counter);
    return id;
}

}  // namespace

std::string AcctSessionIds::next() {
    return session_id(start_time_, ++counter_);
}

std::string AcctSessionIds::daemon() const {
    return session_id(start_time_, 0);
}

}  // namespace l2tp::radius
