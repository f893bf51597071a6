// Static tunnels waiting for the kernel to release their IDs, without a kernel: the "is it gone"
// query is the test's.
#include "dataplane/deletion_wait.hpp"

#include <gtest/gtest.h>

#include <set>

namespace l2tp::dataplane {
namespace {

using namespace std::chrono_literals;

class DeletionWaitTest : public ::testing::Test {
  protected:
    // The IDs the kernel still holds, and how often it was asked.
    std::set<std::uint32_t> held_;
    int asked_ = 0;
    DeletionWait wait_{[this](std::uint32_t id) {
        ++asked_;
        return !held_.contains(id);
    }};
    const model::Time t0_ = model::Time() + 1h;
};

TEST_F(DeletionWaitTest, AnIdNotDeletedByUsIsFree) {
    EXPECT_FALSE(wait_.held(7, t0_));
    wait_.deleted(7, t0_);
    EXPECT_TRUE(wait_.held(7, t0_ + 1s));
    EXPECT_FALSE(wait_.held(8, t0_ + 1s));
    // Past the bound nobody waits for it any more.
    EXPECT_FALSE(wait_.held(7, t0_ + DeletionWait::kBound));
    EXPECT_EQ(wait_.next_deadline(), std::nullopt);  // nothing waits: no polling
}

// Shutdown waits for every deletion that may still hold an ID, a reload's included, so that the
// next instance finds the IDs free.
TEST_F(DeletionWaitTest, HeldIdsAreTheDeletionsWithinTheBound) {
    wait_.deleted(7, t0_);
    wait_.deleted(9, t0_ + 1s);
    EXPECT_EQ(wait_.held_ids(t0_ + 1s), (std::vector<std::uint32_t>{7, 9}));
    EXPECT_EQ(wait_.held_ids(t0_ + DeletionWait::kBound), (std::vector<std::uint32_t>{9}));
    EXPECT_TRUE(wait_.held_ids(t0_ + 1s + DeletionWait::kBound).empty());
}

TEST_F(DeletionWaitTest, ATunnelIsReadyOnceTheKernelReleasesItsId) {
    held_ = {7};
    wait_.deleted(7, t0_);
    wait_.wait("a", 7, t0_);
    EXPECT_TRUE(wait_.waiting("a"));
    EXPECT_EQ(wait_.next_deadline(), t0_);  // asked at once

    EXPECT_TRUE(wait_.on_timer(t0_).empty());
    EXPECT_EQ(asked_, 1);
    EXPECT_EQ(wait_.next_deadline(), t0_ + DeletionWait::kPollInterval);
    // Woken early: nothing is asked.
    EXPECT_TRUE(wait_.on_timer(t0_ + DeletionWait::kPollInterval / 2).empty());
    EXPECT_EQ(asked_, 1);

    held_.clear();
    const model::Time released = t0_ + DeletionWait::kPollInterval;
    EXPECT_EQ(wait_.on_timer(released), std::vector<std::string>{"a"});
    EXPECT_FALSE(wait_.waiting("a"));
    EXPECT_EQ(wait_.next_deadline(), std::nullopt);
    EXPECT_FALSE(wait_.held(7, released));  // gone: the next tunnel of that ID need not wait
}

TEST_F(DeletionWaitTest, TheWaitEndsAtTheBoundEvenIfTheKernelStillHoldsTheId) {
    held_ = {7};
    wait_.deleted(7, t0_);
    wait_.wait("a", 7, t0_ + 1s);  // the bound counts from the deletion
    EXPECT_TRUE(wait_.on_timer(t0_ + 1s).empty());
    EXPECT_TRUE(wait_.on_timer(t0_ + DeletionWait::kBound - 1ms).empty());
    EXPECT_EQ(wait_.next_deadline(), t0_ + DeletionWait::kBound);  // not a poll interval later
    EXPECT_EQ(wait_.on_timer(t0_ + DeletionWait::kBound), std::vector<std::string>{"a"});
    EXPECT_EQ(wait_.next_deadline(), std::nullopt);
}

TEST_F(DeletionWaitTest, EachWaiterIsReadyWhenItsOwnIdIsReleased) {
    held_ = {7, 8};
    wait_.deleted(7, t0_);
    wait_.deleted(8, t0_);
    wait_.wait("a", 7, t0_);
    wait_.wait("b", 8, t0_);
    EXPECT_TRUE(wait_.on_timer(t0_).empty());
    held_.erase(8);
    EXPECT_EQ(wait_.on_timer(t0_ + DeletionWait::kPollInterval), std::vector<std::string>{"b"});
    EXPECT_TRUE(wait_.waiting("a"));
    EXPECT_EQ(wait_.next_deadline(), t0_ + 2 * DeletionWait::kPollInterval);
}

TEST_F(DeletionWaitTest, ACancelledWaitIsNeitherPolledNorReported) {
    held_ = {7};
    wait_.deleted(7, t0_);
    wait_.wait("a", 7, t0_);
    wait_.cancel("a");
    EXPECT_FALSE(wait_.waiting("a"));
    EXPECT_EQ(wait_.next_deadline(), std::nullopt);
    EXPECT_TRUE(wait_.on_timer(t0_ + DeletionWait::kBound).empty());
    EXPECT_EQ(asked_, 0);
}

}  // namespace
}  // namespace l2tp::dataplane
