#!/usr/bin/env python3
"""Measure the library budgets of issue 13 on a generated library.

Usage: scripts/bench_library.py [--articles 10000] [--notes 100000] [--work DIR] [--kill]
                                [--runs 21] -- GLOSS_BINARY

Steps (each printed with its number):
  1. generate ARTICLES 5 KB articles (scripts/gen_library.py) unless WORK already has them;
  2. `gloss add -q` into a fresh database: wall time, articles/s, CPU seconds;
  3. `gloss add` again: nothing added, time;
  4. with --kill: a second fresh database, `gloss add` killed with SIGKILL after 40% of the
     first add's time, then rerun: the library must hold exactly ARTICLES;
  5. NOTES notes with tags written into the first database (gen_library.py --notes);
  6. database size, and per 1,000 articles;
  7. `gloss search WORD` for a word found in one article only: RUNS whole-process runs
     (median, p95), checking the one result;
  8. `gloss notes --all --tag T --json` (the busiest tag) and `gloss tags --json`, whole process;
  9. the library screen in a pseudo-terminal: exec → first complete frame ("? help" drawn),
     then each filter key → next frame (median, p95, max), RUNS runs; and exec → the first
     key answered (`j` sent with the first frame: answered once every article is loaded);
 10. the Notes view: `n` → its first frame (the output going quiet), and `n` then `j` → `j`
     answered (every passage loaded), RUNS runs.
     then each filter key → next frame (median, p95, max), RUNS runs;
 11. the entity ledger (issue 14), whole process, RUNS runs each: `gloss entities --all
     --type PERSON` (the list: entities by number of articles; no text is read) and `gloss
     entities --all --json` (every entity with its articles and co-mentions); then, with
     --restamp, the one-off cost of an entities.toml edit (every article recognised again
     from its stored text).
With --reuse and --screen-only, only steps 9 and 10 run (on WORK/bench.db).
"""
import argparse
import json
import os
import pty
import resource
import select
import signal
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def timed(cmd, env):
    t = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(cmd, env=env, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return time.perf_counter() - t, cpu, out


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def read_until(fd, needle, timeout=30):
    buf = b""
    end = time.monotonic() + timeout
    while needle not in buf:
        left = end - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"no {needle!r}; got {buf[-300:]!r}")
        r, _, _ = select.select([fd], [], [], left)
        if r:
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                raise TimeoutError("gloss exited")
            buf += chunk
    return buf


def drain(fd, quiet=0.03):
    while select.select([fd], [], [], quiet)[0]:
        try:
            if not os.read(fd, 1 << 16):
                return
        except OSError:
            return


def answered(fd, quiet=0.1, timeout=10):
    """Seconds until the output after a key goes quiet (the time of its last byte)."""
    t = time.perf_counter()
    last = None
    while select.select([fd], [], [], timeout if last is None else quiet)[0]:
        if not os.read(fd, 1 << 16):
            break
        last = time.perf_counter()
    return (last or time.perf_counter()) - t


def spawn_screen(gloss, db):
    import fcntl
    import struct
    import termios
    t0 = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.environ.update(GLOSS_DB=db, TERM="xterm-256color")
        os.execv(gloss, [gloss, "library"])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    return t0, pid, fd


def quit_screen(pid, fd):
    os.write(fd, b"\x1b\x1bq")
    try:
        read_until(fd, b"\x1b[?1049l", 5)
    except (TimeoutError, OSError):
        pass
    os.waitpid(pid, 0)
    os.close(fd)


def ready_run(gloss, db):
    """exec → the first key answered, `j` sent as soon as the first frame is drawn."""
    t0, pid, fd = spawn_screen(gloss, db)
    read_until(fd, b"? help")
    os.write(fd, b"j")
    answered(fd)
    ready = time.perf_counter() - t0
    quit_screen(pid, fd)
    return ready


def notes_run(gloss, db):
    """`n` → the Notes view's first frame; `n` then `j` → `j` answered."""
    t0, pid, fd = spawn_screen(gloss, db)
    read_until(fd, b"? help")
    drain(fd, 0.3)
    os.write(fd, b"n")
    first = answered(fd, quiet=0.3)
    os.write(fd, b"n")  # back to the list
    drain(fd, 0.3)
    t = time.perf_counter()
    os.write(fd, b"nj")
    answered(fd, quiet=0.3)
    ready = time.perf_counter() - t
    quit_screen(pid, fd)
    return first, ready


def screen_run(gloss, db, keys):
    t0, pid, fd = spawn_screen(gloss, db)
    read_until(fd, b"? help")
    first = time.perf_counter() - t0
    drain(fd)
    per_key = []
    for k in keys:
        t = time.perf_counter()
        os.write(fd, k.encode())
        select.select([fd], [], [], 5)
        per_key.append(time.perf_counter() - t)
        drain(fd)
    quit_screen(pid, fd)
    return first, per_key


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=10000)
    ap.add_argument("--notes", type=int, default=100000)
    ap.add_argument("--work", default="/tmp/gloss-library-bench")
    ap.add_argument("--runs", type=int, default=21)
    ap.add_argument("--kill", action="store_true")
    ap.add_argument("--restamp", action="store_true",
                    help="step 10: also time recomputing the ledger after an entities.toml edit")
    ap.add_argument("--only-ledger", action="store_true",
                    help="with --reuse: measure step 10 only")
    ap.add_argument("--reuse", action="store_true",
                    help="skip steps 1-6 when WORK/bench.db exists (measure queries again)")
    ap.add_argument("--screen-only", action="store_true",
                    help="with --reuse: measure the screen and the Notes view only")
    ap.add_argument("cmd", nargs="+")
    a = ap.parse_args()
    gloss = os.path.abspath(a.cmd[-1])
    docs = os.path.join(a.work, f"articles-{a.articles}")
    os.makedirs(a.work, exist_ok=True)
    env = dict(os.environ)
    # the user's own entities.toml must not change what is measured
    env["XDG_CONFIG_HOME"] = os.path.join(a.work, "config")
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")

    db = os.path.join(a.work, "bench.db")
    env["GLOSS_DB"] = db
    if a.reuse and os.path.exists(db):
        if a.only_ledger:
            return ledger(a, gloss, env)
        return measure(a, gloss, docs, db, env)
    if not os.path.isdir(docs):
        subprocess.run([sys.executable, os.path.join(HERE, "gen_library.py"), docs,
                        "--articles", str(a.articles)], check=True)
    print(f"1. {a.articles} articles in {docs}")

    for f in [db, db + "-wal", db + "-shm"]:
        if os.path.exists(f):
            os.remove(f)
    env["GLOSS_DB"] = db
    wall, cpu, out = timed([gloss, "add", "-q", docs], env)
    first_add = wall
    print(f"2. add: {out.stdout.strip()} in {wall:.1f} s = {a.articles / wall:.0f} articles/s "
          f"(CPU {cpu:.1f} s = {a.articles / cpu:.0f} articles per CPU-second)")
    wall, _, out = timed([gloss, "add", "-q", docs], env)
    print(f"3. add again: {out.stdout.strip()} in {wall:.1f} s")

    if a.kill:
        kdb = os.path.join(a.work, "kill.db")
        for f in [kdb, kdb + "-wal", kdb + "-shm"]:
            if os.path.exists(f):
                os.remove(f)
        kenv = dict(env, GLOSS_DB=kdb)
        p = subprocess.Popen([gloss, "add", "-q", docs], env=kenv, stdout=subprocess.DEVNULL)
        time.sleep(max(0.5, 0.4 * first_add))
        p.send_signal(signal.SIGKILL)
        p.wait()
        mid = json.loads(subprocess.run([gloss, "library", "--json"], env=kenv,
                                        capture_output=True, text=True).stdout)
        _, _, out = timed([gloss, "add", "-q", docs], kenv)
        lib = json.loads(subprocess.run([gloss, "library", "--json"], env=kenv,
                                        capture_output=True, text=True).stdout)
        print(f"4. kill -9 after {len(mid['articles'])} articles; rerun: {out.stdout.strip()}; "
              f"library holds {len(lib['articles'])} (want {a.articles})")

    if a.notes:
        t = time.perf_counter()
        subprocess.run([sys.executable, os.path.join(HERE, "gen_library.py"), docs,
                        "--notes", str(a.notes), "--db", db], check=True)
        print(f"5. {a.notes} notes written in {time.perf_counter() - t:.1f} s")

    measure(a, gloss, docs, db, env)


def measure(a, gloss, docs, db, env):
    if a.screen_only:
        return measure_screen(a, gloss, db)
    size = sum(os.path.getsize(f) for f in [db, db + "-wal"] if os.path.exists(f))
    print(f"6. database {size / 1e6:.1f} MB = {size / 1e6 / (a.articles / 1000):.2f} MB "
          f"per 1,000 articles (with {a.notes} notes)")

    word = subprocess.run([sys.executable, os.path.join(HERE, "gen_library.py"), docs,
                           "--unique", str(a.articles // 2)], capture_output=True,
                          text=True).stdout.strip()
    times = []
    for _ in range(a.runs):
        wall, _, out = timed([gloss, "search", "--json", word], env)
        times.append(wall)
    hits = json.loads(out.stdout)["results"]
    print(f"7. search {word}: {len(hits)} result(s); median {statistics.median(times) * 1000:.1f} ms, "
          f"p95 {pct(times, 95) * 1000:.1f} ms (whole process, {a.runs} runs)")

    tags = json.loads(subprocess.run([gloss, "tags", "--json"], env=env, capture_output=True,
                                     text=True).stdout)["tags"]
    if tags:
        busiest = max(tags, key=lambda t: t["notes"])
        times = [timed([gloss, "notes", "--all", "--tag", busiest["tag"], "--json"], env)[0]
                 for _ in range(5)]
        print(f"8. notes --all --tag {busiest['tag']} ({busiest['notes']} notes in "
              f"{busiest['articles']} articles): median {statistics.median(times) * 1000:.0f} ms")
        times = [timed([gloss, "tags", "--json"], env)[0] for _ in range(5)]
        print(f"   tags --json ({len(tags)} tags): median {statistics.median(times) * 1000:.0f} ms")

    measure_screen(a, gloss, db)
    ledger(a, gloss, env)


def measure_screen(a, gloss, db):
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    firsts, keys = [], []
    for _ in range(a.runs):
        first, per_key = screen_run(gloss, db, list("/export controls"))
        firsts.append(first)
        keys += per_key[1:]  # the first key opens the prompt
    print(f"9. library screen: first frame median {statistics.median(firsts) * 1000:.0f} ms, "
          f"p95 {pct(firsts, 95) * 1000:.0f} ms; filter key → frame median "
          f"{statistics.median(keys) * 1000:.1f} ms, p95 {pct(keys, 95) * 1000:.1f} ms, "
          f"max {max(keys) * 1000:.1f} ms ({len(keys)} keys)")
    ready = [ready_run(gloss, db) for _ in range(a.runs)]
    print(f"   every article loaded (exec → first key answered): median "
          f"{statistics.median(ready) * 1000:.0f} ms, p95 {pct(ready, 95) * 1000:.0f} ms")
    runs = [notes_run(gloss, db) for _ in range(a.runs)]
    firsts = [f for f, _ in runs]
    readys = [r for _, r in runs]
    print(f"10. notes view: n → first frame median {statistics.median(firsts) * 1000:.0f} ms, "
          f"p95 {pct(firsts, 95) * 1000:.0f} ms; every passage loaded (n → j answered) median "
          f"{statistics.median(readys) * 1000:.0f} ms, p95 {pct(readys, 95) * 1000:.0f} ms")


def ledger(a, gloss, env):
    # brings the ledger up to date first (after `gloss add` it already is: add stores it)
    wall, _, _ = timed([gloss, "entities", "--all", "--type", "PERSON"], env)
    print(f"11. ledger, first open: {wall * 1000:.0f} ms")
    for name, args in [("list (--type PERSON)", ["entities", "--all", "--type", "PERSON"]),
                       ("everything (--json)", ["entities", "--all", "--json"])]:
        times = []
        for _ in range(a.runs):
            wall, _, out = timed([gloss] + args, env)
            if out.returncode != 0:
                sys.exit(f"gloss {' '.join(args)} failed: {out.stderr.strip()}")
            times.append(wall)
        rows = len(json.loads(out.stdout)["entities"]) if "--json" in args else \
            len(out.stdout.splitlines()) - 1
        print(f"11. ledger {name}: {rows} entities; median {statistics.median(times) * 1000:.0f} ms, "
              f"p95 {pct(times, 95) * 1000:.0f} ms, min {min(times) * 1000:.0f} ms "
              f"(whole process, {a.runs} runs)")
    if a.restamp:
        conf = os.path.join(env["XDG_CONFIG_HOME"], "gloss")
        os.makedirs(conf, exist_ok=True)
        path = os.path.join(conf, "entities.toml")
        with open(path, "w") as f:
            f.write(f'not_entities = ["bench {time.time()}"]\n')
        wall, cpu, out = timed([gloss, "entities", "--all", "--type", "PERSON"], env)
        print(f"    after an entities.toml edit: {wall:.1f} s (CPU {cpu:.1f} s) to recognise every "
              f"article again, once")
        os.remove(path)


if __name__ == "__main__":
    main()
