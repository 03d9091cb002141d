"""The built search index holds a section, with its stable anchor, for every fact readers search for."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from macros.loader import Guide
from tests.search_cases import CASES


@pytest.fixture(scope="module")
def index(site: Path) -> dict:
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))


def _tokens(text: str, separator: str) -> list[str]:
    return [t for t in re.split(separator, text.lower()) if t]


def test_at_least_25_queries() -> None:
    assert len(CASES) >= 25


def test_separator_keeps_technical_terms(index: dict) -> None:
    sep = index["config"]["separator"]
    assert "hsm2m.medium" in _tokens("on hsm2m.medium HSMs", sep)
    assert "#11" in _tokens("PKCS #11 library", sep)
    assert "rsa_2048" in _tokens("RSA_2048 keys", sep)
    # A range's en dash splits it, as a hyphen does: either bound is found.
    assert {"10", "000", "100"} <= set(_tokens("10,000–100,000 requests", sep))


@pytest.mark.parametrize("query", sorted(CASES))
def test_query_terms_are_in_an_expected_section(index: dict, query: str) -> None:
    sep = index["config"]["separator"]
    docs = {d["location"]: d for d in index["docs"]}
    hits = []
    for location in CASES[query]:
        doc = docs.get(location)
        assert doc is not None or location.endswith("/"), f"{location} is not a search section"
        if doc is None:
            continue
        words = _tokens(doc["title"] + " " + BeautifulSoup(doc["text"], "lxml").get_text(" "), sep)
        if all(any(w.startswith(q) for w in words) for q in _tokens(query, sep)):
            hits.append(location)
    assert hits, f"no expected section for {query!r} contains all its terms: {sorted(CASES[query])}"


def test_every_criterion_is_its_own_search_section(index: dict, guide: Guide) -> None:
    locations = {d["location"] for d in index["docs"]}
    missing = [c.id for c in guide.criteria if f"criteria/#{c.id}" not in locations]
    assert not missing, f"criteria without a search section: {missing}"
    when = [w.id for g in guide.when for w in g.criteria if f"decision/#{w.id}" not in locations]
    assert not when, f"'when to use' criteria without a search section: {when}"


def test_duplicate_tables_stay_out_of_the_index(index: dict) -> None:
    matrix = next(d for d in index["docs"] if d["location"] == "comparison/#matrix")
    assert len(matrix["text"]) < 1000, "the full matrix is indexed: queries would land on it instead of criteria"



def _plain_rows(html: str) -> list[list[str]]:
    """Rows of the searchable tables whose cells are plain text (no markup the index would keep or drop)."""
    rows = []
    for table in BeautifulSoup(html, "lxml").select("article table"):
        if table.find_parent(attrs={"data-search-exclude": True}) or table.has_attr("data-search-exclude"):
            continue
        for tr in table.select("tr"):
            cells = tr.find_all(["td", "th"], recursive=False)
            if len(cells) > 1 and all(c.get_text().strip() and not c.find(True) for c in cells):
                rows.append([" ".join(c.get_text().split()) for c in cells])
    return rows


def test_table_cells_keep_their_word_boundaries_in_the_index(index: dict, site: Path) -> None:
    """Cells that touch in the HTML run together in the index and in result snippets ("900900No")."""
    text: dict[str, str] = {}
    for doc in index["docs"]:
        page = doc["location"].split("#")[0]
        text[page] = text.get(page, "") + " " + " ".join(doc["text"].split())
    checked, missing = 0, []
    for path in sorted(site.rglob("index.html")):
        page = path.parent.relative_to(site).as_posix() + "/" if path.parent != site else ""
        for cells in _plain_rows(path.read_text(encoding="utf-8")):
            checked += 1
            if " ".join(cells) not in text.get(page, ""):
                missing.append(f"{page}: {cells}")
    assert checked >= 5, "hardly any plain table row found: the check would pass on nothing"
    assert not missing, "rows whose cells run together in the search index:\n" + "\n".join(missing[:10])


def test_no_cell_row_or_term_touches_the_next_tag(site_pages: dict) -> None:
    """The cause of the above, on every page: the guide's templates end each cell, row and term with a line break."""
    touching = {url: n for url, page in site_pages.items()
                if (n := len(re.findall(r"</(?:td|th|tr|dt|dd)><", page.path.read_text(encoding="utf-8"))))}
    assert not touching, f"cells, rows or terms directly followed by a tag: {touching}"


def test_chart_axis_labels_stay_out_of_search_snippets(index: dict, site: Path) -> None:
    # A chart's tick labels read as junk in a result ("100k 1M 10M 100M 1B 10B $1 $10 ..."); its title and the
    # page's tables carry the same figures in words.
    soup = BeautifulSoup((site / "cost" / "index.html").read_text(encoding="utf-8"), "lxml")
    ticks = [t.get_text() for t in soup.select("svg.kg-chart text.kg-tick")]
    assert len(ticks) > 4
    run = " ".join(ticks[:3])
    assert not [d["location"] for d in index["docs"] if run in d["text"]]
