"""The external URL inventory of the data: every URL a fact cites, with the places on the site that cite it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from ..claims import claims
from ..loader import Guide


def citations(guide: Guide) -> dict[str, list[str]]:
    """Exact cited URL (fragment kept) -> site paths (page#anchor) that show it."""
    out: dict[str, list[str]] = defaultdict(list)

    def add(urls: Iterable[str], where: str) -> None:
        for url in urls:
            if where not in out[url]:
                out[url].append(where)

    for claim in claims(guide):
        add(claim.sources, claim.path)
    for src in guide.sources:
        add([src.url], f"sources/#{src.id}")
    return dict(out)


def data_urls(guide: Guide) -> set[str]:
    return set(citations(guide))
