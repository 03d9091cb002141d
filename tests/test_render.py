"""Render functions, tested on their output (no MkDocs involved)."""

from __future__ import annotations

import datetime as dt

from bs4 import BeautifulSoup

from macros.loader import Guide
from macros.models import Cell, Correction
from macros.render import abbr, criteria, overview, references, tables
from macros.render.common import Linker, esc, md_heading

KMS = "https://docs.aws.amazon.com/kms/latest/developerguide/overview.html"


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "lxml")


def test_escaping_turns_script_into_text() -> None:
    out = esc("<script>alert(1)</script> and `GenerateDataKey`")
    assert "<script>" not in out
    assert "&lt;script&gt;" in out
    assert "<code>GenerateDataKey</code>" in out


def test_script_in_a_cell_is_rendered_as_text(fixture_guide: Guide) -> None:
    # Bypass validation (which already refuses markup) to prove the renderer escapes on its own.
    evil = Cell.model_construct(value="<script>alert(1)</script>", note="<img src=x onerror=alert(1)>", na=None,
                                disagreement=None, sources=[KMS], verified=dt.date(2026, 11, 1))
    crit = fixture_guide.criteria[0]
    object.__setattr__(crit, "cells", {**crit.cells, "kms-standard": evil})
    try:
        html = tables.matrix(fixture_guide, Linker("comparison/"))
    finally:
        object.__setattr__(crit, "cells", {k: v for k, v in crit.cells.items()})
    doc = soup(html)
    assert not doc.find("script") and not doc.find("img")
    assert "<script>alert(1)</script>" in doc.get_text()


def test_heading_carries_explicit_id_and_escapes_markdown() -> None:
    line = md_heading(3, "PKCS #11 *and* <JCE>", "apis-and-sdks")
    assert line.strip() == r"### PKCS \#11 \*and\* \&lt;JCE\&gt; { #apis-and-sdks }".replace(r"\&", "&")


def test_linker_is_relative_to_the_current_page() -> None:
    assert Linker("comparison/").to("criteria", "tenancy") == "../criteria/#tenancy"
    assert Linker("").to("comparison", "matrix") == "comparison/#matrix"
    assert Linker("options/kms-standard/").to("home") == "../../"
    assert Linker("comparison/").to("comparison", "tenancy") == "#tenancy"


def test_matrix_has_a_row_per_criterion_and_a_column_per_option(fixture_guide: Guide) -> None:
    doc = soup(tables.matrix(fixture_guide, Linker("comparison/")))
    rows = doc.select("tr[id]")
    assert [r["id"] for r in rows] == [c.id for c in fixture_guide.criteria]
    assert len(rows[0].select("td")) == len(fixture_guide.options)
    assert rows[0].select_one("a.kg-src")["href"] == KMS


def test_glance_table_links_rows_to_details_and_corrections(fixture_guide: Guide) -> None:
    doc = soup(tables.glance_table(fixture_guide, Linker("comparison/")))
    row = doc.select_one("tr#compliance-row")
    hrefs = [a["href"] for a in row.select("a")]
    assert "#fips-140-validation" in hrefs  # same page: the matrix row
    assert "../corrections/#fips-level-cloudhsm" in hrefs
    assert "Often claimed" in row.get_text()


def test_when_to_use_emits_headings_with_ids(fixture_guide: Guide) -> None:
    md = criteria.when_to_use(fixture_guide, "aws-cloudhsm", Linker("decision/"))
    assert "### Dedicated hardware { #dedicated-hardware }" in md
    assert "Original wording" in md  # corrected criteria show what they replace


def test_criteria_details_has_every_option(fixture_guide: Guide) -> None:
    md = criteria.criteria_details(fixture_guide, Linker("criteria/"))
    assert "### FIPS 140 validation { #fips-140-validation }" in md
    for opt in fixture_guide.options:
        assert opt.name in md


def test_former_ids_render_as_alias_anchors(fixture_guide: Guide) -> None:
    corr = fixture_guide.corrections[0]
    aliased = Correction.model_construct(**{**dict(corr), "former_ids": ["old-fips-claim"]})
    object.__setattr__(fixture_guide, "corrections", [aliased])
    try:
        doc = soup(references.corrections(fixture_guide, Linker("corrections/")))
    finally:
        object.__setattr__(fixture_guide, "corrections", [corr])
    assert doc.find(id="old-fips-claim") is not None


def test_source_list_says_where_each_page_is_cited(fixture_guide: Guide) -> None:
    doc = soup(references.source_list(fixture_guide, Linker("sources/")))
    row = doc.find(id="src-kms-overview")
    assert "../criteria/#fips-140-validation" in [a["href"] for a in row.select("a")]


def test_option_overview_lists_every_criterion(fixture_guide: Guide) -> None:
    md = overview.option_overview(fixture_guide, "cloudhsm-direct", Linker("options/cloudhsm-direct/"))
    assert "../../criteria/#fips-140-validation" in md
    assert "{ #cloudhsm-direct-trade-offs }" in md


def test_glossary_terms_become_tooltips(fixture_guide: Guide) -> None:
    terms = abbr.glossary_terms(fixture_guide)
    assert "*[HSM]: Hardware security module" in abbr.snippet(terms)
    out = abbr.abbreviate('<p>An HSM and <a href="x">HSM</a> and <code>HSM</code> and HSMs</p>\n### HSM { #hsm }', terms)
    assert out.count("<abbr") == 1  # not inside links or code, not in headings, whole words only
    assert '<abbr title="Hardware security module">HSM</abbr>' in out
