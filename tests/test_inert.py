"""Hostile text stays inert: for every text field of every record type, strings built from HTML, Markdown, Jinja
and URL tricks are rendered by the real render functions and converted by Markdown as MkDocs would, and the page
shows the text as typed, with no element or attribute the templates do not produce, no javascript: or data: URL
and nothing loaded from another host."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from macros.loader import Guide, everything, load_guide
from macros.walk import Found
from tests.helpers import VALID_DATA
from tests.render_all import render, replace_at, soup, vocabulary

FRAGMENTS = [
    "<script>alert(document.domain)</script>", "<img src=https://tracker.example/p.gif>", "<a href=javascript:alert(1)>x</a>",
    "[click](javascript:alert(1))", "![pixel](https://tracker.example/p.png)", '{: onmouseover="alert(1)" }',
    "{ #evil .cls onclick=alert(1) }", "*[HSM]: injected expansion", "{{ config.site_name }}", "{% include 'x' %}", "{#",
    "`code span`", "**bold**", "_under_", "&amp;", "&lt;b&gt;", "\"quotes' and 'apostrophes\"", '--8<-- "secrets.txt"',
    "!!! danger", "| a | b |", "# heading", "<!-- comment", "-->", "]]>", "\\", "data:text/html,<b>x</b>",
    "https://evil.example/path", "<svg onload=alert(1)>", "<iframe src=//evil.example>", "&#x6A;avascript:", "<style>",
    "HSM", "CloudHSM", "PKCS #11", "München 東京 ½", "=====", "* item", "1. item", "> quote", "    indented code",
]


@cache
def _base() -> Guide:
    return load_guide(VALID_DATA)


@cache
def _baseline() -> tuple[dict[str, str], frozenset[tuple[str, str | None]]]:
    out = render(_base())
    allowed = set().union(*(vocabulary(html) for html in out.values()))
    # The documented Markdown subset of data text: `code` spans and, in prose, paragraphs.
    allowed |= {("code", None), ("p", None)}
    return out, frozenset(allowed)


def _text_fields() -> Iterator[Found]:
    """The first place of every (record type, field) that holds text."""
    seen: set[tuple[str, str]] = set()
    for found in everything(_base()):
        if found.text is None:
            continue
        key = (str(found.path[0]), ".".join(str(p) for p in found.path if isinstance(p, str)))
        if key not in seen:
            seen.add(key)
            yield found


FIELDS = list(_text_fields())
#: Text kept in the data for the record (the common wording a correction answers), not shown as such on a page.
NOT_SHOWN = {"seed_overview", "seed_best_for", "seed_text", "summary", "usagetype", "operation"}


@cache
def _shown_map() -> dict[tuple[Any, ...], frozenset[str]]:
    """Which components show each field: every text field gets a probe of its own, all rendered in one pass."""
    guide = _base()
    probes = {}
    for number, found in enumerate(f for f in everything(guide) if f.text is not None):
        probes[found.path] = f"ZZP{number}Q"
        guide = replace_at(guide, found.path, probes[found.path])
    out = render(guide)
    return {path: frozenset(key for key, html in out.items() if probe in html) for path, probe in probes.items()}


def _shown_in(path: tuple[Any, ...]) -> list[str]:
    """The components that show this field: at most three, enough to exercise each way a field is drawn."""
    return sorted(_shown_map()[path])[:3]


def _hostile(multiline: bool) -> st.SearchStrategy[str]:
    words = st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=4)
    joiners = st.sampled_from([" ", "\n\n", "\n"]) if multiline else st.just(" ")
    return st.tuples(words, joiners).map(lambda pair: pair[1].join(pair[0]))


def _shown_as_typed(value: str) -> str:
    """What a reader sees, compared without whitespace (HTML collapses it, paragraphs break lines): `code` spans lose
    their backticks and nothing else changes."""
    return "".join(re.sub(r"`([^`\n]+)`", r"\1", value).split())


def _check(tree: BeautifulSoup, allowed: frozenset[tuple[str, str | None]]) -> list[str]:
    problems = [f"unexpected {pair}" for pair in vocabulary(tree) - allowed]
    for tag in tree.find_all(True):
        for attr in ("href", "src", "action", "formaction", "xlink:href"):
            url = str(tag.get(attr) or "").strip().lower()
            if url.startswith(("javascript:", "data:", "vbscript:")):
                problems.append(f"{tag.name} {attr}={url[:40]}")
            if attr == "src" and re.match(r"^(https?:)?//", url):
                problems.append(f"{tag.name} loads {url[:40]}")
        if any(a.lower().startswith("on") for a in tag.attrs):
            problems.append(f"{tag.name} has an event handler")
    return problems


@pytest.mark.parametrize("found", FIELDS, ids=[".".join(str(p) for p in f.path) for f in FIELDS])
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_hostile_text_is_inert_and_shown_as_typed(found: Found, data: st.DataObject) -> None:
    value = data.draw(_hostile(found.text.multiline))
    if not found.text.accepts(value):
        return  # the loader refuses it (too long, say) with a message: nothing reaches a page
    value = value.strip()
    only = _shown_in(found.path)
    if not only:
        assert found.path[-1] in NOT_SHOWN, f"{found.path} is shown by no component"
        return
    _, allowed = _baseline()
    # Each component's HTML is parsed once, for both checks: parsing is most of this test's time.
    trees = {key: soup(html) for key, html in render(replace_at(_base(), found.path, value), only=set(only)).items()}
    for key, tree in trees.items():
        problems = _check(tree, allowed)
        assert not problems, f"{key}: {problems}"
    shown = "".join("".join(tree.get_text().split()) for tree in trees.values())
    # Where markup cannot go (a <select> option, SVG text), a `code` span shows with its backticks.
    typed = {_shown_as_typed(value), "".join(value.split())}
    assert any(t in shown or t[:60] in shown for t in typed), f"{found.path}: {value!r} is not shown as typed"


def test_every_record_type_with_text_is_covered() -> None:
    kinds = {str(f.path[0]) for f in FIELDS}
    assert kinds >= {"options", "comparison", "glossary", "decision", "pricing", "neighbours", "summary", "corrections"}
    assert len(FIELDS) >= 40


def test_the_injection_from_the_issue_no_longer_reaches_a_page() -> None:
    """A glossary expansion with a blank line and an attribute list once added onmouseover to every page."""
    hostile = 'Hardware security module {: onmouseover="alert(document.domain)" }'
    path = next(f.path for f in FIELDS if f.path[-1] == "expansion")
    guide = replace_at(_base(), path, hostile)
    _, allowed = _baseline()
    for key, html in render(guide).items():
        tree = soup(html)
        assert not [t for t in tree.find_all(True) if "onmouseover" in t.attrs], key
        assert not _check(tree, allowed), key
    # The text is shown, escaped, as the glossary's expansion of the term.
    assert [a["title"] for a in soup(render(guide)["glossary()"]).find_all("abbr")] == [hostile]
