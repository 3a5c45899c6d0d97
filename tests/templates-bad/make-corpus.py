#!/usr/bin/env python3
"""make-corpus.py: writes the bad templates of this folder from
templates/ueda-a4.xml, one change each (kept for reference: the files
are checked in, so a later change of ueda-a4.xml does not move them)."""
import os
here = os.path.dirname(os.path.abspath(__file__))
base = open(os.path.join(here, "../../templates/ueda-a4.xml"), encoding="utf-8").read()
cases = {
    "gray": ('<shade gray="0.9"/>', '<shade gray="5"/>'),
    "leading-zero": ('padding="1"   align="center" leading="1.25"/>', 'padding="1"   align="center" leading="0"/>'),
    "size-word": ('<style name="goal"          font="gothic" size="14"', '<style name="goal"          font="gothic" size="big"'),
    "size-zero": ('<style name="goal"          font="gothic" size="14"', '<style name="goal"          font="gothic" size="0"'),
    "min-size-above": ('size="14"  min-size="8"', 'size="14"  min-size="20"'),
    "margin-negative": ('margin-bottom="8"', 'margin-bottom="-3"'),
    "page-width-zero": ('<page width="297"', '<page width="0"'),
    "rule-wide": ('<rules outer="0.5"', '<rules outer="9"'),
    "label-gap": ('<style name="cell"          font="mincho" size="7.5" min-size="7.5" padding="0.9"', '<style name="cell"          font="mincho" size="7.5" min-size="7.5" padding="0.9" label-gap="-1"'),
    "padding-wide": ('<style name="number"        font="gothic" size="10"  min-size="10" padding="1"', '<style name="number"        font="gothic" size="10"  min-size="10" padding="4"'),
    "padding-high": ('<style name="footer"        font="gothic" size="7"   min-size="7"  padding="0"', '<style name="footer"        font="gothic" size="7"   min-size="7"  padding="2"'),
    "column-width-zero": ('<column width="24" style="cell" field="period"', '<column width="0" style="cell" field="period"'),
    "footer-height-huge": ('<footer height="4.5"', '<footer height="5000"'),
    "label-thai": ('gray="0.88">案</draft>', 'gray="0.88">ก案</draft>'),
    "label-beyond-bmp": ('<cell style="title">重点目標管理シート</cell>', '<cell style="title">𠮷田の重点目標管理シート</cell>'),
    "label-hangul-column": ('name="期間・期限">期間・期限（いつ・いつまでに）</column>', 'name="期間・期限">기간</column>'),
    "unknown-field": ('<field name="goal"/></cell>', '<field name="goals"/></cell>'),
    "unknown-style": ('<cell style="goal"><field name="goal"/>', '<cell style="gaol"><field name="goal"/>'),
    "table-wide": ('<column width="72"', '<column width="90"'),
    "band-tall": ('<band height="13">', '<band height="300">'),
}
for name, (old, new) in cases.items():
    assert base.count(old) >= 1, name
    open(os.path.join(here, name + ".xml"), "w", encoding="utf-8").write(base.replace(old, new, 1))
