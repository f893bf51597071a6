// What pppd's radius.so reads, written by l2tpd from its own configuration so that the operator
// edits one file: the radiusclient configuration, the servers file (the shared secrets, mode
// 0600), the dictionary of the attributes the plugin sends and reads, and the empty port map
// and sequence file its configuration must name. The format is the radiusclient library's that
// Debian's ppp bundles into radius.so (one `keyword value` a line; `authserver` a list tried in
// order; servers as `address secret` lines; dictionary `ATTRIBUTE name number type [vendor]`).
#pragma once

#include <string>
#include <vector>

#include "ppp/radius_client_config.hpp"

namespace l2tp::ppp {

// Where the files live: a folder of the runtime directory, l2tpd's alone.
struct RadiusClientPaths {
    explicit RadiusClientPaths(const std::string& directory);

    std::string directory;
    std::string config_file;  // radiusclient.conf, what pppd's radius-config-file names
    std::string servers_file;
    std::string dictionary_file;
    std::string map_file;
    std::string sequence_file;
};

std::string radiusclient_conf_text(const RadiusClientConfig& config,
                                   const RadiusClientPaths& paths);
std::string servers_file_text(const RadiusClientConfig& config);
// RFC 2865, 2866, 2869 and RFC 2548's Microsoft attributes, those radius.so uses, and the
// IPv6 prefixes of RFC 3162 and RFC 4818 that l2tpd takes from radattr.so's file.
const std::string& dictionary_text();

// Writes every file whose content differs from what is there (each atomically: a temporary
// file renamed over it), the folder made if missing. An empty string, or what failed.
std::string write_radius_client_files(const RadiusClientConfig& config,
                                      const RadiusClientPaths& paths);

// pppd's arguments that make a session authenticate by RADIUS with these files, and write the
// Access-Accept's attributes out (radattr.so).
std::vector<std::string> radius_pppd_arguments(const RadiusClientConfig& config,
                                               const RadiusClientPaths& paths);

}  // namespace l2tp::ppp
