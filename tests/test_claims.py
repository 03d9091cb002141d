"""The one list of cited claims: found by the generic walk, placed on the site, shared by every reader of it."""

from __future__ import annotations

from macros.claims import claims, newest
from macros.loader import Guide
from macros.policy import page_url
from macros.render import Renderer
from macros.render.reference import citation_index
from macros.tools.inventory import citations
from tests.helpers import Page


def test_keys_are_unique(guide: Guide) -> None:
    keys = [c.key for c in claims(guide)]
    assert len(keys) == len(set(keys))


def test_every_cited_record_kind_is_found(guide: Guide) -> None:
    """Claims come from the models: cells, facts, corrections, glossary, prices, neighbours, documentation links."""
    prefixes = {c.key.split("[")[0].split(".")[0] for c in claims(guide)}
    assert {"comparison", "options", "services", "corrections", "glossary", "pricing", "neighbours", "links",
            "summary", "quotas", "when-to-use", "at-a-glance"} <= prefixes


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
    index = citation_index(Renderer(guide))
    for claim in claims(guide):
        for url in claim.sources:
            assert claim.path in inventory[url]
            assert claim.place in index[page_url(url)]


def test_the_build_is_dated_by_the_newest_check(guide: Guide) -> None:
    assert newest(guide) == max(c.verified for c in claims(guide))
