"""Offline checks of a built site: every link, anchor and resource, parsed with BeautifulSoup.

Used by the test suite (``tests/test_links.py``) and usable on its own:
``python -m macros.tools.sitecheck site``. Problems are collected for the whole site and reported together.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

from ..policy import page_url, url_problems

#: Elements that make the browser fetch something, and the attribute that names it.
RESOURCE_TAGS = {"script": "src", "img": "src", "iframe": "src", "source": "src", "video": "src", "audio": "src",
                 "embed": "src", "object": "data"}
#: <link rel=...> values that are fetched (stylesheets, icons, preloads); canonical/alternate are only metadata.
FETCHED_RELS = {"stylesheet", "icon", "shortcut", "preload", "modulepreload", "prefetch", "manifest", "apple-touch-icon"}


@dataclass(frozen=True)
class Problem:
    page: str
    text: str
    url: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: [{self.text}]({self.url}): {self.reason}"


@dataclass
class SitePage:
    path: Path
    url: str  # path from the site root, e.g. "comparison/" or "404.html"

    @cached_property
    def soup(self) -> BeautifulSoup:
        return BeautifulSoup(self.path.read_text(encoding="utf-8"), "lxml")

    @cached_property
    def ids(self) -> set[str]:
        return {str(el["id"]) for el in self.soup.find_all(id=True)} | {
            str(el["name"]) for el in self.soup.find_all("a", attrs={"name": True})}


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    pages: int = 0
    internal_links: int = 0
    anchors_checked: int = 0
    external_urls: set[str] = field(default_factory=set)
    resources: int = 0
    titles: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def summary(self) -> str:
        return (f"{self.pages} pages, {self.internal_links} internal links, {self.anchors_checked} anchors, "
                f"{len(self.external_urls)} external URLs, {self.resources} resources; {len(self.problems)} problems")


def load_pages(site: Path) -> dict[str, SitePage]:
    out = {}
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        url = rel[: -len("index.html")] if rel.endswith("index.html") else rel
        out[url] = SitePage(path, url)
    return out


def _target(site: Path, path: str) -> Path | None:
    """The file a site-relative path serves, as a static host would (directory -> index.html)."""
    candidate = site / unquote(path)
    if path.endswith("/") or path == "" or candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def _text(el: object) -> str:
    text = " ".join(el.get_text(" ", strip=True).split()) if hasattr(el, "get_text") else ""
    return (text or el.get("aria-label") or el.get("title") or el.name)[:80]  # type: ignore[attr-defined]


def check_site(site: Path, data_urls: set[str] | None = None, site_url: str = "", only: set[str] | None = None,
               pages: dict[str, SitePage] | None = None) -> Report:
    """Check every page under ``site`` (or the pages in ``only``; links into other pages still resolve against
    them). ``data_urls``: every external URL the data cites (None skips that check, and needs every page).
    ``pages``: pages already parsed (each page is parsed once, when first read)."""
    site_pages = pages if pages is not None else load_pages(site)
    report = Report(pages=len(site_pages))
    base_path = urlsplit(site_url).path if site_url else "/"
    for url, page in site_pages.items():
        if only is None or url in only:
            _check_page(site, site_pages, page, report, base_path, site_url)
    if data_urls is not None:
        for url in sorted(report.external_urls - data_urls):
            report.problems.append(Problem("(site)", "", url, "external URL on the site that no data file cites"))
        for url in sorted(data_urls - report.external_urls):
            report.problems.append(Problem("(data)", "", url, "URL cited in the data but shown on no page"))
    for url, titles in sorted(report.titles.items()):
        if len(titles) > 1:
            report.problems.append(Problem("(site)", " | ".join(sorted(titles)), url, "one URL shown under several titles"))
    return report


def _check_page(site: Path, site_pages: dict[str, SitePage], page: SitePage, report: Report,
                base_path: str, site_url: str) -> None:
    page_base = f"/{page.url}"  # resolve relative links as the browser would, from the page's own URL
    for el in page.soup.find_all("a", href=True):
        _check_link(site, site_pages, page, el, str(el["href"]), report, page_base, base_path, site_url)
    for tag, attr in RESOURCE_TAGS.items():
        for el in page.soup.find_all(tag, attrs={attr: True}):
            _check_resource(site, page, el, str(el[attr]), report, page_base)
    for el in page.soup.find_all("link", href=True):
        rels = {r.lower() for r in (el.get("rel") or [])}
        if rels & FETCHED_RELS:
            _check_resource(site, page, el, str(el["href"]), report, page_base)


def _check_link(site: Path, site_pages: dict[str, SitePage], page: SitePage, el: object, href: str, report: Report,
                page_base: str, base_path: str, site_url: str) -> None:
    text = _text(el)
    parts = urlsplit(href)
    if href == "javascript:void(0)" and el.find_parent(class_="md-search"):  # type: ignore[attr-defined]
        return  # Material's own "share search" button: a theme control, not a link
    if parts.scheme in ("mailto", "tel"):
        report.problems.append(Problem(page.url, text, href, "mail and phone links are not used in this guide"))
        return
    if parts.scheme or href.startswith("//"):
        if site_url and href.startswith(site_url):  # our own absolute URL (canonical, 404 page): check as internal
            href = "/" + href[len(site_url):]
        else:
            report.external_urls.add(href)
            for reason in url_problems(href):
                report.problems.append(Problem(page.url, text, href, reason))
            if "kg-src" in (el.get("class") or []):  # type: ignore[attr-defined]
                # A numbered citation ([12]) names its page in the title attribute; other source links in their text.
                shown = " ".join(el.get_text().split())  # type: ignore[attr-defined]
                title = el.get("title") if re.fullmatch(r"\[\d+\]", shown) else shown  # type: ignore[attr-defined]
                report.titles[page_url(href)].add(str(title))
            return
    report.internal_links += 1
    if href == "#":
        report.problems.append(Problem(page.url, text, href, "empty fragment"))
        return
    resolved = urlsplit(urljoin(page_base, href))
    path = resolved.path
    if path.startswith(base_path):
        path = path[len(base_path):]
    path = path.lstrip("/")
    target_file = _target(site, path)
    if target_file is None:
        report.problems.append(Problem(page.url, text, href, f"no page at /{path}"))
        return
    if resolved.fragment:
        report.anchors_checked += 1
        rel = target_file.relative_to(site).as_posix()
        key = rel[: -len("index.html")] if rel.endswith("index.html") else rel
        target = site_pages.get(key)
        if target is not None and unquote(resolved.fragment) not in target.ids:
            report.problems.append(Problem(page.url, text, href, f"no element with id '{resolved.fragment}' on /{key}"))


def _check_resource(site: Path, page: SitePage, el: object, ref: str, report: Report, page_base: str) -> None:
    report.resources += 1
    parts = urlsplit(ref)
    if ref.startswith("data:"):
        return
    if parts.scheme or ref.startswith("//"):
        report.problems.append(Problem(page.url, _text(el), ref, "loads a resource from another host"))
        return
    path = urlsplit(urljoin(page_base, ref)).path.lstrip("/")
    if _target(site, path) is None:
        report.problems.append(Problem(page.url, _text(el), ref, f"resource /{path} does not exist"))


def main(argv: list[str]) -> int:
    site = Path(argv[0] if argv else "site")
    from ..loader import load_guide
    from .inventory import data_urls

    report = check_site(site, data_urls(load_guide()))
    for problem in report.problems:
        print(problem)
    print(report.summary())
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
