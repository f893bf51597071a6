// A readable dump of a decoded control message: a line for the header, then one line per AVP,
// named from the catalog. Used in debug logs and by `l2tpctl decode`.
#pragma once

#include <string>

#include "l2tp/wire/control_message.hpp"

namespace l2tp::wire {

struct DumpOptions {
    // Hidden values are printed as "<hidden N octets>" unless this is set (RFC 2661 §4.3 hides
    // them for a reason: they may carry passwords).
    bool reveal_hidden = false;
};

std::string dump_control_message(const ControlMessage& message, const DumpOptions& options = {});

}  // namespace l2tp::wire
