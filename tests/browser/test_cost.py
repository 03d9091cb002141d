"""The calculator and the chart in a browser: prefilled from the data, sane on any input, readable labels."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import copied_text, page_errors, violations

pytestmark = pytest.mark.browser


def _calc(tab: Any, site_url: str, query: str = "") -> Any:
    tab.goto(site_url + "cost/" + query)
    tab.locator(".kg-calc[data-ready]").wait_for()
    return tab


def _cell(tab: Any, part: str, option: str) -> str:
    return tab.locator(f'.kg-calc-out td[data-part="{part}"][data-option="{option}"]').inner_text()


def test_the_calculator_is_prefilled_for_a_two_hsm_cluster_in_us_east_1(page: Any, site_url: str) -> None:
    _calc(page, site_url)
    assert page.locator(".kg-calc select[name=region]").input_value() == "us-east-1"
    assert page.locator(".kg-calc input[name=rate]").input_value() == "1.6"
    assert _cell(page, "total", "cloudhsm-direct") == "$2,336"
    assert "third-party copy" in page.locator(".kg-calc-evidence").inner_text()
    assert page.locator('select[name=hsm_type] option[value="hsm1.medium"]').is_disabled()
    assert violations(page) == []


@pytest.mark.parametrize(("query", "expected"), [("?keys=10", "Break-even: with these inputs, AWS KMS alone costs less"),
                                                 ("?keys=10000", "No break-even: with these inputs the KMS key charges")])
def test_break_even_is_stated_only_when_it_exists(page: Any, site_url: str, query: str, expected: str) -> None:
    _calc(page, site_url, query)
    assert expected in page.locator(".kg-calc-breakeven").inner_text()


@pytest.mark.parametrize("query", ["?keys=1e308", "?requests=1e308", "?hsms=0", "?rate=0", "?hours=-5", "?keys=abc"])
def test_out_of_range_input_gives_a_message_never_infinity_or_nan(page: Any, site_url: str, query: str) -> None:
    with page_errors(page) as errors:
        _calc(page, site_url, query)
        message = page.locator(".kg-calc-error")
        assert message.is_visible() and "enter" in message.inner_text()
        text = page.locator("article").inner_text() + page.evaluate("document.querySelector('.kg-chart').outerHTML")
        for bad in ("∞", "Infinity", "NaN", "e+"):
            assert bad not in text, bad
        page.locator(".kg-calc input[name=keys]").fill("5")
    assert not errors


def test_an_unknown_region_falls_back_with_a_note_and_keeps_working(page: Any, site_url: str) -> None:
    with page_errors(page) as errors:
        _calc(page, site_url, "?region=eu-west-9")
        assert "no prices for the Region" in page.locator(".kg-calc-error").inner_text()
        assert page.locator(".kg-calc select[name=region]").input_value() == "us-east-1"
        page.locator(".kg-calc input[name=keys]").fill("20")
        assert _cell(page, "total", "kms-standard").startswith("$")
    assert not errors


def test_choosing_a_region_prefills_its_rate_and_marks_unpriced_requests(page: Any, site_url: str) -> None:
    _calc(page, site_url)
    page.locator(".kg-calc select[name=region]").select_option("eu-west-1")
    assert page.locator(".kg-calc input[name=rate]").input_value() == "1.47"
    # A million requests, beyond the free tier: the key charges are known, the request charges are not.
    assert _cell(page, "kms", "kms-standard") == "at least $10.00; requests unpriced"
    assert _cell(page, "total", "kms-cloudhsm-key-store") == "at least $2,156; KMS requests unpriced"
    page.locator(".kg-calc input[name=rate]").fill("2")
    assert "You entered the HSM-hour rate yourself" in page.locator(".kg-calc-evidence").inner_text()
    assert _cell(page, "total", "cloudhsm-direct") == "$2,920"


def test_a_shared_link_with_the_listed_rate_is_not_called_the_readers_own(page: Any, site_url: str) -> None:
    # The address after choosing Frankfurt carries the rate the calculator filled in for it.
    _calc(page, site_url)
    page.locator(".kg-calc select[name=region]").select_option("eu-central-1")
    shared = page.url.removeprefix(site_url + "cost/")
    assert "rate=" in shared
    _calc(page, site_url, shared)
    assert "yourself" not in page.locator(".kg-calc-evidence").inner_text()
    _calc(page, site_url, "?region=eu-central-1&rate=9")
    assert "You entered the HSM-hour rate yourself" in page.locator(".kg-calc-evidence").inner_text()


@pytest.mark.parametrize("size", ["page", "phone"])
def test_a_copied_result_link_opens_on_the_same_result(request: pytest.FixtureRequest, site_url: str, size: str) -> None:
    tab = _calc(request.getfixturevalue(size), site_url)
    tab.locator(".kg-calc input[name=hsms]").fill("3")
    total = _cell(tab, "total", "cloudhsm-direct")
    link = copied_text(tab, tab.get_by_role("button", name="Copy link to calculator-result").click)
    assert "hsms=3" in link and link.endswith("#calculator-result")
    # A second tab of the fixture's warm context, closed here: the fixture resets only its own tab.
    fresh = tab.context.new_page()
    try:
        _calc(fresh, site_url, link.removeprefix(site_url + "cost/"))
        assert _cell(fresh, "total", "cloudhsm-direct") == total != "$2,336"
        # It lands on the result, not on the form above it.
        box = fresh.locator("#calculator-result").bounding_box()
        assert box is not None and 0 <= box["y"] < fresh.viewport_size["height"] / 2, box
    finally:
        fresh.close()


def test_the_scenario_table_follows_the_chosen_region(page: Any, site_url: str) -> None:
    page.goto(site_url + "cost/")
    page.locator("[data-widget=scenarios][data-ready]").wait_for()
    pick = page.locator(".kg-region-pick select")
    total = page.locator('#small-app td[data-option="cloudhsm-direct"] .kg-total')
    assert total.inner_text() == "$2,336"
    pick.select_option("eu-central-1")
    assert total.inner_text() == "$2,803"
    assert page.locator('#small-app td[data-option="kms-standard"] .kg-total').inner_text() == "at least $10.00; KMS requests unpriced"
    # The caption names the Region and rate the figures now use, not the build's default.
    caption = page.locator(".kg-scenario-table caption").inner_text()
    assert caption.startswith("Europe (Frankfurt) (eu-central-1) list prices"), caption
    assert "us-east-1" not in caption and "$1.60" not in caption, caption
    # So do the breakdowns behind "How": no figure from another Region is left in them.
    how = page.locator('#small-app td[data-option="cloudhsm-direct"] .kg-more-info p').text_content()
    assert how == "2 HSMs × 730 h × $1.92 = $2,803.", how
    how = page.locator('#small-app td[data-option="kms-standard"] .kg-more-info p').text_content()
    assert how.startswith("AWS KMS keys $10.00, requests not priced here"), how


@pytest.mark.parametrize("width", [1280, 390])
def test_chart_labels_are_legible_and_never_overlap(browser: Any, site_url: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    tab.goto(site_url + "cost/#kms-cost-chart")
    boxes = tab.evaluate("""() => [...document.querySelectorAll('.kg-chart text, .kg-legend li')]
        .map(el => { const r = el.getBoundingClientRect(); const svg = el.closest('svg');
                     const scale = svg ? svg.getBoundingClientRect().width / svg.viewBox.baseVal.width : 1;
                     return {t: el.textContent, x: r.x, y: r.y, w: r.width, h: r.height,
                             size: parseFloat(getComputedStyle(el).fontSize) * scale}; })""")
    # The break-even label, in the SVG's own units, against points every unit along every cost line.
    crossed = tab.evaluate("""() => {
      const note = document.querySelector('.kg-chart .kg-note-text').getBBox();
      return [...document.querySelectorAll('.kg-chart path.kg-line')].flatMap(path => {
        const hits = [];
        for (let d = 0; d <= path.getTotalLength(); d += 1) {
          const p = path.getPointAtLength(d);
          if (p.x >= note.x && p.x <= note.x + note.width && p.y >= note.y && p.y <= note.y + note.height) hits.push([p.x, p.y]);
        }
        return hits;
      });
    }""")
    context.close()
    assert not crossed, f"a cost line runs through the break-even label at {crossed[:3]}"
    assert len(boxes) > 10
    for i, a in enumerate(boxes):
        assert a["size"] >= 9, f"{a['t']!r} is {a['size']:.1f} px at {width} px"
        for b in boxes[i + 1:]:
            apart = a["x"] + a["w"] <= b["x"] or b["x"] + b["w"] <= a["x"] or a["y"] + a["h"] <= b["y"] or b["y"] + b["h"] <= a["y"]
            assert apart, f"{a['t']!r} overlaps {b['t']!r} at {width} px"
    assert any(b["t"].startswith("$") for b in boxes), "no dollar values on the axis"


def test_the_chart_says_first_what_it_is_drawn_for(page: Any, site_url: str) -> None:
    # Above the plot, before its break-even label: the Region and inputs, which the calculator does not change.
    _calc(page, site_url, "?region=eu-central-1")
    heading = page.locator("#cost-chart > .kg-chart-for")
    assert heading.inner_text().startswith("US East (N. Virginia) (us-east-1) list prices, 10 KMS keys")
    assert heading.bounding_box()["y"] < page.locator("#cost-chart svg.kg-chart").bounding_box()["y"]


def test_on_a_phone_the_results_start_within_a_screen_of_the_first_field(phone: Any, site_url: str) -> None:
    # Short fields share a row and their boxes line up, so a reader sees the totals after one screen of inputs.
    _calc(phone, site_url)
    rows = phone.evaluate("""() => {
      const tops = [...document.querySelectorAll('.kg-calc-form input')].map(i => Math.round(i.getBoundingClientRect().top));
      const form = document.querySelector('.kg-calc-form').getBoundingClientRect().top;
      return {tops, gap: document.querySelector('.kg-calc-out').getBoundingClientRect().top - form, screen: innerHeight};
    }""")
    pairs = list(zip(rows["tops"][1::2], rows["tops"][2::2], strict=False))  # after the HSM type, two boxes a row
    assert pairs and all(a == b for a, b in pairs), rows["tops"]
    assert rows["gap"] <= rows["screen"], f"results start {rows['gap']:.0f} px below the first field"


def test_no_calculator_field_runs_under_another(page: Any, site_url: str) -> None:
    # The longest Region name once widened its box under the HSM type's.
    _calc(page, site_url, "?region=eu-central-1")
    boxes = page.evaluate("""() => [...document.querySelectorAll('.kg-calc-form :is(input, select)')]
      .map(el => { const r = el.getBoundingClientRect(); return [el.name, r.left, r.right, r.top, r.bottom]; })""")
    for i, (name, left, right, top, bottom) in enumerate(boxes):
        for other, l2, r2, t2, b2 in boxes[i + 1:]:
            assert right <= l2 or r2 <= left or bottom <= t2 or b2 <= top, f"{name} overlaps {other}"


@pytest.mark.parametrize("width", [1280, 390])
def test_the_scenario_table_fits_in_every_region(browser: Any, site_url: str, width: int) -> None:
    # Outside us-east-1 a total names what is unpriced; the longer text must wrap, not push columns off the page.
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    tab.goto(site_url + "cost/")
    tab.locator("[data-widget=scenarios][data-ready]").wait_for()
    tab.locator(".kg-region-pick select").select_option("eu-central-1")
    tab.wait_for_function("() => document.querySelector('.kg-scenario-table caption').textContent.includes('eu-central-1')")
    wide = tab.evaluate("""(() => { const w = document.querySelector('.kg-scenarios .kg-table-wrap');
      return [w.scrollWidth, w.clientWidth]; })()""")
    context.close()
    assert wide[0] <= wide[1] + 1, f"the scenario table is {wide[0]} px wide in {wide[1]} px at {width} px"


def test_the_helpers_reason_for_a_scenario_opens_at_the_outcome(page: Any, site_url: str) -> None:
    page.goto(site_url + "cost/")
    link = page.locator("#tls-offload a", has_text="The helper explains").first
    link.evaluate("a => a.closest('details').open = true")
    link.click()
    page.wait_for_selector(".kg-result:not([hidden]) .kg-outcome-title[data-option=cloudhsm-direct]")
    # Brought into view once drawn (it was hidden when the browser looked for #kg-result).
    page.wait_for_function("() => Math.abs(document.querySelector('#kg-result').getBoundingClientRect().top) < 200")
