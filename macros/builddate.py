"""MkDocs hook: date the build by its content, so two builds of one commit are byte-identical on any day.

MkDocs stamps the sitemap's ``<lastmod>`` and the gzip header of ``sitemap.xml.gz`` with today's date unless
``SOURCE_DATE_EPOCH`` is set. This hook sets it to the newest date on which a fact was verified: the day the
guide's content last changed. A value set by the caller (a packager, a CI pinning the commit time) wins.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from .claims import claims
from .loader import DATA_DIR, DataError, Guide, load_guide

# Read once at import: a value we set ourselves must not look like the caller's on the next rebuild (mkdocs serve).
CALLER_EPOCH = os.environ.get("SOURCE_DATE_EPOCH")


def content_epoch(guide: Guide) -> int:
    """Midnight UTC of the newest verification date in the data, as a Unix timestamp."""
    newest = max(f.verified for f in claims(guide))
    return int(dt.datetime.combine(newest, dt.time(), tzinfo=dt.UTC).timestamp())


def on_config(config: Any) -> Any:
    if CALLER_EPOCH is not None:
        return config
    try:
        guide = load_guide(Path(os.environ.get("GUIDE_DATA_DIR", DATA_DIR)).resolve())
    except DataError:
        return config  # the macros plugin reports the data problems and stops the build
    os.environ["SOURCE_DATE_EPOCH"] = str(content_epoch(guide))
    return config
