"""Deep links never silently break: the committed anchor manifest, aliases for renamed records, redirects."""

from __future__ import annotations

import json
from pathlib import Path

from macros.loader import Guide
from macros.tools.anchors import MANIFEST, collect, compare, redirect_map
from tests.helpers import ROOT, Page


def test_no_public_anchor_vanished_and_none_is_unrecorded(site: Path) -> None:
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    vanished, added = compare(manifest, collect(site), redirect_map(ROOT / "mkdocs.yml"))
    assert not vanished, "public anchors disappeared:\n" + "\n".join(vanished)
    assert not added, "new anchors are not in tests/anchors.json; run `make manifest`:\n" + "\n".join(added[:20])


def test_manifest_is_substantial() -> None:
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    assert sum(map(len, manifest.values())) > 300 and "comparison/" in manifest


def test_vanished_anchor_is_reported() -> None:
    vanished, _ = compare({"comparison/": ["tenancy", "sla"]}, {"comparison/": ["tenancy"]})
    assert vanished == ["#sla vanished from /comparison/: restore it or list it in the record's former_ids"]


def test_moved_page_is_covered_by_its_redirect() -> None:
    manifest = {"key-differences/": ["tenancy"]}
    current = {"comparison/": ["tenancy"]}
    assert compare(manifest, current)[0]  # without a redirect the page is simply gone
    assert compare(manifest, current, {"key-differences/": "comparison/"})[0] == []
    vanished, _ = compare({"key-differences/": ["sla"]}, current, {"key-differences/": "comparison/"})
    assert "redirected to /comparison/" in vanished[0]


def test_additions_need_the_manifest_command() -> None:
    assert compare({"a/": ["x"]}, {"a/": ["x", "y"], "b/": []})[1] == ["/a/#y", "/b/ (new page)"]


def test_redirect_map_reads_mkdocs_config(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("plugins:\n  - search\n  - redirects:\n      redirect_maps:\n        old.md: comparison.md\n"
                      "        guide/index.md: index.md\n")
    assert redirect_map(config) == {"old/": "comparison/", "guide/": ""}


def test_every_alias_lands_on_its_record(guide: Guide, site_pages: dict[str, Page]) -> None:
    """Each former id renders on the pages showing the record, right at the record's own element."""
    checked = 0
    for crit in guide.criteria:
        for old in crit.former_ids:
            for url in ("comparison/", "criteria/"):
                soup = site_pages[url].soup
                alias, target = soup.find(id=old), soup.find(id=crit.id)
                assert alias is not None and target is not None, f"/{url}#{old}"
                # On the matrix the alias sits inside the row; on the details page right before the heading.
                assert alias.find_parent(id=crit.id) is not None or alias.find_next(["h2", "h3"]) is target
                checked += 1
    for corr in guide.corrections:
        for old in corr.former_ids:
            soup = site_pages["corrections/"].soup
            assert soup.find(id=old).find_next(["h2", "h3"]) is soup.find(id=corr.id)
            checked += 1
    assert checked >= 2, "the data should exercise at least one alias"
