// Acct-Terminate-Cause (RFC 2866 §5.10) from what really ended a session: the LAC's CDN Result
// Code, its StopCCN, a lost tunnel, pppd's exit status or signal, the administrator, shutdown.
#include "driver/session_ending.hpp"

#include <sys/wait.h>

#include <gtest/gtest.h>

#include <csignal>

namespace l2tp::driver {
namespace {

using radius::AcctTerminateCause;
using Origin = SessionEnding::Origin;

SessionEnding ended_by(Origin origin) {
    SessionEnding ending;
    ending.origin = origin;
    return ending;
}

AcctTerminateCause by_cdn(std::uint16_t result) {
    return terminate_cause({Origin::kPeerCallDisconnect, result, 0});
}

AcctTerminateCause by_pppd(int wait_status) {
    return terminate_cause({Origin::kPppdExit, 0, wait_status});
}

TEST(SessionEnding, TheLacsCdnResultCodeSaysWhy) {
    EXPECT_EQ(by_cdn(1), AcctTerminateCause::kLostCarrier);
    EXPECT_EQ(by_cdn(2), AcctTerminateCause::kLostService);
    EXPECT_EQ(by_cdn(3), AcctTerminateCause::kAdminReset);
    EXPECT_EQ(by_cdn(4), AcctTerminateCause::kLostService);
    EXPECT_EQ(by_cdn(11), AcctTerminateCause::kLostCarrier);
    EXPECT_EQ(by_cdn(999), AcctTerminateCause::kLostService);
}

TEST(SessionEnding, TheTunnelsEndIsLostServiceOrCarrier) {
    EXPECT_EQ(terminate_cause(ended_by(Origin::kPeerTunnelClose)),
              AcctTerminateCause::kLostService);
    EXPECT_EQ(terminate_cause(ended_by(Origin::kTunnelLost)), AcctTerminateCause::kLostCarrier);
}

TEST(SessionEnding, PppdsExitStatusSaysWhy) {
    EXPECT_EQ(by_pppd(W_EXITCODE(0, 0)), AcctTerminateCause::kUserRequest);
    EXPECT_EQ(by_pppd(W_EXITCODE(12, 0)), AcctTerminateCause::kIdleTimeout);
    EXPECT_EQ(by_pppd(W_EXITCODE(13, 0)), AcctTerminateCause::kSessionTimeout);
    EXPECT_EQ(by_pppd(W_EXITCODE(15, 0)), AcctTerminateCause::kLostCarrier);
    EXPECT_EQ(by_pppd(W_EXITCODE(5, 0)), AcctTerminateCause::kAdminReset);
    EXPECT_EQ(by_pppd(W_EXITCODE(11, 0)), AcctTerminateCause::kServiceUnavailable);
    EXPECT_EQ(by_pppd(W_EXITCODE(1, 0)), AcctTerminateCause::kNasError);
}

TEST(SessionEnding, APppdKilledOrCrashedIsANasError) {
    EXPECT_EQ(by_pppd(W_EXITCODE(0, SIGKILL)), AcctTerminateCause::kNasError);
    EXPECT_EQ(by_pppd(W_EXITCODE(0, SIGSEGV)), AcctTerminateCause::kNasError);
}

TEST(SessionEnding, OursAreAdminResetAndAdminReboot) {
    EXPECT_EQ(terminate_cause(ended_by(Origin::kAdministrator)), AcctTerminateCause::kAdminReset);
    EXPECT_EQ(terminate_cause(ended_by(Origin::kShutdown)), AcctTerminateCause::kAdminReboot);
}

TEST(SessionEnding, OurOwnFailureIsANasError) {
    EXPECT_EQ(terminate_cause(ended_by(Origin::kLocalFailure)), AcctTerminateCause::kNasError);
}

}  // namespace
}  // namespace l2tp::driver
