"""Read a YAML data file and remember on which line every key path starts.

PyYAML's plain loader forgets positions and silently keeps the last of two duplicate keys; both would
make error messages vague, so we compose the node tree ourselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

Path_ = tuple[str | int, ...]

# LibYAML's C parser when PyYAML was built with it (the PyPI wheels are): the same documents and line marks,
# about ten times faster, and parsing the data is most of a build's time.
SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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


#: " #11" or " #4884" right after an unquoted value: YAML read it as a comment and silently cut the value.
_CUT_BY_COMMENT = re.compile(r"^\s+#[^\s#]")


def _walk(node: yaml.Node, here: Path_, lines: dict[Path_, int], dupes: list[tuple[Path_, int]],
          cut: list[tuple[Path_, int]] | None = None, text: list[str] | None = None) -> None:
    lines[here] = node.start_mark.line + 1
    if isinstance(node, yaml.ScalarNode) and not node.style and text is not None and cut is not None:  # plain: None or ""
        rest = text[node.end_mark.line][node.end_mark.column:] if node.end_mark.line < len(text) else ""
        if _CUT_BY_COMMENT.match(rest):
            cut.append((here, node.end_mark.line + 1))
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                dupes.append(((*here, key), key_node.start_mark.line + 1))
            seen.add(key)
            _walk(value_node, (*here, key), lines, dupes, cut, text)
            lines[(*here, key)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*here, index), lines, dupes, cut, text)


def load_located(path: Path, display: str | None = None) -> Located:
    """Parse ``path``; raise :class:`DataError` on a syntax error or a duplicate key."""
    shown = Path(display) if display else path
    text = path.read_text(encoding="utf-8")
    try:
        loader = SafeLoader(text)
        try:  # one parse: the node tree gives the lines, the same tree is then constructed into data
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f":{mark.line + 1}" if mark else ""
        raise DataError([f"{shown}{line}: YAML syntax error: {exc.problem or exc}"]) from None
    located = Located(shown, data)
    if node is not None:
        dupes: list[tuple[Path_, int]] = []
        cut: list[tuple[Path_, int]] = []
        _walk(node, (), located.lines, dupes, cut, text.splitlines())
        problems = [f"{shown}:{line}: {format_path(p)}: duplicate key; each key may appear once" for p, line in dupes]
        problems += [f"{shown}:{line}: {format_path(p)}: an unquoted value is cut at ' #' (YAML starts a comment there); "
                     "put the value in quotes" for p, line in cut]
        if problems:
            raise DataError(problems)
    return located
