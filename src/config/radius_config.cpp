#include "config/radius_config.hpp"

#include <arpa/inet.h>
#include <unistd.h>

#include <algorithm>
#include <array>

#include "config/yaml_reading.hpp"

namespace l2tp::config {

namespace {

// What radius.so's bundled radiusclient can hold: SERVER_MAX servers, MAX_SECRET_LENGTH bytes
// of a secret read as one blank-free word.
constexpr std::size_t kMaxServers = 8;
constexpr std::size_t kMaxSecret = 48;
// RFC 2869 §5.16: an interim interval "SHOULD NOT be smaller than 60"; a day at most.
constexpr std::uint32_t kMinInterimInterval = 60;
constexpr std::uint32_t kMaxInterimInterval = 86400;

// Dotted IPv4: the bundled radiusclient resolves names with gethostbyname, IPv4 only.
std::string ipv4_address(const YAML::Node& node, std::string_view what) {
    const std::string address = text(node, what);
    std::array<unsigned char, 4> ignored{};
    if (inet_pton(AF_INET, address.c_str(), ignored.data()) != 1) {
        fail(node, std::string(what) +
                       ": expected an IPv4 address (radius.so's client has no IPv6), not '" +
                       address + "'");
    }
    return address;
}

// A value written on one line of radiusclient's files.
std::string one_line_text(const YAML::Node& node, std::string_view what) {
    const std::string value = text(node, what);
    const bool printable = std::all_of(value.begin(), value.end(), [](char c) {
        return static_cast<unsigned char>(c) >= ' ' && c != '\x7f';
    });
    // RFC 2865 §5.32: a NAS-Identifier of at least one octet.
    if (value.empty() || value.size() > 253 || !printable) {
        fail(node, std::string(what) + ": expected 1 to 253 printable characters");
    }
    return value;
}

ppp::RadiusServer server(const YAML::Node& node, const Secrets& secrets) {
    expect_map(node, "radius server");
    check_keys(node, "radius server",
               {"address", "auth_port", "acct_port", "secret", "secret_ref"});
    if (!node["address"]) {
        fail(node, "radius server: expected at least address and secret_ref (or secret)");
    }
    ppp::RadiusServer s;
    s.address = ipv4_address(node["address"], "address");
    if (node["auth_port"]) {
        s.auth_port = static_cast<std::uint16_t>(number(node["auth_port"], "auth_port", 1, 65535));
    }
    if (node["acct_port"]) {
        s.acct_port = static_cast<std::uint16_t>(number(node["acct_port"], "acct_port", 1, 65535));
    }
    const auto secret = secret_setting(node, secrets);
    if (!secret) {
        fail(node,
             "radius server: expected secret_ref (or secret), the shared secret (RFC 2865 §3)");
    }
    const YAML::Node at = node["secret_ref"] ? node["secret_ref"] : node["secret"];
    const bool blank_free = std::none_of(secret->begin(), secret->end(), [](char c) {
        return static_cast<unsigned char>(c) <= ' ' || c == '\x7f';
    });
    if (secret->empty() || secret->size() > kMaxSecret || !blank_free) {
        fail(at,
             "secret: expected 1 to 48 characters without blanks (what radius.so's client "
             "reads)");
    }
    s.secret = *secret;
    return s;
}

std::string host_name() {
    std::array<char, 256> name{};
    if (gethostname(name.data(), name.size() - 1) != 0 || name[0] == '\0') {
        return "l2tpd";
    }
    return name.data();
}

}  // namespace

ppp::RadiusClientConfig radius_block(const YAML::Node& node, const Secrets& secrets) {
    expect_map(node, "radius");
    check_keys(node, "radius",
               {"servers", "timeout", "retries", "nas_identifier", "nas_ip_address",
                "interim_interval", "dynamic_authorization"});
    const YAML::Node servers = node["servers"];
    if (!servers || !servers.IsSequence() || servers.size() == 0 || servers.size() > kMaxServers) {
        fail(servers ? servers : node,
             "radius: servers: expected a list of 1 to 8 servers ({address, secret_ref})");
    }
    ppp::RadiusClientConfig c;
    for (const auto& item : servers) {
        ppp::RadiusServer s = server(item, secrets);
        // The servers file is looked up by address: one secret per address.
        for (const ppp::RadiusServer& before : c.servers) {
            if (before.address == s.address && before.secret != s.secret) {
                fail(item["address"], "address: " + s.address +
                                          " is listed already with another secret; radius.so "
                                          "keeps one secret per address");
            }
        }
        c.servers.push_back(std::move(s));
    }
    if (node["timeout"]) {
        c.timeout = static_cast<std::uint32_t>(number(node["timeout"], "timeout", 1, 60));
    }
    if (node["retries"]) {
        c.retries = static_cast<std::uint32_t>(number(node["retries"], "retries", 1, 10));
    }
    if (const YAML::Node interval = node["interim_interval"]) {
        c.interim_interval = static_cast<std::uint32_t>(
            number(interval, "interim_interval", 0, kMaxInterimInterval));
        if (c.interim_interval != 0 && c.interim_interval < kMinInterimInterval) {
            fail(interval,
                 "interim_interval: expected 0 (none) or 60 to 86400 seconds (RFC 2869 §5.16)");
        }
    }
    c.nas_identifier = node["nas_identifier"]
                           ? one_line_text(node["nas_identifier"], "nas_identifier")
                           : host_name();
    if (node["nas_ip_address"]) {
        c.nas_ip_address = ipv4_address(node["nas_ip_address"], "nas_ip_address");
    }
    return c;
}

}  // namespace l2tp::config
