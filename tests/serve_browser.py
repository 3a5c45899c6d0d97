#!/usr/bin/python3
"""tests/serve_browser.py: `goalsheet serve` in a real browser.

Run by tests/suites/serve-browser (Debian's chromium, headless, through
python3-selenium and chromium-driver).  Copies a sheet into a fresh
folder, serves it on a free port and, in the browser: checks that the
SVG pages' text equals the PDF's (pdftotext), saves a change and sees it
on the page (scroll position kept), saves a broken file and sees its
error with the right line above the last good pages marked stale, then a
fixed file again; the page at a narrow window (200 % zoom) has no
sideways scrolling.  A screenshot of each state must not be blank.
Prints "ok - ..." / "not ok - ..." lines; every wait is bounded.

usage: serve_browser.py GOALSHEET SHEET.xml [--bench N]
       serve_browser.py GOALSHEET --edit
       serve_browser.py GOALSHEET --edit-bench N
With --bench N it prints the save-to-update latency of N saves instead.
With --edit it tests the edit view (run by tests/suites/serve-edit-browser):
a new sheet from the index filled into a valid plan sheet through the
form only (typing, a step added, two SDGs toggled), saved, accepted by
`goalsheet check`, with the skeleton's comments kept; a broken edit
refused with its message beside the field and the file unchanged; a
second tab's save refused after the first one's.  With --edit-bench N it
prints the time from the last key to the new pages of the preview, N
edits on each of the seven examples/ueda-2023 sheets.
"""
import os
import re
import signal
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request
import zlib

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

WAIT = 20.0            # seconds: the hang guard of every wait (a busy machine is slow)
failures = 0


def ok(cond, name, detail=""):
    global failures
    if cond:
        print("ok - " + name)
    else:
        failures += 1
        print("not ok - " + name)
        if detail:
            print("    " + str(detail)[:2000].replace("\n", "\n    "))
    sys.stdout.flush()
    return cond


def squeeze(text):
    """The text without white space (and U+3000), as tests/lib.sh compares."""
    return re.sub(r"[\s\u3000]", "", text)


def png_pixels(data):
    """Width, height and rows of RGB(A) bytes of an 8-bit, non-interlaced PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, w = 8, b"", 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and ctype in (2, 6), "unexpected PNG format"
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw, stride, rows, prev = zlib.decompress(idat), w * bpp, [], bytearray(w * bpp)
    for y in range(h):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1: line[i] = (line[i] + a) & 255
            elif f == 2: line[i] = (line[i] + b) & 255
            elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, bpp, rows


def not_blank(png, name, folder):
    """True when no one colour covers more than 97 % of the screenshot."""
    path = os.path.join(folder, name + ".png")
    with open(path, "wb") as f:
        f.write(png)
    w, h, bpp, rows = png_pixels(png)
    counts = {}
    for row in rows[::4]:
        for x in range(0, w * bpp, 4 * bpp):
            px = row[x:x + 3]
            counts[px] = counts.get(px, 0) + 1
    top = max(counts.values()) / sum(counts.values())
    return ok(top < 0.97 and len(counts) > 8,
              "screenshot '%s' is not blank (%d colours, most common %.0f %%)"
              % (name, len(counts), top * 100), path)


def wait_for(driver, script, what):
    """Polls a script until it returns something true; None after WAIT."""
    end = time.monotonic() + WAIT
    while time.monotonic() < end:
        value = driver.execute_script(script)
        if value:
            return value
        time.sleep(0.01)
    print("    timed out waiting for " + what)
    return None


def save(path, text):
    """As an editor saves: a new file renamed over the old one."""
    tmp = path + ".tmp~"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.rename(tmp, path)


SVG_TEXT = ("return Array.from(document.querySelectorAll('#pages svg.page text'))"
            ".map(t => t.textContent).join('')")
STATE = "return (document.getElementById('live') || {dataset: {}}).dataset.state"


def start_server(gs, folder):
    env = dict(os.environ, LC_ALL="C")
    proc = subprocess.Popen([gs, "serve", "--port", "0", folder], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, text=True)
    line = ""
    end = time.monotonic() + WAIT
    import select
    while time.monotonic() < end and "http://" not in line:
        ready, _, _ = select.select([proc.stdout], [], [], 0.2)
        if ready:
            line = proc.stdout.readline()
            if line == "":
                break
    m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    if not m:
        proc.kill()
        sys.exit("serve_browser: the server printed no URL: %r %s" % (line, proc.stderr.read()))
    return proc, "http://127.0.0.1:%s" % m.group(1)


def browser(width=1400, height=1000):
    opts = webdriver.ChromeOptions()
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--no-proxy-server",
              "--disable-dev-shm-usage", "--lang=en-US", "--hide-scrollbars",
              "--window-size=%d,%d" % (width, height)):
        opts.add_argument(a)
    opts.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    service = Service(shutil.which("chromedriver") or "/usr/bin/chromedriver")
    d = webdriver.Chrome(service=service, options=opts)
    d.set_page_load_timeout(2 * WAIT)
    d.set_script_timeout(WAIT)
    return d


def fetch(url):
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url, timeout=WAIT) as r:
        return r.read()


def pdf_text(url, folder):
    path = os.path.join(folder, "downloaded.pdf")
    with open(path, "wb") as f:
        f.write(fetch(url))
    out = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", path, "-"],
                         capture_output=True, text=True, timeout=WAIT)
    return squeeze(out.stdout)


def open_sheet(d, base):
    d.get(base + "/doc/sheet.xml")
    return wait_for(d, "return document.fonts.status === 'loaded' && "
                    "document.querySelectorAll('#pages svg.page').length > 0 && "
                    "document.getElementById('status').textContent.startsWith('最新')",
                    "the pages, their fonts and the event stream")


def check_all(d, base, sheet, shots):
    original = open(sheet, encoding="utf-8").read()
    ok(open_sheet(d, base), "the sheet's page opens with its SVG pages")
    ok("PDF をダウンロード" in d.page_source, "the page has Japanese labels")
    svg, pdf = squeeze(d.execute_script(SVG_TEXT)), pdf_text(base + "/pdf/sheet.xml", shots)
    ok(len(svg) > 100 and svg == pdf, "the SVG's text equals the PDF's text (pdftotext)",
       "svg: %s\npdf: %s" % (svg[:400], pdf[:400]))
    fam = d.execute_script("const t = document.querySelector('#pages text');"
                           "return getComputedStyle(t).fontFamily")
    ok(fam and "goalsheet-" in fam and d.execute_script(
        "return document.fonts.check('10px \"%s\"')" % fam.split(",")[0].strip('"')),
       "the text is drawn in the template's font, served by the server", fam)
    not_blank(d.get_screenshot_as_png(), "1-opened", shots)

    d.execute_script("window.scrollTo(0, 300)")
    y0 = d.execute_script("return window.scrollY")
    save(sheet, original.replace("地域内分権の推進", "地域内分権の前進テスト"))
    ok(wait_for(d, SVG_TEXT.replace("return ", "return ") + ".includes('前進テスト')",
                "the change"), "a saved change appears on the page without a reload")
    ok(d.execute_script("return window.scrollY") == y0 and y0 > 0,
       "the scroll position is kept", "before %s, after %s" % (y0, d.execute_script("return window.scrollY")))
    not_blank(d.get_screenshot_as_png(), "2-changed", shots)

    lines = original.split("\n")
    bad_line = next(i for i, l in enumerate(lines) if "<purpose>" in l) + 1
    broken = "\n".join(l.replace("<purpose>", "<purpose><oops>", 1) if i + 1 == bad_line else l
                       for i, l in enumerate(lines))
    save(sheet, broken)
    ok(wait_for(d, STATE + " === 'stale'", "the stale state"),
       "a broken save keeps the last good pages, marked stale")
    diags = d.execute_script("return document.getElementById('diags').textContent")
    ok(diags and re.search(r"sheet\.xml:%d:\d+" % bad_line, diags) and "error" in diags,
       "the error is shown with its line (sheet.xml:%d)" % bad_line,
       d.execute_script("return document.getElementById('live').outerHTML.slice(0, 1200)"))
    ok("前進テスト" in d.execute_script(SVG_TEXT) and d.execute_script(
        "return document.getElementById('pages').classList.contains('stale')"),
       "the last good pages stay, marked stale")
    not_blank(d.get_screenshot_as_png(), "3-broken", shots)

    save(sheet, original)
    ok(wait_for(d, STATE + " === 'ok' && !document.getElementById('pages')"
                ".classList.contains('stale')", "the repaired state")
       and "前進テスト" not in d.execute_script(SVG_TEXT), "a repaired save shows fresh pages")

    d.set_window_size(700, 1000)        # the CSS width of 1400 px at 200 % zoom
    d.get(base + "/doc/sheet.xml")
    wait_for(d, "return document.querySelectorAll('#pages svg.page').length > 0", "pages")
    ok(d.execute_script("return document.documentElement.scrollWidth <= window.innerWidth"),
       "at 200 % zoom nothing needs sideways scrolling")
    not_blank(d.get_screenshot_as_png(), "4-zoom-200", shots)


# Records when each update of the page has been laid out and painted
# (just after the next frame), on the page's own clock: the polling of
# webdriver adds nothing to the figure.
PAINTED = """window.__painted = []; window.__updated = [];
new MutationObserver(() => { window.__updated.push(Date.now());
    requestAnimationFrame(() => setTimeout(() => window.__painted.push(Date.now()), 0)); })
    .observe(document.body, {childList: true, subtree: true});"""


def bench(d, base, sheet, n):
    original = open(sheet, encoding="utf-8").read()
    if not open_sheet(d, base):
        sys.exit("bench: the page did not open")
    d.execute_script(PAINTED)
    times, updated = [], []
    for i in range(n):
        mark = "ベンチ%03d" % i
        d.execute_script("window.__painted = []; window.__updated = []")
        time.sleep(0.1)
        start = time.time() * 1000
        # An edit of the text of one cell (現況・課題), as when writing.
        save(sheet, original.replace("市民協働による新たな住民自治", "市民協働による" + mark, 1))
        if not wait_for(d, SVG_TEXT + ".includes('%s')" % mark, mark):
            sys.exit("bench: save %d never appeared" % i)
        painted = wait_for(d, "return window.__painted.length && window.__painted", "paint")
        times.append(painted[-1] - start)
        updated.append(d.execute_script("return window.__updated")[-1] - start)
    print("serve: save to updated page  median %6.1f ms  max %6.1f ms  (%d saves, chromium;"
          " in the DOM: median %.1f ms, max %.1f ms)" % (statistics.median(times), max(times), n,
                                                        statistics.median(updated), max(updated)))


# ---- the edit view ----------------------------------------------------------

def field(d, key):
    return d.find_element("css selector", '[data-key="%s"]' % key)


def set_field(d, key, text):
    """As typing does, without typing every character (for long texts)."""
    d.execute_script("const f = document.querySelector('[data-key=\"' + arguments[0] + '\"]');"
                     "f.value = arguments[1]; f.dispatchEvent(new Event('input', {bubbles: true}))",
                     key, text)


def click(d, selector):
    """A click as a person makes it, the element first in view (not under the header)."""
    el = d.find_element("css selector", selector)
    d.execute_script("arguments[0].scrollIntoView({block: 'center'})", el)
    el.click()


def status(d):
    return d.execute_script("return document.getElementById('status').textContent")


def open_edit(d, url):
    d.get(url)
    return wait_for(d, "return document.fonts.status === 'loaded' && "
                    "document.querySelectorAll('#pages svg.page').length > 0 && "
                    "document.getElementById('status').textContent === '保存済み'", "the edit view")


def check_file(gs, path):
    r = subprocess.run([gs, "check", path], capture_output=True, text=True, timeout=WAIT,
                       env=dict(os.environ, LC_ALL="C"))
    return r.returncode, r.stderr


def edit_all(d, gs, base, folder, shots):
    # A new sheet from the index.
    d.get(base + "/")
    wait_for(d, "return document.getElementById('new-form')", "the new-sheet form")
    name = d.find_element("css selector", '#new-form input[name="name"]')
    name.clear()
    name.send_keys("plan.xml")
    d.find_element("css selector", '#new-form select[name="priority"] option[value="2"]').click()
    d.find_element("css selector", '#new-form button[type="submit"]').click()
    ok(wait_for(d, "return location.pathname === '/edit/plan.xml'", "the edit view of the new sheet"),
       "a new sheet from the index opens its edit view")
    path = os.path.join(folder, "plan.xml")
    skeleton = open(path, encoding="utf-8").read()
    ok(open_edit(d, base + "/edit/plan.xml"), "the edit view shows the new sheet's pages")
    rc, err = check_file(gs, path)
    ok(rc == 1 and "error" in err, "the skeleton is not a finished sheet (check says so)", err)

    # Typing: the preview follows.
    goal = field(d, "goal")
    goal.click()
    goal.send_keys("窓口サービスの向上")
    ok(wait_for(d, SVG_TEXT + ".includes('窓口サービスの向上')", "the typed goal in the preview"),
       "a typed goal appears in the preview's pages")
    for key, text in (("department", "総務部\n市民課"), ("comprehensive-plan", "第１編　市民が主役のまちづくり"),
                      ("situation", "・窓口の待ち時間が長い。\n・書類が多い & 複雑 <要改善>。"),
                      ("purpose", "待ち時間を半分にする。"), ("i.0.title", "書かない窓口の拡大"),
                      ("i.0.s.0.action", "申請書の自動作成を広げる。"), ("i.0.s.0.period", "年度末まで"),
                      ("i.0.s.0.target", "対象手続 20件")):
        set_field(d, key, text)
    click(d, 'button[data-act="add-step"]')
    ok(wait_for(d, "return document.querySelector('[data-key=\"i.0.s.1.action\"]')", "the new step"),
       "a step is added with the button")
    for key, text in (("i.0.s.1.action", "職員研修を行う。"), ("i.0.s.1.period", "６月"),
                      ("i.0.s.1.target", "全職員")):
        set_field(d, key, text)
    for g in ("3", "11"):
        click(d, 'button.sdg[data-goal="%s"]' % g)
    ok(d.execute_script("return document.querySelector('[data-field=sdgs]').value") == "3 11",
       "two SDG badges toggled on")
    ok(wait_for(d, SVG_TEXT + ".includes('職員研修を行う。') && document.getElementById('live')"
                ".dataset.state === 'ok' && !document.querySelector('.field-msg.error')", "a clean preview"),
       "the preview has the new step and no errors", d.execute_script(
           "return document.getElementById('diags').textContent"))
    click(d, "#save")
    ok(wait_for(d, "return document.getElementById('status').textContent.startsWith('保存しました')", "the save"),
       "the save is done", status(d))
    rc, err = check_file(gs, path)
    ok(rc == 0, "goalsheet check accepts the saved file", err)
    saved = open(path, encoding="utf-8").read()
    ok("<goal>窓口サービスの向上</goal>" in saved and '<sdg goal="3"/><sdg goal="11"/>' in saved
       and "書類が多い &amp; 複雑 &lt;要改善&gt;。" in saved and "<action>職員研修を行う。</action>" in saved,
       "the file has what was typed, escaped", saved)
    kept = [l for l in skeleton.split("\n") if "<!--" in l or l.startswith("<?xml")]
    ok(all(l in saved.split("\n") for l in kept), "the skeleton's declaration and comments stay as they were",
       [l for l in kept if l not in saved.split("\n")])
    not_blank(d.get_screenshot_as_png(), "5-edited", shots)

    # A broken edit: refused beside its field, nothing written.
    set_field(d, "i.0.s.1.target", "")
    click(d, "#save")
    ok(wait_for(d, "return document.getElementById('status').textContent.startsWith('保存できません')",
                "the refusal"), "a save with an emptied required column is refused", status(d))
    msg = d.execute_script("const m = document.querySelector('[data-key=\"i.0.s.1\"] .field-msg.error');"
                           "return m && m.textContent")
    ok(msg and "数値目標" in msg, "its message is beside the step, in Japanese", msg)
    ok(open(path, encoding="utf-8").read() == saved, "the file is unchanged")
    not_blank(d.get_screenshot_as_png(), "6-refused", shots)

    # Two tabs: the second save of a file the first changed is refused.
    set_field(d, "i.0.s.1.target", "全職員")
    first = d.current_window_handle
    d.switch_to.new_window("tab")
    ok(open_edit(d, base + "/edit/plan.xml"), "a second tab opens the same sheet")
    set_field(d, "purpose", "二つ目のタブの目的。")
    click(d, "#save")
    ok(wait_for(d, "return document.getElementById('status').textContent.startsWith('保存しました')",
                "the second tab's save"), "the second tab saves", status(d))
    d.close()
    d.switch_to.window(first)
    set_field(d, "goal", "最初のタブの重点目標")
    click(d, "#save")
    ok(wait_for(d, "return document.getElementById('status').textContent.includes('ほかの場所で変更されました')",
                "the refusal"), "the first tab's save is refused: the file changed since", status(d))
    final = open(path, encoding="utf-8").read()
    ok("二つ目のタブの目的。" in final and "最初のタブ" not in final, "the second tab's save is kept")


def edit_bench(d, base, n):
    lat = []
    for i in range(1, 8):
        if not open_edit(d, base + "/edit/sheet-%d.xml" % i):
            sys.exit("edit-bench: sheet-%d did not open" % i)
        area = field(d, "goal")
        area.click()
        for k in range(n):
            d.execute_script("window.__previewLatency = []")
            area.send_keys("あいう"[k % 3])
            got = wait_for(d, "return window.__previewLatency.length && window.__previewLatency", "the preview")
            if not got:
                sys.exit("edit-bench: no preview on sheet-%d" % i)
            time.sleep(0.05)
            lat.append(d.execute_script("return window.__previewLatency")[-1])
    lat.sort()
    print("serve: last key to new preview  median %6.1f ms  max %6.1f ms  (%d edits on 7 sheets, "
          "80 ms debounce included; chromium)" % (statistics.median(lat), lat[-1], len(lat)))


def run_in_browser(gs, docs, folder, shots, test, judge_server):
    """Serves docs, runs test(driver, base) in a browser, then stops the
    server (with judge_server: it must end well and report no sanitizer
    error) and removes folder unless shots were asked to be kept."""
    proc, base = start_server(gs, docs)
    d = None
    try:
        d = browser()
        test(d, base)
    finally:
        if d is not None:
            d.quit()
        proc.send_signal(signal.SIGTERM)
        try:
            rc = proc.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:
            proc.kill()
            rc = "hung"
        err = proc.stderr.read()
        if judge_server:
            ok(rc == 0, "the server ends with status 0 on SIGTERM", "status %s: %s" % (rc, err))
            ok("ERROR: AddressSanitizer" not in err and "runtime error" not in err,
               "the server reports no sanitizer error", err)
        if shots == folder:
            shutil.rmtree(folder, ignore_errors=True)
    return 1 if failures else 0


def main():
    gs = os.path.abspath(sys.argv[1])
    folder = tempfile.mkdtemp(prefix="goalsheet-serve-browser.")
    shots = os.environ.get("SHOTS") or folder
    docs = os.path.join(folder, "docs")
    if sys.argv[2] in ("--edit", "--edit-bench"):
        shutil.copytree("examples/ueda-2023", docs)
        if sys.argv[2] == "--edit-bench":
            test = lambda d, base: edit_bench(d, base, int(sys.argv[3]))
        else:
            test = lambda d, base: edit_all(d, gs, base, docs, shots)
        return run_in_browser(gs, docs, folder, shots, test, sys.argv[2] == "--edit")
    sheet = os.path.join(docs, "sheet.xml")
    os.makedirs(docs)
    shutil.copy(sys.argv[2], sheet)
    if len(sys.argv) > 4 and sys.argv[3] == "--bench":
        test = lambda d, base: bench(d, base, sheet, int(sys.argv[4]))
    else:
        test = lambda d, base: check_all(d, base, sheet, shots)
    return run_in_browser(gs, docs, folder, shots, test, len(sys.argv) <= 3)


if __name__ == "__main__":
    sys.exit(main())
