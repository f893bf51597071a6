#include "support/engine_pair.hpp"

#include <algorithm>

namespace l2tp::testing {

namespace {

// Each engine draws from a stream of its own made from the seed, unless its test gave one: a
// run is then the same every time (tests/unit/engine: SameSeedSameRun).
model::EngineConfig seeded(model::EngineConfig config, std::uint64_t seed) {
    if (!config.random) {
        config.random = std::make_shared<wire::SeededRandom>(seed);
    }
    return config;
}

}  // namespace

EnginePair::EnginePair(model::EngineConfig a_config, model::EngineConfig b_config, LinkProfile link,
                       std::uint32_t seed)
    : a(seeded(std::move(a_config), std::uint64_t{seed} * 2)),
      b(seeded(std::move(b_config), std::uint64_t{seed} * 2 + 1)),
      seed_(seed),
      ab_(link, seed),
      ba_(link, seed + 1) {}

void EnginePair::set_link(LinkProfile profile) {
    ab_ = LossyLink(profile, ++seed_);
    ba_ = LossyLink(profile, ++seed_);
}

void EnginePair::collect() {
    for (model::Action& action : a.take_actions()) {
        if (auto* send = std::get_if<model::SendDatagram>(&action)) {
            sent_by_a.push_back(send->bytes);
            if (!lose_from_a || !lose_from_a(send->bytes)) {
                ab_.push(std::move(send->bytes), now);
            }
        } else {
            actions_a.push_back(std::move(action));
        }
    }
    for (model::Action& action : b.take_actions()) {
        if (auto* send = std::get_if<model::SendDatagram>(&action)) {
            sent_by_b.push_back(send->bytes);
            if (!lose_from_b || !lose_from_b(send->bytes)) {
                ba_.push(std::move(send->bytes), now);
            }
        } else {
            actions_b.push_back(std::move(action));
        }
    }
}

bool EnginePair::run_until(const std::function<bool()>& done, model::Duration limit) {
    const model::Time end = now + limit;
    for (;;) {
        collect();
        if (done()) {
            return true;
        }
        model::Time next = model::Time::max();
        for (const auto t :
             {a.next_deadline(), b.next_deadline(), ab_.next_due(), ba_.next_due()}) {
            if (t) {
                next = std::min(next, *t);
            }
        }
        if (next > end) {
            now = end;
            return done();
        }
        now = std::max(now, next);
        // The datagrams due at one instant are one receive batch.
        for (auto& d : ab_.pop_due(now)) {
            b.on_datagram(d, address_a, now);
        }
        b.end_batch();
        for (auto& d : ba_.pop_due(now)) {
            a.on_datagram(d, address_b, now);
        }
        a.end_batch();
        a.on_timer(now);
        b.on_timer(now);
    }
}

void EnginePair::run_for(model::Duration span) {
    run_until([] { return false; }, span);
}

}  // namespace l2tp::testing
