"""Shared pieces of every component: escaping, page addresses, citations, anchors."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .. import stash
from ..loader import Guide
from ..models import Aliased

#: Where each kind of record lives: logical page -> URL path (``use_directory_urls``), the one place pages are named.
PAGES: dict[str, str] = {
    "home": "",
    "aws-kms": "aws-kms/",
    "aws-cloudhsm": "aws-cloudhsm/",
    "decision": "decision/",
    "comparison": "comparison/",
    "criteria": "criteria/",
    "corrections": "corrections/",
    "sources": "sources/",
    "glossary": "glossary/",
    "quotas": "quotas/",
    "cost": "cost/",
}


def option_page(option_id: str) -> str:
    return f"options/{option_id}/"


_CODE = re.compile(r"`([^`]+)`")


def esc(text: str) -> str:
    """Escape data text for HTML; `backticks` become <code>. Data never reaches the page unescaped."""
    return _CODE.sub(lambda m: f"<code>{m.group(1)}</code>", html.escape(text, quote=True))


def attr(text: str) -> str:
    return html.escape(text, quote=True)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}#+!|<>~])")


def md_heading(level: int, text: str, anchor: str, toc_label: str | None = None) -> str:
    """A Markdown heading with an explicit id, so the anchor never depends on the heading's wording.

    Markdown headings (not raw HTML) are what the TOC and the search index are built from.
    """
    safe = _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))
    extra = f' data-toc-label="{attr(toc_label)}"' if toc_label else ""
    return f"\n{'#' * level} {safe} {{ #{anchor}{extra} }}\n"


@dataclass(frozen=True)
class Linker:
    """Builds relative links from the page being rendered, so the site works under any base path."""

    current: str = ""

    def to(self, page: str, anchor: str | None = None) -> str:
        target = PAGES.get(page, page)
        frag = f"#{anchor}" if anchor else ""
        if target == self.current and anchor:
            return frag
        return ("../" * self.current.count("/") + target or "./") + frag

    def here(self, anchor: str) -> str:
        return f"#{anchor}"


def aliases(record: Aliased) -> str:
    """Invisible anchors for former ids, so links pasted before a rename still land on the record."""
    return "".join(f'<span class="kg-alias" id="{attr(a)}"></span>' for a in record.former_ids)


def heading_with_aliases(level: int, text: str, record: Aliased, toc_label: str | None = None) -> str:
    """A record's heading, preceded by its former ids so an old link scrolls to the same heading."""
    before = block(aliases(record)) if record.former_ids else ""
    return before + md_heading(level, text, record.id, toc_label)


def link(href: str, text: str, cls: str | None = None) -> str:
    c = f' class="{cls}"' if cls else ""
    return f'<a href="{attr(href)}"{c}>{esc(text)}</a>'


def cite(guide: Guide, urls: Iterable[str], verified: dt.date | None = None) -> str:
    """The source line under a fact: each official page by its title, and the verification date."""
    links = []
    for url in urls:
        source = guide.source(url)
        links.append(f'<a class="kg-src" href="{attr(url)}">{esc(source.title)}</a>')
    date = ""
    if verified:
        iso = verified.isoformat()
        date = f' <span class="kg-verified">verified <time datetime="{iso}">{iso}</time></span>'
    return f'<span class="kg-cite">Source: {"; ".join(links)}.{date}</span>'


def fact_html(guide: Guide, text: str, urls: Iterable[str], verified: dt.date, note: str | None = None) -> str:
    note_html = f' <span class="kg-note">{esc(note)}</span>' if note else ""
    return f"{esc(text)}{note_html} {cite(guide, urls, verified)}"


def widget_script(linker: Linker, name: str) -> str:
    """The script of an interactive component, loaded only on pages that show it (not in every page's head).

    It sits in the page content, where Material's instant navigation runs it again after a page swap; each
    widget script is written to load once and to mount each element once.
    """
    return f'<script src="{attr(linker.to("assets/javascripts/" + name))}" defer></script>'


def block(html_text: str, searchable: bool = True) -> str:
    """Raw HTML surrounded by blank lines, so Markdown leaves it alone.

    During a build it is stashed and Markdown sees a placeholder (see ``macros.stash``). ``searchable=False``
    keeps it out of the search index: for tables that repeat text the index has from the criterion's own section.
    """
    return f"\n\n{stash.put(html_text, searchable) or html_text}\n\n"
