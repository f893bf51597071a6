// libFuzzer target: the whole protocol core, packets plus time. Two engines (a LAC and an LNS)
// are joined by a link the input drives: each input octet delivers, drops, corrupts or injects
// a datagram, moves time on, or places and clears calls, so every state of both state machines
// meets hostile and mistimed input.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <vector>

#include "l2tp/engine/engine.hpp"

using namespace l2tp;
using namespace std::chrono_literals;

namespace {

class Input {
  public:
    Input(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
    bool empty() const { return pos_ >= size_; }
    std::uint8_t next() { return pos_ < size_ ? data_[pos_++] : 0; }

  private:
    const std::uint8_t* data_;
    std::size_t size_;
    std::size_t pos_ = 0;
};

model::TunnelProfile profile_for(std::uint8_t choice) {
    model::TunnelProfile p;
    p.hello_interval = 5s;
    switch (choice % 3) {
        case 0:
            p.secret = "fuzz";
            p.challenge = true;
            p.hide_avps = true;
            break;
        case 1:
            p.version = wire::ProtocolVersion::kV3;
            p.secret = "fuzz";
            p.digest = wire::DigestType::kHmacMd5;
            p.accepted_calls.cookie_length = 8;
            break;
        default:
            p.version = wire::ProtocolVersion::kV3;
            break;
    }
    return p;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    Input in(data, size);
    const model::TunnelProfile profile = profile_for(in.next());
    // Randomness comes from the input too, so that a crash replays exactly from its input.
    const std::uint64_t seed = in.next();
    model::EngineConfig lac_config;
    lac_config.random = std::make_shared<wire::SeededRandom>(seed * 2);
    model::EngineConfig lns_config;
    lns_config.random = std::make_shared<wire::SeededRandom>(seed * 2 + 1);
    (profile.version == wire::ProtocolVersion::kV2 ? lns_config.accept_v2 : lns_config.accept_v3) =
        profile;
    engine::Engine lac(lac_config);
    engine::Engine lns(lns_config);
    const auto lac_address = model::PeerEndpoint::ipv4(192, 0, 2, 1);
    const auto lns_address = model::PeerEndpoint::ipv4(192, 0, 2, 2);
    model::Time now{};
    std::deque<std::vector<std::uint8_t>> to_lns;
    std::deque<std::vector<std::uint8_t>> to_lac;
    std::vector<std::uint32_t> lac_sessions;
    const std::uint32_t tunnel = *lac.open_tunnel(lns_address, profile, now);

    auto collect = [&] {
        for (auto& action : lac.take_actions()) {
            if (auto* send = std::get_if<model::SendDatagram>(&action)) {
                to_lns.push_back(std::move(send->bytes));
            }
        }
        for (auto& action : lns.take_actions()) {
            if (auto* send = std::get_if<model::SendDatagram>(&action)) {
                to_lac.push_back(std::move(send->bytes));
            }
        }
    };
    auto pop = [](std::deque<std::vector<std::uint8_t>>& queue) {
        std::vector<std::uint8_t> d = std::move(queue.front());
        queue.pop_front();
        return d;
    };

    while (!in.empty()) {
        // Each step is one receive batch: what it left unacknowledged is acknowledged now.
        lac.end_batch();
        lns.end_batch();
        collect();
        switch (in.next() % 8) {
            case 0:
                if (!to_lns.empty())
                    lns.on_datagram(pop(to_lns), lac_address, now);
                break;
            case 1:
                if (!to_lac.empty())
                    lac.on_datagram(pop(to_lac), lns_address, now);
                break;
            case 2:
                if (!to_lns.empty())
                    to_lns.pop_front();
                if (!to_lac.empty())
                    to_lac.pop_front();
                break;
            case 3: {
                const std::uint8_t at = in.next();
                const std::uint8_t flip = in.next();
                auto& queue = at & 1 ? to_lac : to_lns;
                if (!queue.empty()) {
                    std::vector<std::uint8_t> d = pop(queue);
                    if (!d.empty())
                        d[at % d.size()] ^= flip;
                    if (at & 1) {
                        lac.on_datagram(d, lns_address, now);
                    } else {
                        lns.on_datagram(d, lac_address, now);
                    }
                }
                break;
            }
            case 4:
                now += in.next() * 100ms;
                lac.on_timer(now);
                lns.on_timer(now);
                break;
            case 5: {
                model::SessionParams params;
                const std::uint8_t how = in.next();
                params.direction =
                    how & 1 ? model::CallDirection::kOutgoing : model::CallDirection::kIncoming;
                params.pseudowire_type = how & 2 ? model::kPwEthernet : model::kPwPpp;
                params.cookie_length = static_cast<std::uint8_t>((how >> 2) % 3 * 4);
                if (const auto id = lac.place_call(tunnel, params, now)) {
                    lac_sessions.push_back(*id);
                }
                break;
            }
            case 6: {
                const std::uint8_t which = in.next();
                if (which == 0xff) {
                    lac.close_tunnel(tunnel, now);
                } else if (!lac_sessions.empty()) {
                    lac.close_session(tunnel, lac_sessions[which % lac_sessions.size()], now);
                }
                break;
            }
            case 7: {
                std::vector<std::uint8_t> raw(in.next());
                for (auto& octet : raw)
                    octet = in.next();
                lns.on_datagram(raw, lac_address, now);
                break;
            }
        }
    }
    // Whatever happened, running time out must leave nothing behind once the peers stop
    // talking: every tunnel is closed by retries or its hold period.
    for (int i = 0; i < 200 && (lac.next_deadline() || lns.next_deadline()); ++i) {
        now += 10s;
        collect();
        to_lns.clear();
        to_lac.clear();
        lac.on_timer(now);
        lns.on_timer(now);
    }
    if (!lac.tunnels().empty() || !lns.tunnels().empty()) {
        __builtin_trap();  // state survived its teardown
    }
    return 0;
}
