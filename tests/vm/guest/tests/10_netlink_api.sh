#!/usr/bin/env bash
# The kernel access layer (src/dataplane/l2tp_netlink.cpp, link_control.cpp) against the real
# l2tp generic netlink family: tests/kernel/l2tp_netlink_test.cpp, built on the host.
set -euo pipefail
# L2TP_BUILD_DIR comes from ctest; run by hand, the README build directory.
binary=${L2TP_BUILD_DIR:-$PWD/build}/tests/kernel/l2tp_kernel_tests
[ -x "$binary" ] || { echo "FAIL: $binary is not built" >&2; exit 1; }
exec "$binary" --gtest_brief=1
