#!/usr/bin/env python3
"""Peak memory of the reader on a document, as a multiple of the file size.

Usage: scripts/peak_memory.py [--size COLSxROWS] -- GLOSS_BINARY FILE

Runs gloss in a real pseudo-terminal with a temporary database and config, waits for the
first frame and then until the screen has been quiet for a few seconds (entity recognition
and the background layout have finished), jumps to the end and back, searches and quits.
Prints the peak resident set size in MB and as a multiple of FILE's size (the budget is 1.5x
the file + 20 MiB).

The peak is the kernel's high-water mark of the process (`VmHWM` in /proc/PID/status),
read until the process is gone: it only grows, so the last reading is the peak. Not
wait4(2)'s ru_maxrss: Linux carries the RSS of the process before exec into it, and before
exec the child is a fork of this Python interpreter (about 15 MB), which swamped a small
document's figure.
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


def high_water(pid):
    """The process's peak RSS so far in bytes (VmHWM), or None once it has exited."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", default="120x40")
    ap.add_argument("--quiet", type=float, default=3.0, help="seconds without output = idle")
    ap.add_argument(
        "--ready",
        default="? help",
        help="text that shows the first frame is drawn (for another pager: a word of FILE)",
    )
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
        read_until(fd, a.ready.encode(), 60)
        settle(fd, a.quiet)
        idle = time.monotonic() - t0
        for keys in (b"G", b"g", b"/technology\r", b"n", b"\x1b"):
            os.write(fd, keys)
            settle(fd, 0.5)
        time.sleep(0.2)  # so that `q` is not read as Alt-q after the Esc
        peak = high_water(pid) or 0
        os.write(fd, b"q")
        # follow the high-water mark through the quit (saving, closing the database) until
        # the process is a zombie; the terminal output is drained so that it can finish
        end = time.monotonic() + 30
        again = time.monotonic() + 2  # `less` reads Esc q as one key: it needs a second q
        while time.monotonic() < end:
            if again and time.monotonic() > again:
                os.write(fd, b"q")
                again = None
            hw = high_water(pid)
            if hw is None:
                break
            peak = max(peak, hw)
            r, _, _ = select.select([fd], [], [], 0.0005)
            if r:
                try:
                    os.read(fd, 65536)
                except OSError:
                    pass
        else:
            os.kill(pid, 9)
            print("gloss did not quit on q", file=sys.stderr)
        _, status = os.waitpid(pid, 0)
    print(
        f"{a.cmd[-1]}: {size / 1e6:.1f} MB file, peak RSS {peak / 1e6:.1f} MB "
        f"({peak / 2**20:.1f} MiB) "
        f"= {peak / size:.2f}x (idle after {idle:.1f} s, exit status {status >> 8})"
    )


if __name__ == "__main__":
    sys.exit(main())
