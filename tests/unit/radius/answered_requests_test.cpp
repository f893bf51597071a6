// The cache of recent answers to Disconnect-Requests: a retransmission finds its answer within
// the window, nothing else does, and the cache never holds more than its capacity.
#include "radius/answered_requests.hpp"

#include <gtest/gtest.h>

namespace l2tp::radius {
namespace {

using Clock = AnsweredRequests::Clock;
using std::chrono::seconds;

AnsweredRequests::Key key(std::uint8_t identifier, std::string client = "192.0.2.9:4000") {
    return {std::move(client), identifier, Authenticator{identifier}};
}

TEST(AnsweredRequests, RetransmissionFindsItsAnswer) {
    AnsweredRequests answers(4, seconds(300));
    const Clock::time_point t0{};
    answers.remember(key(1), {41, 1}, t0);
    const auto* found = answers.find(key(1), t0 + seconds(10));
    ASSERT_NE(found, nullptr);
    EXPECT_EQ(*found, (std::vector<std::uint8_t>{41, 1}));
}

TEST(AnsweredRequests, AnotherClientIdentifierOrAuthenticatorIsNew) {
    AnsweredRequests answers(4, seconds(300));
    const Clock::time_point t0{};
    answers.remember(key(1), {41, 1}, t0);
    EXPECT_EQ(answers.find(key(2), t0), nullptr);
    EXPECT_EQ(answers.find(key(1, "192.0.2.9:4001"), t0), nullptr);
    AnsweredRequests::Key other = key(1);
    other.authenticator[15] = 0xff;
    EXPECT_EQ(answers.find(other, t0), nullptr);
}

TEST(AnsweredRequests, AnswersOlderThanTheWindowAreForgotten) {
    AnsweredRequests answers(4, seconds(300));
    const Clock::time_point t0{};
    answers.remember(key(1), {41, 1}, t0);
    EXPECT_EQ(answers.find(key(1), t0 + seconds(301)), nullptr);
    EXPECT_EQ(answers.size(), 0u);
}

TEST(AnsweredRequests, TheOldestMakesRoomAtCapacity) {
    AnsweredRequests answers(2, seconds(300));
    const Clock::time_point t0{};
    for (std::uint8_t id = 1; id <= 3; ++id) {
        answers.remember(key(id), {41, id}, t0);
    }
    EXPECT_EQ(answers.size(), 2u);
    EXPECT_EQ(answers.find(key(1), t0), nullptr);
    EXPECT_NE(answers.find(key(3), t0), nullptr);
}

}  // namespace
}  // namespace l2tp::radius
