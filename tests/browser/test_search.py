"""Material's own search, typed into the search box as a reader would, lands on the row that answers the query."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.search_cases import CASES, TOP, TOP3, TOP_THREE

pytestmark = pytest.mark.browser


def _results(page: Any, query: str) -> list[str]:
    box = page.locator("input.md-search__input")
    box.click()
    box.press("Control+a")
    box.press("Backspace")
    # The previous query's results must be gone first, or they would be read as this query's.
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length === 0")
    # Material searches on key events, not on `input`: the whole query goes in at once and one key press sends it,
    # so the first result count shown after the empty state belongs to this query and no other.
    box.fill(query)
    box.press("End")
    page.wait_for_function("""q => document.querySelector('.md-search__input').value === q
        && document.querySelector('.md-search-result__meta').textContent.match(/\\d/)
        && document.querySelector('.md-search-result__item a')""", arg=query)
    hrefs = page.eval_on_selector_all(".md-search-result__item a", "els => els.map(e => e.href)")
    out = []
    for href in hrefs:
        parts = urlsplit(href)
        out.append(parts.path.lstrip("/") + (f"#{parts.fragment}" if parts.fragment else ""))
    return out


def _misses(page: Any, cases: dict[str, set[str]], top: int) -> list[str]:
    """The queries whose first ``top`` results hold none of their expected places, each with what came instead."""
    misses = []
    for query, expected in cases.items():
        first = _results(page, query)[:top]
        if not expected & set(first):
            misses.append(f"{query!r}: expected one of {sorted(expected)} in {first}")
    return misses


def test_typical_factual_queries_find_their_row_in_the_top_three(page: Any, site_url: str) -> None:
    page.goto(site_url)
    failures = _misses(page, TOP3, TOP_THREE)
    assert not failures, "\n".join(failures)


def test_every_query_finds_its_section(page: Any, site_url: str) -> None:
    page.goto(site_url)
    failures = _misses(page, CASES, TOP)
    assert not failures, "\n".join(failures)
