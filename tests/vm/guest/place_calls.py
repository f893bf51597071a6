#!/usr/bin/env python3
"""Places COUNT calls on a tunnel at once: every `session add` request on one management
connection, written before any answer is read. Prints the new session IDs.

Usage: place_calls.py SOCKET TUNNEL COUNT [PSEUDOWIRE]
"""
import json
import socket
import sys

path, tunnel, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
pw = sys.argv[4] if len(sys.argv) > 4 else "ppp"
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(path)
request = {"command": "session add", "tunnel": tunnel, "pseudowire": pw}
s.sendall(b"".join((json.dumps(request) + "\n").encode() for _ in range(count)))
answers = s.makefile().readline
for _ in range(count):
    answer = json.loads(answers())
    if not answer.get("ok"):
        sys.exit(f"session add refused: {answer}")
    print(answer["session_id"])
