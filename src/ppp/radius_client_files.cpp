#include "ppp/radius_client_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace l2tp::ppp {

namespace {

// `address:port` entries, comma separated: radiusclient tries them in order, moving on when
// one does not answer (its rc_auth stops at the first answer, accept or reject).
std::string server_list(const RadiusClientConfig& config, std::uint16_t RadiusServer::* port) {
    std::string out;
    for (const RadiusServer& s : config.servers) {
        out += (out.empty() ? "" : ",") + s.address + ":" + std::to_string(s.*port);
    }
    return out;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

// `path` with `content` and `mode`, unless it has them already; "" or what failed.
std::string replace_file(const std::string& path, const std::string& content, mode_t mode) {
    struct stat st{};
    if (stat(path.c_str(), &st) == 0 && (st.st_mode & 07777) == mode &&
        read_file(path) == content) {
        return {};
    }
    const std::string temporary = path + ".new";
    const int fd = open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0) {
        return "cannot write " + temporary + ": " + std::strerror(errno);
    }
    std::size_t written = 0;
    bool ok = fchmod(fd, mode) == 0;  // whatever the umask took away
    while (ok && written < content.size()) {
        const ssize_t n = write(fd, content.data() + written, content.size() - written);
        ok = n > 0;
        written += ok ? static_cast<std::size_t>(n) : 0;
    }
    ok = close(fd) == 0 && ok;
    if (!ok || rename(temporary.c_str(), path.c_str()) != 0) {
        const std::string why = std::strerror(errno);
        unlink(temporary.c_str());
        return "cannot write " + path + ": " + why;
    }
    return {};
}

}  // namespace

RadiusClientPaths::RadiusClientPaths(const std::string& dir)
    : directory(dir),
      config_file(dir + "/radiusclient.conf"),
      servers_file(dir + "/servers"),
      dictionary_file(dir + "/dictionary"),
      map_file(dir + "/port-id-map"),
      sequence_file(dir + "/radius.seq") {}

std::string radiusclient_conf_text(const RadiusClientConfig& config,
                                   const RadiusClientPaths& paths) {
    std::string out = "# Written by l2tpd from its configuration's radius block; edit that.\n";
    auto line = [&out](std::string_view keyword, const std::string& value) {
        out.append(keyword).append(" ").append(value).append("\n");
    };
    line("authserver", server_list(config, &RadiusServer::auth_port));
    line("acctserver", config.accounting_relay ? config.accounting_relay->address + ":" +
                                                     std::to_string(config.accounting_relay->port)
                                               : server_list(config, &RadiusServer::acct_port));
    line("servers", paths.servers_file);
    line("dictionary", paths.dictionary_file);
    line("mapfile", paths.map_file);
    line("seqfile", paths.sequence_file);
    line("radius_timeout", std::to_string(config.timeout));
    line("radius_retries", std::to_string(config.retries));
    // With a NAS-Identifier radiusclient sends no NAS-IP-Address of its own, which it would
    // take from this host's name and fail the request when that does not resolve.
    line("nas_identifier", config.nas_identifier);
    if (!config.nas_ip_address.empty()) {
        line("bindaddr", config.nas_ip_address);
    }
    return out;
}

std::string servers_file_text(const RadiusClientConfig& config) {
    std::string out = "# Written by l2tpd: the RADIUS shared secrets (RFC 2865 §3).\n";
    for (const RadiusServer& s : config.servers) {
        out += s.address + "\t" + s.secret + "\n";
    }
    if (config.accounting_relay) {
        out += config.accounting_relay->address + "\t" + config.accounting_relay->secret + "\n";
    }
    return out;
}

const std::string& dictionary_text() {
    static const std::string text =
        R"(# Written by l2tpd: the attributes pppd's radius.so sends and reads.
# RFC 2865 §5
ATTRIBUTE	User-Name		1	string
ATTRIBUTE	User-Password		2	string
ATTRIBUTE	CHAP-Password		3	string
ATTRIBUTE	NAS-IP-Address		4	ipaddr
ATTRIBUTE	NAS-Port		5	integer
ATTRIBUTE	Service-Type		6	integer
ATTRIBUTE	Framed-Protocol		7	integer
ATTRIBUTE	Framed-IP-Address	8	ipaddr
ATTRIBUTE	Framed-IP-Netmask	9	ipaddr
ATTRIBUTE	Filter-Id		11	string
ATTRIBUTE	Framed-MTU		12	integer
ATTRIBUTE	Reply-Message		18	string
ATTRIBUTE	Framed-Route		22	string
ATTRIBUTE	Class			25	string
ATTRIBUTE	Session-Timeout		27	integer
ATTRIBUTE	Idle-Timeout		28	integer
ATTRIBUTE	Called-Station-Id	30	string
ATTRIBUTE	Calling-Station-Id	31	string
ATTRIBUTE	NAS-Identifier		32	string
ATTRIBUTE	CHAP-Challenge		60	string
ATTRIBUTE	NAS-Port-Type		61	integer
# RFC 2866 §5
ATTRIBUTE	Acct-Status-Type	40	integer
ATTRIBUTE	Acct-Delay-Time		41	integer
ATTRIBUTE	Acct-Input-Octets	42	integer
ATTRIBUTE	Acct-Output-Octets	43	integer
ATTRIBUTE	Acct-Session-Id		44	string
ATTRIBUTE	Acct-Authentic		45	integer
ATTRIBUTE	Acct-Session-Time	46	integer
ATTRIBUTE	Acct-Input-Packets	47	integer
ATTRIBUTE	Acct-Output-Packets	48	integer
ATTRIBUTE	Acct-Terminate-Cause	49	integer
# RFC 2869 §5
ATTRIBUTE	Acct-Interim-Interval	85	integer
# RFC 3162 §2.3 and RFC 4818: what radattr.so writes out for l2tpd to route and advertise
ATTRIBUTE	Framed-IPv6-Prefix	97	ipv6prefix
ATTRIBUTE	Delegated-IPv6-Prefix	123	ipv6prefix
# RFC 2548: Microsoft's vendor attributes, MS-CHAP and MPPE
VENDOR		Microsoft		311
ATTRIBUTE	MS-CHAP-Response	1	string	Microsoft
ATTRIBUTE	MS-CHAP-Error		2	string	Microsoft
ATTRIBUTE	MS-MPPE-Encryption-Policy	7	integer	Microsoft
ATTRIBUTE	MS-MPPE-Encryption-Types	8	integer	Microsoft
ATTRIBUTE	MS-CHAP-Challenge	11	string	Microsoft
ATTRIBUTE	MS-CHAP-MPPE-Keys	12	string	Microsoft
ATTRIBUTE	MS-MPPE-Send-Key	16	string	Microsoft
ATTRIBUTE	MS-MPPE-Recv-Key	17	string	Microsoft
ATTRIBUTE	MS-CHAP2-Response	25	string	Microsoft
ATTRIBUTE	MS-CHAP2-Success	26	string	Microsoft
ATTRIBUTE	MS-Primary-DNS-Server	28	ipaddr	Microsoft
ATTRIBUTE	MS-Secondary-DNS-Server	29	ipaddr	Microsoft
ATTRIBUTE	MS-Primary-NBNS-Server	30	ipaddr	Microsoft
ATTRIBUTE	MS-Secondary-NBNS-Server	31	ipaddr	Microsoft
)";
    return text;
}

std::string write_radius_client_files(const RadiusClientConfig& config,
                                      const RadiusClientPaths& paths) {
    std::error_code error;
    std::filesystem::create_directories(paths.directory, error);
    if (error) {
        return "cannot make " + paths.directory + ": " + error.message();
    }
    const std::pair<const std::string&, std::pair<std::string, mode_t>> files[] = {
        {paths.servers_file, {servers_file_text(config), 0600}},  // the secrets
        {paths.dictionary_file, {dictionary_text(), 0644}},
        {paths.map_file, {"", 0644}},
        {paths.config_file, {radiusclient_conf_text(config, paths), 0644}},
    };
    for (const auto& [path, file] : files) {
        if (std::string failed = replace_file(path, file.first, file.second); !failed.empty()) {
            return failed;
        }
    }
    return {};
}

std::vector<std::string> radius_pppd_arguments(const RadiusClientConfig& config,
                                               const RadiusClientPaths& paths) {
    // radattr.so after radius.so, whose hook it sets: it writes the Access-Accept's attributes
    // out for l2tpd (radius_attribute_file.hpp).
    std::vector<std::string> argv = {"plugin",          "radius.so", "radius-config-file",
                                     paths.config_file, "plugin",    "radattr.so"};
    if (!config.nas_ip_address.empty()) {
        // radiusclient sends it only without a NAS-Identifier; RFC 2865 §4.1 allows both.
        argv.insert(argv.end(), {"avpair", "NAS-IP-Address=" + config.nas_ip_address});
    }
    return argv;
}

}  // namespace l2tp::ppp
