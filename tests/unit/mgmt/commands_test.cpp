// The management answers about tunnels survive whatever a peer put in its strings.
#include "mgmt/commands.hpp"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace l2tp::mgmt
