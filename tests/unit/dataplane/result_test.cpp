// The error of a kernel call: what it names, and the text the daemon logs and tells peers.
#include "dataplane/result.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <string>

namespace l2tp::dataplane {
namespace {

TEST(DataplaneResult, AFailedCallNamesTheCallAndErrno) {
    const Error e = Error::of_call("L2TP_CMD_SESSION_CREATE", EEXIST);
    EXPECT_EQ(e.call, "L2TP_CMD_SESSION_CREATE");
    EXPECT_EQ(e.errno_value, EEXIST);
    EXPECT_EQ(e.text, "L2TP_CMD_SESSION_CREATE: File exists");
    EXPECT_TRUE(e.is(std::errc::file_exists));
    EXPECT_FALSE(e.is(std::errc::no_such_device));

    const Error in = e.within("interface pwtaken");
    EXPECT_EQ(in.text, "interface pwtaken: L2TP_CMD_SESSION_CREATE: File exists");
    EXPECT_EQ(in.call, e.call);
    EXPECT_EQ(in.errno_value, EEXIST);
}

TEST(DataplaneResult, ARefusalHasNoCall) {
    const Error e = Error::refusal("its tunnel is not in the kernel");
    EXPECT_TRUE(e.call.empty());
    EXPECT_EQ(e.errno_value, 0);
    EXPECT_EQ(e.text, "its tunnel is not in the kernel");
}

TEST(DataplaneResult, HoldsAValueOrAnError) {
    const Result<int> channel = 5;
    ASSERT_TRUE(channel);
    EXPECT_EQ(channel.value(), 5);
    EXPECT_EQ(channel.value_or(-1), 5);

    const Result<int> failed = Error::of_call("SIOCGIFMTU", ENODEV);
    ASSERT_FALSE(failed);
    EXPECT_EQ(failed.error().text, "SIOCGIFMTU: No such device");
    EXPECT_EQ(failed.value_or(-1), -1);

    const Result<void> done;
    EXPECT_TRUE(done);
    const Result<void> refused = Error::refusal("refused");
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().text, "refused");
}

}  // namespace
}  // namespace l2tp::dataplane
