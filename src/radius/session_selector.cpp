#include "radius/session_selector.hpp"

#include "l2tp/wire/printable.hpp"

namespace l2tp::radius {

namespace {

// The Calling-Station-Id l2tpd's accounting sends for a call's Calling Number.
std::string sent_calling_station_id(std::string_view calling_number) {
    return wire::printable(calling_number).substr(0, kMaxValueLength);
}

template <typename Value>
bool matches(const std::optional<Value>& wanted, const Value& have) {
    return !wanted || *wanted == have;
}

}  // namespace

bool SessionSelector::empty() const {
    return !acct_session_id && !user_name && !framed_ip_address && !calling_station_id && !nas_port;
}

bool selects(const SessionSelector& selector, const AccountingSession& session) {
    if (selector.framed_ip_address &&
        session.framed_ip_address != std::optional(*selector.framed_ip_address)) {
        return false;
    }
    return matches(selector.acct_session_id, session.session_id) &&
           matches(selector.user_name, session.user_name) &&
           matches(selector.calling_station_id, sent_calling_station_id(session.calling_number)) &&
           matches(selector.nas_port, session.nas_port);
}

}  // namespace l2tp::radius
