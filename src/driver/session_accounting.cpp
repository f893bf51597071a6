#include "driver/session_accounting.hpp"

#include <arpa/inet.h>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

#include "driver/unix_time.hpp"

namespace l2tp::driver {

namespace {

radius::NasIdentity nas_identity(const ppp::RadiusClientConfig& config) {
    radius::NasIdentity nas{config.nas_identifier, std::nullopt};
    radius::Ipv4Address address{};
    if (inet_pton(AF_INET, config.nas_ip_address.c_str(), address.data()) == 1) {
        nas.ip_address = address;
    }
    return nas;
}

// RFC 5080 §2.2.1's schedule with the configured timeout and sends per server.
radius::AccountingSchedule schedule_of(const ppp::RadiusClientConfig& config) {
    radius::AccountingSchedule schedule;
    schedule.servers = config.servers.size();
    schedule.timeout = std::chrono::seconds(config.timeout);
    schedule.tries = std::max<std::uint32_t>(config.retries, 1);
    return schedule;
}

bool same_servers(const ppp::RadiusClientConfig& a, const ppp::RadiusClientConfig& b) {
    return a.servers == b.servers && a.timeout == b.timeout && a.retries == b.retries;
}

}  // namespace

SessionAccounting::SessionAccounting(boost::asio::io_context& io, dataplane::Dataplane& dataplane)
    : io_(io),
      dataplane_(dataplane),
      session_ids_(unix_time()),
      relay_(io, [this](const radius::PppdStart& pppd) { start(pppd); }),
      interim_timer_(io, [this] { send_interims(); }) {}

SessionAccounting::~SessionAccounting() = default;

void SessionAccounting::configure(const ppp::RadiusClientConfig& config) {
    if (!client_ || !same_servers(config, config_)) {
        client_ = std::make_unique<AccountingClient>(io_, config, schedule_of(config));
    }
    config_ = config;
    nas_ = nas_identity(config);
    // Once per start: to the servers of a reload it would end the sessions still up.
    if (!accounting_on_sent_) {
        send_nas_state(radius::AcctStatusType::kAccountingOn);
        accounting_on_sent_ = true;
    }
    rearm_interim();
}

void SessionAccounting::stop_accounting(std::function<void()> drained) {
    if (!client_) {
        return;
    }
    send_nas_state(radius::AcctStatusType::kAccountingOff);
    client_->on_idle(std::move(drained));
}

bool SessionAccounting::drained() const {
    return !client_ || client_->idle();
}

void SessionAccounting::send_nas_state(radius::AcctStatusType on_or_off) {
    const bool on = on_or_off == radius::AcctStatusType::kAccountingOn;
    if (!client_->send(
            radius::nas_state_attributes(nas_, on_or_off, session_ids_.daemon(), unix_time()))) {
        spdlog::warn("radius accounting: queue full, {} dropped",
                     on ? "Accounting-On" : "Accounting-Off");
        return;
    }
    spdlog::info("radius accounting: {} sent as NAS-Identifier '{}', NAS-IP-Address {}",
                 on ? "Accounting-On" : "Accounting-Off", nas_.identifier,
                 config_.nas_ip_address.empty() ? "none" : config_.nas_ip_address);
}

ppp::AccountingRelayAddress SessionAccounting::relay_address() const {
    return {"127.0.0.1", relay_.port(), relay_.secret()};
}

std::vector<std::string> SessionAccounting::begin(const model::StartPpp& session,
                                                  const OwnEnd& own) {
    const auto port = nas_ports_.acquire();
    if (!port) {
        return {};
    }
    radius::AccountingSession facts;
    facts.session_id = session_ids_.next();
    facts.nas_port = *port;
    facts.calling_number = session.calling_number;
    facts.called_number = session.called_number;
    facts.peer_host_name = session.peer_host_name;
    facts.medium = session.peer.family == model::PeerEndpoint::Family::kIpv6
                       ? radius::TunnelMediumType::kIpv6
                       : radius::TunnelMediumType::kIpv4;
    facts.client_endpoint = session.peer.address_string();
    facts.server_endpoint = own.address;
    // RFC 2867 §4.1 leaves the format to the NAS: the call's Call Serial Number (RFC 2661
    // §4.4.5), which the LAC logs too.
    facts.tunnel_connection = std::to_string(session.call_serial);
    facts.host_name = own.host_name;
    const SessionKey key{session.tunnel_id, session.session_id};
    if (const auto old = sessions_.find(key); old != sessions_.end()) {
        nas_ports_.release(old->second.facts.nas_port);  // a pppd started again: renumbered
    }
    sessions_[key] = Entry{std::move(facts), std::nullopt, {}, std::nullopt};
    return {"avpair", "NAS-Port=" + std::to_string(*port)};
}

void SessionAccounting::start(const radius::PppdStart& pppd) {
    const auto it = std::find_if(sessions_.begin(), sessions_.end(), [&](const auto& entry) {
        return entry.second.facts.nas_port == pppd.nas_port;
    });
    // radius.so sends its Start again when our answer was lost: the first one started it.
    if (it == sessions_.end() || it->second.started) {
        return;
    }
    Entry& entry = it->second;
    entry.facts.user_name = pppd.user_name;
    entry.facts.classes = pppd.classes;
    entry.facts.framed_ip_address = pppd.framed_ip_address;
    entry.started = model::Clock::now();
    entry.next_interim = *entry.started + std::chrono::seconds(config_.interim_interval);
    send(it->first, entry, radius::AcctStatusType::kStart);
    rearm_interim();
}

void SessionAccounting::note_ending(SessionKey session, const SessionEnding& ending) {
    if (const auto it = sessions_.find(session); it != sessions_.end() && !it->second.ending) {
        it->second.ending = ending;
    }
}

void SessionAccounting::note_tunnel_ending(std::uint32_t tunnel_id, const SessionEnding& ending) {
    for (auto& [key, entry] : sessions_) {
        if (key.first == tunnel_id && !entry.ending) {
            entry.ending = ending;
        }
    }
}

void SessionAccounting::note_every_ending(const SessionEnding& ending) {
    for (auto& [key, entry] : sessions_) {
        if (!entry.ending) {
            entry.ending = ending;
        }
    }
}

void SessionAccounting::end(SessionKey session, const SessionEnding& otherwise) {
    const auto it = sessions_.find(session);
    if (it == sessions_.end()) {
        return;
    }
    const Entry& entry = it->second;
    if (entry.started) {
        send(session, entry, radius::AcctStatusType::kStop,
             terminate_cause(entry.ending.value_or(otherwise)));
    }
    nas_ports_.release(entry.facts.nas_port);
    sessions_.erase(it);
}

radius::SessionUsage SessionAccounting::usage(SessionKey session, const Entry& entry) const {
    radius::SessionUsage usage;
    usage.session_time = static_cast<std::uint32_t>(
        std::chrono::duration_cast<std::chrono::seconds>(model::Clock::now() - *entry.started)
            .count());
    // What the kernel's L2TP session carried: received from the LAC is the subscriber's input.
    if (const auto datapath = dataplane_.session_datapath(session.first, session.second)) {
        usage.input_octets = datapath->counters.rx_bytes;
        usage.input_packets = datapath->counters.rx_packets;
        usage.output_octets = datapath->counters.tx_bytes;
        usage.output_packets = datapath->counters.tx_packets;
    }
    return usage;
}

void SessionAccounting::send(SessionKey session, const Entry& entry, radius::AcctStatusType status,
                             radius::AcctTerminateCause cause) {
    if (!client_) {
        return;
    }
    radius::AccountingEvent event;
    event.status = status;
    event.event_timestamp = unix_time();
    event.terminate_cause = cause;
    if (status != radius::AcctStatusType::kStart) {
        event.usage = usage(session, entry);
    }
    if (!client_->send(radius::accounting_attributes(nas_, entry.facts, event))) {
        spdlog::warn("radius accounting: queue full, Acct-Status-Type {} of {} dropped",
                     static_cast<std::uint32_t>(status), entry.facts.session_id);
    }
}

void SessionAccounting::send_interims() {
    if (config_.interim_interval == 0) {
        return;
    }
    const model::Time now = model::Clock::now();
    for (auto& [key, entry] : sessions_) {
        if (entry.started && entry.next_interim <= now) {
            send(key, entry, radius::AcctStatusType::kInterimUpdate);
            entry.next_interim = now + std::chrono::seconds(config_.interim_interval);
        }
    }
    rearm_interim();
}

void SessionAccounting::rearm_interim() {
    if (config_.interim_interval == 0) {
        return;
    }
    std::optional<model::Time> next;
    for (const auto& [key, entry] : sessions_) {
        if (entry.started && (!next || entry.next_interim < *next)) {
            next = entry.next_interim;
        }
    }
    interim_timer_.arm(next);
}

std::optional<SessionAccounting::View> SessionAccounting::view(SessionKey session) const {
    const auto it = sessions_.find(session);
    if (it == sessions_.end()) {
        return std::nullopt;
    }
    const radius::AccountingSession& facts = it->second.facts;
    return View{facts.nas_port, facts.session_id, it->second.started.has_value(), facts.user_name,
                facts.framed_ip_address};
}

std::vector<SessionAccounting::SessionKey> SessionAccounting::select(
    const radius::SessionSelector& selector) const {
    std::vector<SessionKey> out;
    for (const auto& [key, entry] : sessions_) {
        if (radius::selects(selector, entry.facts)) {
            out.push_back(key);
        }
    }
    return out;
}

}  // namespace l2tp::driver
