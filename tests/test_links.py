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


def _broken(site_pages: dict[str, Page], where: Path, *html: str) -> dict[str, Page]:
    """The session's parsed pages with the comparison page swapped for a private copy that carries ``html``: the
    shared pages are never changed, and nothing else is copied (links still resolve against the built site)."""
    text = site_pages["comparison/"].path.read_text(encoding="utf-8")
    for snippet in html:
        text = text.replace("</article>", f"<p>{snippet}</p></article>", 1)
    copy = where / "comparison.html"
    copy.write_text(text, encoding="utf-8")
    return {**site_pages, "comparison/": SitePage(copy, "comparison/")}


@pytest.mark.parametrize(("html", "reason"), BREAKAGES, ids=[b[1][:30] for b in BREAKAGES])
def test_checker_catches_each_breakage(site: Path, site_pages: dict[str, Page], tmp_path: Path, html: str,
                                       reason: str) -> None:
    pages = _broken(site_pages, tmp_path, html)
    problems = check_site(site, None, SITE_URL, only={"comparison/"}, pages=pages).problems
    assert any(reason in p.reason and p.page == "comparison/" for p in problems), problems


def test_all_problems_are_reported_together(site: Path, site_pages: dict[str, Page], tmp_path: Path) -> None:
    pages = _broken(site_pages, tmp_path, *(html for html, _ in BREAKAGES))
    problems = check_site(site, None, SITE_URL, only={"comparison/"}, pages=pages).problems
    for _, reason in BREAKAGES:
        assert any(reason in p.reason for p in problems), reason
    line = str(next(p for p in problems if "no such" in p.url or "no-such" in p.url))
    assert line.startswith("comparison/: [") and "](" in line  # page, link text, URL, reason on one line


def test_stray_hand_written_link_is_refused(site: Path, guide: Guide, site_pages: dict[str, Page], tmp_path: Path) -> None:
    # Every page is needed to tell a stray URL from a cited one.
    pages = _broken(site_pages, tmp_path, '<a href="https://docs.aws.amazon.com/kms/latest/developerguide/not-in-data.html">x</a>')
    problems = check_site(site, data_urls(guide), SITE_URL, pages=pages).problems
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
    result = _linkchecker(site)
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
