"""Benchmark the built guide and check it against its targets: ``make bench`` (``python -m macros.tools.bench``).

Measures, in one run:

* strict build time, median of N builds of this site, against a stock Material site built from the seed text
  alone (``tests/fixtures/seed.md`` as ``index.md``, theme ``material`` with ``font: false``, nothing else), and
  against the "floor": this site's pages, theme and plugins with every macro returning nothing, which shows how
  much of the gap is the number of pages rather than the guide's own work;
* bytes each page transfers (HTML, CSS, JS and the rest, every text body gzip-compressed as a static host
  serves it), from the responses a real browser receives with an empty cache;
* Lighthouse scores (performance, accessibility, best practices, SEO), mobile and desktop, for every page;
* axe-core violations on every page at phone and desktop size, light and dark palette;
* search latency: time from the last keystroke of a query to its results on screen.

The site is served by a local static host that compresses and sets a cache lifetime as GitHub Pages does.
It prints one table, writes ``reports/bench.json`` and ``reports/bench.md``, and exits 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import compileall
import gzip
import json
import mimetypes
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from .sitecheck import load_pages

ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = ROOT / "node_modules"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROME_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run"]
LIGHTHOUSE_FLAGS = "--headless=new --no-sandbox --disable-gpu"
SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
QUERIES = ["FIPS 140-3", "PKCS #11", "external key store", "rotation", "CloudTrail", "hsm2m.medium"]
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")

# The targets the guide holds itself to; each is checked and reported in the table. KB are KiB (1024 bytes).
MAX_BUILD_RATIO = 2.0
MIN_MOBILE_PERFORMANCE = 0.98
MAX_COMPARISON_KB = 300.0
# Static hosts compress on the fly at a middling level (nginx and CDNs typically 5-6); zlib's default is 6.
GZIP_LEVEL = 6
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")


# --- local static host -----------------------------------------------------------------------------------------

class StaticHost(BaseHTTPRequestHandler):
    """GET/HEAD of a built site as a static host serves it: gzip for text, max-age=600, 404.html when missing."""

    # Keep-alive, as every real host offers: HTTP/1.0's connection per request would cost Lighthouse's simulated
    # phone a round trip per file. (Static hosts speak HTTP/2, which multiplexes even more; no stdlib server does.)
    protocol_version = "HTTP/1.1"
    root: Path
    compressed: dict[Path, bytes]

    def log_message(self, *args: Any) -> None:  # keep the benchmark output to its table
        pass

    def _resolve(self) -> tuple[int, Path]:
        rel = unquote(urlsplit(self.path).path).lstrip("/")
        target = (self.root / rel).resolve()
        if target.is_dir():
            target = target / "index.html"
        if self.root not in target.parents or not target.is_file():
            return 404, self.root / "404.html"
        return 200, target

    def _body(self, path: Path) -> tuple[bytes, str, bool]:
        ctype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        gzip_ok = "gzip" in self.headers.get("Accept-Encoding", "") and ctype.startswith(COMPRESSIBLE)
        if not gzip_ok:
            return path.read_bytes(), ctype, False
        if path not in self.compressed:
            self.compressed[path] = gzip.compress(path.read_bytes(), GZIP_LEVEL, mtime=0)
        return self.compressed[path], ctype, True

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def _respond(self, send_body: bool) -> None:
        status, path = self._resolve()
        body, ctype, gzipped = self._body(path)
        self.send_response(status)
        self.send_header("Content-Type", f"{ctype}; charset=utf-8" if ctype.startswith("text/") else ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.send_header("Vary", "Accept-Encoding")
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        if send_body:
            self.wfile.write(body)


@contextmanager
def serve(site: Path) -> Iterator[str]:
    handler = type("Host", (StaticHost,), {"root": site.resolve(), "compressed": {}})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# --- builds ----------------------------------------------------------------------------------------------------

def _timed_build(config: Path, dest: Path, strict: bool = True) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    # Never --strict with -q or -v: MkDocs 1.6.1 then skips checks (anchors among them) and passes anyway.
    cmd = [sys.executable, "-m", "mkdocs", "build", *(["--strict"] if strict else []), "-f", str(config), "-d", str(dest)]
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=config.parent, env=env, capture_output=True, text=True, timeout=600)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"strict build of {config} failed:\n{result.stderr}")
    return elapsed


def stock_project(where: Path) -> Path:
    """A stock Material project holding the seed text alone; returns its mkdocs.yml."""
    (where / "docs").mkdir(parents=True)
    shutil.copy(ROOT / "tests" / "fixtures" / "seed.md", where / "docs" / "index.md")
    config = where / "mkdocs.yml"
    config.write_text("site_name: Stock Material\ntheme:\n  name: material\n  font: false\n", encoding="utf-8")
    return config


class _MacroNames:
    """Stands in for mkdocs-macros' env: records what the guide's ``define_env`` registers."""

    def __init__(self) -> None:
        self.variables: dict[str, Any] = {}
        self.conf: dict[str, Any] = {"mdx_configs": {}}
        self.names: list[str] = []

    def macro(self, fn: Any, name: str | None = None) -> None:
        self.names.append(name or fn.__name__)


FLOOR_MODULE = "floor_macros"


def floor_project(where: Path) -> Path:
    """This guide's pages, theme and plugins with every macro returning nothing; returns its mkdocs.yml.

    No data is loaded, nothing rendered, no build hook runs: what building the same pages costs before any of the
    guide's own work. Not strict: links into the missing content only warn.
    """
    from .. import define_env

    recorder = _MacroNames()
    define_env(recorder)
    shutil.copytree(ROOT / "docs", where / "docs")
    shutil.copytree(ROOT / "overrides", where / "overrides")
    (where / f"{FLOOR_MODULE}.py").write_text(
        "from collections import defaultdict\n\n\ndef define_env(env):\n"
        f"    for variable in {sorted(recorder.variables)!r}:\n        env.variables[variable] = defaultdict(int)\n"
        f"    for name in {sorted(recorder.names)!r}:\n        env.macro(lambda *a, **k: '', name)\n",
        encoding="utf-8")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("module_name: macros", f"module_name: {FLOOR_MODULE}").replace("strict: true", "strict: false")
    config = re.sub(r"^hooks:\n(?:  - .*\n)+", "", config, flags=re.M)
    (where / "mkdocs.yml").write_text(config, encoding="utf-8")
    return where / "mkdocs.yml"


@dataclass
class Builds:
    guide_seconds: list[float]
    stock_seconds: list[float]
    floor_seconds: list[float] = field(default_factory=list)

    @property
    def guide(self) -> float:
        return statistics.median(self.guide_seconds)

    @property
    def stock(self) -> float:
        return statistics.median(self.stock_seconds)

    @property
    def ratio(self) -> float:
        return self.guide / self.stock

    @property
    def floor(self) -> float:
        return statistics.median(self.floor_seconds)


def time_builds(runs: int, work: Path) -> tuple[Builds, Path]:
    """Alternate the two builds so that background load affects both alike; returns the last guide build."""
    # Byte-compile the guide's own modules first, as pip does for every installed package the stock build
    # runs on: where the environment forbids writing bytecode, each build would otherwise compile them again.
    compileall.compile_dir(ROOT / "macros", quiet=1)
    stock = stock_project(work / "stock")
    floor = floor_project(work / "floor")
    builds = Builds([], [])
    for i in range(runs):
        builds.guide_seconds.append(_timed_build(ROOT / "mkdocs.yml", work / f"guide-{i}"))
        builds.stock_seconds.append(_timed_build(stock, work / f"stock-{i}"))
        builds.floor_seconds.append(_timed_build(floor, work / f"floor-{i}", strict=False))
    return builds, work / f"guide-{runs - 1}"


# --- browser measurements --------------------------------------------------------------------------------------



@dataclass
class PageResult:
    path: str
    kb: dict[str, float] = field(default_factory=dict)  # html, css, js, other, total (gzip, KiB)
    axe: dict[str, list[str]] = field(default_factory=dict)  # "phone/dark" -> rule ids
    lighthouse: dict[str, dict[str, float]] = field(default_factory=dict)  # "mobile" -> category -> score
    lighthouse_failures: dict[str, list[str]] = field(default_factory=dict)

    @property
    def axe_count(self) -> int:
        return sum(len(v) for v in self.axe.values())


def _kind(content_type: str) -> str:
    if "html" in content_type:
        return "html"
    if "css" in content_type:
        return "css"
    return "js" if "javascript" in content_type else "other"


def transferred_kb(browser: Any, url: str) -> dict[str, float]:
    """Bytes the page loads with an empty cache, by kind; text bodies are counted gzip-compressed."""
    context = browser.new_context(viewport=SIZES["phone"])
    responses: list[Any] = []
    context.on("response", lambda r: responses.append(r))
    tab = context.new_page()
    tab.goto(url, wait_until="networkidle")  # the search index and sitemap load after "load"
    totals = {"html": 0.0, "css": 0.0, "js": 0.0, "other": 0.0}
    for response in responses:
        ctype = response.headers.get("content-type", "")
        body = response.body()
        size = len(gzip.compress(body, GZIP_LEVEL)) if ctype.startswith(COMPRESSIBLE) else len(body)
        totals[_kind(ctype)] += size / 1024
    context.close()
    totals["total"] = sum(totals.values())
    return {k: round(v, 1) for k, v in totals.items()}


AXE = NODE_MODULES / "axe-core" / "axe.min.js"
# Every rule axe enables by default, plus WCAG 2.2's target size, which Lighthouse's accessibility score counts.
AXE_OPTIONS = "{resultTypes: ['violations'], rules: {'target-size': {enabled: true}}}"
# The longest parts of the pages use content-visibility: auto, so the browser lays them out only when a reader
# scrolls near them. axe runs twice: on the page as it loads (as Lighthouse's accessibility audit sees it: a part
# laid out taller than its placeholder shows up there as overlapping text) and with every part laid out, as the
# reader sees it after scrolling.
LAY_OUT_EVERYTHING = "* { content-visibility: visible !important; }"


def axe_violations(tab: Any) -> list[dict[str, Any]]:
    """axe-core's violations on the page in ``tab``: as loaded, then with every part laid out (each rule once)."""
    tab.add_script_tag(path=str(AXE))
    run = f"axe.run(document, {AXE_OPTIONS}).then(r => r.violations)"
    found = {v["id"]: v for v in tab.evaluate(run)}
    tab.add_style_tag(content=LAY_OUT_EVERYTHING)
    for v in tab.evaluate(run):
        found.setdefault(v["id"], v)
    return list(found.values())


def axe_rules(browser: Any, base: str, paths: list[str]) -> dict[str, dict[str, list[str]]]:
    """path -> "size/palette" -> ids of the axe rules violated there."""
    found: dict[str, dict[str, list[str]]] = {p: {} for p in paths}
    for size, viewport in SIZES.items():
        for palette in ("light", "dark"):
            context = browser.new_context(viewport=viewport, color_scheme=palette)
            tab = context.new_page()
            for path in paths:
                tab.goto(base + path)
                found[path][f"{size}/{palette}"] = [v["id"] for v in axe_violations(tab)]
            context.close()
    return found


# Runs in the page: time from the last keydown in the search field to the last change of the result list.
SEARCH_PROBE = """() => {
  const list = document.querySelector('.md-search-result__list');
  const input = document.querySelector('.md-search__input');
  window.__kgSearch = {key: 0, render: 0};
  input.addEventListener('keydown', () => { window.__kgSearch.key = performance.now(); });
  new MutationObserver(() => { window.__kgSearch.render = performance.now(); }).observe(list, {childList: true});
}"""


def search_latency_ms(browser: Any, base: str) -> list[float]:
    """Per query: milliseconds from the query's last keystroke until its results were rendered."""
    context = browser.new_context(viewport=SIZES["desktop"])
    tab = context.new_page()
    tab.goto(base, wait_until="networkidle")  # the search index is loaded and indexed by the worker
    tab.evaluate(SEARCH_PROBE)
    field_ = tab.locator(".md-search__input")
    latencies = []
    for query in QUERIES:
        field_.click()
        field_.fill("")
        tab.wait_for_timeout(300)
        field_.press_sequentially(query, delay=40)
        tab.wait_for_selector(".md-search-result__item")
        tab.wait_for_function("() => window.__kgSearch.render > window.__kgSearch.key")
        tab.wait_for_timeout(500)  # let later renders (refinements of earlier keystrokes) land too
        timing = tab.evaluate("window.__kgSearch")
        latencies.append(round(timing["render"] - timing["key"], 1))
    context.close()
    return latencies


# --- Lighthouse ------------------------------------------------------------------------------------------------

def lighthouse(url: str, form: str) -> tuple[dict[str, float], list[str]]:
    """Category scores and the ids of failed scored audits, for ``form`` "mobile" or "desktop"."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "lh.json"
        cmd = ["node", str(NODE_MODULES / "lighthouse" / "cli" / "index.js"), url, f"--chrome-flags={LIGHTHOUSE_FLAGS}",
               "--output=json", "--quiet", f"--output-path={out}"]
        if form == "desktop":
            cmd.append("--preset=desktop")
        env = {**os.environ, "CHROME_PATH": CHROMIUM}
        subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300, check=True)
        report = json.loads(out.read_text(encoding="utf-8"))
    scores = {k: report["categories"][k]["score"] for k in CATEGORIES}
    failed = sorted({
        ref["id"] for k in CATEGORIES for ref in report["categories"][k]["auditRefs"]
        if ref.get("weight", 0) > 0 and (report["audits"][ref["id"]].get("score") or 0) < 1
        and report["audits"][ref["id"]].get("scoreDisplayMode") in ("binary", "numeric")
    })
    return scores, failed


def lighthouse_median(url: str, form: str, runs: int) -> tuple[dict[str, float], list[str]]:
    """Median score per category over ``runs`` runs (Lighthouse's own advice against run-to-run variance),
    and every scored audit that failed in any run."""
    results = [lighthouse(url, form) for _ in range(runs)]
    scores = {k: statistics.median(r[0][k] for r in results) for k in CATEGORIES}
    return scores, sorted({a for r in results for a in r[1]})


# --- report ----------------------------------------------------------------------------------------------------

@dataclass
class Row:
    item: str
    result: str
    target: str
    met: bool | None  # None: reported only, no target

    def cells(self) -> list[str]:
        return [self.item, self.result, self.target, {True: "yes", False: "**NO**", None: "-"}[self.met]]


# Metric audits: they are what the performance score is made of, reported through the score itself.
PERFORMANCE_AUDITS = {"first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift",
                      "speed-index"}


def _scores(s: dict[str, float]) -> str:
    return " ".join(f"{k[0].upper() if k != 'best-practices' else 'BP'} {v:.2f}" for k, v in s.items())


def _lighthouse_met(page: PageResult) -> bool | None:
    if not page.lighthouse:
        return None
    mobile, desktop = page.lighthouse["mobile"], page.lighthouse["desktop"]
    perfect = all(s[k] == 1 for s in (mobile, desktop) for k in CATEGORIES[1:])
    return perfect and mobile["performance"] >= MIN_MOBILE_PERFORMANCE


def page_row(page: PageResult) -> Row:
    kb = page.kb
    result = f"{kb['total']:.0f} KB (HTML {kb['html']:.0f}, CSS {kb['css']:.0f}, JS {kb['js']:.0f}, other {kb['other']:.0f})"
    for form, scores in page.lighthouse.items():
        result += f"; {form} {_scores(scores)}"
    result += f"; axe {page.axe_count}"
    failures = sorted({a for v in page.lighthouse_failures.values() for a in v if a not in PERFORMANCE_AUDITS})
    if failures:
        result += f"; fails {', '.join(failures)}"
    lighthouse_met = _lighthouse_met(page)
    met = page.axe_count == 0 and lighthouse_met is not False
    target = "axe 0" if lighthouse_met is None else "A/BP/SEO 1.00, mobile P >= 0.98, axe 0"
    if page.path == "comparison/":
        met, target = met and kb["total"] <= MAX_COMPARISON_KB, f"<= {MAX_COMPARISON_KB:.0f} KB, " + target
    return Row(f"/{page.path}", result, target, met)


def table(rows: list[Row]) -> str:
    lines = ["| Measure | Result | Target | Met |", "| --- | --- | --- | --- |"]
    lines += ["| " + " | ".join(r.cells()) + " |" for r in rows]
    return "\n".join(lines)


def summary_rows(builds: Builds, latencies: list[float], runs: int) -> list[Row]:
    return [
        Row(f"Strict build, this guide (median of {runs})", f"{builds.guide:.2f} s", "", None),
        Row(f"Strict build, stock Material from the seed text (median of {runs})", f"{builds.stock:.2f} s", "", None),
        Row("Build time ratio", f"{builds.ratio:.2f}x", f"<= {MAX_BUILD_RATIO:.1f}x", builds.ratio <= MAX_BUILD_RATIO),
        Row(f"Floor: the same pages, theme and plugins, every macro empty (median of {runs})",
            f"{builds.floor:.2f} s = {builds.floor / builds.stock:.2f}x stock", "", None),
        Row(f"Search, last keystroke to results ({len(latencies)} queries)",
            f"median {statistics.median(latencies):.0f} ms, max {max(latencies):.0f} ms", "", None),
    ]


# --- main ------------------------------------------------------------------------------------------------------

def measure_pages(site: Path, base: str, lighthouse_runs: int) -> tuple[list[PageResult], list[float]]:
    from playwright.sync_api import sync_playwright

    paths = list(load_pages(site))
    results = [PageResult(p) for p in paths]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS)
        for page in results:
            page.kb = transferred_kb(browser, base + page.path)
        for page, rules in zip(results, axe_rules(browser, base, paths).values(), strict=True):
            page.axe = rules
        latencies = search_latency_ms(browser, base)
        browser.close()
    if lighthouse_runs:
        for page in results:
            # Mobile performance is the noisy, tight target (>= 0.98): it gets the median; desktop one run.
            page.lighthouse["mobile"], page.lighthouse_failures["mobile"] = lighthouse_median(
                base + page.path, "mobile", lighthouse_runs)
            page.lighthouse["desktop"], page.lighthouse_failures["desktop"] = lighthouse(base + page.path, "desktop")
    return results, latencies


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="builds of each site for the median (default 5)")
    parser.add_argument("--lighthouse-runs", type=int, default=3,
                        help="mobile Lighthouse runs per page for the median (default 3; 0 skips Lighthouse)")
    parser.add_argument("--report", type=Path, default=ROOT / "reports" / "bench", help="writes REPORT.json and REPORT.md")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        builds, site = time_builds(args.runs, Path(tmp))
        with serve(site) as base:
            pages, latencies = measure_pages(site, base, args.lighthouse_runs)

    rows = summary_rows(builds, latencies, args.runs) + [page_row(p) for p in pages]
    text = table(rows)
    print(text)
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.with_suffix(".md").write_text(text + "\n", encoding="utf-8")
    document = {"builds": asdict(builds) | {"ratio": builds.ratio}, "search_ms": latencies, "gzip_level": GZIP_LEVEL,
                "pages": [asdict(p) for p in pages], "rows": [asdict(r) for r in rows]}
    args.report.with_suffix(".json").write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    return 1 if any(r.met is False for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
