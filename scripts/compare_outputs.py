#!/usr/bin/env python3
"""Check that two gloss binaries print byte-identical output.

A refactor must not change what gloss prints. This runs every printing subcommand of two
binaries on the same inputs and compares the bytes:

- `render` at widths 80 and 37 (plain, and `--color always`), `sections` and `sections --json`,
  `entities --json`;
- after importing the same annotations (a few passages taken from each text, plus one orphan)
  into a fresh database per binary: `notes`, `notes --json` and `export -f` for every format.

Inputs: the bundled seed, every text in `tests/fixtures/corpus/`, a hostile file (control
characters, escape sequences, CJK, emoji) and generated Markdown and plain-text files
(`scripts/gen_large_doc.py`, 10 MB by default; `--size 1M` for a quick run).

    scripts/compare_outputs.py --before /tmp/gloss-old --after target/release/gloss
    scripts/compare_outputs.py --before OLD --after NEW --size 1M --keep /tmp/cmp

Prints one line per check and a summary; exits 1 if anything differs. Export timestamps
(`exported_at`) are the only bytes masked before comparing.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

HOSTILE = (
    "Hostile \x1b[31mred\x1b[0m title\n\n"
    "A line with a bell \x07 and a backspace \x08 and \x1b]0;title\x07 an OSC.\n\n"
    "中文 text, 日本語, 한국어 and emoji 👍🏽 🚀 family 👨‍👩‍👧 mixed with Zürich and São Paulo.\n\n"
    "Barack Obama met Angela Merkel in Berlin on May 4, 2015, said Reuters.\n"
)

MASK = re.compile(rb'("?(?:exported_at|exported|generated)"?\s*[:=]\s*)"?[0-9T:\-Z.+]+"?')


def annotations_for(text: str, name: str) -> dict:
    """A gloss JSON export with three passages of `text` and one orphan, deterministic."""
    anns = []
    words = [m for m in re.finditer(r"\S+", text)]
    for i, frac in enumerate((0.2, 0.5, 0.8)):
        if len(words) < 20:
            break
        k = int(len(words) * frac)
        first, last = words[k], words[min(k + 5, len(words) - 1)]
        start, end = first.start(), last.end()
        bstart = len(text[:start].encode())
        bend = len(text[:end].encode())
        anns.append({
            "id": f"0190f5a0-0000-7000-8000-00000000000{i + 1}",
            "doc": {"fingerprint": "", "path": None, "title": None},
            "quote": {
                "exact": text[start:end],
                "prefix": text[max(0, start - 32):start],
                "suffix": text[end:end + 32],
            },
            "position": {"start": bstart, "end": bend},
            "tags": [f"tag{i}", "shared"],
            "body": f"Note {i} on {name}.",
            "color": None,
            "created": "2026-02-01T09:00:00Z",
            "modified": "2026-02-02T08:00:00Z",
        })
    anns.append({
        "id": "0190f5a0-0000-7000-8000-000000000009",
        "doc": {"fingerprint": "", "path": None, "title": None},
        "quote": {"exact": "a passage that is in no text at all", "prefix": "", "suffix": ""},
        "position": {"start": 0, "end": 10},
        "tags": ["orphan"],
        "body": "An orphan.",
        "color": None,
        "created": "2026-02-01T09:00:00Z",
        "modified": "2026-02-02T08:00:00Z",
    })
    return {"format": "gloss-annotations", "version": 1, "annotations": anns}


def run(binary, args, env):
    p = subprocess.run([binary, *args], capture_output=True, env=env, timeout=600)
    return p.returncode, p.stdout, p.stderr


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--before", required=True, help="the reference binary")
    ap.add_argument("--after", default=str(ROOT / "target/release/gloss"), help="the binary to check")
    ap.add_argument("--size", default="10M", help="size of the generated documents (default 10M)")
    ap.add_argument("--keep", help="keep the work folder here (inputs, databases, diffs)")
    args = ap.parse_args()

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="gloss-compare-"))
    work.mkdir(parents=True, exist_ok=True)
    docs = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests/fixtures/corpus").glob("*.txt"))
    hostile = work / "hostile.txt"
    hostile.write_text(HOSTILE)
    docs.append(hostile)
    for fmt in ("md", "txt"):
        out = work / f"large-{args.size}.{fmt}"
        if not out.exists():
            subprocess.run([sys.executable, str(ROOT / "scripts/gen_large_doc.py"), "--size", args.size,
                            "--format", fmt, "-o", str(out)], check=True)
        docs.append(out)

    same = differ = 0
    for doc in docs:
        text = doc.read_text(errors="replace")
        notes_file = work / f"{doc.name}.annotations.json"
        notes_file.write_text(json.dumps(annotations_for(text, doc.name), ensure_ascii=False, indent=2))
        outputs = {}
        for label, binary in (("before", args.before), ("after", args.after)):
            home = work / label / doc.name
            home.mkdir(parents=True, exist_ok=True)
            env = dict(os.environ, HOME=str(home), XDG_DATA_HOME=str(home / "data"),
                       XDG_CONFIG_HOME=str(home / "config"), GLOSS_DB=str(home / "gloss.db"),
                       NO_COLOR="")
            env.pop("GLOSS_CONFIG", None)
            checks = [
                ("render -w 80", ["render", "-w", "80", str(doc)]),
                ("render -w 37", ["render", "-w", "37", str(doc)]),
                ("render --color always", ["render", "-w", "72", "--color", "always", str(doc)]),
                ("sections", ["sections", str(doc)]),
                ("sections --json", ["sections", "--json", str(doc)]),
                ("entities --json", ["entities", "--json", str(doc)]),
                ("import", ["import", str(doc), str(notes_file)]),
                ("notes", ["notes", str(doc)]),
                ("notes --json", ["notes", "--json", str(doc)]),
            ] + [(f"export -f {f}", ["export", "-f", f, str(doc)]) for f in ("markdown", "json", "csv", "w3c")]
            for name, cmd in checks:
                code, out, err = run(binary, cmd, env)
                outputs.setdefault(name, []).append((code, MASK.sub(rb"\1<time>", out), err))
        for name, ((c1, o1, e1), (c2, o2, e2)) in outputs.items():
            if (c1, o1) == (c2, o2):
                same += 1
                continue
            differ += 1
            print(f"DIFFERENT  {doc.name}: {name} (exit {c1} vs {c2}, {len(o1)} vs {len(o2)} bytes)")
            stem = work / "diffs" / f"{doc.name}.{name.replace(' ', '_')}"
            stem.parent.mkdir(exist_ok=True)
            Path(f"{stem}.before").write_bytes(o1 + e1)
            Path(f"{stem}.after").write_bytes(o2 + e2)
    print(f"{same} identical, {differ} different, {len(docs)} documents ({work})")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
