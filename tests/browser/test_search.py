"""Material's own search, typed into the search box as a reader would, lands on the right section."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.search_cases import CASES, TOP


def _results(page: Any, query: str) -> list[str]:
    box = page.locator("input.md-search__input")
    box.click()
    box.press("Control+a")
    box.press("Backspace")
    box.press_sequentially(query, delay=5)  # Material listens to key events: fill() is not enough
    page.wait_for_selector(".md-search-result__item")
    page.wait_for_timeout(150)
    hrefs = page.eval_on_selector_all(".md-search-result__item a", "els => els.map(e => e.href)")
    out = []
    for href in hrefs:
        parts = urlsplit(href)
        out.append(parts.path.lstrip("/") + (f"#{parts.fragment}" if parts.fragment else ""))
    return out


def test_every_query_finds_its_section(page: Any, site_url: str) -> None:
    page.goto(site_url)
    failures = []
    for query, expected in CASES.items():
        top = _results(page, query)[:TOP]
        if not expected & set(top):
            failures.append(f"{query!r}: expected one of {sorted(expected)} in {top}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(("query", "anchor"), [("quorum", "quorum-authentication"), ("CloudTrail", "audit-logging"),
                                               ("rotation", "key-rotation")])
def test_first_section_hit_opens_the_row(page: Any, site_url: str, query: str, anchor: str) -> None:
    page.goto(site_url)
    _results(page, query)
    page.locator(f'.md-search-result__item a[href*="#{anchor}"]').first.click()
    page.wait_for_url(f"**/criteria/**#{anchor}")
    heading = page.locator(f"#{anchor}")
    assert heading.is_visible()
    box = heading.bounding_box()
    assert box is not None and 0 <= box["y"] < 800, "the section is not scrolled into view"
