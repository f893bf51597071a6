// pppd's command line for a session, and what its exit status says in the CDN.
#include "ppp/pppd_command.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>

#include "l2tp/wire/result_code.hpp"
#include "ppp/pppd_exit.hpp"

namespace l2tp::ppp {
namespace {

model::StartPpp session() {
    model::StartPpp s;
    s.tunnel_id = 11;
    s.session_id = 22;
    s.peer_tunnel_id = 33;
    s.peer_session_id = 44;
    s.lns = true;
    s.peer = model::PeerEndpoint::ipv4(192, 0, 2, 7);
    s.peer_host_name = "lac$(reboot)";
    s.calling_number = "+49 30 1234\n";
    s.called_number = "5678";
    return s;
}

bool has_pair(const std::vector<std::string>& argv, const std::string& a, const std::string& b) {
    for (std::size_t i = 0; i + 1 < argv.size(); ++i) {
        if (argv[i] == a && argv[i + 1] == b) {
            return true;
        }
    }
    return false;
}

TEST(PppdCommand, ThePluginComesFirstOnTheChannelDescriptor) {
    const auto argv = pppd_command(PppdOptions{}, session(), 999);
    ASSERT_GE(argv.size(), 5u);
    EXPECT_EQ(argv[0], "/usr/sbin/pppd");
    EXPECT_EQ(argv[1], "plugin");
    EXPECT_EQ(argv[2], "pppol2tp.so");
    EXPECT_EQ(argv[3], "pppol2tp");
    EXPECT_EQ(argv[4], "3");
    EXPECT_NE(std::find(argv.begin(), argv.end(), "pppol2tp_lns_mode"), argv.end());
    EXPECT_TRUE(has_pair(argv, "pppol2tp_tunnel_id", "11"));
    EXPECT_TRUE(has_pair(argv, "pppol2tp_session_id", "22"));
    EXPECT_NE(std::find(argv.begin(), argv.end(), "nodetach"), argv.end());
    EXPECT_NE(std::find(argv.begin(), argv.end(), "up_sdnotify"), argv.end());
    EXPECT_TRUE(has_pair(argv, "linkname", "l2tpd-999-11-22"));
    // Nothing configured: none of the optional options.
    for (const char* absent : {"file", "name", "ipparam", "ifname", "unit", "mru", "mtu"}) {
        EXPECT_EQ(std::find(argv.begin(), argv.end(), absent), argv.end()) << absent;
    }
}

TEST(PppdCommand, PoolAddressesComeAsLocalColonRemoteAfterTheOptionsFile) {
    PppdOptions o;
    o.options_file = "/etc/ppp/l2tp.options";
    o.arguments = {"debug"};
    const auto argv =
        pppd_command(o, session(), 999, AddressLease{"clients", 0x0a0a0001, 0x0a0a000a});
    const auto file = std::find(argv.begin(), argv.end(), "file");
    const auto addresses = std::find(argv.begin(), argv.end(), "10.10.0.1:10.10.0.10");
    ASSERT_NE(addresses, argv.end());
    // Later options win in pppd: the file's own address line is overridden, the configured
    // arguments still come last.
    EXPECT_LT(file, addresses);
    EXPECT_EQ(argv.back(), "debug");
    // Without a pool, no address argument.
    const auto plain = pppd_command(o, session(), 999);
    EXPECT_EQ(std::count_if(plain.begin(), plain.end(),
                            [](const std::string& a) {
                                return a.find(':') != std::string::npos &&
                                       a.find('=') == std::string::npos;
                            }),
              0);
}

TEST(PppdCommand, RadiusSessionsLoadRadiusSoAfterThePoolAddresses) {
    PppdOptions o;
    const std::vector<std::string> radius = {"plugin", "radius.so", "radius-config-file",
                                             "/run/l2tpd/radius/radiusclient.conf"};
    // Without radius in the options, the arguments are not used.
    const auto plain = pppd_command(o, session(), 1, std::nullopt, radius);
    EXPECT_FALSE(has_pair(plain, "plugin", "radius.so"));
    o.radius = true;
    o.arguments = {"debug"};
    const auto argv =
        pppd_command(o, session(), 1, AddressLease{"clients", 0x0a0a0001, 0x0a0a000a}, radius);
    const auto plugin = std::search(argv.begin(), argv.end(), radius.begin(), radius.end());
    ASSERT_NE(plugin, argv.end());
    // radius.so's Framed-IP-Address replaces the pool's remote address, whatever the order;
    // the configured arguments still come last.
    EXPECT_LT(std::find(argv.begin(), argv.end(), "10.10.0.1:10.10.0.10"), plugin);
    EXPECT_EQ(argv.back(), "debug");
}

TEST(PppdCommand, TheLacSideIsNotInLnsMode) {
    model::StartPpp s = session();
    s.lns = false;
    const auto argv = pppd_command(PppdOptions{}, s, 1);
    EXPECT_EQ(std::find(argv.begin(), argv.end(), "pppol2tp_lns_mode"), argv.end());
}

TEST(PppdCommand, ConfiguredOptionsAndPatternsAreFilledIn) {
    PppdOptions o;
    o.pppd = "/opt/pppd";
    o.options_file = "/etc/ppp/options.lns";
    o.name = "lns";
    o.ipparam = "%p/%T/%S/%c/%d/%%";
    o.interface = "l2tp%t-%s";
    o.unit = 7;
    o.mru = 1400;
    o.mtu = 1380;
    o.lcp_echo_interval = 10;
    o.lcp_echo_failure = 3;
    o.arguments = {"debug", "require-chap"};
    const auto argv = pppd_command(o, session(), 1);
    EXPECT_EQ(argv[0], "/opt/pppd");
    EXPECT_TRUE(has_pair(argv, "file", "/etc/ppp/options.lns"));
    EXPECT_TRUE(has_pair(argv, "name", "lns"));
    // The calling number came from the wire: its blank and newline are made harmless.
    EXPECT_TRUE(has_pair(argv, "ipparam", "192.0.2.7/33/44/+49_30_1234_/5678/%"));
    EXPECT_TRUE(has_pair(argv, "ifname", "l2tp11-22"));
    EXPECT_TRUE(has_pair(argv, "unit", "7"));
    EXPECT_TRUE(has_pair(argv, "mru", "1400"));
    EXPECT_TRUE(has_pair(argv, "mtu", "1380"));
    EXPECT_TRUE(has_pair(argv, "lcp-echo-interval", "10"));
    EXPECT_TRUE(has_pair(argv, "lcp-echo-failure", "3"));
    EXPECT_TRUE(has_pair(argv, "remotenumber", "+49_30_1234_"));
    EXPECT_TRUE(has_pair(argv, "set", "L2TP_PEER=192.0.2.7"));
    EXPECT_TRUE(has_pair(argv, "set", "L2TP_PEER_HOST_NAME=lac__reboot_"));
    EXPECT_TRUE(has_pair(argv, "set", "L2TP_CALLED_NUMBER=5678"));
    // The operator's arguments come last, so they win.
    EXPECT_EQ(argv[argv.size() - 2], "debug");
    EXPECT_EQ(argv.back(), "require-chap");
}

TEST(PppdCommand, WireTextIsBoundedAndPrintable) {
    EXPECT_EQ(argument_safe(std::string(100, 'x')).size(), 64u);
    EXPECT_EQ(argument_safe("a'b\"c\\d`e$f g\x01h"), "a_b_c_d_e_f_g_h");
}

int exited(int status) {
    return W_EXITCODE(status, 0);
}

TEST(PppdExit, TheExitStatusChoosesTheCdnResult) {
    SessionEnd e = session_end(exited(11));
    EXPECT_EQ(e.result_code, static_cast<std::uint16_t>(wire::CdnResult::kAdministrative));
    EXPECT_EQ(e.message, "pppd exited with status 11: peer authentication failed");
    e = session_end(exited(15));
    EXPECT_EQ(e.result_code, static_cast<std::uint16_t>(wire::CdnResult::kLostCarrier));
    e = session_end(exited(2));
    EXPECT_EQ(e.result_code, static_cast<std::uint16_t>(wire::CdnResult::kGeneralError));
    EXPECT_EQ(e.error_code, static_cast<std::uint16_t>(wire::GeneralError::kNoResources));
    EXPECT_EQ(e.message, "pppd exited with status 2: option error");
    e = session_end(exited(99));
    EXPECT_EQ(e.message, "pppd exited with status 99: unexpected exit status");
    e = session_end(SIGKILL);  // W_TERMSIG form: the signal number alone
    EXPECT_EQ(e.result_code, static_cast<std::uint16_t>(wire::CdnResult::kGeneralError));
    EXPECT_EQ(e.message, "pppd killed by signal 9 (Killed)");
}

TEST(PppdExit, TheWaitStatusIsKeptForAccounting) {
    EXPECT_EQ(session_end(exited(12)).wait_status, exited(12));
    EXPECT_EQ(session_end(SIGKILL).wait_status, SIGKILL);
}

TEST(PppdExit, OnlyStatus11IsAFailedPeerAuthentication) {
    EXPECT_TRUE(peer_authentication_failed(exited(11)));
    EXPECT_FALSE(peer_authentication_failed(exited(19)));  // we failed to authenticate
    EXPECT_FALSE(peer_authentication_failed(exited(0)));
    EXPECT_FALSE(peer_authentication_failed(SIGKILL));
}

}  // namespace
}  // namespace l2tp::ppp
