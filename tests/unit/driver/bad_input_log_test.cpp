// The bad-input log line: every counter the catalog calls bad input, by its phrase, and no
// other counter.
#include "driver/bad_input_log.hpp"

#include <gtest/gtest.h>

#include "l2tp/model/engine_counter_catalog.hpp"

namespace l2tp::driver {
namespace {

TEST(BadInputLog, EveryBadInputCounterIsSummedUpByItsPhraseAndNoOtherCounter) {
    std::size_t bad_input_rows = 0;
    for (const auto& counter : model::all_engine_counters()) {
        model::EngineStats grown;
        grown.*counter.member = 3;
        const std::string line = bad_input_growth({}, grown);
        if (counter.bad_input_phrase.empty()) {
            EXPECT_EQ(line, "") << counter.json_key;
        } else {
            ++bad_input_rows;
            EXPECT_EQ(line, std::string(counter.bad_input_phrase) + " +3") << counter.json_key;
        }
    }
    EXPECT_EQ(bad_input_rows, 10u);
}

// Late data of a closing tunnel reaches the userspace socket: counted, never a warning.
TEST(BadInputLog, DataOnTheControlSocketIsNotBadInput) {
    model::EngineStats to;
    to.not_control = 4;
    EXPECT_EQ(bad_input_growth({}, to), "");
}

TEST(BadInputLog, GrowthOfSeveralCountersIsOneLineInCatalogOrder) {
    model::EngineStats from;
    from.malformed = 5;
    model::EngineStats to = from;
    to.malformed = 6;
    to.bad_digest = 2;
    to.refused_sccrq = 1;
    to.datagrams = 9;  // not bad input
    EXPECT_EQ(bad_input_growth(from, to), "malformed +1, bad digest +2, SCCRQ refused +1");
    EXPECT_EQ(bad_input_growth(to, to), "");
}

}  // namespace
}  // namespace l2tp::driver
