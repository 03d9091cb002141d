"""Every cited statement in the guide as a flat list, for counts, staleness reports and tests.

``python -m macros.tools.facts`` prints the counts; ``--stale`` (what ``make stale`` runs) lists facts
verified more than twelve months ago and exits 1 if there are any.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Iterator
from dataclasses import dataclass

from ..loader import Guide, load_guide


@dataclass(frozen=True)
class FactRef:
    where: str  # data file and record, e.g. "comparison/tenancy/kms-standard"
    text: str
    sources: tuple[str, ...]
    verified: dt.date


def iter_facts(guide: Guide) -> Iterator[FactRef]:
    for svc in guide.services:
        for i, f in enumerate([*svc.overview, svc.best_for]):
            yield FactRef(f"services/{svc.id}/{i}", f.text, tuple(f.sources), f.verified)
    for opt in guide.options:
        for name in ("how_it_works", "choose_when", "trade_offs"):
            for i, f in enumerate(getattr(opt, name)):
                yield FactRef(f"options/{opt.id}/{name}/{i}", f.text, tuple(f.sources), f.verified)
        yield FactRef(f"options/{opt.id}/summary", opt.summary.text, tuple(opt.summary.sources), opt.summary.verified)
    for crit in guide.criteria:
        for key, cell in crit.cells.items():
            yield FactRef(f"comparison/{crit.id}/{key}", cell.value, tuple(cell.sources), cell.verified)
    for grp in guide.when:
        for wc in grp.criteria:
            yield FactRef(f"when-to-use/{wc.id}", wc.text, tuple(wc.sources), wc.verified)
    for row in guide.glance:
        for key, cell in (("aws-kms", row.aws_kms), ("aws-cloudhsm", row.aws_cloudhsm)):
            yield FactRef(f"at-a-glance/{row.id}/{key}", cell.value, tuple(cell.sources), cell.verified)
    for corr in guide.corrections:
        yield FactRef(f"corrections/{corr.id}", corr.truth, tuple(corr.sources), corr.verified)
    for item in guide.summary:
        yield FactRef(f"summary/{item.id}", item.text, tuple(item.sources), item.verified)
    for term in guide.glossary:
        d = term.definition
        yield FactRef(f"glossary/{term.id}", d.text, tuple(d.sources), d.verified)
    for table in guide.quotas:
        for row in table.rows:
            yield FactRef(f"quotas/{row.id}", " | ".join(row.cells), tuple(row.sources), row.verified)
    for grp in guide.links:
        for doc in grp.links:
            yield FactRef(f"links/{doc.id}", doc.title, (doc.url,), doc.verified)


def stale(guide: Guide, today: dt.date | None = None, months: int = 12) -> list[FactRef]:
    today = today or dt.date.today()
    limit = today.replace(year=today.year - 1) if months == 12 else today - dt.timedelta(days=30 * months)
    return [f for f in iter_facts(guide) if f.verified < limit]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stale", action="store_true", help="list facts verified more than 12 months ago")
    args = parser.parse_args(argv)
    guide = load_guide()
    if args.stale:
        old = stale(guide)
        for f in old:
            print(f"{f.verified}  {f.where}  {f.text[:70]}")
        print(f"{len(old)} fact(s) verified more than 12 months ago")
        return 1 if old else 0
    facts = list(iter_facts(guide))
    print(f"facts: {len(facts)}; with sources: {sum(1 for f in facts if f.sources)}; "
          f"comparison cells: {sum(len(c.cells) for c in guide.criteria)}; source pages: {len(guide.sources)}; "
          f"oldest verification: {min(f.verified for f in facts)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
