"""Live status of every cited URL. Opt-in (`pytest -m online` or `make check-links`): it needs the internet."""

from __future__ import annotations

from pathlib import Path

import pytest

from macros.loader import Guide
from macros.tools.check_links import Settings, cached_session, check_urls, write_report
from macros.tools.inventory import citations

pytestmark = pytest.mark.online


def test_no_cited_url_is_broken(guide: Guide, tmp_path: Path) -> None:
    session = cached_session(Path(".cache/links"))
    results = check_urls(citations(guide), session, Settings())
    write_report(results, Path("reports/links"))
    broken = [f"{r.url}: {r.reason} (cited by {', '.join(r.cited_by[:3])})" for r in results if r.outcome == "broken"]
    assert not broken, "\n".join(broken)
