"""Load every data file, validate it (schema, then cross-references) and return one typed :class:`Guide`.

All problems are collected before failing, and each names the file, the line, the key path and what was
expected, because a data editor fixes them in one pass rather than one build at a time.
"""

from __future__ import annotations

import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import decision as dec
from . import models as m
from .policy import page_url
from .yamlsrc import DataError, Located, format_path, load_located

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"

#: Each single data file and the model of its whole document.
FILES: dict[str, type[m.Record]] = {
    "sources.yml": m.SourcesFile,
    "services.yml": m.ServicesFile,
    "options.yml": m.OptionsFile,
    "when-to-use.yml": m.WhenFile,
    "at-a-glance.yml": m.GlanceFile,
    "corrections.yml": m.CorrectionsFile,
    "links.yml": m.LinksFile,
    "summary.yml": m.SummaryFile,
    "glossary.yml": m.GlossaryFile,
    "quotas.yml": m.QuotasFile,
    "decision.yml": m.DecisionFile,
    "pricing.yml": m.PricingFile,
}
#: A folder of files, one criteria group each.
COMPARISON_DIR = "comparison"

Where = tuple[Located, tuple[str | int, ...]]


@dataclass
class Guide:
    """Everything the site shows, validated."""

    sources: list[m.Source]
    services: list[m.Service]
    options: list[m.Option]
    groups: list[m.CriteriaGroup]
    when: list[m.WhenGroup]
    glance: list[m.GlanceRow]
    corrections: list[m.Correction]
    links: list[m.LinkGroup]
    summary: list[m.SummaryItem]
    glossary: list[m.Term]
    quotas: list[m.QuotaTable]
    decision: m.DecisionFile
    pricing: m.PricingFile
    source_by_url: dict[str, m.Source] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.source_by_url = {s.url: s for s in self.sources}

    @property
    def criteria(self) -> list[m.Criterion]:
        return [c for g in self.groups for c in g.criteria]

    def option(self, option_id: str) -> m.Option:
        return _find(self.options, option_id, "option")

    def service(self, service_id: str) -> m.Service:
        return _find(self.services, service_id, "service")

    def criterion(self, criterion_id: str) -> m.Criterion:
        return _find(self.criteria, criterion_id, "comparison criterion")

    def source(self, url: str) -> m.Source:
        return self.source_by_url[page_url(url)]

    def extra_exports(self) -> dict[str, Any]:
        """Further JSON exports contributed by optional data (decision rules, prices)."""
        return {}


def _find(records: list[Any], ident: str, what: str) -> Any:
    """Look a record up by id; a page that names an unknown id fails with the ids it could have meant."""
    for record in records:
        if record.id == ident:
            return record
    known = ", ".join(r.id for r in records)
    raise LookupError(f"unknown {what} id {ident!r}; known: {known}")


# --- schema errors -----------------------------------------------------------------------------------------


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
        allowed = ", ".join(_allowed_keys(model, loc)) or "see the JSON Schema"
        return f"unknown key; allowed keys here: {allowed}"
    if kind == "string_pattern_mismatch":
        return "expected a kebab-case id (lowercase letters and digits joined by single hyphens)"
    if kind == "string_too_short":
        return "expected a non-empty string"
    msg = msg.removeprefix("Value error, ")
    got = error.get("input")
    if not isinstance(got, dict | list) and got is not None:
        shown = repr(got)
        msg += f"; got {shown[:80] + '…' if len(shown) > 80 else shown}"
    return msg


def _schema_problems(located: Located, model: type[BaseModel], exc: ValidationError) -> list[str]:
    problems = []
    for error in exc.errors():
        loc = tuple(p for p in error["loc"] if p not in ("[key]",))
        # pydantic reports errors inside a "mode=after" model validator at the model's own path.
        problems.append(f"{located.where(loc)}: {format_path(loc)}: {_expected(error, model)}")
    return problems


def _parse(located: Located, model: type[m.Record]) -> m.Record | None:
    if not isinstance(located.data, dict):
        raise DataError([f"{located.path}:1: (document root): expected a mapping of keys, got {type(located.data).__name__}"])
    try:
        return model.model_validate(located.data)
    except ValidationError as exc:
        raise DataError(_schema_problems(located, model, exc)) from None


# --- cross-references -------------------------------------------------------------------------------------


class _Checks:
    """Cross-record checks; each problem is recorded with the place it comes from."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.ids: dict[str, str] = {}
        self.urls_used: set[str] = set()

    def fail(self, where: Where, message: str) -> None:
        located, path = where
        self.problems.append(f"{located.where(path)}: {format_path(path)}: {message}")

    def claim_id(self, where: Where, ident: str, space: str = "guide") -> None:
        """Ids are anchors; they are unique across the guide, except glossary terms, which have their own page."""
        first = self.ids.get(f"{space}:{ident}")
        if first:
            self.fail(where, f"duplicate id {ident!r}: ids are page anchors and must be unique (first used at {first})")
        else:
            self.ids[f"{space}:{ident}"] = where[0].where(where[1])

    def known(self, where: Where, ident: str | None, pool: set[str], what: str) -> None:
        if ident is not None and ident not in pool:
            choices = ", ".join(sorted(pool)) or "(none defined)"
            self.fail(where, f"unknown {what} {ident!r}; expected one of: {choices}")

    def cite(self, where: Where, urls: list[str], registry: set[str]) -> None:
        for index, url in enumerate(urls):
            self.urls_used.add(page_url(url))
            if page_url(url) not in registry:
                self.fail((where[0], where[1] + ("sources", index)),
                          f"source {page_url(url)!r} is not registered in data/sources.yml; add it there with its title")


def _records(located: Located, key: str) -> Iterator[tuple[int, dict[str, Any]]]:
    yield from enumerate(located.data.get(key, []))


def _facts(where: Where, record: Any, names: tuple[str, ...]) -> Iterator[tuple[Where, m.Fact]]:
    for name in names:
        value = getattr(record, name)
        if isinstance(value, m.Fact):
            yield (where[0], where[1] + (name,)), value
        elif isinstance(value, list):
            for i, fact in enumerate(value):
                yield (where[0], where[1] + (name, i)), fact


@cache
def load_guide(data_dir: Path = DATA_DIR) -> Guide:
    """Load and validate all data under ``data_dir`` (cached: the build calls this once)."""
    return _load(data_dir)


def _display(path: Path, data_dir: Path) -> str:
    try:
        return str(path.relative_to(data_dir.parent))
    except ValueError:
        return str(path)


def _load(data_dir: Path) -> Guide:
    problems: list[str] = []
    located: dict[str, Located] = {}
    parsed: dict[str, Any] = {}
    for name, model in FILES.items():
        path = data_dir / name
        if not path.exists():
            problems.append(f"{_display(path, data_dir)}: file is missing; every data file listed in macros/loader.py is required")
            continue
        try:
            located[name] = load_located(path, _display(path, data_dir))
            parsed[name] = _parse(located[name], model)
        except DataError as exc:
            problems.extend(exc.problems)
    groups: list[tuple[Located, m.CriteriaGroup]] = []
    for path in sorted((data_dir / COMPARISON_DIR).glob("*.yml")):
        try:
            loc = load_located(path, _display(path, data_dir))
            groups.append((loc, _parse(loc, m.CriteriaGroup)))  # type: ignore[arg-type]
        except DataError as exc:
            problems.extend(exc.problems)
    if not groups and not problems:
        problems.append(f"{_display(data_dir / COMPARISON_DIR, data_dir)}: no comparison group files found")
    if problems:
        raise DataError(problems)
    guide = Guide(
        sources=parsed["sources.yml"].sources,
        services=parsed["services.yml"].services,
        options=parsed["options.yml"].options,
        groups=sorted((g for _, g in groups), key=lambda g: g.order),
        when=parsed["when-to-use.yml"].services,
        glance=parsed["at-a-glance.yml"].rows,
        corrections=parsed["corrections.yml"].corrections,
        links=parsed["links.yml"].groups,
        summary=parsed["summary.yml"].summary,
        glossary=parsed["glossary.yml"].terms,
        quotas=parsed["quotas.yml"].tables,
        decision=parsed["decision.yml"],
        pricing=parsed["pricing.yml"],
    )
    _cross_check(guide, located, groups)
    return guide


def _cross_check(guide: Guide, located: dict[str, Located], groups: list[tuple[Located, m.CriteriaGroup]]) -> None:
    c = _Checks()
    src_loc = located["sources.yml"]
    registry: dict[str, int] = {}
    for i, source in enumerate(guide.sources):
        where = (src_loc, ("sources", i))
        c.claim_id(where, source.id)
        if source.url in registry:
            c.fail((src_loc, ("sources", i, "url")), f"URL already registered as sources[{registry[source.url]}]; one URL has one title")
        registry[source.url] = i
    urls = set(registry)
    service_ids = {s.id for s in guide.services}
    option_ids = {o.id for o in guide.options}
    criterion_ids = {cr.id for g in guide.groups for cr in g.criteria}
    correction_ids = {x.id for x in guide.corrections}

    def ids_and_aliases(where: Where, rec: m.Aliased, space: str = "guide") -> None:
        c.claim_id(where, rec.id, space)
        for j, alias in enumerate(rec.former_ids):
            c.claim_id((where[0], where[1] + ("former_ids", j)), alias, space)

    loc = located["services.yml"]
    claimed: dict[str, str] = {}
    for i, svc in enumerate(guide.services):
        where = (loc, ("services", i))
        ids_and_aliases(where, svc)
        for j, opt in enumerate(svc.options):
            c.known((loc, where[1] + ("options", j)), opt, option_ids, "option")
            if opt in claimed:
                c.fail((loc, where[1] + ("options", j)), f"option {opt!r} already belongs to service {claimed[opt]!r}")
            claimed[opt] = svc.id
        for fw, fact in _facts(where, svc, ("overview", "best_for")):
            c.cite(fw, fact.sources, urls)
    loc = located["options.yml"]
    for i, opt in enumerate(guide.options):
        where = (loc, ("options", i))
        ids_and_aliases(where, opt)
        c.known((loc, where[1] + ("service",)), opt.service, service_ids, "service")
        if opt.id not in claimed:
            c.fail(where, f"option {opt.id!r} is not listed under any service in data/services.yml")
        for fw, fact in _facts(where, opt, ("summary", "how_it_works", "choose_when", "trade_offs")):
            c.cite(fw, fact.sources, urls)
    orders: dict[int, str] = {}
    for gloc, group in groups:
        ids_and_aliases((gloc, ()), group)
        if group.order in orders:
            c.fail((gloc, ("order",)), f"order {group.order} is already used by group {orders[group.order]!r}")
        orders[group.order] = group.id
        for i, crit in enumerate(group.criteria):
            where = (gloc, ("criteria", i))
            ids_and_aliases(where, crit)
            missing = [o for o in guide.options if o.id not in crit.cells]
            for opt in missing:
                c.fail((gloc, where[1] + ("cells",)), f"no cell for option {opt.id!r}; every criterion answers for every option")
            for key, cell in crit.cells.items():
                cw = (gloc, where[1] + ("cells", key))
                c.known(cw, key, option_ids, "option")
                c.cite(cw, cell.sources, urls)
    loc = located["when-to-use.yml"]
    for i, grp in enumerate(guide.when):
        c.known((loc, ("services", i, "service")), grp.service, service_ids, "service")
        for j, crit in enumerate(grp.criteria):
            where = (loc, ("services", i, "criteria", j))
            ids_and_aliases(where, crit)
            c.known((loc, where[1] + ("correction",)), crit.correction, correction_ids, "correction")
            for k, opt in enumerate(crit.options):
                c.known((loc, where[1] + ("options", k)), opt, option_ids, "option")
            for k, det in enumerate(crit.details):
                c.known((loc, where[1] + ("details", k)), det, criterion_ids, "comparison criterion")
            c.cite(where, crit.sources, urls)
    loc = located["at-a-glance.yml"]
    for i, row in enumerate(guide.glance):
        where = (loc, ("rows", i))
        ids_and_aliases(where, row)
        for key in row.seed:
            c.known((loc, where[1] + ("seed", key)), key, service_ids, "service")
        c.known((loc, where[1] + ("correction",)), row.correction, correction_ids, "correction")
        for k, det in enumerate(row.details):
            c.known((loc, where[1] + ("details", k)), det, criterion_ids, "comparison criterion")
        for key, cell in (("aws-kms", row.aws_kms), ("aws-cloudhsm", row.aws_cloudhsm)):
            c.cite((loc, where[1] + (key,)), cell.sources, urls)
    loc = located["corrections.yml"]
    for i, corr in enumerate(guide.corrections):
        where = (loc, ("corrections", i))
        ids_and_aliases(where, corr)
        for k, det in enumerate(corr.details):
            c.known((loc, where[1] + ("details", k)), det, criterion_ids, "comparison criterion")
        c.cite(where, corr.sources, urls)
    loc = located["links.yml"]
    for i, grp in enumerate(guide.links):
        c.known((loc, ("groups", i, "service")), grp.service, service_ids, "service")
        for j, link in enumerate(grp.links):
            where = (loc, ("groups", i, "links", j))
            ids_and_aliases(where, link)
            c.urls_used.add(page_url(link.url))
            if page_url(link.url) not in urls:
                c.fail((loc, where[1] + ("url",)),
                       f"source {page_url(link.url)!r} is not registered in data/sources.yml; add it there with its title")
            known = guide.source_by_url.get(page_url(link.url))
            if known and known.title != link.title:
                c.fail((loc, where[1] + ("title",)), f"title differs from data/sources.yml ({known.title!r}); one URL has one title")
    loc = located["summary.yml"]
    for i, item in enumerate(guide.summary):
        where = (loc, ("summary", i))
        ids_and_aliases(where, item)
        c.known((loc, where[1] + ("service",)), item.service, service_ids, "service")
        c.cite(where, item.sources, urls)
    loc = located["glossary.yml"]
    for i, term in enumerate(guide.glossary):
        where = (loc, ("terms", i))
        ids_and_aliases(where, term, "glossary")
        c.cite((loc, where[1] + ("definition",)), term.definition.sources, urls)
    loc = located["quotas.yml"]
    for i, table in enumerate(guide.quotas):
        ids_and_aliases((loc, ("tables", i)), table)
        for j, row in enumerate(table.rows):
            where = (loc, ("tables", i, "rows", j))
            ids_and_aliases(where, row)
            c.cite(where, row.sources, urls)
    _check_decision(c, guide, located["decision.yml"])
    _check_pricing(c, guide, located["pricing.yml"], urls)
    for i, source in enumerate(guide.sources):
        if source.url not in c.urls_used:
            c.fail((src_loc, ("sources", i)), f"source {source.url!r} is cited by no fact; remove it or cite it")
    if c.problems:
        raise DataError(c.problems)


# --- prices -------------------------------------------------------------------------------------------------


def _check_pricing(c: _Checks, guide: Guide, loc: Located, urls: set[str]) -> None:
    """Prices: every page registered, scenarios name known Regions and HSM types, every option has a formula."""
    p = guide.pricing
    for i, url in enumerate(p.pages):
        c.cite((loc, ("pages", i)), [url], urls)
    for i, region in enumerate(p.regions):
        for name in ("key_month", "rotation_month", "symmetric_per_10k", "free_requests_month"):
            c.cite((loc, ("regions", i, "kms", name)), getattr(region.kms, name).sources, urls)
        for j, item in enumerate(region.unpriced):
            c.claim_id((loc, ("regions", i, "unpriced", j)), item.id, "pricing")
            c.cite((loc, ("regions", i, "unpriced", j)), item.sources, urls)
    option_ids = {o.id for o in guide.options}
    for key in p.components:
        c.known((loc, ("components", key)), key, option_ids, "option")
    for opt in sorted(option_ids - set(p.components)):
        c.fail((loc, ("components",)), f"no cost components for option {opt!r}; list them (kms, hsm, external)")
    regions, hsm_types = {r.id for r in p.regions}, set(p.hsm_types)
    for i, sc in enumerate(p.scenarios):
        where = (loc, ("scenarios", i))
        c.claim_id(where, sc.id)
        c.known((loc, (*where[1], "region")), sc.region, regions, "Region")
        c.known((loc, (*where[1], "hsm_type")), sc.hsm_type, hsm_types, "HSM type")
        if sc.hsm_count < 2:
            c.fail((loc, (*where[1], "hsm_count")),
                   "at least 2 HSMs: AWS recommends two for production, and a CloudHSM key store needs two")
        if sc.sources:
            c.cite(where, sc.sources, urls)


# --- the decision helper ----------------------------------------------------------------------------------


def _raw(located: Located, path: tuple[str | int, ...]) -> Any:
    """The YAML value at ``path`` as written (one answer id or a list), to point errors at the right line."""
    value: Any = located.data
    for part in path:
        value = value[part] if isinstance(value, dict | list) else None
    return value


def _check_condition(c: _Checks, where: Where, condition: m.Condition, answers: dict[str, list[str]]) -> None:
    located, path = where
    written = _raw(located, path) or {}
    for qid, allowed in condition.items():
        if qid not in answers:
            c.known((located, (*path, qid)), qid, set(answers), "question")
            continue
        listed = isinstance(written.get(qid), list)
        for k, aid in enumerate(allowed):
            if aid not in answers[qid]:
                c.fail((located, (*path, qid, k) if listed else (*path, qid)),
                       f"unknown answer {aid!r} to question {qid!r}; expected one of: {', '.join(answers[qid])}")


def _check_decision(c: _Checks, guide: Guide, loc: Located) -> None:
    """Rules name only known options, questions, answers and criteria; follow-ups form no cycle; no dead end."""
    decision, before = guide.decision, len(c.problems)
    options = {o.id for o in guide.options}
    criteria = {cr.id for cr in guide.criteria}
    answers = {q.id: [a.id for a in q.answers] for q in decision.questions}
    for k, opt in enumerate(decision.default_order):
        c.known((loc, ("default_order", k)), opt, options, "option")
        if opt in decision.default_order[:k]:
            c.fail((loc, ("default_order", k)), f"option {opt!r} is listed twice; the default order lists every option once")
    for opt in sorted(options - set(decision.default_order)):
        c.fail((loc, ("default_order",)), f"option {opt!r} is missing; the default order lists every option once")
    for k, det in enumerate(decision.default_details):
        c.known((loc, ("default_details", k)), det, criteria, "comparison criterion")
    for i, question in enumerate(decision.questions):
        c.claim_id((loc, ("questions", i)), question.id, "decision-question")
        for j, answer in enumerate(question.answers):
            c.claim_id((loc, ("questions", i, "answers", j)), answer.id, f"decision-answer-{question.id}")
        for j, condition in enumerate(question.ask_if):
            _check_condition(c, (loc, ("questions", i, "ask_if", j)), condition, answers)
    for i, rule in enumerate(decision.rules):
        c.claim_id((loc, ("rules", i)), rule.id, "decision-rule")
        if rule.id == dec.DEFAULT_ID:
            c.fail((loc, ("rules", i, "id")), f"{dec.DEFAULT_ID!r} names the default preference; choose another rule id")
        _check_condition(c, (loc, ("rules", i, "when")), rule.when, answers)
        for effect in m.EFFECTS:
            for k, opt in enumerate(getattr(rule, effect)):
                c.known((loc, ("rules", i, effect, k)), opt, options, "option")
        for k, det in enumerate(rule.details):
            c.known((loc, ("rules", i, "details", k)), det, criteria, "comparison criterion")
    if len(c.problems) == before:  # the structure can only be walked once every name in it resolves
        _check_decision_paths(c, decision, loc)


def _check_decision_paths(c: _Checks, decision: m.DecisionFile, loc: Located) -> None:
    before = len(c.problems)
    index = {q.id: i for i, q in enumerate(decision.questions)}
    cycle = dec.find_cycle(decision)
    if cycle:
        c.fail((loc, ("questions", index[cycle[0]], "ask_if")),
               f"follow-up cycle {' -> '.join(cycle)}: a question cannot depend, directly or through others, on itself")
        return
    for i, question in enumerate(decision.questions):
        for j, condition in enumerate(question.ask_if):
            for qid in condition:
                if index[qid] > i:
                    c.fail((loc, ("questions", i, "ask_if", j, qid)),
                           f"question {qid!r} comes later in the file; list a follow-up after the questions it depends on")
    if len(c.problems) > before:  # the walks below read the questions in file order
        return
    rule_index = {r.id: i for i, r in enumerate(decision.rules)}
    found = dec.reach(decision)
    ends = found.dead_ends
    for answers in ends[:5]:
        excluding = [r for r in dec.fired(decision, answers) if r.exclude]
        given = ", ".join(f"{q}={a}" for q, a in answers.items())
        by = "; ".join(f"{r.id} excludes {', '.join(r.exclude)}" for r in excluding)
        c.fail((loc, ("rules", rule_index[excluding[-1].id])),
               f"the answers {given} leave no option ({by}); every combination of answers must leave at least one "
               "option: relax a rule, or ask the question only when it can still be met (ask_if)")
    if len(ends) > 5:
        c.fail((loc, ("rules",)), f"{len(ends) - 5} more combinations of answers leave no option")
    for i, rule in enumerate(decision.rules):
        if rule.id not in found.fired:
            c.fail((loc, ("rules", i, "when")),
                   "no combination of answers meets this condition (a question it names is not asked then); "
                   "the rule would never apply")
