"""The comparison page: the common two-service table, corrected, and every option against every criterion."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Criterion
from ..policy import page_url
from . import Link, Renderer


@dataclass(frozen=True)
class Row:
    crit: Criterion
    date: str | None  # the one date every cell was checked on, shown once for the row; None when they differ


def _row(crit: Criterion) -> Row:
    dates = {cell.verified for cell in crit.cells.values()}
    return Row(crit, next(iter(dates)).isoformat() if len(dates) == 1 else None)


def glance_table(r: Renderer, link: Link, with_claims: bool = True) -> str:
    """The widely repeated two-service comparison, corrected; every row links to the criteria behind it."""
    g = r.guide
    return r.html("glance.html", link, rows=g.glance, kms=g.service("aws-kms"), hsm=g.service("aws-cloudhsm"),
                  with_claims=with_claims, searchable=with_claims)


def matrix(r: Renderer, link: Link) -> str:
    groups = [{"id": g.id, "title": g.title, "former_ids": g.former_ids, "rows": [_row(c) for c in g.criteria]}
              for g in r.guide.groups]
    return r.html("matrix.html", link, groups=groups, options=r.guide.options)


def comparison_sources(r: Renderer, link: Link) -> str:
    """Every source the comparison cites, numbered: the footnotes of the screen and the printed page."""
    urls: list[str] = []
    cells = [c for row in r.guide.glance for c in (row.aws_kms, row.aws_cloudhsm)]
    cells += [cell for crit in r.guide.criteria for cell in crit.cells.values()]
    for cell in cells:
        for url in cell.sources:
            if page_url(url) not in urls:
                urls.append(page_url(url))
    urls.sort(key=r.source_number)
    return r.html("source_notes.html", link, urls=urls, title="Every source on this page")
