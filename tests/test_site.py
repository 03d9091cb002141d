"""The built site: every item of the original comparison is there by id, and nothing loads from elsewhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from macros.claims import claims
from macros.loader import Guide
from macros.tools.facts import stale
from macros.tools.sitecheck import check_site
from tests.helpers import Page

SEED = (Path(__file__).parent / "fixtures" / "seed.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    """The seed text from ``title`` to the next heading of the same or a higher level."""
    level = len(title) - len(title.lstrip("#"))
    start = SEED.index(title)
    nxt = re.compile(rf"^#{{1,{level}}} ", flags=re.M).search(SEED, start + len(title))
    return SEED[start: nxt.start() if nxt else len(SEED)]


def _bullets(title: str) -> list[tuple[str, str]]:
    return re.findall(r"^- \*\*(.+?):\*\* (.+)$", _section(title), flags=re.M)


def test_seed_parsing_finds_every_item() -> None:
    # Guards the guards: if the seed parser broke, the coverage tests below would pass vacuously.
    assert len(_bullets("### **When to Use AWS KMS**")) == 6
    assert len(_bullets("### **When to Use AWS CloudHSM**")) == 6
    assert len(re.findall(r"^\| \*\*", _section("## Key Differences"), flags=re.M)) == 6
    assert len(re.findall(r"^- \[", _section("## Documentation Links"), flags=re.M)) == 10


@pytest.mark.parametrize(("service", "title"), [("aws-kms", "### **When to Use AWS KMS**"),
                                                ("aws-cloudhsm", "### **When to Use AWS CloudHSM**")])
def test_every_when_to_use_bullet_is_on_the_decision_page(guide: Guide, site_pages: dict[str, Page],
                                                          service: str, title: str) -> None:
    records = next(g for g in guide.when if g.service == service).criteria
    by_seed = {r.seed_text: r for r in records}
    page = site_pages["decision/"]
    for _bold, text in _bullets(title):
        record = by_seed.get(text)
        assert record is not None, f"seed bullet {text!r} has no record in data/when-to-use.yml"
        heading = page.soup.find(id=record.id)
        assert heading is not None and heading.name == "h3", f"#{record.id} missing on the decision page"


def test_every_key_difference_row_is_on_the_comparison_page(guide: Guide, site_pages: dict[str, Page]) -> None:
    rows = re.findall(r"^\| \*\*(.+?)\*\* +\| (.+?) *\| (.+?) *\|$", _section("## Key Differences"), flags=re.M)
    assert len(rows) == 6
    for feature, kms, hsm in rows:
        record = next((r for r in guide.glance if r.seed.get("aws-kms") == kms.strip()), None)
        assert record is not None, f"seed row {feature!r} has no record in data/at-a-glance.yml"
        assert record.seed.get("aws-cloudhsm") == hsm.strip()
        for url in ("comparison/", ""):
            row = site_pages[url].soup.find(id=record.id)
            assert row is not None and row.name == "tr", f"row #{record.id} missing on /{url}"


def test_every_documentation_link_is_on_its_service_page(guide: Guide, site_pages: dict[str, Page]) -> None:
    seed_links = re.findall(r"^- \[(.+?)\]\((https://.+?)\)$", _section("## Documentation Links"), flags=re.M)
    records = {d.seed_title: (g.service, d) for g in guide.links for d in g.links if d.seed_title}
    for title, url in seed_links:
        assert title in records, f"seed link {title!r} has no record in data/links.yml"
        service, record = records[title]
        assert record.url == url, f"{title}: data URL {record.url} differs from the original {url}"
        item = site_pages[f"{service}/"].soup.find(id=record.id)
        assert item is not None and item.find("a", href=url), f"#{record.id} missing on /{service}/"


def test_overviews_and_summary_are_on_the_site(guide: Guide, site_pages: dict[str, Page]) -> None:
    for svc in guide.services:
        assert svc.seed_overview.split(" ")[0] in SEED
        page = site_pages[f"{svc.id}/"]
        assert page.soup.find("h1", id=svc.id) is not None
        assert page.soup.select("ul.kg-facts li"), f"/{svc.id}/ shows no overview facts"
    seed_summary = re.findall(r"^- \*\*(.+?):\*\* (.+)$", _section("## Summary"), flags=re.M)
    assert len(seed_summary) == 2
    by_seed = {s.seed_text: s for s in guide.summary}
    for _service, text in seed_summary:
        assert text in by_seed, f"summary line {text!r} has no record in data/summary.yml"
        assert site_pages[""].soup.find(id=by_seed[text].id) is not None


def test_no_page_loads_anything_from_another_host(site: Path, site_pages: dict[str, Page]) -> None:
    report = check_site(site, pages=site_pages)
    offenders = [str(p) for p in report.problems if "another host" in p.reason]
    assert report.resources > 0
    assert not offenders, "\n".join(offenders)


def test_no_template_syntax_or_macro_error_leaks(site_pages: dict[str, Page]) -> None:
    for url, page in site_pages.items():
        text = page.path.read_text(encoding="utf-8")
        body = page.soup.select_one("article")
        visible = body.get_text(" ") if body else ""
        assert "Macro Rendering Error" not in text, url
        assert "{{" not in visible and "{%" not in visible, f"unrendered template syntax on /{url}"


#: Words from how the guide was made, which mean nothing to a reader: the widely shared comparison the guide corrects
#: is "a common comparison", never "the seed" or "the original"; a page we could not see is "not seen".
INTERNAL_WORDING = re.compile("|".join([
    r"\bthe seed\b", r"\bseed's\b", r"\bin the original\W+(?:overview|section|comparison|text|table)",
    r"\bour archived copies\b", r"\bwas cut before\b"]), re.I)


def test_pages_speak_to_readers_not_about_how_the_guide_was_made(site_pages: dict[str, Page]) -> None:
    found = {url: sorted({m.group(0).lower() for m in INTERNAL_WORDING.finditer(page.soup.get_text(" "))})
             for url, page in site_pages.items()}
    assert not {url: words for url, words in found.items() if words}


def test_every_fact_has_sources_and_a_date(guide: Guide) -> None:
    facts = list(claims(guide))
    assert len(facts) > 200
    assert all(f.sources and f.verified for f in facts)
    assert not stale(guide), "facts verified more than 12 months ago: run `make stale`"


def test_corrections_cover_the_known_errors_of_the_original(guide: Guide) -> None:
    claims = " ".join(c.seed_claim for c in guide.corrections).lower()
    for topic in ("140-2", "byok", "moderate", "shared responsibility"):
        assert topic in claims, f"no correction addresses {topic!r}"


# Each widget's script and the element it mounts on: a page loads the script exactly when it shows the widget.
WIDGET_SCRIPTS = {"cost.js": "[data-widget]", "decision.js": ".kg-helper"}


def test_no_script_blocks_the_first_paint(site_pages: dict[str, Page]) -> None:
    """Every external script is deferred, Material's bundle included (overrides/main.html rewrites its tag)."""
    for url, page in site_pages.items():
        scripts = page.soup.find_all("script", src=True)
        assert any("bundle." in s["src"] for s in scripts), f"/{url}: Material's bundle is missing"
        blocking = [s["src"] for s in scripts if not s.has_attr("defer")]
        assert not blocking, f"/{url}: scripts without defer hold up the first paint: {blocking}"


def test_widget_scripts_load_only_where_their_widget_is(site_pages: dict[str, Page]) -> None:
    seen = dict.fromkeys(WIDGET_SCRIPTS, 0)
    for url, page in site_pages.items():
        loaded = {Path(s["src"]).name for s in page.soup.find_all("script", src=True)}
        for script, widget in WIDGET_SCRIPTS.items():
            shown = page.soup.select_one(widget) is not None
            assert (script in loaded) == shown, f"/{url}: {script} loaded={script in loaded}, widget shown={shown}"
            seen[script] += shown
    assert all(seen.values()), f"a widget is on no page: {seen}"


DOCS = Path(__file__).resolve().parents[1] / "docs"


@pytest.mark.parametrize("path", sorted(DOCS.rglob("*.md")), ids=lambda p: str(p.relative_to(DOCS)))
def test_every_page_front_matter_is_a_mapping(path: Path) -> None:
    """MkDocs renders front matter that is not valid YAML as page text (a colon in a plain value once made the
    linking page's description a heading), so each page's front matter must parse, with a one-line description."""
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n"), "no front matter"
    meta = yaml.safe_load(text.split("---\n", 2)[1])
    assert isinstance(meta, dict) and isinstance(meta.get("description"), str) and "\n" not in meta["description"]
