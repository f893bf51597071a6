// The accounting record builder (RFC 2866 §4.1, §5; RFC 2867 §4; RFC 2868 §3): which
// attributes each Acct-Status-Type carries, their values, the counters split into Gigawords,
// wire text escaped and every text cut to 253 octets; the whole record encodes and decodes.
#include "radius/accounting_record.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "radius/packet.hpp"

namespace l2tp::radius {
namespace {

NasIdentity nas() {
    return {"lns1", Ipv4Address{192, 0, 2, 1}};
}

AccountingSession session() {
    AccountingSession s;
    s.session_id = "5f000000-00000001";
    s.nas_port = 7;
    s.user_name = "alice";
    s.classes = {{0x01, 0x02}, {0x03}};
    s.framed_ip_address = Ipv4Address{10, 0, 0, 7};
    s.calling_number = "0123\n456";
    s.called_number = "999";
    s.peer_host_name = "lac\x1b";
    s.medium = TunnelMediumType::kIpv4;
    s.client_endpoint = "198.51.100.2";
    s.server_endpoint = "192.0.2.1";
    s.tunnel_connection = "12/34";
    s.host_name = "lns1";
    return s;
}

AccountingEvent event_at(AcctStatusType status, std::uint32_t timestamp) {
    AccountingEvent event;
    event.status = status;
    event.event_timestamp = timestamp;
    return event;
}

const Attribute* find(const std::vector<Attribute>& attributes, AttributeType type) {
    const auto it = std::ranges::find(attributes, type, &Attribute::type);
    return it == attributes.end() ? nullptr : &*it;
}

std::uint32_t integer(const std::vector<Attribute>& attributes, AttributeType type) {
    const Attribute* attribute = find(attributes, type);
    EXPECT_NE(attribute, nullptr) << attribute_name(type);
    return attribute ? as_integer(*attribute).value_or(0xffffffff) : 0xffffffff;
}

std::string tagged(const std::vector<Attribute>& attributes, AttributeType type) {
    const Attribute* attribute = find(attributes, type);
    EXPECT_NE(attribute, nullptr) << attribute_name(type);
    return attribute ? std::string(as_tagged_string(*attribute)->value) : "";
}

TEST(AccountingRecord, StartCarriesTheSessionAndTunnelButNoUsage) {
    const auto start =
        accounting_attributes(nas(), session(), event_at(AcctStatusType::kStart, 1700));
    EXPECT_EQ(integer(start, attr::kAcctStatusType), 1u);
    EXPECT_EQ(as_text(*find(start, attr::kAcctSessionId)), "5f000000-00000001");
    EXPECT_EQ(integer(start, attr::kAcctAuthentic), 1u);
    EXPECT_EQ(as_text(*find(start, attr::kUserName)), "alice");
    EXPECT_EQ(std::ranges::count(start, attr::kClass, &Attribute::type), 2);
    EXPECT_EQ(integer(start, attr::kServiceType), 2u);
    EXPECT_EQ(integer(start, attr::kFramedProtocol), 1u);
    EXPECT_EQ(as_ipv4_address(*find(start, attr::kFramedIpAddress)), (Ipv4Address{10, 0, 0, 7}));
    EXPECT_EQ(as_text(*find(start, attr::kNasIdentifier)), "lns1");
    EXPECT_EQ(as_ipv4_address(*find(start, attr::kNasIpAddress)), (Ipv4Address{192, 0, 2, 1}));
    EXPECT_EQ(integer(start, attr::kNasPort), 7u);
    EXPECT_EQ(integer(start, attr::kNasPortType), 5u);
    EXPECT_EQ(as_text(*find(start, attr::kCalledStationId)), "999");
    EXPECT_EQ(as_tagged_integer(*find(start, attr::kTunnelType))->value, 3u);
    EXPECT_EQ(as_tagged_integer(*find(start, attr::kTunnelMediumType))->value, 1u);
    EXPECT_EQ(tagged(start, attr::kTunnelClientEndpoint), "198.51.100.2");
    EXPECT_EQ(tagged(start, attr::kTunnelServerEndpoint), "192.0.2.1");
    EXPECT_EQ(as_text(*find(start, attr::kAcctTunnelConnection)), "12/34");
    EXPECT_EQ(tagged(start, attr::kTunnelServerAuthId), "lns1");
    EXPECT_EQ(integer(start, attr::kEventTimestamp), 1700u);
    EXPECT_EQ(integer(start, attr::kAcctDelayTime), 0u);
    EXPECT_EQ(find(start, attr::kAcctSessionTime), nullptr);
    EXPECT_EQ(find(start, attr::kAcctInputOctets), nullptr);
    EXPECT_EQ(find(start, attr::kAcctTerminateCause), nullptr);
}

TEST(AccountingRecord, TextFromTheLacIsEscaped) {
    const auto start = accounting_attributes(nas(), session(), event_at(AcctStatusType::kStart, 0));
    EXPECT_EQ(as_text(*find(start, attr::kCallingStationId)), "0123\\x0a456");
    EXPECT_EQ(tagged(start, attr::kTunnelClientAuthId), "lac\\x1b");
}

TEST(AccountingRecord, InterimCarriesUsageWithGigawordsButNoCause) {
    AccountingEvent event = event_at(AcctStatusType::kInterimUpdate, 0);
    event.usage = {90, (std::uint64_t{3} << 32) + 5, 1234, (std::uint64_t{1} << 32) + 9, 8};
    const auto interim = accounting_attributes(nas(), session(), event);
    EXPECT_EQ(integer(interim, attr::kAcctStatusType), 3u);
    EXPECT_EQ(integer(interim, attr::kAcctSessionTime), 90u);
    EXPECT_EQ(integer(interim, attr::kAcctInputOctets), 5u);
    EXPECT_EQ(integer(interim, attr::kAcctInputGigawords), 3u);
    EXPECT_EQ(integer(interim, attr::kAcctOutputOctets), 1234u);
    EXPECT_EQ(integer(interim, attr::kAcctOutputGigawords), 0u);
    EXPECT_EQ(integer(interim, attr::kAcctInputPackets), 9u);
    EXPECT_EQ(integer(interim, attr::kAcctOutputPackets), 8u);
    EXPECT_EQ(find(interim, attr::kAcctTerminateCause), nullptr);
}

TEST(AccountingRecord, StopCarriesUsageAndTheTerminateCause) {
    AccountingEvent event = event_at(AcctStatusType::kStop, 0);
    event.usage.session_time = 5;
    event.terminate_cause = AcctTerminateCause::kIdleTimeout;
    const auto stop = accounting_attributes(nas(), session(), event);
    EXPECT_EQ(integer(stop, attr::kAcctStatusType), 2u);
    EXPECT_EQ(integer(stop, attr::kAcctSessionTime), 5u);
    EXPECT_EQ(integer(stop, attr::kAcctTerminateCause), 4u);
}

TEST(AccountingRecord, WhatIsUnknownIsLeftOutAndLongTextIsCut) {
    AccountingSession s = session();
    s.user_name = std::string(300, 'u');
    s.peer_host_name = std::string(300, 'h');
    s.framed_ip_address.reset();
    s.classes.clear();
    s.called_number.clear();
    const auto start = accounting_attributes(NasIdentity{}, s, event_at(AcctStatusType::kStart, 0));
    EXPECT_EQ(find(start, attr::kFramedIpAddress), nullptr);
    EXPECT_EQ(find(start, attr::kClass), nullptr);
    EXPECT_EQ(find(start, attr::kCalledStationId), nullptr);
    EXPECT_EQ(find(start, attr::kNasIdentifier), nullptr);
    EXPECT_EQ(find(start, attr::kNasIpAddress), nullptr);
    EXPECT_EQ(as_text(*find(start, attr::kUserName)).size(), kMaxValueLength);
    EXPECT_EQ(find(start, attr::kTunnelClientAuthId)->value.size(), kMaxValueLength);

    // Every attribute fits and the catalog accepts each value.
    const Packet packet{PacketCode::kAccountingRequest, 1, {}, start};
    std::vector<std::uint8_t> out;
    ASSERT_EQ(encode_packet(packet, out), EncodeFault::kNone);
    Packet back;
    const DecodeError error = decode_packet(out, back);
    EXPECT_FALSE(error) << describe(error);
    EXPECT_EQ(back.attributes, start);
}

TEST(AccountingRecord, AccountingOnAndOffNameTheNasAndNoSession) {
    for (const auto status : {AcctStatusType::kAccountingOn, AcctStatusType::kAccountingOff}) {
        const auto record = nas_state_attributes(nas(), status, "5F5E1000-00000000", 1800);
        EXPECT_EQ(integer(record, attr::kAcctStatusType), static_cast<std::uint32_t>(status));
        EXPECT_EQ(as_text(*find(record, attr::kAcctSessionId)), "5F5E1000-00000000");
        EXPECT_EQ(as_text(*find(record, attr::kNasIdentifier)), "lns1");
        EXPECT_EQ(as_ipv4_address(*find(record, attr::kNasIpAddress)), (Ipv4Address{192, 0, 2, 1}));
        EXPECT_EQ(integer(record, attr::kEventTimestamp), 1800u);
        EXPECT_EQ(integer(record, attr::kAcctDelayTime), 0u);
        EXPECT_EQ(find(record, attr::kUserName), nullptr);
        EXPECT_EQ(find(record, attr::kNasPort), nullptr);
        EXPECT_EQ(find(record, attr::kTunnelType), nullptr);
        EXPECT_EQ(find(record, attr::kAcctTerminateCause), nullptr);
    }
    const auto unnamed = nas_state_attributes({}, AcctStatusType::kAccountingOn, "X", 0);
    EXPECT_EQ(find(unnamed, attr::kNasIdentifier), nullptr);
    EXPECT_EQ(find(unnamed, attr::kNasIpAddress), nullptr);
}

TEST(AccountingRecord, DelayTimeIsReplacedNotRepeated) {
    auto record = accounting_attributes(nas(), session(), event_at(AcctStatusType::kStart, 0));
    set_acct_delay_time(record, 6);
    EXPECT_EQ(std::ranges::count(record, attr::kAcctDelayTime, &Attribute::type), 1);
    EXPECT_EQ(integer(record, attr::kAcctDelayTime), 6u);
}

}  // namespace
}  // namespace l2tp::radius
