"""One generic walk over the typed data: every record, every reference and every citation, with its key path.

The walk is driven by the models' own annotations (:class:`macros.models.Ref`, :class:`macros.models.Cites`), so
a new record kind, a new reference or a new cited field needs no code here: declaring it in the model is enough.
The loader checks ids and references with it, the sources page and ``make stale`` list claims with it.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import BaseModel

from .models import Cites, Record, Ref
from .text import TextKind

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Place:
    """Where a record shows on the site: a page path (e.g. ``criteria/``), an anchor on it, and a name for it."""

    page: str
    anchor: str
    label: str

    @property
    def path(self) -> str:
        return self.page + (f"#{self.anchor}" if self.anchor else "")


@dataclass(frozen=True)
class Found:
    """A record, reference or citation, at ``path`` (starting with the data file's key in the guide)."""

    path: Path_
    value: Any
    place: Place
    ref: str | None = None  # the kind a reference names
    cites: bool = False
    also: tuple[str, ...] = ()  # other values a reference may take
    text: TextKind | None = None  # the kind of a text field


Visitor = Callable[[Any, Path_, Place], Iterator[Found]]


def _markers(metadata: tuple[Any, ...]) -> tuple[Ref | None, bool, TextKind | None]:
    ref = next((m for m in metadata if isinstance(m, Ref)), None)
    text = next((m for m in metadata if isinstance(m, TextKind)), None)
    return ref, any(isinstance(m, Cites) for m in metadata), text


def _found(path: Path_, value: Any, place: Place, ref: Ref | None, cites: bool, text: TextKind | None = None) -> Found:
    return Found(path, value, place, ref.kind if ref else None, cites, ref.also if ref else (), text)


def _strip_annotated(annotation: Any, metadata: tuple[Any, ...] = ()) -> tuple[Any, tuple[Any, ...]]:
    while typing.get_origin(annotation) is typing.Annotated:
        base, *extra = typing.get_args(annotation)
        annotation, metadata = base, (*metadata, *extra)
    return annotation, metadata


@cache
def _visitor(annotation: Any, metadata: tuple[Any, ...] = ()) -> Visitor:
    """How to walk a value of this annotation; built once per annotation, so the walk costs little per value."""
    annotation, metadata = _strip_annotated(annotation, metadata)
    kind, cites, text = _markers(metadata)
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        options = [_visitor(a) for a in typing.get_args(annotation) if a is not type(None)]

        def union(value: Any, path: Path_, place: Place) -> Iterator[Found]:
            if value is None:
                return
            if isinstance(value, BaseModel):
                yield from records(value, path, place)
            elif kind or cites or text:
                yield _found(path, value, place, kind, cites, text)
            else:
                for visit in options:
                    yield from visit(value, path, place)
        return union
    if origin is list:
        item = _visitor(*typing.get_args(annotation))

        def each(value: Any, path: Path_, place: Place) -> Iterator[Found]:
            for index, element in enumerate(value):
                yield from item(element, (*path, index), place)
        return each
    if origin is dict:
        key_type, value_type = typing.get_args(annotation)
        _key_ann, key_meta = _strip_annotated(key_type)
        key_kind, _, _ = _markers(key_meta)
        values = _visitor(value_type)

        def mapping(value: Any, path: Path_, place: Place) -> Iterator[Found]:
            for key, element in value.items():
                if key_kind:
                    yield _found((*path, key), key, place, key_kind, False)
                yield from values(element, (*path, key), place)
        return mapping
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return lambda value, path, place: records(value, path, place)
    if kind or cites or text:
        return lambda value, path, place: iter((_found(path, value, place, kind, cites, text),))
    return lambda value, path, place: iter(())


def _place(record: Record, parent: Place) -> Place:
    cls = type(record)
    page = parent.page if cls.page is None else cls.page.format(**{k: getattr(record, k) for k in type(record).model_fields})
    anchor = "" if cls.page is not None else parent.anchor
    ident = getattr(record, "id", None)
    if ident and cls.anchored:
        anchor = ident
    label = record.place_label() or parent.label
    return Place(page, anchor, label)


def records(record: BaseModel, path: Path_ = (), parent: Place = Place("", "", "")) -> Iterator[Found]:
    """The record itself, then everything inside it, depth first in field order."""
    place = _place(record, parent) if isinstance(record, Record) else parent
    yield Found(path, record, place)
    for name, info in type(record).model_fields.items():
        key = info.alias or name
        visit = _visitor(info.annotation, tuple(info.metadata))
        yield from visit(getattr(record, name), (*path, key), place)
