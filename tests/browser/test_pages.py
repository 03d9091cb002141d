"""Every built page in a real browser, at desktop and phone size, in the light and the dark palette.

Each page must load without a console error or a failed request, ask nothing of any host but the local server,
and pass every axe-core rule. A screenshot of each page, size and palette goes to reports/screenshots/ for review
(CI keeps that folder). One browser context per size and palette is reused for all pages: a fresh context per
page would triple the run time for no extra coverage.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from macros.tools.bench import AXE, SIZES, axe_violations
from macros.tools.sitecheck import load_pages
from tests.browser.conftest import SCREENSHOTS
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
    pending: set[Any] = field(default_factory=set)

    def attach(self, context: Any, tab: Any) -> None:
        # Listening on the context also sees requests made by the search web worker.
        context.on("request", self._started)
        context.on("requestfinished", lambda r: self.pending.discard(r))
        context.on("requestfailed", self._failed)
        context.on("response", lambda r: r.status >= 400 and self.problems.append(f"HTTP {r.status}: {r.url}"))
        tab.on("console", lambda m: m.type == "error" and self.problems.append(f"console error: {m.text}"))
        tab.on("pageerror", lambda e: self.problems.append(f"uncaught exception: {e}"))

    def _started(self, request: Any) -> None:
        self.requests.append(request.url)
        self.pending.add(request)

    def _failed(self, request: Any) -> None:
        self.pending.discard(request)
        self.problems.append(f"request failed: {request.url} ({request.failure})")

    def settle(self, tab: Any, timeout_ms: int = 10_000) -> None:
        """Wait for the page's requests to finish: leaving earlier would abort them and report false failures."""
        waited = 0
        while self.pending and waited < timeout_ms:
            tab.wait_for_timeout(25)
            waited += 25

    def drain(self) -> list[str]:
        """Problems seen since the last call, including every request that left the local server."""
        foreign = [u for u in self.requests if urlsplit(u).scheme not in LOCAL_SCHEMES and not u.startswith(self.origin)]
        found = self.problems + [f"request to another host: {u}" for u in foreign]
        self.requests.clear()
        self.problems = []
        return found


def axe_report(tab: Any) -> list[str]:
    """Every axe-core violation on the page, of any impact, one line per rule with its first targets."""
    return [
        f"axe {v['id']} ({v['impact']}): {v['help']} at {[' '.join(n['target']) for n in v['nodes'][:3]]}"
        for v in axe_violations(tab)
    ]


#: Records every layout shift of the page (buffered, so shifts before the observer count too).
RECORD_SHIFTS = """
window.__kgShifts = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    window.__kgShifts.push({value: e.value, nodes: e.sources.map((s) => s.node ? s.node.nodeName + "." + s.node.className : "?")});
  }
}).observe({type: "layout-shift", buffered: true});
"""


#: A tenth of what Google calls a good cumulative layout shift (0.1). The widgets and the "Copy link" buttons in
#: table headers still move a row or a heading by a few pixels on wide screens (0.002 on two pages); one button
#: line under each glossary term was 0.044, and is what this catches.
MAX_SHIFT = 0.01


def layout_shifts(tab: Any) -> list[str]:
    """Content that moved after it was painted, e.g. because a script added something above or inside it."""
    shifts = tab.evaluate("window.__kgShifts || []")
    total = sum(s["value"] for s in shifts)
    moved = sorted({n for s in shifts for n in s["nodes"]})[:5]
    return [f"layout shift {total:.3f}, more than {MAX_SHIFT} (what moved: {moved})"] if total > MAX_SHIFT else []


def check_page(tab: Any, recorder: Recorder, url: str, scheme: str, shot: Path) -> list[str]:
    tab.goto(url, wait_until="load")
    # The palette is applied by Material's script; wait for it rather than racing it.
    tab.wait_for_function("s => document.body.dataset.mdColorScheme === s", arg=scheme, timeout=5000)
    tab.screenshot(path=str(shot))
    problems = axe_report(tab)
    recorder.settle(tab)
    return problems + layout_shifts(tab) + recorder.drain()


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
    tab = context.new_page()
    recorder = Recorder(origin=site_url)
    recorder.attach(context, tab)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    report: list[str] = []
    try:
        for path in list(load_pages(site)):
            name = path.strip("/").replace("/", "_").removesuffix(".html") or "index"
            shot = SCREENSHOTS / f"{name}-{size}-{palette}.png"
            report += [f"/{path}: {p}" for p in check_page(tab, recorder, site_url + path, scheme, shot)]
    finally:
        context.close()
    assert not report, f"{size}, {palette} palette:\n" + "\n".join(report)


def test_page_discovery_includes_the_404_page(site: Path) -> None:
    # Guards the guard: a broken discovery would let the browser test pass on no page at all.
    paths = list(load_pages(site))
    assert "404.html" in paths and "" in paths and "comparison/" in paths
    assert len(paths) == len(list(site.rglob("*.html")))
