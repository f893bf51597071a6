#!/usr/bin/env bash
# Writes every sample message to a pcap and has tshark's L2TP dissector judge it:
#   - every frame is L2TP with a Message Type AVP and no field tshark calls unknown,
#   - no expert info of error/warning severity (malformed packets, bad lengths),
#   - every L2TPv3 digest is accepted under the right secret, and - so that the check cannot
#     pass by tshark not looking - rejected under a wrong one.
set -euo pipefail
writer=$1
work=$2
pcap="$work/samples.pcap"
secret=tunnel-secret
"$writer" --pcap "$pcap"

fail() { echo "FAIL: $*"; exit 1; }
tshark_run() { tshark -n -r "$pcap" "$@" 2>/dev/null; }

frames=$(tshark_run -T fields -e frame.number | wc -l)
[ "$frames" -gt 40 ] || fail "expected the sample conversations, got $frames frames"

not_l2tp=$(tshark_run -Y 'not l2tp.avp.message_type' -T fields -e frame.number | wc -l)
[ "$not_l2tp" -eq 0 ] || fail "$not_l2tp frames without a decoded L2TP message type"

experts=$(tshark_run -o "l2tp.shared_secret:$secret" -Y '_ws.expert.severity >= "warning" || _ws.malformed' \
  -T fields -e frame.number -e _ws.expert.message)
[ -z "$experts" ] || fail "tshark reports problems:"$'\n'"$experts"

unknown=$(tshark_run -V | grep -iE 'unknown|undecoded' | sort | uniq -c || true)
[ -z "$unknown" ] || fail "tshark does not recognise:"$'\n'"$unknown"

bad=$(tshark_run -o "l2tp.shared_secret:$secret" -Y 'l2tp.incorrect_digest' -T fields -e frame.number)
[ -z "$bad" ] || fail "tshark rejects our digests in frames: $bad"

digests=$(tshark_run -o "l2tp.shared_secret:$secret" -Y 'l2tp.avp.message_digest' -T fields -e frame.number | wc -l)
[ "$digests" -gt 20 ] || fail "expected digest-carrying L2TPv3 frames, got $digests"

wrong=$(tshark_run -o "l2tp.shared_secret:not-$secret" -Y 'l2tp.incorrect_digest' \
  -T fields -e frame.number | wc -l)
[ "$wrong" -gt 0 ] || fail "tshark did not check the digests (no rejection under a wrong secret)"

echo "tshark accepted $frames frames, $digests with digests; a wrong secret fails $wrong"
