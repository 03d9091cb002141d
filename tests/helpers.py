"""Shared test helpers: building the site and reading its pages."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = [sys.executable, "-m", "mkdocs"]


def build(dest: Path, data_dir: Path | None = None, config: Path | None = None) -> subprocess.CompletedProcess[str]:
    """A strict build exactly as CI runs it (no -q/-v: they hide warnings or skip anchor checks)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if data_dir is not None:
        env["GUIDE_DATA_DIR"] = str(data_dir)
    cmd = [*MKDOCS, "build", "--strict", "-d", str(dest), "-f", str(config or ROOT / "mkdocs.yml")]
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


@dataclass
class Page:
    path: Path
    url: str  # site-relative URL of the page, e.g. "comparison/"

    @cached_property
    def soup(self) -> BeautifulSoup:
        return BeautifulSoup(self.path.read_text(encoding="utf-8"), "lxml")

    @cached_property
    def ids(self) -> set[str]:
        return {el["id"] for el in self.soup.find_all(id=True)}


def pages(site: Path) -> list[Page]:
    out = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        url = "" if rel == "index.html" else rel.removesuffix("index.html")
        out.append(Page(path, url))
    return out
