// A configuration from YAML text for the tests; a fault fails the test. And the fault a text
// is refused with, for the tests of faults.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "config/daemon_config.hpp"

namespace l2tp::testing {

inline config::DaemonConfig parse_config(std::string_view yaml) {
    config::ConfigResult r = config::load_config_text(yaml, "test.yaml");
    if (const auto* e = std::get_if<config::ConfigError>(&r)) {
        ADD_FAILURE() << e->to_string();
        return {};
    }
    return std::get<config::DaemonConfig>(std::move(r));
}

// "file:line:column: message", or "accepted"; relative files are looked for in `dir`.
inline std::string config_fault(std::string_view yaml, const std::string& dir = ".") {
    const config::ConfigResult r = config::load_config_text(yaml, "test.yaml", dir);
    const auto* e = std::get_if<config::ConfigError>(&r);
    return e == nullptr ? "accepted" : e->to_string();
}

}  // namespace l2tp::testing
