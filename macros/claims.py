"""Every cited claim in the data, with the place on the site that shows it.

The one walk over the records: the sources list ("cited in"), the external-link inventory and the freshness
report (``make stale``) all read it, so a new kind of cited record is added here, once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from .cost import kms_prices, price_anchor
from .loader import Guide
from .render.common import PAGES, option_page


@dataclass(frozen=True)
class Claim:
    key: str  # data file and record, e.g. "comparison/tenancy/kms-standard"
    text: str
    sources: tuple[str, ...]
    verified: dt.date
    page: str  # a logical page (``PAGES``) or an option page's path
    anchor: str  # "" for the top of the page
    label: str  # how the sources list names the place

    @property
    def path(self) -> str:
        """Site path of the place, e.g. ``criteria/#tenancy``."""
        return PAGES.get(self.page, self.page) + (f"#{self.anchor}" if self.anchor else "")


def claims(guide: Guide) -> Iterator[Claim]:
    yield from _services(guide)
    yield from _options(guide)
    for crit in guide.criteria:
        for key, cell in crit.cells.items():
            yield Claim(f"comparison/{crit.id}/{key}", cell.value, tuple(cell.sources), cell.verified,
                        "criteria", crit.id, crit.label)
    for grp in guide.when:
        for wc in grp.criteria:
            yield Claim(f"when-to-use/{wc.id}", wc.text, tuple(wc.sources), wc.verified, "decision", wc.id, wc.title)
    for row in guide.glance:
        for key, cell in (("aws-kms", row.aws_kms), ("aws-cloudhsm", row.aws_cloudhsm)):
            yield Claim(f"at-a-glance/{row.id}/{key}", cell.value, tuple(cell.sources), cell.verified,
                        "comparison", row.id, row.feature)
    for corr in guide.corrections:
        yield Claim(f"corrections/{corr.id}", corr.truth, tuple(corr.sources), corr.verified,
                    "corrections", corr.id, f"Correction: {corr.id}")
    for item in guide.summary:
        yield Claim(f"summary/{item.id}", item.text, tuple(item.sources), item.verified, "home", item.id, "Summary")
    for term in guide.glossary:
        d = term.definition
        yield Claim(f"glossary/{term.id}", d.text, tuple(d.sources), d.verified,
                    "glossary", term.id, f"Glossary: {term.term}")
    for table in guide.quotas:
        for row in table.rows:
            yield Claim(f"quotas/{row.id}", " | ".join(row.cells), tuple(row.sources), row.verified,
                        "quotas", row.id, f"{table.title}: {row.cells[0]}")
    yield from _pricing(guide)
    for grp in guide.links:
        for doc in grp.links:
            yield Claim(f"links/{doc.id}", doc.title, (doc.url,), doc.verified,
                        grp.service, doc.id, "Official documentation links")


def _services(guide: Guide) -> Iterator[Claim]:
    for svc in guide.services:
        label = f"{svc.short_name} overview"
        for i, fact in enumerate(svc.overview):
            yield Claim(f"services/{svc.id}/{i}", fact.text, tuple(fact.sources), fact.verified, svc.id, "", label)
        best = svc.best_for
        yield Claim(f"services/{svc.id}/{len(svc.overview)}", best.text, tuple(best.sources), best.verified,
                    svc.id, f"{svc.id}-best-for", label)


def _options(guide: Guide) -> Iterator[Claim]:
    for opt in guide.options:
        page = option_page(opt.id)
        for name in ("how_it_works", "choose_when", "trade_offs"):
            for i, fact in enumerate(getattr(opt, name)):
                yield Claim(f"options/{opt.id}/{name}/{i}", fact.text, tuple(fact.sources), fact.verified,
                            page, "", opt.name)
        s = opt.summary
        yield Claim(f"options/{opt.id}/summary", s.text, tuple(s.sources), s.verified, page, "", opt.name)


def _pricing(guide: Guide) -> Iterator[Claim]:
    for region in guide.pricing.regions:
        for slug, label, price in kms_prices(region):
            yield Claim(f"pricing/{region.id}/{slug}", f"{label}: {price.value:g}", tuple(price.sources),
                        price.verified, "cost", price_anchor(region.id, slug), f"Prices: {label}")
        for item in region.unpriced:
            yield Claim(f"pricing/{region.id}/{item.id}", item.reason, tuple(item.sources), item.verified,
                        "cost", item.id, f"Not priced here: {item.label}")
    for sc in guide.pricing.scenarios:
        if sc.verified is not None:  # cited scenarios only (the model requires the two together)
            yield Claim(f"pricing/scenarios/{sc.id}", sc.description, tuple(sc.sources), sc.verified,
                        "cost", sc.id, f"Cost scenario: {sc.title}")
