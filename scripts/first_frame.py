#!/usr/bin/env python3
"""Time gloss in a real pseudo-terminal: exec → first complete frame, and key press → next frame.

Usage: scripts/first_frame.py [--runs N] [--size COLSxROWS] [--keys N] [--until TEXT]
                              [--serve PAGE [--delay SECONDS]] -- GLOSS_BINARY [FILE|{url}]

The first frame is complete when the status bar's key hint ("? help") has been written, or
TEXT with --until (e.g. --until Fetching for the frame a URL opens on).

--serve PAGE starts an HTTP server on 127.0.0.1 inside this script that answers every request
with PAGE (an .html or .html.gz file, sent as text/html) after --delay seconds; `{url}` in the
command becomes its address. Web scenarios:

  # a snapshot URL: the uncounted warm-up run fetches the page once, the runs open the snapshot
  scripts/first_frame.py --serve page.html.gz -- target/release/gloss {url}
  # the fetching frame: every run fetches again (--refresh) from a server that takes 2 s, and
  # cancels with q once "Fetching" is on screen
  scripts/first_frame.py --serve page.html.gz --delay 2 --until Fetching --keys 0 \
      -- target/release/gloss --refresh {url}

A key press is answered when the terminal receives output after the key was sent (gloss only
redraws on an event, so that output is the next frame). All runs share one temporary
GLOSS_DB, created by an uncounted warm-up run (as a returning reader's database exists); each run
quits from the top, so the saved position is the same every time. Prints min / median / max in ms.
"""
import argparse
import fcntl
import gzip
import http.server
import os
import pty
import select
import statistics
import struct
import sys
import tempfile
import termios
import threading
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


def serve(page, delay):
    """Serves `page` on a free port of 127.0.0.1 from a thread; returns its URL."""
    body = gzip.decompress(open(page, "rb").read()) if page.endswith(".gz") else open(page, "rb").read()

    class Page(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            time.sleep(delay)
            try:
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except OSError:
                pass  # the reader gave up on the page

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/article"


def key_latencies(fd, keys, gap):
    """Sends each key, waiting `gap` seconds of quiet after each; the ms from a key to the
    first output it caused (keys with no output within 5 s are left out)."""
    lat = []
    for key in keys:
        t = time.monotonic()
        os.write(fd, key)
        r, _, _ = select.select([fd], [], [], 5)
        if r:
            os.read(fd, 65536)
            lat.append((time.monotonic() - t) * 1000)
        drain(fd, gap)
    return lat


def quit_and_reap(fd, pid):
    """Presses q, reads the pty to its end and waits for the process."""
    os.write(fd, b"q")
    try:
        while os.read(fd, 65536):
            pass
    except OSError:
        pass
    os.waitpid(pid, 0)


def one_run(cmd, cols, rows, keys, db_dir, until=b"? help"):
    pid, fd = pty.fork()
    if pid == 0:
        env = dict(os.environ, GLOSS_DB=os.path.join(db_dir, "g.db"), TERM="xterm-256color")
        env["XDG_CONFIG_HOME"] = os.path.join(db_dir, "cfg")
        os.execvpe(cmd[0], cmd, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    t0 = time.monotonic()
    read_until(fd, until, 30)
    first = (time.monotonic() - t0) * 1000
    drain(fd)
    lat = key_latencies(fd, [b"j" if i % 2 == 0 else b"k" for i in range(keys)], 0.02)
    quit_and_reap(fd, pid)
    return first, lat


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--size", default="120x40")
    ap.add_argument("--keys", type=int, default=20)
    ap.add_argument("--until", default="? help")
    ap.add_argument("--serve")
    ap.add_argument("--delay", type=float, default=0.0)
    ap.add_argument("cmd", nargs="+")
    a = ap.parse_args()
    if a.serve:
        url = serve(a.serve, a.delay)
        a.cmd = [url if arg == "{url}" else arg for arg in a.cmd]
    until = a.until.encode()
    cols, rows = (int(x) for x in a.size.split("x"))
    firsts, lats = [], []
    with tempfile.TemporaryDirectory() as d:
        one_run(a.cmd, cols, rows, 0, d, until)  # warm-up: creates the database
        for _ in range(a.runs):
            f, l = one_run(a.cmd, cols, rows, a.keys, d, until)
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
