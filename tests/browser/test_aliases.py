"""Opening a link to a former id scrolls to the renamed record, as a reader pasting an old link would see."""

from __future__ import annotations

from typing import Any

from macros.loader import Guide


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
