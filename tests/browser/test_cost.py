"""The calculator applies the same model as the Python build: same numbers on every scenario, sane on bad input."""

from __future__ import annotations

import itertools
from dataclasses import asdict
from typing import Any

import pytest

from macros.cost import Workload, break_even_requests, money, monthly_cost
from macros.loader import Guide
from tests.browser.conftest import MARKER

RATES = [None, 0.5, 1.7, 3.25]


def _workloads(guide: Guide) -> list[Workload]:
    out = [Workload.from_scenario(sc, rate) for sc, rate in itertools.product(guide.pricing.scenarios, RATES)]
    # Edge cases: free-tier boundary, prorated month, many rotations, a large cluster, nothing at all.
    out += [Workload("us-east-1", 1, 20_000, 0, 2, 730, 1.0), Workload("us-east-1", 3, 20_001, 7, 2, 100, None),
            Workload("us-east-1", 0, 0, 0, 6, 730, 2.0), Workload("us-east-1", 5000, 10**10, 2, 28, 744, 0.75)]
    return out


@pytest.fixture
def cost_page(page: Any, site_url: str) -> Any:
    page.goto(site_url + "cost/")
    page.wait_for_function("() => window.kgCost !== undefined")
    return page


def test_browser_and_python_agree_on_every_scenario(cost_page: Any, guide: Guide, site_url: str) -> None:
    workloads = _workloads(guide)
    assert len(workloads) >= 20
    options = [o.id for o in guide.options]
    js = cost_page.evaluate(
        """async ([url, workloads, options]) => {
            const p = await (await fetch(url)).json();
            return workloads.map((w) => ({
              costs: options.map((o) => window.kgCost.monthlyCost(p, o, w)),
              breakEven: window.kgCost.breakEven(p, w),
            }));
        }""",
        [site_url + "data/pricing.json", [asdict(w) for w in workloads], options],
    )
    mismatches = []
    for w, result in zip(workloads, js, strict=True):
        for opt, got in zip(options, result["costs"], strict=True):
            want = monthly_cost(guide.pricing, opt, w)
            for field in ("kms", "hsm", "total", "hsm_hours"):
                a, b = getattr(want, field), got[field]
                if (a is None) != (b is None) or (a is not None and abs(a - b) > 1e-9):
                    mismatches.append(f"{w} {opt} {field}: python {a} browser {b}")
        be = break_even_requests(guide.pricing, w)
        if (be is None) != (result["breakEven"] is None) or (be is not None and abs(be - result["breakEven"]) > 1e-6):
            mismatches.append(f"{w} break-even: python {be} browser {result['breakEven']}")
    assert not mismatches, "\n".join(mismatches[:10])


def _fill(page: Any, **values: str) -> None:
    for name, value in values.items():
        page.fill(f".kg-calc-form [name={name}]", value)
    page.wait_for_timeout(100)


def test_form_shows_the_scenario_table_numbers(cost_page: Any, guide: Guide) -> None:
    sc = guide.pricing.scenarios[1]
    _fill(cost_page, keys=str(sc.keys), requests=str(sc.symmetric_requests), rotations=str(sc.rotations),
          hsms=str(sc.hsm_count), hours=f"{sc.hours:g}", rate="1.25")
    for opt in guide.options:
        want = monthly_cost(guide.pricing, opt.id, Workload.from_scenario(sc, 1.25))
        cell = cost_page.locator(f".kg-calc-out td[data-option='{opt.id}']").inner_text()
        assert cell.startswith(money(want.total)), (opt.id, cell)
    assert cost_page.locator(".kg-calc-chart svg path").count() == len(guide.options)


@pytest.mark.parametrize(("field", "value"), [("keys", "-3"), ("requests", ""), ("requests", "1e400"), ("hours", "0"), ("rate", "-1"),
                                              ("rotations", "1.5")])
def test_impossible_input_shows_a_message_never_nan(cost_page: Any, field: str, value: str) -> None:
    _fill(cost_page, **{field: value})
    error = cost_page.locator(".kg-calc-error")
    assert error.is_visible() and error.inner_text().strip()
    text = cost_page.locator(".kg-calc").inner_text()
    assert "NaN" not in text and "Infinity" not in text and "undefined" not in text


def test_inputs_survive_a_shared_link(cost_page: Any) -> None:
    _fill(cost_page, keys="42", requests="123456789", rate="2.5", hsms="3")
    url = cost_page.url
    assert "keys=42" in url and "rate=2.5" in url
    before = cost_page.locator(".kg-calc-out tbody").inner_text()
    cost_page.goto(url, wait_until="load")
    cost_page.wait_for_function("(want) => document.querySelector('.kg-calc-out tbody')?.innerText === want", arg=before)
    assert cost_page.input_value(".kg-calc-form [name=keys]") == "42"


@pytest.mark.parametrize("start", ["", "cost/"], ids=["from-home", "from-a-full-load-of-the-cost-page"])
def test_calculator_mounts_once_after_instant_navigation(instant_tab: Any, guide: Guide, site_url: str,
                                                         start: str) -> None:
    """cost.js is loaded by the cost page itself, deferred, possibly before Material's bundle: reached without a
    reload, first or again, the calculator mounts exactly once and computes."""
    tab = instant_tab.tab
    if start:
        tab.goto(site_url + start, wait_until="networkidle")
        tab.evaluate(f"{MARKER} = true")
    for label, path in (("Cost", "cost/"), ("Quotas and performance", "quotas/"), ("Cost", "cost/")):
        tab.locator("nav.md-nav--primary a.md-nav__link", has_text=label).first.click()
        tab.wait_for_url(f"**/{path}")
    tab.wait_for_selector(".kg-calc[data-mounted]")
    assert tab.evaluate(f"{MARKER} === true"), "the page reloaded: instant navigation did not handle the click"
    assert tab.locator(".kg-calc-form").count() == 1
    sc = guide.pricing.scenarios[1]
    _fill(tab, keys=str(sc.keys), requests=str(sc.symmetric_requests), rotations=str(sc.rotations),
          hsms=str(sc.hsm_count), hours=f"{sc.hours:g}", rate="1.25")
    want = monthly_cost(guide.pricing, guide.options[0].id, Workload.from_scenario(sc, 1.25))
    cell = tab.locator(f".kg-calc-out td[data-option='{guide.options[0].id}']").inner_text()
    assert cell.startswith(money(want.total)), cell
    assert tab.locator(".kg-calc-chart svg").count() == 1, "the calculator drew its chart twice: it mounted twice"
    assert not instant_tab.errors, instant_tab.errors
