"""Live status of every external URL the guide cites (opt-in: needs the internet).

``python -m macros.tools.check_links --report reports/links`` (what ``make check-links`` runs) fetches each
unique page once, politely: a per-host concurrency limit, retries with exponential backoff for 429 and 5xx
(honouring ``Retry-After``), one retry for a network failure, and a response cache so a re-run within hours
asks the servers nothing.

Outcomes, and only ``broken`` fails the run:

* ``ok``: the page answered 2xx and every cited ``#fragment`` is on it.
* ``redirected``: a permanent redirect (301/308) on the same host to a URL that passes the citation policy
  (``macros.policy.url_problems``): the reason says "update the URL to …". No other redirect ever suggests a URL.
* ``unverified``: nothing proven either way: 403 (docs.aws.amazon.com refuses some automated clients), 429 or
  5xx after retries, timeouts, a connection broken mid-body, a body over the size cap, a temporary redirect to
  another host or to a page the policy refuses (a sign-in page, say), or an unexpected error in the checker.
* ``broken``: the server's answer proves the citation wrong: 404/410, a "page not found" page served with 200
  (soft 404), DNS lookup failure (after one retry), a cited ``#fragment`` missing from the page, a redirect loop,
  a 3xx without ``Location``, or a permanent redirect the checker refuses to follow (another host, a non-http(s)
  scheme, a page the policy refuses).

Every URL gets a result: an exception while checking one URL becomes that URL's result, never the run's end.

Bounds. Each URL has a wall-clock ``deadline`` covering connects, redirects, bodies, retries and waits; each
request gets what is left of it (at most ``timeout``). Bodies are streamed by :class:`BoundedAdapter`, a transport
adapter wrapped around the session's own: it reads the raw socket with ``read1`` (one ``recv`` at a time, so a
server trickling a byte a second is cut off at the deadline, which ``iter_content`` would not do: it blocks until a
whole chunk arrives), stops at ``max_bytes`` on the wire, and decompresses gzip/deflate itself with
``zlib.decompressobj(max_length=…)`` so a gzip bomb stops at ``max_bytes`` decoded too. A check that is still
stuck where no socket timeout reaches (the system resolver, a TLS handshake or headers trickled byte by byte) is
abandoned ``grace`` seconds after its deadline: it runs in a daemon thread, so the process still exits.

Cache. requests-cache reads a whole response into memory before storing it, which would defeat the caps if it
saw the network's raw stream. It does not: :class:`BoundedAdapter` sits *below* the cache, so requests-cache only
ever stores bodies that passed the caps (already decoded), and an over-size, truncated or late body raises
before anything is cached. HEAD and GET are both cached, so a re-run within ``hours`` costs nothing.

docs.aws.amazon.com and aws.amazon.com answer 200 with a "Page not found" page for some missing pages, so their
pages are always fetched with GET (bounded by the caps) and the page's ``<title>`` and first ``<h1>`` are checked.
HTML is decoded as a browser would (BOM, HTTP charset, ``<meta charset>``, then UTF-8, then charset-normalizer;
never Latin-1 by default) and cited fragments are compared percent-decoded, so ``#k%C3%A9y`` finds ``id="kéy"``.
"""

from __future__ import annotations

import argparse
import codecs
import datetime as dt
import email.utils
import json
import math
import os
import re
import socket
import sqlite3
import sys
import threading
import time
import zlib
from collections import defaultdict
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import charset_normalizer
import requests
import urllib3.exceptions
from bs4 import BeautifulSoup
from requests.adapters import BaseAdapter, HTTPAdapter

from ..policy import page_url, url_problems

USER_AGENT = "kms-cloudhsm-guide-linkcheck/1.0 (+https://kms-cloudhsm-guide.github.io/)"
ACCEPT_ENCODING = "gzip, deflate"  # only what _Inflater decodes: never let urllib3 advertise br or zstd
HARD_STATUSES = {404, 410}
RETRY_STATUSES = {429, 500, 502, 503, 504}
PERMANENT = {301, 308}
REDIRECTS = {301, 302, 303, 307, 308}
HEAD_REFUSED = {403, 405, 501}  # some servers refuse HEAD only: ask again with GET
CHUNK = 16 * 1024
OUTCOMES = ("ok", "redirected", "unverified", "broken")
#: Whole titles (or their part before " - " / " | ") and first headings that mean "this page does not exist".
NOT_FOUND_PHRASES = frozenset({
    "404", "404 not found", "404 page not found", "error 404", "not found", "page not found",
    "page not found - aws", "sorry, page not found", "the page you requested was not found",
    "we can't find that page", "we can’t find that page",
})


@dataclass
class Settings:
    timeout: float = 15.0  # seconds for one request, connect to last body byte (never more than what `deadline` leaves)
    deadline: float = 60.0  # seconds for one URL, wall clock: every request, redirect, retry and wait
    grace: float = 2.0  # a check still stuck this long after its deadline is abandoned
    retries: int = 3  # for 429 and 5xx answers; a network failure is retried once
    backoff: float = 1.0  # seconds; doubled after each retry; the fallback when Retry-After is absent or unreadable
    max_retry_after: float = 60.0
    per_host: int = 2
    workers: int = 8
    max_bytes: int = 5_000_000  # body cap, on the wire and after decompression
    max_redirects: int = 10
    get_hosts: frozenset[str] = frozenset({"docs.aws.amazon.com", "aws.amazon.com"})  # always GET: soft 404s
    user_agent: str = USER_AGENT


@dataclass
class Result:
    url: str  # the page URL (no fragment)
    outcome: str = "ok"  # ok | redirected | unverified | broken
    status: int | None = None
    final_url: str | None = None
    reason: str = ""
    seconds: float = 0.0
    attempts: int = 0
    fragments: list[str] = field(default_factory=list)  # the cited fragments, as cited
    fragments_missing: list[str] = field(default_factory=list)
    suggested_url: str | None = None  # only for an acceptable permanent redirect
    cited_by: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------- errors

class BodyTooLarge(requests.RequestException):
    def __init__(self, limit: int, decoded: bool = False) -> None:
        super().__init__(f"body larger than {limit} bytes" + (" once decompressed" if decoded else ""))


class DeadlineExceeded(requests.Timeout):
    """The wall-clock budget ran out (unlike requests' Timeout, which bounds each socket read separately)."""


class BrokenBody(requests.ConnectionError):
    """The connection was cut or the body truncated after the headers arrived."""


class _Finding(Exception):
    """A verdict reached deep inside a check (a refused redirect, say) that ends the check at once."""

    def __init__(self, outcome: str, reason: str, status: int | None = None, final_url: str | None = None) -> None:
        super().__init__(reason)
        self.outcome, self.reason, self.status, self.final_url = outcome, reason, status, final_url


# ---------------------------------------------------------------------------------------------- transport

class _Inflater:
    """Incremental Content-Encoding decoder that never holds more than ``limit`` decoded bytes."""

    def __init__(self, encoding: str, limit: int) -> None:
        self.encoding = encoding.strip().lower()
        if self.encoding not in ("", "identity", "gzip", "x-gzip", "deflate"):
            raise requests.exceptions.ContentDecodingError(f"unsupported Content-Encoding {encoding!r}")
        self.limit, self.produced = limit, 0
        self._seen: bytes | None = b""  # deflate only: replayed as raw deflate if the zlib header turns out to be missing
        self._z = self._decompressor(zlib.MAX_WBITS | 16 if "gzip" in self.encoding else zlib.MAX_WBITS)

    def _decompressor(self, wbits: int) -> Any:
        return zlib.decompressobj(wbits) if self.encoding not in ("", "identity") else None

    def feed(self, data: bytes) -> bytes:
        if self._z is None:
            return self._count(data)
        if self._seen is not None and self.encoding == "deflate" and self.produced == 0:
            self._seen += data
        try:
            out = self._z.decompress(data, self.limit - self.produced + 1)  # one byte over the cap proves the excess
        except zlib.error:
            if self.encoding != "deflate" or self.produced or self._seen is None:
                raise
            # "deflate" is meant to be zlib-wrapped, but some servers send raw deflate.
            self._z, seen, self._seen = zlib.decompressobj(-zlib.MAX_WBITS), self._seen, None
            out = self._z.decompress(seen, self.limit + 1)
        return self._count(out, decoded=True)

    def flush(self) -> bytes:
        if self._z is None:
            return b""
        if not self._z.eof:
            raise requests.exceptions.ContentDecodingError(f"{self.encoding} stream ends early")
        return self._count(self._z.flush(), decoded=True)

    def _count(self, out: bytes, decoded: bool = False) -> bytes:
        self.produced += len(out)
        if self.produced > self.limit:
            raise BodyTooLarge(self.limit, decoded)
        return out


def _shrink_socket_timeout(raw: Any, deadline: float | None) -> None:
    """Make the next recv wait no longer than the deadline allows (best effort: urllib3 exposes the socket)."""
    sock = getattr(getattr(raw, "connection", None), "sock", None)
    if deadline is not None and sock is not None:
        sock.settimeout(max(deadline - time.monotonic(), 0.001))


def _read_body(response: requests.Response, max_bytes: int, deadline: float | None) -> bytes:
    """Stream the raw body one recv at a time, enforcing the deadline between reads and both size caps."""
    declared = response.headers.get("Content-Length", "").strip()
    is_head = response.request is not None and response.request.method == "HEAD"  # its Content-Length is the GET's
    if declared.isdigit() and int(declared) > max_bytes and not is_head:
        raise BodyTooLarge(max_bytes)  # refuse before downloading a byte
    raw = response.raw
    inflater = _Inflater(response.headers.get("Content-Encoding", ""), max_bytes)
    read = getattr(raw, "read1", None) or raw.read
    parts: list[bytes] = []
    wire = 0
    while True:
        if deadline is not None and time.monotonic() > deadline:
            raise DeadlineExceeded("the body was still arriving at the deadline")
        _shrink_socket_timeout(raw, deadline)
        data = read(CHUNK, decode_content=False)
        if not data:
            break
        wire += len(data)
        if wire > max_bytes:
            raise BodyTooLarge(max_bytes)
        parts.append(inflater.feed(data))
    parts.append(inflater.flush())
    return b"".join(parts)


def _budget(timeout: Any) -> float | None:
    return float(timeout) if isinstance(timeout, int | float) and not isinstance(timeout, bool) else None


class BoundedAdapter(HTTPAdapter):
    """Wraps a transport adapter so that nothing above it (requests, requests-cache) sees an unbounded body.

    A float ``timeout`` is read as the wall-clock budget for the whole request; the body is read here, capped
    and decoded, and handed up as ``response.content``. Errors surface as requests exceptions.
    """

    def __init__(self, inner: BaseAdapter | None = None, max_bytes: int = Settings.max_bytes) -> None:
        super().__init__()
        self.inner = inner or HTTPAdapter()
        self.max_bytes = max_bytes

    def send(self, request: requests.PreparedRequest, stream: bool = False, timeout: Any = None, verify: Any = True,
             cert: Any = None, proxies: Mapping[str, str] | None = None) -> requests.Response:
        budget = _budget(timeout)
        deadline = time.monotonic() + budget if budget is not None else None
        response = self.inner.send(request, stream=True, timeout=(budget, budget) if budget is not None else timeout,
                                   verify=verify, cert=cert, proxies=proxies)
        try:
            if response.raw is not None:
                response._content = _read_body(response, self.max_bytes, deadline)
                response._content_consumed = True
            elif len(response.content or b"") > self.max_bytes:
                raise BodyTooLarge(self.max_bytes)
        except requests.RequestException:
            response.close()  # ours (too large, too late): requests' exceptions are OSErrors, so before the next clause
            raise
        except urllib3.exceptions.ReadTimeoutError as exc:
            response.close()
            raise DeadlineExceeded(f"the body stalled: {exc}", request=request) from exc
        except (urllib3.exceptions.ProtocolError, OSError) as exc:
            response.close()
            raise BrokenBody(f"connection broken mid-body: {_short(exc)}", request=request) from exc
        except zlib.error as exc:
            response.close()
            raise requests.exceptions.ContentDecodingError(f"cannot decompress the body: {exc}", request=request) from exc
        except BaseException:
            response.close()  # an unread connection must not go back to the pool
            raise
        return response

    def close(self) -> None:
        self.inner.close()
        super().close()


def bound(session: requests.Session, s: Settings) -> requests.Session:
    """Wrap each of the session's adapters in a BoundedAdapter (idempotent; updates the cap)."""
    for prefix, adapter in list(session.adapters.items()):
        if isinstance(adapter, BoundedAdapter):
            adapter.max_bytes = s.max_bytes
        else:
            session.mount(prefix, BoundedAdapter(adapter, s.max_bytes))
    return session


# ---------------------------------------------------------------------------------------------- helpers

class _Hosts:
    """One semaphore per host: never more than ``per_host`` requests in flight to one server."""

    def __init__(self, per_host: int) -> None:
        self._per_host = per_host
        self._locks: dict[str, threading.BoundedSemaphore] = {}
        self._guard = threading.Lock()

    def __call__(self, url: str) -> threading.BoundedSemaphore:
        host = _host(url)
        with self._guard:
            return self._locks.setdefault(host, threading.BoundedSemaphore(self._per_host))


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def _short(thing: object, limit: int = 200) -> str:
    """One line, at most ``limit`` characters: exception messages and server-supplied text can be anything."""
    text = " ".join(str(thing).split()) or thing.__class__.__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


def retry_after_seconds(value: str | None, fallback: float, cap: float, now: dt.datetime | None = None) -> float:
    """Seconds to wait before a retry, from a ``Retry-After`` header; never raises.

    Accepts delta-seconds (leniently "1.5" too) and HTTP dates, including the obsolete "-0000" zone, which the
    standard library returns as a naive datetime. Unreadable values fall back to ``fallback``; all are capped.
    """
    text = (value or "").strip()
    seconds: float | None = None
    if re.fullmatch(r"\d{1,12}(\.\d+)?", text):
        seconds = float(text)
    elif text:
        try:
            when = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError, OverflowError):
            when = None
        if when is not None:
            when = when if when.tzinfo else when.replace(tzinfo=dt.UTC)
            seconds = (when - (now or dt.datetime.now(dt.UTC))).total_seconds()
    if seconds is None or not math.isfinite(seconds):
        seconds = fallback
    return min(max(seconds, 0.0), cap)


def _causes(exc: BaseException) -> list[BaseException]:
    """The exception and everything it wraps (requests wraps urllib3, which wraps socket errors)."""
    seen: list[BaseException] = []
    todo: list[Any] = [exc]
    while todo:
        item = todo.pop()
        if isinstance(item, BaseException) and all(item is not s for s in seen):
            seen.append(item)
            todo += [item.__cause__, item.__context__, getattr(item, "reason", None), *item.args]
    return seen


def _is_dns_failure(exc: BaseException) -> bool:
    if any(isinstance(e, socket.gaierror | urllib3.exceptions.NameResolutionError) for e in _causes(exc)):
        return True
    text = repr(exc)  # a wrapped message from a layer that kept only the text
    return any(m in text for m in ("NameResolutionError", "Name or service not known", "nodename nor servname",
                                   "Temporary failure in name resolution"))


def _classify(exc: BaseException, s: Settings, budget: float) -> tuple[str, str, bool]:
    """(outcome, reason, worth one retry) for an exception raised while fetching."""
    if isinstance(exc, BodyTooLarge):
        return "unverified", str(exc), False
    if isinstance(exc, DeadlineExceeded):
        return "unverified", f"timed out: no complete answer within the {s.deadline:g} s deadline", False
    if isinstance(exc, requests.Timeout | urllib3.exceptions.TimeoutError):
        return "unverified", f"timed out after {budget:.3g} s", True
    if _is_dns_failure(exc):
        return "broken", "DNS lookup failed", True
    if isinstance(exc, BrokenBody | requests.exceptions.ChunkedEncodingError | urllib3.exceptions.ProtocolError):
        return "unverified", str(exc) if isinstance(exc, BrokenBody) else f"connection broken mid-body: {_short(exc)}", True
    if isinstance(exc, requests.ConnectionError):
        return "unverified", f"connection failed: {_short(exc)}", True
    if isinstance(exc, requests.exceptions.InvalidURL | requests.exceptions.InvalidSchema | requests.exceptions.MissingSchema):
        return "broken", f"invalid URL: {_short(exc)}", False
    if isinstance(exc, requests.exceptions.ContentDecodingError):
        return "unverified", f"cannot decode the body: {_short(exc)}", False
    return "unverified", f"{exc.__class__.__name__}: {_short(exc)}", False


# ---------------------------------------------------------------------------------------------- fetching

@dataclass
class _Page:
    response: requests.Response
    url: str  # where the body came from, after the redirects we accepted
    method: str
    suggestion: str | None = None  # target of the leading run of acceptable permanent redirects


def _send(session: requests.Session, method: str, url: str, s: Settings, deadline: float) -> requests.Response:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise DeadlineExceeded("no time left for another request")
    budget = min(s.timeout, remaining)
    try:
        response = session.request(method, url, timeout=budget, allow_redirects=False,
                                   headers={"User-Agent": s.user_agent, "Accept-Encoding": ACCEPT_ENCODING})
    except requests.Timeout as exc:
        # Name the limit that actually cut the request short: the URL's deadline (final) or the request's timeout
        # (worth one retry while the deadline allows).
        if budget < s.timeout and not isinstance(exc, DeadlineExceeded):
            raise DeadlineExceeded(str(exc)) from exc
        if budget >= s.timeout and isinstance(exc, DeadlineExceeded):
            raise requests.Timeout(str(exc)) from exc
        raise
    return response


def _redirect_target(response: requests.Response, current: str) -> str:
    """Where a 3xx points, or a _Finding if the checker will not follow it."""
    status = response.status_code
    severity = "broken" if status in PERMANENT else "unverified"  # a temporary redirect proves nothing for good
    location = response.headers.get("Location", "").strip()
    if not location:
        raise _Finding("broken", f"HTTP {status} without a Location header", status)
    try:
        target = urljoin(current, location)
        parts = urlsplit(target)
        hostname = (parts.hostname or "").lower()
        problems = url_problems(target)
    except ValueError:
        raise _Finding("broken", f"HTTP {status} to a malformed Location {_short(location)!r}", status) from None
    if parts.scheme not in ("http", "https"):
        raise _Finding(severity, f"HTTP {status} redirects to a non-http(s) URL, not followed: {_short(location)}",
                       status, target)
    if hostname != _host(current):
        raise _Finding(severity, f"HTTP {status} redirects to another host: {target}", status, target)
    if problems:
        raise _Finding(severity, f"HTTP {status} redirects to a page the policy refuses: {target} ({'; '.join(problems)})",
                       status, target)
    return page_url(target)


def _walk(session: requests.Session, url: str, method: str, s: Settings, deadline: float) -> _Page:
    """Follow redirects by hand: each hop is vetted before it is followed, and loops are caught."""
    current, suggestion, permanent_run = url, None, True
    edges: list[tuple[str, str]] = []
    for _ in range(s.max_redirects + 1):
        response = _send(session, method, current, s, deadline)
        if method == "HEAD" and response.status_code in HEAD_REFUSED:
            method = "GET"
            response = _send(session, method, current, s, deadline)
        if response.status_code not in REDIRECTS:
            return _Page(response, current, method, suggestion)
        target = _redirect_target(response, current)
        if (current, target) in edges:  # a revisit alone is fine (cookie handshakes); a repeated hop is a loop
            chain = " → ".join([url, *(b for _, b in edges), target])
            raise _Finding("broken", f"redirect loop: {chain}", response.status_code, target)
        edges.append((current, target))
        permanent_run = permanent_run and response.status_code in PERMANENT
        suggestion = target if permanent_run else suggestion
        current = target
    raise _Finding("broken", f"more than {s.max_redirects} redirects", final_url=current)


def _fetch(session: requests.Session, url: str, method: str, s: Settings, deadline: float, result: Result) -> _Page:
    """Retry 429/5xx up to ``retries`` times (honouring Retry-After) and a network failure once, within the deadline."""
    delay, http_retries, network_retried = s.backoff, 0, False
    while True:
        result.attempts += 1
        try:
            page = _walk(session, url, method, s, deadline)
        except requests.RequestException as exc:
            outcome, reason, retry = _classify(exc, s, min(s.timeout, s.deadline))
            if retry and not network_retried and time.monotonic() < deadline:
                network_retried = True
                continue
            raise _Finding(outcome, reason) from exc
        status = page.response.status_code
        if status not in RETRY_STATUSES or http_retries >= s.retries:
            return page
        wait = retry_after_seconds(page.response.headers.get("Retry-After"), delay, s.max_retry_after)
        if time.monotonic() + wait >= deadline:
            raise _Finding("unverified", f"HTTP {status} (a retry after {wait:g} s would pass the {s.deadline:g} s deadline)",
                           status, page.url)
        time.sleep(wait)
        delay, http_retries = delay * 2, http_retries + 1


# ---------------------------------------------------------------------------------------------- judging

BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([-\w.:]+)""", re.IGNORECASE)
HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([-\w.:]+)""", re.IGNORECASE)


def _codec(label: str | None) -> str | None:
    """A Python codec for a charset label, as browsers read labels (Latin-1 and ASCII mean windows-1252)."""
    if not label:
        return None
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return "cp1252" if name in ("latin-1", "iso8859-1", "ascii") else name


def decode_html(body: bytes, content_type: str = "") -> str:
    """Decode as a browser would: BOM, HTTP charset, <meta charset>, then UTF-8, then a guess; never Latin-1 by default."""
    for bom, name in BOMS:
        if body.startswith(bom):
            return body[len(bom):].decode(name, "replace")
    header = HEADER_CHARSET.search(content_type)
    meta = META_CHARSET.search(body[:4096])
    for label in (header.group(1) if header else None, meta.group(1).decode("ascii", "replace") if meta else None):
        name = _codec(label)
        if name:
            return body.decode(name, "replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        best = charset_normalizer.from_bytes(body).best()
        return str(best) if best is not None else body.decode("utf-8", "replace")


def _is_html(response: requests.Response) -> bool:
    kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    return kind in ("text/html", "application/xhtml+xml") or (not kind and response.content.lstrip()[:1] == b"<")


def _squash(text: str) -> str:
    return " ".join(text.split()).lower()


def _not_found_heading(soup: BeautifulSoup) -> str | None:
    """The title or first h1 if it announces a missing page (whole, or before a " - AWS"-style suffix)."""
    for tag in (soup.find("title"), soup.find("h1")):
        text = _squash(tag.get_text()) if tag else ""
        if text and (text in NOT_FOUND_PHRASES or re.split(r" [-|–—] ", text)[0] in NOT_FOUND_PHRASES):
            return " ".join(tag.get_text().split())
    return None


def _anchors(soup: BeautifulSoup) -> set[str]:
    return {str(e["id"]) for e in soup.find_all(id=True)} | {str(e["name"]) for e in soup.find_all("a", attrs={"name": True})}


def _judge(page: _Page, fragments: set[str], result: Result) -> None:
    response = page.response
    status = result.status = response.status_code
    result.final_url = page.url
    if status in HARD_STATUSES:
        result.outcome, result.reason = "broken", f"HTTP {status}"
        return
    if status >= 300 or status < 200:
        refused = " (refuses automated clients)" if status == 403 else ""
        result.outcome, result.reason = "unverified", f"HTTP {status}{refused}"
        return
    if page.method == "GET" and _is_html(response):
        soup = BeautifulSoup(decode_html(response.content, response.headers.get("Content-Type", "")), "lxml")
        heading = _not_found_heading(soup)
        if heading:
            result.outcome, result.reason = "broken", f"soft 404: HTTP {status} but the page says {heading!r}"
            return
        anchors = _anchors(soup)
        result.fragments_missing = sorted(f for f in fragments if f not in anchors and unquote(f) not in anchors)
    elif fragments:
        kind = response.headers.get("Content-Type", "unknown type")
        result.outcome, result.reason = "unverified", f"cannot look for #fragments in {kind}"
        return
    if result.fragments_missing:
        result.outcome, result.reason = "broken", "missing fragment " + ", ".join(f"#{f}" for f in result.fragments_missing)
    elif page.suggestion:
        result.outcome, result.suggested_url = "redirected", page.suggestion
        result.reason = f"permanent redirect: update the URL to {page.suggestion}"


# ---------------------------------------------------------------------------------------------- checking

def _check(session: requests.Session, result: Result, fragments: set[str], s: Settings) -> None:
    try:
        scheme = urlsplit(result.url).scheme.lower()
        _ = urlsplit(result.url).port  # raises for a malformed port, as urlsplit does for a malformed host
    except ValueError as exc:
        result.outcome, result.reason = "broken", f"invalid URL: {_short(exc)}"
        return
    if scheme not in ("http", "https"):
        result.outcome, result.reason = "broken", f"not an http(s) URL (scheme {scheme or 'missing'!r})"
        return
    method = "GET" if fragments or _host(result.url) in s.get_hosts else "HEAD"
    deadline = time.monotonic() + s.deadline
    try:
        page = _fetch(session, result.url, method, s, deadline, result)
    except _Finding as f:
        result.outcome, result.reason, result.status, result.final_url = f.outcome, f.reason, f.status, f.final_url
        return
    _judge(page, fragments, result)


def _check_safely(session: requests.Session, result: Result, fragments: set[str], s: Settings) -> Result:
    start = time.monotonic()
    try:
        _check(session, result, fragments, s)
    except Exception as exc:  # the last line of defence: one URL's surprise must not end the run
        result.outcome, result.reason = "unverified", f"checker error: {exc.__class__.__name__}: {_short(exc)}"
    result.seconds = round(time.monotonic() - start, 3)
    return result


def check_page(session: requests.Session, url: str, fragments: set[str], cited_by: list[str], s: Settings,
               hosts: _Hosts | None = None) -> Result:
    """Check one page; always returns, at the latest ``grace`` seconds after the deadline."""
    fresh = Result(url=url, cited_by=sorted(cited_by), fragments=sorted(fragments))
    done: list[Result] = []
    with (hosts or _Hosts(s.per_host))(url):
        # A daemon thread: if it is stuck where no timeout reaches, it is left behind and the process can still exit.
        worker = threading.Thread(target=lambda: done.append(_check_safely(session, fresh, fragments, s)),
                                  name=f"check {url}", daemon=True)
        start = time.monotonic()
        worker.start()
        worker.join(s.deadline + s.grace)
    if done:
        return done[0]
    return Result(url=url, outcome="unverified", cited_by=fresh.cited_by, fragments=fresh.fragments,
                  seconds=round(time.monotonic() - start, 3), attempts=max(fresh.attempts, 1),
                  reason=f"timed out: no answer within the {s.deadline:g} s deadline (check abandoned)")


def check_urls(citations: dict[str, list[str]], session: requests.Session | None = None,
               settings: Settings | None = None) -> list[Result]:
    """``citations``: exact URL (fragment allowed) -> places that cite it. Each page is fetched once.

    Never raises for a URL's sake: every page gets a Result. The session's adapters are wrapped in BoundedAdapter.
    """
    s = settings or Settings()
    session = bound(session or requests.Session(), s)
    pages: dict[str, set[str]] = defaultdict(set)
    cited: dict[str, set[str]] = defaultdict(set)
    for url, where in citations.items():
        page = page_url(url)
        fragment = url[len(page) + 1:]
        pages[page].update([fragment] if fragment else [])
        cited[page].update(where)
    hosts = _Hosts(s.per_host)
    with ThreadPoolExecutor(max_workers=max(s.workers, 1)) as pool:
        futures = [pool.submit(check_page, session, p, f, sorted(cited[p]), s, hosts) for p, f in sorted(pages.items())]
        return [f.result() for f in futures]


def cached_session(cache: Path, hours: float = 12) -> requests.Session:
    """A session whose (bounded) responses are kept for ``hours``: a re-run the same day asks nothing of AWS.

    Opens the cache at once, so an unusable path fails here (OSError or sqlite3.Error), not in every check.
    """
    import requests_cache

    cache.parent.mkdir(parents=True, exist_ok=True)
    session = requests_cache.CachedSession(
        str(cache), backend="sqlite", expire_after=dt.timedelta(hours=hours),
        allowable_methods=("GET", "HEAD"), allowable_codes=(200, 301, 302, 303, 307, 308, 404, 410),
    )
    len(session.cache.responses)  # touch the database now
    return bound(session, Settings())


# ---------------------------------------------------------------------------------------------- report

def _cell(text: object, limit: int = 300) -> str:
    """Server-supplied text (Location, titles) must not break the Markdown table."""
    flat = " ".join(str(text).split()).replace("|", "\\|")
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def write_report(results: list[Result], dest: Path) -> tuple[Path, Path]:
    dest.parent.mkdir(parents=True, exist_ok=True)
    counts = {k: sum(1 for r in results if r.outcome == k) for k in OUTCOMES}
    data = {"generated": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "counts": counts,
            "results": [asdict(r) for r in results]}
    json_path, md_path = dest.with_suffix(".json"), dest.with_suffix(".md")
    _write_atomically(json_path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    lines = ["# External link report", "", ", ".join(f"{v} {k}" for k, v in counts.items()), "",
             "| Outcome | Status | URL | Final URL | Time (s) | Reason | Cited by |", "| --- | --- | --- | --- | --- | --- | --- |"]
    order = {"broken": 0, "redirected": 1, "unverified": 2, "ok": 3}
    for r in sorted(results, key=lambda r: (order.get(r.outcome, -1), r.url)):
        url = r.url + (" (" + ", ".join(f"#{f}" for f in r.fragments) + ")" if r.fragments else "")
        lines.append(f"| {r.outcome} | {r.status or '–'} | {_cell(url)} | {_cell(r.final_url or '–')} | {r.seconds} | {_cell(r.reason)} | "
                     f"{_cell(', '.join(r.cited_by), 10_000)} |")
    _write_atomically(md_path, "\n".join(lines) + "\n")
    return json_path, md_path


# ---------------------------------------------------------------------------------------------- command line

def _positive(kind: type[int] | type[float]) -> Any:
    def parse(text: str) -> int | float:
        value = kind(text)
        if not value > 0 or not math.isfinite(value):
            raise argparse.ArgumentTypeError(f"must be a positive number, not {text!r}")
        return value
    parse.__name__ = kind.__name__  # argparse names the type in its message
    return parse


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--report", default="reports/links", help="report path without extension")
    parser.add_argument("--cache", default=".cache/links", help="response cache (sqlite) path")
    parser.add_argument("--no-cache", action="store_true")
    parser.add_argument("--timeout", type=_positive(float), default=Settings.timeout, help="seconds per request")
    parser.add_argument("--deadline", type=_positive(float), default=Settings.deadline, help="seconds per URL, all told")
    parser.add_argument("--max-bytes", type=_positive(int), default=Settings.max_bytes, help="body cap, wire and decoded")
    parser.add_argument("--site", help="accepted for symmetry with make; the URL list comes from the data")
    return parser


def _fail(message: str) -> int:
    print(f"check_links: error: {message}", file=sys.stderr)
    return 2


def _citations() -> dict[str, list[str]]:
    from ..loader import load_guide
    from .inventory import citations

    return citations(load_guide())


def main(argv: list[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # argparse has printed the usage and the problem
        return 0 if exc.code in (0, None) else 2
    report = Path(args.report)
    try:
        report.parent.mkdir(parents=True, exist_ok=True)  # fail before the network, not after it
    except OSError as exc:
        return _fail(f"cannot create the report folder {report.parent}: {exc}")
    try:
        session = requests.Session() if args.no_cache else cached_session(Path(args.cache))
    except (OSError, sqlite3.Error) as exc:
        return _fail(f"cannot open the response cache {args.cache}: {exc} (fix the path or pass --no-cache)")
    try:
        cited = _citations()
    except Exception as exc:  # the data's own errors are reported by the loader tests; here, say it and stop
        return _fail(f"cannot read the guide's citations: {exc.__class__.__name__}: {_short(exc)}")
    settings = Settings(timeout=args.timeout, deadline=args.deadline, max_bytes=args.max_bytes)
    results = check_urls(cited, session, settings)
    try:
        json_path, md_path = write_report(results, report)
    except OSError as exc:
        return _fail(f"cannot write the report {report}: {exc}")
    broken = [r for r in results if r.outcome == "broken"]
    for r in results:
        if r.outcome != "ok":
            print(f"{r.outcome:10} {r.url}  {r.reason}")
    print(f"{len(results)} pages checked; {len(broken)} broken. Reports: {json_path}, {md_path}")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
