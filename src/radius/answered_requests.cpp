#include "radius/answered_requests.hpp"

#include <algorithm>

namespace l2tp::radius {

void AnsweredRequests::forget_older_than(Clock::time_point now) {
    while (!answers_.empty() && now - answers_.front().sent > window_) {
        answers_.pop_front();
    }
}

const std::vector<std::uint8_t>* AnsweredRequests::find(const Key& key, Clock::time_point now) {
    forget_older_than(now);
    const auto it = std::ranges::find(answers_, key, &Answer::key);
    return it != answers_.end() ? &it->octets : nullptr;
}

void AnsweredRequests::remember(Key key, std::vector<std::uint8_t> answer, Clock::time_point now) {
    forget_older_than(now);
    if (capacity_ == 0) {
        return;
    }
    if (answers_.size() == capacity_) {
        answers_.pop_front();
    }
    answers_.push_back({std::move(key), std::move(answer), now});
}

}  // namespace l2tp::radius
