#include "config/dynamic_authorization_block.hpp"

#include <arpa/inet.h>

#include <array>

#include "config/yaml_reading.hpp"

namespace l2tp::config {

namespace {

constexpr std::size_t kMaxClients = 64;
constexpr std::size_t kMaxListen = 16;
constexpr std::uint32_t kMaxWindow = 86400;

// An IPv4 or IPv6 address, written the one way inet_ntop writes it so that equal addresses
// compare equal.
std::string ip_address(const YAML::Node& node, std::string_view what) {
    const std::string address = text(node, what);
    std::array<unsigned char, 16> binary{};
    std::array<char, INET6_ADDRSTRLEN> canonical{};
    for (const int family : {AF_INET, AF_INET6}) {
        if (inet_pton(family, address.c_str(), binary.data()) == 1 &&
            inet_ntop(family, binary.data(), canonical.data(), canonical.size()) != nullptr) {
            return canonical.data();
        }
    }
    fail(node, std::string(what) + ": expected an IPv4 or IPv6 address, not '" + address + "'");
}

DynamicAuthorizationClient client(const YAML::Node& node, const Secrets& secrets) {
    expect_map(node, "dynamic_authorization client");
    check_keys(node, "dynamic_authorization client", {"address", "secret", "secret_ref"});
    if (!node["address"]) {
        fail(node, "dynamic_authorization client: expected address and secret_ref (or secret)");
    }
    DynamicAuthorizationClient c;
    c.address = ip_address(node["address"], "address");
    const auto secret = secret_setting(node, secrets);
    if (!secret || secret->empty()) {
        fail(node,
             "dynamic_authorization client: expected secret_ref (or secret), the shared "
             "secret its requests are signed with (RFC 5176 §2.3)");
    }
    c.secret = *secret;
    return c;
}

}  // namespace

DynamicAuthorizationConfig dynamic_authorization_block(const YAML::Node& node,
                                                       const Secrets& secrets) {
    expect_map(node, "dynamic_authorization");
    check_keys(node, "dynamic_authorization",
               {"listen", "port", "clients", "event_timestamp_window", "require_event_timestamp"});
    DynamicAuthorizationConfig c;
    if (const YAML::Node listen = node["listen"]) {
        if (!listen.IsSequence() || listen.size() > kMaxListen) {
            fail(listen, "dynamic_authorization: listen: expected a list of up to 16 addresses");
        }
        for (const auto& address : listen) {
            c.listen.push_back(ip_address(address, "listen"));
        }
    }
    if (node["port"]) {
        c.port = static_cast<std::uint16_t>(number(node["port"], "port", 1, 65535));
    }
    if (const YAML::Node clients = node["clients"]) {
        if (!clients.IsSequence() || clients.size() > kMaxClients) {
            fail(clients,
                 "dynamic_authorization: clients: expected a list of up to 64 clients "
                 "({address, secret_ref})");
        }
        for (const auto& item : clients) {
            DynamicAuthorizationClient next = client(item, secrets);
            for (const DynamicAuthorizationClient& before : c.clients) {
                if (before.address == next.address) {
                    fail(item["address"], "address: " + next.address + " is listed already");
                }
            }
            c.clients.push_back(std::move(next));
        }
    }
    if (!c.listen.empty() && c.clients.empty()) {
        fail(node,
             "dynamic_authorization: listen needs clients: requests from anyone else are "
             "dropped");
    }
    if (node["event_timestamp_window"]) {
        c.event_timestamp_window = static_cast<std::uint32_t>(
            number(node["event_timestamp_window"], "event_timestamp_window", 1, kMaxWindow));
    }
    if (node["require_event_timestamp"]) {
        c.require_event_timestamp =
            boolean(node["require_event_timestamp"], "require_event_timestamp");
    }
    return c;
}

}  // namespace l2tp::config
