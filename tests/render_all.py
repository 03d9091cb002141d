"""Render every component of the guide the way the pages do, and turn it into HTML the way MkDocs does.

Shared by the inertness property tests and the render tests: one list of components, called with the arguments
the pages use, and a Markdown converter configured from mkdocs.yml (extensions and the abbreviation glossary).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import markdown
import yaml
from bs4 import BeautifulSoup
from pydantic import BaseModel

from macros import MACROS
from macros.loader import Guide
from macros.render import Link, Renderer, environment
from tests.helpers import ROOT


@dataclass(frozen=True)
class Call:
    fn: Callable[..., str]
    args: tuple[Any, ...]
    page: str


def calls(guide: Guide) -> list[Call]:
    """Every macro, once per argument the pages give it, on the page that shows it."""
    by_name = {fn.__name__: fn for fn in MACROS}
    out: list[Call] = []
    for name, fn in by_name.items():
        if name in ("service_overview", "doc_links"):
            out += [Call(fn, (s.id,), f"{s.id}/") for s in guide.services]
        elif name == "when_to_use":
            out += [Call(fn, (g.service,), "decision/") for g in guide.when]
        elif name == "option_overview":
            out += [Call(fn, (o.id,), f"options/{o.id}/") for o in guide.options]
        else:
            out.append(Call(fn, (), "comparison/"))
    return out


def _markdown_config() -> tuple[list[Any], dict[str, Any]]:
    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_multi_constructor("!", lambda loader, suffix, node: None)  # mkdocs.yml's !ENV and friends
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    names, configs = [], {}
    for item in config["markdown_extensions"]:
        if isinstance(item, dict):
            (name, options), = item.items()
            names.append(name)
            configs[name] = options or {}
        else:
            names.append(item)
    return names, configs


EXTENSIONS, EXTENSION_CONFIGS = _markdown_config()


def to_html(guide: Guide, source: str) -> str:
    """Markdown as MkDocs converts a page: the site's extensions, and the glossary the guide plugin gives abbr."""
    configs = {**EXTENSION_CONFIGS, "abbr": {"glossary": {t.term: t.expansion for t in guide.glossary
                                                          if t.expansion and t.term != t.expansion}}}
    return markdown.Markdown(extensions=EXTENSIONS, extension_configs=configs).convert(source)


ENV = environment()  # compiled templates, shared by every render in a test session


def render(guide: Guide, only: set[str] | None = None) -> dict[str, str]:
    """Component name -> its HTML after Markdown; ``only`` limits the components rendered."""
    renderer = Renderer(guide, ENV)
    out = {}
    for call in calls(guide):
        key = f"{call.fn.__name__}{call.args}"
        if only is None or key in only:
            out[key] = to_html(guide, call.fn(renderer, Link(call.page), *call.args))
    return out


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "lxml")


def vocabulary(html: str | BeautifulSoup) -> set[tuple[str, str | None]]:
    """Every (element, attribute) pair the HTML (or its parsed tree) uses; (element, None) for each element."""
    found: set[tuple[str, str | None]] = set()
    for tag in (soup(html) if isinstance(html, str) else html).find_all(True):
        found.add((tag.name, None))
        found.update((tag.name, attr) for attr in tag.attrs)
    return found


def replace_at(guide: Guide, path: tuple[Any, ...], value: Any) -> Guide:
    """A copy of the guide with the value at ``path`` (a key path from the walk) replaced; nothing is mutated."""

    def swap(obj: Any, rest: tuple[Any, ...]) -> Any:
        if not rest:
            return value
        head, tail = rest[0], rest[1:]
        if isinstance(obj, BaseModel):
            name = next(n for n, f in type(obj).model_fields.items() if (f.alias or n) == head)
            return obj.model_copy(update={name: swap(getattr(obj, name), tail)})
        if isinstance(obj, list):
            return [swap(item, tail) if i == head else item for i, item in enumerate(obj)]
        return {k: swap(v, tail) if k == head else v for k, v in obj.items()}

    swapped = swap(guide, path)
    # A fresh guide (no cached decision engine from the original).
    return Guide.model_construct(**{name: getattr(swapped, name) for name in Guide.model_fields})


def components(calls_: list[Call]) -> Iterator[str]:
    for call in calls_:
        yield f"{call.fn.__name__}{call.args}"
