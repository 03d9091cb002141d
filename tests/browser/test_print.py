"""Printing for a review board: the comparison in landscape on a few pages with the guide's name, data date and
address in the margins; a decision outcome on one or two pages with the answers, reasons and sources."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser
OUT = Path(__file__).resolve().parents[2] / "reports" / "print"


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def _print(tab: Any, name: str) -> bytes:
    tab.emulate_media(media="print")
    tab.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    pdf = tab.pdf(prefer_css_page_size=True, print_background=False)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{name}.pdf").write_bytes(pdf)
    return pdf


def test_the_comparison_prints_as_a_landscape_review_pack(page: Any, site_url: str) -> None:
    page.goto(site_url + "comparison/")
    page.wait_for_selector(".kg-matrix-wrap[data-mounted]")
    page.emulate_media(media="print")
    sheet = page.evaluate("""() => [...document.styleSheets].filter(s => s.href && s.href.includes('/assets/print/'))
        .flatMap(s => [...s.cssRules].map(r => r.cssText)).join(' ')""")
    assert "landscape" in sheet and "KMS or CloudHSM?" in sheet and "Data checked" in sheet and "comparison/" in sheet
    first = page.evaluate("document.querySelector('.kg-matrix').getBoundingClientRect().top")
    assert first < 400, "the first printed page is mostly blank"
    hidden = page.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.md-footer', '.kg-filter', '.kg-copy']
        .filter(s => document.querySelector(s) && getComputedStyle(document.querySelector(s)).display !== 'none')""")
    assert hidden == []
    pages = _pages(_print(page, "comparison"))
    assert 1 <= pages <= 12, f"the comparison prints on {pages} pages"
    # A picture of the print layout, an A4 landscape page wide at 96 dpi, beside the PDF (CI keeps reports/); the
    # page margins with the guide's name, date and address are in the PDF only.
    page.set_viewport_size({"width": 1123, "height": 794})
    page.screenshot(path=str(OUT / "comparison-print-layout.png"))
    assert (OUT / "comparison-print-layout.png").stat().st_size > 10_000


@pytest.mark.parametrize("query", ["users=aws-services&hsm-control=single-tenant", "job=keys&users=hsm-apis"])
def test_a_decision_outcome_prints_on_one_or_two_pages(page: Any, site_url: str, query: str) -> None:
    page.goto(site_url + "helper/?" + query)
    page.wait_for_selector(".kg-result:not([hidden]) .kg-outcome-title")
    page.emulate_media(media="print")
    assert page.locator(".kg-helper-form").is_hidden()
    assert page.locator(".kg-outcome-title").is_visible()
    assert page.locator(".kg-answered li").count() > 3  # the requirements as answered
    assert page.locator(".kg-result-sources li").count() > 0
    pages = _pages(_print(page, "decision-outcome-" + query.split("=")[-1]))
    assert 1 <= pages <= 2, f"the outcome prints on {pages} pages"


def test_a_printed_choice_of_columns_says_what_it_leaves_out(page: Any, site_url: str) -> None:
    page.goto(site_url + "comparison/?options=kms-standard,cloudhsm-direct")
    page.wait_for_selector(".kg-matrix-wrap[data-mounted]")
    page.emulate_media(media="print")
    text = page.locator("p.kg-print-only").first.inner_text()
    assert "shows only KMS standard and CloudHSM direct; the full table compares all 5 options" in text, text
    # Paper gets no screen instructions (nor the headings' "(change)" button), and an address where the screen
    # had a link.
    assert page.locator(".kg-screen-only").is_hidden()
    assert page.locator(".kg-matrix .kg-shown").is_hidden()
    address = page.evaluate("getComputedStyle(document.querySelector('a.kg-print-address'), '::after').content")
    assert site_url + "criteria/" in address
