"""Every built page in a real browser, at phone and desktop size, in the light and the dark palette.

Each page loads fresh at phone size, the size Lighthouse's mobile audit scores: it must load without a console
error, a failed request or a Content-Security-Policy violation, ask nothing of any host but the local server, pass
every axe-core rule, not shift after its first paint, never scroll sideways, fit every table in its frame, cut no
table heading word in two and end its title with its words. The reader's palette toggle then switches it to the
dark palette, which changes colours only: there the colour rules of axe run. The same document is then widened to
desktop size, as a reader turning a tablet would: every axe rule runs again there (still dark), the toggle brings
back the light palette for the colour rules, and the page must report its true height (the scrollbar does not
lie). So every rule runs at both sizes and the colour rules in both palettes at each, for one page load instead of
two. Layout shifts on a desktop-size load are checked for the pages whose scripts change them at start-up.
Screenshots of the home, helper, comparison and cost pages at both sizes go to reports/screenshots/ (CI keeps that
folder).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from macros.tools.browser import AXE, SIZES, axe_violations
from macros.tools.sitecheck import load_pages
from tests.browser.conftest import RECORD_VIOLATIONS, SCREENSHOTS, settle, violations
from tests.helpers import ROOT

#: Material's light and dark schemes.
LIGHT, DARK = "default", "slate"
#: Material remembers a reader's palette choice; each page starts from the system's (light) palette instead.
FORGET_PALETTE = "for (const k of Object.keys(localStorage)) if (k.endsWith('__palette')) localStorage.removeItem(k);"
TOGGLE = "form[data-md-component=palette] label:not([hidden])"
# Schemes that name no host, so they cannot reach another server.
LOCAL_SCHEMES = {"data", "blob", "about"}

pytestmark = pytest.mark.browser


@dataclass
class Recorder:
    """Everything one tab reports while a page loads: requests, failures and console errors."""

    origin: str
    requests: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def attach(self, context: Any) -> None:
        # Listening on the context also sees requests made by the search web worker.
        context.on("request", lambda r: self.requests.append(r.url))
        context.on("requestfailed", lambda r: self.problems.append(f"request failed: {r.url} ({r.failure})"))
        context.on("response", lambda r: r.status >= 400 and self.problems.append(f"HTTP {r.status}: {r.url}"))

    def watch(self, tab: Any) -> None:
        tab.on("console", lambda m: m.type == "error" and self.problems.append(f"console error: {m.text}"))
        tab.on("pageerror", lambda e: self.problems.append(f"uncaught exception: {e}"))

    def drain(self) -> list[str]:
        """Problems seen since the last call, including every request that left the local server."""
        foreign = [u for u in self.requests if urlsplit(u).scheme not in LOCAL_SCHEMES and not u.startswith(self.origin)]
        found = self.problems + [f"request to another host: {u}" for u in foreign]
        self.requests.clear()
        self.problems = []
        return found


#: Records every layout shift of the page (buffered, so shifts before the observer count too).
RECORD_SHIFTS = """
window.__kgShifts = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    window.__kgShifts.push({value: e.value, nodes: e.sources.map((s) => s.node ? s.node.nodeName + "." + s.node.className : "?")});
  }
}).observe({type: "layout-shift", buffered: true});
"""

#: The pages whose screenshots CI keeps, at phone and desktop size: where a reader starts, decides and compares.
SHOTS = {"index", "helper", "comparison", "cost"}

#: A tenth of what Google calls a good cumulative layout shift (0.1).
MAX_SHIFT = 0.01


def layout_shifts(tab: Any) -> list[str]:
    shifts = tab.evaluate("window.__kgShifts || []")
    total = sum(s["value"] for s in shifts)
    moved = sorted({n for s in shifts for n in s["nodes"]})[:5]
    return [f"layout shift {total:.3f}, more than {MAX_SHIFT} (what moved: {moved})"] if total > MAX_SHIFT else []


#: The page's reported height before and after every part has been on screen: equal within 5 % means the
#: scrollbar tells the truth from the start (no placeholder sizes).
TRUE_HEIGHT = """async () => {
  const before = document.documentElement.scrollHeight;
  for (let y = 0; y < document.documentElement.scrollHeight; y += window.innerHeight) {
    window.scrollTo(0, y);
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  }
  const after = document.documentElement.scrollHeight;
  window.scrollTo(0, 0);
  return [before, after];
}"""


#: Words of table cells (headings by default; outside the matrix's fixed columns) laid out on more than one line.
#: A word with a hyphen may break after it, and a word wider than a cell of fair width must break; any other split
#: is a word cut in two ("standa rd").
SPLIT_TABLE_WORDS = """(cells = "article table:not(.kg-matrix) th") => {
  const split = [];
  const range = document.createRange();
  for (const th of document.querySelectorAll(cells)) {
    const style = getComputedStyle(th);
    const room = th.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    // A word wider than a cell of fair width (a long API name) has to break; any other split is a layout fault,
    // a column squeezed below 7 em included.
    const fair = room >= 7 * parseFloat(style.fontSize);
    const walker = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.closest(".kg-url, code")) continue; // addresses and code may break anywhere
      for (const m of node.textContent.matchAll(/[^\\s-]+/g)) {
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const rects = [...range.getClientRects()];
        if (rects.length > 1 && (!fair || rects.reduce((w, r) => w + r.width, 0) <= room)) split.push(m[0]);
      }
    }
  }
  return split;
}"""


def split_words(tab: Any, cells: str = "article table:not(.kg-matrix) th") -> list[str]:
    words = tab.evaluate(SPLIT_TABLE_WORDS, cells)
    return [f"table words cut in two: {words}"] if words else []


def page_height(tab: Any) -> list[str]:
    before, after = tab.evaluate(TRUE_HEIGHT)
    return [f"reported height {before} px but {after} px laid out"] if abs(after - before) > 0.05 * after else []


#: Space the page title takes below its last line of words: an empty line there (a wrapped ¶) reads as a gap.
TITLE_SLACK = """() => {
  const h1 = document.querySelector('article h1');
  if (!h1) return 0;
  const range = document.createRange();
  let bottom = h1.getBoundingClientRect().top;
  const walker = document.createTreeWalker(h1, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim() || node.parentElement.closest('.headerlink')) continue;
    range.selectNodeContents(node);
    bottom = Math.max(bottom, ...[...range.getClientRects()].map((r) => r.bottom));
  }
  return h1.getBoundingClientRect().bottom - bottom;
}"""


def title_gap(tab: Any) -> list[str]:
    slack = tab.evaluate(TITLE_SLACK)
    return [f"the page title has {slack:.0f} px of empty space under its words"] if slack > 8 else []


def sideways(tab: Any, width: int) -> list[str]:
    scroll = tab.evaluate("document.documentElement.scrollWidth")
    return [f"the page scrolls sideways: {scroll} px wide in a {width} px screen"] if scroll > width + 1 else []


def tables_in_frame(tab: Any) -> list[str]:
    """On a phone every table fits its frame: wide tables become cards, the matrix shows two options."""
    wide = tab.evaluate("""[...document.querySelectorAll('article .kg-table-wrap')]
      .filter((w) => w.scrollWidth > w.clientWidth + 1)
      .map((w) => `${w.querySelector('table').className}: ${w.scrollWidth} px in ${w.clientWidth}`)""")
    return [f"a table scrolls sideways in its frame: {w}" for w in wide]


def _axe_problems(tab: Any, colours_only: bool, within: str | None = None) -> list[str]:
    return [f"axe {v['id']} ({v['impact']}): {v['help']} at {[' '.join(n['target']) for n in v['nodes'][:3]]}"
            for v in axe_violations(tab, colours_only=colours_only, within=within)]


def _scheme(tab: Any, scheme: str) -> None:
    # The palette is applied by Material's script; wait for it rather than racing it.
    tab.wait_for_function("s => document.body.dataset.mdColorScheme === s", arg=scheme, timeout=5000)


def _toggle(tab: Any, scheme: str) -> None:
    tab.locator(TOGGLE).click()
    _scheme(tab, scheme)
    settle(tab)


def _at(where: str, problems: list[str]) -> list[str]:
    return [f"{where}: {p}" for p in problems]


def check_page(tab: Any, recorder: Recorder, url: str, name: str) -> list[str]:
    """Every check at phone size after a fresh load, then the same document at desktop size (see the module's
    docstring for the order of sizes and palettes)."""
    phone, desktop = SIZES["phone"], SIZES["desktop"]
    tab.set_viewport_size(phone)
    tab.goto(url)
    _scheme(tab, LIGHT)
    if name in SHOTS:
        tab.screenshot(path=str(SCREENSHOTS / f"{name}-phone.png"))
    problems = _at("phone", _axe_problems(tab, colours_only=False) + layout_shifts(tab) + sideways(tab, phone["width"])
                   + split_words(tab) + tables_in_frame(tab) + title_gap(tab))
    _toggle(tab, DARK)
    problems += _at("phone, dark palette", _axe_problems(tab, colours_only=True))
    tab.set_viewport_size(desktop)
    settle(tab)
    problems += _at("desktop, dark palette", _axe_problems(tab, colours_only=False) + sideways(tab, desktop["width"]))
    _toggle(tab, LIGHT)
    problems += _at("desktop", _axe_problems(tab, colours_only=True))
    if name in SHOTS:
        tab.screenshot(path=str(SCREENSHOTS / f"{name}-desktop.png"))
    # Every part of the page is laid out at load (no placeholder sizes): one size is enough for this check. It
    # scrolls through the whole page, so it comes last: nothing after it waits for the header to settle.
    problems += _at("desktop", page_height(tab))
    return problems + [f"CSP: {v}" for v in violations(tab)] + recorder.drain()


def _ensure_axe() -> None:
    if not AXE.exists():
        if os.environ.get("CI"):
            pytest.fail(f"CI=true but {AXE.relative_to(ROOT)} is missing: `make setup` installs node_modules")
        pytest.skip(f"{AXE.relative_to(ROOT)} missing: run `make setup` (npm ci) to install axe-core")


#: Every public page (the anchor manifest, which test_anchors keeps equal to the build) and the 404 page: one test
#: per page, so the two workers share them evenly.
PAGES = [*sorted(json.loads((ROOT / "tests" / "anchors.json").read_text(encoding="utf-8"))), "404.html"]

#: Pages whose closed disclosures hold what readers open most: full answers, the source register, the no-script
#: tree. axe skips hidden content, so after the other checks these are opened at phone size, the narrowest layout,
#: and checked again: every axe rule, no sideways scrolling, no table word cut in two.
DISCLOSED = {"comparison/", "criteria/", "sources/", "decision/"}


@pytest.fixture(scope="module")
def checked_tab(browser: Any, site_url: str) -> Iterator[tuple[Any, Recorder]]:
    """One tab, which every page test navigates afresh: a load in a warm tab costs a third of the CPU of one in a
    new tab, and the suite shares two cores. Nothing carries over: each test loads its page from scratch at phone
    size, the palette choice is forgotten before every load, and problems left by an earlier page are drained."""
    _ensure_axe()
    # Reduced motion, which Material honours by turning transitions off: colours are read at rest without waiting
    # for fades after each resize and palette switch (about 0.4 s a page), and the page at rest is the same.
    context = browser.new_context(viewport=SIZES["phone"], color_scheme="light", reduced_motion="reduce")
    for script in (FORGET_PALETTE, RECORD_SHIFTS, RECORD_VIOLATIONS):
        context.add_init_script(script)
    recorder = Recorder(origin=site_url)
    recorder.attach(context)
    tab = context.new_page()
    recorder.watch(tab)
    yield tab, recorder
    context.close()


def opened_disclosures(tab: Any) -> list[str]:
    tab.set_viewport_size(SIZES["phone"])
    opened = tab.evaluate("[...document.querySelectorAll('article details:not([open])')].map(d => d.open = true).length")
    if not opened:
        return ["no closed disclosure: drop the page from DISCLOSED"]
    # Opening them changes nothing outside them, which the checks before have passed: axe looks inside the
    # outermost ones only (axe would walk a nested one twice).
    return (_axe_problems(tab, colours_only=False, within="article details:not(details details)")
            + sideways(tab, SIZES["phone"]["width"])
            + split_words(tab, "article table:not(.kg-matrix) :is(th, td)"))


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p or "home")
def test_page_is_clean(checked_tab: tuple[Any, Recorder], site_url: str, path: str) -> None:
    tab, recorder = checked_tab
    recorder.drain()  # whatever an earlier page left behind is not this page's
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = path.strip("/").replace("/", "_").removesuffix(".html") or "index"
    report = check_page(tab, recorder, site_url + path, name)
    if path in DISCLOSED:
        report += _at("phone, every disclosure open", opened_disclosures(tab) + recorder.drain())
    assert not report, f"/{path}:\n" + "\n".join(report)


def _has_start_up_script(site: Path, path: str) -> bool:
    """Pages whose own scripts change them at start-up: the matrix controls and the helper and cost widgets."""
    html = (site / path if path.endswith(".html") else site / path / "index.html").read_text(encoding="utf-8")
    return any(marker in html for marker in ('class="kg-matrix-wrap', "decision.js", "cost.js"))


def test_pages_with_start_up_scripts_do_not_shift_at_desktop_size(browser: Any, site: Path, site_url: str) -> None:
    # The page test loads each page at phone size; a desktop load runs the same scripts against another layout.
    paths = [p for p in PAGES if _has_start_up_script(site, p)]
    assert {"comparison/", "helper/", "cost/"} <= set(paths), paths
    context = browser.new_context(viewport=SIZES["desktop"], color_scheme="light")
    context.add_init_script(RECORD_SHIFTS)
    try:
        tab = context.new_page()
        problems = []
        for path in paths:
            tab.goto(site_url + path)
            _scheme(tab, LIGHT)
            problems += _at(f"/{path}", layout_shifts(tab))
        assert not problems, "\n".join(problems)
    finally:
        context.close()


def test_a_dark_system_palette_is_followed(browser: Any, site_url: str) -> None:
    # The page test reaches the dark palette through the toggle; a reader whose system is dark lands in it directly.
    context = browser.new_context(viewport=SIZES["phone"], color_scheme="dark")
    try:
        tab = context.new_page()
        tab.goto(site_url)
        _scheme(tab, DARK)
        assert tab.locator(TOGGLE).get_attribute("title") == "Switch to light mode"
    finally:
        context.close()


def test_every_built_page_is_checked(site: Path) -> None:
    # Guards the guard: a page missing from the list would never be opened in the browser.
    assert sorted(load_pages(site)) == sorted(PAGES)
    assert {"404.html", "", "comparison/", "helper/"} <= set(PAGES)

