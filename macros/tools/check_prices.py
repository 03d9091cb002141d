"""Check the guide's list prices against AWS's machine-readable Price List offer files (opt-in: needs the internet).

``python -m macros.tools.check_prices [--base-url URL] [--report PATH] [--cache DIR] [--no-cache] [--specs FILE.json]``

What it reads (the AWS Price List Bulk API, documented in the AWS Billing user guide, "Getting price list files
using the AWS Price List Bulk API"): the offer index ``/offers/v1.0/aws/index.json``, then for each offer code we
price (``CloudHSM``, ``awskms``) its Region index (``offers.<code>.currentRegionIndexUrl``), then only the
per-Region offer files we need (``regions.<region>.currentVersionUrl``). Each download is streamed to disk with a
size cap, a per-URL overall deadline and retries with backoff on 429, 5xx and connection failures, and is kept
in a plain file cache keyed by URL (``.cache/prices`` by default; ``--no-cache`` skips it).

Each price to check is a :class:`PriceSpec`. A SKU matches a spec when its ``attributes.regionCode`` equals the
spec's Region (only when a SKU has no ``regionCode`` is its ``location`` compared with the Region's name, and the
result says so), its ``usagetype`` equals the spec's with or without a Region prefix such as ``USE2-`` (the
us-east-1 files carry none), and, when the spec names one, its ``operation`` is equal. The spec's value is
compared with the on-demand ``pricePerUnit.USD`` times ``per`` (our unit over the price list's: 10000 for a price
per 10,000 requests). A dimension with tiers (``beginRange``/``endRange``) is chosen by the spec's ``quantity``
(in price-list units); without one, tiers with different prices are ambiguous.

Outcomes, one per spec: ``match`` (equal within 1e-9, relative); ``drift`` (the price list now says something
else: old -> new, with the offer file's version and publication date); ``missing`` (no SKU matches; the closest
usage types seen in that Region are suggested, to spot a renamed usage type); ``ambiguous`` (several SKUs or
tiers with different prices); ``error`` (download failed, HTTP error, over the size cap, past the deadline,
malformed JSON). A failing offer never stops the others.

Reports: ``<report>.md`` and ``<report>.json`` (``reports/prices`` by default).

Exit status: 0 when every price matches; 1 when any price drifted (drift is a definite finding, the data needs
updating, so it wins even if other specs could not be checked); 2 when nothing drifted but some spec is
missing, ambiguous or in error, and for bad input (a clear message, never a traceback).

Specs come from ``--specs FILE.json`` (a JSON list of objects with the :class:`PriceSpec` fields) or, without
it, from :func:`load_specs`, which asks the guide's data (``macros.cost.price_specs``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import email.utils
import hashlib
import json
import math
import os
import re
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, fields
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, BinaryIO

import requests
import urllib3

DEFAULT_BASE_URL = "https://pricing.us-east-1.amazonaws.com"
INDEX_PATH = "/offers/v1.0/aws/index.json"
USER_AGENT = "kms-cloudhsm-guide-pricecheck/1.0 (+https://kms-cloudhsm-guide.github.io/)"
RETRY_STATUSES = {429, 500, 502, 503, 504}
REGION_PREFIX = re.compile(r"^[A-Z]{2,4}\d?-")
REL_TOL = 1e-9
OUTCOMES = ("match", "drift", "missing", "ambiguous", "error")

# The Price List's ``location`` for a Region, used only for SKUs without a ``regionCode`` attribute. Names seen in
# the offer file itself (products that carry both attributes) are learned and take precedence.
LOCATIONS = {
    "us-east-1": "US East (N. Virginia)",
    "us-east-2": "US East (Ohio)",
    "us-west-1": "US West (N. California)",
    "us-west-2": "US West (Oregon)",
    "ca-central-1": "Canada (Central)",
    "eu-west-1": "EU (Ireland)",
    "eu-west-2": "EU (London)",
    "eu-west-3": "EU (Paris)",
    "eu-central-1": "EU (Frankfurt)",
    "eu-north-1": "EU (Stockholm)",
    "ap-northeast-1": "Asia Pacific (Tokyo)",
    "ap-northeast-2": "Asia Pacific (Seoul)",
    "ap-southeast-1": "Asia Pacific (Singapore)",
    "ap-southeast-2": "Asia Pacific (Sydney)",
    "ap-south-1": "Asia Pacific (Mumbai)",
    "sa-east-1": "South America (Sao Paulo)",
}


@dataclass(frozen=True)
class PriceSpec:
    """One price in our data and where the Price List keeps it."""

    key: str  # our id, e.g. "us-east-1/cloudhsm-hsm-hour/hsm2m.medium"
    offer: str  # offer code: "CloudHSM", "awskms"
    region: str  # Region code: "us-east-1"
    usagetype: str  # without Region prefix: "CloudHSMv2Usage-hsm2m.m", "KMS-Requests"
    operation: str | None  # compared only when given
    value: float  # the value in our data, in our unit
    per: float = 1.0  # our unit / the price list's unit: 10000 for "per 10,000 requests"
    quantity: float | None = None  # usage in price-list units that picks a tier (beginRange <= q < endRange)


@dataclass
class Result:
    key: str
    offer: str
    region: str
    usagetype: str
    operation: str | None
    outcome: str  # match | drift | missing | ambiguous | error
    ours: float
    listed: float | None = None  # the price list's price in our unit (pricePerUnit.USD x per)
    price_per_unit: str | None = None  # as written in the offer file
    unit: str | None = None  # the price list's unit
    per: float = 1.0
    sku: str | None = None
    rate_code: str | None = None
    description: str | None = None
    version: str | None = None
    publication_date: str | None = None
    url: str | None = None
    reason: str = ""
    suggestions: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Settings:
    base_url: str = DEFAULT_BASE_URL
    cache_dir: Path | None = Path(".cache/prices")  # None: no cache
    cache_hours: float = 12.0
    max_bytes: int = 200 * 1024 * 1024  # per-Region CloudHSM and KMS files are a few kilobytes
    deadline: float = 120.0  # seconds per URL, all attempts and the whole body included
    timeout: float = 20.0  # connect and between-bytes timeout of one attempt
    retries: int = 3
    backoff: float = 1.0  # seconds, doubled after each failed attempt
    max_retry_after: float = 30.0
    chunk: int = 64 * 1024


class FetchError(Exception):
    """A URL could not be turned into JSON; the message is the reason shown in the report."""


class _Interrupted(Exception):
    """The body stopped coming (reset, read timeout): worth another attempt."""


class SpecError(ValueError):
    """Bad price specs (the CLI prints the message and exits 2)."""


class SpecsUnavailable(RuntimeError):
    """The guide's data offers no price specs (yet)."""


# ----------------------------------------------------------------------------------------------- fetching


class Fetcher:
    """GET JSON documents: streamed to disk under a size cap and a deadline, retried, cached by URL."""

    def __init__(self, settings: Settings | None = None, session: requests.Session | None = None) -> None:
        self.s = settings or Settings()
        self.session = session or requests.Session()
        self.session.headers.setdefault("User-Agent", USER_AGENT)

    def url(self, ref: str) -> str:
        """Offer and Region indexes give paths (``/offers/v1.0/aws/...``); they are joined to the base URL."""
        if ref.startswith(("http://", "https://")):
            return ref
        return self.s.base_url.rstrip("/") + "/" + ref.lstrip("/")

    def _cache_path(self, url: str) -> Path | None:
        if self.s.cache_dir is None:
            return None
        return self.s.cache_dir / (hashlib.sha256(url.encode()).hexdigest()[:40] + ".json")

    def get_json(self, url: str) -> Any:
        cached = self._cache_path(url)
        if cached is not None and cached.is_file():
            age = time.time() - cached.stat().st_mtime
            if age < self.s.cache_hours * 3600:
                try:
                    with cached.open("rb") as fh:
                        return json.load(fh)
                except (OSError, ValueError):
                    cached.unlink(missing_ok=True)  # a damaged cache entry is fetched again
        try:
            if cached is not None:
                cached.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp_name = tempfile.mkstemp(suffix=".part", dir=cached.parent)
            else:
                fd, tmp_name = tempfile.mkstemp(suffix=".part")
        except OSError as exc:
            raise FetchError(f"cannot write a download to {cached.parent if cached else 'the temporary folder'}: {exc}") from None
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "w+b") as fh:
                self._download(url, fh)
                fh.seek(0)
                try:
                    data = json.load(fh)
                except (ValueError, UnicodeDecodeError) as exc:
                    raise FetchError(f"malformed JSON: {exc}") from None
            if cached is not None:
                os.replace(tmp, cached)
            return data
        finally:
            tmp.unlink(missing_ok=True)

    def _download(self, url: str, out: BinaryIO) -> None:
        s = self.s
        start = time.monotonic()
        delay = s.backoff
        reason = ""
        for attempt in range(s.retries + 1):
            remaining = s.deadline - (time.monotonic() - start)
            if remaining <= 0:
                raise FetchError(f"deadline of {s.deadline:g} s passed ({reason or 'no answer'})")
            wait = min(delay, s.max_retry_after)
            try:
                response = self.session.get(url, stream=True, timeout=(min(s.timeout, remaining), min(s.timeout, remaining)))
            except requests.Timeout:
                reason = "timed out"
            except requests.RequestException as exc:
                reason = f"connection failed: {exc.__class__.__name__}"
            else:
                with response:
                    status = response.status_code
                    if status == 200:
                        try:
                            self._stream(response, out, start)
                            return
                        except _Interrupted as exc:  # a reset or a stall mid-body: start again from the first byte
                            reason = str(exc)
                            out.seek(0)
                            out.truncate()
                    else:
                        reason = f"HTTP {status}"
                        if status not in RETRY_STATUSES:
                            raise FetchError(reason)
                        wait = _retry_after(response, wait, s.max_retry_after)
            if attempt == s.retries:
                break
            if time.monotonic() - start + wait >= s.deadline:
                raise FetchError(f"{reason}; deadline of {s.deadline:g} s passed before the next retry")
            time.sleep(wait)
            delay *= 2
        raise FetchError(f"{reason} after {s.retries + 1} attempts")

    def _stream(self, response: requests.Response, out: BinaryIO, start: float) -> None:
        s = self.s
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > s.max_bytes:
            raise FetchError(f"over the size cap: {int(declared)} bytes declared, cap {s.max_bytes}")
        size = 0
        raw = response.raw
        try:
            # read1: whatever one read brings (at most a chunk), so a slow trickle cannot outlast the deadline; a
            # stall is cut by the read timeout. Sizes count decoded bytes, so a small gzip body cannot expand past the cap.
            while chunk := raw.read1(s.chunk, decode_content=True):
                size += len(chunk)
                if size > s.max_bytes:
                    raise FetchError(f"over the size cap of {s.max_bytes} bytes (stopped reading)")
                if time.monotonic() - start > s.deadline:
                    raise FetchError(f"deadline of {s.deadline:g} s passed while reading ({size} bytes read)")
                out.write(chunk)
        except (urllib3.exceptions.HTTPError, requests.RequestException, OSError) as exc:
            raise _Interrupted(f"download interrupted after {size} bytes: {exc.__class__.__name__}") from None


def _retry_after(response: requests.Response, fallback: float, cap: float) -> float:
    value = response.headers.get("Retry-After", "").strip()
    if value.isdigit():
        return min(float(value), cap)
    if value:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return min(fallback, cap)
        if when is not None and when.tzinfo is not None:
            return min(max((when - dt.datetime.now(dt.UTC)).total_seconds(), 0.0), cap)
    return min(fallback, cap)


# ----------------------------------------------------------------------------------------------- matching


def strip_region_prefix(usagetype: str) -> str:
    return REGION_PREFIX.sub("", usagetype, count=1)


def usagetype_matches(listed: str, wanted: str) -> bool:
    """``USE2-KMS-Requests`` and ``KMS-Requests`` both match ``KMS-Requests``; the unprefixed form is tried
    first, because ``KMS-`` itself looks like a Region prefix."""
    return listed == wanted or strip_region_prefix(listed) == wanted


def bare_usagetype(listed: str, wanted: str) -> str:
    """``listed`` without its Region prefix, for showing: ``KMS-`` looks like one too, so of the two forms the one
    closer to ``wanted`` is kept (``USE2-CloudHSMv2Usage`` -> ``CloudHSMv2Usage``, ``KMS-Keys`` stays)."""
    stripped = strip_region_prefix(listed)
    if stripped == listed:
        return listed
    ratio = difflib.SequenceMatcher(None, wanted, stripped).ratio()
    return stripped if ratio > difflib.SequenceMatcher(None, wanted, listed).ratio() else listed


def _decimal(text: Any) -> Decimal | None:
    if isinstance(text, bool) or text is None:
        return None
    try:
        value = Decimal(str(text))
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


def _range(dim: dict[str, Any]) -> tuple[Decimal, Decimal]:
    begin = _decimal(dim.get("beginRange", "0")) or Decimal(0)
    end_text = str(dim.get("endRange", "Inf"))
    end = Decimal("Infinity") if end_text.lower() in ("inf", "infinity", "") else (_decimal(end_text) or Decimal("Infinity"))
    return begin, end


def _fmt(x: float | Decimal | None) -> str:
    if x is None:
        return "–"
    return format(float(x), ".10g")


@dataclass
class _Offer:
    """One per-Region offer file, with where it came from."""

    data: dict[str, Any]
    url: str

    @property
    def version(self) -> str | None:
        return _str_or_none(self.data.get("version"))

    @property
    def publication_date(self) -> str | None:
        return _str_or_none(self.data.get("publicationDate"))


def _str_or_none(v: Any) -> str | None:
    return None if v is None else str(v)


def _validate_offer(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise FetchError(f"malformed offer file: a JSON {type(data).__name__}, not an object")
    if not isinstance(data.get("products"), dict):
        raise FetchError("malformed offer file: no 'products' object")
    terms = data.get("terms", {})
    if not isinstance(terms, dict) or not isinstance(terms.get("OnDemand", {}), dict):
        raise FetchError("malformed offer file: 'terms.OnDemand' is not an object")
    return data


def _location_names(products: Iterable[dict[str, Any]], region: str) -> set[str]:
    names = {str(a["location"]) for p in products if isinstance(a := p.get("attributes"), dict)
             and a.get("regionCode") == region and a.get("location")}
    return names or ({LOCATIONS[region]} if region in LOCATIONS else set())


def evaluate(spec: PriceSpec, offer: _Offer) -> Result:
    """The outcome of one spec against one per-Region offer file."""
    r = Result(spec.key, spec.offer, spec.region, spec.usagetype, spec.operation, "error", spec.value, per=spec.per,
               version=offer.version, publication_date=offer.publication_date, url=offer.url)
    products = [p for p in offer.data["products"].values() if isinstance(p, dict)]
    locations = _location_names(products, spec.region)
    in_region: list[tuple[dict[str, Any], dict[str, Any], bool]] = []  # product, attributes, matched by location
    for p in products:
        a = p.get("attributes")
        if not isinstance(a, dict):
            continue
        if "regionCode" in a:
            if a.get("regionCode") == spec.region:
                in_region.append((p, a, False))
        elif a.get("location") in locations:
            in_region.append((p, a, True))
    by_usage = [(p, a, loc) for p, a, loc in in_region if usagetype_matches(str(a.get("usagetype", "")), spec.usagetype)]
    matched = [(p, a, loc) for p, a, loc in by_usage if spec.operation is None or a.get("operation") == spec.operation]
    if not matched:
        r.outcome = "missing"
        if by_usage:
            ops = sorted({str(a.get("operation", "")) for _, a, _ in by_usage})
            r.reason = f"usage type {spec.usagetype} found, but not with operation {spec.operation!r}; operations seen: {ops}"
        else:
            seen = sorted({bare_usagetype(str(a.get("usagetype", "")), spec.usagetype) for _, a, _ in in_region} - {""})
            r.suggestions = closest(spec.usagetype, seen)
            r.reason = (f"no SKU with usage type {spec.usagetype} in {spec.region}" +
                        (f" ({len(seen)} usage types seen)" if seen else " (no SKU for this Region at all)"))
        return r
    if any(loc for _, _, loc in matched):
        r.notes.append(f"matched by location ({', '.join(sorted(locations))}): the SKU has no regionCode attribute")

    on_demand = offer.data.get("terms", {}).get("OnDemand", {})
    candidates: list[tuple[str, str, dict[str, Any], Decimal]] = []  # sku, rate code, dimension, USD
    for p, _, _ in matched:
        sku = str(p.get("sku", ""))
        terms = on_demand.get(sku, {})
        for term in terms.values() if isinstance(terms, dict) else []:
            dims = term.get("priceDimensions", {}) if isinstance(term, dict) else {}
            for rate_code, dim in dims.items() if isinstance(dims, dict) else []:
                if not isinstance(dim, dict):
                    continue
                usd = _decimal((dim.get("pricePerUnit") or {}).get("USD"))
                if usd is None:
                    r.reason = f"SKU {sku} rate {rate_code} has no valid pricePerUnit.USD"
                    return r
                candidates.append((sku, str(rate_code), dim, usd))
    skus = sorted({str(p.get("sku", "")) for p, _, _ in matched})
    if not candidates:
        r.outcome, r.reason = "missing", f"SKU {', '.join(skus)} matches but has no OnDemand price"
        return r
    if spec.quantity is not None:
        q = Decimal(str(spec.quantity))
        covering = [c for c in candidates if _range(c[2])[0] <= q < _range(c[2])[1]]
        if not covering:
            r.outcome = "missing"
            r.reason = f"no price dimension covers quantity {_fmt(spec.quantity)}: " + _describe(candidates)
            return r
        candidates = covering
    prices = sorted({c[3] for c in candidates})
    if len(prices) > 1:
        r.outcome = "ambiguous"
        tiered = len(candidates) > len({c[0] for c in candidates})
        r.reason = (f"{len(candidates)} price dimensions with different prices"
                    + (" (tiers: give the spec a quantity)" if tiered and spec.quantity is None else "") + ": " + _describe(candidates))
        r.suggestions = sorted({bare_usagetype(str(a.get("usagetype", "")), spec.usagetype)
                                + (f" [{a['operation']}]" if a.get("operation") else "") for _, a, _ in matched})
        return r
    sku, rate_code, dim, usd = candidates[0]
    if len(candidates) > 1:
        r.notes.append(f"{len(candidates)} price dimensions agree on {usd} USD ({', '.join(sorted({c[0] for c in candidates}))})")
    listed = usd * Decimal(str(spec.per))
    r.listed, r.price_per_unit = float(listed), str(dim.get("pricePerUnit", {}).get("USD"))
    r.unit, r.sku, r.rate_code = _str_or_none(dim.get("unit")), sku, rate_code
    r.description = _str_or_none(dim.get("description"))
    begin, end = _range(dim)
    if begin != 0 or end != Decimal("Infinity"):
        r.notes.append(f"tier {begin}–{'Inf' if end.is_infinite() else end}")
    if math.isclose(spec.value, float(listed), rel_tol=REL_TOL, abs_tol=0.0):
        r.outcome = "match"
    else:
        r.outcome = "drift"
        r.reason = (f"{_fmt(spec.value)} -> {_fmt(listed)} (price list version {offer.version or '?'}, "
                    f"published {offer.publication_date or '?'})")
    return r


def _describe(candidates: list[tuple[str, str, dict[str, Any], Decimal]]) -> str:
    parts = []
    for sku, _, dim, usd in candidates[:8]:
        begin, end = _range(dim)
        shown = dim.get("pricePerUnit", {}).get("USD", usd)  # as the offer file writes it, not 0E-10
        parts.append(f"{sku} [{begin}–{'Inf' if end.is_infinite() else end}] {shown} USD/{dim.get('unit', '?')}")
    return "; ".join(parts) + (" …" if len(candidates) > 8 else "")


def closest(wanted: str, seen: list[str], n: int = 5) -> list[str]:
    """Usage types that look like ``wanted``: by similarity, then by a shared leading word (``CloudHSMv2...``)."""
    similar = difflib.get_close_matches(wanted, seen, n=n, cutoff=0.6)
    head = re.split(r"[-:.]", wanted, maxsplit=1)[0].lower()
    family = sorted((u for u in seen if u.lower().startswith(head) and u not in similar),
                    key=lambda u: -difflib.SequenceMatcher(None, wanted, u).ratio())
    return (similar + family)[:n]


# ----------------------------------------------------------------------------------------------- the run


def _result_for(spec: PriceSpec, outcome: str, reason: str, url: str | None = None) -> Result:
    return Result(spec.key, spec.offer, spec.region, spec.usagetype, spec.operation, outcome, spec.value,
                  per=spec.per, reason=reason, url=url)


def check_prices(specs: list[PriceSpec], fetcher: Fetcher | None = None) -> list[Result]:
    """One result per spec, in the specs' order. Each offer and Region is fetched once."""
    fetcher = fetcher or Fetcher()
    results: dict[int, Result] = {}
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, spec in enumerate(specs):
        groups[(spec.offer, spec.region)].append(i)

    index_url = fetcher.url(INDEX_PATH)
    index: dict[str, Any] | None = None
    index_error = ""
    try:
        raw = fetcher.get_json(index_url)
        if not isinstance(raw, dict) or not isinstance(raw.get("offers"), dict):
            raise FetchError("malformed offer index: no 'offers' object")
        index = raw
    except FetchError as exc:
        index_error = f"offer index {index_url}: {exc}"

    region_indexes: dict[str, dict[str, Any] | FetchError] = {}
    for (offer_code, region), members in groups.items():
        try:
            if index is None:
                raise FetchError(index_error)
            offer_file, missing = _locate(fetcher, index, offer_code, region, region_indexes)
            if missing:
                for i in members:
                    results[i] = _result_for(specs[i], "missing", missing)
                continue
            for i in members:
                results[i] = evaluate(specs[i], offer_file)
        except FetchError as exc:
            for i in members:
                results[i] = _result_for(specs[i], "error", str(exc))
        except Exception as exc:  # one odd offer file never stops the run
            for i in members:
                results[i] = _result_for(specs[i], "error", f"unexpected {exc.__class__.__name__}: {exc}")
    return [results[i] for i in range(len(specs))]


def _locate(fetcher: Fetcher, index: dict[str, Any], offer_code: str, region: str,
            region_indexes: dict[str, dict[str, Any] | FetchError]) -> tuple[_Offer, str]:
    """The per-Region offer file for (offer, Region), or a reason why there is none ("missing")."""
    entry = index["offers"].get(offer_code)
    if not isinstance(entry, dict):
        raise FetchError(f"offer code {offer_code!r} is not in the offer index")
    region_index_ref = entry.get("currentRegionIndexUrl")
    if not isinstance(region_index_ref, str):
        raise FetchError(f"offer {offer_code} has no currentRegionIndexUrl")
    if offer_code not in region_indexes:
        url = fetcher.url(region_index_ref)
        try:
            ri = fetcher.get_json(url)
            if not isinstance(ri, dict) or not isinstance(ri.get("regions"), dict):
                raise FetchError("malformed Region index: no 'regions' object")
            region_indexes[offer_code] = ri
        except FetchError as exc:
            region_indexes[offer_code] = FetchError(f"Region index {url}: {exc}")
    ri_or_error = region_indexes[offer_code]
    if isinstance(ri_or_error, FetchError):
        raise ri_or_error
    reg = ri_or_error["regions"].get(region)
    if not isinstance(reg, dict) or not isinstance(reg.get("currentVersionUrl"), str):
        return _Offer({}, ""), f"offer {offer_code} has no price list for Region {region}"
    url = fetcher.url(reg["currentVersionUrl"])
    try:
        data = _validate_offer(fetcher.get_json(url))
    except FetchError as exc:
        raise FetchError(f"{url}: {exc}") from None
    return _Offer(data, url), ""


def exit_code(results: list[Result]) -> int:
    outcomes = {r.outcome for r in results}
    if "drift" in outcomes:
        return 1
    return 2 if outcomes - {"match"} else 0


# ----------------------------------------------------------------------------------------------- reports


def write_reports(results: list[Result], dest: Path) -> tuple[Path, Path]:
    dest.parent.mkdir(parents=True, exist_ok=True)
    counts = {k: sum(1 for r in results if r.outcome == k) for k in OUTCOMES}
    data = {"generated": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "counts": counts,
            "exit_code": exit_code(results), "results": [asdict(r) for r in results]}
    json_path, md_path = dest.with_name(dest.name + ".json"), dest.with_name(dest.name + ".md")
    json_path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    lines = ["# List prices against the AWS Price List", "", ", ".join(f"{v} {k}" for k, v in counts.items()), "",
             "| Outcome | Spec | Ours | Price list | Unit | Per | SKU | Offer version | Published | Details |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    order = {k: i for i, k in enumerate(("drift", "error", "missing", "ambiguous", "match"))}
    for r in sorted(results, key=lambda r: (order[r.outcome], r.key)):
        details = "; ".join(x for x in [r.reason, *r.notes] if x)
        if r.suggestions:
            label = "candidates" if r.outcome == "ambiguous" else "closest"
            details += ("; " if details else "") + f"{label}: " + ", ".join(r.suggestions)
        cells = [r.outcome, r.key, _fmt(r.ours), _fmt(r.listed), r.unit or "–", _fmt(r.per), r.sku or "–",
                 r.version or "–", r.publication_date or "–", details]
        lines.append("| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |")
    md_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return json_path, md_path


# ----------------------------------------------------------------------------------------------- specs


_FIELDS = {f.name: f for f in fields(PriceSpec)}
_REQUIRED = {"key", "offer", "region", "usagetype", "value"}


def _number(where: str, name: str, v: Any, positive: bool = False) -> float:
    if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
        raise SpecError(f"{where}: {name} must be a finite number, not {v!r}")
    if positive and v <= 0:
        raise SpecError(f"{where}: {name} must be more than zero, not {v!r}")
    return float(v)


def parse_specs(raw: Any, source: str = "specs") -> list[PriceSpec]:
    if not isinstance(raw, list):
        raise SpecError(f"{source}: expected a JSON list of price specs, got a {type(raw).__name__}")
    specs, keys = [], set()
    for n, item in enumerate(raw):
        where = f"{source}[{n}]"
        if not isinstance(item, dict):
            raise SpecError(f"{where}: expected an object, got {type(item).__name__}")
        unknown = sorted(set(item) - set(_FIELDS))
        if unknown:
            raise SpecError(f"{where}: unknown field(s) {', '.join(unknown)}; allowed: {', '.join(_FIELDS)}")
        missing = sorted(_REQUIRED - set(item))
        if missing:
            raise SpecError(f"{where}: missing field(s) {', '.join(missing)}")
        for name in ("key", "offer", "region", "usagetype"):
            if not isinstance(item[name], str) or not item[name].strip():
                raise SpecError(f"{where}: {name} must be a non-empty string")
        operation = item.get("operation")
        if operation is not None and not isinstance(operation, str):
            raise SpecError(f"{where}: operation must be a string or null")
        quantity = item.get("quantity")
        spec = PriceSpec(item["key"], item["offer"], item["region"], item["usagetype"], operation,
                         _number(where, "value", item["value"]), _number(where, "per", item.get("per", 1.0), positive=True),
                         None if quantity is None else _number(where, "quantity", quantity))
        if spec.key in keys:
            raise SpecError(f"{where}: duplicate key {spec.key!r}")
        keys.add(spec.key)
        specs.append(spec)
    return specs


def read_specs(path: Path) -> list[PriceSpec]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecError(f"cannot read {path}: {exc.__class__.__name__}: {exc}") from None
    try:
        raw = json.loads(text)
    except ValueError as exc:
        raise SpecError(f"{path} is not valid JSON: {exc}") from None
    return parse_specs(raw, str(path))


def load_specs() -> list[PriceSpec]:
    """The guide's own price specs: ``macros.cost.price_specs(load_guide())``, imported lazily."""
    try:
        from macros.cost import price_specs  # type: ignore[attr-defined]
        from macros.loader import load_guide
    except ImportError as exc:
        raise SpecsUnavailable(str(exc)) from None
    return list(price_specs(load_guide()))


# ----------------------------------------------------------------------------------------------- CLI


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros.tools.check_prices", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base-url", default=DEFAULT_BASE_URL, help="Price List host (default: %(default)s)")
    parser.add_argument("--report", default="reports/prices", help="report path without extension (default: %(default)s)")
    parser.add_argument("--cache", default=".cache/prices", help="download cache folder (default: %(default)s)")
    parser.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    parser.add_argument("--cache-hours", type=float, default=12.0, help="reuse cached files this long (default: %(default)s)")
    parser.add_argument("--specs", help="JSON list of price specs (default: the guide's data)")
    parser.add_argument("--max-mb", type=float, default=200.0, help="size cap per file, MB (default: %(default)s)")
    parser.add_argument("--deadline", type=float, default=120.0, help="seconds per URL, retries included (default: %(default)s)")
    parser.add_argument("--timeout", type=float, default=20.0, help="connect/read timeout, seconds (default: %(default)s)")
    parser.add_argument("--retries", type=int, default=3, help="retries on 429, 5xx and connection failures (default: %(default)s)")
    parser.add_argument("--backoff", type=float, default=1.0, help="first retry delay, seconds, doubled each time (default: %(default)s)")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed its message; bad input is exit 2
        return 0 if exc.code == 0 else 2
    for name in ("max_mb", "deadline", "timeout"):
        if not getattr(args, name) > 0:
            print(f"error: --{name.replace('_', '-')} must be more than zero", file=sys.stderr)
            return 2
    if args.retries < 0 or args.backoff < 0 or args.cache_hours < 0:
        print("error: --retries, --backoff and --cache-hours must not be negative", file=sys.stderr)
        return 2
    if not args.base_url.startswith(("http://", "https://")):
        print(f"error: --base-url must be an http(s) URL, not {args.base_url!r}", file=sys.stderr)
        return 2

    try:
        specs = read_specs(Path(args.specs)) if args.specs else load_specs()
    except SpecError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except SpecsUnavailable:
        print("no price specs: pass --specs", file=sys.stderr)
        return 2
    except Exception as exc:  # the guide's data failed to load: say why, without a traceback
        print(f"no price specs: the guide's data did not load ({exc.__class__.__name__}: {exc}); pass --specs",
              file=sys.stderr)
        return 2
    if not specs:
        print("no price specs to check", file=sys.stderr)
        return 2

    settings = Settings(base_url=args.base_url, cache_dir=None if args.no_cache else Path(args.cache),
                        cache_hours=args.cache_hours, max_bytes=int(args.max_mb * 1024 * 1024), deadline=args.deadline,
                        timeout=args.timeout, retries=args.retries, backoff=args.backoff)
    results = check_prices(specs, Fetcher(settings))
    try:
        json_path, md_path = write_reports(results, Path(args.report))
    except OSError as exc:
        print(f"error: cannot write the reports at {args.report}: {exc}", file=sys.stderr)
        return 2
    for r in results:
        if r.outcome != "match":
            extra = f"  closest: {', '.join(r.suggestions)}" if r.suggestions and r.outcome == "missing" else ""
            print(f"{r.outcome:9} {r.key}  {r.reason}{extra}")
    counts = ", ".join(f"{sum(1 for r in results if r.outcome == k)} {k}" for k in OUTCOMES)
    print(f"{len(results)} prices checked: {counts}. Reports: {json_path}, {md_path}")
    return exit_code(results)


if __name__ == "__main__":
    sys.exit(main())
