// The accounting client's retransmission and failover rules without a socket: sends every
// `timeout` up to `tries`, a new Identifier and a growing Acct-Delay-Time on each, the next
// server after the last try, the server set aside and taken back, the bounded queue.
#include "radius/accounting_scheduler.hpp"

#include <gtest/gtest.h>

namespace l2tp::radius {
namespace {

using namespace std::chrono_literals;
using Clock = AccountingScheduler::Clock;

AccountingSchedule two_servers() {
    AccountingSchedule schedule;
    schedule.servers = 2;
    schedule.timeout = 3s;
    schedule.tries = 2;
    schedule.hold_down = 60s;
    schedule.max_in_flight = 2;
    schedule.max_queued = 3;
    return schedule;
}

const Clock::time_point t0{};

TEST(AccountingScheduler, ARecordGoesToTheFirstServerAndIsDoneWhenAnswered) {
    AccountingScheduler scheduler(two_servers());
    ASSERT_TRUE(scheduler.enqueue(7, t0));
    const auto sends = scheduler.poll(t0);
    ASSERT_EQ(sends.size(), 1u);
    EXPECT_EQ(sends[0].record, 7u);
    EXPECT_EQ(sends[0].server, 0u);
    EXPECT_EQ(sends[0].delay_seconds, 0u);
    EXPECT_EQ(scheduler.next_deadline(t0), t0 + 3s);

    EXPECT_EQ(scheduler.on_response(1, sends[0].identifier), std::nullopt);
    EXPECT_EQ(scheduler.on_response(0, sends[0].identifier + 1), std::nullopt);
    EXPECT_EQ(scheduler.on_response(0, sends[0].identifier), 7u);
    EXPECT_EQ(scheduler.on_response(0, sends[0].identifier), std::nullopt);
    EXPECT_EQ(scheduler.next_deadline(t0), std::nullopt);
    EXPECT_EQ(scheduler.counters(0).requests, 1u);
    EXPECT_EQ(scheduler.counters(0).responses, 1u);
}

TEST(AccountingScheduler, RetransmitsWithANewIdentifierAndTheDelayThenFailsOver) {
    AccountingScheduler scheduler(two_servers());
    scheduler.enqueue(7, t0);
    const auto first = scheduler.poll(t0);
    EXPECT_TRUE(scheduler.poll(t0 + 2s).empty());

    const auto second = scheduler.poll(t0 + 3s);
    ASSERT_EQ(second.size(), 1u);
    EXPECT_EQ(second[0].server, 0u);
    EXPECT_NE(second[0].identifier, first[0].identifier);
    EXPECT_EQ(second[0].delay_seconds, 3u);
    // The first send's answer comes too late: nothing waits for it.
    EXPECT_EQ(scheduler.on_response(0, first[0].identifier), std::nullopt);

    const auto third = scheduler.poll(t0 + 6s);
    ASSERT_EQ(third.size(), 1u);
    EXPECT_EQ(third[0].server, 1u);
    EXPECT_EQ(third[0].delay_seconds, 6u);
    EXPECT_EQ(scheduler.counters(0).timeouts, 2u);
    EXPECT_EQ(scheduler.counters(0).failovers, 1u);
    EXPECT_EQ(scheduler.counters(0).requests, 2u);
    EXPECT_EQ(scheduler.counters(1).requests, 1u);

    // The first server stays set aside: the next record goes to the second too.
    scheduler.enqueue(8, t0 + 7s);
    const auto next = scheduler.poll(t0 + 7s);
    ASSERT_EQ(next.size(), 1u);
    EXPECT_EQ(next[0].server, 1u);
    EXPECT_EQ(scheduler.on_response(1, third[0].identifier), 7u);
    EXPECT_EQ(scheduler.on_response(1, next[0].identifier), 8u);

    // Back after the hold-down.
    scheduler.enqueue(9, t0 + 66s);
    const auto back = scheduler.poll(t0 + 66s);
    ASSERT_EQ(back.size(), 1u);
    EXPECT_EQ(back[0].server, 0u);
}

TEST(AccountingScheduler, WithEveryServerSetAsideRecordsWaitForTheFirstBack) {
    AccountingSchedule schedule = two_servers();
    schedule.tries = 1;
    AccountingScheduler scheduler(schedule);
    scheduler.enqueue(7, t0);
    scheduler.poll(t0);                             // to server 0
    ASSERT_EQ(scheduler.poll(t0 + 3s).size(), 1u);  // server 0 set aside, to server 1
    EXPECT_TRUE(scheduler.poll(t0 + 6s).empty());   // server 1 set aside too
    EXPECT_EQ(scheduler.queued(), 1u);
    EXPECT_EQ(scheduler.next_deadline(t0 + 6s), t0 + 63s);
    const auto back = scheduler.poll(t0 + 63s);
    ASSERT_EQ(back.size(), 1u);
    EXPECT_EQ(back[0].server, 0u);
    EXPECT_EQ(back[0].delay_seconds, 63u);
}

TEST(AccountingScheduler, InFlightIsBoundedPerServerAndTheQueueDropsWhatDoesNotFit) {
    AccountingScheduler scheduler(two_servers());
    for (AccountingScheduler::RecordId record = 1; record <= 3; ++record) {
        EXPECT_TRUE(scheduler.enqueue(record, t0));
    }
    EXPECT_FALSE(scheduler.enqueue(4, t0));
    EXPECT_EQ(scheduler.queue_drops(), 1u);

    const auto sends = scheduler.poll(t0);
    ASSERT_EQ(sends.size(), 2u);
    EXPECT_NE(sends[0].identifier, sends[1].identifier);
    EXPECT_EQ(scheduler.queued(), 1u);
    // The third waits for room, not for a deadline of its own.
    EXPECT_EQ(scheduler.next_deadline(t0), t0 + 3s);
    EXPECT_EQ(scheduler.on_response(0, sends[0].identifier), 1u);
    const auto third = scheduler.poll(t0 + 1s);
    ASSERT_EQ(third.size(), 1u);
    EXPECT_EQ(third[0].record, 3u);
    EXPECT_EQ(third[0].delay_seconds, 1u);
}

}  // namespace
}  // namespace l2tp::radius
