"""The live link checker, exercised offline against local HTTP servers started by the tests.

Two servers: pytest_httpserver for well-formed answers, and ``RawServer``, a bare socket server, for answers no
well-behaved framework would send (trickled bytes, truncated chunks, resets, endless bodies). ``aws_session``
routes https://docs.aws.amazon.com/... (any host) to the local server, keeping the Host header, so redirects and
soft 404s are tested with URLs that pass the real citation policy.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import json
import socket
import socketserver
import struct
import threading
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
import requests
from pytest_httpserver import HTTPServer
from requests.adapters import HTTPAdapter
from urllib3.exceptions import NameResolutionError
from werkzeug import Request, Response

from macros.tools import check_links
from macros.tools.check_links import (
    Result,
    Settings,
    cached_session,
    check_urls,
    decode_html,
    main,
    retry_after_seconds,
    write_report,
)

FAST = Settings(timeout=3.0, deadline=10.0, grace=1.0, retries=2, backoff=0.0, max_retry_after=2.0, per_host=2, workers=4)
GET_ALL = replace(FAST, get_hosts=frozenset({"127.0.0.1"}))  # the raw server sends bodies: always GET
PAGE = "<html><head><title>AWS KMS keys</title></head><body><h2 id='intro'>Intro</h2><a name='legacy'></a></body></html>"
DOCS = "https://docs.aws.amazon.com"


# ---------------------------------------------------------------------------------------------- servers

@pytest.fixture(scope="module")
def _shared_server() -> Iterator[HTTPServer]:
    srv = HTTPServer(host="127.0.0.1", port=0, threaded=True)  # stopping one takes 0.5 s: share it, clear it
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture
def server(_shared_server: HTTPServer) -> Iterator[HTTPServer]:
    _shared_server.clear()
    yield _shared_server
    _shared_server.clear()


class LocalAdapter(HTTPAdapter):
    """Sends https://<host>/path to the local server as http://127.0.0.1:<port>/path, with ``Host: <host>``."""

    def __init__(self, port: int) -> None:
        super().__init__()
        self.port = port

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        parts = urlsplit(request.url)
        request.headers["Host"] = parts.netloc
        request.url = urlunsplit(("http", f"127.0.0.1:{self.port}", parts.path, parts.query, ""))
        return super().send(request, **kwargs)


def aws_session(server: HTTPServer, adapter: type[LocalAdapter] = LocalAdapter) -> requests.Session:
    session = requests.Session()
    session.mount("https://", adapter(server.port))
    return session


Script = Callable[[socket.socket, threading.Event], None]


class _TCPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True


class RawServer:
    """Each path runs a script that writes whatever bytes it likes to the client socket."""

    def __init__(self) -> None:
        self.routes: dict[str, Script] = {}
        self.hits: list[str] = []
        self.stop = threading.Event()
        outer = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                head = b""
                while b"\r\n\r\n" not in head:
                    data = self.request.recv(4096)
                    if not data:
                        return
                    head += data
                path = head.split(b" ", 2)[1].decode()
                outer.hits.append(path)
                with contextlib.suppress(OSError):  # the client hung up, which is what most scripts provoke
                    outer.routes[path](self.request, outer.stop)

        self._server = _TCPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}{path}"

    def close(self) -> None:
        self.stop.set()
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def raw() -> Iterator[RawServer]:
    srv = RawServer()
    yield srv
    srv.close()


def head(*lines: str, status: str = "200 OK") -> bytes:
    return ("\r\n".join([f"HTTP/1.1 {status}", *lines, "", ""])).encode()


def check(url: str, settings: Settings = FAST, session: requests.Session | None = None) -> Result:
    return check_urls({url: ["comparison/#row"]}, session, settings)[0]


def timed_check(url: str, settings: Settings, session: requests.Session | None = None) -> tuple[Result, float]:
    start = time.monotonic()
    r = check(url, settings, session)
    return r, time.monotonic() - start


# ---------------------------------------------------------------------------------------------- basics

def test_200_is_ok(server: HTTPServer) -> None:
    server.expect_request("/ok").respond_with_data(PAGE, content_type="text/html")
    r = check(server.url_for("/ok"))
    assert (r.outcome, r.status, r.cited_by, r.attempts) == ("ok", 200, ["comparison/#row"], 1)
    assert [e[0].method for e in server.log] == ["HEAD"]  # a fragment-less page elsewhere than AWS: HEAD is enough


@pytest.mark.parametrize("code", [404, 410])
def test_gone_pages_are_broken(server: HTTPServer, code: int) -> None:
    server.expect_request("/gone").respond_with_data("nope", status=code)
    r = check(server.url_for("/gone"))
    assert (r.outcome, r.reason) == ("broken", f"HTTP {code}")


def test_head_refused_get_served(server: HTTPServer) -> None:
    server.expect_request("/nohead", method="HEAD").respond_with_data("", status=405)
    server.expect_request("/nohead", method="GET").respond_with_data(PAGE)
    r = check(server.url_for("/nohead"))
    assert r.outcome == "ok" and [e[0].method for e in server.log] == ["HEAD", "GET"]


def test_missing_fragment_is_broken_and_present_ones_pass(server: HTTPServer) -> None:
    server.expect_request("/doc").respond_with_data(PAGE, content_type="text/html")
    url = server.url_for("/doc")
    results = check_urls({f"{url}#intro": ["a"], f"{url}#legacy": ["b"], f"{url}#gone": ["c"]}, None, FAST)
    assert len(results) == 1  # one page, fetched once for all its fragments
    r = results[0]
    assert r.outcome == "broken" and r.fragments_missing == ["gone"] and r.cited_by == ["a", "b", "c"]
    assert r.fragments == ["gone", "intro", "legacy"]
    assert len([e for e in server.log if e[0].path == "/doc"]) == 1


# ---------------------------------------------------------------------------------------------- 1. per-URL errors

def test_one_bad_url_never_aborts_the_run_and_the_report_is_written(server: HTTPServer, tmp_path: Path) -> None:
    class Exploding(LocalAdapter):
        def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
            if "boom" in (request.url or ""):
                raise RuntimeError("adapter bug")
            return super().send(request, **kwargs)

    server.expect_request("/fine.html").respond_with_data(PAGE, content_type="text/html")
    cited = {f"{DOCS}/boom.html": ["a"], f"{DOCS}/fine.html": ["b"], "ftp://docs.aws.amazon.com/x": ["c"], "https://[::1/x": ["d"]}
    results = {r.url: r for r in check_urls(cited, aws_session(server, Exploding), FAST)}
    assert results[f"{DOCS}/fine.html"].outcome == "ok"
    boom = results[f"{DOCS}/boom.html"]
    assert boom.outcome == "unverified" and boom.reason == "checker error: RuntimeError: adapter bug"
    assert results["ftp://docs.aws.amazon.com/x"].outcome == "broken" and "not an http(s) URL" in results["ftp://docs.aws.amazon.com/x"].reason
    assert results["https://[::1/x"].outcome == "broken" and "invalid URL" in results["https://[::1/x"].reason
    json_path, md_path = write_report(list(results.values()), tmp_path / "links")
    assert len(json.loads(json_path.read_text())["results"]) == 4
    md = md_path.read_text()
    assert all(f"| {url} |" in md for url in cited)


# ---------------------------------------------------------------------------------------------- 2-4. redirects

@pytest.mark.parametrize("code", [301, 308])
def test_permanent_redirect_on_the_same_host_suggests_the_new_url(server: HTTPServer, code: int) -> None:
    server.expect_request("/kms/old.html").respond_with_response(Response(status=code, headers={"Location": "/kms/new.html"}))
    server.expect_request("/kms/new.html").respond_with_data(PAGE, content_type="text/html")
    r = check(f"{DOCS}/kms/old.html", session=aws_session(server))
    assert (r.outcome, r.status, r.final_url, r.suggested_url) == ("redirected", 200, f"{DOCS}/kms/new.html", f"{DOCS}/kms/new.html")
    assert r.reason == f"permanent redirect: update the URL to {DOCS}/kms/new.html"


def test_temporary_redirect_on_the_same_host_is_fine(server: HTTPServer) -> None:
    server.expect_request("/kms/tmp.html").respond_with_response(Response(status=302, headers={"Location": "/kms/new.html"}))
    server.expect_request("/kms/new.html").respond_with_data(PAGE, content_type="text/html")
    r = check(f"{DOCS}/kms/tmp.html", session=aws_session(server))
    assert (r.outcome, r.final_url, r.suggested_url) == ("ok", f"{DOCS}/kms/new.html", None)


@pytest.mark.parametrize("hops", [["/a", "/a"], ["/a", "/b", "/a"]])
def test_redirect_loop_is_reported_not_raised(server: HTTPServer, hops: list[str]) -> None:
    for here, there in itertools.pairwise(hops):
        server.expect_request(here).respond_with_response(Response(status=301, headers={"Location": there}))
    r = check(f"{DOCS}{hops[0]}", session=aws_session(server))
    assert r.outcome == "broken" and r.reason.startswith("redirect loop: ") and "update the URL" not in r.reason


def test_too_many_redirects_is_reported(server: HTTPServer) -> None:
    for i in range(5):
        server.expect_request(f"/r{i}").respond_with_response(Response(status=302, headers={"Location": f"/r{i + 1}"}))
    r = check(f"{DOCS}/r0", replace(FAST, max_redirects=3), aws_session(server))
    assert (r.outcome, r.reason) == ("broken", "more than 3 redirects")


@pytest.mark.parametrize("location", ["javascript:alert(1)", "ftp://docs.aws.amazon.com/kms/x", "data:text/html,hi"])
@pytest.mark.parametrize(("code", "outcome"), [(301, "broken"), (302, "unverified")])
def test_redirect_to_a_non_http_scheme_is_never_followed(server: HTTPServer, location: str, code: int, outcome: str) -> None:
    server.expect_request("/kms/x.html").respond_with_response(Response(status=code, headers={"Location": location}))
    r = check(f"{DOCS}/kms/x.html", session=aws_session(server))
    assert (r.outcome, r.status, r.suggested_url) == (outcome, code, None)
    assert "non-http(s) URL, not followed" in r.reason and len(server.log) == 1


@pytest.mark.parametrize(("code", "location", "outcome", "why"), [
    (301, "https://signin.aws.amazon.com/signin?redirect_uri=x", "broken", "another host"),
    (302, "https://signin.aws.amazon.com/signin?redirect_uri=x", "unverified", "another host"),  # sign-in wall: not ok
    (303, "https://signin.aws.amazon.com/signin", "unverified", "another host"),
    (307, "https://aws.amazon.com/kms/", "unverified", "another host"),  # allowed host, still another host
    (308, "https://evil.example/kms/", "broken", "another host"),
    (301, "/de_de/kms/latest/developerguide/overview.html", "broken", "the policy refuses"),
    (301, "/kms/latest/developerguide/overview.html?utm_source=feed", "broken", "the policy refuses"),
    (302, "/de_de/kms/latest/developerguide/overview.html", "unverified", "the policy refuses"),
    (301, "http://docs.aws.amazon.com/kms/latest/developerguide/overview.html", "broken", "the policy refuses"),
])
def test_redirect_off_host_or_off_policy_is_a_problem_never_a_suggestion(
        server: HTTPServer, code: int, location: str, outcome: str, why: str) -> None:
    server.expect_request("/kms/latest/developerguide/old.html").respond_with_response(
        Response(status=code, headers={"Location": location}))
    r = check(f"{DOCS}/kms/latest/developerguide/old.html", session=aws_session(server))
    assert (r.outcome, r.status, r.suggested_url) == (outcome, code, None)
    assert f"redirects to {'another host' if why == 'another host' else 'a page the policy refuses'}: " in r.reason
    assert "update the URL" not in r.reason and len(server.log) == 1  # reported, not followed


def test_permanent_then_temporary_redirect_elsewhere_is_not_ok(server: HTTPServer) -> None:
    server.expect_request("/kms/a.html").respond_with_response(Response(status=301, headers={"Location": "/kms/b.html"}))
    server.expect_request("/kms/b.html").respond_with_response(Response(status=302, headers={"Location": "https://signin.aws.amazon.com/"}))
    r = check(f"{DOCS}/kms/a.html", session=aws_session(server))
    assert r.outcome == "unverified" and "another host" in r.reason and r.suggested_url is None


@pytest.mark.parametrize("code", [301, 302, 307])
def test_redirect_without_location_is_an_error(server: HTTPServer, code: int) -> None:
    server.expect_request("/kms/x.html").respond_with_response(Response(status=code))
    r = check(f"{DOCS}/kms/x.html", session=aws_session(server))
    assert (r.outcome, r.status, r.reason) == ("broken", code, f"HTTP {code} without a Location header")


# ---------------------------------------------------------------------------------------------- 5, 14. Retry-After, 403/429/5xx

NOW = dt.datetime(2030, 1, 1, 12, 0, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(("value", "expected"), [
    ("7", 7.0), ("1.5", 1.5), (" 3 ", 3.0), ("0", 0.0),
    ("soon", 0.25), ("", 0.25), (None, 0.25), ("-5", 0.25), ("1e309", 0.25), ("inf", 0.25), ("5 seconds", 0.25),
    ("Thu, 32 Foo 2030 99:99:99 GMT", 0.25), ("\x00\xff", 0.25),
    ("Tue, 01 Jan 2030 12:00:09 GMT", 9.0), ("Tue, 01 Jan 2030 12:00:09 -0000", 9.0),  # -0000: a naive datetime
    ("Tue, 01 Jan 2030 12:00:09 +0100", 0.0), ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0),  # past dates: no wait
    ("99999", 60.0), ("Fri, 01 Jan 2100 00:00:00 GMT", 60.0),  # capped
])
def test_retry_after_parsing_never_throws(value: str | None, expected: float) -> None:
    assert retry_after_seconds(value, fallback=0.25, cap=60.0, now=NOW) == pytest.approx(expected)


def test_429_honours_retry_after_then_succeeds(server: HTTPServer) -> None:
    server.expect_oneshot_request("/busy").respond_with_response(Response(status=429, headers={"Retry-After": "1"}))
    server.expect_request("/busy").respond_with_data(PAGE)
    r = check(server.url_for("/busy"))
    assert r.outcome == "ok" and r.attempts == 2
    assert r.seconds >= 0.9  # waited as told, not the zero backoff


@pytest.mark.parametrize("value", ["soon", "Wed, 21 Oct 2015 07:28:00 -0000", "1.5e3"])
def test_unreadable_or_past_retry_after_falls_back_to_backoff(server: HTTPServer, value: str) -> None:
    server.expect_oneshot_request("/busy").respond_with_response(Response(status=503, headers={"Retry-After": value}))
    server.expect_request("/busy").respond_with_data(PAGE)
    r = check(server.url_for("/busy"))
    assert (r.outcome, r.attempts) == ("ok", 2)


def test_retry_after_is_capped(server: HTTPServer) -> None:
    server.expect_oneshot_request("/busy").respond_with_response(Response(status=429, headers={"Retry-After": "3600"}))
    server.expect_request("/busy").respond_with_data(PAGE)
    r, elapsed = timed_check(server.url_for("/busy"), replace(FAST, max_retry_after=0.0))
    assert (r.outcome, r.attempts) == ("ok", 2) and elapsed < 5


def test_500_is_retried_then_succeeds(server: HTTPServer) -> None:
    server.expect_oneshot_request("/flaky").respond_with_data("err", status=500)
    server.expect_request("/flaky").respond_with_data(PAGE)
    r = check(server.url_for("/flaky"))
    assert (r.outcome, r.attempts) == ("ok", 2)


@pytest.mark.parametrize("code", [429, 500, 502, 503, 504])
def test_persistent_429_or_5xx_is_unverified_not_broken(server: HTTPServer, code: int) -> None:
    server.expect_request("/limited").respond_with_response(Response(status=code, headers={"Retry-After": "0"}))
    r = check(server.url_for("/limited"))
    assert (r.outcome, r.reason, r.attempts) == ("unverified", f"HTTP {code}", FAST.retries + 1)


def test_403_is_unverified(server: HTTPServer) -> None:
    server.expect_request("/bots").respond_with_data("no bots", status=403)
    r = check(server.url_for("/bots"))
    assert r.outcome == "unverified" and r.reason == "HTTP 403 (refuses automated clients)"


# ---------------------------------------------------------------------------------------------- 6. deadlines

def test_hang_past_the_timeout_is_retried_once_then_unverified(server: HTTPServer) -> None:
    release = threading.Event()

    def stuck(_request: Request) -> Response:
        release.wait(5)
        return Response("late")

    server.expect_request("/hang").respond_with_handler(stuck)
    try:
        r = check(server.url_for("/hang"), Settings(timeout=0.3, retries=1, backoff=0))
    finally:
        release.set()
    assert r.outcome == "unverified" and r.reason == "timed out after 0.3 s" and r.attempts == 2


def test_a_trickled_body_is_cut_off_at_the_deadline(raw: RawServer) -> None:
    def trickle(conn: socket.socket, stop: threading.Event) -> None:
        conn.sendall(head("Content-Type: text/html", "Content-Length: 1000"))
        while not stop.wait(0.2):  # a byte every 0.2 s: each read succeeds, so a per-read timeout never fires
            conn.sendall(b"x")

    raw.routes["/slow"] = trickle
    r, elapsed = timed_check(raw.url("/slow"), replace(GET_ALL, timeout=30.0, deadline=0.5))
    assert elapsed < 3
    assert (r.outcome, r.reason) == ("unverified", "timed out: no complete answer within the 0.5 s deadline")


def test_a_stalled_body_is_cut_off_at_the_deadline(raw: RawServer) -> None:
    def stall(conn: socket.socket, stop: threading.Event) -> None:
        conn.sendall(head("Content-Length: 1000") + b"x" * 10)
        stop.wait(10)

    raw.routes["/stall"] = stall
    r, elapsed = timed_check(raw.url("/stall"), replace(GET_ALL, timeout=30.0, deadline=0.5))
    assert elapsed < 3 and r.outcome == "unverified" and "deadline" in r.reason


def test_retries_never_outlive_the_deadline(server: HTTPServer) -> None:
    server.expect_request("/down").respond_with_data("down", status=503)
    r, elapsed = timed_check(server.url_for("/down"), replace(FAST, retries=1000, backoff=0.05, deadline=0.5))
    assert elapsed < 3 and r.outcome == "unverified" and "would pass the 0.5 s deadline" in r.reason and 2 < r.attempts < 1000


def test_a_check_stuck_beyond_any_socket_timeout_is_abandoned(raw: RawServer) -> None:
    def header_trickle(conn: socket.socket, stop: threading.Event) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nX-Slow: ")
        while not stop.wait(0.1):  # headers that never end: only the watchdog can stop this
            conn.sendall(b"a")

    raw.routes["/headers"] = header_trickle
    r, elapsed = timed_check(raw.url("/headers"), replace(GET_ALL, timeout=30.0, deadline=0.5, grace=0.3))
    assert elapsed < 3
    assert (r.outcome, r.reason) == ("unverified", "timed out: no answer within the 0.5 s deadline (check abandoned)")


# ---------------------------------------------------------------------------------------------- 7-8. size caps

def _endless_chunks(conn: socket.socket, stop: threading.Event) -> None:
    conn.sendall(head("Content-Type: text/html", "Transfer-Encoding: chunked"))
    chunk = b"4000\r\n" + b"<p>" * (0x4000 // 3) + b"<p>"[: 0x4000 % 3] + b"\r\n"
    while not stop.is_set():
        conn.sendall(chunk)


def _huge_declared(conn: socket.socket, stop: threading.Event) -> None:
    conn.sendall(head("Content-Type: text/html", "Content-Length: 1000000000000"))
    while not stop.is_set():
        conn.sendall(b"\0" * 65536)


def _endless_gzip_name(conn: socket.socket, stop: threading.Event) -> None:
    # A gzip header whose file name never ends: the decoder swallows it all and yields nothing, so only the cap
    # on bytes read from the wire can stop it.
    conn.sendall(head("Content-Type: text/html", "Content-Encoding: gzip", "Transfer-Encoding: chunked"))
    conn.sendall(b"a\r\n\x1f\x8b\x08\x08\0\0\0\0\0\xff\r\n")
    while not stop.is_set():
        conn.sendall(b"4000\r\n" + b"n" * 0x4000 + b"\r\n")


@pytest.mark.parametrize("script", [_endless_chunks, _huge_declared, _endless_gzip_name])
def test_a_huge_body_stops_at_the_cap(raw: RawServer, script: Script) -> None:
    raw.routes["/huge"] = script
    r, elapsed = timed_check(raw.url("/huge"), replace(GET_ALL, max_bytes=65536))
    assert (r.outcome, r.reason, r.attempts) == ("unverified", "body larger than 65536 bytes", 1)
    assert elapsed < 5  # an endless body: finishing at all proves the reading stopped


def _gzip(data_chunks: Iterator[bytes], wbits: int = 31) -> bytes:
    z = zlib.compressobj(9, zlib.DEFLATED, wbits)
    return b"".join(z.compress(c) for c in data_chunks) + z.flush()


def test_a_gzip_bomb_stops_at_the_decompressed_cap(server: HTTPServer) -> None:
    bomb = _gzip(b"\0" * (1 << 20) for _ in range(64))  # 64 MiB of zeros in about 64 KiB
    assert len(bomb) < 200_000
    server.expect_request("/bomb").respond_with_data(bomb, content_type="text/html", headers={"Content-Encoding": "gzip"})
    tracemalloc.start()
    try:
        r = check(server.url_for("/bomb") + "#x", replace(FAST, max_bytes=1 << 20))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (r.outcome, r.reason) == ("unverified", f"body larger than {1 << 20} bytes once decompressed")
    assert peak < 16 << 20  # never held the 64 MiB


@pytest.mark.parametrize(("encoding", "wbits"), [("gzip", 31), ("x-gzip", 31), ("deflate", 15), ("deflate", -15)])
def test_compressed_pages_are_decoded(server: HTTPServer, encoding: str, wbits: int) -> None:
    body = _gzip(iter([PAGE.encode()]), wbits)
    server.expect_request("/z").respond_with_data(body, content_type="text/html", headers={"Content-Encoding": encoding})
    r = check(server.url_for("/z") + "#intro")
    assert (r.outcome, r.fragments_missing) == ("ok", [])


def test_an_unsupported_encoding_is_unverified(server: HTTPServer) -> None:
    server.expect_request("/br").respond_with_data(b"\x8b\x00", content_type="text/html", headers={"Content-Encoding": "br"})
    r = check(server.url_for("/br") + "#intro")
    assert r.outcome == "unverified" and "unsupported Content-Encoding 'br'" in r.reason


# ---------------------------------------------------------------------------------------------- 9. broken bodies

def _truncated_chunked(conn: socket.socket, _stop: threading.Event) -> None:
    conn.sendall(head("Content-Type: text/html", "Transfer-Encoding: chunked") + b"5\r\n<html\r\n")


def _reset_mid_body(conn: socket.socket, _stop: threading.Event) -> None:
    conn.sendall(head("Content-Type: text/html", "Content-Length: 5000") + b"<html><body>")
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close with RST, not FIN


def _short_content_length(conn: socket.socket, _stop: threading.Event) -> None:
    conn.sendall(head("Content-Type: text/html", "Content-Length: 5000") + b"<html><body>")


@pytest.mark.parametrize("script", [_truncated_chunked, _reset_mid_body, _short_content_length])
def test_a_body_broken_mid_way_is_retried_once_then_unverified(raw: RawServer, script: Script) -> None:
    raw.routes["/cut"] = script
    r = check(raw.url("/cut"), GET_ALL)
    assert (r.outcome, r.attempts) == ("unverified", 2) and r.reason.startswith("connection broken mid-body")
    assert raw.hits == ["/cut", "/cut"]


def test_a_body_broken_once_then_served_is_ok(raw: RawServer) -> None:
    calls: list[int] = []

    def flaky(conn: socket.socket, stop: threading.Event) -> None:
        calls.append(1)
        if len(calls) == 1:
            return _truncated_chunked(conn, stop)
        body = PAGE.encode()
        conn.sendall(head("Content-Type: text/html", f"Content-Length: {len(body)}", "Connection: close") + body)

    raw.routes["/flaky"] = flaky
    r = check(raw.url("/flaky") + "#intro", GET_ALL)
    assert (r.outcome, r.attempts) == ("ok", 2)


# ---------------------------------------------------------------------------------------------- 10-11. charsets, fragments

def test_a_utf8_page_without_a_charset_is_read_as_utf8(server: HTTPServer) -> None:
    body = "<html><body><h2 id='schlüssel'>Schlüssel</h2></body></html>".encode()
    server.expect_request("/de").respond_with_data(body, content_type="text/html")  # no charset: requests would say Latin-1
    url = server.url_for("/de")
    r = check_urls({f"{url}#schlüssel": ["a"], f"{url}#schl%C3%BCssel": ["b"]}, None, FAST)[0]
    assert (r.outcome, r.fragments_missing) == ("ok", [])


@pytest.mark.parametrize(("body", "content_type"), [
    ("<meta charset='windows-1252'><p id='café'>".encode("cp1252"), "text/html"),
    ("<meta http-equiv='Content-Type' content='text/html; charset=ISO-8859-1'><p id='café'>".encode("cp1252"), "text/html"),
    ("<p id='café'>".encode("cp1252"), "text/html; charset=windows-1252"),
    (b"\xef\xbb\xbf" + "<p id='café'>".encode(), "text/html; charset=iso-8859-1"),  # the BOM wins, as in browsers
    ("<p id='café'>".encode("utf-16-le"), "text/html; charset=utf-16-le"),
    ("<meta charset='no-such-charset'><p id='café'>".encode(), "text/html"),  # an unknown label: try UTF-8
])
def test_decode_html_follows_the_browser_order(body: bytes, content_type: str) -> None:
    assert "id='café'" in decode_html(body, content_type)


def test_decode_html_guesses_rather_than_assume_latin1() -> None:
    text = "<p id='café'>" + "Über die Schlüsselverwaltung, möglichst häufig geprüft. " * 20
    assert "id='café'" in decode_html(text.encode("cp1252"), "text/html")  # not UTF-8: charset-normalizer guesses


def test_fragments_are_compared_percent_decoded(server: HTTPServer) -> None:
    server.expect_request("/f").respond_with_data("<p id='kéy'></p><p id='a b'></p>", content_type="text/html; charset=utf-8")
    url = server.url_for("/f")
    r = check_urls({f"{url}#k%C3%A9y": ["a"], f"{url}#a%20b": ["b"], f"{url}#k%C3%A9z": ["c"]}, None, FAST)[0]
    assert (r.outcome, r.fragments_missing) == ("broken", ["k%C3%A9z"])


def test_fragments_in_a_non_html_resource_are_unverified(server: HTTPServer) -> None:
    server.expect_request("/cert.pdf").respond_with_data(b"%PDF-1.7", content_type="application/pdf")
    r = check(server.url_for("/cert.pdf") + "#page=3")
    assert r.outcome == "unverified" and r.reason == "cannot look for #fragments in application/pdf"


# ---------------------------------------------------------------------------------------------- 12. soft 404

@pytest.mark.parametrize("page", [
    "<html><head><title>Page Not Found - AWS</title></head><body><h1>Sorry</h1></body></html>",
    "<html><head><title>404 - Page Not Found</title></head><body></body></html>",
    "<html><head><title>AWS Documentation</title></head><body><h1> Page not\nfound </h1></body></html>",
])
def test_a_soft_404_on_an_aws_host_is_broken(server: HTTPServer, page: str) -> None:
    server.expect_request("/kms/latest/developerguide/gone.html").respond_with_data(page, content_type="text/html")
    r = check(f"{DOCS}/kms/latest/developerguide/gone.html", session=aws_session(server))
    assert r.outcome == "broken" and r.reason.startswith("soft 404: HTTP 200 but the page says ")
    assert [e[0].method for e in server.log] == ["GET"]  # HEAD would have said 200 and proved nothing


def test_a_page_about_404_errors_is_not_a_soft_404(server: HTTPServer) -> None:
    page = "<title>Troubleshooting 404 Not Found errors - Amazon API Gateway</title><h1>Troubleshooting 404 errors</h1>"
    server.expect_request("/apigateway/404.html").respond_with_data(page, content_type="text/html")
    assert check(f"{DOCS}/apigateway/404.html", session=aws_session(server)).outcome == "ok"


# ---------------------------------------------------------------------------------------------- 13. DNS

def test_dns_failure_is_retried_once_then_broken() -> None:
    r, elapsed = timed_check("https://nowhere.invalid/kms.html", replace(FAST, deadline=5.0, grace=1.0))
    assert (r.outcome, r.reason, r.attempts) == ("broken", "DNS lookup failed", 2)
    assert elapsed < 10  # the deadline and the watchdog bound it even if the resolver dawdled


def test_a_transient_dns_failure_is_retried(server: HTTPServer) -> None:
    class FailOnce(LocalAdapter):
        calls = 0

        def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
            FailOnce.calls += 1
            if FailOnce.calls == 1:
                gai = socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
                raise requests.ConnectionError(NameResolutionError("docs.aws.amazon.com", None, gai))  # type: ignore[arg-type]
            return super().send(request, **kwargs)

    server.expect_request("/kms/index.html").respond_with_data(PAGE, content_type="text/html")
    r = check(f"{DOCS}/kms/index.html", session=aws_session(server, FailOnce))
    assert (r.outcome, r.attempts, FailOnce.calls) == ("ok", 2, 2)


# ---------------------------------------------------------------------------------------------- politeness, cache

def test_per_host_concurrency_is_bounded(server: HTTPServer) -> None:
    state = {"now": 0, "max": 0}
    cond = threading.Condition()

    def tracked(_request: Request) -> Response:
        with cond:
            state["now"] += 1
            state["max"] = max(state["max"], state["now"])
            cond.notify_all()
            cond.wait_for(lambda: state["now"] > 2, timeout=0.2)  # hold, so that a third request would overlap
            state["now"] -= 1
        return Response(PAGE)

    for i in range(6):
        server.expect_request(f"/p{i}").respond_with_handler(tracked)
    urls = {server.url_for(f"/p{i}"): ["x"] for i in range(6)}
    results = check_urls(urls, None, replace(FAST, per_host=2, workers=6))
    assert all(r.outcome == "ok" for r in results)
    assert state["max"] == 2


@pytest.mark.parametrize("suffix", ["", "#intro"])  # HEAD, and a bounded streamed GET
def test_cache_makes_a_rerun_free(server: HTTPServer, tmp_path: Path, suffix: str) -> None:
    server.expect_request("/cached").respond_with_data(PAGE, content_type="text/html")
    session = cached_session(tmp_path / "cache")
    first, second = (check(server.url_for("/cached") + suffix, session=session) for _ in range(2))
    assert (first.outcome, second.outcome) == ("ok", "ok")
    assert len(server.log) == 1


def test_the_cache_never_stores_an_over_size_body(server: HTTPServer, tmp_path: Path) -> None:
    bomb = _gzip(b"\0" * (1 << 20) for _ in range(4))
    server.expect_request("/bomb").respond_with_data(bomb, content_type="text/html", headers={"Content-Encoding": "gzip"})
    session = cached_session(tmp_path / "cache")
    results = [check(server.url_for("/bomb") + "#x", replace(FAST, max_bytes=65536), session) for _ in range(2)]
    assert [r.reason for r in results] == ["body larger than 65536 bytes once decompressed"] * 2
    assert len(server.log) == 2  # refused, so not cached: asked again


# ---------------------------------------------------------------------------------------------- report, main

def test_report_lists_outcome_status_final_url_reason_and_citations(server: HTTPServer, tmp_path: Path) -> None:
    server.expect_request("/old.html").respond_with_response(Response(status=301, headers={"Location": "/new.html"}))
    server.expect_request("/new.html").respond_with_data(PAGE, content_type="text/html")
    server.expect_request("/gone.html").respond_with_data("", status=404)
    cited = {f"{DOCS}/old.html": ["criteria/#tenancy"], f"{DOCS}/gone.html#x": ["sources/", "faq/"]}
    results = check_urls(cited, aws_session(server), FAST)
    json_path, md_path = write_report(results, tmp_path / "links")
    data = json.loads(json_path.read_text())
    assert data["counts"] == {"ok": 0, "redirected": 1, "unverified": 0, "broken": 1}
    row = next(r for r in data["results"] if r["url"].endswith("/old.html"))
    assert row["final_url"] == f"{DOCS}/new.html" and row["cited_by"] == ["criteria/#tenancy"] and row["seconds"] >= 0
    md = md_path.read_text()
    assert md.index("| broken |") < md.index("| redirected |")  # hard failures first
    assert f"| broken | 404 | {DOCS}/gone.html (#x) | {DOCS}/gone.html |" in md and "| faq/, sources/ |" in md


def test_report_cells_cannot_break_the_table(tmp_path: Path) -> None:
    r = Result(url="https://docs.aws.amazon.com/x", outcome="broken", reason="redirects to a|b\nc", cited_by=["p"])
    md = write_report([r], tmp_path / "links")[1].read_text()
    assert "redirects to a\\|b c |" in md


@pytest.mark.parametrize("argv", [["--timeout", "soon"], ["--timeout", "-1"], ["--max-bytes", "0"], ["--bogus"]])
def test_main_refuses_bad_arguments_with_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert "error:" in capsys.readouterr().err


def test_main_reports_an_unusable_cache_path_with_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(check_links, "_citations", lambda: pytest.fail("must stop before reading the data"))
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    (tmp_path / "corrupt.sqlite").write_text("not a database " * 100)
    (tmp_path / "folder.sqlite").mkdir()
    for cache in (blocker / "links", tmp_path / "corrupt.sqlite", tmp_path / "folder.sqlite"):
        assert main(["--cache", str(cache), "--report", str(tmp_path / "r" / "links")]) == 2
        assert "cannot open the response cache" in capsys.readouterr().err


@pytest.mark.parametrize(("path", "code"), [("/fine", 0), ("/gone", 1), ("/busy", 0)])
def test_main_exits_non_zero_only_for_broken(server: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             path: str, code: int) -> None:
    server.expect_request("/fine").respond_with_data(PAGE)
    server.expect_request("/gone").respond_with_data("", status=404)
    server.expect_request("/busy").respond_with_data("", status=403)
    monkeypatch.setattr(check_links, "_citations", lambda: {server.url_for(path): ["x/"]})
    assert main(["--no-cache", "--report", str(tmp_path / "links"), "--deadline", "5"]) == code
    assert json.loads((tmp_path / "links.json").read_text())["results"][0]["url"] == server.url_for(path)
