// The files l2tpd writes for pppd's radius.so: what its radiusclient requires, the servers in
// order for failover, the secrets owner-only, the dictionary's attributes, and no rewrite of an
// unchanged file.
#include "ppp/radius_client_files.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace l2tp::ppp {
namespace {

RadiusClientConfig two_servers() {
    RadiusClientConfig c;
    c.servers = {{"192.0.2.1", 1812, 1813, "one"}, {"192.0.2.2", 11812, 11813, "two"}};
    c.timeout = 2;
    c.retries = 1;
    c.nas_identifier = "lns-1";
    return c;
}

std::string read(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

TEST(RadiusClientFiles, TheConfigurationHasEverythingRadiusclientRequires) {
    const RadiusClientPaths paths("/run/l2tpd/radius");
    EXPECT_EQ(paths.config_file, "/run/l2tpd/radius/radiusclient.conf");
    const std::string conf = radiusclient_conf_text(two_servers(), paths);
    // Its rc_read_config refuses a file without any of these.
    for (const char* line :
         {"authserver 192.0.2.1:1812,192.0.2.2:11812\n",
          "acctserver 192.0.2.1:1813,192.0.2.2:11813\n", "servers /run/l2tpd/radius/servers\n",
          "dictionary /run/l2tpd/radius/dictionary\n", "mapfile /run/l2tpd/radius/port-id-map\n",
          "seqfile /run/l2tpd/radius/radius.seq\n", "radius_timeout 2\n", "radius_retries 1\n",
          "nas_identifier lns-1\n"}) {
        EXPECT_NE(conf.find(line), std::string::npos) << line << " in\n" << conf;
    }
    EXPECT_EQ(conf.find("bindaddr"), std::string::npos);
    RadiusClientConfig bound = two_servers();
    bound.nas_ip_address = "198.51.100.1";
    EXPECT_NE(radiusclient_conf_text(bound, paths).find("bindaddr 198.51.100.1\n"),
              std::string::npos);
}

TEST(RadiusClientFiles, ServersAreAddressAndSecretLines) {
    const std::string servers = servers_file_text(two_servers());
    EXPECT_NE(servers.find("\n192.0.2.1\tone\n192.0.2.2\ttwo\n"), std::string::npos) << servers;
}

TEST(RadiusClientFiles, WithTheAccountingRelayRadiusSoAccountsToL2tpdWithItsSecret) {
    const RadiusClientPaths paths("/run/l2tpd/radius");
    RadiusClientConfig relayed = two_servers();
    relayed.accounting_relay = AccountingRelayAddress{"127.0.0.1", 40123, "0123abcd"};
    const std::string conf = radiusclient_conf_text(relayed, paths);
    EXPECT_NE(conf.find("\nacctserver 127.0.0.1:40123\n"), std::string::npos) << conf;
    EXPECT_NE(conf.find("\nauthserver 192.0.2.1:1812,192.0.2.2:11812\n"), std::string::npos);
    EXPECT_NE(
        servers_file_text(relayed).find("\n192.0.2.1\tone\n192.0.2.2\ttwo\n127.0.0.1\t0123abcd\n"),
        std::string::npos);
}

TEST(RadiusClientFiles, TheDictionaryHasWhatRadiusSoSendsAndReads) {
    const std::string& d = dictionary_text();
    for (const char* line :
         {"ATTRIBUTE\tUser-Name\t\t1\tstring\n", "ATTRIBUTE\tCHAP-Password\t\t3\tstring\n",
          "ATTRIBUTE\tFramed-IP-Address\t8\tipaddr\n", "ATTRIBUTE\tNAS-Identifier\t\t32\tstring\n",
          "ATTRIBUTE\tCHAP-Challenge\t\t60\tstring\n", "VENDOR\t\tMicrosoft\t\t311\n",
          "ATTRIBUTE\tMS-CHAP2-Response\t25\tstring\tMicrosoft\n",
          "ATTRIBUTE\tMS-MPPE-Recv-Key\t17\tstring\tMicrosoft\n",
          // radiusclient 2.4.9 knows the type; radattr.so prints it as "2001:db8::/64"
          "ATTRIBUTE\tFramed-IPv6-Prefix\t97\tipv6prefix\n",
          "ATTRIBUTE\tDelegated-IPv6-Prefix\t123\tipv6prefix\n"}) {
        EXPECT_NE(d.find(line), std::string::npos) << line;
    }
}

TEST(RadiusClientFiles, PppdLoadsThePluginWithTheConfigurationFile) {
    const RadiusClientPaths paths("/run/l2tpd/radius");
    // radattr.so after radius.so, whose hook it sets.
    EXPECT_EQ(
        radius_pppd_arguments(two_servers(), paths),
        (std::vector<std::string>{"plugin", "radius.so", "radius-config-file",
                                  "/run/l2tpd/radius/radiusclient.conf", "plugin", "radattr.so"}));
    RadiusClientConfig bound = two_servers();
    bound.nas_ip_address = "198.51.100.1";
    const auto argv = radius_pppd_arguments(bound, paths);
    ASSERT_EQ(argv.size(), 8u);
    EXPECT_EQ(argv[6], "avpair");
    EXPECT_EQ(argv[7], "NAS-IP-Address=198.51.100.1");
}

class WrittenFiles : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("l2tpd-radius-files-" + std::to_string(::getpid()));
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }
    std::filesystem::path dir_;
};

TEST_F(WrittenFiles, WrittenWithTheSecretsOwnerOnlyAndRewrittenOnlyWhenChanged) {
    const RadiusClientPaths paths((dir_ / "radius").string());
    ASSERT_EQ(write_radius_client_files(two_servers(), paths), "");
    EXPECT_EQ(read(paths.config_file), radiusclient_conf_text(two_servers(), paths));
    EXPECT_EQ(read(paths.servers_file), servers_file_text(two_servers()));
    EXPECT_EQ(read(paths.dictionary_file), dictionary_text());
    EXPECT_EQ(read(paths.map_file), "");
    struct stat st{};
    ASSERT_EQ(stat(paths.servers_file.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    ASSERT_EQ(stat(paths.config_file.c_str(), &st), 0);
    const ino_t config_inode = st.st_ino;
    ASSERT_EQ(stat(paths.servers_file.c_str(), &st), 0);
    const ino_t servers_inode = st.st_ino;

    // A changed secret replaces the servers file (a new inode: renamed over it), not the rest.
    RadiusClientConfig changed = two_servers();
    changed.servers[1].secret = "three";
    ASSERT_EQ(write_radius_client_files(changed, paths), "");
    EXPECT_EQ(read(paths.servers_file), servers_file_text(changed));
    ASSERT_EQ(stat(paths.servers_file.c_str(), &st), 0);
    EXPECT_NE(st.st_ino, servers_inode);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    ASSERT_EQ(stat(paths.config_file.c_str(), &st), 0);
    EXPECT_EQ(st.st_ino, config_inode);
    EXPECT_FALSE(std::filesystem::exists(paths.servers_file + ".new"));
}

TEST_F(WrittenFiles, AFolderThatCannotBeMadeIsSaid) {
    std::filesystem::create_directories(dir_);
    std::ofstream(dir_ / "file") << "x";
    const std::string failed = write_radius_client_files(
        two_servers(), RadiusClientPaths((dir_ / "file/radius").string()));
    EXPECT_NE(failed.find("cannot make"), std::string::npos) << failed;
}

}  // namespace
}  // namespace l2tp::ppp
