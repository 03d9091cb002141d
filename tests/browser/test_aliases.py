"""Links pasted into design reviews keep landing: renamed records, steps of the earlier decision tree, and rows
inside closed disclosures all scroll into view."""

from __future__ import annotations

from typing import Any

import pytest

from macros.loader import Guide

pytestmark = pytest.mark.browser


def _lands(tab: Any, url: str, target: str) -> None:
    tab.goto(url)
    tab.locator(f"[id='{target}']").wait_for(state="attached")
    # A former id is an empty marker inside the record it now names: measure the record.
    box_of = """id => { const el = document.getElementById(id);
        const shown = el.getBoundingClientRect().height > 0 ? el : el.parentElement;
        const r = shown.getBoundingClientRect(); return r.height > 0 ? {y: r.y, height: r.height} : null; }"""
    tab.wait_for_function(box_of, arg=target)
    box = tab.evaluate(box_of, target)
    assert -10 <= box["y"] < 500, f"{url}: #{target} is at {box}"


def test_former_ids_land_on_the_renamed_record(page: Any, site_url: str, guide: Guide) -> None:
    pairs = [(f"criteria/#{old}", c.id) for c in guide.criteria for old in c.former_ids]
    pairs += [(f"corrections/#{old}", c.id) for c in guide.corrections for old in c.former_ids]
    pairs += [(f"cost/#{old}", p.id) for p in guide.pricing.prices for old in p.former_ids]
    assert pairs
    for path, target in pairs:
        _lands(page, site_url + path, target)


def test_steps_of_the_earlier_decision_tree_land_inside_the_closed_tree(page: Any, site_url: str, guide: Guide) -> None:
    for old in ("decide--in-aws-ok--hsm-apis", "decide--hyok", guide.decision.former_anchors[-1]):
        _lands(page, f"{site_url}decision/#{old}", old)
        assert page.evaluate("document.querySelector('details.kg-tree').open")


def test_rows_deep_in_long_pages_land_in_view(page: Any, phone: Any, site_url: str, guide: Guide) -> None:
    last = guide.criteria[-1].id
    for tab in (page, phone):
        _lands(tab, f"{site_url}comparison/#{last}", last)
        _lands(tab, f"{site_url}criteria/#{last}", last)
        _lands(tab, f"{site_url}sources/#{guide.sources[-1].id}", guide.sources[-1].id)
