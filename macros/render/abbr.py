"""Glossary tooltips: mark glossary terms in rendered output with <abbr title="...">.

Markdown's abbreviation extension only reaches Markdown text; most of this guide is HTML rendered from data,
so the same glossary is applied here to macro output, and as an auto-appended snippet to the page prose.
"""

from __future__ import annotations

import html
import re
from functools import cache

from ..loader import Guide

_TAG = re.compile(r"(<[^>]+>)")
#: Inside these elements a tooltip would be wrong (links, code) or redundant (an existing abbr).
_SKIP = ("a", "code", "abbr", "pre", "script", "style", "textarea", "button", "label", "legend")


@cache
def _pattern(terms: tuple[tuple[str, str], ...]) -> re.Pattern[str]:
    # Longest first, so "FIPS 140-3" wins over a shorter overlapping term; whole words only, case-sensitive.
    alternatives = "|".join(re.escape(html.escape(t, quote=False)) for t, _ in sorted(terms, key=lambda x: -len(x[0])))
    return re.compile(rf"(?<![\w#-])({alternatives})(?![\w-])")


def glossary_terms(guide: Guide) -> tuple[tuple[str, str], ...]:
    return tuple((t.term, t.expansion) for t in guide.glossary if t.expansion and t.term != t.expansion)


def abbreviate(markup: str, terms: tuple[tuple[str, str], ...]) -> str:
    """Wrap glossary terms found in the text parts of ``markup``; tags, attributes and Markdown headings are left alone."""
    if not terms:
        return markup
    titles = {html.escape(t, quote=False): html.escape(e, quote=True) for t, e in terms}
    pattern = _pattern(terms)
    out, depth = [], 0
    for line in markup.split("\n"):
        if line.lstrip().startswith("#"):  # a Markdown heading with its { #id } attribute list
            out.append(line)
            continue
        pieces = []
        for piece in _TAG.split(line):
            if piece.startswith("<"):
                name = re.match(r"</?\s*([a-zA-Z0-9]+)", piece)
                tag = name.group(1).lower() if name else ""
                if tag in _SKIP and not piece.endswith("/>"):
                    depth += -1 if piece.startswith("</") else 1
                pieces.append(piece)
            elif depth > 0 or not piece:
                pieces.append(piece)
            else:
                pieces.append(pattern.sub(lambda m: f'<abbr title="{titles[m.group(1)]}">{m.group(1)}</abbr>', piece))
        out.append("".join(pieces))
    return "\n".join(out)


def snippet(terms: tuple[tuple[str, str], ...]) -> str:
    """The same glossary as Markdown abbreviation definitions, appended to every page's prose."""
    return "\n".join(f"*[{t}]: {e}" for t, e in terms) + "\n"
