#include "config/ppp_config.hpp"

#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "config/yaml_reading.hpp"

namespace l2tp::config {

namespace {

const std::vector<std::string> kOptionKeys = {"pppd",
                                              "plugin",
                                              "options_file",
                                              "name",
                                              "ipparam",
                                              "interface",
                                              "unit",
                                              "mru",
                                              "mtu",
                                              "lcp_echo_interval",
                                              "lcp_echo_failure",
                                              "radius",
                                              "arguments"};
const std::vector<std::string> kLimitKeys = {"max_starting", "max_waiting", "start_timeout",
                                             "stop_timeout"};

std::string executable(const YAML::Node& node, std::string_view what) {
    const std::string path = text(node, what);
    if (path.empty() || path.front() != '/' || access(path.c_str(), X_OK) != 0 ||
        !std::filesystem::is_regular_file(path)) {
        fail(node, std::string(what) + ": expected the absolute path of an executable file, and '" +
                       path + "' is none");
    }
    return path;
}

// A plugin file name is found where pppd looks: /usr/lib/pppd/VERSION/.
std::string plugin(const YAML::Node& node) {
    const std::string name = text(node, "plugin");
    if (name.find('/') != std::string::npos) {
        if (!std::filesystem::is_regular_file(name)) {
            fail(node, "plugin: no file '" + name + "'");
        }
        return name;
    }
    std::error_code ignored;
    for (const auto& dir : std::filesystem::directory_iterator("/usr/lib/pppd", ignored)) {
        if (std::filesystem::is_regular_file(dir.path() / name)) {
            return name;
        }
    }
    fail(node, "plugin: no '" + name + "' in pppd's plugin directory /usr/lib/pppd/VERSION/");
}

std::string readable_file(const YAML::Node& node, std::string_view what, const std::string& dir) {
    std::filesystem::path given = text(node, what);
    if (given.is_relative()) {
        given = std::filesystem::path(dir) / given;
    }
    const std::string path = given.lexically_normal().string();
    if (!std::filesystem::is_regular_file(path) || access(path.c_str(), R_OK) != 0) {
        fail(node, std::string(what) + ": cannot read the file '" + path + "'");
    }
    return path;
}

// Only the placeholders of PppdOptions; `allowed` lists which.
std::string pattern(const YAML::Node& node, std::string_view what, std::string_view allowed) {
    const std::string p = text(node, what);
    for (std::size_t i = 0; i < p.size(); ++i) {
        if (p[i] != '%') {
            continue;
        }
        if (i + 1 == p.size() ||
            (p[i + 1] != '%' && allowed.find(p[i + 1]) == std::string_view::npos)) {
            fail(node, std::string(what) + ": unknown placeholder in '" + p +
                           "' (expected %% or one of %" + std::string(allowed) + ")");
        }
        ++i;
    }
    return p;
}

// An interface name pattern: what the kernel takes (IFNAMSIZ, no '/', ':' or blanks).
std::string interface_pattern(const YAML::Node& node) {
    const std::string p = pattern(node, "interface", "tsTS");
    std::size_t literal = 0;
    for (std::size_t i = 0; i < p.size(); ++i) {
        const char c = p[i];
        if (c == '%') {
            ++i;
            continue;
        }
        if (c == '/' || c == ':' || c <= ' ' || c > '~') {
            fail(node, "interface: '" + p + "' has a character an interface name cannot have");
        }
        ++literal;
    }
    if (p.empty() || literal > 10) {
        fail(node,
             "interface: expected a pattern such as 'ppp-l2tp%s' (at most 10 characters "
             "besides the placeholders, which expand to the IDs)");
    }
    return p;
}

std::vector<std::string> all_keys() {
    std::vector<std::string> keys = kOptionKeys;
    keys.insert(keys.end(), kLimitKeys.begin(), kLimitKeys.end());
    return keys;
}

bool is_limit(const std::string& key) {
    return std::find(kLimitKeys.begin(), kLimitKeys.end(), key) != kLimitKeys.end();
}

// The per-session keys of a checked block; the limits are the caller's.
ppp::PppdOptions read_options(const YAML::Node& node, const ppp::PppdOptions& base,
                              const std::string& dir) {
    ppp::PppdOptions o = base;
    for (const auto& entry : node) {
        const std::string key = entry.first.as<std::string>();
        const YAML::Node& v = entry.second;
        if (key == "pppd") {
            o.pppd = executable(v, "pppd");
        } else if (key == "plugin") {
            o.plugin = plugin(v);
        } else if (key == "options_file") {
            o.options_file = readable_file(v, "options_file", dir);
        } else if (key == "name") {
            o.name = text(v, "name");
        } else if (key == "ipparam") {
            o.ipparam = pattern(v, "ipparam", "tsTSpcd");
        } else if (key == "interface") {
            o.interface = interface_pattern(v);
        } else if (key == "unit") {
            o.unit = static_cast<std::uint32_t>(number(v, "unit", 0, 65535));
        } else if (key == "mru" || key == "mtu") {
            // pppd's own bounds (lcp.c): 128 to 16384.
            (key == "mru" ? o.mru : o.mtu) = static_cast<std::uint16_t>(number(v, key, 128, 16384));
        } else if (key == "lcp_echo_interval") {
            o.lcp_echo_interval = static_cast<std::uint32_t>(number(v, key, 1, 3600));
        } else if (key == "lcp_echo_failure") {
            o.lcp_echo_failure = static_cast<std::uint32_t>(number(v, key, 1, 1000));
        } else if (key == "radius") {
            o.radius = boolean(v, "radius");
        } else if (key == "arguments") {
            if (!v.IsSequence()) {
                fail(v, "arguments: expected a list of pppd arguments");
            }
            o.arguments.clear();
            for (const auto& a : v) {
                o.arguments.push_back(text(a, "arguments"));
            }
        }
    }
    return o;
}

}  // namespace

ppp::PppdOptions ppp_options(const YAML::Node& node, std::string_view what,
                             const ppp::PppdOptions& base, const std::string& dir) {
    check_keys(node, what, all_keys());
    for (const auto& entry : node) {
        if (is_limit(entry.first.as<std::string>())) {
            fail(entry.first,
                 entry.first.as<std::string>() +
                     ": a limit of all pppd processes, set in the top-level ppp block");
        }
    }
    return read_options(node, base, dir);
}

void ppp_block(const YAML::Node& node, ppp::PppdOptions& options, ppp::PppdLimits& limits,
               const std::string& dir) {
    check_keys(node, "ppp", all_keys());
    for (const auto& entry : node) {
        const std::string key = entry.first.as<std::string>();
        const YAML::Node& v = entry.second;
        if (key == "max_starting") {
            limits.max_starting = static_cast<std::size_t>(number(v, key, 1, 100000));
        } else if (key == "max_waiting") {
            limits.max_waiting = static_cast<std::size_t>(number(v, key, 0, 1000000));
        } else if (key == "start_timeout") {
            limits.start_timeout =
                std::chrono::duration_cast<std::chrono::milliseconds>(seconds(v, key, 1, 3600));
        } else if (key == "stop_timeout") {
            limits.stop_timeout =
                std::chrono::duration_cast<std::chrono::milliseconds>(seconds(v, key, 0.1, 600));
        }
    }
    options = read_options(node, options, dir);
}

}  // namespace l2tp::config
