// pppd supervision on a real reactor, with a stand-in pppd (tests/support/fake_pppd.py) that
// reports READY=1 as pppd's up_sdnotify does: what it is handed, when it counts as up, how its
// end becomes a CDN, the start limit, the SIGTERM-then-SIGKILL stop, the address pool.
#include "ppp/pppd_supervisor.hpp"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "l2tp/wire/result_code.hpp"

namespace l2tp::ppp {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

class PppdSupervisorTest : public ::testing::Test {
  protected:
    void SetUp() override {
        log_ = std::filesystem::temp_directory_path() /
               ("fake_pppd_" + std::to_string(getpid()) + ".log");
        std::filesystem::remove(log_);
    }
    void TearDown() override {
        supervisor_.reset();
        std::filesystem::remove(log_);
    }

    void make(const std::string& mode, ppp::PppdLimits limits = {},
              std::string pppd = L2TP_SOURCE_DIR "/tests/support/fake_pppd.py") {
        PppdSupervisor::Hooks hooks;
        hooks.open_channel = [this](const model::StartPpp&) -> dataplane::Result<int> {
            if (no_ppp_datapath_) {
                return -1;
            }
            int pair[2];
            if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, pair) != 0) {
                return dataplane::Error::of_call("socketpair", errno);
            }
            peers_.push_back(pair[1]);
            return pair[0];
        };
        hooks.options = [pppd, mode, this](const std::string&) {
            ppp::PppdOptions o;
            o.pppd = pppd;
            o.arguments = {"set", "FAKE_PPPD_LOG=" + log_.string(), mode};
            o.pool = pool_;
            return o;
        };
        hooks.ended = [this](PppdSupervisor::SessionKey s, const ppp::SessionEnd& why) {
            ended_.emplace_back(s, why);
        };
        hooks.up = [this](PppdSupervisor::SessionKey s) { up_.push_back(s); };
        supervisor_ = std::make_unique<PppdSupervisor>(io_, std::move(hooks), limits);
    }

    static model::StartPpp call(std::uint32_t session) {
        model::StartPpp s;
        s.tunnel_id = 1;
        s.session_id = session;
        return s;
    }

    // Runs the reactor until `done` holds (or 10 s pass: the test then fails on its checks).
    template <typename Predicate>
    bool run_until(Predicate done) {
        const auto give_up = std::chrono::steady_clock::now() + 10s;
        while (!done() && std::chrono::steady_clock::now() < give_up) {
            io_.run_for(10ms);
        }
        return done();
    }

    bool is(std::uint32_t session, PppdState state) {
        const auto s = supervisor_->status({1, session});
        return s && s->state == state;
    }

    std::string log_text() {
        std::ifstream f(log_);
        std::stringstream text;
        text << f.rdbuf();
        return text.str();
    }

    // A pool of one address, which the sessions' options name.
    void make_with_pool(const std::string& mode, ppp::PppdLimits limits = {},
                        std::string pppd = L2TP_SOURCE_DIR "/tests/support/fake_pppd.py") {
        pool_ = "clients";
        make(mode, limits, std::move(pppd));
        supervisor_->set_pools({{"clients", {{{0x0a0a000a, 0x0a0a000a}}, 0x0a0a0001}}});
    }
    std::size_t in_use() const { return supervisor_->pools().pools().at("clients").in_use(); }

    asio::io_context io_;
    std::string pool_;
    std::filesystem::path log_;
    std::unique_ptr<PppdSupervisor> supervisor_;
    std::vector<int> peers_;
    std::vector<std::pair<PppdSupervisor::SessionKey, ppp::SessionEnd>> ended_;
    std::vector<PppdSupervisor::SessionKey> up_;  // what the `up` hook was told
    bool no_ppp_datapath_ = false;
};

TEST_F(PppdSupervisorTest, PppdGetsOnlyItsChannelAndIsUpWhenItSaysReady) {
    make("run");
    supervisor_->start(call(7));
    ASSERT_TRUE(run_until([&] { return is(7, PppdState::kUp); }));
    const auto status = supervisor_->status({1, 7});
    EXPECT_GT(status->pid, 0);
    // Descriptors 0-2 (/dev/null) and 3 (the channel); Python's listing adds its own one.
    EXPECT_NE(log_text().find("'fds': [0, 1, 2, 3, 4]"), std::string::npos) << log_text();
    EXPECT_EQ(supervisor_->counters().up, 1u);
    ASSERT_TRUE(run_until([&] { return !up_.empty(); }));
    EXPECT_EQ(up_, (std::vector<PppdSupervisor::SessionKey>{{1, 7}}));

    supervisor_->stop({1, 7});
    ASSERT_TRUE(run_until([&] { return supervisor_->processes() == 0; }));
    EXPECT_FALSE(supervisor_->status({1, 7}));
    EXPECT_TRUE(ended_.empty()) << "a pppd we stopped does not clear its session again";
    EXPECT_EQ(supervisor_->counters().stopped, 1u);
    EXPECT_EQ(supervisor_->counters().killed, 0u);
}

TEST_F(PppdSupervisorTest, ASessionStoppedWhilePppdIsBeingSpawnedStopsItWhenItComes) {
    make("run");
    supervisor_->start(call(6));
    supervisor_->stop({1, 6});  // before the spawner's answer reached the reactor
    EXPECT_FALSE(supervisor_->status({1, 6}));
    ASSERT_TRUE(run_until([&] { return supervisor_->counters().started == 1; }));
    ASSERT_TRUE(run_until([&] { return supervisor_->processes() == 0; }));
    EXPECT_TRUE(ended_.empty());
    EXPECT_EQ(supervisor_->counters().up, 0u);
    EXPECT_TRUE(up_.empty());
}

TEST_F(PppdSupervisorTest, ASessionOnADatapathWithoutPppIsUpWithNoPppd) {
    no_ppp_datapath_ = true;
    make("run");
    supervisor_->start(call(5));
    EXPECT_TRUE(up_.empty()) << "told from the reactor, not within start()";
    ASSERT_TRUE(run_until([&] { return !up_.empty(); }));
    EXPECT_EQ(up_, (std::vector<PppdSupervisor::SessionKey>{{1, 5}}));
    EXPECT_EQ(supervisor_->processes(), 0u);
    EXPECT_EQ(supervisor_->counters().started, 0u);
}

TEST_F(PppdSupervisorTest, APppdThatExitsEndsItsSessionWithTheMappedCdn) {
    make("exit:11");
    supervisor_->start(call(8));
    ASSERT_TRUE(run_until([&] { return !ended_.empty(); }));
    EXPECT_EQ(ended_[0].first, (PppdSupervisor::SessionKey{1, 8}));
    EXPECT_EQ(ended_[0].second.result_code,
              static_cast<std::uint16_t>(wire::CdnResult::kAdministrative));
    EXPECT_EQ(ended_[0].second.message, "pppd exited with status 11: peer authentication failed");
    EXPECT_EQ(supervisor_->processes(), 0u);
    EXPECT_EQ(supervisor_->counters().auth_failures, 1u);  // a RADIUS Access-Reject, say
}

TEST_F(PppdSupervisorTest, APppdThatCannotBeStartedIsACleanCdn) {
    make("run", {}, "/nonexistent/pppd");
    supervisor_->start(call(9));
    ASSERT_TRUE(run_until([&] { return !ended_.empty(); }));
    EXPECT_EQ(ended_[0].second.result_code,
              static_cast<std::uint16_t>(wire::CdnResult::kGeneralError));
    EXPECT_EQ(ended_[0].second.error_code,
              static_cast<std::uint16_t>(wire::GeneralError::kNoResources));
    EXPECT_EQ(ended_[0].second.message, "pppd could not be started: No such file or directory");
    EXPECT_EQ(supervisor_->processes(), 0u);
    EXPECT_EQ(supervisor_->counters().start_failures, 1u);
}

TEST_F(PppdSupervisorTest, StartsBeyondTheLimitWaitAndBeyondTheListAreRefused) {
    ppp::PppdLimits limits;
    limits.max_starting = 1;
    limits.max_waiting = 1;
    make("silent", limits);
    supervisor_->start(call(1));
    supervisor_->start(call(2));
    supervisor_->start(call(3));
    EXPECT_TRUE(is(1, PppdState::kStarting));
    EXPECT_TRUE(is(2, PppdState::kWaiting));
    ASSERT_TRUE(run_until([&] { return !ended_.empty(); }));
    EXPECT_EQ(ended_[0].first, (PppdSupervisor::SessionKey{1, 3}));
    EXPECT_EQ(ended_[0].second.result_code,
              static_cast<std::uint16_t>(wire::CdnResult::kNoFacilitiesTemporary));
    // The first one's slot frees (once its spawn is through, if it still is being spawned):
    // the waiting one starts.
    supervisor_->stop({1, 1});
    EXPECT_TRUE(run_until([&] { return is(2, PppdState::kStarting); }));
    supervisor_->stop({1, 2});
    ASSERT_TRUE(run_until([&] { return supervisor_->processes() == 0; }));
    EXPECT_EQ(supervisor_->counters().refused_busy, 1u);
}

// An LNS does not choose when its calls come, and a call held back loses the LAC's LCP
// Configure-Requests meanwhile: by default, 50 calls at once all get their pppd at once.
TEST_F(PppdSupervisorTest, ByDefaultFiftyCallsAtOnceAllStartAtOnce) {
    make("silent", {}, "/bin/true");
    for (std::uint32_t session = 1; session <= 50; ++session) {
        supervisor_->start(call(session));
    }
    EXPECT_EQ(supervisor_->waiting(), 0u);
    EXPECT_EQ(supervisor_->processes(), 50u);
    supervisor_->stop_all();
    ASSERT_TRUE(run_until([&] { return supervisor_->processes() == 0; }));
}

TEST_F(PppdSupervisorTest, APppdNotUpInTimeIsStoppedAndItsSessionCleared) {
    ppp::PppdLimits limits;
    limits.start_timeout = 300ms;
    make("silent", limits);
    supervisor_->start(call(4));
    ASSERT_TRUE(run_until([&] { return !ended_.empty() && supervisor_->processes() == 0; }));
    EXPECT_EQ(ended_[0].second.result_code, static_cast<std::uint16_t>(wire::CdnResult::kTimeout));
    EXPECT_EQ(supervisor_->counters().start_timeouts, 1u);
}

TEST_F(PppdSupervisorTest, APppdIgnoringSigtermIsKilledAfterTheBound) {
    ppp::PppdLimits limits;
    limits.stop_timeout = 200ms;
    make("stubborn", limits);
    supervisor_->start(call(5));
    ASSERT_TRUE(run_until([&] { return is(5, PppdState::kUp); }));
    supervisor_->stop({1, 5});
    ASSERT_TRUE(run_until([&] { return supervisor_->processes() == 0; }));
    EXPECT_EQ(supervisor_->counters().killed, 1u);
}

TEST_F(PppdSupervisorTest, APoolAddressIsOnTheCommandLineAndFreeOnlyOncePppdIsReaped) {
    ppp::PppdLimits limits;
    limits.stop_timeout = 300ms;
    make_with_pool("stubborn", limits);
    supervisor_->start(call(1));
    ASSERT_TRUE(run_until([&] { return is(1, PppdState::kUp); }));
    EXPECT_NE(log_text().find("'10.10.0.1:10.10.0.10'"), std::string::npos) << log_text();
    EXPECT_EQ(supervisor_->status({1, 1})->addresses->remote, 0x0a0a000aU);
    EXPECT_EQ(in_use(), 1u);

    // The session is gone, its pppd not yet (it ignores SIGTERM): the address stays held, and
    // the next call finds the pool exhausted.
    supervisor_->stop({1, 1});
    supervisor_->start(call(2));
    ASSERT_TRUE(run_until([&] { return !ended_.empty(); }));
    EXPECT_EQ(ended_[0].first, (PppdSupervisor::SessionKey{1, 2}));
    EXPECT_EQ(in_use(), 1u);
    EXPECT_EQ(supervisor_->processes(), 1u);

    ASSERT_TRUE(run_until([&] { return supervisor_->processes() == 0; }));
    EXPECT_EQ(supervisor_->counters().killed, 1u);
    EXPECT_EQ(in_use(), 0u);
    supervisor_->start(call(3));
    ASSERT_TRUE(run_until([&] { return is(3, PppdState::kUp); }));
    EXPECT_EQ(in_use(), 1u);
    EXPECT_EQ(ended_.size(), 1u);
    // This pppd ignores SIGTERM too: it is stopped and killed here, not left behind the test.
    supervisor_->stop({1, 3});
    ASSERT_TRUE(run_until([&] { return supervisor_->processes() == 0; }));
}

TEST_F(PppdSupervisorTest, AnExhaustedPoolRefusesTheCallWithCdn4NamingIt) {
    make_with_pool("run");
    supervisor_->start(call(1));
    supervisor_->start(call(2));
    ASSERT_TRUE(run_until([&] { return !ended_.empty(); }));
    EXPECT_EQ(ended_[0].first, (PppdSupervisor::SessionKey{1, 2}));
    EXPECT_EQ(ended_[0].second.result_code,
              static_cast<std::uint16_t>(wire::CdnResult::kNoFacilitiesTemporary));
    EXPECT_EQ(ended_[0].second.message, "address pool 'clients' exhausted");
    EXPECT_EQ(supervisor_->counters().refused_no_address, 1u);
    EXPECT_EQ(supervisor_->pools().pools().at("clients").exhausted(), 1u);
    // Nothing half-made: no pppd, no status for the refused one; the first goes on.
    EXPECT_FALSE(supervisor_->status({1, 2}));
    ASSERT_TRUE(run_until([&] { return is(1, PppdState::kUp); }));
    EXPECT_EQ(supervisor_->counters().started, 1u);
    supervisor_->stop({1, 1});
    ASSERT_TRUE(run_until([&] { return supervisor_->processes() == 0; }));
    EXPECT_EQ(in_use(), 0u);
}

TEST_F(PppdSupervisorTest, APppdThatCannotBeStartedGivesItsAddressBack) {
    make_with_pool("run", {}, "/nonexistent/pppd");
    supervisor_->start(call(9));
    ASSERT_TRUE(run_until([&] { return !ended_.empty(); }));
    EXPECT_EQ(supervisor_->counters().start_failures, 1u);
    EXPECT_EQ(in_use(), 0u);
}

}  // namespace
}  // namespace l2tp::ppp
