#!/usr/bin/env python3
"""layout_check.py LAYOUT: checks a `goalsheet layout` dump.

- no glyph outside its cell: every text item lies inside its cell box
  (x, x + width; baseline y with the em box 0.88 em up, 0.12 em down);
- kinsoku (typesetting.md §3.1, strict): the text items of each cell are
  put back into lines (one baseline, runs in x order: hanging labels,
  then the text), and of every two consecutive lines of a cell the second
  may not start with a no-start character nor the first end with a
  no-end bracket.  A line that begins with a label starts a paragraph,
  which may begin with anything.  Vertical and turned text is left out.
Prints each violation and a count of what it checked; exits 1 on any
violation.
"""
import sys
from collections import defaultdict

NO_START = set("’”)）〕]］}｝〉》」』】⦆｠〙〗»〟｣‐〜゠–～!！?？‼⁇⁈⁉・:：;；･。.．｡、,，､ヽヾゝゞ々〻ーｰ"
               "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ"
               + "".join(chr(c) for c in range(0x31F0, 0x3200))
               + "".join(chr(c) for c in range(0xFF67, 0xFF70)))
NO_END = set("‘“(（〔[［{｛〈《「『【⦅｟〘〖«〝｢")
EPS = 0.05


def read(path):
    """Text items as (page, cell, x, y, w, size, text), turned ones apart."""
    items, page = [], 0
    for line in open(path, encoding="utf-8"):
        if line.startswith("page "):
            page += 1
            continue
        if not line.startswith("text "):
            continue
        head, text = line.split("|", 1)
        text = text.rstrip("\n")[:-1]
        f = head.split()
        x, y, w, size = map(float, f[1:5])
        cell = tuple(map(float, f[6:10]))
        angle = float(f[10])
        items.append((page, cell, x, y, w, size, text, angle))
    return items


def outside(items):
    bad = 0
    for page, (cx, cy, cw, ch), x, y, w, size, text, angle in items:
        if angle != 0:
            continue
        if x < cx - EPS or x + w > cx + cw + EPS or y - 0.88 * size < cy - EPS or y + 0.12 * size > cy + ch + EPS:
            print("page %d: outside its cell: %r at (%.2f, %.2f) w %.2f, cell (%.2f %.2f %.2f %.2f)"
                  % (page, text, x, y, w, cx, cy, cw, ch))
            bad += 1
    return bad


def cell_lines(items):
    """{(page, cell): [runs of a line, in x order], lines top to bottom}."""
    cells = defaultdict(lambda: defaultdict(list))
    for page, cell, x, y, w, size, text, angle in items:
        # one character per item is vertical text (特記事項): not lines
        if angle == 0 and text:
            cells[(page, cell)][round(y, 2)].append((x, text))
    out = {}
    for key, by_y in cells.items():
        out[key] = [[t for _, t in sorted(by_y[y])] for y in sorted(by_y)]
    return out


def kinsoku(items):
    bad = starts = ends = 0
    for (page, cell), lines in cell_lines(items).items():
        if all(len(l) == 1 and len(l[0]) == 1 for l in lines) and len(lines) > 1:
            continue  # vertical text: one character a line
        for prev, line in zip(lines, lines[1:]):
            if len(line) > 1:
                continue  # a label: a new paragraph
            first, last = line[0][:1], prev[-1][-1:]
            starts += 1
            ends += 1
            if first in NO_START:
                print("page %d: line starts with %r: %r after %r" % (page, first, line[0], prev[-1]))
                bad += 1
            if last in NO_END:
                print("page %d: line ends with %r: %r before %r" % (page, last, prev[-1], line[0]))
                bad += 1
    return bad, starts, ends


def main():
    items = read(sys.argv[1])
    bad = outside(items)
    k, starts, ends = kinsoku(items)
    bad += k
    print("checked %d text items: %d line starts, %d line ends; %d violations"
          % (len(items), starts, ends, bad))
    sys.exit(1 if bad else 0)


main()
