// `l2tpctl decode`: prints a captured L2TP control message one AVP per line, from hex on the
// command line, a raw file, or the embedded sample that README's first command shows.
#pragma once

#include <CLI/CLI.hpp>

namespace l2tp::ctl {

void add_decode_command(CLI::App& app);

}  // namespace l2tp::ctl
