#!/usr/bin/env python3
"""Generate large, realistic test articles for gloss's speed budgets.

Writes Markdown (headings, paragraphs with emphasis/links/code, nested and task lists, quotes,
fenced code, GFM tables, rules, footnotes) or plain text (title, byline, hard-wrapped
paragraphs, short heading lines, bullet lists) of about the requested size. Output is
deterministic for a given --seed, and includes some non-ASCII text (accents, CJK, emoji) so the
width-aware paths are exercised.

    scripts/gen_large_doc.py --size 10M --format md -o /tmp/big.md
    scripts/gen_large_doc.py --size 100M --format txt -o /tmp/big.txt
"""

import argparse
import random
import sys
import textwrap

WORDS = (
    "the of and to in a is that for it as was with be by on not he this are or his from at "
    "which but have an they you were her she there been one all we their has would when if "
    "so no more other time into only some could them than first these also new people may "
    "after any work state government military technology cooperation research development "
    "strategic partnership innovation industry economic ministry agreement science program "
    "artificial intelligence network security defense market policy region university "
    "engineers capabilities systems production investment relationship rivalry negotiations "
    "domestic foreign national international advanced emerging critical infrastructure "
    "satellite navigation semiconductor manufacturing export sanctions analysts reported"
).split()

RARE = ["café", "naïve", "Zürich", "São Paulo", "日本語", "中文", "한국어", "👍", "🚀", "—", "“quoted”"]


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)

    def word(self):
        if self.r.random() < 0.01:
            return self.r.choice(RARE)
        return self.r.choice(WORDS)

    def sentence(self, lo=6, hi=24):
        n = self.r.randint(lo, hi)
        s = " ".join(self.word() for _ in range(n))
        return s[0].upper() + s[1:] + self.r.choice(".....?!")

    def prose(self, lo=2, hi=7):
        return " ".join(self.sentence() for _ in range(self.r.randint(lo, hi)))

    def title(self):
        return " ".join(w.capitalize() for w in (self.word() for _ in range(self.r.randint(2, 7))))

    # ----- Markdown

    def md_inline(self):
        words = self.prose().split(" ")
        for _ in range(self.r.randint(0, 3)):
            i = self.r.randrange(len(words))
            w = words[i]
            if not w[:1].isalnum():
                continue  # already marked up: nesting `~~` twice would open a code fence
            kind = self.r.randrange(5)
            words[i] = [f"*{w}*", f"**{w}**", f"`{w}`", f"[{w}](https://example.com/{w})", f"~~{w}~~"][kind]
        return " ".join(words)

    def md_block(self, n):
        k = self.r.random()
        if k < 0.60:
            return textwrap.fill(self.md_inline(), 78) if self.r.random() < 0.5 else self.md_inline()
        if k < 0.70:
            return "#" * self.r.randint(2, 4) + " " + self.title()
        if k < 0.78:
            ordered = self.r.random() < 0.4
            lines = []
            for i in range(self.r.randint(2, 6)):
                mark = f"{i + 1}." if ordered else "-"
                task = self.r.choice(["", "", "[ ] ", "[x] "]) if not ordered else ""
                lines.append(f"{mark} {task}{self.sentence(3, 14)}")
                if self.r.random() < 0.2:
                    lines.append(f"    - {self.sentence(3, 10)}")
            return "\n".join(lines)
        if k < 0.84:
            return "\n".join("> " + l for l in textwrap.wrap(self.prose(1, 3), 76))
        if k < 0.90:
            body = "\n".join(
                f"    {self.word()}_{i} = compute({self.word()}, {i})  # {self.word()}"
                for i in range(self.r.randint(2, 12))
            )
            return f"```python\ndef {self.word()}():\n{body}\n```"
        if k < 0.95:
            cols = self.r.randint(2, 5)
            head = "| " + " | ".join(self.title() for _ in range(cols)) + " |"
            sep = "|" + "|".join(self.r.choice(["---", ":--", "--:", ":-:"]) for _ in range(cols)) + "|"
            rows = [
                "| " + " | ".join(" ".join(self.word() for _ in range(self.r.randint(1, 4))) for _ in range(cols)) + " |"
                for _ in range(self.r.randint(2, 8))
            ]
            return "\n".join([head, sep] + rows)
        if k < 0.97:
            return "---"
        return f"Footnote reference[^{n}] here.\n\n[^{n}]: {self.sentence()}"

    def markdown(self, size, out):
        written = 0
        n = 0
        head = f"---\ntitle: {self.title()}\nauthor: Ada Lovelace\ndate: 2024-01-01\n---\n\n# {self.title()}\n\n"
        out.write(head)
        written += len(head.encode())
        while written < size:
            if n % 40 == 0:
                block = "## " + self.title()
            else:
                block = self.md_block(n)
            chunk = block + "\n\n"
            out.write(chunk)
            written += len(chunk.encode())
            n += 1

    # ----- plain text

    def plain(self, size, out):
        written = 0
        head = f"{self.title()}\n\nOctober 4, 2019 Ada Lovelace, Charles Babbage Example Press\n\nRelated Categories: Science; Technology\n\n"
        out.write(head)
        written += len(head.encode())
        n = 0
        while written < size:
            k = self.r.random()
            if n % 30 == 0 or k < 0.05:
                block = self.title()
            elif k < 0.12:
                block = "\n".join("• " + self.sentence(3, 12) for _ in range(self.r.randint(2, 5)))
            else:
                block = textwrap.fill(self.prose(), 72)
            chunk = block + "\n\n"
            out.write(chunk)
            written += len(chunk.encode())
            n += 1


def parse_size(s):
    s = s.strip().upper()
    mult = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}.get(s[-1:], 1)
    return int(float(s.rstrip("KMG")) * mult)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--size", default="10M", help="approximate size (e.g. 10M, 100M, 512K)")
    p.add_argument("--format", choices=["md", "txt"], default="md")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("-o", "--output", help="output file (default: stdout)")
    a = p.parse_args()
    size = parse_size(a.size)
    g = Gen(a.seed)
    out = open(a.output, "w", encoding="utf-8", newline="\n") if a.output else sys.stdout
    try:
        (g.markdown if a.format == "md" else g.plain)(size, out)
    finally:
        if out is not sys.stdout:
            out.close()


if __name__ == "__main__":
    main()
