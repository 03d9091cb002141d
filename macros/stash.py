"""Raw HTML from the render functions, kept out of Markdown's way while a page is converted.

MkDocs and Python-Markdown each parse every raw HTML block of a page (MkDocs to collect anchor ids, Markdown
to find where the block ends), and the search plugin parses the finished page again: on the longest pages that
was about a fifth of the build. While a macro runs, ``render.common.block`` hands Markdown a one-line
placeholder instead and keeps the HTML here; the hooks put it back. Searchable blocks return before the search
plugin reads the page; blocks the index leaves out anyway (tables that repeat text found elsewhere) return
only in the finished HTML, so the search plugin never parses them.

Outside a build (the render tests call render functions directly) no stash is active and ``block`` returns the
HTML itself.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from mkdocs.exceptions import PluginError

_ACTIVE: ContextVar[dict[str, Block] | None] = ContextVar("guide_stash", default=None)
#: Every block of the current build by key; keys are content hashes, so a rebuild reuses them.
BLOCKS: dict[str, Block] = {}
_PLACEHOLDER = re.compile(r'<div data-kg-block="([0-9a-f]{20})"></div>')
_IDS = re.compile(r'<[a-zA-Z][^>]*?\sid="([^"]+)"')


@dataclass(frozen=True)
class Block:
    html: str
    searchable: bool

    @property
    def ids(self) -> set[str]:
        return set(_IDS.findall(self.html))


def put(html: str, searchable: bool) -> str | None:
    """A placeholder for ``html`` while a stash is active (inside a macro call), else None."""
    active = _ACTIVE.get()
    if active is None:
        return None
    key = hashlib.sha256(f"{searchable}\0{html}".encode()).hexdigest()[:20]
    active[key] = Block(html, searchable)
    return f'<div data-kg-block="{key}"></div>'


@contextmanager
def collecting() -> Iterator[dict[str, Block]]:
    """Stash the blocks rendered inside the ``with``; the caller decides what to do with them, then keeps them."""
    blocks: dict[str, Block] = {}
    token = _ACTIVE.set(blocks)
    try:
        yield blocks
    finally:
        _ACTIVE.reset(token)


def restore(markup: str, *, searchable: bool) -> tuple[str, set[str]]:
    """Put back the blocks of one kind; returns the markup and the anchor ids of every block it names."""
    ids: set[str] = set()

    def swap(match: re.Match[str]) -> str:
        block = BLOCKS.get(match.group(1))
        if block is None:  # left in place: on_post_page reports it
            return match.group(0)
        ids.update(block.ids)
        return block.html if block.searchable == searchable else match.group(0)

    return _PLACEHOLDER.sub(swap, markup), ids


def leftovers(markup: str) -> list[str]:
    """Placeholders still in ``markup``: a block that was never put back (the build fails on any)."""
    return _PLACEHOLDER.findall(markup)


# --- MkDocs hooks (wired in macros/hook.py) ---------------------------------------------------------------------


def on_page_content(html: str, page: Any, **_: Any) -> str:
    """Searchable blocks back before the search plugin reads the page; every block's ids join the page's anchors,
    so MkDocs' strict anchor check knows them as it knew them when the HTML went through Markdown."""
    html, ids = restore(html, searchable=True)
    if page.present_anchor_ids is not None:
        page.present_anchor_ids |= ids
    return html


def on_post_page(output: str, page: Any, **_: Any) -> str:
    output, _ids = restore(output, searchable=False)
    if missing := leftovers(output):
        raise PluginError(f"{page.file.src_uri}: {len(missing)} rendered block(s) were never put back: {missing[:3]}")
    return output
