#!/usr/bin/python3
"""a11y_check.py WHAT FILE...: checks for tests/suites/a11y that the PDF
checker does not make (needs python3-pikepdf).  Prints one line per
problem and exits 1 if there is any.

  order LAYOUT   in `goalsheet layout` output, every table row's cells
                 (TH/TD nodes) start left to right: structure order is
                 column order
  sheet PDF      Lang ja-JP; 特記事項 a TH with ActualText; each SDG badge a
                 Figure whose Alt names its goal and which has a BBox;
                 the initiatives' TDs name three headers or, in a title
                 row, two
  book PDF       the cover: H1, a TOC of TOCI each holding a Link whose
                 annotation has Contents; one Sect per sheet
"""
import re
import sys


def order(path):
    nodes, parent, xs, cur = {}, {}, {}, None
    for line in open(path, encoding="utf-8"):
        f = line.split()
        if f[:1] == ["node"]:
            nodes[int(f[1])] = f[2]
            parent[int(f[1])] = int(f[4])
        elif f[:1] == ["tag"]:
            cur = None if f[1] == "artifact" else int(f[1])
        elif f[:1] == ["text"] and cur is not None:
            xs.setdefault(cur, []).append(float(f[1]))
    bad = 0
    for tr in [k for k, r in nodes.items() if r == "TR"]:
        cells = sorted(k for k in nodes if parent[k] == tr and nodes[k] in ("TH", "TD"))

        def left(k):   # a cell's text, or its heading's (H1 in a TD)
            own = xs.get(k) or [x for c, r in nodes.items() if parent[c] == k for x in xs.get(c, [])]
            return min(own) if own else None
        lefts = [left(k) for k in cells if left(k) is not None]
        if lefts != sorted(lefts):
            print("row node %d: cells out of column order: %s" % (tr, lefts))
            bad += 1
    return bad


def struct(pdf):
    import pikepdf
    p = pikepdf.open(pdf)
    out = []

    def walk(e, depth=0):
        out.append(e)
        k = e.get("/K")
        for c in (list(k) if isinstance(k, pikepdf.Array) else [k] if k is not None else []):
            if isinstance(c, pikepdf.Dictionary) and "/S" in c:
                walk(c, depth + 1)
    for k in p.Root.StructTreeRoot.K:
        walk(k)
    return p, out


def sheet(pdf):
    p, elems = struct(pdf)
    bad = 0
    if str(p.Root.get("/Lang")) != "ja-JP":
        print("Lang is not ja-JP"); bad += 1
    if not any(str(e.S) == "/TH" and str(e.get("/ActualText", "")) == "特記事項" for e in elems):
        print("no TH with ActualText 特記事項"); bad += 1
    for e in elems:
        if str(e.S) == "/Figure":
            alt = str(e.get("/Alt", ""))
            if not re.match(r"^SDGs 目標\d+ \S", alt):
                print("Figure Alt %r" % alt); bad += 1
            a = e.get("/A")
            if a is None or "/BBox" not in a:
                print("Figure without BBox"); bad += 1
        if str(e.S) == "/TD" and "/A" in e and "/Headers" in e.A:
            n = len(e.A.Headers)
            if n < 2:
                print("TD with %d headers" % n); bad += 1
    return bad


def book(pdf):
    p, elems = struct(pdf)
    kinds = [str(e.S) for e in elems]
    bad = 0
    if "/H1" not in kinds or "/TOC" not in kinds:
        print("no H1 or TOC: %s" % kinds[:8]); bad += 1
    tocis = [e for e in elems if str(e.S) == "/TOCI"]
    links = [e for e in elems if str(e.S) == "/Link"]
    if not tocis or len(links) != len(tocis):
        print("%d TOCI, %d Link" % (len(tocis), len(links))); bad += 1
    annots = [a for pg in p.pages for a in pg.obj.get("/Annots", [])]
    if len(annots) != len(links) or not all(str(a.get("/Contents", "")) for a in annots):
        print("link annotations without Contents"); bad += 1
    sects = kinds.count("/Sect")
    print("sections %d" % sects)
    return bad


if __name__ == "__main__":
    what, files = sys.argv[1], sys.argv[2:]
    fn = {"order": order, "sheet": sheet, "book": book}[what]
    sys.exit(1 if sum(fn(f) for f in files) else 0)   # each file alone
