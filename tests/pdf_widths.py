"""tests/pdf_widths.py FILE.pdf: for every glyph every Tj of FILE.pdf shows,
checks that it is no .notdef and that the font's /W (or /DW) width is the
embedded program's advance (CID = glyph id, /CIDToGIDMap /Identity).
Prints "glyphs checked N, bad M"; exits 1 on a bad one or none checked.
Needs Debian's python3-pikepdf and python3-fonttools (/usr/bin/python3)."""
import io
import sys

import pikepdf
from fontTools.ttLib import TTFont
pdf = pikepdf.open(sys.argv[1])
bad = checked = 0
seen = {}
for page in pdf.pages:
    fonts = page.obj.Resources.Font
    cur = None
    for ins in pikepdf.parse_content_stream(page):
        op = str(ins.operator)
        if op == "Tf":
            cur = str(ins.operands[0])
        elif op == "Tj":
            f = fonts[cur]
            cid = f.DescendantFonts[0]
            if cid.get("/CIDToGIDMap") != pikepdf.Name.Identity:
                sys.exit("%s: CIDToGIDMap is not /Identity" % cur)
            key = cur
            if key not in seen:
                tt = TTFont(io.BytesIO(cid.FontDescriptor.FontFile2.read_bytes()))
                w = {}
                arr = list(cid.get("/W", []))
                i = 0
                while i < len(arr):
                    for j, v in enumerate(arr[i + 1]):
                        w[int(arr[i]) + j] = float(v)
                    i += 2
                seen[key] = (tt, w, float(cid.get("/DW", 1000)))
            tt, w, dw = seen[key]
            order, hmtx, upem = tt.getGlyphOrder(), tt["hmtx"].metrics, tt["head"].unitsPerEm
            b = bytes(ins.operands[0])
            for k in range(0, len(b), 2):
                g = b[k] << 8 | b[k + 1]
                checked += 1
                adv = hmtx[order[g]][0] * 1000.0 / upem
                if g == 0 or abs(w.get(g, dw) - adv) > 1:
                    bad += 1
print("glyphs checked %d, bad %d" % (checked, bad))
sys.exit(1 if bad or not checked else 0)
