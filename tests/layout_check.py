#!/usr/bin/env python3
"""layout_check.py LAYOUT: checks a `goalsheet layout` dump.

- no glyph outside its cell: every text item lies inside its cell box
  (x, x + width; baseline y with the em box 0.88 em up, 0.12 em down);
- no line starts with a character that may not start a line (strict
  no-start class of typesetting.md §3.1), except labels and vertical text.
Prints each violation; exits 1 if any.
"""
import sys

NO_START = set("’”)）〕]］}｝〉》」』】⦆｠〙〗»〟｣‐〜゠–～!！?？‼⁇⁈⁉・:：;；･。.．｡、,，､ヽヾゝゞ々〻ーｰ"
               "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ")
EPS = 0.05

def main():
    bad = 0
    prev = None
    for line in open(sys.argv[1], encoding="utf-8"):
        if not line.startswith("text "):
            continue
        head, text = line.split("|", 1)
        text = text.rstrip("\n")[:-1]
        f = head.split()
        x, y, w, size = map(float, f[1:5])
        cx, cy, cw, ch, angle = map(float, f[6:11])
        if angle == 0:
            if x < cx - EPS or x + w > cx + cw + EPS or y - 0.88 * size < cy - EPS or y + 0.12 * size > cy + ch + EPS:
                print("outside its cell: %r at (%.2f, %.2f) w %.2f, cell (%.2f %.2f %.2f %.2f)" % (text, x, y, w, cx, cy, cw, ch))
                bad += 1
            # a run that starts at the cell's inner left edge starts a line
            first = text[:1]
            at_line_start = abs(x - cx) < EPS and (prev is None or abs(prev - y) > EPS)
            if at_line_start and len(text) > 1 and first in NO_START:
                print("line starts with %r: %r" % (first, text))
                bad += 1
        prev = y
    sys.exit(1 if bad else 0)

main()
