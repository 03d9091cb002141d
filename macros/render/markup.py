"""The one escaping path for text from the data.

``line`` and ``prose`` turn a data string into HTML: escape everything first, then apply the only Markdown the data
may use (`code` spans; in prose, paragraphs separated by a blank line), then mark glossary terms with ``<abbr>``.
``heading`` does the same for the one place data text enters Markdown source (record headings, which the table of
contents and the search index are built from): every character Markdown could read as syntax is escaped.

The Jinja templates use ``line`` and ``prose`` as filters, with autoescaping on: a value that does not go through
them is escaped by Jinja anyway, so forgetting a filter can only lose formatting, never open a hole.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import cached_property

from markupsafe import Markup, escape

_CODE = re.compile(r"`([^`\n]+)`")
_WORD_PART = re.compile(r"[\w#-]")


@dataclass(frozen=True)
class Glossary:
    """Terms and their expansions, marked up with ``<abbr title>`` wherever they appear in data text."""

    terms: tuple[tuple[str, str], ...] = ()

    @cached_property
    def _pattern(self) -> re.Pattern[str] | None:
        if not self.terms:
            return None
        # Longest first, so "FIPS 140-3" wins over a shorter overlapping term; whole words only, case-sensitive.
        ordered = sorted((html.escape(t, quote=False) for t, _ in self.terms), key=len, reverse=True)
        return re.compile(rf"({'|'.join(map(re.escape, ordered))})(?![\w-])")

    @cached_property
    def _titles(self) -> dict[str, str]:
        return {html.escape(t, quote=False): e for t, e in self.terms}

    def mark(self, escaped: str, seen: set[str] | None = None) -> str:
        """Wrap terms in already-escaped text that holds no tags. With ``seen``, only a term's first appearance is
        marked (a reader meets the expansion once per part of a page, and the page stays light)."""
        pattern = self._pattern
        if pattern is None:
            return escaped

        def wrap(found: re.Match[str]) -> str:
            term = found.group(1)
            if found.start() and _WORD_PART.match(found.string, found.start() - 1):
                return term  # the end of a longer word: "HSM" in "CloudHSM"
            if seen is not None:
                if term in seen:
                    return term
                seen.add(term)
            return f'<abbr title="{escape(self._titles[term])}">{term}</abbr>'

        return pattern.sub(wrap, escaped)


NO_GLOSSARY = Glossary()


def _inline(text: str, glossary: Glossary, seen: set[str] | None) -> str:
    """Escape, then `code` spans (left without glossary marks) and glossary terms in the text between them."""
    out, start = [], 0
    escaped = str(escape(text))
    for code in _CODE.finditer(escaped):
        out += (glossary.mark(escaped[start:code.start()], seen), f"<code>{code.group(1)}</code>")
        start = code.end()
    out.append(glossary.mark(escaped[start:], seen))
    return "".join(out)


def line(text: str | None, glossary: Glossary = NO_GLOSSARY, seen: set[str] | None = None) -> Markup:
    """One line of data text as HTML (no block elements)."""
    if text is None:
        return Markup("")
    return Markup(_inline(" ".join(text.split("\n")), glossary, seen))


def prose(text: str | None, glossary: Glossary = NO_GLOSSARY, *, block: bool = False,
          seen: set[str] | None = None) -> Markup:
    """Prose as HTML: paragraphs split at blank lines. ``block=False`` keeps a single paragraph inline (no <p>),
    for list items and table cells; with several paragraphs, or ``block=True``, each becomes a <p>."""
    if text is None:
        return Markup("")
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]
    if len(paragraphs) == 1 and not block:
        return Markup(_inline(paragraphs[0], glossary, seen))
    return Markup("".join(f"<p>{_inline(p, glossary, seen)}</p>" for p in paragraphs))


#: Python-Markdown's backslash escapes with the site's extensions (``tables`` adds '|'); a test holds this set equal
#: to ``Markdown.ESCAPED_CHARS``. '<' and '&' are escaped as entities instead.
MD_ESCAPED = frozenset("\\`*_{}[]()>#+-.!|")
_MD_SPECIAL = re.compile("([" + re.escape("".join(sorted(MD_ESCAPED))) + "])")


def heading(level: int, text: str, anchor: str) -> str:
    """A Markdown heading with an explicit id, so the anchor never depends on the heading's wording.

    ``text`` is one line (the ``Line``/``Label`` kinds forbid line breaks). Every character Markdown or its
    extensions could read as syntax is escaped, so the heading shows exactly what the data says; `code` spans stay
    code spans, as everywhere else (Markdown shows a code span's content literally).
    """
    text = " ".join(text.split())
    out, start = [], 0
    for code in re.finditer(r"`([^`]+)`", text):
        out += (_md_escape(text[start:code.start()]), f"`{code.group(1)}`")
        start = code.end()
    out.append(_md_escape(text[start:]))
    return f"\n{'#' * level} {''.join(out)} {{ #{anchor} }}\n"


def _md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def url_text(url: str) -> Markup:
    """A URL shown as text: escaped, with break opportunities after each '/', so print wraps it between segments
    rather than in the middle of a word."""
    return Markup(str(escape(url)).replace("/", "/<wbr>"))
