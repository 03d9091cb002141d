"""The benchmark's build comparisons: the floor project builds the same pages without the guide's work."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from macros.tools.bench import MAX_BUILD_RATIO, Builds, floor_project, summary_rows
from macros.tools.sitecheck import load_pages


def test_floor_builds_the_same_pages_without_their_content(tmp_path: Path, site: Path) -> None:
    config = floor_project(tmp_path / "floor")
    dest = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(dest)],
                            capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=300)
    assert result.returncode == 0, result.stderr
    assert set(load_pages(dest)) == set(load_pages(site))
    floor_comparison = (dest / "comparison" / "index.html").read_text(encoding="utf-8")
    real_comparison = (site / "comparison" / "index.html").read_text(encoding="utf-8")
    assert "kg-matrix-wrap" in real_comparison and "kg-matrix-wrap" not in floor_comparison
    assert not (dest / "data").exists()  # no build hook ran: nothing exported


def test_summary_reports_ratio_against_the_target_and_the_floor() -> None:
    builds = Builds(guide_seconds=[2.4, 2.6, 2.5], stock_seconds=[1.0, 1.0, 1.0], floor_seconds=[1.5, 1.4, 1.6])
    rows = {r.item: r for r in summary_rows(builds, [40.0, 60.0], 3)}
    ratio = rows["Build time ratio"]
    assert ratio.result == "2.50x" and ratio.met is (MAX_BUILD_RATIO >= 2.5)
    floor = next(r for name, r in rows.items() if name.startswith("Floor"))
    assert floor.result == "1.50 s = 1.50x stock"
