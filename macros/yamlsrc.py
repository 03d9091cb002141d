"""Read one YAML data file safely and remember on which line every key path starts.

Contributors' data is untrusted, so reading it must never crash or exhaust the machine, and every refusal names
the file, the line and what was expected:

* files larger than ``MAX_BYTES`` are refused before parsing;
* bytes that are not UTF-8 are reported with their offset, line and column;
* tab indentation is reported as such (YAML's own message only says a token cannot start with a tab);
* anchors and aliases (``&x`` / ``*x``) are refused, which rules out "billion laughs" alias bombs;
* dates are read as text and parsed by the models, so ``2026-02-30`` is a located error, not a traceback;
* duplicate keys, which PyYAML silently collapses, are errors;
* an unquoted value followed by `` #…`` (which YAML silently cuts as a comment) is an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

Path_ = tuple[str | int, ...]

#: The largest data file we read: the biggest real file is under 100 KB, so this leaves ample room.
MAX_BYTES = 1_000_000

# LibYAML's C parser when PyYAML was built with it (the PyPI wheels are): the same events, about ten times faster.
_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """SafeLoader without the implicit timestamp type: dates stay text until the models parse them."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class DataError(Exception):
    """One or more problems in the data files; ``str()`` lists every one with file, line and key path."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class Located:
    """A parsed YAML document plus the line (1-based) of every key path in it."""

    path: Path
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, key_path: Path_) -> int | None:
        """Line of the deepest existing prefix of ``key_path`` (a missing key points at its parent)."""
        for end in range(len(key_path), -1, -1):
            line = self.lines.get(tuple(key_path[:end]))
            if line is not None:
                return line
        return None

    def where(self, key_path: Path_) -> str:
        line = self.line_of(key_path)
        return f"{self.path}:{line}" if line else str(self.path)


def format_path(key_path: Path_) -> str:
    """``('groups', 0, 'cells', 'kms')`` -> ``groups[0].cells.kms``."""
    out = ""
    for part in key_path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(document root)"


def shown(value: object, limit: int = 80) -> str:
    """A value as the reader should see it in a message: quoted, invisible characters escaped, cut if long."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


#: " #11" or " #4884" right after an unquoted value: YAML read it as a comment and silently cut the value.
_CUT_BY_COMMENT = re.compile(r"^\s+#[^\s#]")
_TAB_INDENT = re.compile(r"^ *\t", re.M)


def _walk(node: yaml.Node, here: Path_, lines: dict[Path_, int], problems: list[tuple[Path_, int, str]],
          text: list[str]) -> None:
    lines[here] = node.start_mark.line + 1
    if isinstance(node, yaml.ScalarNode) and not node.style:  # plain (unquoted) scalar
        rest = text[node.end_mark.line][node.end_mark.column:] if node.end_mark.line < len(text) else ""
        if _CUT_BY_COMMENT.match(rest):
            problems.append((here, node.end_mark.line + 1, "an unquoted value is cut at ' #' (YAML starts a comment "
                                                           "there); put the value in quotes"))
    if isinstance(node, yaml.MappingNode):
        seen: set[object] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                problems.append(((*here, key), key_node.start_mark.line + 1, "duplicate key; each key may appear once"))
            seen.add(key)
            _walk(value_node, (*here, key), lines, problems, text)
            lines[(*here, key)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*here, index), lines, problems, text)


def _decode(raw: bytes, shown_path: Path) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise DataError([f"{shown_path}:{line}: not valid UTF-8: byte 0x{raw[exc.start]:02x} at offset {exc.start} "
                         f"(line {line}, column {column}); save the file as UTF-8"]) from None


def _refuse_anchors(text: str, shown_path: Path) -> None:
    """Scan the event stream (no document is built yet) and refuse anchors and aliases."""
    for event in yaml.parse(text, Loader=_Loader):
        anchor = getattr(event, "anchor", None)
        if isinstance(event, yaml.AliasEvent) or anchor:
            kind = "alias *" if isinstance(event, yaml.AliasEvent) else "anchor &"
            raise DataError([f"{shown_path}:{event.start_mark.line + 1}: YAML {kind}{anchor} is not allowed in data "
                             "files; write the value out in full"])


def load_located(path: Path, display: str | None = None) -> Located:
    """Parse ``path``; raise :class:`DataError` for anything but a clean, small, UTF-8, alias-free document."""
    shown_path = Path(display) if display else path
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise DataError([f"{shown_path}: file is {size:,} bytes; a data file may be at most {MAX_BYTES:,} bytes"])
    text = _decode(path.read_bytes(), shown_path)
    if tab := _TAB_INDENT.search(text):
        line = text.count("\n", 0, tab.start()) + 1
        raise DataError([f"{shown_path}:{line}: indented with a tab; YAML indentation must use spaces"])
    try:
        _refuse_anchors(text, shown_path)
        loader = _Loader(text)
        try:  # one parse: the node tree gives the lines, the same tree is then constructed into data
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f":{mark.line + 1}" if mark else ""
        raise DataError([f"{shown_path}{line}: YAML syntax error: {exc.problem or exc}"]) from None
    except yaml.YAMLError as exc:  # e.g. a second document in one file
        raise DataError([f"{shown_path}: YAML error: {exc}"]) from None
    located = Located(shown_path, data)
    if node is not None:
        problems: list[tuple[Path_, int, str]] = []
        _walk(node, (), located.lines, problems, text.splitlines())
        if problems:
            raise DataError([f"{shown_path}:{line}: {format_path(p)}: {message}" for p, line, message in problems])
    return located
