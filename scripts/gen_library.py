#!/usr/bin/env python3
"""Generate a realistic library: articles built from real paragraphs, plus notes and tags.

    scripts/gen_library.py OUT_DIR [--articles 10000] [--size 5000] [--seed 1]
    scripts/gen_library.py OUT_DIR --notes 100000 --db gloss.db   # after `gloss add OUT_DIR`

Articles are ~SIZE-byte Markdown files (front matter with title, author, date and outlet, then
paragraphs drawn from the texts in /work/shared/corpus and the bundled seed, reshuffled). Every
article holds a
word found in no other one (`uniq` + its number in base 26, e.g. `uniqbac`), printed by
`--unique N`, so a search has exactly one answer. With --notes and --db, notes with tags are
written straight into an existing gloss database (its triggers index them), spread over the
articles `gloss add` put there; tags follow a Zipf-like spread over 40 topic tags.
"""

import argparse
import glob
import hashlib
import json
import os
import random
import sqlite3
import sys
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = "/work/shared/corpus"
OUTLETS = ["Defense One", "Reuters", "The Economist", "Foreign Affairs", "Le Monde",
           "Süddeutsche Zeitung", "Nikkei Asia", "CityLab", "BBC News", "War on the Rocks"]
FIRST = ["Elsa", "Samuel", "María", "Jürgen", "Aiko", "Chen", "Olu", "Priya", "Ivan", "Zoë"]
LAST = ["Kania", "Bendett", "García", "Müller", "Tanaka", "Wei", "Adeyemi", "Rao", "Petrov", "Dubois"]
TAGS = ["export-controls", "semiconductors", "sanctions", "ai", "energy", "supply-chain",
        "china", "russia", "eu", "us-policy", "defense", "space", "cyber", "trade", "finance",
        "talent", "universities", "5g", "quantum", "biotech", "climate", "shipping", "arctic",
        "nuclear", "drones", "satellites", "rare-earths", "standards", "patents", "startups",
        "telecom", "disinformation", "elections", "labour", "migration", "health", "water",
        "food", "cities", "method"]


def paragraphs():
    texts = []
    for pattern in ["dev/*.txt", "segments/dev/*.txt", "web/pages/*/*.txt"]:
        texts += glob.glob(os.path.join(CORPUS, pattern))
    texts.append(os.path.join(ROOT, "seeds", "china-russia-deepen-technological-ties.txt"))
    paras = []
    for path in texts:
        with open(path, encoding="utf-8", errors="replace") as f:
            for p in f.read().split("\n\n"):
                p = " ".join(p.split())
                if 120 <= len(p) <= 1500:
                    paras.append(p)
    if not paras:
        sys.exit("no paragraphs found under " + CORPUS)
    return paras


def unique_word(n):
    s = ""
    n += 26 * 26  # at least three letters
    while n:
        n, r = divmod(n, 26)
        s = chr(ord("a") + r) + s
    return "uniq" + s


def article(i, paras, size, rng):
    words = rng.choice(paras).split()[:8]
    title = " ".join(w.strip(".,;:\"'“”") for w in words).strip() or f"Article {i}"
    author = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    date = f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    q = lambda v: '"' + v.replace('\\', '\\\\').replace('"', '\\"') + '"'
    lines = ["---", f"title: {q(title)}", f"author: {q(author)}", f"date: {date}",
             f"outlet: {q(rng.choice(OUTLETS))}", "---", ""]
    body = []
    total = 0
    while total < size:
        p = rng.choice(paras)
        body.append(p)
        total += len(p.encode()) + 2
    # the unique word, inside a sentence of the middle paragraph
    mid = len(body) // 2
    body[mid] = body[mid] + f" The {unique_word(i)} case is discussed below."
    return title, "\n".join(lines) + "\n" + "\n\n".join(body) + "\n"


def write_articles(out, n, size, seed):
    rng = random.Random(seed)
    paras = paragraphs()
    os.makedirs(out, exist_ok=True)
    for i in range(n):
        sub = os.path.join(out, f"{i // 1000:03d}")
        os.makedirs(sub, exist_ok=True)
        _, text = article(i, paras, size, rng)
        with open(os.path.join(sub, f"article-{i:05d}.md"), "w", encoding="utf-8") as f:
            f.write(text)


def write_notes(db, n, seed):
    rng = random.Random(seed)
    con = sqlite3.connect(db)
    con.execute("PRAGMA busy_timeout = 5000")
    rows = con.execute(
        "SELECT l.article_id, l.fingerprint, l.source, l.title, t.text FROM library l "
        "JOIN library_texts t ON t.article_id = l.article_id").fetchall()
    if not rows:
        sys.exit("the database has no library articles: run `gloss add` first")
    weights = [1.0 / (k + 1) for k in range(len(TAGS))]
    now = "2026-11-30T12:00:00Z"
    con.execute("BEGIN")
    for k in range(n):
        art, fp, src, title, text = rng.choice(rows)
        b = text.encode()
        start = rng.randrange(0, max(1, len(b) - 200))
        while start > 0 and (b[start] & 0xC0) == 0x80:
            start -= 1
        end = min(len(b), start + rng.randint(40, 200))
        while end < len(b) and (b[end] & 0xC0) == 0x80:
            end += 1
        exact = b[start:end].decode()
        prefix = b[max(0, start - 32):start].decode(errors="ignore")
        suffix = b[end:end + 32].decode(errors="ignore")
        tags = sorted(set(rng.choices(TAGS, weights, k=rng.randint(1, 3))))
        body = rng.choice(["", "", "Worth quoting.", "Compare with the 2019 figures.",
                           f"See also #{tags[0]}.", "Check the source of this claim."])
        aid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        con.execute(
            "INSERT INTO annotations (id, fingerprint, path, title, exact, prefix, suffix, start,"
            " end, tags, body, created, modified, article_id, revision, placement)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 'exact')",
            (aid, fp, src, title, exact, prefix, suffix, start, end, json.dumps(tags), body,
             now, now, art))
        if k % 10000 == 9999:
            con.execute("COMMIT")
            con.execute("BEGIN")
    con.execute("COMMIT")
    con.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("--articles", type=int, default=10000)
    ap.add_argument("--size", type=int, default=5000, help="bytes per article")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--notes", type=int, default=0)
    ap.add_argument("--db")
    ap.add_argument("--unique", type=int, metavar="N", help="print article N's unique word")
    a = ap.parse_args()
    if a.unique is not None:
        print(unique_word(a.unique))
        return
    if a.notes:
        if not a.db:
            sys.exit("--notes needs --db")
        write_notes(a.db, a.notes, a.seed)
        return
    write_articles(a.out, a.articles, a.size, a.seed)


if __name__ == "__main__":
    main()
