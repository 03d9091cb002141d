"""The external URL inventory of the data: every URL a fact cites, with the places on the site that cite it."""

from __future__ import annotations

from collections import defaultdict

from ..loader import Guide
from ..render.common import PAGES, option_page


def citations(guide: Guide) -> dict[str, list[str]]:
    """Exact cited URL (fragment kept) -> site paths (page#anchor) that show it."""
    out: dict[str, list[str]] = defaultdict(list)

    def add(urls: list[str], where: str) -> None:
        for url in urls:
            if where not in out[url]:
                out[url].append(where)

    for svc in guide.services:
        for fact in [*svc.overview, svc.best_for]:
            add(fact.sources, PAGES[svc.id])
    for opt in guide.options:
        for fact in [opt.summary, *opt.how_it_works, *opt.choose_when, *opt.trade_offs]:
            add(fact.sources, option_page(opt.id))
    for crit in guide.criteria:
        for cell in crit.cells.values():
            add(cell.sources, f"comparison/#{crit.id}")
            add(cell.sources, f"criteria/#{crit.id}")
    for group in guide.when:
        for wc in group.criteria:
            add(wc.sources, f"decision/#{wc.id}")
    for row in guide.glance:
        add([*row.aws_kms.sources, *row.aws_cloudhsm.sources], f"comparison/#{row.id}")
    for corr in guide.corrections:
        add(corr.sources, f"corrections/#{corr.id}")
    for item in guide.summary:
        add(item.sources, f"#{item.id}")
    for term in guide.glossary:
        add(term.definition.sources, f"glossary/#{term.id}")
    for grp in guide.links:
        for doc in grp.links:
            add([doc.url], f"{PAGES[grp.service]}#{doc.id}")
    for table in guide.quotas:
        for row in table.rows:
            add(row.sources, f"quotas/#{row.id}")
    for src in guide.sources:
        add([src.url], f"sources/#{src.id}")
    return dict(out)


def data_urls(guide: Guide) -> set[str]:
    return set(citations(guide))
