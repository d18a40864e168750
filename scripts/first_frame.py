#!/usr/bin/env python3
"""Time gloss in a real pseudo-terminal: exec → first complete frame, and key press → next frame.

Usage: scripts/first_frame.py [--runs N] [--size COLSxROWS] [--keys N] -- GLOSS_BINARY [FILE]

The first frame is complete when the status bar's key hint ("? help") has been written.
A key press is answered when the terminal receives output after the key was sent (gloss only
redraws on an event, so that output is the next frame). All runs share one temporary
GLOSS_DB, created by an uncounted warm-up run (as a returning reader's database exists); each run
quits from the top, so the saved position is the same every time. Prints min / median / max in ms.
"""
import argparse
import fcntl
import os
import pty
import select
import statistics
import struct
import sys
import tempfile
import termios
import time


def read_until(fd, needle, timeout):
    buf = b""
    end = time.monotonic() + timeout
    while needle not in buf:
        left = end - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"no {needle!r} within {timeout}s; got {buf[-200:]!r}")
        r, _, _ = select.select([fd], [], [], left)
        if r:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                raise TimeoutError("gloss exited")
            if not chunk:
                raise TimeoutError("gloss exited")
            buf += chunk
    return buf


def drain(fd, quiet=0.05):
    while True:
        r, _, _ = select.select([fd], [], [], quiet)
        if not r:
            return
        try:
            if not os.read(fd, 65536):
                return
        except OSError:
            return


def one_run(cmd, cols, rows, keys, db_dir):
    pid, fd = pty.fork()
    if pid == 0:
        env = dict(os.environ, GLOSS_DB=os.path.join(db_dir, "g.db"), TERM="xterm-256color")
        env["XDG_CONFIG_HOME"] = os.path.join(db_dir, "cfg")
        os.execvpe(cmd[0], cmd, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    t0 = time.monotonic()
    read_until(fd, b"? help", 30)
    first = (time.monotonic() - t0) * 1000
    drain(fd)
    lat = []
    for i in range(keys):
        key = b"j" if i % 2 == 0 else b"k"
        t = time.monotonic()
        os.write(fd, key)
        r, _, _ = select.select([fd], [], [], 5)
        if r:
            os.read(fd, 65536)
            lat.append((time.monotonic() - t) * 1000)
        drain(fd, 0.02)
    os.write(fd, b"q")
    try:
        while os.read(fd, 65536):
            pass
    except OSError:
        pass
    os.waitpid(pid, 0)
    return first, lat


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--size", default="120x40")
    ap.add_argument("--keys", type=int, default=20)
    ap.add_argument("cmd", nargs="+")
    a = ap.parse_args()
    cols, rows = (int(x) for x in a.size.split("x"))
    firsts, lats = [], []
    with tempfile.TemporaryDirectory() as d:
        one_run(a.cmd, cols, rows, 0, d)  # warm-up: creates the database
        for _ in range(a.runs):
            f, l = one_run(a.cmd, cols, rows, a.keys, d)
            firsts.append(f)
            lats.extend(l)
    fmt = lambda xs: f"min {min(xs):.1f}  median {statistics.median(xs):.1f}  max {max(xs):.1f} ms"
    print(f"first frame ({a.runs} runs): {fmt(firsts)}")
    if lats:
        pct = statistics.quantiles(lats, n=100) if len(lats) > 1 else lats * 99
        over = sum(1 for x in lats if x > 5)
        print(
            f"key → next frame ({len(lats)} keys): {fmt(lats)}; "
            f"p95 {pct[94]:.1f}  p99 {pct[98]:.1f} ms; {over} over 5 ms"
        )


if __name__ == "__main__":
    sys.exit(main())
