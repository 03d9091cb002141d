from pathlib import Path

import pytest

from macros.yamlsrc import DataError, format_path, load_located


def test_lines_of_nested_keys(tmp_path: Path) -> None:
    f = tmp_path / "x.yml"
    f.write_text("a:\n  - id: one\n    b: 2\n  - id: two\n")
    loc = load_located(f, "data/x.yml")
    assert loc.line_of(("a", 1, "id")) == 4
    assert loc.line_of(("a", 0, "b")) == 3
    # A missing key points at the record that should hold it.
    assert loc.where(("a", 0, "missing")) == "data/x.yml:2"


def test_duplicate_keys_are_errors(tmp_path: Path) -> None:
    f = tmp_path / "x.yml"
    f.write_text("a: 1\nb: 2\na: 3\n")
    with pytest.raises(DataError, match=r"data/x.yml:3: a: duplicate key"):
        load_located(f, "data/x.yml")


def test_syntax_error_has_line(tmp_path: Path) -> None:
    f = tmp_path / "x.yml"
    f.write_text("a: 1\nb: [2\n")
    with pytest.raises(DataError, match=r"data/x.yml:\d+: YAML syntax error"):
        load_located(f, "data/x.yml")


def test_format_path() -> None:
    assert format_path(("groups", 0, "cells", "kms")) == "groups[0].cells.kms"
    assert format_path(()) == "(document root)"


def test_value_cut_by_a_hash_is_an_error(tmp_path: Path) -> None:
    f = tmp_path / "x.yml"
    f.write_text("value: Uses PKCS #11 and JCE\nother: fine  # a real comment\nquoted: 'PKCS #11'\n")
    with pytest.raises(DataError, match=r"data/x.yml:1: value: an unquoted value is cut at ' #'") as info:
        load_located(f, "data/x.yml")
    assert len(info.value.problems) == 1  # a real comment after a value, and a quoted "#", are fine
