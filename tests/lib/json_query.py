#!/usr/bin/env python3
"""Reads one JSON document (an `l2tpctl --json` answer, say) on stdin and evaluates a Python
expression over it, the document being `d`:

    json_query.py EXPR           prints the value of EXPR
    json_query.py --holds EXPR   prints nothing; exits 0 if EXPR is true, 1 otherwise

The shell tests reach it through `json` and `json_holds` (tests/netns/lib.sh):

    ctl_lns show sessions | json "len(d['sessions'])"
    wait_until 30 json_holds "len(d['sessions']) == 3" ctl_lns show sessions
"""
import json
import sys


def main(argv):
    holds = argv[:1] == ["--holds"]
    if holds:
        argv = argv[1:]
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    d = json.load(sys.stdin)
    # d is a global, not a local, so that comprehensions in EXPR see it.
    value = eval(argv[0], {"d": d})  # pylint: disable=eval-used
    if holds:
        return 0 if value else 1
    print(value)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
