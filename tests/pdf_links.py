#!/usr/bin/env python3
"""pdf_links.py PDF: prints the PDF's outline and its links, via qpdf --json.

  outline PAGE TITLE      one line per outline entry (pages from 1)
  link FROM_PAGE TO_PAGE  one line per link annotation with a page destination
"""
import json
import subprocess
import sys

def main():
    raw = subprocess.run(["qpdf", "--json=2", sys.argv[1]], capture_output=True,
                         check=True).stdout
    d = json.loads(raw)
    page_of = {p["object"]: p["pageposfrom1"] for p in d["pages"]}
    for o in d["outlines"]:
        print("outline", o["destpageposfrom1"], o["title"])
    objects = d["qpdf"][1]
    for p in d["pages"]:
        page = objects["obj:" + p["object"]]["value"]
        annots = page.get("/Annots", [])
        if isinstance(annots, str):
            annots = objects["obj:" + annots]["value"]
        for a in annots:
            annot = objects["obj:" + a]["value"] if isinstance(a, str) else a
            dest = annot.get("/Dest")
            if isinstance(dest, str) and dest.endswith(" R"):
                dest = objects["obj:" + dest]["value"]
            if isinstance(dest, list) and dest and dest[0] in page_of:
                print("link", p["pageposfrom1"], page_of[dest[0]])

main()
