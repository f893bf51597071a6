// radattr.so's file as l2tpd reads it: the IPv6 prefixes taken, their host bits cleared,
// hostile or broken content refused whole and told escaped, the read bounded.
#include "ppp/radius_attribute_file.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace l2tp::ppp {
namespace {

Ipv6Prefix prefix(std::string_view text) {
    const auto parsed = parse_ipv6_prefix(text);
    EXPECT_TRUE(parsed) << text;
    return parsed.value_or(Ipv6Prefix{});
}

TEST(Ipv6Prefix, ParsesAndPrintsTheCanonicalForm) {
    EXPECT_EQ(ipv6_prefix_text(prefix("2001:db8:77:1::/64")), "2001:db8:77:1::/64");
    EXPECT_EQ(ipv6_prefix_text(prefix("2001:0DB8:0:0:0:0:0:1/128")), "2001:db8::1/128");
    EXPECT_EQ(prefix("::/0").length, 0);
}

TEST(Ipv6Prefix, ClearsTheBitsPastTheLength) {
    // radiusclient keeps the octets sent; radattr.so prints what follows them in its buffer.
    EXPECT_EQ(ipv6_prefix_text(prefix("2001:db8:77:1:dead:beef:1:2/64")), "2001:db8:77:1::/64");
    // Within an octet too: 0x01ff keeps its first 7 bits, all zero.
    EXPECT_EQ(ipv6_prefix_text(prefix("2001:db8:77:1ff::/55")), "2001:db8:77::/55");
    EXPECT_EQ(ipv6_prefix_text(prefix("2001:db8:77:3ff::/55")), "2001:db8:77:200::/55");
}

TEST(Ipv6Prefix, RefusesWhatIsNoPrefix) {
    for (const char* text : {"", "2001:db8::", "2001:db8::/", "/64", "2001:db8::/129",
                             "2001:db8::/-1", "2001:db8::/64 ", "2001:db8::/0064", "10.0.0.0/8",
                             "2001:db8::/6a", "2001:db8::1::2/64"}) {
        EXPECT_FALSE(parse_ipv6_prefix(text)) << text;
    }
}

TEST(Ipv6Prefix, OnlyGlobalPrefixesOfEightBitsOrMoreAreRoutedToASubscriber) {
    EXPECT_TRUE(routable_subscriber_prefix(prefix("2001:db8:77:1::/64")));
    EXPECT_TRUE(routable_subscriber_prefix(prefix("2001:db8::/32")));
    for (const char* text : {"::/0", "2000::/3", "::1/128", "::/8", "::ffff:0:0/96", "fe80::/64",
                             "febf::/16", "ff02::/16"}) {
        EXPECT_FALSE(routable_subscriber_prefix(prefix(text))) << text;
    }
}

TEST(RadiusAttributeFile, TakesTheFirstOfEachPrefix) {
    const auto parsed = parse_radius_attributes(
        "User-Name subscriber1\n"
        "Framed-IP-Address 100.64.1.1\n"
        "Class abc\\001def\n"
        "Framed-IPv6-Prefix 2001:db8:77:1::/64\n"
        "Delegated-IPv6-Prefix 2001:db8:1200::/56\n"
        "Framed-IPv6-Prefix 2001:db8:77:2::/64\n");
    EXPECT_EQ(parsed.fault, "");
    ASSERT_TRUE(parsed.prefixes.framed);
    EXPECT_EQ(ipv6_prefix_text(*parsed.prefixes.framed), "2001:db8:77:1::/64");
    ASSERT_TRUE(parsed.prefixes.delegated);
    EXPECT_EQ(ipv6_prefix_text(*parsed.prefixes.delegated), "2001:db8:1200::/56");
}

TEST(RadiusAttributeFile, AnAcceptWithoutPrefixesGivesNone) {
    const auto parsed = parse_radius_attributes("User-Name subscriber2\nSession-Timeout 3600\n");
    EXPECT_EQ(parsed.fault, "");
    EXPECT_FALSE(parsed.prefixes.framed);
    EXPECT_FALSE(parsed.prefixes.delegated);
    EXPECT_EQ(parse_radius_attributes("").fault, "");
}

TEST(RadiusAttributeFile, BrokenTextIsRefusedWholeAndToldEscaped) {
    const char* good = "Framed-IPv6-Prefix 2001:db8:77:1::/64\n";
    for (const std::string& bad :
         {std::string(good) + "User-Name a\x1b[2Jb\n", std::string(good) + "no-value\n",
          std::string(good) + "Bad\x01Name x\n", std::string(good) + " leading-space x\n",
          std::string(good) + "User-Name unterminated", std::string(good) + "User-Name \xc3\xa9\n",
          std::string("Framed-IPv6-Prefix 2001:db8:77:1::/64\x1b\n"),
          std::string("Framed-IPv6-Prefix ::/0\n"),
          std::string("Delegated-IPv6-Prefix fe80::/64\n"),
          std::string("Delegated-IPv6-Prefix nonsense\n")}) {
        const auto parsed = parse_radius_attributes(bad);
        EXPECT_NE(parsed.fault, "") << bad;
        EXPECT_FALSE(parsed.prefixes.framed) << bad;
        EXPECT_FALSE(parsed.prefixes.delegated) << bad;
        for (const char c : parsed.fault) {
            EXPECT_TRUE(c >= 0x20 && c < 0x7f) << parsed.fault;
        }
    }
}

TEST(RadiusAttributeFile, TheReadIsBounded) {
    const auto path =
        std::filesystem::temp_directory_path() / ("l2tpd-radattr-" + std::to_string(::getpid()));
    std::string fault;
    EXPECT_EQ(read_radius_attribute_file(path, fault), "");
    EXPECT_NE(fault, "");  // missing
    const std::string text = "Framed-IPv6-Prefix 2001:db8:77:1::/64\n";
    std::ofstream(path) << text;
    fault.clear();
    EXPECT_EQ(read_radius_attribute_file(path, fault), text);
    EXPECT_EQ(fault, "");
    std::ofstream(path) << std::string(kMaxRadiusAttributeFile + 1, 'x');
    EXPECT_EQ(read_radius_attribute_file(path, fault), "");
    EXPECT_NE(fault.find("longer"), std::string::npos);
    std::filesystem::remove(path);
    EXPECT_EQ(radius_attribute_file_path("ppp0"), "/var/run/radattr.ppp0");
}

}  // namespace
}  // namespace l2tp::ppp
