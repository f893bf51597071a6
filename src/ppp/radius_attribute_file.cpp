#include "ppp/radius_attribute_file.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>

#include "l2tp/wire/printable.hpp"

namespace l2tp::ppp {

namespace {

bool attribute_name(std::string_view name) {
    if (name.empty()) {
        return false;
    }
    for (const char c : name) {
        const bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
        if (!letter && !(c >= '0' && c <= '9') && c != '-' && c != '_') {
            return false;
        }
    }
    return true;
}

bool printable_ascii(std::string_view text) {
    for (const char c : text) {
        if (c < 0x20 || c > 0x7e) {
            return false;
        }
    }
    return true;
}

}  // namespace

RadiusAttributes parse_radius_attributes(std::string_view text) {
    RadiusAttributes out;
    const auto fail = [&out](std::string why) {
        out.prefixes = {};
        out.fault = std::move(why);
        return out;
    };
    if (!text.empty() && text.back() != '\n') {
        return fail("last line unterminated");
    }
    std::size_t number = 0;
    while (!text.empty()) {
        ++number;
        const std::size_t end = text.find('\n');
        const std::string_view line = text.substr(0, end);
        text.remove_prefix(end + 1);
        const std::size_t space = line.find(' ');
        const std::string_view name = line.substr(0, space);
        if (space == std::string_view::npos || !attribute_name(name) ||
            !printable_ascii(line.substr(space + 1))) {
            return fail("line " + std::to_string(number) + " is not \"Name value\": \"" +
                        wire::printable(line.substr(0, 64)) + "\"");
        }
        std::optional<Ipv6Prefix>* slot = name == "Framed-IPv6-Prefix" ? &out.prefixes.framed
                                          : name == "Delegated-IPv6-Prefix"
                                              ? &out.prefixes.delegated
                                              : nullptr;
        if (slot == nullptr || slot->has_value()) {
            continue;  // another attribute, or a prefix after the first
        }
        const std::string_view value = line.substr(space + 1);
        *slot = parse_ipv6_prefix(value);
        if (!*slot || !routable_subscriber_prefix(**slot)) {
            return fail(std::string(name) + " \"" + wire::printable(value.substr(0, 64)) +
                        "\" is no prefix a subscriber may be routed");
        }
    }
    return out;
}

std::string radius_attribute_file_path(std::string_view interface) {
    return "/var/run/radattr." + std::string(interface);
}

std::string read_radius_attribute_file(const std::string& path, std::string& fault) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        fault = "cannot read " + wire::printable(path) + ": " + std::strerror(errno);
        return {};
    }
    std::string text(kMaxRadiusAttributeFile + 1, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxRadiusAttributeFile) {
        fault = wire::printable(path) + " is longer than " +
                std::to_string(kMaxRadiusAttributeFile) + " octets";
        return {};
    }
    return text;
}

}  // namespace l2tp::ppp
