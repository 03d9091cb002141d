"""Every built page is valid HTML according to the Nu HTML Checker (vnu), the W3C validator's engine.

Errors that come from Material's own templates, which the guide does not own, are allow-listed one by one below,
each matched on its message and on the markup it points at, so the same mistake in the guide's own HTML still
fails.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers import ROOT, Page

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@dataclass(frozen=True)
class ThemeError:
    message: str  # regular expression on vnu's message
    extract: str  # regular expression on the markup vnu quotes
    why: str


ALLOWED = [
    # Material's drawer and search toggles are hidden checkboxes carrying autocomplete="off" so that Firefox does
    # not restore a toggled state on reload (partials in base.html); HTML allows autocomplete on text-like inputs only.
    ThemeError(r"Attribute “autocomplete” is only allowed when the input type is",
               r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox"',
               "Material's drawer/search toggle checkboxes"),
    # With navigation.sections, Material's nav-item.html renders section labels with tabindex="" (its template
    # sets the attribute only for nested, non-section levels and leaves it empty otherwise).
    ThemeError(r"Bad value “” for attribute “tabindex” on element “label”",
               r'<label class="md-nav__link" for="__nav_[0-9_]+" id="__nav_[0-9_]+_label" tabindex="">',
               "Material's navigation section labels"),
]


def _matches(entry: ThemeError, message: dict[str, str]) -> bool:
    return bool(re.search(entry.message, message.get("message", "")) and re.search(entry.extract, message.get("extract", "")))


def _allowed(message: dict[str, str]) -> bool:
    return any(_matches(entry, message) for entry in ALLOWED)


def _vnu_or_skip() -> list[str]:
    java = shutil.which("java")
    missing = "java" if java is None else (str(VNU.relative_to(ROOT)) if not VNU.exists() else "")
    if missing and os.environ.get("CI"):
        pytest.fail(f"CI=true but {missing} is missing: .ci/run installs Java, `make setup` installs node_modules")
    if missing:
        pytest.skip(f"{missing} not found: HTML validation needs Java and `make setup` (npm ci); it runs in CI")
    # The checker is a short run: the first JIT tier and the serial collector halve its CPU time (the suite shares two
    # cores with Chromium). With the first tier only, its schema evaluation needs a deeper thread stack.
    return [str(java), "-Xss8m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", str(VNU)]


def _vnu_report(site: Path) -> list[dict[str, str]]:
    """Every error vnu reports on the built site, one run for the whole folder (the JVM start dominates)."""
    cmd = [*_vnu_or_skip(), "--errors-only", "--skip-non-html", "--format", "json", str(site)]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    # vnu writes its JSON report to stderr and exits 1 when it found errors; anything else is vnu failing.
    assert result.returncode in (0, 1), f"vnu failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [m for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]


def _where(message: dict[str, str], site: Path) -> str:
    url = message.get("url", "").removeprefix("file:")
    return f"{Path(url).relative_to(site) if url else '?'}:{message.get('lastLine', '?')}"


def test_every_page_is_valid_html(site: Path) -> None:
    """One vnu run (the JVM start dominates) for the whole site, then two checks on its report."""
    vnu_errors = _vnu_report(site)
    unexpected = [m for m in vnu_errors if not _allowed(m)]
    lines = [f"{_where(m, site)}: {m['message']}\n    {m.get('extract', '').strip()}" for m in unexpected]
    assert not unexpected, f"{len(unexpected)} HTML error(s) not caused by the theme:\n" + "\n".join(lines)
    # An allow-list entry that no longer matches anything (Material fixed it) goes, rather than silently widening
    # the net. This also proves vnu really checked the pages: each entry matches on every page with navigation.
    for entry in ALLOWED:
        assert any(_matches(entry, m) for m in vnu_errors), f"theme error no longer occurs ({entry.why}): remove it"


def test_search_dialog_is_named_without_javascript(site_pages: dict[str, Page]) -> None:
    # overrides/main.html names Material's search dialog by string replacement: fail loudly if the theme's markup
    # changes and the replacement stops matching (axe: aria-dialog-name would then depend on guide.js alone).
    for url, page in site_pages.items():
        dialog = page.soup.select_one(".md-search[role=dialog]")
        assert dialog is not None and dialog.get("aria-label"), f"/{url}: search dialog has no accessible name"
