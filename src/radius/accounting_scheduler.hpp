// When each accounting record goes to which server: the retransmission and failover rules of
// l2tpd's accounting client, sans-I/O (events and the time in, sends out). A record goes to
// the first server not set aside; it is sent again every `timeout` up to `tries` sends, each
// time with a new Identifier since its Acct-Delay-Time changed (RFC 5080 §2.2.1); then that
// server is set aside for `hold_down` and the record moves on to the next one. When every
// server is set aside records wait in a bounded queue: what does not fit is dropped and
// counted, nothing else is lost.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

namespace l2tp::radius {

struct AccountingSchedule {
    std::size_t servers = 1;
    std::chrono::seconds timeout{3};
    std::uint32_t tries = 3;  // sends per server, the first included
    std::chrono::seconds hold_down{30};
    std::size_t max_in_flight = 64;  // per server; below 256, the Identifiers there are
    std::size_t max_queued = 4096;
};

struct AccountingServerCounters {
    std::uint64_t requests = 0;  // sends, retransmissions included
    std::uint64_t responses = 0;
    std::uint64_t timeouts = 0;   // sends that went unanswered for `timeout`
    std::uint64_t failovers = 0;  // records moved away from this server
};

class AccountingScheduler {
  public:
    using Clock = std::chrono::steady_clock;
    using RecordId = std::uint64_t;

    // Sign record `record` with this Identifier and Acct-Delay-Time and send it to `server`.
    struct Send {
        RecordId record = 0;
        std::size_t server = 0;
        std::uint8_t identifier = 0;
        std::uint32_t delay_seconds = 0;
    };

    explicit AccountingScheduler(const AccountingSchedule& schedule);

    // A new record, created at `now`; false when the queue is full (it is dropped and counted).
    // It is sent by the next poll().
    bool enqueue(RecordId record, Clock::time_point now);
    // An authentic Accounting-Response from `server`: the record it completes, or nullopt when
    // nothing waits for that Identifier there (a late answer to an earlier send).
    std::optional<RecordId> on_response(std::size_t server, std::uint8_t identifier);
    // What is due at `now`: retransmissions, failovers, queued records.
    std::vector<Send> poll(Clock::time_point now);
    // When poll() next has something to do, asked after poll(now); nullopt while nothing waits.
    std::optional<Clock::time_point> next_deadline(Clock::time_point now) const;

    const AccountingServerCounters& counters(std::size_t server) const;
    std::uint64_t queue_drops() const { return queue_drops_; }
    std::size_t queued() const { return queue_.size(); }
    std::size_t in_flight() const { return in_flight_.size(); }

  private:
    struct Waiting {
        RecordId record = 0;
        Clock::time_point created;
    };
    struct InFlight {
        Waiting waiting;
        std::size_t server = 0;
        std::uint8_t identifier = 0;
        std::uint32_t sends = 0;
        Clock::time_point deadline;
    };
    struct Server {
        Clock::time_point set_aside_until{};
        std::uint8_t next_identifier = 0;
        std::size_t in_flight = 0;
        AccountingServerCounters counters;
    };

    std::optional<std::size_t> usable_server(Clock::time_point now) const;
    std::uint8_t fresh_identifier(std::size_t server);
    Send send(InFlight& flight, Clock::time_point now);
    void dispatch_queue(Clock::time_point now, std::vector<Send>& sends);

    AccountingSchedule schedule_;
    std::vector<Server> servers_;
    std::deque<Waiting> queue_;
    std::vector<InFlight> in_flight_;
    std::uint64_t queue_drops_ = 0;
};

}  // namespace l2tp::radius
