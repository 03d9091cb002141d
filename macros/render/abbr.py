"""Glossary tooltips: mark glossary terms in rendered output with <abbr title="...">.

Markdown's abbreviation extension only reaches Markdown text; most of this guide is HTML rendered from data,
so the same glossary is applied here to macro output, and as an auto-appended snippet to the page prose.
"""

from __future__ import annotations

import html
import re
from functools import cache

from ..loader import Guide

#: Inside these elements a tooltip would be wrong (links, code) or redundant (an existing abbr).
_SKIP = ("a", "code", "abbr", "pre", "script", "style", "textarea", "button", "label", "legend")
#: What is left alone: a whole element from the list above (none of them nests in itself), and a Markdown heading
#: line with its { #id } attribute list. Everything between is searched for terms in one C-level pass each.
_LEAVE = re.compile(rf"<({'|'.join(_SKIP)})\b[^>]*>.*?</\1\s*>|^[ \t]*#[^\n]*", re.S | re.M | re.I)
_WORD_PART = re.compile(r"[\w#-]")


@cache
def _pattern(terms: tuple[tuple[str, str], ...]) -> re.Pattern[str]:
    # Longest first, so "FIPS 140-3" wins over a shorter overlapping term; whole words only, case-sensitive.
    # The lookahead skips text inside a tag (an attribute value): there, the next angle bracket closes the tag.
    # No look-behind for the start of a word: it would stop the regex engine from skipping ahead to the first
    # letters of the terms, and the search would be four times slower. ``abbreviate`` checks that instead.
    alternatives = "|".join(re.escape(html.escape(t, quote=False)) for t, _ in sorted(terms, key=lambda x: -len(x[0])))
    return re.compile(rf"({alternatives})(?![\w-])(?![^<>]*>)")


@cache
def _titles(terms: tuple[tuple[str, str], ...]) -> dict[str, str]:
    return {html.escape(t, quote=False): html.escape(e, quote=True) for t, e in terms}


def glossary_terms(guide: Guide) -> tuple[tuple[str, str], ...]:
    return tuple((t.term, t.expansion) for t in guide.glossary if t.expansion and t.term != t.expansion)


def abbreviate(markup: str, terms: tuple[tuple[str, str], ...]) -> str:
    """Wrap glossary terms found in the text parts of ``markup``; tags, attributes and Markdown headings are left alone."""
    if not terms:
        return markup
    pattern, titles = _pattern(terms), _titles(terms)

    def wrap(found: re.Match[str]) -> str:
        if found.start() and _WORD_PART.match(found.string, found.start() - 1):
            return found.group(0)  # the end of a longer word: "CO" in "ECO", "HSM" in "CloudHSM"
        return f'<abbr title="{titles[found.group(1)]}">{found.group(1)}</abbr>'

    out, start = [], 0
    for left in _LEAVE.finditer(markup):
        out += (pattern.sub(wrap, markup[start:left.start()]), left.group(0))
        start = left.end()
    out.append(pattern.sub(wrap, markup[start:]))
    return "".join(out)


def snippet(terms: tuple[tuple[str, str], ...]) -> str:
    """The same glossary as Markdown abbreviation definitions, appended to every page's prose."""
    return "\n".join(f"*[{t}]: {e}" for t, e in terms) + "\n"
