"""Render functions shape typed data; Jinja templates under ``macros/templates/`` draw it as HTML.

The template environment escapes every value by default (autoescape), and data text reaches HTML through one
path, the ``line`` and ``prose`` filters of :mod:`macros.render.markup`. Render functions return Markdown: record
headings (so the table of contents and search see them) between raw HTML blocks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context, select_autoescape
from jinja2.runtime import Context
from markupsafe import Markup, escape

from ..loader import Guide
from ..policy import page_url
from . import markup

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@dataclass(frozen=True)
class Link:
    """Relative links from the page being rendered, so the site works under any base path."""

    current: str = ""  # the page's path from the site root, e.g. "comparison/" ("" for the home page)

    def to(self, page: str, anchor: str | None = None) -> str:
        frag = f"#{anchor}" if anchor else ""
        if page == self.current and anchor:
            return frag
        return ("../" * self.current.count("/") + page or "./") + frag


def option_page(option_id: str) -> str:
    return f"options/{option_id}/"


# The filters read the glossary, and which terms a block has already marked, from the render call's context: one
# template environment can then serve any guide (the tests render many variants of one guide).
@pass_context
def _line(ctx: Context, text: str | None) -> Markup:
    return markup.line(text, ctx["glossary"], ctx.get("abbr_seen"))


@pass_context
def _prose(ctx: Context, text: str | None) -> Markup:
    return markup.prose(text, ctx["glossary"], seen=ctx.get("abbr_seen"))


@pass_context
def _prose_block(ctx: Context, text: str | None) -> Markup:
    return markup.prose(text, ctx["glossary"], block=True, seen=ctx.get("abbr_seen"))


_CELL_END = re.compile(r"(</(?:td|th|tr|dt|dd)>)(?=<)")


def environment(templates: Path = TEMPLATES) -> Environment:
    """Autoescaping on, undefined names an error, and the one escaping path for data text as filters."""
    env = Environment(loader=FileSystemLoader(str(templates)), autoescape=select_autoescape(default=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False)
    env.filters.update(line=_line, prose=_prose, prose_block=_prose_block, url_text=markup.url_text)
    env.globals.update(option_page=option_page)
    return env


class Renderer:
    """One per build: the guide, its glossary, the source numbers, and a template environment (fresh by default,
    so a build under ``mkdocs serve`` sees edited templates)."""

    def __init__(self, guide: Guide, env: Environment | None = None) -> None:
        self.guide = guide
        self.glossary = markup.Glossary(tuple((t.term, t.expansion) for t in guide.glossary
                                              if t.expansion and t.term != t.expansion))
        self.env = env or environment()

    @cached_property
    def _numbers(self) -> dict[str, int]:
        """Every source has one number across the whole guide (its place in data/sources.yml), so a citation
        reads the same on every page and in every printed review pack."""
        return {s.url: i for i, s in enumerate(self.guide.sources, 1)}

    def source_number(self, url: str) -> int:
        return self._numbers[page_url(url)]

    def html(self, template: str, link: Link, **context: Any) -> str:
        """A template rendered as one raw HTML block that Markdown leaves alone."""
        out = self.env.get_template(template).render(
            link=link, guide=self.guide, glossary=self.glossary, abbr_seen=set(), source=self.guide.source,
            source_number=self.source_number, **context)
        # Material's search indexes text nodes as they come: cells and terms that touch ("900</td><td>900") would
        # read "900900" in the index and in result snippets, so each cell, row and term ends its line.
        out = _CELL_END.sub(r"\1\n", out)
        # A blank line would end the raw HTML block and hand the rest to Markdown; the markup never needs one.
        return "\n\n" + re.sub(r"\n\s*\n", "\n", out).strip() + "\n\n"

    @staticmethod
    def heading(level: int, text: str, anchor: str, aliases: list[str] | None = None) -> str:
        """A record's Markdown heading, with invisible anchors for its former ids just before it."""
        spans = "".join(f'<span class="kg-alias" id="{escape(a)}"></span>' for a in aliases or [])
        before = f'\n\n<div class="kg-aliases">{spans}</div>\n' if spans else ""
        return before + markup.heading(level, text, anchor)
