// One tunnel's calls (RFC 2661 §7.4-7.5, RFC 3931 §7.3-7.4): its calls by local Session ID,
// the admission of a new one (limits, ID, cookie), the set-up deadline of every call not yet
// established, and the L2TPv3 calls we placed that the peer has not answered yet (the
// candidates of a session tie, RFC 3931 §5.4.4). It owns the calls; what the messages say is
// the calls' business; this is the bookkeeping beneath them.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "fsm/call.hpp"
#include "fsm/call_link.hpp"
#include "fsm/session_registry.hpp"
#include "l2tp/model/session_params.hpp"

namespace l2tp::fsm {

class CallTable {
  public:
    // The calls run on `link`, which outlives the table.
    CallTable(CallLink& link, SessionRegistry& registry);
    CallTable(const CallTable&) = delete;
    CallTable& operator=(const CallTable&) = delete;
    ~CallTable();

    // A new call that must be established by now + the set-up allowance, with a fresh ID (and
    // for v3 our random cookie); nothing when a session limit or the ID space is exhausted.
    Call* admit(const model::SessionParams& params, bool initiator, Time now);
    [[nodiscard]] Call* find(std::uint32_t local_id);
    // Destroys a call (and releases its session in the registry); nothing if there is none.
    void remove(std::uint32_t local_id);
    // Every call's ID, in the table's order.
    [[nodiscard]] std::vector<std::uint32_t> ids() const;

    // Calls whose set-up allowance ran out by `now` and that are not established.
    std::vector<std::uint32_t> take_expired(Time now);
    [[nodiscard]] std::optional<Time> next_expiry() const;

    // A v3 call we placed waits for its answer; an answer (or its end) takes it off.
    void await_answer(std::uint32_t local_id) { unanswered_.insert(local_id); }
    void answered(std::uint32_t local_id) { unanswered_.erase(local_id); }
    // Our unanswered call to the same circuit (Remote End ID), if any.
    [[nodiscard]] Call* unanswered_call_to(std::string_view remote_end_id);

    // RFC 2661 §4.4.5 Call Serial Number: one per call this tunnel places.
    std::uint32_t next_serial() { return next_serial_++; }
    [[nodiscard]] std::size_t size() const { return calls_.size(); }
    [[nodiscard]] const std::unordered_map<std::uint32_t, Call>& calls() const { return calls_; }

  private:
    std::optional<std::uint32_t> allocate_id();

    CallLink& link_;
    SessionRegistry& registry_;
    std::unordered_map<std::uint32_t, Call> calls_;
    // Calls not yet established, oldest first, with the time they must be up by: every call
    // has the same allowance, so the front is always the next to expire.
    std::deque<std::pair<Time, std::uint32_t>> pending_;
    // Kept apart so that an incoming call need not scan every call for a tie.
    std::unordered_set<std::uint32_t> unanswered_;
    std::uint32_t next_serial_ = 1;
};

}  // namespace l2tp::fsm
