#include "config/secrets.hpp"

#include <sys/stat.h>

#include "config/yaml_reading.hpp"

namespace l2tp::config {

Secrets load_secrets(const YAML::Node& where, const std::string& path) {
    struct stat st{};
    if (stat(path.c_str(), &st) != 0) {
        fail(where, "secrets_file: cannot read '" + path + "'");
    }
    if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
        fail(where, "secrets_file: '" + path +
                        "' is readable by group or others; expected mode 0600 (chmod 600)");
    }
    YAML::Node root;
    try {
        root = YAML::LoadFile(path);
    } catch (const YAML::Exception& e) {
        throw Fault{e.mark, "in secrets file '" + path + "': " + e.msg};
    }
    Secrets secrets;
    if (root.IsNull()) {
        return secrets;
    }
    expect_map(root, "secrets file");
    for (const auto& entry : root) {
        secrets[entry.first.as<std::string>()] = text(entry.second, "secret");
    }
    return secrets;
}

std::optional<std::string> secret_setting(const YAML::Node& node, const Secrets& secrets) {
    if (node["secret"] && node["secret_ref"]) {
        fail(node["secret_ref"], "secret_ref: give either secret or secret_ref, not both");
    }
    if (node["secret"]) {
        return text(node["secret"], "secret");
    }
    if (node["secret_ref"]) {
        const std::string ref = text(node["secret_ref"], "secret_ref");
        const auto it = secrets.find(ref);
        if (it == secrets.end()) {
            fail(node["secret_ref"], "secret_ref: no secret named '" + ref +
                                         "' in the secrets file (set secrets_file)");
        }
        return it->second;
    }
    return std::nullopt;
}

}  // namespace l2tp::config
