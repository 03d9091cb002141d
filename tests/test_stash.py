"""The build hands Markdown placeholders for rendered HTML and puts the HTML back afterwards (macros.stash)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

from macros import stash
from macros.render.common import block
from tests.helpers import Page

TABLE = '<table id="row-a" data-search-exclude><tr id="row-b"><td>x</td></tr></table>'
PROSE = '<p id="intro">Searchable text</p>'


def _page() -> SimpleNamespace:
    return SimpleNamespace(present_anchor_ids={"heading"}, file=SimpleNamespace(src_uri="x.md"))


def test_outside_a_build_a_block_is_its_html() -> None:
    assert block(PROSE).strip() == PROSE


def test_inside_a_macro_markdown_sees_one_placeholder_per_block() -> None:
    with stash.collecting() as blocks:
        markup = block(PROSE) + block(TABLE, searchable=False)
    assert PROSE not in markup and TABLE not in markup
    assert len(blocks) == 2 and len(stash.leftovers(markup)) == 2
    assert {b.searchable for b in blocks.values()} == {True, False}


def test_searchable_blocks_return_before_search_the_rest_after(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stash, "BLOCKS", {})
    with stash.collecting() as blocks:
        markup = block(PROSE) + block(TABLE, searchable=False)
    stash.BLOCKS.update(blocks)
    page = _page()
    content = stash.on_page_content(markup, page=page)
    assert PROSE in content and TABLE not in content, "the search plugin must see the prose and not the table"
    assert page.present_anchor_ids == {"heading", "intro", "row-a", "row-b"}, "MkDocs' anchor check must know every id"
    final = stash.on_post_page(content, page=page)
    assert PROSE in final and TABLE in final and not stash.leftovers(final)


def test_a_block_never_put_back_stops_the_build(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stash, "BLOCKS", {})
    with stash.collecting():
        markup = block(PROSE)
    content = stash.on_page_content(markup, page=_page())  # rendered, but never handed to the build's registry
    with pytest.raises(PluginError, match=r"x\.md: 1 rendered block\(s\) were never put back"):
        stash.on_post_page(content, page=_page())


def test_no_placeholder_reaches_the_site(site_pages: dict[str, Page]) -> None:
    for url, page in site_pages.items():
        assert not stash.leftovers(page.path.read_text(encoding="utf-8")), f"/{url}"
    # and the stashed parts did come back: the matrix, the tree and the sources tables are on their pages
    assert site_pages["comparison/"].soup.select_one(".kg-matrix tbody tr[id]") is not None
    assert site_pages["decision/"].soup.select_one(".kg-tree .kg-step") is not None
    assert site_pages["sources/"].soup.select_one(".kg-long tr[id]") is not None
