"""The live link checker, exercised offline against a local HTTP server started by the tests."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from macros.tools.check_links import Settings, cached_session, check_urls, write_report

# Generous timeout: under a loaded CI machine a local request can take a while; only the hang test times out.
FAST = Settings(timeout=3.0, retries=2, backoff=0.05, max_retry_after=2.0, per_host=2, workers=4)
PAGE = "<html><body><h2 id='intro'>Intro</h2><a name='legacy'></a></body></html>"


@pytest.fixture
def server() -> Iterator[HTTPServer]:
    srv = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    srv.start()
    yield srv
    srv.clear()
    if srv.is_running():
        srv.stop()


def check(server: HTTPServer, path: str, settings: Settings = FAST, session: requests.Session | None = None):
    url = server.url_for(path)
    return check_urls({url: ["comparison/#row"]}, session, settings)[0]


def test_200_is_ok(server: HTTPServer) -> None:
    server.expect_request("/ok").respond_with_data(PAGE, content_type="text/html")
    r = check(server, "/ok")
    assert (r.outcome, r.status, r.cited_by) == ("ok", 200, ["comparison/#row"])


@pytest.mark.parametrize("code", [301, 308])
def test_permanent_redirect_asks_for_an_update(server: HTTPServer, code: int) -> None:
    server.expect_request("/old").respond_with_response(Response(status=code, headers={"Location": "/new"}))
    server.expect_request("/new").respond_with_data(PAGE, content_type="text/html")
    r = check(server, "/old")
    assert r.outcome == "redirected" and r.status == 200
    assert r.reason == f"permanent redirect: update the URL to {server.url_for('/new')}"


def test_temporary_redirect_is_fine(server: HTTPServer) -> None:
    server.expect_request("/tmp").respond_with_response(Response(status=302, headers={"Location": "/new"}))
    server.expect_request("/new").respond_with_data(PAGE)
    assert check(server, "/tmp").outcome == "ok"


@pytest.mark.parametrize("code", [404, 410])
def test_gone_pages_are_broken(server: HTTPServer, code: int) -> None:
    server.expect_request("/gone").respond_with_data("nope", status=code)
    r = check(server, "/gone")
    assert (r.outcome, r.reason) == ("broken", f"HTTP {code}")


def test_429_honours_retry_after_then_succeeds(server: HTTPServer) -> None:
    server.expect_oneshot_request("/busy").respond_with_response(Response(status=429, headers={"Retry-After": "1"}))
    server.expect_request("/busy").respond_with_data(PAGE)
    r = check(server, "/busy")
    assert r.outcome == "ok" and r.attempts == 2
    assert r.seconds >= 0.9  # waited as told, not the 0.05 s backoff


def test_500_is_retried_then_succeeds(server: HTTPServer) -> None:
    server.expect_oneshot_request("/flaky").respond_with_data("err", status=500)
    server.expect_request("/flaky").respond_with_data(PAGE)
    r = check(server, "/flaky")
    assert (r.outcome, r.attempts) == ("ok", 2)


def test_persistent_429_is_unverified_not_broken(server: HTTPServer) -> None:
    server.expect_request("/limited").respond_with_response(Response(status=429, headers={"Retry-After": "0"}))
    r = check(server, "/limited")
    assert r.outcome == "unverified" and r.attempts == FAST.retries + 1


def test_403_is_unverified(server: HTTPServer) -> None:
    server.expect_request("/bots").respond_with_data("no bots", status=403)
    r = check(server, "/bots")
    assert r.outcome == "unverified" and "403" in r.reason


def test_hang_past_the_timeout_is_unverified(server: HTTPServer) -> None:
    def slow(_request: Request) -> Response:
        time.sleep(1.5)
        return Response("late")

    server.expect_request("/hang").respond_with_handler(slow)
    r = check(server, "/hang", Settings(timeout=0.3, retries=1, backoff=0.05))
    assert r.outcome == "unverified" and "timed out" in r.reason and r.attempts == 2


def test_missing_fragment_is_broken_and_present_ones_pass(server: HTTPServer) -> None:
    server.expect_request("/doc").respond_with_data(PAGE, content_type="text/html")
    url = server.url_for("/doc")
    results = check_urls({f"{url}#intro": ["a"], f"{url}#legacy": ["b"], f"{url}#gone": ["c"]}, None, FAST)
    assert len(results) == 1  # one page, fetched once for all its fragments
    r = results[0]
    assert r.outcome == "broken" and r.fragments_missing == ["gone"] and r.cited_by == ["a", "b", "c"]
    assert len([e for e in server.log if e[0].path == "/doc"]) == 1


def test_head_refused_get_served(server: HTTPServer) -> None:
    server.expect_request("/nohead", method="HEAD").respond_with_data("", status=405)
    server.expect_request("/nohead", method="GET").respond_with_data(PAGE)
    r = check(server, "/nohead")
    assert r.outcome == "ok" and [e[0].method for e in server.log] == ["HEAD", "GET"]


def test_dns_failure_is_broken() -> None:
    class NoDns(requests.Session):
        def request(self, *args, **kwargs):  # type: ignore[override]
            raise requests.ConnectionError("HTTPSConnectionPool: NameResolutionError: Failed to resolve 'nowhere'")

    r = check_urls({"https://docs.aws.amazon.com/nowhere": ["x"]}, NoDns(), FAST)[0]
    assert (r.outcome, r.reason) == ("broken", "DNS lookup failed")


def test_per_host_concurrency_is_bounded(server: HTTPServer) -> None:
    state = {"now": 0, "max": 0}
    lock = threading.Lock()

    def tracked(_request: Request) -> Response:
        with lock:
            state["now"] += 1
            state["max"] = max(state["max"], state["now"])
        time.sleep(0.15)
        with lock:
            state["now"] -= 1
        return Response(PAGE)

    for i in range(6):
        server.expect_request(f"/p{i}").respond_with_handler(tracked)
    urls = {server.url_for(f"/p{i}"): ["x"] for i in range(6)}
    results = check_urls(urls, None, Settings(timeout=2, per_host=2, workers=6))
    assert all(r.outcome == "ok" for r in results)
    assert state["max"] == 2


def test_cache_makes_a_rerun_free(server: HTTPServer, tmp_path: Path) -> None:
    server.expect_request("/cached").respond_with_data(PAGE)
    session = cached_session(tmp_path / "cache")
    check(server, "/cached", session=session)
    check(server, "/cached", session=session)
    assert len(server.log) == 1


def test_report_lists_status_final_url_time_and_citations(server: HTTPServer, tmp_path: Path) -> None:
    server.expect_request("/old").respond_with_response(Response(status=301, headers={"Location": "/new"}))
    server.expect_request("/new").respond_with_data(PAGE)
    server.expect_request("/gone").respond_with_data("", status=404)
    results = check_urls({server.url_for("/old"): ["criteria/#tenancy"], server.url_for("/gone"): ["sources/"]}, None, FAST)
    json_path, md_path = write_report(results, tmp_path / "links")
    data = json.loads(json_path.read_text())
    assert data["counts"] == {"ok": 0, "redirected": 1, "unverified": 0, "broken": 1}
    row = next(r for r in data["results"] if r["url"].endswith("/old"))
    assert row["final_url"] == server.url_for("/new") and row["cited_by"] == ["criteria/#tenancy"] and row["seconds"] >= 0
    md = md_path.read_text()
    assert md.index("| broken |") < md.index("| redirected |")  # hard failures first
