#!/usr/bin/env python3
"""l2tpd under a stand-in service manager: a datagram socket as NOTIFY_SOCKET, WATCHDOG_USEC
set. Asserts the sequence systemd.service(5) Type=notify expects: READY=1 (with STATUS=) once
the listener and the management socket are bound, WATCHDOG=1 keep-alives, RELOADING=1 then
READY=1 around a SIGHUP reload, no keep-alive while the process is stopped (SIGSTOP) and again
after SIGCONT, STOPPING=1 on SIGTERM, and a clean exit.

Usage: notify_test.py L2TPD_BINARY
"""
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

WATCHDOG_USEC = 400_000  # keep-alives every 0.2 s


def fail(message):
    print(f"FAIL: {message}")
    sys.exit(1)


def main():
    l2tpd = sys.argv[1]
    work = tempfile.mkdtemp(prefix="l2tpd-notify-")
    notify_path = os.path.join(work, "notify")
    notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    notify.bind(notify_path)
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    control = os.path.join(work, "l2tpd.sock")
    config = os.path.join(work, "l2tpd.yaml")
    with open(config, "w", encoding="utf-8") as f:
        f.write(f'listen: ["127.0.0.1:{port}"]\nip_encapsulation: false\ndataplane: null\n'
                f"control_socket: {control}\n")
    env = dict(os.environ, NOTIFY_SOCKET=notify_path, WATCHDOG_USEC=str(WATCHDOG_USEC))
    env.pop("WATCHDOG_PID", None)
    log = open(os.path.join(work, "l2tpd.log"), "w", encoding="utf-8")
    daemon = subprocess.Popen([l2tpd, "-c", config, "--log", "console"], env=env, stdout=log,
                              stderr=subprocess.STDOUT)

    def receive(timeout):
        notify.settimeout(timeout)
        try:
            return notify.recv(4096).decode()
        except socket.timeout:
            return None

    def expect(word, timeout=10.0):
        """The next message with `word` (keep-alives on the way are skipped)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            m = receive(end - time.monotonic())
            if m is None:
                break
            if word in m.split("\n"):
                return m
            if "WATCHDOG=1" not in m.split("\n"):
                fail(f"expected {word}, got {m!r}")
        fail(f"no {word} within {timeout} s")

    try:
        ready = expect("READY=1")
        if not os.path.exists(control):
            fail("READY=1 came before the management socket was bound")
        if "STATUS=0 tunnels, 0 sessions, 0 pppd" not in ready:
            fail(f"READY=1 without the STATUS line: {ready!r}")
        for _ in range(3):
            expect("WATCHDOG=1", timeout=2.0)

        daemon.send_signal(signal.SIGHUP)
        reloading = expect("RELOADING=1")
        if "MONOTONIC_USEC=" not in reloading:
            fail(f"RELOADING=1 without MONOTONIC_USEC: {reloading!r}")
        expect("READY=1")

        daemon.send_signal(signal.SIGSTOP)
        while receive(0.05) is not None:  # what was sent before the stop, then nothing
            pass
        silent = receive(1.0)
        daemon.send_signal(signal.SIGCONT)
        if silent is not None:
            fail(f"a keep-alive from a stopped daemon: {silent!r}")
        expect("WATCHDOG=1", timeout=2.0)

        daemon.send_signal(signal.SIGTERM)
        expect("STOPPING=1")
        if daemon.wait(timeout=10) != 0:
            fail(f"l2tpd exited with {daemon.returncode}")
    finally:
        if daemon.poll() is None:
            daemon.kill()
            daemon.wait()
        log.close()
        subprocess.run(["rm", "-rf", work], check=False)
    print("service manager: READY, WATCHDOG, RELOADING/READY, silent when stopped, STOPPING")


if __name__ == "__main__":
    main()
