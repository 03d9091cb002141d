"""The benchmark: the floor project builds the same pages without the guide's work, and the summary rows judge
made-up figures against the targets (no browser, no Lighthouse here)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest
import yaml

from macros import MACROS
from macros.tools import bench
from macros.tools.bench import (
    FLOOR_MODULE,
    MAX_FLOOR_RATIO,
    MAX_TBT_MS,
    MIN_MOBILE_PERFORMANCE,
    Builds,
    LighthouseRun,
    PageResult,
    floor_config,
    floor_project,
    lighthouse_median,
    page_row,
    parse_report,
    select_pages,
    stock_row,
    summary_rows,
    timed_build,
)
from macros.tools.sitecheck import load_pages

ROOT = Path(__file__).resolve().parents[1]


# --- the floor project, built once for real ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def floor(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The floor project's mkdocs.yml (writing the project is cheap; only one test builds it)."""
    return floor_project(tmp_path_factory.mktemp("floor") / "project")


def test_floor_builds_the_same_pages_without_the_guides_content(floor: Path, site: Path, tmp_path: Path) -> None:
    # One test, one build, as the benchmark times it (not strict, no -q/-v): under pytest-xdist a module-scoped
    # build could run once per worker.
    timed_build(floor, tmp_path / "site", strict=False)
    floor_site = tmp_path / "site"
    floor_pages = set(load_pages(floor_site))
    assert "comparison/" in floor_pages and "index.html" not in floor_pages
    assert floor_pages == set(load_pages(site))
    real_comparison = (site / "comparison" / "index.html").read_text(encoding="utf-8")
    floor_comparison = (floor_site / "comparison" / "index.html").read_text(encoding="utf-8")
    assert "kg-matrix" in real_comparison
    assert "kg-matrix" not in floor_comparison
    # The guide plugin's exports and print stylesheets: the real site has them, the floor does not.
    for generated in ("data", "assets/print"):
        assert (site / generated).is_dir(), generated
        assert not (floor_site / generated).exists(), generated


def test_floor_config_drops_the_guide_plugin_and_watch_and_empties_the_macros(floor: Path) -> None:
    real = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config = yaml.safe_load(floor.read_text(encoding="utf-8"))
    assert real["strict"] is True and "watch" in real
    assert config["strict"] is False and "watch" not in config
    names = [p if isinstance(p, str) else next(iter(p)) for p in config["plugins"]]
    real_names = [p if isinstance(p, str) else next(iter(p)) for p in real["plugins"]]
    assert "guide" in real_names
    assert names == [n for n in real_names if n != "guide"]
    macros = next(p["macros"] for p in config["plugins"] if isinstance(p, dict) and "macros" in p)
    assert macros["module_name"] == FLOOR_MODULE
    # Everything else is the guide's own configuration: same theme, extensions and navigation.
    assert {k: v for k, v in config.items() if k not in ("strict", "plugins")} == {
        k: v for k, v in real.items() if k not in ("strict", "plugins", "watch")}


def test_floor_macros_register_every_guide_macro_returning_nothing(floor: Path) -> None:
    spec = importlib.util.spec_from_file_location("bench_floor_macros", floor.parent / f"{FLOOR_MODULE}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    class Env:
        def __init__(self) -> None:
            self.variables: dict[str, Any] = {}
            self.macros: dict[str, Any] = {}

        def macro(self, fn: Any, name: str) -> None:
            self.macros[name] = fn

    env = Env()
    module.define_env(env)
    assert sorted(env.macros) == sorted(fn.__name__ for fn in MACROS)
    assert {fn("anything", key=1) for fn in env.macros.values()} == {""}
    assert env.variables["guide_counts"]["options"] == 0


def test_floor_config_keeps_tagged_values_and_requires_the_guide_plugin() -> None:
    text = ("site_name: !ENV [SITE, Guide]\nwatch: [data]\nplugins:\n  - search\n  - guide\n"
            "  - macros\nmarkdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n")
    out = floor_config(text)
    assert "site_name: !ENV [SITE, Guide]\n" in out
    assert "emoji_index: !!python/name:material.extensions.emoji.twemoji ''\n" in out  # MkDocs reads '' as empty
    assert "guide" not in out and "watch" not in out
    assert f"module_name: {FLOOR_MODULE}" in out
    with pytest.raises(ValueError, match="guide"):
        floor_config("plugins:\n  - macros\n")


# --- the summary rows ------------------------------------------------------------------------------------------

def _rows(builds: Builds) -> dict[str, Any]:
    return {r.item: r for r in summary_rows(builds, [40.0, 60.0, 200.0], 3)}


def test_build_ratio_is_against_the_floor_with_its_target() -> None:
    within = Builds(guide_seconds=[1.7, 1.8, 1.9], floor_seconds=[1.0, 1.1, 0.9], stock_seconds=[0.4, 0.5, 0.45])
    rows = _rows(within)
    ratio = rows["Build time, guide / floor"]
    assert (ratio.result, ratio.target, ratio.met) == ("1.80x", f"<= {MAX_FLOOR_RATIO:.1f}x", True)
    over = _rows(Builds(guide_seconds=[1.9], floor_seconds=[1.0], stock_seconds=[0.5]))["Build time, guide / floor"]
    assert (over.result, over.met) == ("1.90x", False)


def test_build_rows_report_each_build_and_stock_for_reference_only() -> None:
    rows = _rows(Builds(guide_seconds=[2.4, 2.6, 2.5], floor_seconds=[1.5, 1.4, 1.6], stock_seconds=[1.0, 1.0, 1.0]))
    guide = next(r for name, r in rows.items() if name.startswith("Strict build, this guide"))
    floor = next(r for name, r in rows.items() if name.startswith("Floor"))
    stock = next(r for name, r in rows.items() if "stock Material" in name)
    assert guide.result == "2.50 s" and floor.result == "1.50 s"
    assert stock.result == "1.00 s; guide 2.50x, floor 1.50x stock"
    assert stock.met is None and stock.target == "" and guide.met is None and floor.met is None
    search = next(r for name, r in rows.items() if name.startswith("Search"))
    assert search.result == "median 60 ms, max 200 ms"


# --- Lighthouse and the page rows --------------------------------------------------------------------------------

PERFECT = {"performance": 1.0, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}


def _page(path: str = "criteria/", mobile_performance: float = 1.0, tbt: float | None = 40.0, **desktop: float) -> PageResult:
    return PageResult(
        path, kb={"html": 20.0, "css": 30.0, "js": 70.0, "other": 10.0, "total": 130.0},
        axe={"phone/light": [], "phone/dark": [], "desktop/light": [], "desktop/dark": []},
        lighthouse={"mobile": PERFECT | {"performance": mobile_performance}, "desktop": PERFECT | desktop},
        tbt_ms={"mobile": tbt, "desktop": 0.0})


@pytest.mark.parametrize(("mobile_performance", "tbt", "desktop", "met"), [
    (1.0, 40.0, {}, True),
    (MIN_MOBILE_PERFORMANCE, MAX_TBT_MS, {}, True),  # both at the limit: met
    (0.98, 40.0, {}, False),  # mobile performance below 0.99
    (1.0, 101.0, {}, False),  # TBT over 100 ms
    (1.0, None, {}, False),  # TBT not measured
    (1.0, 40.0, {"best-practices": 0.96}, False),  # desktop best practices below 1
    (1.0, 40.0, {"performance": 0.90}, True),  # desktop performance has no target
])
def test_lighthouse_targets(mobile_performance: float, tbt: float | None, desktop: dict[str, float], met: bool) -> None:
    row = page_row(_page(mobile_performance=mobile_performance, tbt=tbt, **desktop))
    assert row.met is met
    assert f"P >= {MIN_MOBILE_PERFORMANCE:.2f}" in row.target and f"TBT <= {MAX_TBT_MS:.0f} ms" in row.target


def test_page_row_reports_tbt_and_axe() -> None:
    page = _page(tbt=37.4)
    page.axe["phone/dark"] = ["color-contrast"]
    row = page_row(page)
    assert "mobile P 1.00 A 1.00 BP 1.00 S 1.00, TBT 37 ms" in row.result
    assert "axe 1" in row.result and row.met is False


def test_page_row_without_lighthouse_judges_axe_and_comparison_size() -> None:
    page = PageResult("comparison/", kb={"html": 100.0, "css": 30.0, "js": 70.0, "other": 10.0, "total": 310.0},
                      axe={"phone/light": []})
    row = page_row(page)
    assert row.met is False and row.target.startswith("<= 300 KB") and "TBT" not in row.result
    page.kb["total"] = 210.0
    assert page_row(page).met is True


def test_lighthouse_median_takes_median_scores_and_tbt(monkeypatch: pytest.MonkeyPatch) -> None:
    runs = iter([LighthouseRun(PERFECT | {"performance": 0.97}, 180.0, ["total-blocking-time"]),
                 LighthouseRun(PERFECT | {"performance": 0.99}, 90.0, []),
                 LighthouseRun(PERFECT, 60.0, ["image-alt"])])
    monkeypatch.setattr(bench, "lighthouse", lambda url, form: next(runs))
    result = lighthouse_median("http://127.0.0.1/", "mobile", 3)
    assert result.scores["performance"] == 0.99 and result.tbt_ms == 90.0
    assert result.failed == ["image-alt", "total-blocking-time"]


def test_parse_report_reads_scores_tbt_and_failed_audits() -> None:
    audits = {"total-blocking-time": {"score": 0.8, "scoreDisplayMode": "numeric", "numericValue": 123.4},
              "image-alt": {"score": 0, "scoreDisplayMode": "binary"},
              "csp-xss": {"score": None, "scoreDisplayMode": "informative"}}
    refs = [{"id": "total-blocking-time", "weight": 30}, {"id": "image-alt", "weight": 10}, {"id": "csp-xss", "weight": 0}]
    report = {"audits": audits, "categories": {k: {"score": None if k == "seo" else 0.9, "auditRefs": refs}
                                               for k in ("performance", "accessibility", "best-practices", "seo")}}
    run = parse_report(report)
    assert run.tbt_ms == 123.4 and run.scores["seo"] == 0.0 and run.scores["performance"] == 0.9
    assert run.failed == ["image-alt", "total-blocking-time"]


def test_select_pages() -> None:
    available = ["", "comparison/", "options/kms-standard/", "404.html"]
    assert select_pages(available, None) == available
    assert select_pages(available, ["404.html", "/", "comparison", "/options/kms-standard/"]) == available
    assert select_pages(available, ["index"]) == [""]
    with pytest.raises(ValueError, match="no page 'nowhere'"):
        select_pages(available, ["nowhere"])


def test_stock_lighthouse_is_a_reference_row_with_score_and_tbt() -> None:
    measured = stock_row(LighthouseRun({"performance": 0.98, "accessibility": 1.0}, 138.4, []), 3)
    assert measured.item.endswith("(median of 3)") and "stock Material" in measured.item
    assert (measured.result, measured.target, measured.met) == ("P 0.98, TBT 138 ms", "", None)
    assert stock_row(LighthouseRun({"performance": 0.5}, None, []), 1).result == "P 0.50, TBT not measured"
