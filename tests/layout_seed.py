#!/usr/bin/env python3
"""layout_seed.py KIND LAYOUT [MIN_Y]: a layout dump with one kinsoku
violation seeded, for tests/suites/layoutcheck to show that
tests/layout_check.py finds it.  The seed goes into the first line below
MIN_Y (pt from the top) that follows another line of its cell and starts
at the cell's padding (a table cell, not a cell edge): KIND start puts 。
at that line's start, end puts （ at the end of the line before."""
import sys
lines = open(sys.argv[2], encoding="utf-8").read().split("\n")
kind = sys.argv[1]
min_y = float(sys.argv[3]) if len(sys.argv) > 3 else 0
prev_cell = prev_i = None
for i, l in enumerate(lines):
    if not l.startswith("text "):
        prev_cell = None
        continue
    head, text = l.split("|", 1)
    f = head.split()
    cell = tuple(f[6:10])
    x = float(f[1])
    if prev_cell == cell and 0.5 < x - float(cell[0]) < 20 and float(f[2]) > min_y and float(f[2]) > float(prev_y):
        if kind == "start":
            lines[i] = head + "|。" + text
        else:
            ph, pt = lines[prev_i].split("|", 1)
            lines[prev_i] = ph + "|" + pt[:-1] + "（|"
        break
    prev_cell, prev_i, prev_y = cell, i, f[2]
print("\n".join(lines), end="")
