// Peer strings are made safe before they are shown.
#include "l2tp/wire/printable.hpp"

#include <gtest/gtest.h>

namespace l2tp::wire {
namespace {

TEST(Printable, PrintableAsciiStays) {
    EXPECT_EQ(printable("lac-1.example.net"), "lac-1.example.net");
}

TEST(Printable, LineBreaksAndTerminalEscapesCannotForgeALogLine) {
    EXPECT_EQ(printable("a\r\n[info] forged\x1b[2J"), "a\\x0d\\x0a[info] forged\\x1b[2J");
}

TEST(Printable, InvalidUtf8AndEveryOctetBeyondAsciiAreEscaped) {
    EXPECT_EQ(printable("\xff\xfe"), "\\xff\\xfe");
    EXPECT_EQ(printable("caf\xc3\xa9"), "caf\\xc3\\xa9");
    EXPECT_EQ(printable(std::string_view("\0x", 2)), "\\x00x");
}

TEST(Printable, BackslashAndQuoteAreEscapedSoTheOutputIsUnambiguous) {
    EXPECT_EQ(printable("\\x41\""), "\\x5cx41\\x22");
}

}  // namespace
}  // namespace l2tp::wire
