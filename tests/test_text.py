"""Text kinds: what a data string may contain, with a message that shows the offending character."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter, ValidationError

from macros.text import Label, Line, Prose, Short, first_problem


@pytest.mark.parametrize(("value", "fragment"), [
    ("two\nlines", "single-line text expected: a line break at character 4"),
    ("carriage\rreturn", "a line break at character 9"),
    ("para\u2029graph", "U+2029 PARAGRAPH SEPARATOR at character 5"),
    ("evil\u202etxt", "U+202E RIGHT-TO-LEFT OVERRIDE at character 5: bidirectional controls"),
    ("iso\u2066late", "U+2066 LEFT-TO-RIGHT ISOLATE"),
    ("mark\u200fhere", "U+200F RIGHT-TO-LEFT MARK"),
    ("zero\u200bwidth", "U+200B ZERO WIDTH SPACE at character 5: invisible characters"),
    ("bom\ufeff", "U+FEFF"),
    ("bell\x07", "at character 5: control characters are not allowed"),
    ("c1\x85x", "U+0085"),
])
def test_a_line_refuses_what_would_not_show_as_typed(value: str, fragment: str) -> None:
    problem = first_problem(value, multiline=False)
    assert problem is not None and fragment in problem


def test_prose_may_hold_paragraphs_but_nothing_hidden() -> None:
    assert first_problem("one\n\ntwo", multiline=True) is None
    assert "bidirectional" in (first_problem("one\n\u202etwo", multiline=True) or "")
    assert TypeAdapter(Prose).validate_python("a\r\n\r\nb") == "a\n\nb"  # Windows line endings are normalized


@pytest.mark.parametrize("value", ["<script>alert(1)</script>", "{{ config }}", "{% raw %}", "[x](javascript:1)",
                                   "*[HSM]: evil", "{: onclick=x }", "München, 東京, ½"])
def test_markup_looking_text_is_accepted_and_shown_as_typed_later(value: str) -> None:
    """Escaping makes it inert (see test_inert.py), so readers may write about <script> or {{ }} if they need to."""
    assert TypeAdapter(Line).validate_python(value) == value


@pytest.mark.parametrize(("kind", "limit"), [(Short, 60), (Label, 120), (Line, 500), (Prose, 1500)])
def test_each_kind_has_a_length_limit(kind: object, limit: int) -> None:
    TypeAdapter(kind).validate_python("x" * limit)
    with pytest.raises(ValidationError, match=f"at most {limit} characters"):
        TypeAdapter(kind).validate_python("x" * (limit + 1))


def test_surrounding_whitespace_is_trimmed_and_empty_is_refused() -> None:
    assert TypeAdapter(Label).validate_python("  padded ") == "padded"
    with pytest.raises(ValidationError):
        TypeAdapter(Label).validate_python("   ")
