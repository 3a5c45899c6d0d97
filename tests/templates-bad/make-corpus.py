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
    "size-word": ('<style role="goal"          font="gothic" size="14"', '<style role="goal"          font="gothic" size="big"'),
    "size-zero": ('<style role="goal"          font="gothic" size="14"', '<style role="goal"          font="gothic" size="0"'),
    "min-size-above": ('size="14"  min-size="8"', 'size="14"  min-size="20"'),
    "margin-negative": ('margin-bottom="8"', 'margin-bottom="-3"'),
    "page-width-zero": ('<page width="297"', '<page width="0"'),
    "rule-wide": ('<rules outer="0.5"', '<rules outer="9"'),
    "label-gap": ('<style role="cell"          font="mincho" size="7.5" min-size="7.5" padding="0.9"', '<style role="cell"          font="mincho" size="7.5" min-size="7.5" padding="0.9" label-gap="-1"'),
    "padding-wide": ('<style role="number"        font="gothic" size="10"  min-size="10" padding="1"', '<style role="number"        font="gothic" size="10"  min-size="10" padding="4"'),
    "padding-high": ('<style role="footer"        font="gothic" size="7"   min-size="7"  padding="0"', '<style role="footer"        font="gothic" size="7"   min-size="7"  padding="2"'),
    "column-width-zero": ('<column field="period"  width="24"/>', '<column field="period"  width="0"/>'),
    "footer-height-huge": ('<footer height="4.5"/>', '<footer height="5000"/>'),
    "label-thai": ('<label key="draft">案</label>', '<label key="draft">ก案</label>'),
    "label-beyond-bmp": ('<label key="title">重点目標管理シート</label>', '<label key="title">𠮷田の重点目標管理シート</label>'),
    "label-hangul-column": ('<label key="period">期間・期限（いつ・いつまでに）</label>', '<label key="period">기간</label>'),
}
for name, (old, new) in cases.items():
    assert base.count(old) == 1, name
    open(os.path.join(here, name + ".xml"), "w", encoding="utf-8").write(base.replace(old, new))
