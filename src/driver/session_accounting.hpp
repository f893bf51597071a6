// l2tpd's RADIUS accounting of PPP sessions (RFC 2866; docs/radius.md, "Accounting"): the relay
// radius.so reports to, the client to the configured servers, and each session's record from
// its pppd's start to its end. A session is numbered (NAS-Port) when its pppd starts, is
// accounted once radius.so's Start names that number, gets an Interim-Update every
// `interim_interval` and a Stop when it ends, with the kernel's counters and the first cause
// the driver learnt.
#pragma once

#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange (GCC 12)

#include <boost/asio.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dataplane/dataplane.hpp"
#include "driver/accounting_client.hpp"
#include "driver/accounting_relay.hpp"
#include "driver/session_ending.hpp"
#include "l2tp/model/action.hpp"
#include "ppp/radius_client_config.hpp"
#include "radius/accounting_record.hpp"
#include "radius/acct_session_ids.hpp"
#include "radius/nas_ports.hpp"
#include "radius/session_selector.hpp"
#include "transport/deadline_timer.hpp"

namespace l2tp::driver {

class SessionAccounting {
  public:
    using SessionKey = std::pair<std::uint32_t, std::uint32_t>;  // tunnel, session

    // The relay listens from here on. Throws boost::system::system_error when it cannot.
    SessionAccounting(boost::asio::io_context& io, dataplane::Dataplane& dataplane);
    ~SessionAccounting();
    SessionAccounting(const SessionAccounting&) = delete;
    SessionAccounting& operator=(const SessionAccounting&) = delete;

    // The radius block (at start and each reload): a client to the servers, made anew when
    // they changed (records in flight to the old ones are dropped). Throws
    // boost::system::system_error when a socket cannot be made.
    void configure(const ppp::RadiusClientConfig& config);
    // Where radius.so's files send its accounting.
    [[nodiscard]] ppp::AccountingRelayAddress relay_address() const;

    // Where we are in a session's tunnel: our address (Tunnel-Server-Endpoint) and Host Name
    // (Tunnel-Server-Auth-ID).
    struct OwnEnd {
        std::string address;
        std::string host_name;
    };
    // A RADIUS session's pppd is being started: it gets a NAS-Port; pppd's arguments that
    // give it to radius.so.
    std::vector<std::string> begin(const model::StartPpp& session, const OwnEnd& own);
    // What ended a session, as the driver learns it: the first one counts.
    void note_ending(SessionKey session, const SessionEnding& ending);
    // ... for every session of a tunnel, or of the daemon.
    void note_tunnel_ending(std::uint32_t tunnel_id, const SessionEnding& ending);
    void note_every_ending(const SessionEnding& ending);
    // The session is gone (before the datapath forgets its counters): Stop if it was started,
    // its NAS-Port free again. `otherwise`: the cause when none was noted.
    void end(SessionKey session, const SessionEnding& otherwise);

    // A clean stop, once every session's Stop is queued: Accounting-Off (RFC 2866 §5.1), and
    // `drained` called once every record has been answered (not when that never happens).
    void stop_accounting(std::function<void()> drained);
    // Every record sent has been answered, or nothing is configured.
    [[nodiscard]] bool drained() const;

    // What `l2tpctl show sessions` shows of an accounted session.
    struct View {
        std::uint32_t nas_port = 0;
        std::string acct_session_id;
        bool started = false;   // radius.so's Start came: the rest is known
        std::string user_name;  // as radius.so sent it: escape before showing
        std::optional<radius::Ipv4Address> framed_ip_address;
    };
    [[nodiscard]] std::optional<View> view(SessionKey session) const;
    // The sessions a Disconnect-Request's identifiers select (RFC 5176 §3).
    [[nodiscard]] std::vector<SessionKey> select(const radius::SessionSelector& selector) const;
    [[nodiscard]] const AccountingRelay& relay() const { return relay_; }
    // Nothing until a radius block was configured.
    [[nodiscard]] const AccountingClient* client() const { return client_.get(); }
    [[nodiscard]] const ppp::RadiusClientConfig& config() const { return config_; }

  private:
    struct Entry {
        radius::AccountingSession facts;
        std::optional<model::Time> started;  // when the Start was sent
        model::Time next_interim{};
        std::optional<SessionEnding> ending;
    };

    void start(const radius::PppdStart& pppd);
    void send(SessionKey session, const Entry& entry, radius::AcctStatusType status,
              radius::AcctTerminateCause cause = radius::AcctTerminateCause::kNasError);
    radius::SessionUsage usage(SessionKey session, const Entry& entry) const;
    void send_nas_state(radius::AcctStatusType on_or_off);
    void send_interims();
    void rearm_interim();

    boost::asio::io_context& io_;
    dataplane::Dataplane& dataplane_;
    ppp::RadiusClientConfig config_;
    radius::NasIdentity nas_;
    radius::AcctSessionIds session_ids_;
    radius::NasPorts nas_ports_;
    std::map<SessionKey, Entry> sessions_;
    AccountingRelay relay_;
    std::unique_ptr<AccountingClient> client_;
    bool accounting_on_sent_ = false;
    transport::DeadlineTimer interim_timer_;
};

}  // namespace l2tp::driver
