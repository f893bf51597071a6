#include "driver/event_log.hpp"

namespace l2tp::driver {

bool EventLog::admit(model::Time now) {
    if (now - second_started_ >= std::chrono::seconds(1)) {
        if (left_out_ != 0) {
            spdlog::warn("{} more tunnel and session events in the last second were not logged",
                         left_out_);
        }
        second_started_ = now;
        written_ = 0;
        left_out_ = 0;
    }
    if (written_ < kLinesPerSecond) {
        ++written_;
        return true;
    }
    ++left_out_;
    ++left_out_total_;
    return false;
}

}  // namespace l2tp::driver
