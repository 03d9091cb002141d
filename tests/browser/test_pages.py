"""Every built page in a real browser, at desktop and phone size, in the light and the dark palette.

Each page must load without a console error, a failed request or a Content-Security-Policy violation, ask nothing
of any host but the local server, pass every axe-core rule, not shift after its first paint, report its true
height at desktop size (the scrollbar does not lie), and never scroll sideways on a phone. The dark palette changes colours only,
so there the colour rules of axe run, with the console, request and policy checks. A screenshot of each page, size and
palette goes to reports/screenshots/ (CI keeps that folder).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from macros.tools.browser import AXE, SIZES, axe_violations
from macros.tools.sitecheck import load_pages
from tests.browser.conftest import RECORD_VIOLATIONS, SCREENSHOTS, violations
from tests.helpers import ROOT

# Material picks the palette whose media query matches prefers-color-scheme; "slate" is its dark scheme.
PALETTES = {"light": ("light", "default"), "dark": ("dark", "slate")}
# Schemes that name no host, so they cannot reach another server.
LOCAL_SCHEMES = {"data", "blob", "about"}

pytestmark = pytest.mark.browser


@dataclass
class Recorder:
    """Everything one tab reports while a page loads: requests, failures and console errors."""

    origin: str
    requests: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def attach(self, context: Any, tab: Any) -> None:
        # Listening on the context also sees requests made by the search web worker.
        context.on("request", lambda r: self.requests.append(r.url))
        context.on("requestfailed", lambda r: self.problems.append(f"request failed: {r.url} ({r.failure})"))
        context.on("response", lambda r: r.status >= 400 and self.problems.append(f"HTTP {r.status}: {r.url}"))
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


def page_height(tab: Any) -> list[str]:
    before, after = tab.evaluate(TRUE_HEIGHT)
    return [f"reported height {before} px but {after} px laid out"] if abs(after - before) > 0.05 * after else []


def sideways(tab: Any, width: int) -> list[str]:
    scroll = tab.evaluate("document.documentElement.scrollWidth")
    return [f"the page scrolls sideways: {scroll} px wide in a {width} px screen"] if scroll > width + 1 else []


def check_page(tab: Any, recorder: Recorder, url: str, scheme: str, shot: Path, width: int) -> list[str]:
    """Every check in the light palette; in the dark one, what colours can change (the layout is the same)."""
    light = scheme == "default"
    tab.goto(url)
    # The palette is applied by Material's script; wait for it rather than racing it.
    tab.wait_for_function("s => document.body.dataset.mdColorScheme === s", arg=scheme, timeout=5000)
    tab.screenshot(path=str(shot))
    problems = [f"axe {v['id']} ({v['impact']}): {v['help']} at {[' '.join(n['target']) for n in v['nodes'][:3]]}"
                for v in axe_violations(tab, colours_only=not light)]
    problems += [f"CSP: {v}" for v in violations(tab)]
    if light:
        problems += layout_shifts(tab) + sideways(tab, width)
    if light and width > 1000:
        # Placeholder sizes come from the stylesheet, not the screen width: one size is enough for this check,
        # which scrolls through the whole page.
        problems += page_height(tab)
    return problems + recorder.drain()


def _ensure_axe() -> None:
    if not AXE.exists():
        if os.environ.get("CI"):
            pytest.fail(f"CI=true but {AXE.relative_to(ROOT)} is missing: `make setup` installs node_modules")
        pytest.skip(f"{AXE.relative_to(ROOT)} missing: run `make setup` (npm ci) to install axe-core")


@pytest.mark.parametrize("palette", PALETTES)
@pytest.mark.parametrize("size", SIZES)
def test_every_page_is_clean(browser: Any, site: Path, site_url: str, size: str, palette: str) -> None:
    _ensure_axe()
    media, scheme = PALETTES[palette]
    context = browser.new_context(viewport=SIZES[size], color_scheme=media)
    context.add_init_script(RECORD_SHIFTS)
    context.add_init_script(RECORD_VIOLATIONS)
    tab = context.new_page()
    recorder = Recorder(origin=site_url)
    recorder.attach(context, tab)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    report: list[str] = []
    try:
        for path in list(load_pages(site)):
            name = path.strip("/").replace("/", "_").removesuffix(".html") or "index"
            shot = SCREENSHOTS / f"{name}-{size}-{palette}.png"
            report += [f"/{path}: {p}" for p in check_page(tab, recorder, site_url + path, scheme, shot, SIZES[size]["width"])]
    finally:
        context.close()
    assert not report, f"{size}, {palette} palette:\n" + "\n".join(report)


def test_page_discovery_includes_the_404_page(site: Path) -> None:
    # Guards the guard: a broken discovery would let the browser test pass on no page at all.
    paths = list(load_pages(site))
    assert "404.html" in paths and "" in paths and "comparison/" in paths and "helper/" in paths
    assert len(paths) == len(list(site.rglob("*.html")))
