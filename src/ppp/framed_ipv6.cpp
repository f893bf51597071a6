#include "ppp/framed_ipv6.hpp"

#include <net/if.h>

#include <spdlog/spdlog.h>

#include "dataplane/ipv6_route.hpp"
#include "l2tp/wire/printable.hpp"
#include "ppp/radius_attribute_file.hpp"

namespace l2tp::ppp {

namespace {

// The prefix, once routed over `interface`.
std::optional<Ipv6Prefix> routed(const std::optional<Ipv6Prefix>& prefix,
                                 const std::string& interface, const std::string& session_name,
                                 PppdCounters& counters) {
    if (!prefix) {
        return std::nullopt;
    }
    const auto added = dataplane::add_ipv6_route(prefix->address, prefix->length, interface);
    if (!added) {
        ++counters.ipv6_route_failures;
        spdlog::error("{}: no route to {} over {}: {}", session_name, ipv6_prefix_text(*prefix),
                      wire::printable(interface), added.error().text);
        return std::nullopt;
    }
    ++counters.ipv6_routes_installed;
    spdlog::info("{}: {} routed over {}", session_name, ipv6_prefix_text(*prefix),
                 wire::printable(interface));
    return prefix;
}

}  // namespace

FramedIpv6::FramedIpv6(boost::asio::io_context& io, const std::string& interface,
                       const std::string& session_name, PppdCounters& counters) {
    // pppd's PID file named it; it also names radattr.so's file.
    if (interface.empty() || interface.size() >= IFNAMSIZ ||
        interface.find_first_of("/\n") != std::string::npos) {
        return;
    }
    std::string fault;
    const std::string text =
        read_radius_attribute_file(radius_attribute_file_path(interface), fault);
    const RadiusAttributes attributes = parse_radius_attributes(text);
    if (fault.empty()) {
        fault = attributes.fault;
    }
    if (!fault.empty()) {
        ++counters.radius_attribute_faults;
        spdlog::warn("{}: RADIUS attributes not used: {}", session_name, fault);
        return;
    }
    framed_ = routed(attributes.prefixes.framed, interface, session_name, counters);
    delegated_ = routed(attributes.prefixes.delegated, interface, session_name, counters);
    if (!framed_) {
        return;
    }
    if (framed_->length != 64) {
        spdlog::warn("{}: {} not advertised: SLAAC takes a /64 (RFC 4862 §5.5.3)", session_name,
                     ipv6_prefix_text(*framed_));
        return;
    }
    auto started = RouterAdvertiser::start(io, interface, *framed_, counters);
    if (!started) {
        ++counters.router_advertisement_failures;
        spdlog::error("{}: no Router Advertisements on {}: {}", session_name,
                      wire::printable(interface), started.error().text);
        return;
    }
    advertiser_ = std::move(started.value());
}

}  // namespace l2tp::ppp
