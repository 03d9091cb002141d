"""The browser fixtures themselves: a warm tab handed to the next test is as clean as a new one."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import PHONE, _as_new, page_errors

pytestmark = pytest.mark.browser

STATE = "[localStorage.getItem('kg-test'), sessionStorage.getItem('kg-test'), matchMedia('print').matches, innerWidth]"


def test_a_reused_tab_starts_each_test_as_a_new_one(_warm_phone: tuple[Any, Any], site_url: str) -> None:
    first = _as_new(_warm_phone, PHONE)
    tab = next(first)
    tab.goto(site_url)
    tab.evaluate("localStorage.setItem('kg-test', 'left over'); sessionStorage.setItem('kg-test', 'left over')")
    tab.set_viewport_size({"width": 800, "height": 600})
    tab.emulate_media(media="print")
    tab.route("**/*.css", lambda route: route.abort())
    assert tab.evaluate(STATE) == ["left over", "left over", True, 800]
    first.close()  # the end of a test: the fixture's clean-up runs

    second = _as_new(_warm_phone, PHONE)
    tab = next(second)
    assert tab.url == "about:blank"
    with page_errors(tab) as errors:
        tab.goto(site_url)
        assert tab.evaluate(STATE) == [None, None, False, PHONE["width"]]
        # No route is left: the stylesheets load, so Material's header is laid out as a bar, not as plain text.
        assert tab.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in {"sticky", "fixed"}
    assert not errors
    second.close()


def test_page_errors_stops_listening_when_the_block_ends(page: Any, site_url: str) -> None:
    page.goto(site_url)
    # Each block ends once the tab has reported its error, so nothing is left in flight when the list is read.
    with page_errors(page) as errors, page.expect_event("pageerror"):
        page.evaluate("setTimeout(() => { throw new Error('inside') })")
    with page.expect_event("pageerror"):
        page.evaluate("setTimeout(() => { throw new Error('outside') })")
    assert errors == ["uncaught exception: inside"]
