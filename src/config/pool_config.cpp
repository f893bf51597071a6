#include "config/pool_config.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <vector>

#include "config/yaml_reading.hpp"

namespace l2tp::config {

namespace {

std::optional<std::uint32_t> parse_ipv4(const std::string& text) {
    in_addr a{};
    if (inet_pton(AF_INET, text.c_str(), &a) != 1) {
        return std::nullopt;
    }
    return ntohl(a.s_addr);
}

std::uint32_t address(const YAML::Node& node, std::string_view what) {
    const std::string t = text(node, what);
    const auto a = parse_ipv4(t);
    if (!a) {
        fail(node,
             std::string(what) + ": expected an IPv4 address such as 10.10.0.1, not '" + t + "'");
    }
    return *a;
}

// "A-B" or "P/len"; a prefix without its network and broadcast addresses.
ppp::Ipv4Range range(const YAML::Node& node) {
    const std::string t = text(node, "ranges");
    const auto bad = [&](const std::string& why) -> ppp::Ipv4Range {
        fail(node, "ranges: '" + t + "' " + why +
                       " (expected a range such as 10.10.0.10-10.10.0.250 or a prefix such as "
                       "10.10.0.0/24)");
    };
    if (const auto dash = t.find('-'); dash != std::string::npos) {
        const auto first = parse_ipv4(t.substr(0, dash));
        const auto last = parse_ipv4(t.substr(dash + 1));
        if (!first || !last) {
            return bad("is no range of IPv4 addresses");
        }
        if (*last < *first) {
            return bad("ends before it begins");
        }
        return {*first, *last};
    }
    const auto slash = t.find('/');
    const std::string length_text = slash == std::string::npos ? "" : t.substr(slash + 1);
    const auto network = parse_ipv4(t.substr(0, slash));
    if (!network || length_text.empty() || length_text.size() > 2 ||
        !std::all_of(length_text.begin(), length_text.end(), ::isdigit) ||
        std::stoul(length_text) > 32) {
        return bad("is no range of IPv4 addresses");
    }
    const auto length = std::stoul(length_text);
    const std::uint32_t host_mask = length == 0 ? ~0U : (1U << (32 - length)) - 1;
    if ((*network & host_mask) != 0) {
        return bad("has host bits set: a prefix is written with its network address");
    }
    if (length > 30) {
        return bad("has no address besides its network and broadcast addresses");
    }
    return {*network + 1, (*network | host_mask) - 1};
}

struct PlacedRange {
    ppp::Ipv4Range range;
    std::string pool;
    std::string text;
    YAML::Node node;
};

}  // namespace

ppp::PoolDefinitions pools_block(const YAML::Node& node) {
    expect_map(node, "pools");
    ppp::PoolDefinitions pools;
    std::vector<PlacedRange> placed;
    std::vector<std::pair<std::string, YAML::Node>> locals;
    for (const auto& entry : node) {
        const std::string name = entry.first.as<std::string>();
        const YAML::Node& pool = entry.second;
        const std::string what = "pool '" + name + "'";
        check_keys(pool, what, {"ranges", "local"});
        if (!pool["ranges"] || !pool["local"]) {
            fail(pool, what + ": expected ranges and local");
        }
        const YAML::Node& ranges = pool["ranges"];
        if (!ranges.IsSequence() || ranges.size() == 0) {
            fail(ranges, "ranges: expected a list of address ranges and prefixes, at least one");
        }
        ppp::PoolDefinition definition;
        for (const auto& r : ranges) {
            definition.ranges.push_back(range(r));
            placed.push_back({definition.ranges.back(), name, r.Scalar(), r});
        }
        std::sort(
            definition.ranges.begin(), definition.ranges.end(),
            [](const ppp::Ipv4Range& a, const ppp::Ipv4Range& b) { return a.first < b.first; });
        definition.local = address(pool["local"], "local");
        locals.emplace_back(name, pool["local"]);
        pools.emplace(name, std::move(definition));
    }
    // An address is one client's: no range overlaps another, in its pool or another pool.
    std::sort(placed.begin(), placed.end(), [](const PlacedRange& a, const PlacedRange& b) {
        return a.range.first < b.range.first;
    });
    for (std::size_t i = 1; i < placed.size(); ++i) {
        const PlacedRange& before = placed[i - 1];
        const PlacedRange& after = placed[i];
        if (after.range.first <= before.range.last) {
            fail(after.node, "ranges: '" + after.text + "' overlaps '" + before.text +
                                 "' of pool '" + before.pool + "'");
        }
    }
    // Our end's address is no client's.
    for (const auto& [name, local_node] : locals) {
        const std::uint32_t local = pools.at(name).local;
        for (const PlacedRange& p : placed) {
            if (p.range.contains(local)) {
                fail(local_node, "local: " + ppp::ipv4_text(local) + " is in the range '" + p.text +
                                     "' of pool '" + p.pool +
                                     "' (expected an address outside every pool)");
            }
        }
    }
    return pools;
}

std::string pool_name(const YAML::Node& node, const ppp::PoolDefinitions& pools) {
    const std::string name = text(node, "pool");
    if (!pools.contains(name)) {
        fail(node, "pool: no pool named '" + name + "' under pools");
    }
    return name;
}

}  // namespace l2tp::config
