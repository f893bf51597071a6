// l2tpctl: the operator's tool for l2tpd.
#include <CLI/CLI.hpp>

#include "ctl/daemon_commands.hpp"
#include "ctl/decode_command.hpp"
#include "release/release.hpp"

int main(int argc, char** argv) {
    CLI::App app{"l2tpctl: operate and inspect l2tpd"};
    app.require_subcommand(1);
    app.set_version_flag("--version", l2tp::release::describe("l2tpctl"));
    l2tp::ctl::add_daemon_commands(app);
    l2tp::ctl::add_decode_command(app);
    CLI11_PARSE(app, argc, argv);
    return 0;
}
