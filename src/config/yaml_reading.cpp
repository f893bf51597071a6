#include "config/yaml_reading.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

namespace l2tp::config {

void fail(const YAML::Node& node, std::string message) {
    throw Fault{node.IsDefined() ? node.Mark() : YAML::Mark::null_mark(), std::move(message)};
}

YAML::Node where(const YAML::Node& map, const char* key) {
    return map[key] ? map[key] : map;
}

std::string join(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& w : words) {
        out += (out.empty() ? "" : ", ") + w;
    }
    return out;
}

void expect_map(const YAML::Node& node, std::string_view what) {
    if (!node.IsMap()) {
        fail(node, std::string(what) + ": expected a mapping of keys to values");
    }
}

void check_keys(const YAML::Node& node, std::string_view what,
                const std::vector<std::string>& allowed) {
    expect_map(node, what);
    std::set<std::string> seen;
    for (const auto& entry : node) {
        const std::string key = entry.first.as<std::string>();
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
            fail(entry.first, "unknown key '" + key + "' in " + std::string(what) +
                                  " (expected one of: " + join(allowed) + ")");
        }
        // YAML forbids duplicate keys; yaml-cpp keeps one silently, so the other would be
        // ignored without a word.
        if (!seen.insert(key).second) {
            fail(entry.first, "'" + key + "' is given twice in " + std::string(what));
        }
    }
}

std::string text(const YAML::Node& node, std::string_view what) {
    if (!node.IsScalar()) {
        fail(node, std::string(what) + ": expected a string");
    }
    return node.Scalar();
}

bool boolean(const YAML::Node& node, std::string_view what) {
    bool value = false;
    if (!node.IsScalar() || !YAML::convert<bool>::decode(node, value)) {
        fail(node, std::string(what) + ": expected true or false");
    }
    return value;
}

std::uint64_t number(const YAML::Node& node, std::string_view what, std::uint64_t min,
                     std::uint64_t max) {
    std::uint64_t value = 0;
    const std::string expected = std::string(what) + ": expected a whole number from " +
                                 std::to_string(min) + " to " + std::to_string(max);
    if (!node.IsScalar() || node.Scalar().empty() || node.Scalar()[0] == '-' ||
        !YAML::convert<std::uint64_t>::decode(node, value) || value < min || value > max) {
        fail(node, expected);
    }
    return value;
}

model::Duration seconds(const YAML::Node& node, std::string_view what, double min, double max) {
    double value = 0;
    if (!node.IsScalar() || !YAML::convert<double>::decode(node, value) || !std::isfinite(value) ||
        value < min || value > max) {
        std::ostringstream expected;
        expected << what << ": expected a number of seconds from " << min << " to " << max;
        fail(node, expected.str());
    }
    return std::chrono::duration_cast<model::Duration>(std::chrono::duration<double>(value));
}

}  // namespace l2tp::config
