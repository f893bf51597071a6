// l2tpctl's commands that talk to a running l2tpd over its management socket: show, stats,
// tunnel and session add / delete; tables for people, --json for programs.
#pragma once

#include <CLI/CLI.hpp>

namespace l2tp::ctl {

void add_daemon_commands(CLI::App& app);

}  // namespace l2tp::ctl
