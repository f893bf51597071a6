// `l2tpctl stats`'s view of the RFC 5176 listener: every outcome by name, the NAKs by
// Error-Cause, the sessions ended.
#include "mgmt/stats_json.hpp"

#include <gtest/gtest.h>

namespace l2tp::mgmt {
namespace {

TEST(StatsJson, DisconnectCountersByOutcomeAndErrorCause) {
    driver::DisconnectCounters c;
    c.requests[static_cast<std::size_t>(driver::DisconnectOutcome::kAck)] = 2;
    c.requests[static_cast<std::size_t>(driver::DisconnectOutcome::kBadAuthenticator)] = 1;
    c.naks_by_cause[503] = 4;
    c.sessions_disconnected = 3;
    const nlohmann::json j = disconnect_json(c);
    EXPECT_EQ(j["requests"].size(), driver::kDisconnectOutcomes);
    EXPECT_EQ(j["requests"]["ack"], 2);
    EXPECT_EQ(j["requests"]["bad_authenticator"], 1);
    EXPECT_EQ(j["requests"]["unknown_client"], 0);
    EXPECT_EQ(j["naks_by_error_cause"], (nlohmann::json{{"503", 4}}));
    EXPECT_EQ(j["sessions_disconnected"], 3);
}

}  // namespace
}  // namespace l2tp::mgmt
