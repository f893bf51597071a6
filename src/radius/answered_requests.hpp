// The answers recently sent to Disconnect-Requests and CoA-Requests, so that a retransmission
// (the same client, Identifier and Request Authenticator: RFC 5080 §2.2.2) gets the same answer
// again and is not acted on twice. Bounded: the oldest answer makes room for a new one, and an
// answer older than the window is forgotten (RFC 5176 §3's Event-Timestamp window bounds how
// long a client retransmits). Sans-I/O: the caller gives the time.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "radius/packet.hpp"

namespace l2tp::radius {

class AnsweredRequests {
  public:
    using Clock = std::chrono::steady_clock;

    struct Key {
        std::string client;  // the sender's address and port, as the caller writes them
        std::uint8_t identifier = 0;
        Authenticator authenticator{};
        bool operator==(const Key&) const = default;
    };

    AnsweredRequests(std::size_t capacity, Clock::duration window)
        : capacity_(capacity), window_(window) {}

    // The answer given to this request within the window, or nullptr.
    const std::vector<std::uint8_t>* find(const Key& key, Clock::time_point now);
    void remember(Key key, std::vector<std::uint8_t> answer, Clock::time_point now);
    void set_window(Clock::duration window) { window_ = window; }
    [[nodiscard]] std::size_t size() const { return answers_.size(); }

  private:
    struct Answer {
        Key key;
        std::vector<std::uint8_t> octets;
        Clock::time_point sent;
    };
    void forget_older_than(Clock::time_point now);

    std::size_t capacity_;
    Clock::duration window_;
    std::deque<Answer> answers_;  // oldest first
};

}  // namespace l2tp::radius
