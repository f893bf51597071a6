// The management answers: about tunnels, whatever a peer put in its strings; requests checked
// as strictly as the configuration; the kernel asked only by the commands that show its state.
#include "mgmt/commands.hpp"

#include <gtest/gtest.h>

#include "dataplane/null_dataplane.hpp"
#include "support/parse_config.hpp"

namespace l2tp::mgmt {
namespace {

TEST(Commands, TunnelWithAHostNameThatIsNotUtf8IsShownEscaped) {
    model::TunnelInfo tunnel;
    tunnel.tunnel_id = 7;
    tunnel.peer_host_name = "\xff\xfe\r\n";  // as a hostile SCCRQ can carry it
    const nlohmann::json answer = view(tunnel);
    std::string text;
    ASSERT_NO_THROW(text = answer.dump());  // nlohmann throws type_error.316 on invalid UTF-8
    EXPECT_EQ(answer["peer_host_name"], "\\xff\\xfe\\x0d\\x0a");
    EXPECT_NE(text.find("\\\\xff\\\\xfe"), std::string::npos);
}

TEST(Commands, TunnelShowsItsRoundTripOnceMeasuredAndItsRetransmitTimeout) {
    model::TunnelInfo tunnel;
    tunnel.retransmit_timeout = std::chrono::seconds(1);
    nlohmann::json answer = view(tunnel);
    EXPECT_TRUE(answer["round_trip_ms"].is_null());
    EXPECT_EQ(answer["retransmit_timeout_ms"], 1000);
    tunnel.round_trip = std::chrono::microseconds(1234567);
    tunnel.retransmit_timeout = std::chrono::milliseconds(2900);
    answer = view(tunnel);
    EXPECT_EQ(answer["round_trip_ms"], 1234);
    EXPECT_EQ(answer["retransmit_timeout_ms"], 2900);
}

using nlohmann::json;

// A daemon's parts on the null dataplane, with no tunnel; the static tunnels' query counted.
class Requests : public ::testing::Test {
  protected:
    Requests() { supervisor.configure(config, model::Clock::now()); }
    json answer(const json& request) {
        return handle_request(
            request,
            CommandContext{driver, supervisor,
                           [this] {
                               ++kernel_queries;
                               return std::vector<dataplane::StaticTunnels::TunnelStatus>{};
                           },
                           config, [this] { return reload_outcome; }});
    }
    // The error of a refused request.
    std::string refusal(const json& request) {
        const json a = answer(request);
        EXPECT_EQ(a.value("ok", true), false) << a.dump();
        return a.value("error", "");
    }

    boost::asio::io_context io;
    dataplane::NullDataplane dataplane;
    config::DaemonConfig config = testing::parse_config(R"(
profiles: {v2: {version: 2}}
peers:
  - {name: a, address: 192.0.2.10, profile: v2}
)");
    driver::EngineDriver driver{io, config.engine_config(), dataplane};
    driver::Supervisor supervisor{driver::hooks_for(driver)};
    driver::ReloadOutcome reload_outcome;
    int kernel_queries = 0;
};

TEST_F(Requests, ShowPoolsCountsEachPoolsAddresses) {
    driver.enable_ppp([](const std::string&) { return ppp::PppdOptions{}; }, {});
    driver.ppp()->set_pools(testing::parse_config(R"(
pools:
  clients: {ranges: [10.10.0.10-10.10.0.250], local: 10.10.0.1}
  "x\x01": {ranges: [10.20.0.0/30], local: 10.10.0.1}
)")
                                .pools);
    const json pools = answer({{"command", "show pools"}})["pools"];
    ASSERT_EQ(pools.size(), 2u);
    EXPECT_EQ(
        pools[0],
        (json{{"name", "clients"}, {"size", 241}, {"in_use", 0}, {"free", 241}, {"exhausted", 0}}));
    EXPECT_EQ(pools[1]["name"], "x\\x01");  // escaped as every name is
    EXPECT_EQ(pools[1]["size"], 2);
}

// Every request as l2tpctl makes it (src/ctl/daemon_commands.cpp) is taken: the answers are
// those of a daemon without tunnels, not complaints about the request.
TEST_F(Requests, WhatL2tpctlSendsIsAccepted) {
    EXPECT_TRUE(answer({{"command", "show tunnels"}})["ok"]);
    EXPECT_EQ(refusal({{"command", "show tunnel"}, {"tunnel", 7}}), "no such tunnel");
    EXPECT_TRUE(answer({{"command", "show sessions"}})["ok"]);
    EXPECT_TRUE(answer({{"command", "show pseudowires"}})["ok"]);
    EXPECT_EQ(answer({{"command", "show pools"}})["pools"], json::array());  // no pppd yet
    EXPECT_EQ(refusal({{"command", "show session"}, {"tunnel", 7}, {"session", 9}}),
              "no such session");
    EXPECT_TRUE(answer({{"command", "reload"}})["ok"]);
    EXPECT_TRUE(answer({{"command", "stats"}})["ok"]);
    const json opened = answer({{"command", "tunnel add"}, {"peer", "a"}});
    EXPECT_TRUE(opened["ok"]) << opened.dump();
    EXPECT_EQ(refusal({{"command", "tunnel add"}, {"peer", "z"}}),
              "no peer named 'z' in the configuration");
    const json peers = answer({{"command", "show peers"}})["peers"];
    ASSERT_EQ(peers.size(), 1u) << peers.dump();
    EXPECT_EQ(peers[0]["peer"], "a");
    EXPECT_EQ(peers[0]["address"], "192.0.2.10:1701");
    EXPECT_EQ(peers[0]["state"], "down");  // answered, not dialled: no tunnel yet
    EXPECT_EQ(refusal({{"command", "tunnel delete"}, {"tunnel", 7}}), "no such tunnel");
    for (const char* pseudowire : {"ppp", "ethernet", "ethernet-vlan"}) {
        for (const char* direction : {"incoming", "outgoing"}) {
            EXPECT_EQ(refusal({{"command", "session add"},
                               {"tunnel", 7},
                               {"direction", direction},
                               {"pseudowire", pseudowire},
                               {"remote_end_id", ""},
                               {"calling_number", ""},
                               {"called_number", ""}}),
                      "no established tunnel with that ID");
        }
    }
    EXPECT_EQ(refusal({{"command", "session delete"}, {"tunnel", 7}, {"session", 9}}),
              "no such session");
}

TEST_F(Requests, OptionalArgumentsMayBeLeftOut) {
    EXPECT_EQ(refusal({{"command", "session add"}, {"tunnel", 7}}),
              "no established tunnel with that ID");
}

TEST_F(Requests, AnUnknownCommandIsRefusedWithTheKnownOnes) {
    const std::string error = refusal({{"command", "show tunnelz"}});
    EXPECT_EQ(error.rfind("unknown command 'show tunnelz' (expected one of: show tunnels, ", 0), 0u)
        << error;
    EXPECT_NE(refusal({{"tunnel", 7}}).find("expected an object with a \"command\""),
              std::string::npos);
    EXPECT_NE(refusal(json::array({"show tunnels"})).find("bad request"), std::string::npos);
    EXPECT_NE(refusal({{"command", 7}}).find("bad request"), std::string::npos);
}

TEST_F(Requests, AMissingArgumentIsNamed) {
    EXPECT_EQ(refusal({{"command", "show tunnel"}}),
              "missing argument 'tunnel': expected a whole number from 0 to 4294967295");
    EXPECT_EQ(refusal({{"command", "session delete"}, {"tunnel", 7}}),
              "missing argument 'session': expected a whole number from 0 to 4294967295");
    EXPECT_EQ(refusal({{"command", "tunnel add"}}), "missing argument 'peer': expected a string");
}

TEST_F(Requests, AnIllTypedArgumentIsNamed) {
    const std::string id_error = "argument 'tunnel': expected a whole number from 0 to 4294967295";
    EXPECT_EQ(refusal({{"command", "show tunnel"}, {"tunnel", "7"}}), id_error);
    EXPECT_EQ(refusal({{"command", "show tunnel"}, {"tunnel", -7}}), id_error);
    EXPECT_EQ(refusal({{"command", "show tunnel"}, {"tunnel", 7.5}}), id_error);
    EXPECT_EQ(refusal({{"command", "show tunnel"}, {"tunnel", std::uint64_t{4294967296}}}),
              id_error);
    EXPECT_EQ(refusal({{"command", "show tunnel"}, {"tunnel", nullptr}}), id_error);
    EXPECT_EQ(refusal({{"command", "tunnel add"}, {"peer", 1}}),
              "argument 'peer': expected a string");
    EXPECT_EQ(refusal({{"command", "session add"}, {"tunnel", 7}, {"direction", "sideways"}}),
              "argument 'direction': expected one of: incoming, outgoing");
}

// It used to place a PPP session.
TEST_F(Requests, AnUnknownPseudowireIsRefused) {
    EXPECT_EQ(refusal({{"command", "session add"}, {"tunnel", 7}, {"pseudowire", "frame-relay"}}),
              "argument 'pseudowire': expected one of: ethernet, ethernet-vlan, ppp");
}

TEST_F(Requests, AnUnknownArgumentIsNamed) {
    EXPECT_EQ(refusal({{"command", "show tunnel"}, {"tunnel", 7}, {"sesion", 1}}),
              "unknown argument 'sesion' to 'show tunnel' (expected one of: tunnel)");
    EXPECT_EQ(refusal({{"command", "stats"}, {"verbose", true}}),
              "unknown argument 'verbose' to 'stats' (it takes none)");
}

// A netlink query per static tunnel and session: only for the answers that show them.
TEST_F(Requests, OnlyTheCommandsThatShowKernelStateQueryTheKernel) {
    for (const json& request :
         {json{{"command", "reload"}}, json{{"command", "tunnel delete"}, {"tunnel", 7}},
          json{{"command", "show tunnel"}, {"tunnel", 7}},
          json{{"command", "show session"}, {"tunnel", 7}, {"session", 9}},
          json{{"command", "show pseudowires"}}, json{{"command", "session add"}, {"tunnel", 7}},
          json{{"command", "session delete"}, {"tunnel", 7}, {"session", 9}},
          json{{"command", "tunnel add"}, {"peer", "z"}}, json{{"command", "help"}},
          json{{"command", "show tunnel"}}}) {
        (void)answer(request);
        EXPECT_EQ(kernel_queries, 0) << request.dump();
    }
    for (const char* command : {"show tunnels", "show sessions", "stats"}) {
        kernel_queries = 0;
        EXPECT_TRUE(answer({{"command", command}})["ok"]);
        EXPECT_EQ(kernel_queries, 1) << command;
    }
}

TEST_F(Requests, ACallByPeerIsKeptAndShownUntilDeleted) {
    EXPECT_EQ(refusal({{"command", "call add"}, {"peer", "z"}}),
              "no peer named 'z' in the configuration");
    EXPECT_EQ(refusal({{"command", "call add"}, {"peer", "a"}}),
              "peer 'a' is not one l2tpd dials (connect: true)");
    config = testing::parse_config(R"(
profiles: {v2: {version: 2}}
peers:
  - {name: a, lns: [192.0.2.10, 192.0.2.11], profile: v2, connect: true}
)");
    supervisor.configure(config, model::Clock::now());
    const json added = answer(
        {{"command", "call add"}, {"peer", "a"}, {"calling_number", "00:00:5e:00:53:01\x01"}});
    ASSERT_TRUE(added["ok"]) << added.dump();
    const json calls = answer({{"command", "show calls"}})["calls"];
    ASSERT_EQ(calls.size(), 1u);
    EXPECT_EQ(calls[0]["call_id"], added["call_id"]);
    EXPECT_EQ(calls[0]["peer"], "a");
    EXPECT_EQ(calls[0]["type"], "ppp");
    EXPECT_EQ(calls[0]["state"], "waiting");  // no LNS is up
    EXPECT_EQ(calls[0]["calling_number"], "00:00:5e:00:53:01\\x01");
    EXPECT_EQ(calls[0]["placed"], 0);
    EXPECT_TRUE(answer({{"command", "call delete"}, {"call", added["call_id"]}})["ok"]);
    EXPECT_EQ(answer({{"command", "show calls"}})["calls"], json::array());
    EXPECT_EQ(refusal({{"command", "call delete"}, {"call", added["call_id"]}}), "no such call");
}

TEST_F(Requests, HelpListsEveryCommandWithItsArguments) {
    const json help = answer({{"command", "help"}});
    ASSERT_TRUE(help["ok"]);
    std::vector<std::string> names;
    for (const json& c : help["commands"]) {
        names.push_back(c["command"]);
    }
    EXPECT_EQ(names, (std::vector<std::string>{
                         "show tunnels", "show tunnel", "show sessions", "show session",
                         "show pseudowires", "show peers", "show calls", "show pools", "reload",
                         "stats", "tunnel add", "tunnel delete", "session add", "session delete",
                         "call add", "call delete", "help"}));
    const json& session_add = help["commands"][12];
    ASSERT_EQ(session_add["arguments"].size(), 6u);
    EXPECT_EQ(session_add["arguments"][0],
              (json{{"name", "tunnel"},
                    {"required", true},
                    {"expected", "a whole number from 0 to 4294967295"}}));
    EXPECT_EQ(session_add["arguments"][2],
              (json{{"name", "pseudowire"},
                    {"required", false},
                    {"expected", "one of: ethernet, ethernet-vlan, ppp"},
                    {"default", "ppp"}}));
}

TEST_F(Requests, ReloadAnswersWhatChanged) {
    reload_outcome.peers_added = {"b"};
    reload_outcome.peers_removed = {"a"};
    reload_outcome.tunnels_closed = 2;
    reload_outcome.tunnels_opened = 1;
    reload_outcome.needs_restart = {"metrics"};
    reload_outcome.static_failures = {"static tunnel x: no"};
    EXPECT_EQ(answer({{"command", "reload"}}),
              (json{{"ok", true},
                    {"peers_added", {"b"}},
                    {"peers_removed", {"a"}},
                    {"tunnels_closed", 2},
                    {"tunnels_opened", 1},
                    {"needs_restart", {"metrics"}},
                    {"static_failures", {"static tunnel x: no"}}}));
}

TEST_F(Requests, ARefusedReloadAnswersWhyAndThatNothingChanged) {
    reload_outcome.refused = "l2tpd.yaml:1:8: peers: expected a list of peers";
    EXPECT_EQ(
        answer({{"command", "reload"}}),
        (json{{"ok", false},
              {"error", "l2tpd.yaml:1:8: peers: expected a list of peers (nothing changed)"}}));
}

}  // namespace
}  // namespace l2tp::mgmt
