// The static tunnels that wait for the kernel to finish deleting an earlier tunnel of their ID
// before they can be made: the kernel deletes a tunnel on a work queue, and the ID stays taken
// until then. Sans-I/O, like the Supervisor: the owner asks next_deadline() when to call
// on_timer(), which asks the kernel, through the query it was given, whether each awaited ID is
// gone yet. A wait is bounded: past kBound from the deletion the tunnel is made anyway, and
// whatever the kernel then answers is reported.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "l2tp/model/time.hpp"

namespace l2tp::dataplane {

class DeletionWait {
  public:
    // Whether the kernel has no tunnel of this ID any more.
    using IsGone = std::function<bool(std::uint32_t tunnel_id)>;

    static constexpr model::Duration kPollInterval = std::chrono::milliseconds(10);
    static constexpr model::Duration kBound = std::chrono::seconds(2);

    explicit DeletionWait(IsGone is_gone) : is_gone_(std::move(is_gone)) {}

    // The kernel was asked at `now` to delete the tunnel of this ID.
    void deleted(std::uint32_t tunnel_id, model::Time now);
    // Whether a tunnel of this ID must wait: a deletion of ours may still hold the ID.
    [[nodiscard]] bool held(std::uint32_t tunnel_id, model::Time now) const;
    // Every ID a deletion of ours may still hold at `now`.
    [[nodiscard]] std::vector<std::uint32_t> held_ids(model::Time now) const;

    // The tunnel `name` waits for its ID to be released; the kernel is first asked at `now`.
    void wait(const std::string& name, std::uint32_t tunnel_id, model::Time now);
    // It no longer waits (removed or changed meanwhile).
    void cancel(const std::string& name);
    [[nodiscard]] bool waiting(const std::string& name) const;

    // The tunnels whose wait is over at `now`, to be made: their ID is gone, or the bound has
    // passed.
    std::vector<std::string> on_timer(model::Time now);
    [[nodiscard]] std::optional<model::Time> next_deadline() const;

  private:
    // Deletions nobody waits for, once they can no longer hold anyone up.
    void forget_expired(model::Time now);

    IsGone is_gone_;
    std::map<std::uint32_t, model::Time> deletions_;  // tunnel ID -> when the wait gives up
    std::map<std::string, std::uint32_t> waiting_;    // tunnel name -> the ID it waits for
    std::optional<model::Time> poll_at_;              // while any waits
};

}  // namespace l2tp::dataplane
