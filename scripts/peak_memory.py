#!/usr/bin/env python3
"""Peak memory of the reader on a document, as a multiple of the file size.

Usage: scripts/peak_memory.py [--size COLSxROWS] -- GLOSS_BINARY FILE

Runs gloss in a real pseudo-terminal with a temporary database and config, waits for the
first frame and then until the screen has been quiet for a few seconds (entity recognition
and the background layout have finished), jumps to the end and back, searches, quits, and
reads the peak resident set size of the process from wait4(2). Prints it in MB and as a
multiple of FILE's size (the budget is 4x).
"""
import argparse
import fcntl
import os
import pty
import select
import struct
import sys
import tempfile
import termios
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from first_frame import read_until  # noqa: E402


# What a redraw with nothing new writes (older gloss redrew on its two-second tick; kept so the
# script can measure those builds too).
EMPTY_FRAME = b"\x1b[39m\x1b[49m\x1b[59m\x1b[0m\x1b[?25l"


def settle(fd, quiet, limit=300):
    """Reads output until nothing but empty redraws has come for `quiet` seconds: gloss
    draws on events, so a quiet screen means the background work is done."""
    end = time.monotonic() + limit
    last = time.monotonic()
    while time.monotonic() - last < quiet and time.monotonic() < end:
        r, _, _ = select.select([fd], [], [], 0.1)
        if not r:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            return
        if not chunk:
            return
        if chunk.replace(EMPTY_FRAME, b""):
            last = time.monotonic()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", default="120x40")
    ap.add_argument("--quiet", type=float, default=3.0, help="seconds without output = idle")
    ap.add_argument("cmd", nargs="+")
    a = ap.parse_args()
    cols, rows = (int(x) for x in a.size.split("x"))
    size = os.path.getsize(a.cmd[-1])
    with tempfile.TemporaryDirectory() as d:
        pid, fd = pty.fork()
        if pid == 0:
            env = dict(os.environ, GLOSS_DB=os.path.join(d, "g.db"), TERM="xterm-256color")
            env["XDG_CONFIG_HOME"] = os.path.join(d, "cfg")
            env.pop("NO_COLOR", None)
            os.execvpe(a.cmd[0], a.cmd, env)
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        t0 = time.monotonic()
        read_until(fd, b"? help", 60)
        settle(fd, a.quiet)
        idle = time.monotonic() - t0
        for keys in (b"G", b"g", b"/technology\r", b"n", b"\x1b"):
            os.write(fd, keys)
            settle(fd, 0.5)
        time.sleep(0.2)  # so that `q` is not read as Alt-q after the Esc
        os.write(fd, b"q")
        try:
            read_until(fd, b"never printed", 30)
        except TimeoutError as e:
            if "exited" not in str(e):
                os.kill(pid, 9)
                print("gloss did not quit on q", file=sys.stderr)
        _, status, usage = os.wait4(pid, 0)
    peak = usage.ru_maxrss * 1024  # kilobytes on Linux
    print(
        f"{a.cmd[-1]}: {size / 1e6:.1f} MB file, peak RSS {peak / 1e6:.1f} MB "
        f"= {peak / size:.2f}x (idle after {idle:.1f} s, exit status {status >> 8})"
    )


if __name__ == "__main__":
    sys.exit(main())
