// The strict YAML reading every part of the configuration loader shares: a fault points at
// its node (file:line:column once the loader adds the file), unknown and duplicate keys are
// errors, every value is checked against what was expected (docs/architecture.md, "Strict
// configuration").
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "l2tp/model/time.hpp"

namespace l2tp::config {

// Thrown inside the loader only; load_* turn it into a ConfigError.
struct Fault {
    YAML::Mark mark;
    std::string message;
};

[[noreturn]] void fail(const YAML::Node& node, std::string message);
// The node of `key` if the mapping has it, else the mapping itself: where to point an error
// about a setting that may have come from a base profile.
YAML::Node where(const YAML::Node& map, const char* key);
std::string join(const std::vector<std::string>& words);
void expect_map(const YAML::Node& node, std::string_view what);
// Unknown keys are errors, never ignored: a typo must not silently change behaviour.
void check_keys(const YAML::Node& node, std::string_view what,
                const std::vector<std::string>& allowed);
std::string text(const YAML::Node& node, std::string_view what);
bool boolean(const YAML::Node& node, std::string_view what);
std::uint64_t number(const YAML::Node& node, std::string_view what, std::uint64_t min,
                     std::uint64_t max);
model::Duration seconds(const YAML::Node& node, std::string_view what, double min, double max);

template <typename T>
T choice(const YAML::Node& node, std::string_view what,
         const std::vector<std::pair<std::string, T>>& choices) {
    const std::string value = text(node, what);
    std::vector<std::string> names;
    for (const auto& [name, v] : choices) {
        if (name == value) {
            return v;
        }
        names.push_back(name);
    }
    fail(node, std::string(what) + ": expected one of " + join(names) + ", not '" + value + "'");
}

}  // namespace l2tp::config
