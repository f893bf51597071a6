#!/usr/bin/env bash
# The LNS comparison on a small shape against l2tpd only, in both pipelining modes: 10 tunnels
# x 10 calls must all come up and be acknowledged, with no failure, and each row must carry
# figures.
set -euo pipefail
build=$1
# shellcheck source=skip.sh
source "$(dirname "$0")/skip.sh"
[ "$(id -u)" -eq 0 ] || skip_test "needs root"
out=$(LNS=l2tpd SHAPES=10x10@16 IDLE_SECONDS=0 TIMEOUT=30 REPEAT=1 \
  bash "$(dirname "$0")/../bench/lns_compare.sh" "$build")
echo "$out"
rows=$(echo "$out" | grep -Ec '^\| l2tpd \| 10x10 \| 10 \| 100 \| [0-9]+ \| [0-9]+ \| [0-9.]+ \| [0-9.]+ \| .* \|  \|$')
[ "$rows" -eq 2 ] ||
  { echo "FAIL: expected 10 tunnels and 100 calls up without a note, in both modes"; exit 1; }
