"""Reading a data file never crashes and never hangs: every refusal names the file, the line and the problem."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from macros.yamlsrc import MAX_BYTES, DataError, format_path, load_located


def _load(tmp_path: Path, content: str | bytes) -> str:
    f = tmp_path / "x.yml"
    f.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    with pytest.raises(DataError) as info:
        load_located(f, "data/x.yml")
    return str(info.value)


def test_lines_of_nested_keys(tmp_path: Path) -> None:
    f = tmp_path / "x.yml"
    f.write_text("a:\n  - id: one\n    b: 2\n  - id: two\n")
    loc = load_located(f, "data/x.yml")
    assert loc.line_of(("a", 1, "id")) == 4
    assert loc.line_of(("a", 0, "b")) == 3
    # A missing key points at the record that should hold it.
    assert loc.where(("a", 0, "missing")) == "data/x.yml:2"


def test_format_path() -> None:
    assert format_path(("groups", 0, "cells", "kms")) == "groups[0].cells.kms"
    assert format_path(()) == "(document root)"


def test_duplicate_keys_are_errors(tmp_path: Path) -> None:
    assert "data/x.yml:3: a: duplicate key" in _load(tmp_path, "a: 1\nb: 2\na: 3\n")


def test_syntax_error_has_line(tmp_path: Path) -> None:
    assert "data/x.yml:3: YAML syntax error" in _load(tmp_path, "a: 1\nb: [2\n")


def test_value_cut_by_a_hash_is_an_error(tmp_path: Path) -> None:
    f = tmp_path / "x.yml"
    f.write_text("value: Uses PKCS #11 and JCE\nother: fine  # a real comment\nquoted: 'PKCS #11'\n")
    with pytest.raises(DataError, match=r"data/x.yml:1: value: an unquoted value is cut at ' #'") as info:
        load_located(f, "data/x.yml")
    assert len(info.value.problems) == 1  # a real comment after a value, and a quoted "#", are fine


def test_dates_stay_text_so_an_impossible_date_is_not_a_crash(tmp_path: Path) -> None:
    f = tmp_path / "x.yml"
    f.write_text("verified: 2026-02-30\nok: 2026-11-29\n")
    data = load_located(f).data
    assert data == {"verified": "2026-02-30", "ok": "2026-11-29"}  # the models parse them, with a located message


def test_invalid_utf8_names_the_byte_offset_line_and_column(tmp_path: Path) -> None:
    message = _load(tmp_path, b"a: 1\nb: caf\xe9\n")
    assert "data/x.yml:2: not valid UTF-8: byte 0xe9 at offset 11 (line 2, column 7)" in message


def test_tab_indentation_is_named(tmp_path: Path) -> None:
    assert "data/x.yml:2: indented with a tab; YAML indentation must use spaces" in _load(tmp_path, "a:\n\t- 1\n")


@pytest.mark.parametrize("content", ["a: &x 1\nb: *x\n", "a: &anchor {k: v}\n"])
def test_anchors_and_aliases_are_refused(tmp_path: Path, content: str) -> None:
    assert "is not allowed in data files; write the value out in full" in _load(tmp_path, content)


def test_an_alias_bomb_is_refused_at_once(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},"
              f"*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]" for i in range(8)]
    start = time.monotonic()
    message = _load(tmp_path, "\n".join(lines) + "\n")
    assert "data/x.yml:1: YAML anchor &a is not allowed" in message
    assert time.monotonic() - start < 5  # refused from the event stream, before anything is expanded


def test_an_oversized_file_is_refused_before_parsing(tmp_path: Path) -> None:
    message = _load(tmp_path, "a: " + "x" * (MAX_BYTES + 10) + "\n")
    assert f"a data file may be at most {MAX_BYTES:,} bytes" in message


def test_complex_keys_are_refused(tmp_path: Path) -> None:
    assert "data/x.yml:1: YAML syntax error: found unhashable key" in _load(tmp_path, "? [a, b]\n: 1\n")


def test_a_second_document_is_an_error(tmp_path: Path) -> None:
    assert "data/x.yml" in _load(tmp_path, "a: 1\n---\nb: 2\n")
