// Which tunnel and session a log record is about, as the journal's fields say it.
#include "daemon/journal_sink.hpp"

#include <gtest/gtest.h>

namespace l2tp::daemon {
namespace {

TEST(JournalSink, ARecordNamesItsTunnelAndSessionAtItsStart) {
    RecordSubject s = record_subject("tunnel 12 session 345: established, peer session 9");
    EXPECT_EQ(s.tunnel, 12u);
    EXPECT_EQ(s.session, 345u);
    s = record_subject("tunnel 4294967295: closed: peer sent StopCCN");
    EXPECT_EQ(s.tunnel, 4294967295u);
    EXPECT_FALSE(s.session);
    s = record_subject("listening on 127.0.0.1:1701 (UDP)");
    EXPECT_FALSE(s.tunnel);
    s = record_subject("tunnel x: not a number");
    EXPECT_FALSE(s.tunnel);
    s = record_subject("tunnel 99999999999: too large");
    EXPECT_FALSE(s.tunnel);
}

}  // namespace
}  // namespace l2tp::daemon
