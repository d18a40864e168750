#!/usr/bin/env python3
"""Per-key latency of a scroll burst while gloss works in the background, in a real pty.

Usage: scripts/scroll_latency.py [--keys N] [--gap MS] [--delay S] [--pattern KEYS] -- GLOSS FILE

Opens FILE (a big one: scripts/gen_large_doc.py --size 100M), waits for the first frame and
then DELAY seconds (0: the burst runs while the whole document loads; a few seconds more: while
its entities are recognised — gloss redraws only the cells that change, so the script cannot
read the status bar from the byte stream and waits instead); then sends N scroll keys (`j`, with `k` every
tenth so the view never pins at an end), one every GAP ms, and times each key to the first
output after it (gloss redraws only on an event, so that output is the key's frame). Prints
min / median / p95 / max in ms. The budget is p95 <= 5 ms
and max <= 16 ms.

`--pattern` sends other keys, in turn: `--pattern Gg --delay 15 --keys 20 --gap 200` times `G`
(and `g`) once the whole document has loaded (the budget for `G` at 100 MB is 100 ms).
"""
import argparse
import os
import pty
import statistics
import sys
import tempfile
import time
import fcntl
import struct
import termios

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from first_frame import drain, key_latencies, quit_and_reap, read_until  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--keys", type=int, default=200)
    ap.add_argument("--gap", type=float, default=25.0)
    ap.add_argument("--delay", type=float, default=0.0, help="seconds after the first frame")
    ap.add_argument("--size", default="120x40")
    ap.add_argument("--pattern", default="jjjjjjjjjk", help="the keys sent, in turn")
    ap.add_argument("cmd", nargs="+")
    a = ap.parse_args()
    cols, rows = (int(x) for x in a.size.split("x"))
    with tempfile.TemporaryDirectory() as d:
        pid, fd = pty.fork()
        if pid == 0:
            env = dict(os.environ, GLOSS_DB=os.path.join(d, "g.db"), TERM="xterm-256color")
            env["XDG_CONFIG_HOME"] = os.path.join(d, "cfg")
            os.execvpe(a.cmd[0], a.cmd, env)
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        read_until(fd, b"? help", 60)
        drain(fd, a.delay)
        end = time.monotonic() + a.delay
        while time.monotonic() < end:
            drain(fd, 0.05)
        pattern = a.pattern.encode()
        keys = [pattern[i % len(pattern) : i % len(pattern) + 1] for i in range(a.keys)]
        lat = key_latencies(fd, keys, a.gap / 1000)
        quit_and_reap(fd, pid)
    pct = statistics.quantiles(lat, n=100)
    print(
        f"{a.pattern!r} burst {a.delay:g} s after the first frame ({len(lat)} keys): min {min(lat):.1f}  "
        f"median {statistics.median(lat):.1f}  p95 {pct[94]:.1f}  max {max(lat):.1f} ms; "
        f"{sum(1 for x in lat if x > 5)} over 5 ms, {sum(1 for x in lat if x > 16)} over 16 ms"
    )


if __name__ == "__main__":
    sys.exit(main())
