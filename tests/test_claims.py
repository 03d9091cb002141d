"""The one walk over cited claims: complete, uniquely keyed, and every place it names exists on the built site."""

from __future__ import annotations

from macros.claims import claims
from macros.loader import Guide
from macros.policy import page_url
from macros.render.references import citation_index
from macros.tools.inventory import citations
from tests.helpers import Page


def test_keys_are_unique(guide: Guide) -> None:
    keys = [c.key for c in claims(guide)]
    assert len(keys) == len(set(keys))


def test_every_claim_is_cited_and_every_source_page_is_claimed(guide: Guide) -> None:
    found = list(claims(guide))
    assert all(c.sources for c in found)
    claimed = {page_url(url) for c in found for url in c.sources}
    assert {s.url for s in guide.sources} <= claimed


def test_every_place_exists_on_the_site(guide: Guide, site_pages: dict[str, Page]) -> None:
    missing = []
    for claim in claims(guide):
        page, _, anchor = claim.path.partition("#")
        if page not in site_pages or (anchor and anchor not in site_pages[page].ids):
            missing.append(f"{claim.key} -> {claim.path}")
    assert not missing, missing


def test_sources_list_and_inventory_read_the_same_places(guide: Guide) -> None:
    """The 'cited in' column and the link inventory agree on where each URL is shown."""
    inventory = citations(guide)
    for claim in claims(guide):
        for url in claim.sources:
            assert claim.path in inventory[url]
            assert (claim.page, claim.anchor, claim.label) in citation_index(guide)[page_url(url)]
