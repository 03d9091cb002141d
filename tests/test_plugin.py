"""The guide plugin: exports, the Content-Security-Policy, print stylesheets, and the build date."""

from __future__ import annotations

import json
import re
from pathlib import Path

from macros.loader import Guide
from macros.plugin import _executable, _sha256, policy, print_css_path
from tests.helpers import Page


def _csp(page: Page) -> str:
    meta = page.soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert meta is not None, page.url
    return meta["content"]


def test_every_page_has_a_strict_policy_before_any_script(site_pages: dict[str, Page]) -> None:
    for url, page in site_pages.items():
        csp = _csp(page)
        directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
        assert directives["default-src"] == "'self'"
        assert directives["object-src"] == "'none'" and directives["base-uri"] == "'self'"
        assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp and "*" not in csp, url
        head = str(page.soup.head)
        assert head.index("Content-Security-Policy") < head.index("<script"), url


def test_every_inline_script_is_allowed_by_its_hash(site: Path, site_pages: dict[str, Page]) -> None:
    for url, page in site_pages.items():
        text = page.path.read_text(encoding="utf-8")
        allowed = set(re.findall(r"'sha256-[^']+'", _csp(page)))
        for found in re.finditer(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script>", text, re.S):
            if _executable(found.group("attrs")):
                assert _sha256(found.group("body")) in allowed, f"{url}: inline script not allowed by hash"


def test_no_inline_style_attributes_from_our_templates(site_pages: dict[str, Page]) -> None:
    for url, page in site_pages.items():
        article = page.soup.select_one("article")
        styled = [str(t)[:80] for t in article.find_all(style=True)] if article else []
        assert not styled, f"{url}: {styled[:3]}"


def test_policy_lists_hashes_and_no_inline_allowance() -> None:
    csp = policy({"'sha256-a'"}, set())
    assert "script-src 'self' 'sha256-a'" in csp and "style-src 'self';" in csp
    assert _executable("") and _executable(' type="module"') and not _executable(' type="application/json"')
    assert not _executable(' src="x.js"')


def test_each_page_has_a_print_stylesheet_with_name_date_and_address(site: Path, site_pages: dict[str, Page],
                                                                      guide: Guide) -> None:
    for url, page in site_pages.items():
        if url == "404.html":
            continue
        link = page.soup.find("link", attrs={"media": "print"})
        assert link is not None, url
        css = (site / print_css_path(url)).read_text(encoding="utf-8")
        assert "KMS or CloudHSM?" in css and "Data checked 20" in css and f"/{url}\"" in css, url
        # Margin boxes inherit from the page box, not the body: without a font they print in the default serif.
        assert re.search(r"@page \{[^@]*font: [^;]*sans-serif", css), url
    assert "landscape" in (site / print_css_path("comparison/")).read_text(encoding="utf-8")


def test_exports_are_the_models_own_dump(site: Path, guide: Guide) -> None:
    options = json.loads((site / "data" / "options.json").read_text(encoding="utf-8"))
    assert options == guide.options_file.model_dump(mode="json", by_alias=True)
    comparison = json.loads((site / "data" / "comparison.json").read_text(encoding="utf-8"))
    assert [g["id"] for g in comparison] == [g.id for g in guide.comparison]


def test_the_browser_reads_a_compact_index_and_the_cost_model(site: Path) -> None:
    index = json.loads((site / "data" / "decision-index.json").read_text(encoding="utf-8"))
    assert {"questions", "options", "reasons", "root", "steps", "outcomes"} <= set(index)
    model = json.loads((site / "data" / "cost-model.json").read_text(encoding="utf-8"))
    assert model["regions"]["us-east-1"]["rates"]["hsm2m.medium"]["hsm_hourly"] == 1.6
    assert (site / "data" / "decision-index.json").stat().st_size < 400_000
