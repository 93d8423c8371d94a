#!/usr/bin/env python3
"""Reports words of a PDF that are drawn over one another.

Reads `pdftotext -bbox` output (XHTML with one <word> per word and its box)
on stdin; prints each overlapping pair and exits 1 when there is one.  Two
words overlap when their boxes share more than a sliver (a quarter of the
smaller box's height vertically and some width horizontally): text laid on
text, as a wrapped label running into the next row would be.
"""
import re
import sys

PAGE = re.compile(r"<page\b")
WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def overlaps(a, b):
    dx = min(a[2], b[2]) - max(a[0], b[0])
    dy = min(a[3], b[3]) - max(a[1], b[1])
    hmin = min(a[3] - a[1], b[3] - b[1])
    return dx > 0.5 and dy > 0.25 * hmin


def main():
    bad = 0
    page = 0
    words = []

    def check():
        nonlocal bad
        for i, a in enumerate(words):
            for b in words[i + 1:]:
                if overlaps(a, b):
                    bad += 1
                    print(f"page {page}: {a[4]!r} over {b[4]!r}")

    for line in sys.stdin:
        if PAGE.search(line):
            check()
            page += 1
            words = []
        for m in WORD.finditer(line):
            words.append(tuple(float(m.group(i)) for i in range(1, 5)) + (m.group(5),))
    check()
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
