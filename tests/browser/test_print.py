"""The comparison and decision pages print on A4 and Letter: nothing cut off, sources' URLs visible, no navigation."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

PAGES = ["comparison/", "decision/"]
OUT = Path(__file__).resolve().parents[2] / "reports" / "print"


def _pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("path", PAGES)
def test_prints_without_cut_off_tables(page: Any, site_url: str, path: str, paper: str) -> None:
    page.goto(site_url + path)
    page.emulate_media(media="print")
    overflowing = page.evaluate("""() => [...document.querySelectorAll('article table')]
        .filter(t => t.getBoundingClientRect().right > document.querySelector('article').getBoundingClientRect().right + 1)
        .map(t => t.className || t.parentElement.className)""")
    assert overflowing == [], f"tables wider than the printed page: {overflowing}"
    hidden = page.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.md-footer', '.kg-filter', '.kg-copy']
        .filter(s => document.querySelector(s))
        .filter(s => getComputedStyle(document.querySelector(s)).display !== 'none')""")
    assert hidden == [], f"screen-only elements still print: {hidden}"
    url_shown = page.evaluate("""() => getComputedStyle(document.querySelector('a.kg-src'), '::after').content""")
    assert "attr(href)" in url_shown or "http" in url_shown, "source URLs are not printed"
    pdf = page.pdf(format=paper, print_background=False)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{path.strip('/')}-{paper}.pdf").write_bytes(pdf)
    pages = _pdf_pages(pdf)
    assert 1 <= pages <= 60, f"{path} prints on {pages} {paper} pages"
