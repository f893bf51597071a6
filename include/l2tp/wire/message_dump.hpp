// A readable dump of a decoded control message: a line for the header, then one line per AVP,
// named from the catalog. Used in debug logs and by `l2tpctl decode`.
#pragma once

#include <string>

#include "l2tp/wire/control_message.hpp"

namespace l2tp::wire {

struct DumpOptions {
    // Hidden values and secrets (a PAP password in Proxy Authen Response) are printed as
    // "<hidden N octets>" / "<secret N octets>" unless this is set.
    bool reveal_secrets = false;
};

std::string dump_control_message(const ControlMessage& message, const DumpOptions& options = {});

}  // namespace l2tp::wire
