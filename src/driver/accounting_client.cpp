#include "driver/accounting_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstring>

#include "radius/accounting_record.hpp"
#include "radius/authenticators.hpp"

namespace l2tp::driver {

namespace {

// The configuration holds dotted IPv4 addresses (radius.so's client has no IPv6).
transport::SocketAddress server_address(const ppp::RadiusServer& server) {
    transport::SocketAddress address;
    auto* in = reinterpret_cast<sockaddr_in*>(&address.storage);
    in->sin_family = AF_INET;
    in->sin_port = htons(server.acct_port);
    inet_pton(AF_INET, server.address.c_str(), &in->sin_addr);
    address.length = sizeof(sockaddr_in);
    return address;
}

bool same_address(const sockaddr_storage& from, const transport::SocketAddress& server) {
    const auto& a = reinterpret_cast<const sockaddr_in&>(from);
    const auto& b = reinterpret_cast<const sockaddr_in&>(server.storage);
    return a.sin_family == AF_INET && a.sin_port == b.sin_port &&
           a.sin_addr.s_addr == b.sin_addr.s_addr;
}

}  // namespace

AccountingClient::AccountingClient(boost::asio::io_context& io,
                                   const ppp::RadiusClientConfig& config,
                                   const radius::AccountingSchedule& schedule)
    : scheduler_(schedule), timer_(io, [this] { pump(); }) {
    for (const ppp::RadiusServer& configured : config.servers) {
        Server server;
        server.address = server_address(configured);
        server.secret.assign(configured.secret.begin(), configured.secret.end());
        servers_.push_back(std::move(server));
    }
    for (std::size_t index = 0; index < servers_.size(); ++index) {
        const int fd = transport::open_socket(AF_INET, SOCK_DGRAM, 0, "accounting socket");
        servers_[index].socket = transport::DatagramSocket::adopt(
            io, fd,
            [this, index](wire::Bytes datagram, const sockaddr_storage& from, std::uint32_t) {
                receive(index, datagram, from);
            });
    }
}

AccountingClient::~AccountingClient() {
    for (Server& server : servers_) {
        server.socket->close();
    }
}

bool AccountingClient::send(std::vector<radius::Attribute> record) {
    const auto id = ++next_record_;
    if (!scheduler_.enqueue(id, model::Clock::now())) {
        return false;
    }
    records_.emplace(id, std::move(record));
    pump();
    return true;
}

void AccountingClient::pump() {
    const model::Time now = model::Clock::now();
    for (const radius::AccountingScheduler::Send& due : scheduler_.poll(now)) {
        auto record = records_.find(due.record);
        if (record == records_.end()) {
            continue;
        }
        radius::set_acct_delay_time(record->second, due.delay_seconds);
        radius::Packet request{
            radius::PacketCode::kAccountingRequest, due.identifier, {}, record->second};
        Server& server = servers_[due.server];
        std::vector<std::uint8_t> octets;
        // The builder cuts every value to fit; a record too long for one packet is lost.
        if (radius::sign_request(request, server.secret, octets) != radius::EncodeFault::kNone) {
            continue;
        }
        server.sent[due.identifier] = request.authenticator;
        server.socket->send_to(octets, server.address);
    }
    timer_.arm(scheduler_.next_deadline(now));
}

void AccountingClient::receive(std::size_t index, wire::Bytes datagram,
                               const sockaddr_storage& from) {
    Server& server = servers_[index];
    radius::Packet response;
    const auto sent = [&]() -> const radius::Authenticator* {
        const auto it = server.sent.find(response.identifier);
        return it == server.sent.end() ? nullptr : &it->second;
    };
    if (!same_address(from, server.address) || radius::decode_packet(datagram, response) ||
        response.code != radius::PacketCode::kAccountingResponse || sent() == nullptr ||
        radius::verify_response(response, *sent(), server.secret,
                                radius::MessageAuthenticator::kCheckIfPresent) !=
            radius::Verdict::kAuthentic) {
        ++bad_responses_;
        return;
    }
    if (const auto done = scheduler_.on_response(index, response.identifier)) {
        records_.erase(*done);
        server.sent.erase(response.identifier);
    }
    pump();
    if (records_.empty() && idle_hook_) {
        idle_hook_();
    }
}

}  // namespace l2tp::driver
