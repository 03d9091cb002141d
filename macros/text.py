"""Text kinds: what a string from the data may contain, declared once per field.

Every text field of every model is one of two kinds:

* ``Line``: single-line plain text (names, labels, terms, short values, table cells);
* ``Prose``: sentences that may run to several paragraphs (facts, notes, reasons, help texts).

Both reject control characters, bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069, which can make
text read backwards) and invisible characters (zero-width spaces and joiners, word joiners, soft hyphens, byte
order marks); a ``Line`` also rejects line breaks. Each field has a length limit.

Both kinds render through one escaping path (:mod:`macros.render.markup`): the text is HTML-escaped first, then the
only Markdown the data may use is applied: `code` spans in backticks and, in prose, paragraphs separated by a blank
line. Every other character, `<`, `*`, `[`, `{` included, is shown exactly as typed.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, StringConstraints

BIDI_CONTROLS = frozenset([*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C])
INVISIBLE = frozenset([0x00AD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF])
LINE_BREAKS = frozenset([0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029])


def _describe(char: str) -> str:
    name = unicodedata.name(char, "control character")
    return f"U+{ord(char):04X} {name}"


_FORBIDDEN = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(
    BIDI_CONTROLS | INVISIBLE | LINE_BREAKS | set(range(0x20)) | set(range(0x7F, 0xA0)))) + "]")


def first_problem(value: str, *, multiline: bool) -> str | None:
    """Why ``value`` may not be shown as typed, or None. Positions count from 1, as an editor shows them."""
    if not _FORBIDDEN.search(value):  # the common case, in one C-level scan
        return None
    for index, char in enumerate(value, 1):
        code = ord(char)
        if code in LINE_BREAKS:
            if multiline and char == "\n":
                continue
            where = "a line break" if code in (0x0A, 0x0D) else _describe(char)
            return f"single-line text expected: {where} at character {index}"
        if code in BIDI_CONTROLS:
            return (f"{_describe(char)} at character {index}: bidirectional controls can make text read backwards "
                    "and are not allowed")
        if code in INVISIBLE:
            return f"{_describe(char)} at character {index}: invisible characters are not allowed"
        if code < 0x20 or 0x7F <= code < 0xA0:
            return f"{_describe(char)} at character {index}: control characters are not allowed"
    return None


def _checker(multiline: bool):
    def check(value: str) -> str:
        problem = first_problem(value, multiline=multiline)
        if problem:
            raise ValueError(problem)
        return value

    return check


def _normalize_newlines(value: object) -> object:
    # Windows line endings are a matter of the editor, not of content.
    return value.replace("\r\n", "\n") if isinstance(value, str) else value


class TextKind:
    """Annotation marker naming a field's text kind, so tools (and the property tests) can find every text field."""

    __slots__ = ("max_length", "multiline", "name")

    def __init__(self, name: str, multiline: bool, max_length: int) -> None:
        self.name = name
        self.multiline = multiline
        self.max_length = max_length

    def accepts(self, value: str) -> bool:
        """What the field's validators accept (a test can tell what would reach a page)."""
        text = value.replace("\r\n", "\n").strip() if self.multiline else value.strip()
        return 0 < len(text) <= self.max_length and first_problem(text, multiline=self.multiline) is None

    def __repr__(self) -> str:
        return f"TextKind({self.name!r})"


def _line(max_length: int, name: str = "line") -> object:
    return Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=max_length),
                     AfterValidator(_checker(False)), TextKind(name, False, max_length)]


def _prose(max_length: int) -> object:
    # The BeforeValidator comes last so that it wraps, and runs before, the string checks.
    return Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=max_length),
                     AfterValidator(_checker(True)), BeforeValidator(_normalize_newlines), TextKind("prose", True, max_length)]


#: A short value shown in a matrix cell: a number, or yes / no / partly with two or three words.
Short = _line(60, "short")
#: An option's name in a table heading.
ShortName = _line(24, "short")
#: Names, titles, labels, terms, answers.
Label = _line(120, "label")
#: One line of plain text: a table cell, a question, a claim quoted in a correction.
Line = _line(500, "line")
#: Facts, notes, reasons, help texts.
Prose = _prose(1500)
