#!/usr/bin/env python3
"""Score gloss's topic boundaries against the segmentation corpus (Pk, WindowDiff).

    scripts/score_segments.py [--gloss target/release/gloss] [--corpus DIR] [--per-doc]

Runs `gloss sections --json` on every `DIR/dev/<id>.txt`, takes the `start` of each inferred
topic (`"kind": "topic"`, found at any depth) except the first of its run, maps the byte offset
to the paragraph index of the text (paragraphs are the blocks between blank lines, as the
corpus README says), writes `{"<id>": [i, …]}` and calls the corpus's `score.py` on it.
"""
import argparse, json, os, re, subprocess, sys, tempfile

def topic_starts(node, out):
    if isinstance(node, list):
        for n in node:
            topic_starts(n, out)
    elif isinstance(node, dict):
        if node.get("kind") == "topic":
            out.append(node["start"])
        topic_starts(node.get("children", []), out)

def paragraph_index(text, offset):
    """Index of the blank-line-separated block holding byte `offset`."""
    starts = [0] + [m.end() for m in re.finditer(rb"\n\n", text)]
    return sum(1 for s in starts if s <= offset) - 1

def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--gloss", default=os.path.join(here, "..", "target", "release", "gloss"))
    ap.add_argument("--corpus", default=os.path.join(here, "..", "..", "..", "shared", "corpus", "segments"))
    ap.add_argument("--per-doc", action="store_true")
    a = ap.parse_args()
    gold = json.load(open(os.path.join(a.corpus, "gold.json")))
    pred = {}
    for doc in sorted(gold):
        path = os.path.join(a.corpus, "dev", doc + ".txt")
        out = subprocess.run([a.gloss, "sections", "--json", path], capture_output=True, check=True)
        starts = []
        topic_starts(json.loads(out.stdout), starts)
        raw = open(path, "rb").read()
        idx = sorted({paragraph_index(raw, s) for s in starts})
        pred[doc] = [i for i in idx if i > 0]
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(pred, f)
    cmd = [sys.executable, os.path.join(a.corpus, "score.py"), os.path.join(a.corpus, "gold.json"), f.name]
    if a.per_doc:
        cmd.append("--per-doc")
    sys.exit(subprocess.run(cmd).returncode)

if __name__ == "__main__":
    main()
