// Text a peer sent (Host Name, Vendor Name, a Result Code's Error Message, Remote End ID,
// calling and called numbers), made safe at the boundary where it is shown: a log line, a JSON
// answer, a metric label, a dump.
#pragma once

#include <string>
#include <string_view>

namespace l2tp::wire {

// Printable ASCII stays; every other octet (control characters such as CR, LF and ESC, and
// everything beyond ASCII, valid UTF-8 or not), the backslash and the double quote become
// \xNN. The result is plain ASCII: it cannot forge a log line, drive an operator's terminal,
// or make a JSON encoder throw.
std::string printable(std::string_view text);

}  // namespace l2tp::wire
