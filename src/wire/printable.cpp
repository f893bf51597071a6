#include "l2tp/wire/printable.hpp"

namespace l2tp::wire {

std::string printable(std::string_view text) {
    static constexpr std::string_view kDigits = "0123456789abcdef";
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        const auto octet = static_cast<unsigned char>(c);
        if (octet >= 0x20 && octet < 0x7f && c != '\\' && c != '"') {
            out.push_back(c);
            continue;
        }
        out += "\\x";
        out.push_back(kDigits[octet >> 4]);
        out.push_back(kDigits[octet & 0x0f]);
    }
    return out;
}

}  // namespace l2tp::wire
