"""Instant navigation swaps page content without a reload: the guide's widgets must mount again, exactly once.

guide.js re-runs on Material's document$ after each swap. A mount that is not idempotent shows up here as a
second filter or a second "Copy link" button; one that never re-runs shows up as a missing filter.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest

from tests.browser.conftest import MARKER, InstantTab, violations

pytestmark = pytest.mark.browser


def _assert_no_reload(tab: Any) -> None:
    assert tab.evaluate(f"{MARKER} === true"), "the page reloaded: instant navigation did not handle the click"


def _arrive(tab: Any, path: str) -> None:
    """Wait until the content swap for ``path`` has landed, not just the URL (Material pushes it first)."""
    tab.wait_for_url(f"**/{path}")
    # Material swaps the head too: the canonical link names the page whose content is now in place.
    tab.wait_for_function("p => document.querySelector('link[rel=canonical]').href.endsWith('/' + p)", arg=path)


def _open_by_nav(tab: Any, label: str, path: str) -> None:
    """Click a page's entry in the side navigation and wait for its content. The sidebar lists the current section
    only (section tabs on wide screens): for a page in another section, its tab is followed first. Every page these
    tests open is in the "Decide" section."""
    entry = tab.locator("nav.md-nav--primary a.md-nav__link:visible", has_text=label)
    if entry.count() == 0:
        tab.locator("a.md-tabs__link", has_text="Decide").click()
        entry.first.wait_for()
    entry.first.click()
    _arrive(tab, path)


def _assert_widgets_work(tab: Any) -> None:
    filters = tab.locator(".kg-filter")
    filters.first.wait_for()
    assert filters.count() == 1, f"{filters.count()} option filters on the comparison page, expected one"
    box = filters.locator("input[type=checkbox]").first
    option = box.get_attribute("value")
    cells = tab.locator(f".kg-matrix-wrap [data-option='{option}']")
    assert cells.count() > 1 and box.is_checked()
    box.uncheck()
    hidden = tab.evaluate("o => [...document.querySelectorAll(`.kg-matrix-wrap [data-option='${o}']`)].every(c => c.hidden)",
                          option)
    assert hidden, f"unticking {option!r} did not hide its column"
    assert "options=" in tab.url, "the filtered view is not kept in the URL"
    box.check()
    assert tab.locator(f".kg-matrix-wrap [data-option='{option}'][hidden]").count() == 0


def _assert_one_copy_button_per_anchor(tab: Any) -> None:
    # guide.js mounts after the swap: wait for every anchor to have its button, then require exactly one each.
    tab.wait_for_function("() => [...document.querySelectorAll('[data-anchor]')].every(el => el.querySelector('.kg-copy'))")
    counts = tab.evaluate(
        "() => [...document.querySelectorAll('[data-anchor]')].map(el => el.querySelectorAll('.kg-copy').length)"
    )
    assert counts, "no [data-anchor] element on the page"
    assert set(counts) == {1}, f"copy-link buttons per anchor: {sorted(set(counts))}, expected exactly one each"


def test_widgets_survive_instant_navigation(instant_tab: InstantTab, site_url: str) -> None:
    tab = instant_tab.tab
    _open_by_nav(tab, "Comparison", "comparison/")
    _assert_no_reload(tab)
    _assert_widgets_work(tab)
    _assert_one_copy_button_per_anchor(tab)

    # Away through the footer link, back through the section tab and the side navigation.
    following = tab.locator("a.md-footer__link--next")
    # Material rewrites hrefs to absolute URLs: keep the path below the site root, e.g. "criteria/".
    away = urlsplit(urljoin(tab.url, following.get_attribute("href"))).path.removeprefix(urlsplit(site_url).path)
    following.click()
    _arrive(tab, away)
    _open_by_nav(tab, "Comparison", "comparison/")
    _assert_no_reload(tab)
    _assert_widgets_work(tab)
    _assert_one_copy_button_per_anchor(tab)

    # And through the browser history, both ways.
    tab.go_back()
    _arrive(tab, away)
    tab.go_forward()
    _arrive(tab, "comparison/")
    _assert_no_reload(tab)
    _assert_widgets_work(tab)
    _assert_one_copy_button_per_anchor(tab)
    assert not instant_tab.errors, instant_tab.errors
    assert violations(tab) == []  # under the first page's Content-Security-Policy


def test_helper_and_calculator_mount_once_after_instant_navigation(instant_tab: InstantTab) -> None:
    tab = instant_tab.tab
    for _ in range(2):
        _open_by_nav(tab, "Decision helper", "helper/")
        tab.wait_for_selector(".kg-result:not([hidden]) .kg-outcome-title")
        assert tab.locator(".kg-result .kg-outcome").count() == 1
        tab.locator("#q-users label", has_text="Your own applications").click()
        tab.wait_for_function("() => location.search.includes('users=applications')")
        _open_by_nav(tab, "Cost", "cost/")
        tab.locator(".kg-calc[data-ready]").wait_for()
        tab.locator("[data-widget=scenarios][data-ready]").wait_for()
        assert tab.locator(".kg-region-pick:not([hidden])").count() == 1
        tab.locator(".kg-calc input[name=keys]").fill("10000")
        tab.wait_for_function("() => document.querySelector('.kg-calc-breakeven').textContent.startsWith('No break-even')")
    _assert_no_reload(tab)
    assert not instant_tab.errors, instant_tab.errors
    assert violations(tab) == []


def test_search_and_the_palette_toggle_work_under_the_policy(instant_tab: InstantTab) -> None:
    tab = instant_tab.tab
    box = tab.locator("input.md-search__input")
    box.click()
    box.press_sequentially("PKCS", delay=5)
    tab.wait_for_selector(".md-search-result__item")
    tab.keyboard.press("Escape")
    scheme = tab.evaluate("document.body.dataset.mdColorScheme")
    tab.locator("label.md-header__button[for^='__palette']:visible").first.click()
    tab.wait_for_function("s => document.body.dataset.mdColorScheme !== s", arg=scheme)
    assert violations(tab) == []
