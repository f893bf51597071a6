// Lines a remote peer can trigger are bounded per second, whatever it sends.
#include "driver/event_log.hpp"

#include <gtest/gtest.h>

namespace l2tp::driver {
namespace {

using namespace std::chrono_literals;

TEST(EventLog, FiveThousandEventsInOneSecondWriteAtMostTheBudget) {
    EventLog log;
    const model::Time t0 = model::Time{} + 10s;
    unsigned written = 0;
    for (int i = 0; i < 5000; ++i) {
        written += log.admit(t0 + std::chrono::microseconds(i * 100));
    }
    EXPECT_EQ(written, EventLog::kLinesPerSecond);
    EXPECT_EQ(log.left_out(), 5000u - EventLog::kLinesPerSecond);
    // The next second has its budget again.
    EXPECT_TRUE(log.admit(t0 + 1s));
}

}  // namespace
}  // namespace l2tp::driver
