"""Shared test helpers: building the site and reading its pages."""

from __future__ import annotations

import os
import shutil
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

VALID_DATA = ROOT / "tests" / "fixtures" / "valid"


def broken_copy(tmp: Path, file: str, old: str, new: str) -> Path:
    """A copy of the valid fixture data with one edit to ``file``: the way every bad-data test starts."""
    data = tmp / "data"
    shutil.copytree(VALID_DATA, data)
    target = data / file
    text = target.read_text(encoding="utf-8")
    assert old in text, f"fixture {file} no longer contains {old!r}: update the case"
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return data


def load_error(data: Path) -> str:
    """Load ``data``, require it to fail, and return the message (no traceback, no build: the fast path)."""
    from macros.loader import load_guide
    from macros.yamlsrc import DataError

    try:
        load_guide(data)
    except DataError as exc:
        return str(exc)
    raise AssertionError(f"loading {data} succeeded; a DataError was expected")


def copy_data(tmp: Path, source: Path = VALID_DATA) -> Path:
    """A private copy of a data folder, for a test that edits it (shared fixtures are never changed)."""
    data = tmp / "data"
    shutil.copytree(source, data)
    return data
