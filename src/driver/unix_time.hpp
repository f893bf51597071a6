// The wall clock as RADIUS dates carry it (RFC 2869 §5.3 Event-Timestamp): seconds since
// 1970-01-01 UTC. The sans-I/O RADIUS code is given it; the driver reads it here.
#pragma once

#include <chrono>
#include <cstdint>

namespace l2tp::driver {

inline std::uint32_t unix_time() {
    return static_cast<std::uint32_t>(std::chrono::duration_cast<std::chrono::seconds>(
                                          std::chrono::system_clock::now().time_since_epoch())
                                          .count());
}

}  // namespace l2tp::driver
