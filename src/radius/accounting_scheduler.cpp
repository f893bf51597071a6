#include "radius/accounting_scheduler.hpp"

#include <algorithm>

namespace l2tp::radius {

AccountingScheduler::AccountingScheduler(const AccountingSchedule& schedule)
    : schedule_(schedule), servers_(schedule.servers) {
    schedule_.tries = std::max<std::uint32_t>(schedule_.tries, 1);
    schedule_.max_in_flight = std::clamp<std::size_t>(schedule_.max_in_flight, 1, 255);
}

bool AccountingScheduler::enqueue(RecordId record, Clock::time_point now) {
    if (queue_.size() >= schedule_.max_queued) {
        ++queue_drops_;
        return false;
    }
    queue_.push_back({record, now});
    return true;
}

std::optional<AccountingScheduler::RecordId> AccountingScheduler::on_response(
    std::size_t server, std::uint8_t identifier) {
    const auto flight = std::ranges::find_if(in_flight_, [&](const InFlight& f) {
        return f.server == server && f.identifier == identifier;
    });
    if (flight == in_flight_.end()) {
        return std::nullopt;
    }
    const RecordId record = flight->waiting.record;
    ++servers_[server].counters.responses;
    --servers_[server].in_flight;
    in_flight_.erase(flight);
    return record;
}

std::vector<AccountingScheduler::Send> AccountingScheduler::poll(Clock::time_point now) {
    std::vector<Send> sends;
    std::deque<Waiting> moving_on;
    for (auto flight = in_flight_.begin(); flight != in_flight_.end();) {
        if (flight->deadline > now) {
            ++flight;
            continue;
        }
        Server& server = servers_[flight->server];
        ++server.counters.timeouts;
        if (flight->sends < schedule_.tries) {
            sends.push_back(send(*flight, now));
            ++flight;
            continue;
        }
        server.set_aside_until = now + schedule_.hold_down;
        ++server.counters.failovers;
        --server.in_flight;
        moving_on.push_back(flight->waiting);
        flight = in_flight_.erase(flight);
    }
    // Records moving on go first: they are the oldest.
    queue_.insert(queue_.begin(), moving_on.begin(), moving_on.end());
    dispatch_queue(now, sends);
    return sends;
}

std::optional<AccountingScheduler::Clock::time_point> AccountingScheduler::next_deadline(
    Clock::time_point now) const {
    std::optional<Clock::time_point> next;
    for (const InFlight& flight : in_flight_) {
        next = next ? std::min(*next, flight.deadline) : flight.deadline;
    }
    // Queued records wait for room at a usable server (an answer or a deadline above makes
    // it), or, with every server set aside, for the first to come back.
    if (!queue_.empty() && !usable_server(now)) {
        for (const Server& server : servers_) {
            next = next ? std::min(*next, server.set_aside_until) : server.set_aside_until;
        }
    }
    return next;
}

const AccountingServerCounters& AccountingScheduler::counters(std::size_t server) const {
    return servers_.at(server).counters;
}

// The first server, in the configuration's order, not set aside.
std::optional<std::size_t> AccountingScheduler::usable_server(Clock::time_point now) const {
    for (std::size_t index = 0; index < servers_.size(); ++index) {
        if (servers_[index].set_aside_until <= now) {
            return index;
        }
    }
    return std::nullopt;
}

// The next Identifier no record waits for at `server` (RFC 2865 §3: it matches the answer to
// its request). max_in_flight below 256 leaves one free.
std::uint8_t AccountingScheduler::fresh_identifier(std::size_t server) {
    Server& state = servers_[server];
    for (;;) {
        const std::uint8_t candidate = state.next_identifier++;
        const bool taken = std::ranges::any_of(in_flight_, [&](const InFlight& f) {
            return f.server == server && f.identifier == candidate;
        });
        if (!taken) {
            return candidate;
        }
    }
}

AccountingScheduler::Send AccountingScheduler::send(InFlight& flight, Clock::time_point now) {
    flight.identifier = fresh_identifier(flight.server);
    ++flight.sends;
    flight.deadline = now + schedule_.timeout;
    ++servers_[flight.server].counters.requests;
    const auto waited =
        std::chrono::duration_cast<std::chrono::seconds>(now - flight.waiting.created);
    return {flight.waiting.record, flight.server, flight.identifier,
            static_cast<std::uint32_t>(std::max<std::chrono::seconds::rep>(waited.count(), 0))};
}

void AccountingScheduler::dispatch_queue(Clock::time_point now, std::vector<Send>& sends) {
    while (!queue_.empty()) {
        const std::optional<std::size_t> server = usable_server(now);
        if (!server || servers_[*server].in_flight >= schedule_.max_in_flight) {
            return;
        }
        InFlight flight;
        flight.waiting = queue_.front();
        flight.server = *server;
        queue_.pop_front();
        // Its Identifier is chosen before it joins the records in flight; it cannot collide.
        sends.push_back(send(flight, now));
        ++servers_[*server].in_flight;
        in_flight_.push_back(flight);
    }
}

}  // namespace l2tp::radius
