"""Every cited claim in the data, with the place on the site that shows it.

Claims are found by the generic walk (:func:`macros.loader.everything`): a record claims something when its model
says so (:meth:`macros.models.Record.claim`), so a new kind of cited record needs nothing here. The sources page
("cited in"), the external-link inventory, the build date and ``make stale`` all read this one list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from .loader import Guide, everything
from .models import Record
from .walk import Place
from .yamlsrc import format_path


@dataclass(frozen=True)
class Claim:
    key: str  # where it is in the data, e.g. "comparison[0].criteria[1].cells.kms-standard"
    text: str
    sources: tuple[str, ...]
    verified: dt.date
    place: Place

    @property
    def path(self) -> str:
        """Site path of the place, e.g. ``criteria/#tenancy``."""
        return self.place.path


def claims(guide: Guide) -> Iterator[Claim]:
    for found in everything(guide):
        claim = found.value.claim() if isinstance(found.value, Record) else None
        if claim is not None:
            text, sources, verified = claim
            yield Claim(format_path(found.path), text, sources, verified, found.place)


def newest(guide: Guide) -> dt.date:
    """The day the guide's content last changed: the newest verification date."""
    return max(c.verified for c in claims(guide))
