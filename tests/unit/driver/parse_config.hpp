// A configuration from YAML text for the driver's tests; a fault fails the test.
#pragma once

#include <gtest/gtest.h>

#include <string_view>

#include "daemon_config.hpp"

namespace l2tp::daemon::testing {

inline config::DaemonConfig parse_config(std::string_view yaml) {
    config::ConfigResult r = config::load_config_text(yaml, "test.yaml");
    if (const auto* e = std::get_if<config::ConfigError>(&r)) {
        ADD_FAILURE() << e->to_string();
        return {};
    }
    return std::get<config::DaemonConfig>(std::move(r));
}

}  // namespace l2tp::daemon::testing
