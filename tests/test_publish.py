"""What a published site needs beyond its pages: sitemap, canonical URLs, link previews, a helpful 404 page,
a favicon, a reproducible build, and JSON exports that match their schemas."""

from __future__ import annotations

import filecmp
import json
import re
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from jsonschema import FormatChecker
from jsonschema.validators import validator_for

from macros.claims import newest
from macros.loader import Guide
from tests.helpers import ROOT, Page, build

SITE_URL = re.search(r"^site_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), flags=re.M).group(1)
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
OG_TAGS = ("og:type", "og:title", "og:description", "og:site_name")


def _content_pages(site_pages: dict[str, Page]) -> dict[str, Page]:
    return {url: page for url, page in site_pages.items() if url != "404.html"}


def _meta(page: Page, key: str) -> str | None:
    tag = page.soup.find("meta", attrs={"property": key}) or page.soup.find("meta", attrs={"name": key})
    return tag.get("content") if tag else None


def test_sitemap_lists_every_page_and_nothing_else(site: Path, site_pages: dict[str, Page]) -> None:
    tree = ElementTree.parse(site / "sitemap.xml")
    listed = {loc.text for loc in tree.getroot().iterfind("sm:url/sm:loc", SITEMAP_NS)}
    expected = {SITE_URL + url for url in _content_pages(site_pages)}
    assert listed == expected, f"missing: {sorted(expected - listed)}; extra: {sorted(listed - expected)}"


def test_every_page_has_canonical_description_and_link_preview_tags(site_pages: dict[str, Page]) -> None:
    for url, page in _content_pages(site_pages).items():
        canonical = page.soup.find("link", rel="canonical")
        assert canonical is not None and canonical["href"] == SITE_URL + url, f"/{url}: canonical URL"
        assert (_meta(page, "description") or "").strip(), f"/{url}: no meta description"
        for key in OG_TAGS:
            assert (_meta(page, key) or "").strip(), f"/{url}: no {key}"
        assert _meta(page, "og:url") == SITE_URL + url, f"/{url}: og:url is not the canonical URL"
        assert _meta(page, "og:description") == _meta(page, "description"), f"/{url}: og:description differs"
        assert _meta(page, "twitter:card") == "summary", f"/{url}: no twitter:card"


def test_descriptions_are_distinct_per_page(site_pages: dict[str, Page]) -> None:
    # Search engines show the description as the snippet: several pages sharing one look like duplicates.
    by_text: dict[str, list[str]] = {}
    for url, page in _content_pages(site_pages).items():
        by_text.setdefault(_meta(page, "description") or "", []).append(f"/{url}")
    shared = {text[:60]: urls for text, urls in by_text.items() if len(urls) > 1}
    assert not shared, f"pages sharing one description: {shared}"


def test_404_page_helps_the_reader_back(site_pages: dict[str, Page]) -> None:
    page = site_pages["404.html"]
    assert page.soup.title is not None and "not found" in page.soup.title.get_text().lower()
    article = page.soup.select_one("article")
    assert article is not None and "not found" in article.h1.get_text().lower()
    # This one page is served at every missing path, at any depth: its links must not be relative.
    hrefs = {a.get_text(strip=True): a["href"] for a in article.find_all("a", href=True)}
    root = urlsplit(SITE_URL).path  # "/" on the published host; a project site would have "/name/"
    for label, href in {"Home": ".", "Comparison": "comparison/", "Sources": "sources/"}.items():
        assert hrefs.get(label) == root + href, f"404 page: link {label!r} is {hrefs.get(label)!r}, expected {root + href!r}"
    assert root + "decision/" in hrefs.values(), "404 page: no link to the decision page"
    assert "search" in article.get_text().lower(), "404 page does not point to the search"
    assert (_meta(page, "description") or "").strip() and _meta(page, "og:title")


def test_favicon_is_the_guide_svg(site: Path, site_pages: dict[str, Page]) -> None:
    for url, page in site_pages.items():
        icon = page.soup.find("link", rel="icon")
        assert icon is not None and icon["href"].endswith("assets/favicon.svg"), f"/{url}: favicon"
    svg = (site / "assets" / "favicon.svg").read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<svg") and "viewBox" in svg


def test_robots_txt_points_to_the_sitemap(site: Path) -> None:
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {SITE_URL}sitemap.xml" in robots.splitlines()


def _differences(left: Path, right: Path) -> list[str]:
    """Every file that is missing on one side or differs in bytes, recursively."""
    found: list[str] = []
    files = {p.relative_to(left) for p in left.rglob("*") if p.is_file()}
    files |= {p.relative_to(right) for p in right.rglob("*") if p.is_file()}
    for rel in sorted(files):
        a, b = left / rel, right / rel
        if not (a.is_file() and b.is_file()) or not filecmp.cmp(a, b, shallow=False):
            found.append(str(rel))
    return found


def test_two_builds_are_byte_identical(tmp_path: Path, site: Path, guide: Guide) -> None:
    result = build(tmp_path / "again")
    assert result.returncode == 0, result.stderr
    assert not _differences(site, tmp_path / "again"), "files that differ between two builds"
    # The date in the sitemap comes from the data, not from the clock: a build tomorrow is identical too.
    day = newest(guide).isoformat()
    dates = set(re.findall(r"<lastmod>(.+?)</lastmod>", (site / "sitemap.xml").read_text()))
    assert dates == {day}, f"sitemap dates {dates}, expected the newest verification date {day}"


def _validate(instance: object, schema_path: Path) -> list[str]:
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    validator = validator_for(schema)(schema, format_checker=FormatChecker())
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(instance)]


@pytest.mark.parametrize("name", sorted(p.name.removesuffix(".schema.json") for p in (ROOT / "data").glob("*.schema.json")))
def test_json_export_matches_its_schema(site: Path, name: str) -> None:
    document = json.loads((site / "data" / f"{name}.json").read_text(encoding="utf-8"))
    schema = ROOT / "data" / f"{name}.schema.json"
    # The comparison schema describes one criteria group (one YAML file); the export holds them all.
    instances = document if name == "comparison" else [document]
    assert instances, f"/data/{name}.json is empty"
    problems = [p for instance in instances for p in _validate(instance, schema)]
    assert not problems, f"/data/{name}.json:\n" + "\n".join(problems[:20])


#: What the widgets and the tests read, computed by the build rather than dumped from one data file.
COMPUTED = {"decision-index", "cost-model", "cost-vectors", "scenario-costs"}


def test_every_data_export_has_a_schema(site: Path) -> None:
    exports = {p.name.removesuffix(".json") for p in (site / "data").glob("*.json")} - COMPUTED
    schemas = {p.name.removesuffix(".schema.json") for p in (ROOT / "data").glob("*.schema.json")}
    assert exports == schemas, f"exports without a schema: {sorted(exports - schemas)}; missing: {sorted(schemas - exports)}"
