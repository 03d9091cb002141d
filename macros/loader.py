"""Load every data file, validate it (schema, then cross-references) and return one typed :class:`Guide`.

A record kind is registered once, as a field of :class:`Guide`: its alias names the data file (``options`` reads
``data/options.yml``; a list field reads every file of a folder, ``data/comparison/*.yml``). Ids, references and
citations are then found by the generic walk of :mod:`macros.walk`; only rules that are not about ids live here.

All problems are collected before failing, and each names the file, the line, the key path and what was
expected, because a data editor fixes them in one pass rather than one build at a time. Nothing is cached
between calls: every build reads the files afresh, so ``mkdocs serve`` shows an edited fact at once.
"""

from __future__ import annotations

import typing
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, PrivateAttr, ValidationError

from . import decision as dec
from . import models as m
from .policy import page_url
from .walk import Found, Path_, records
from .yamlsrc import DataError, Located, format_path, load_located, shown

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"


class Guide(m.Record):
    """Everything the site shows, validated. Each field is one data file (or, for a list, one folder)."""

    sources_file: m.SourcesFile = Field(alias="sources")
    services_file: m.ServicesFile = Field(alias="services")
    options_file: m.OptionsFile = Field(alias="options")
    comparison: list[m.CriteriaGroup] = Field(alias="comparison")
    when_file: m.WhenFile = Field(alias="when-to-use")
    glance_file: m.GlanceFile = Field(alias="at-a-glance")
    corrections_file: m.CorrectionsFile = Field(alias="corrections")
    links_file: m.LinksFile = Field(alias="links")
    summary_file: m.SummaryFile = Field(alias="summary")
    glossary_file: m.GlossaryFile = Field(alias="glossary")
    quotas_file: m.QuotasFile = Field(alias="quotas")
    neighbours_file: m.NeighboursFile = Field(alias="neighbours")
    decision: m.DecisionFile = Field(alias="decision")
    pricing: m.PricingFile = Field(alias="pricing")

    # Built on first use and kept with this guide (one per build): it remembers every outcome it computed.
    _engine: dec.Engine | None = PrivateAttr(default=None)

    @property
    def engine(self) -> dec.Engine:
        if self._engine is None:
            self._engine = dec.Engine(self.decision)
        return self._engine

    # --- convenience views (nothing is registered here) ---

    @property
    def sources(self) -> list[m.Source]:
        return self.sources_file.sources

    @property
    def services(self) -> list[m.Service]:
        return self.services_file.services

    @property
    def options(self) -> list[m.Option]:
        return self.options_file.options

    @property
    def groups(self) -> list[m.CriteriaGroup]:
        return sorted(self.comparison, key=lambda g: g.order)

    @property
    def criteria(self) -> list[m.Criterion]:
        return [c for g in self.groups for c in g.criteria]

    @property
    def when(self) -> list[m.WhenGroup]:
        return self.when_file.services

    @property
    def glance(self) -> list[m.GlanceRow]:
        return self.glance_file.rows

    @property
    def corrections(self) -> list[m.Correction]:
        return self.corrections_file.corrections

    @property
    def links(self) -> list[m.LinkGroup]:
        return self.links_file.groups

    @property
    def summary(self) -> list[m.SummaryItem]:
        return self.summary_file.summary

    @property
    def glossary(self) -> list[m.Term]:
        return self.glossary_file.terms

    @property
    def quotas(self) -> list[m.QuotaTable]:
        return self.quotas_file.tables

    @property
    def neighbours(self) -> list[m.Neighbour]:
        return self.neighbours_file.neighbours

    def option(self, option_id: str) -> m.Option:
        return _find(self.options, option_id, "option")

    def service(self, service_id: str) -> m.Service:
        return _find(self.services, service_id, "service")

    def criterion(self, criterion_id: str) -> m.Criterion:
        return _find(self.criteria, criterion_id, "comparison criterion")

    def neighbour(self, neighbour_id: str) -> m.Neighbour:
        return _find(self.neighbours, neighbour_id, "neighbouring service")

    def source(self, url: str) -> m.Source:
        return _find_by(self.sources, page_url(url), "url", "source")


def _find(records_: list[Any], ident: str, what: str) -> Any:
    return _find_by(records_, ident, "id", what)


def _find_by(records_: list[Any], value: str, attr: str, what: str) -> Any:
    """Look a record up; a page that names an unknown one fails with what it could have meant."""
    for record in records_:
        if getattr(record, attr) == value:
            return record
    known = ", ".join(getattr(r, attr) for r in records_[:30])
    raise LookupError(f"unknown {what} {value!r}; known: {known}")


#: Data file stem -> (model, whether it is a folder of files).
def _kinds() -> dict[str, tuple[type[BaseModel], bool]]:
    kinds = {}
    for info in Guide.model_fields.values():
        assert info.alias
        folder = typing.get_origin(info.annotation) is list
        model = typing.get_args(info.annotation)[0] if folder else info.annotation
        kinds[info.alias] = (model, folder)
    return kinds


KINDS = _kinds()


# --- reading files -------------------------------------------------------------------------------------------


def _display(path: Path, data_dir: Path) -> str:
    try:
        return str(path.relative_to(data_dir.parent))
    except ValueError:
        return str(path)


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated/Optional/list/dict wrappers down to a model class, if there is one."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (list, dict, typing.Union) or str(origin) == "<class 'types.UnionType'>":
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[-1]
        else:
            return annotation


def _allowed_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The keys the model accepts where an unknown key was found, to point at the likely typo."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(current, type) and issubclass(current, BaseModel) and isinstance(part, str):
            info = next((f for n, f in current.model_fields.items() if (f.alias or n) == part), None)
            if info is None:
                return []
            current = _unwrap(info.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or n for n, f in current.model_fields.items()]
    return []


def _expected(error: Any, model: type[BaseModel]) -> str:
    kind, msg, loc = error["type"], error["msg"], tuple(error["loc"])
    if kind == "missing":
        return "required key is missing"
    if kind == "extra_forbidden":
        allowed = ", ".join(_allowed_keys(model, loc)) or "see the JSON Schema beside the file"
        return f"unknown key {loc[-1]!r}; allowed keys here: {allowed}"
    if kind == "string_pattern_mismatch":
        expected = "a kebab-case id (lowercase letters and digits joined by single hyphens)"
        pattern = error.get("ctx", {}).get("pattern", "")
        msg = expected if "a-z0-9]+(?:-" in pattern else f"a value matching {pattern}"
    elif kind == "string_too_short":
        msg = "expected a non-empty string"
    else:
        msg = msg.removeprefix("Value error, ")
    got = error.get("input")
    if not isinstance(got, dict | list) and got is not None:
        msg += f"; got {shown(got)}"
    return msg


def _parse(located: Located, model: type[BaseModel]) -> BaseModel:
    if not isinstance(located.data, dict):
        got = "an empty file" if located.data is None else type(located.data).__name__
        raise DataError([f"{located.path}:1: (document root): expected a mapping of keys, got {got}"])
    try:
        return model.model_validate(located.data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            loc = tuple(p for p in error["loc"] if p != "[key]")
            loc = _without_union_tags(loc)
            problems.append(f"{located.where(loc)}: {format_path(loc)}: {_expected(error, model)}")
        raise DataError(problems) from None


def _without_union_tags(loc: Path_) -> Path_:
    # pydantic names the branch of a tagged union in the path ("evidence.official-page.sources"); data has no such key.
    return tuple(p for p in loc if p not in ("official-page", "offer-file", "secondary"))


class _Files:
    """The parsed documents, and a way back from a key path in the guide to a file and line."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.single: dict[str, Located] = {}
        self.folders: dict[str, list[Located]] = {}

    def where(self, path: Path_) -> tuple[Located | None, Path_]:
        stem, rest = str(path[0]), path[1:]
        if stem in self.folders:
            index = rest[0] if rest else 0
            files = self.folders[stem]
            return (files[int(index)] if files else None), rest[1:]
        return self.single.get(stem), rest

    def problem(self, path: Path_, message: str) -> str:
        located, rest = self.where(path)
        if located is None:
            return f"data/{path[0]}: {message}"
        return f"{located.where(rest)}: {format_path(rest)}: {message}"


def _unknown_files(data_dir: Path) -> list[str]:
    problems = []
    for path in sorted(data_dir.iterdir()):
        stem = path.name.removesuffix(".schema.json").removesuffix(".yml")
        if path.is_dir():
            ok = KINDS.get(path.name, (None, False))[1]
        else:
            ok = (path.name.endswith((".yml", ".schema.json")) and stem in KINDS and not KINDS[stem][1]) or (
                path.name.endswith(".schema.json") and stem in KINDS)
        if not ok:
            known = ", ".join(f"{s}/*.yml" if folder else f"{s}.yml" for s, (_, folder) in KINDS.items())
            problems.append(f"{_display(path, data_dir)}: unknown data file; the guide reads only: {known} "
                            "(a new kind of record is declared in macros/loader.py:Guide)")
    return problems


def _read(data_dir: Path) -> tuple[_Files, dict[str, Any], list[str]]:
    files, parsed, problems = _Files(data_dir), {}, _unknown_files(data_dir)
    for stem, (model, folder) in KINDS.items():
        paths = sorted((data_dir / stem).glob("*.yml")) if folder else [data_dir / f"{stem}.yml"]
        if not folder and not paths[0].exists():
            problems.append(f"{_display(paths[0], data_dir)}: file is missing; the guide needs it")
            continue
        if folder and not paths:
            problems.append(f"{_display(data_dir / stem, data_dir)}/: no .yml files found; the guide needs at least one")
            continue
        docs = []
        for path in paths:
            try:
                located = load_located(path, _display(path, data_dir))
                docs.append((located, _parse(located, model)))
            except DataError as exc:
                problems.extend(exc.problems)
        if folder:
            files.folders[stem] = [loc for loc, _ in docs]
            parsed[stem] = [doc for _, doc in docs]
        elif docs:
            files.single[stem] = docs[0][0]
            parsed[stem] = docs[0][1]
    return files, parsed, problems


def load_guide(data_dir: Path = DATA_DIR) -> Guide:
    """Load and validate all data under ``data_dir``; raise :class:`DataError` listing every problem."""
    if not data_dir.is_dir():
        raise DataError([f"{data_dir}: data folder not found"])
    files, parsed, problems = _read(data_dir)
    if problems:
        raise DataError(problems)
    guide = Guide.model_construct(**{_field(stem): value for stem, value in parsed.items()})
    problems = _cross_check(guide, files)
    if problems:
        raise DataError(problems)
    return guide


def _field(stem: str) -> str:
    return next(name for name, info in Guide.model_fields.items() if info.alias == stem)


# --- cross-references ----------------------------------------------------------------------------------------


def everything(guide: Guide) -> Iterator[Found]:
    """Every record, reference and citation in the guide, each with its key path and place on the site."""
    for name, info in Guide.model_fields.items():
        value = getattr(guide, name)
        for index, item in enumerate(value if isinstance(value, list) else [value]):
            prefix = (info.alias, index) if isinstance(value, list) else (info.alias,)
            yield from records(item, prefix)


def _cross_check(guide: Guide, files: _Files) -> list[str]:
    found = list(everything(guide))
    problems = _ids_and_refs(found, files)
    problems += _citations(guide, found, files)
    problems += _structure(guide, files)
    if not problems:  # the decision structure can only be walked once every name in it resolves
        problems += [files.problem(("decision", *path), message)
                     for path, message in dec.check(guide.decision, guide, guide.engine)]
        problems += _pricing(guide, files)
    return problems


def _ids_and_refs(found: list[Found], files: _Files) -> list[str]:
    problems: list[str] = []
    pools: dict[str, set[str]] = defaultdict(set)
    first: dict[tuple[str, str], Path_] = {}
    for item in found:
        record = item.value
        if not isinstance(record, m.Record) or not hasattr(record, "id"):
            continue
        cls = type(record)
        space = cls.space if cls.space != "answer" else f"answer:{item.path[:-2]}"
        names = [(("id",), record.id), *((("former_ids", i), old) for i, old in enumerate(getattr(record, "former_ids", [])))]
        for suffix, ident in names:
            here = (*item.path, *suffix)
            if (space, ident) in first:
                earlier = files.problem(first[(space, ident)], "").removesuffix(": ")
                problems.append(files.problem(here, f"duplicate id {ident!r}: ids are page anchors and must be unique "
                                                    f"(first used at {earlier})"))
            else:
                first[(space, ident)] = here
        if cls.kind:
            pools[cls.kind].add(record.id)
    for item in found:
        if item.ref is not None and item.value not in pools[item.ref] and item.value not in item.also:
            choices = ", ".join(sorted(pools[item.ref])) or "(none defined)"
            problems.append(files.problem(item.path, f"unknown {item.ref} {item.value!r}; expected one of: {choices}"))
    return problems


def _citations(guide: Guide, found: list[Found], files: _Files) -> list[str]:
    problems: list[str] = []
    registered = {s.url: i for i, s in enumerate(guide.sources)}
    seen: dict[str, int] = {}
    for i, source in enumerate(guide.sources):
        if source.url in seen:
            problems.append(files.problem(("sources", "sources", i, "url"),
                                          f"URL already registered as sources[{seen[source.url]}]; one URL has one title"))
        seen.setdefault(source.url, i)
    used = set()
    for item in found:
        if not item.cites:
            continue
        page = page_url(item.value)
        used.add(page)
        if page not in registered:
            problems.append(files.problem(item.path, f"source {page!r} is not registered in data/sources.yml; "
                                                     "add it there with its title"))
    for i, source in enumerate(guide.sources):
        if source.url not in used:
            problems.append(files.problem(("sources", "sources", i), f"source {source.url!r} is cited by no fact; "
                                                                     "remove it or cite it"))
    for gi, group in enumerate(guide.links):
        for li, doc in enumerate(group.links):
            known = registered.get(page_url(doc.url))
            if known is not None and guide.sources[known].title != doc.title:
                problems.append(files.problem(("links", "groups", gi, "links", li, "title"),
                                              f"title differs from data/sources.yml ({guide.sources[known].title!r}); "
                                              "one URL has one title"))
    return problems


def _structure(guide: Guide, files: _Files) -> list[str]:
    """Rules between records that are not about ids: coverage and order."""
    problems: list[str] = []
    option_ids = [o.id for o in guide.options]
    owner: dict[str, str] = {}
    for si, svc in enumerate(guide.services):
        for oi, opt in enumerate(svc.options):
            if opt in owner:
                problems.append(files.problem(("services", "services", si, "options", oi),
                                              f"option {opt!r} already belongs to service {owner[opt]!r}"))
            owner.setdefault(opt, svc.id)
    for oi, opt in enumerate(guide.options):
        if owner.get(opt.id, opt.service) != opt.service:
            problems.append(files.problem(("options", "options", oi, "service"),
                                          f"service {opt.service!r} does not list this option (data/services.yml lists it "
                                          f"under {owner[opt.id]!r})"))
        elif opt.id not in owner:
            problems.append(files.problem(("options", "options", oi), f"option {opt.id!r} is not listed under any "
                                                                      "service in data/services.yml"))
    orders: dict[int, str] = {}
    for gi, group in enumerate(guide.comparison):
        if group.order in orders:
            problems.append(files.problem(("comparison", gi, "order"),
                                          f"order {group.order} is already used by group {orders[group.order]!r}"))
        orders.setdefault(group.order, group.id)
        for ci, crit in enumerate(group.criteria):
            for opt in option_ids:
                if opt not in crit.cells:
                    problems.append(files.problem(("comparison", gi, "criteria", ci, "cells"),
                                                  f"no cell for option {opt!r}; every criterion answers for every option"))
    return problems


def _pricing(guide: Guide, files: _Files) -> list[str]:
    """Every Region has the prices the cost model needs, once each; every option has cost components."""
    from .cost import REQUIRED_ITEMS

    p = guide.pricing
    problems: list[str] = []
    seen: dict[tuple[str, str, str | None], int] = {}
    for i, price in enumerate(p.prices):
        key = (price.item, price.region, price.hsm_type)
        if key in seen:
            problems.append(files.problem(("pricing", "prices", i), f"{price.item} for {price.region}"
                                          f"{' ' + price.hsm_type if price.hsm_type else ''} is already given as "
                                          f"prices[{seen[key]}]"))
        seen.setdefault(key, i)
    for ri, region in enumerate(p.regions):
        needed = [(item, None) for item in REQUIRED_ITEMS] + [("hsm-hour", t.id) for t in p.hsm_types if t.new_clusters]
        missing = [f"{item}{' ' + hsm if hsm else ''}" for item, hsm in needed
                   if (item, region.id, hsm) not in seen and (item, "all", hsm) not in seen]
        if missing:
            problems.append(files.problem(("pricing", "regions", ri), f"Region {region.id} has no price for: "
                                          f"{', '.join(missing)}; the cost model needs each (for this Region or 'all')"))
    if ("kms-symmetric-10k", p.default_region, None) not in seen:
        problems.append(files.problem(("pricing", "default_region"), f"the default Region {p.default_region} needs a "
                                      "kms-symmetric-10k price: the cost page's figures are computed there"))
    for opt in guide.options:
        if opt.id not in p.components:
            problems.append(files.problem(("pricing", "components"), f"no cost components for option {opt.id!r}; "
                                                                     "list them (kms, hsm, external)"))
    questions = {q.id: q for q in guide.decision.questions}
    # Answers named outside the decision file (scenarios, related services) must be answers of their question.
    named = [(("pricing", "scenarios", i, "answers"), sc.answers) for i, sc in enumerate(p.scenarios)]
    named += [(("neighbours", "neighbours", i, "instead"), n.instead) for i, n in enumerate(guide.neighbours)]
    for path, answers in named:
        for qid, answer in answers.items():
            if qid in questions and answer not in questions[qid].answer_ids:
                problems.append(files.problem((*path, qid), f"unknown answer {answer!r}; expected one of: "
                                              f"{', '.join(a.id for a in questions[qid].answers)}"))
    return problems
