#!/usr/bin/env python3
"""Scores `gloss extract` on the web-extraction benchmark pages with the benchmark's own measure.

    scripts/score_web.py [--gloss PATH] [--corpus DIR] [--per-page] [--keep PREDICTIONS.json]

Runs `gloss extract --json PAGE` once per page of DIR/pages (a whole process each, as a user
would), takes the `text` field as the predicted article body, and scores the predictions with
DIR/score.py (imported, not re-implemented). Prints the F1 and the median and 90th-percentile
milliseconds per page. Defaults: target/release/gloss and ../shared/corpus/web (from the repo).
"""
import argparse, gzip, importlib.util, json, os, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load_score(corpus):
    spec = importlib.util.spec_from_file_location("score", os.path.join(corpus, "score.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gloss", default=os.path.join(ROOT, "target", "release", "gloss"))
    ap.add_argument("--corpus", default=os.path.join(ROOT, "..", "..", "shared", "corpus", "web"))
    ap.add_argument("--per-page", action="store_true")
    ap.add_argument("--keep", metavar="PREDICTIONS.json")
    a = ap.parse_args()
    if not os.path.exists(os.path.join(a.corpus, "score.py")):
        alt = "/work/shared/corpus/web"
        a.corpus = alt if os.path.exists(os.path.join(alt, "score.py")) else a.corpus
    score = load_score(a.corpus)
    truth = score.load(os.path.join(a.corpus, "ground-truth.json"))
    pages = os.path.join(a.corpus, "pages")
    preds, times, failures = {}, [], []
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, GLOSS_DB=os.path.join(tmp, "gloss.db"), GLOSS_CONFIG=os.path.join(tmp, "none.toml"))
        for name in sorted(os.listdir(pages)):
            if not name.endswith(".html.gz"):
                continue
            pid = name[: -len(".html.gz")]
            path = os.path.join(tmp, pid + ".html")
            with gzip.open(os.path.join(pages, name)) as src, open(path, "wb") as dst:
                dst.write(src.read())
            t0 = time.perf_counter()
            p = subprocess.run([a.gloss, "extract", "--json", path], capture_output=True, env=env)
            times.append((time.perf_counter() - t0) * 1000)
            if p.returncode != 0:
                failures.append(f"{pid}: exit {p.returncode}: {p.stderr.decode(errors='replace').strip()}")
                continue
            preds[pid] = {"articleBody": json.loads(p.stdout)["text"]}
    m, rows = score.score(truth, preds)
    if a.per_page:
        for k, r in sorted(rows.items(), key=lambda kv: kv[1][0]):
            print(f"{k[:16]}  P={score.prec(*r):.3f} R={score.rec(*r):.3f}")
    if a.keep:
        json.dump(preds, open(a.keep, "w"), ensure_ascii=False, indent=1)
    for f in failures:
        print("FAILED", f, file=sys.stderr)
    times.sort()
    p90 = times[int(len(times) * 0.9) - 1] if times else 0
    print(f"F1 {m['f1']:.3f}  precision {m['precision']:.3f}  recall {m['recall']:.3f}  pages {m['pages']}"
          f"  failed {len(failures)}  ms/page median {statistics.median(times):.1f} p90 {p90:.1f}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
