"""Opening a link to a former id scrolls to the renamed record, as a reader pasting an old link would see."""

from __future__ import annotations

from typing import Any

import pytest

from macros.loader import Guide
from tests.helpers import Page


def test_old_links_land_on_the_new_target(page: Any, site_url: str, guide: Guide) -> None:
    pairs = [(f"criteria/#{old}", c.id) for c in guide.criteria for old in c.former_ids]
    pairs += [(f"comparison/#{old}", c.id) for c in guide.criteria for old in c.former_ids]
    pairs += [(f"corrections/#{old}", c.id) for c in guide.corrections for old in c.former_ids]
    assert pairs
    for path, target in pairs:
        page.goto(site_url + path)
        page.wait_for_timeout(200)
        box = page.locator(f"#{target}").bounding_box()
        assert box is not None, path
        assert -10 <= box["y"] < 400, f"{path}: #{target} is at y={box['y']}, not in view"



# The parts laid out only near the screen (content-visibility: auto in guide.css), on the pages that have them.
LONG_PARTS = {"comparison/": ".kg-matrix-wrap tr[id]", "criteria/": ".kg-criterion[data-anchor]",
              "decision/": ".kg-tree .kg-step[id]", "sources/": ".kg-long tr[id]"}


def _far_targets(site_pages: dict[str, Page]) -> list[str]:
    """Per long page, the middle and the last anchor of its long part: far below the first screen."""
    out = []
    for path, selector in LONG_PARTS.items():
        ids = [el.get("id") or el.get("data-anchor") for el in site_pages[path].soup.select(selector)]
        assert len(ids) > 5, f"/{path}: {selector} matches {len(ids)} elements; update LONG_PARTS"
        out += [f"{path}#{ids[len(ids) // 2]}", f"{path}#{ids[-1]}"]
    return out


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 800}],
                         ids=["phone", "desktop"])
def test_deep_links_into_long_pages_land_on_the_target(browser: Any, site_url: str, site_pages: dict[str, Page],
                                                       viewport: dict[str, int]) -> None:
    """A pasted link into a part the browser has not laid out yet must still scroll to its target."""
    context = browser.new_context(viewport=viewport)
    tab = context.new_page()
    try:
        for path in _far_targets(site_pages):
            tab.goto("about:blank")  # a pasted link opens a fresh page, not a jump within the open one
            tab.goto(site_url + path)
            tab.wait_for_timeout(300)
            anchor = path.split("#", 1)[1]
            box = tab.locator(f"#{anchor}").bounding_box()
            assert box is not None, path
            assert -10 <= box["y"] < viewport["height"] - 40, f"{path}: #{anchor} is at y={box['y']}, not in view"
    finally:
        context.close()
