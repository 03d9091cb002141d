"""Shared test helpers: building the site and reading its pages."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from macros.tools.sitecheck import SitePage

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = [sys.executable, "-m", "mkdocs"]


def build(dest: Path, data_dir: Path | None = None, config: Path | None = None) -> subprocess.CompletedProcess[str]:
    """A strict build exactly as CI runs it (no -q/-v: they hide warnings or skip anchor checks)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if data_dir is not None:
        env["GUIDE_DATA_DIR"] = str(data_dir)
    cmd = [*MKDOCS, "build", "--strict", "-d", str(dest), "-f", str(config or ROOT / "mkdocs.yml")]
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


# The site checker already knows how to find and parse built pages: the tests use the same code.
Page = SitePage
