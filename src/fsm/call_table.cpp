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

CallTable::CallTable(wire::ProtocolVersion version, model::Duration setup_timeout,
                     SessionRegistry& registry, wire::RandomSource& random)
    : version_(version), setup_timeout_(setup_timeout), registry_(registry), random_(random) {}

CallTable::~CallTable() {
    while (const auto id = any()) {
        remove(*id);
    }
}

std::optional<std::uint32_t> CallTable::allocate_id() {
    // L2TPv2 Session IDs name a session within its tunnel (16 bits, RFC 2661 §3.1); L2TPv3
    // ones across the whole LCCE (32 bits, RFC 3931 §4.1).
    if (version_ == wire::ProtocolVersion::kV2) {
        return fsm::allocate_id(
            16, [&](std::uint32_t id) { return sessions_.contains(id); }, random_);
    }
    return registry_.claim_v3_id(random_);
}

Session* CallTable::admit(const model::SessionParams& params, bool initiator, Time now) {
    if (!registry_.admits(sessions_.size())) {
        return nullptr;
    }
    const auto id = allocate_id();
    if (!id) {
        return nullptr;
    }
    registry_.add();
    pending_.emplace_back(now + setup_timeout_, *id);
    Session& s = sessions_[*id];
    s.local_id = *id;
    s.initiator = initiator;
    s.params = params;
    s.setup_started = now;
    if (version_ == wire::ProtocolVersion::kV2) {
        s.params.pseudowire_type = model::kPwPpp;
    } else {
        s.cookie = random_cookie(params.cookie_length, random_);
    }
    return &s;
}

Session* CallTable::find(std::uint32_t local_id) {
    const auto it = sessions_.find(local_id);
    return local_id == 0 || it == sessions_.end() ? nullptr : &it->second;
}

std::optional<Session> CallTable::remove(std::uint32_t local_id) {
    const auto it = sessions_.find(local_id);
    if (it == sessions_.end()) {
        return std::nullopt;
    }
    Session s = std::move(it->second);
    sessions_.erase(it);
    unanswered_.erase(local_id);
    registry_.remove(version_ == wire::ProtocolVersion::kV3 ? std::optional(local_id)
                                                            : std::nullopt);
    if (sessions_.empty()) {
        pending_.clear();  // what is left there names no session
    }
    return s;
}

std::optional<std::uint32_t> CallTable::any() const {
    return sessions_.empty() ? std::nullopt : std::optional(sessions_.begin()->first);
}

std::vector<std::uint32_t> CallTable::take_expired(Time now) {
    std::vector<std::uint32_t> expired;
    while (!pending_.empty() && pending_.front().first <= now) {
        const std::uint32_t id = pending_.front().second;
        pending_.pop_front();
        const Session* s = find(id);
        if (s != nullptr && s->state != model::SessionState::kEstablished) {
            expired.push_back(id);
        }
    }
    return expired;
}

std::optional<Time> CallTable::next_expiry() const {
    return pending_.empty() ? std::nullopt : std::optional(pending_.front().first);
}

Session* CallTable::unanswered_call_to(std::string_view remote_end_id) {
    for (const std::uint32_t id : unanswered_) {
        Session& s = sessions_.at(id);
        if (s.params.remote_end_id == remote_end_id) {
            return &s;
        }
    }
    return nullptr;
}

}  // namespace l2tp::fsm
