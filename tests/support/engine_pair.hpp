// Two engines in one process joined by lossy links on a simulated clock: the LAC/LNS (or two
// LCCEs) of a protocol test, with every action they take recorded.
#pragma once

#include <functional>
#include <vector>

#include "l2tp/engine/engine.hpp"
#include "support/lossy_link.hpp"

namespace l2tp::testing {

class EnginePair {
  public:
    EnginePair(model::EngineConfig a, model::EngineConfig b, LinkProfile link = {},
               std::uint32_t seed = 1);

    // Runs the simulation until `done` holds or `limit` of simulated time has passed; returns
    // whether `done` held.
    bool run_until(const std::function<bool()>& done, model::Duration limit);
    // Runs for exactly `span` of simulated time.
    void run_for(model::Duration span);

    // Replaces the link profile in both directions (e.g. to cut the peer off).
    void set_link(LinkProfile profile);
    // Datagrams the links lost, both directions.
    [[nodiscard]] std::size_t dropped() const { return ab_.dropped() + ba_.dropped(); }

    engine::Engine a;
    engine::Engine b;
    const model::PeerEndpoint address_a = model::PeerEndpoint::ipv4(192, 0, 2, 1);
    const model::PeerEndpoint address_b = model::PeerEndpoint::ipv4(192, 0, 2, 2);
    model::Time now{};
    // When set, datagrams from A (B) for which they return true are lost.
    std::function<bool(const std::vector<std::uint8_t>&)> lose_from_a;
    std::function<bool(const std::vector<std::uint8_t>&)> lose_from_b;
    // Every non-send action of each side, in order, and every datagram each side sent.
    std::vector<model::Action> actions_a;
    std::vector<model::Action> actions_b;
    std::vector<std::vector<std::uint8_t>> sent_by_a;
    std::vector<std::vector<std::uint8_t>> sent_by_b;

  private:
    void collect();
    std::uint32_t seed_;
    LossyLink ab_;
    LossyLink ba_;
};

// The first recorded action of type T, or nullptr.
template <typename T>
const T* first_action(const std::vector<model::Action>& actions) {
    for (const model::Action& action : actions) {
        if (const T* found = std::get_if<T>(&action)) {
            return found;
        }
    }
    return nullptr;
}

}  // namespace l2tp::testing
