"""Answer first: the home page says what to use on its first screen, and pages stay within a reading budget
(visible words, every disclosure closed)."""

from __future__ import annotations

from typing import Any

import pytest

from macros.loader import Guide

pytestmark = pytest.mark.browser

#: Words a reader sees with every disclosure closed: text nodes that are rendered, in the page's article.
VISIBLE_WORDS = """() => {
  const article = document.querySelector('article');
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  let words = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || !el.checkVisibility({ visibilityProperty: true, contentVisibilityAuto: true })) continue;
    if (el.closest('details:not([open]) > :not(summary)')) continue;
    words += (node.textContent.match(/[\\p{L}\\p{N}][\\p{L}\\p{N}'’.,%$#/-]*/gu) || []).length;
  }
  return words;
}"""

BUDGETS = {"comparison/": 4000, "helper/": 1500}


#: The helper shows its outcome once its script has read the outcome index: its words count too.
OUTCOME_SHOWN = "() => [...document.querySelectorAll('.kg-result')].every((r) => !r.hidden)"


def _words(tab: Any, url: str) -> int:
    tab.goto(url)
    tab.wait_for_function(OUTCOME_SHOWN)
    return tab.evaluate(VISIBLE_WORDS)


@pytest.mark.parametrize(("path", "budget"), BUDGETS.items())
def test_pages_stay_within_their_reading_budget(page: Any, site_url: str, path: str, budget: int) -> None:
    words = _words(page, site_url + path)
    assert 100 < words <= budget, f"/{path}: {words} visible words, budget {budget}"


def test_every_option_page_stays_within_its_budget(page: Any, site_url: str, guide: Guide) -> None:
    for option in guide.options:
        words = _words(page, f"{site_url}options/{option.id}/")
        assert 100 < words <= 1500, f"/options/{option.id}/: {words} visible words"


@pytest.mark.parametrize("size", [(1280, 800), (390, 844)])
def test_the_first_screen_answers_and_offers_the_helper(browser: Any, site_url: str, size: tuple[int, int]) -> None:
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    tab = context.new_page()
    tab.goto(site_url)
    lead = tab.locator(".kg-answer-lead").bounding_box()
    button = tab.locator(".kg-actions .md-button--primary").bounding_box()
    context.close()
    assert lead is not None and button is not None
    assert lead["y"] + lead["height"] <= size[1] and button["y"] + button["height"] <= size[1]


def test_one_click_from_home_to_a_recommendation(page: Any, site_url: str) -> None:
    page.goto(site_url)
    page.locator(".kg-actions .md-button--primary").click()
    page.wait_for_selector(".kg-result:not([hidden]) .kg-outcome-title")
    assert "Recommended" in page.locator(".kg-outcome-title").inner_text()
