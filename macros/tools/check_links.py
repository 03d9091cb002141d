"""Live status of every external URL the guide cites (opt-in: needs the internet).

``python -m macros.tools.check_links --report reports/links`` (what ``make check-links`` runs) fetches each
unique page once, politely: a per-host concurrency limit, a timeout, retries with exponential backoff for 429,
5xx and timeouts (honouring ``Retry-After``), and a response cache so a re-run within hours costs nothing.

Outcomes: ``ok``; ``redirected`` (a permanent redirect: update the URL); ``unverified`` (403, 429, 5xx or
timeouts after retries: docs.aws.amazon.com refuses some automated clients, which proves nothing about the page);
``broken`` (404, 410, DNS failure, or a cited #fragment missing from the page). Only ``broken`` fails the run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import email.utils
import json
import sys
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests
from bs4 import BeautifulSoup

USER_AGENT = "kms-cloudhsm-guide-linkcheck/1.0 (+https://kms-cloudhsm-guide.github.io/)"
HARD_STATUSES = {404, 410}
RETRY_STATUSES = {429, 500, 502, 503, 504}
PERMANENT = {301, 308}
REDIRECTS = {301, 302, 303, 307, 308}


@dataclass
class Settings:
    timeout: float = 15.0
    retries: int = 3
    backoff: float = 1.0  # seconds; doubled after each failed attempt
    max_retry_after: float = 60.0
    per_host: int = 2
    workers: int = 8


@dataclass
class Result:
    url: str  # the page URL (no fragment)
    outcome: str = "ok"  # ok | redirected | unverified | broken
    status: int | None = None
    final_url: str | None = None
    reason: str = ""
    seconds: float = 0.0
    attempts: int = 0
    fragments_missing: list[str] = field(default_factory=list)
    cited_by: list[str] = field(default_factory=list)


class _Hosts:
    """One semaphore per host: never more than ``per_host`` requests in flight to one server."""

    def __init__(self, per_host: int) -> None:
        self._per_host = per_host
        self._locks: dict[str, threading.BoundedSemaphore] = {}
        self._guard = threading.Lock()

    def __call__(self, url: str) -> threading.BoundedSemaphore:
        host = urlsplit(url).netloc
        with self._guard:
            return self._locks.setdefault(host, threading.BoundedSemaphore(self._per_host))


def _retry_after(response: requests.Response, fallback: float, cap: float) -> float:
    value = response.headers.get("Retry-After", "").strip()
    if value.isdigit():
        return min(float(value), cap)
    if value:
        when = email.utils.parsedate_to_datetime(value)
        if when is not None:
            return min(max((when - dt.datetime.now(dt.UTC)).total_seconds(), 0.0), cap)
    return min(fallback, cap)


def _is_dns_failure(exc: Exception) -> bool:
    text = repr(exc)
    return "NameResolutionError" in text or "Name or service not known" in text or "nodename nor servname" in text


def _request(session: requests.Session, method: str, url: str, s: Settings) -> tuple[requests.Response, str | None]:
    """Follow redirects by hand, so a permanent one can be reported with its target."""
    permanent_to = None
    for _ in range(10):
        response = session.request(method, url, timeout=s.timeout, allow_redirects=False)
        if response.status_code not in REDIRECTS or "Location" not in response.headers:
            return response, permanent_to
        target = urljoin(url, response.headers["Location"])
        if response.status_code in PERMANENT and permanent_to is None:
            permanent_to = target
        url = target
    raise requests.TooManyRedirects(f"more than 10 redirects from {url}")


def _fetch(session: requests.Session, url: str, need_body: bool, s: Settings, result: Result) -> requests.Response | None:
    delay = s.backoff
    for attempt in range(s.retries + 1):
        result.attempts = attempt + 1
        try:
            response, permanent = _request(session, "GET" if need_body else "HEAD", url, s)
            if not need_body and response.status_code in (403, 405, 501):
                response, permanent = _request(session, "GET", url, s)  # some servers refuse HEAD only
        except requests.Timeout:
            result.reason = f"timed out after {s.timeout:g} s"
        except requests.ConnectionError as exc:
            if _is_dns_failure(exc):
                result.outcome, result.reason = "broken", "DNS lookup failed"
                return None
            result.reason = f"connection failed: {exc.__class__.__name__}"
        else:
            result.status, result.final_url = response.status_code, response.url
            if permanent:
                result.final_url = response.url or permanent
                result.reason = f"permanent redirect: update the URL to {permanent}"
                result.outcome = "redirected"
            if response.status_code not in RETRY_STATUSES:
                return response
            result.reason = f"HTTP {response.status_code}"
            if attempt < s.retries:
                time.sleep(_retry_after(response, delay, s.max_retry_after))
                delay *= 2
                continue
            return response
        if attempt < s.retries:
            time.sleep(min(delay, s.max_retry_after))
            delay *= 2
    result.outcome = "unverified"
    return None


def _ids(html: str) -> set[str]:
    soup = BeautifulSoup(html, "lxml")
    return {str(e["id"]) for e in soup.find_all(id=True)} | {str(e["name"]) for e in soup.find_all("a", attrs={"name": True})}


def check_page(session: requests.Session, url: str, fragments: set[str], cited_by: list[str], s: Settings,
               hosts: _Hosts) -> Result:
    result = Result(url=url, cited_by=sorted(cited_by))
    start = time.monotonic()
    with hosts(url):
        response = _fetch(session, url, bool(fragments), s, result)
    result.seconds = round(time.monotonic() - start, 3)
    if response is None:
        return result
    status = response.status_code
    if status in HARD_STATUSES:
        result.outcome, result.reason = "broken", f"HTTP {status}"
    elif status in RETRY_STATUSES or status == 403 or status >= 400:
        result.outcome, result.reason = "unverified", f"HTTP {status}" + (" (refuses automated clients)" if status == 403 else "")
    elif fragments:
        missing = sorted(f for f in fragments if f not in _ids(response.text))
        if missing:
            result.outcome = "broken"
            result.fragments_missing = missing
            result.reason = "missing fragment " + ", ".join(f"#{f}" for f in missing)
    return result


def check_urls(citations: dict[str, list[str]], session: requests.Session | None = None,
               settings: Settings | None = None) -> list[Result]:
    """``citations``: exact URL (fragment allowed) -> places that cite it. Each page is fetched once."""
    s = settings or Settings()
    session = session or requests.Session()
    session.headers.setdefault("User-Agent", USER_AGENT)
    pages: dict[str, set[str]] = defaultdict(set)
    cited: dict[str, set[str]] = defaultdict(set)
    for url, where in citations.items():
        page, _, fragment = url.partition("#")
        if fragment:
            pages[page].add(fragment)
        else:
            pages.setdefault(page, set())
        cited[page].update(where)
    hosts = _Hosts(s.per_host)
    with ThreadPoolExecutor(max_workers=s.workers) as pool:
        futures = [pool.submit(check_page, session, p, f, sorted(cited[p]), s, hosts) for p, f in sorted(pages.items())]
        return [f.result() for f in futures]


def cached_session(cache: Path, hours: float = 12) -> requests.Session:
    """A session whose responses are kept for ``hours``: a re-run the same day asks nothing of AWS."""
    import requests_cache

    return requests_cache.CachedSession(
        str(cache), backend="sqlite", expire_after=dt.timedelta(hours=hours),
        allowable_methods=("GET", "HEAD"), allowable_codes=(200, 301, 302, 303, 307, 308, 404, 410),
    )


def write_report(results: list[Result], dest: Path) -> tuple[Path, Path]:
    dest.parent.mkdir(parents=True, exist_ok=True)
    counts = {k: sum(1 for r in results if r.outcome == k) for k in ("ok", "redirected", "unverified", "broken")}
    data = {"generated": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "counts": counts,
            "results": [asdict(r) for r in results]}
    json_path, md_path = dest.with_suffix(".json"), dest.with_suffix(".md")
    json_path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    lines = ["# External link report", "", ", ".join(f"{v} {k}" for k, v in counts.items()), "",
             "| Outcome | Status | URL | Final URL | Time (s) | Reason | Cited by |", "| --- | --- | --- | --- | --- | --- | --- |"]
    order = {"broken": 0, "redirected": 1, "unverified": 2, "ok": 3}
    for r in sorted(results, key=lambda r: (order[r.outcome], r.url)):
        final = r.final_url if r.final_url and r.final_url != r.url else ""
        lines.append(f"| {r.outcome} | {r.status or '–'} | {r.url} | {final} | {r.seconds} | {r.reason} | "
                     f"{', '.join(r.cited_by[:5])}{' …' if len(r.cited_by) > 5 else ''} |")
    md_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return json_path, md_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--report", default="reports/links", help="report path without extension")
    parser.add_argument("--cache", default=".cache/links", help="response cache (sqlite) path")
    parser.add_argument("--no-cache", action="store_true")
    parser.add_argument("--timeout", type=float, default=15.0)
    parser.add_argument("--site", help="accepted for symmetry with make; the URL list comes from the data")
    args = parser.parse_args(argv)
    from ..loader import load_guide
    from .inventory import citations

    Path(args.cache).parent.mkdir(parents=True, exist_ok=True)
    session = requests.Session() if args.no_cache else cached_session(Path(args.cache))
    results = check_urls(citations(load_guide()), session, Settings(timeout=args.timeout))
    json_path, md_path = write_report(results, Path(args.report))
    broken = [r for r in results if r.outcome == "broken"]
    for r in results:
        if r.outcome != "ok":
            print(f"{r.outcome:10} {r.url}  {r.reason}")
    print(f"{len(results)} pages checked; {len(broken)} broken. Reports: {json_path}, {md_path}")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
