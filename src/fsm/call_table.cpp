#include "fsm/call_table.hpp"

#include "fsm/id_allocation.hpp"

namespace l2tp::fsm {

namespace {

Cookie random_cookie(std::uint8_t length, wire::RandomSource& random) {
    Cookie cookie;
    cookie.length = length == 4 || length == 8 ? length : 0;
    random.fill(wire::MutableBytes(cookie.octets.data(), cookie.length));
    return cookie;
}

}  // namespace

CallTable::CallTable(CallLink& link, SessionRegistry& registry)
    : link_(link), registry_(registry) {}

CallTable::~CallTable() {
    for (const std::uint32_t id : ids()) {
        remove(id);
    }
}

std::optional<std::uint32_t> CallTable::allocate_id() {
    // L2TPv2 Session IDs name a session within its tunnel (16 bits, RFC 2661 §3.1); L2TPv3
    // ones across the whole LCCE (32 bits, RFC 3931 §4.1).
    if (link_.version() == wire::ProtocolVersion::kV2) {
        return fsm::allocate_id(
            16, [&](std::uint32_t id) { return calls_.contains(id); }, link_.random);
    }
    return registry_.claim_v3_id(link_.random);
}

Call* CallTable::admit(const model::SessionParams& params, bool initiator, Time now) {
    if (!registry_.admits(calls_.size())) {
        return nullptr;
    }
    const auto id = allocate_id();
    if (!id) {
        return nullptr;
    }
    registry_.add();
    pending_.emplace_back(now + link_.profile.call_setup_timeout, *id);
    model::SessionParams admitted = params;
    Cookie cookie;
    if (link_.version() == wire::ProtocolVersion::kV2) {
        admitted.pseudowire_type = model::kPwPpp;
    } else {
        cookie = random_cookie(params.cookie_length, link_.random);
    }
    return &calls_.try_emplace(*id, link_, *id, initiator, admitted, cookie, now).first->second;
}

Call* CallTable::find(std::uint32_t local_id) {
    const auto it = calls_.find(local_id);
    return local_id == 0 || it == calls_.end() ? nullptr : &it->second;
}

void CallTable::remove(std::uint32_t local_id) {
    if (calls_.erase(local_id) == 0) {
        return;
    }
    unanswered_.erase(local_id);
    registry_.remove(link_.version() == wire::ProtocolVersion::kV3 ? std::optional(local_id)
                                                                   : std::nullopt);
    if (calls_.empty()) {
        pending_.clear();  // what is left there names no call
    }
}

std::vector<std::uint32_t> CallTable::ids() const {
    std::vector<std::uint32_t> out;
    out.reserve(calls_.size());
    for (const auto& [id, call] : calls_) {
        out.push_back(id);
    }
    return out;
}

std::vector<std::uint32_t> CallTable::take_expired(Time now) {
    std::vector<std::uint32_t> expired;
    while (!pending_.empty() && pending_.front().first <= now) {
        const std::uint32_t id = pending_.front().second;
        pending_.pop_front();
        const Call* call = find(id);
        if (call != nullptr && call->state() != model::SessionState::kEstablished) {
            expired.push_back(id);
        }
    }
    return expired;
}

std::optional<Time> CallTable::next_expiry() const {
    return pending_.empty() ? std::nullopt : std::optional(pending_.front().first);
}

Call* CallTable::unanswered_call_to(std::string_view remote_end_id) {
    for (const std::uint32_t id : unanswered_) {
        Call& call = calls_.at(id);
        if (call.params().remote_end_id == remote_end_id) {
            return &call;
        }
    }
    return nullptr;
}

}  // namespace l2tp::fsm
