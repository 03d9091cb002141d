"""Every link of the built site, proven offline; and the checker is itself checked on broken copies."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from macros.loader import Guide
from macros.tools.inventory import data_urls
from macros.tools.sitecheck import Report, SitePage, check_site
from tests.helpers import Page

SITE_URL = "https://kms-cloudhsm-guide.github.io/"


@pytest.fixture(scope="module")
def report(site: Path, guide: Guide, site_pages: dict[str, Page]) -> Report:
    return check_site(site, data_urls(guide), SITE_URL, pages=site_pages)


def test_every_link_anchor_and_resource_resolves(report: Report, guide: Guide) -> None:
    print(report.summary())  # quoted in release notes: pages, links, anchors and URLs checked
    assert report.pages >= 15 and report.internal_links > 500 and report.anchors_checked > 300
    assert len(report.external_urls) >= len(guide.sources)
    assert not report.problems, "\n".join(map(str, report.problems))


def test_one_url_one_title(report: Report, guide: Guide) -> None:
    assert report.titles, "no source links found: the citation markup changed"
    for url, titles in report.titles.items():
        assert titles == {guide.source(url).title}, url


BREAKAGES = [
    ('<a href="../no-such-page/">broken page</a>', "no page at /no-such-page/"),
    ('<a href="../criteria/#no-such-row">bad anchor</a>', "no element with id 'no-such-row' on /criteria/"),
    ('<a href="http://docs.aws.amazon.com/kms/">plain http</a>', "must use https"),
    ('<a href="https://example.com/kms">other host</a>', "not on the allow-list"),
    ('<a href="https://docs.aws.amazon.com/de_de/kms/">localized</a>', "locale segment"),
    ('<a href="https://docs.aws.amazon.com/kms/?utm_source=x">tracked</a>', "tracking parameter"),
    ('<img src="../assets/missing.png" alt="gone">', "resource /assets/missing.png does not exist"),
    ('<script src="https://cdn.example.com/x.js"></script>', "loads a resource from another host"),
]


@pytest.fixture
def site_copy(site: Path, tmp_path: Path) -> Path:
    """A private copy to break (the session's site is shared): the HTML pages, and empty stand-ins for the rest."""
    dest = tmp_path / "site"
    shutil.copytree(site, dest, ignore=shutil.ignore_patterns("*.js", "*.json", "*.map", "*.css", "*.svg", "*.gz"))
    for path in site.rglob("*"):
        if path.is_file() and not (dest / path.relative_to(site)).exists():
            (dest / path.relative_to(site)).touch()  # resources still exist for the checker; their bytes do not matter
    return dest


def _inject(site: Path, html: str) -> None:
    page = site / "comparison" / "index.html"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("</article>", f"<p>{html}</p></article>", 1), encoding="utf-8")


@pytest.mark.parametrize(("html", "reason"), BREAKAGES, ids=[b[1][:30] for b in BREAKAGES])
def test_checker_catches_each_breakage(site_copy: Path, html: str, reason: str) -> None:
    _inject(site_copy, html)
    problems = check_site(site_copy, None, SITE_URL, only={"comparison/"}).problems
    assert any(reason in p.reason and p.page == "comparison/" for p in problems), problems


def test_all_problems_are_reported_together(site_copy: Path) -> None:
    for html, _ in BREAKAGES:
        _inject(site_copy, html)
    problems = check_site(site_copy, None, SITE_URL, only={"comparison/"}).problems
    for _, reason in BREAKAGES:
        assert any(reason in p.reason for p in problems), reason
    line = str(next(p for p in problems if "no such" in p.url or "no-such" in p.url))
    assert line.startswith("comparison/: [") and "](" in line  # page, link text, URL, reason on one line


def test_stray_hand_written_link_is_refused(site_copy: Path, guide: Guide, site_pages: dict[str, Page]) -> None:
    _inject(site_copy, '<a href="https://docs.aws.amazon.com/kms/latest/developerguide/not-in-data.html">x</a>')
    # Every page is needed to tell a stray URL from a cited one: the session's parsed pages, the broken one re-read.
    pages = {**site_pages, "comparison/": SitePage(site_copy / "comparison" / "index.html", "comparison/")}
    problems = check_site(site_copy, data_urls(guide), SITE_URL, pages=pages).problems
    assert any("no data file cites" in p.reason for p in problems)


def test_unused_data_link_is_reported(site: Path, guide: Guide, site_pages: dict[str, Page]) -> None:
    urls = data_urls(guide) | {"https://docs.aws.amazon.com/kms/latest/developerguide/unused.html"}
    problems = check_site(site, urls, SITE_URL, pages=site_pages).problems
    assert [p.url for p in problems] == ["https://docs.aws.amazon.com/kms/latest/developerguide/unused.html"]


def _linkchecker(site: Path) -> subprocess.CompletedProcess[str]:
    # LinkChecker drops root privileges to 'nobody', so it crawls a world-readable copy outside pytest's
    # private temporary folders.
    scratch = Path(tempfile.mkdtemp(prefix="guide-linkcheck-"))
    try:
        scratch.chmod(0o755)
        copy = shutil.copytree(site, scratch / "site")
        for path in [copy, *copy.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        exe = Path(sys.executable).with_name("linkchecker")
        cmd = [str(exe), "--no-status", "--ignore-url=^https?://", "--ignore-url=^javascript:", str(copy / "index.html")]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def test_independent_crawler_agrees(site: Path) -> None:
    """LinkChecker, an established crawler, finds no broken internal link either (external links ignored)."""
    result = _linkchecker(site)  # the real files: the stand-ins of site_copy are empty, which it warns about
    assert result.returncode == 0, result.stdout[-3000:]
    assert "0 errors found" in result.stdout


def test_independent_crawler_catches_a_broken_link(tmp_path: Path) -> None:
    # Guards the guard on a two-page site: crawling a copy of the whole guide again would only add time.
    (tmp_path / "found").mkdir()
    (tmp_path / "found" / "index.html").write_text("<!doctype html><title>found</title><p>here", encoding="utf-8")
    (tmp_path / "index.html").write_text('<!doctype html><title>home</title><a href="found/">found</a> '
                                         '<a href="no-such-page/">broken page</a>', encoding="utf-8")
    result = _linkchecker(tmp_path)
    assert result.returncode != 0 and "no-such-page" in result.stdout and "1 error found" in result.stdout
