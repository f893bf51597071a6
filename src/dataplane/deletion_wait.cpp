#include "dataplane/deletion_wait.hpp"

#include <algorithm>

namespace l2tp::dataplane {

void DeletionWait::deleted(std::uint32_t tunnel_id, model::Time now) {
    forget_expired(now);
    deletions_[tunnel_id] = now + kBound;
}

void DeletionWait::forget_expired(model::Time now) {
    std::erase_if(deletions_, [now](const auto& d) { return d.second <= now; });
}

bool DeletionWait::held(std::uint32_t tunnel_id, model::Time now) const {
    const auto it = deletions_.find(tunnel_id);
    return it != deletions_.end() && now < it->second;
}

std::vector<std::uint32_t> DeletionWait::held_ids(model::Time now) const {
    std::vector<std::uint32_t> ids;
    for (const auto& [id, until] : deletions_) {
        if (now < until) {
            ids.push_back(id);
        }
    }
    return ids;
}

void DeletionWait::wait(const std::string& name, std::uint32_t tunnel_id, model::Time now) {
    waiting_[name] = tunnel_id;
    poll_at_ = poll_at_ ? std::min(*poll_at_, now) : now;
}

void DeletionWait::cancel(const std::string& name) {
    waiting_.erase(name);
    if (waiting_.empty()) {
        poll_at_.reset();
    }
}

bool DeletionWait::waiting(const std::string& name) const {
    return waiting_.contains(name);
}

std::vector<std::string> DeletionWait::on_timer(model::Time now) {
    std::vector<std::string> ready;
    if (!poll_at_ || now < *poll_at_) {
        return ready;
    }
    for (auto it = waiting_.begin(); it != waiting_.end();) {
        const std::uint32_t id = it->second;
        if (!held(id, now) || is_gone_(id)) {
            deletions_.erase(id);
            ready.push_back(it->first);
            it = waiting_.erase(it);
        } else {
            ++it;
        }
    }
    forget_expired(now);
    poll_at_.reset();
    if (!waiting_.empty()) {
        // The next question to the kernel, or the bound of a wait if that comes first.
        poll_at_ = now + kPollInterval;
        for (const auto& [name, id] : waiting_) {
            if (const auto d = deletions_.find(id); d != deletions_.end()) {
                poll_at_ = std::min(*poll_at_, d->second);
            }
        }
    }
    return ready;
}

std::optional<model::Time> DeletionWait::next_deadline() const {
    return poll_at_;
}

}  // namespace l2tp::dataplane
