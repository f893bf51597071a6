// One tunnel's calls (RFC 2661 §7.3-7.4, RFC 3931 §7.3-7.4): its sessions by local Session
// ID, the admission of a new one (limits, ID, cookie), the set-up deadline of every call not
// yet established, and the L2TPv3 calls we placed that the peer has not answered yet (the
// candidates of a session tie, RFC 3931 §5.4.4). What the messages say is the tunnel's
// business; this is the bookkeeping beneath it.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "fsm/session.hpp"
#include "fsm/session_registry.hpp"
#include "l2tp/control/reliable_channel.hpp"
#include "l2tp/model/session_params.hpp"
#include "l2tp/wire/protocol_version.hpp"
#include "l2tp/wire/random.hpp"

namespace l2tp::fsm {

using model::Time;

class CallTable {
  public:
    CallTable(wire::ProtocolVersion version, model::Duration setup_timeout,
              SessionRegistry& registry, wire::RandomSource& random);
    CallTable(const CallTable&) = delete;
    CallTable& operator=(const CallTable&) = delete;
    ~CallTable();

    // A new session that must be established by now + the set-up allowance, with a fresh ID
    // (and for v3 our random cookie); nothing when a session limit or the ID space is
    // exhausted.
    Session* admit(const model::SessionParams& params, bool initiator, Time now);
    [[nodiscard]] Session* find(std::uint32_t local_id);
    // Takes a session out of the table (and the registry); nothing if there is none.
    std::optional<Session> remove(std::uint32_t local_id);
    // Any session's ID, to empty the table one by one; nothing when it is empty.
    [[nodiscard]] std::optional<std::uint32_t> any() const;

    // Calls whose set-up allowance ran out by `now` and that are not established.
    std::vector<std::uint32_t> take_expired(Time now);
    [[nodiscard]] std::optional<Time> next_expiry() const;

    // A v3 call we placed waits for its answer; an answer (or its end) takes it off.
    void await_answer(std::uint32_t local_id) { unanswered_.insert(local_id); }
    void answered(std::uint32_t local_id) { unanswered_.erase(local_id); }
    // Our unanswered call to the same circuit (Remote End ID), if any.
    [[nodiscard]] Session* unanswered_call_to(std::string_view remote_end_id);

    // RFC 2661 §4.4.5 Call Serial Number: one per call this tunnel places.
    std::uint32_t next_serial() { return next_serial_++; }
    [[nodiscard]] std::size_t size() const { return sessions_.size(); }
    [[nodiscard]] const std::unordered_map<std::uint32_t, Session>& sessions() const {
        return sessions_;
    }

  private:
    std::optional<std::uint32_t> allocate_id();

    wire::ProtocolVersion version_;
    model::Duration setup_timeout_;
    SessionRegistry& registry_;
    wire::RandomSource& random_;
    std::unordered_map<std::uint32_t, Session> sessions_;
    // Calls not yet established, oldest first, with the time they must be up by: every call
    // has the same allowance, so the front is always the next to expire.
    std::deque<std::pair<Time, std::uint32_t>> pending_;
    // Kept apart so that an incoming call need not scan every session for a tie.
    std::unordered_set<std::uint32_t> unanswered_;
    std::uint32_t next_serial_ = 1;
};

}  // namespace l2tp::fsm
