#include "radius/accounting_record.hpp"

#include <algorithm>
#include <span>
#include <string_view>

#include "l2tp/wire/printable.hpp"
#include "radius/attribute_catalog.hpp"

namespace l2tp::radius {

namespace {

// RFC 2868 §3: the tag of the one tunnel these attributes describe. 0 says "no tag"; one
// tunnel needs none.
constexpr std::uint8_t kNoTag = 0;

std::string_view bounded(std::string_view text) {
    return text.substr(0, kMaxValueLength);
}

template <typename Enum>
std::uint32_t value_of(Enum value) {
    return static_cast<std::uint32_t>(value);
}

std::uint32_t low_32_bits(std::uint64_t value) {
    return static_cast<std::uint32_t>(value);
}

std::uint32_t high_32_bits(std::uint64_t value) {
    return static_cast<std::uint32_t>(value >> 32);
}

class AttributeList {
  public:
    void integer(AttributeType type, std::uint32_t value) {
        out_.push_back(make_integer(type, value));
    }
    // Empty text is left out: a text attribute carries at least one octet (RFC 2865 §5).
    void text(AttributeType type, std::string_view value) {
        if (!value.empty()) {
            out_.push_back(make_text(type, bounded(value)));
        }
    }
    void peer_text(AttributeType type, std::string_view value) {
        text(type, wire::printable(value));
    }
    void tagged_text(AttributeType type, std::string_view value) {
        if (!value.empty()) {
            // The tag octet takes one of the 253.
            out_.push_back(make_tagged_string(type, kNoTag, value.substr(0, kMaxValueLength - 1)));
        }
    }
    void octets(AttributeType type, std::span<const std::uint8_t> value) {
        if (!value.empty()) {
            out_.push_back(make_octets(type, value.first(std::min(value.size(), kMaxValueLength))));
        }
    }
    void address(AttributeType type, const std::optional<Ipv4Address>& value) {
        if (value) {
            out_.push_back(make_ipv4_address(type, *value));
        }
    }
    void tagged_integer(AttributeType type, std::uint32_t value) {
        out_.push_back(make_tagged_integer(type, kNoTag, value));
    }
    std::vector<Attribute> take() { return std::move(out_); }

  private:
    std::vector<Attribute> out_;
};

void add_usage(AttributeList& list, const SessionUsage& usage) {
    list.integer(attr::kAcctSessionTime, usage.session_time);
    list.integer(attr::kAcctInputOctets, low_32_bits(usage.input_octets));
    list.integer(attr::kAcctInputGigawords, high_32_bits(usage.input_octets));
    list.integer(attr::kAcctOutputOctets, low_32_bits(usage.output_octets));
    list.integer(attr::kAcctOutputGigawords, high_32_bits(usage.output_octets));
    // RFC 2866 §5.8, §5.9: 32-bit counters; packets past 2^32 wrap like the octets do, with no
    // Gigawords of their own.
    list.integer(attr::kAcctInputPackets, low_32_bits(usage.input_packets));
    list.integer(attr::kAcctOutputPackets, low_32_bits(usage.output_packets));
}

}  // namespace

std::vector<Attribute> accounting_attributes(const NasIdentity& nas,
                                             const AccountingSession& session,
                                             const AccountingEvent& event) {
    AttributeList list;
    list.integer(attr::kAcctStatusType, value_of(event.status));
    list.text(attr::kAcctSessionId, session.session_id);
    list.integer(attr::kAcctAuthentic, value_of(AcctAuthentic::kRadius));
    list.text(attr::kUserName, session.user_name);
    for (const auto& class_value : session.classes) {
        list.octets(attr::kClass, class_value);
    }
    list.integer(attr::kServiceType, value_of(ServiceType::kFramed));
    list.integer(attr::kFramedProtocol, value_of(FramedProtocol::kPpp));
    list.address(attr::kFramedIpAddress, session.framed_ip_address);
    list.text(attr::kNasIdentifier, nas.identifier);
    list.address(attr::kNasIpAddress, nas.ip_address);
    list.integer(attr::kNasPort, session.nas_port);
    list.integer(attr::kNasPortType, value_of(NasPortType::kVirtual));
    list.peer_text(attr::kCallingStationId, session.calling_number);
    list.peer_text(attr::kCalledStationId, session.called_number);
    // RFC 2867 §4 and RFC 2868 §3: the tunnel the session came through.
    list.tagged_integer(attr::kTunnelType, value_of(TunnelType::kL2tp));
    list.tagged_integer(attr::kTunnelMediumType, value_of(session.medium));
    list.tagged_text(attr::kTunnelClientEndpoint, session.client_endpoint);
    list.tagged_text(attr::kTunnelServerEndpoint, session.server_endpoint);
    list.text(attr::kAcctTunnelConnection, session.tunnel_connection);
    list.tagged_text(attr::kTunnelClientAuthId, wire::printable(session.peer_host_name));
    list.tagged_text(attr::kTunnelServerAuthId, session.host_name);
    list.integer(attr::kEventTimestamp, event.event_timestamp);
    list.integer(attr::kAcctDelayTime, 0);
    if (event.status == AcctStatusType::kInterimUpdate || event.status == AcctStatusType::kStop) {
        add_usage(list, event.usage);
    }
    if (event.status == AcctStatusType::kStop) {
        list.integer(attr::kAcctTerminateCause, value_of(event.terminate_cause));
    }
    return list.take();
}

std::vector<Attribute> nas_state_attributes(const NasIdentity& nas, AcctStatusType on_or_off,
                                            std::string_view session_id,
                                            std::uint32_t event_timestamp) {
    AttributeList list;
    list.integer(attr::kAcctStatusType, value_of(on_or_off));
    list.text(attr::kAcctSessionId, session_id);
    list.text(attr::kNasIdentifier, nas.identifier);
    list.address(attr::kNasIpAddress, nas.ip_address);
    list.integer(attr::kEventTimestamp, event_timestamp);
    list.integer(attr::kAcctDelayTime, 0);
    return list.take();
}

void set_acct_delay_time(std::vector<Attribute>& attributes, std::uint32_t seconds) {
    const auto delay = std::ranges::find(attributes, attr::kAcctDelayTime, &Attribute::type);
    if (delay == attributes.end()) {
        attributes.push_back(make_integer(attr::kAcctDelayTime, seconds));
    } else {
        *delay = make_integer(attr::kAcctDelayTime, seconds);
    }
}

}  // namespace l2tp::radius
