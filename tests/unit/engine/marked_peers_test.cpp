// L2TP/IPsec clients behind one NAT: they share the NAT's address and port 1701 and differ only
// by the packet mark of their IPsec SA, which the transport puts in PeerEndpoint::mark.
#include <gtest/gtest.h>

#include <vector>

#include "l2tp/engine/engine.hpp"
#include "l2tp/wire/control_message.hpp"
#include "l2tp/wire/message_builder.hpp"
#include "support/sample_messages.hpp"

namespace l2tp::engine {
namespace {

using namespace l2tp::model;  // the vocabulary the engine is driven with
using l2tp::testing::minimal_v2_sccrq;

EngineConfig lns() {
    EngineConfig c;
    c.accept_v2 = TunnelProfile{};
    c.accept_v2->version = wire::ProtocolVersion::kV2;
    return c;
}

PeerEndpoint behind_nat(std::uint32_t mark) {
    PeerEndpoint e = PeerEndpoint::ipv4(198, 51, 100, 7, 1701);
    e.mark = mark;
    return e;
}

std::vector<SendDatagram> sent(Engine& e) {
    std::vector<SendDatagram> out;
    for (Action& a : e.take_actions()) {
        if (auto* send = std::get_if<SendDatagram>(&a)) {
            out.push_back(*send);
        }
    }
    return out;
}

// Both clients may well pick the same Assigned Tunnel ID: only the mark tells them apart.
TEST(MarkedPeers, TwoClientsBehindOneNatGetATunnelEach) {
    Engine e(lns());
    e.on_datagram(minimal_v2_sccrq(1), behind_nat(1), {});
    e.on_datagram(minimal_v2_sccrq(1), behind_nat(2), {});
    const std::vector<TunnelInfo> tunnels = e.tunnels();
    ASSERT_EQ(tunnels.size(), 2u);
    EXPECT_NE(tunnels[0].peer.mark, tunnels[1].peer.mark);
    // Each SCCRP goes to its own client's mark, so that its own SA encrypts it.
    std::vector<std::uint32_t> marks;
    for (const SendDatagram& s : sent(e)) {
        wire::ControlMessage m;
        (void)wire::decode_control_message(s.bytes, wire::Encapsulation::kUdp, {}, m);
        EXPECT_EQ(m.type(), wire::MessageType::kSccrp);
        marks.push_back(s.to.mark);
    }
    EXPECT_EQ(marks, (std::vector<std::uint32_t>{1, 2}));
}

TEST(MarkedPeers, ARetransmittedSccrqWithTheSameMarkIsTheSameTunnel) {
    Engine e(lns());
    e.on_datagram(minimal_v2_sccrq(1), behind_nat(1), {});
    e.on_datagram(minimal_v2_sccrq(1), behind_nat(1), {});
    EXPECT_EQ(e.tunnels().size(), 1u);
}

// A message for one client's tunnel that comes under another client's mark is not its peer's.
TEST(MarkedPeers, AnotherMarkCannotSpeakForATunnel) {
    Engine e(lns());
    e.on_datagram(minimal_v2_sccrq(1), behind_nat(1), {});
    const std::vector<SendDatagram> answers = sent(e);
    ASSERT_EQ(answers.size(), 1u);
    wire::ControlMessage sccrp;
    (void)wire::decode_control_message(answers[0].bytes, wire::Encapsulation::kUdp, {}, sccrp);
    const auto our_id =
        static_cast<std::uint32_t>(*sccrp.unsigned_value(wire::avp::kAssignedTunnelId));
    const wire::BuiltMessage scccn =
        wire::MessageBuilder(wire::ProtocolVersion::kV2, wire::MessageType::kScccn)
            .finish({wire::ProtocolVersion::kV2, our_id, 0, 1, 1});
    ASSERT_TRUE(scccn);
    const std::uint64_t unknown_before = e.stats().unknown_tunnel;
    e.on_datagram(scccn.bytes, behind_nat(2), {});
    EXPECT_EQ(e.stats().unknown_tunnel, unknown_before + 1);
    EXPECT_NE(e.tunnel(our_id)->state, TunnelState::kEstablished);
    e.on_datagram(scccn.bytes, behind_nat(1), {});
    EXPECT_EQ(e.tunnel(our_id)->state, TunnelState::kEstablished);
}

TEST(MarkedPeers, TheMarkIsShownWithTheAddressAndTellsEndpointsApart) {
    EXPECT_EQ(behind_nat(0).to_string(), "198.51.100.7:1701");
    EXPECT_EQ(behind_nat(3).to_string(), "198.51.100.7:1701 mark 3");
    EXPECT_FALSE(behind_nat(1) == behind_nat(2));
    EXPECT_NE(PeerEndpointHash{}(behind_nat(1)), PeerEndpointHash{}(behind_nat(2)));
    // Still the same host: a peer configured by address matches every client behind it.
    EXPECT_TRUE(same_host(behind_nat(1), behind_nat(2)));
}

}  // namespace
}  // namespace l2tp::engine
