"""Counts and staleness of the cited statements in the guide (the claims come from :mod:`macros.claims`).

``python -m macros.tools.facts`` prints the counts; ``--stale`` (what ``make stale`` runs) lists facts
verified more than twelve months ago and exits 1 if there are any.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from ..claims import Claim, claims
from ..loader import Guide, load_guide


def stale(guide: Guide, today: dt.date | None = None, months: int = 12) -> list[Claim]:
    today = today or dt.date.today()
    limit = today.replace(year=today.year - 1) if months == 12 else today - dt.timedelta(days=30 * months)
    return [f for f in claims(guide) if f.verified < limit]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stale", action="store_true", help="list facts verified more than 12 months ago")
    args = parser.parse_args(argv)
    guide = load_guide()
    if args.stale:
        old = stale(guide)
        for f in old:
            print(f"{f.verified}  {f.path}  {f.key}  {f.text[:60]}")
        print(f"{len(old)} fact(s) verified more than 12 months ago")
        return 1 if old else 0
    facts = list(claims(guide))
    print(f"facts: {len(facts)}; with sources: {sum(1 for f in facts if f.sources)}; "
          f"comparison cells: {sum(len(c.cells) for c in guide.criteria)}; source pages: {len(guide.sources)}; "
          f"oldest verification: {min(f.verified for f in facts)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
