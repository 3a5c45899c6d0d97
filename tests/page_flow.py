#!/usr/bin/env python3
"""tests/page_flow.py: page counts and page fill of a book's layout.

    page_flow.py GOALSHEET BOOK.xml [TEMPLATE.xml] [-- LAYOUT-OPTIONS...]

Lays the book out (`goalsheet layout -q`), and prints the book's page
count, each sheet's page count and, for every page but a sheet's last,
its fill: the lowest occupied point of the content area (text, rules,
fills above the footer) as a share of the content height (page height
less the top and bottom margins and the footer, from the template).
The last line is "min-fill X" over those pages.  Sheets are told apart by
their footers ("1 / 2"): a page whose footer starts at 1 starts a sheet.
The cover (pages before the first sheet) is counted in the book only.
"""
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

MM = 72 / 25.4
NS = "{urn:goalsheet:template:2}"


def content_area(template):
    root = ET.parse(template).getroot()
    page = root.find(NS + "page")
    footer = root.find(NS + "sheet/" + NS + "footer")
    top = float(page.get("margin-top")) * MM
    bottom = (float(page.get("height")) - float(page.get("margin-bottom"))
              - float(footer.get("height"))) * MM
    return top, bottom


def pages_of(dump):
    pages = []
    for line in dump.splitlines():
        f = line.split(" ")
        if f[0] == "page":
            pages.append([])
        elif pages:
            pages[-1].append(line)
    return pages


def lowest(items, bottom):
    """Lowest occupied y above the footer; the footer's own text is below."""
    low = 0.0
    for line in items:
        f = line.split(" ")
        if f[0] == "text":
            y = float(f[2])
        elif f[0] == "rule":
            y = max(float(f[2]), float(f[4]))
        elif f[0] == "fill":
            y = float(f[2]) + float(f[4])
        else:
            continue
        if y <= bottom + 0.01:
            low = max(low, y)
    return low


def footer_page(items, bottom):
    for line in items:
        m = re.match(r"text \S+ (\S+) .*\|[^|]*?([0-9]+) ?/ ?([0-9]+)", line)
        if m and float(m.group(1)) > bottom:
            return int(m.group(2)), int(m.group(3))
    return None


def main():
    args = sys.argv[1:]
    extra = []
    if "--" in args:
        extra = args[args.index("--") + 1:]
        args = args[:args.index("--")]
    gs, book = args[0], args[1]
    template = args[2] if len(args) > 2 else "templates/ueda-a4.xml"
    top, bottom = content_area(template)
    dump = subprocess.run([gs, "layout", "-q", book] + extra, capture_output=True,
                          text=True, check=True).stdout
    pages = pages_of(dump)
    sheets = []
    fills = []
    for i, items in enumerate(pages):
        fp = footer_page(items, bottom)
        if fp is None:
            continue
        if fp[0] == 1:
            sheets.append(0)
        sheets[-1] += 1
        if fp[0] < fp[1]:
            fill = (lowest(items, bottom) - top) / (bottom - top)
            fills.append(fill)
            print("page %d (sheet %d, %d / %d): fill %.3f"
                  % (i + 1, len(sheets), fp[0], fp[1], fill))
    print("book pages %d" % len(pages))
    print("sheet pages " + " ".join("%d:%d" % (k + 1, n) for k, n in enumerate(sheets)))
    print("min-fill %.3f" % (min(fills) if fills else 1.0))


main()
