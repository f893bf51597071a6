// The time the protocol core is handed: a monotonic clock's instants and spans. The core never
// reads the clock; the daemon passes `Clock::now()` in, tests a simulated instant.
#pragma once

#include <chrono>

namespace l2tp::model {

using Clock = std::chrono::steady_clock;
using Time = Clock::time_point;
using Duration = Clock::duration;

}  // namespace l2tp::model
