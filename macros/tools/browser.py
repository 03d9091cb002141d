"""What every tool that drives Chromium shares: the browser, its launch flags, the page sizes and axe-core.

The browser tests and the benchmark both import from here, so there is one set of flags and one way to run axe.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
#: No background traffic: this machine's network is closed, and a test must see only the local server.
CHROME_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run"]
SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# Every rule axe enables by default, plus WCAG 2.2's target size, which Lighthouse's accessibility score counts.
AXE_OPTIONS = "{resultTypes: ['violations'], rules: {'target-size': {enabled: true}}}"


@cache
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


#: The rules a second palette can change: only colours differ between Material's light and dark schemes.
COLOUR_RULES = "{resultTypes: ['violations'], runOnly: {type: 'rule', values: ['color-contrast', 'link-in-text-block']}}"


def axe_violations(tab: Any, colours_only: bool = False, within: str | None = None) -> list[dict[str, Any]]:
    """axe-core's violations on the page in ``tab`` (every default rule, or the colour rules only), in the whole
    document or only in the elements the selector ``within`` matches. axe is evaluated through the DevTools
    protocol, which the page's Content-Security-Policy does not govern (a <script> tag with axe's code would be
    refused, rightly)."""
    if not tab.evaluate("typeof window.axe !== 'undefined'"):
        tab.evaluate(f"() => {{ {_axe_source()} \n}}")
    options = COLOUR_RULES if colours_only else AXE_OPTIONS
    return tab.evaluate(f"within => axe.run(within ? {{include: [within]}} : document, {options}).then(r => r.violations)",
                        within)
