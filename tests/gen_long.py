#!/usr/bin/env python3
"""gen_long.py KIND: writes a test sheet to stdout.

  interim3   one step whose 中間報告 holds about three pages of text, made
             of numbered sentences 〔文0001〕… so that each can be found once
  moverow    initiative ① with a row of about 60 % of a page, then ② with a
             row of about half a page that must move whole to the next page;
             its first and last lines carry the markers 【始】 and 【終】
"""
import sys

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<sheet xmlns="urn:goalsheet:1" fiscal-year="2024" priority="1" stage="interim">
  <department><unit>試験部</unit></department>
  <goal>長文の流し込み試験</goal>
  <alignment><comprehensive-plan/><strategic-plan/><reform-plan/><sdgs/></alignment>
  <situation>試験用の現況。</situation>
  <purpose>試験用の目的。</purpose>
  <initiatives>
"""
TAIL = """  </initiatives>
  <remarks><participation>参加の記述。</participation><outcomes>効果の記述。</outcomes></remarks>
</sheet>
"""

def step(action, interim):
    return ("      <step><action>%s</action><period>年度末</period><target>目標</target>"
            "<interim>%s</interim></step>\n" % (action, interim))

def sentences(n, start=1):
    return "".join("〔文%04d〕市民と協働して事業の進捗を確認し、課題を整理しました。" % i
                   for i in range(start, start + n))

def main():
    kind = sys.argv[1]
    out = [HEAD]
    if kind == "interim3":
        out.append('    <initiative title="長文の取組">\n')
        out.append(step("短い行動。", sentences(100)))
        out.append("    </initiative>\n")
    elif kind == "moverow":
        out.append('    <initiative title="前半の取組">\n')
        out.append(step("前半。", sentences(20)))
        out.append("    </initiative>\n")
        out.append('    <initiative title="後半の取組">\n')
        out.append(step("後半。", "【始】" + sentences(15, 100) + "【終】"))
        out.append("    </initiative>\n")
    out.append(TAIL)
    sys.stdout.write("".join(out))

main()
