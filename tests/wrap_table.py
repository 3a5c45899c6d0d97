#!/usr/bin/env python3
"""wrap_table.py GOALSHEET TSV: runs every row of the line-breaking table
through `goalsheet wrap` and compares its lines with the expected ones.
Escapes in the table: \\n, \\t, \\\\; expected lines are joined by " ⏎ "."""
import subprocess
import sys

def unescape(s):
    out, i = [], 0
    while i < len(s):
        if s[i] == "\\" and i + 1 < len(s):
            out.append({"n": "\n", "t": "\t", "\\": "\\"}.get(s[i + 1], s[i:i + 2]))
            i += 2
        else:
            out.append(s[i])
            i += 1
    return "".join(out)

def main():
    gs, table = sys.argv[1], sys.argv[2]
    rows = fails = 0
    for line in open(table, encoding="utf-8"):
        f = line.rstrip("\n").split("\t")
        if f[0] == "id" or len(f) < 6:
            continue
        id_, text, em, mode, label, expected = f[:6]
        args = [gs, "wrap", "--em", em, "--mode", mode]
        if label:
            args += ["--label", unescape(label)]
        r = subprocess.run(args, input=unescape(text).encode(), capture_output=True)
        got = " ⏎ ".join(r.stdout.decode().split("\n")[:-1])
        rows += 1
        if r.returncode != 0 or got != unescape(expected):
            fails += 1
            print("%s: got %r (exit %d), wanted %r" % (id_, got, r.returncode, expected))
    print("wrap: %d rows, %d differ" % (rows, fails))
    sys.exit(1 if fails else 0)

main()
