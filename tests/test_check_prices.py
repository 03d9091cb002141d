"""The Price List checker, exercised offline: offer files in the documented format served by a local HTTP server."""

from __future__ import annotations

import copy
import gzip
import importlib
import json
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from macros.tools import check_prices as cp
from macros.tools.check_prices import Fetcher, PriceSpec, Result, Settings, check_prices, main, write_reports

OFFERS = Path(__file__).parent / "fixtures" / "offers"
PREFIX = "/offers/v1.0/aws/"
INDEX = PREFIX + "index.json"
HSM_E1 = PREFIX + "CloudHSM/20261115093000/us-east-1/index.json"
HSM_E2 = PREFIX + "CloudHSM/20261115093000/us-east-2/index.json"
KMS_E1 = PREFIX + "awskms/20261120101500/us-east-1/index.json"
KMS_E2 = PREFIX + "awskms/20261120101500/us-east-2/index.json"
KMS_REGIONS = PREFIX + "awskms/current/region_index.json"

HSM2M = PriceSpec("us-east-1/cloudhsm-hsm-hour/hsm2m.medium", "CloudHSM", "us-east-1", "CloudHSMv2Usage-hsm2m.m", None, 2.10)
HSM1 = PriceSpec("us-east-1/cloudhsm-hsm-hour/hsm1.medium", "CloudHSM", "us-east-1", "CloudHSMv2Usage", "Hourly", 1.60)
KMS_SYM = PriceSpec("us-east-1/kms/symmetric-per-10k", "awskms", "us-east-1", "KMS-Requests", None, 0.03, per=10000)
KMS_KEY = PriceSpec("us-east-1/kms/key-month", "awskms", "us-east-1", "KMS-Keys", None, 1.00)

Body = bytes | dict[str, Any] | Callable[[Request], Response]


@pytest.fixture(scope="module")
def _server() -> Iterator[HTTPServer]:
    srv = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    srv.start()  # one server for the module: stopping one takes half a second
    yield srv
    if srv.is_running():
        srv.stop()


@pytest.fixture
def server(_server: HTTPServer) -> Iterator[HTTPServer]:
    _server.clear()  # no handlers, no log, no assertions left from another test
    yield _server
    _server.clear()


def load(url_path: str) -> dict[str, Any]:
    return json.loads((OFFERS / url_path.removeprefix(PREFIX)).read_text())


def serve(server: HTTPServer, overrides: dict[str, Body] | None = None) -> None:
    """Every fixture file at its Price List path; ``overrides`` (registered first, so they win) replace some."""
    for path, body in (overrides or {}).items():
        if callable(body):
            server.expect_request(path).respond_with_handler(body)
        elif isinstance(body, dict):
            server.expect_request(path).respond_with_json(body)
        else:
            server.expect_request(path).respond_with_data(body, content_type="application/json")
    for file in sorted(OFFERS.rglob("*.json")):
        server.expect_request(PREFIX + file.relative_to(OFFERS).as_posix()).respond_with_data(
            file.read_bytes(), content_type="application/json")


def fetcher(server: HTTPServer, cache: Path | None = None, **kw: Any) -> Fetcher:
    settings = dict(base_url=server.url_for("/").rstrip("/"), cache_dir=cache, retries=2, backoff=0.01, timeout=5.0,
                    deadline=10.0, max_retry_after=0.05)
    settings.update(kw)
    return Fetcher(Settings(**settings))


def run(server: HTTPServer, *specs: PriceSpec, **kw: Any) -> list[Result]:
    return check_prices(list(specs), fetcher(server, **kw))


def hits(server: HTTPServer, path: str) -> int:
    return sum(1 for request, _ in server.log if request.path == path)


def renamed(url_path: str, old: str, new: str) -> dict[str, Any]:
    data = copy.deepcopy(load(url_path))
    for p in data["products"].values():
        if p["attributes"]["usagetype"] == old:
            p["attributes"]["usagetype"] = new
    return data


# ------------------------------------------------------------------------------------------ outcomes


def test_hsm2m_hour_matches(server: HTTPServer) -> None:
    serve(server)
    [r] = run(server, HSM2M)
    assert (r.outcome, r.listed, r.unit, r.sku) == ("match", 2.10, "Hrs", "HSMV2USE1HSM2MED")
    assert (r.version, r.publication_date) == ("20261115093000", "2026-11-15T09:30:00Z")
    assert r.url == server.url_for(HSM_E1)
    assert (r.notes, r.reason, r.suggestions) == ([], "", [])  # matched by regionCode, nothing to say


def test_kms_price_per_10k_requests_matches_with_per(server: HTTPServer) -> None:
    serve(server)
    sym, key = run(server, KMS_SYM, KMS_KEY)
    # 0.0000030000 USD a request x 10000 = 0.03 per 10,000: equal, although 0.000003 * 10000 != 0.03 in binary floats
    assert (sym.outcome, sym.listed, sym.price_per_unit, sym.unit) == ("match", 0.03, "0.0000030000", "Requests")
    assert (key.outcome, key.listed) == ("match", 1.0)
    # in us-east-1 the usage type has no Region prefix, and "KMS-" is not mistaken for one
    assert sym.sku == "KMSUSE1SKU0000001"


def test_per_is_applied(server: HTTPServer) -> None:
    serve(server)
    [r] = run(server, replace(KMS_SYM, per=1.0))
    assert r.outcome == "drift" and r.listed == pytest.approx(0.000003)


def test_only_the_needed_region_files_are_fetched(server: HTTPServer) -> None:
    serve(server)
    run(server, HSM2M, HSM1, KMS_SYM, KMS_KEY)
    assert hits(server, INDEX) == 1 and hits(server, HSM_E1) == 1 and hits(server, KMS_E1) == 1
    assert hits(server, HSM_E2) == 0 and hits(server, KMS_E2) == 0
    assert hits(server, PREFIX + "CloudHSM/current/index.json") == 0  # never the all-Regions file


def test_drift_reports_old_and_new_with_publication_date(server: HTTPServer) -> None:
    serve(server)
    [r] = run(server, replace(HSM2M, value=1.95))
    assert (r.outcome, r.ours, r.listed) == ("drift", 1.95, 2.10)
    assert r.reason == "1.95 -> 2.1 (price list version 20261115093000, published 2026-11-15T09:30:00Z)"


def test_missing_sku(server: HTTPServer) -> None:
    serve(server)
    [r] = run(server, replace(KMS_SYM, usagetype="KMS-Requests-Quantum"))
    assert r.outcome == "missing" and r.listed is None
    assert "no SKU with usage type KMS-Requests-Quantum in us-east-1" in r.reason
    assert r.suggestions and all(s.startswith("KMS-") for s in r.suggestions)


def test_renamed_usage_type_is_missing_with_the_new_name_suggested(server: HTTPServer) -> None:
    serve(server, {HSM_E1: renamed(HSM_E1, "CloudHSMv2Usage-hsm2m.m", "CloudHSMv2Usage-hsm2m.medium")})
    [r] = run(server, HSM2M)
    assert r.outcome == "missing"
    assert r.suggestions[0] == "CloudHSMv2Usage-hsm2m.medium"


def test_region_prefixed_usagetype_matches(server: HTTPServer) -> None:
    serve(server)
    [r] = run(server, replace(HSM2M, key="us-east-2/cloudhsm-hsm-hour/hsm2m.medium", region="us-east-2"))
    assert (r.outcome, r.sku, r.url) == ("match", "HSMV2USE2HSM2MED", server.url_for(HSM_E2))
    assert load(HSM_E2)["products"]["HSMV2USE2HSM2MED"]["attributes"]["usagetype"] == "USE2-CloudHSMv2Usage-hsm2m.m"


def test_other_region_skus_in_a_file_are_ignored(server: HTTPServer) -> None:
    data = load(HSM_E1)
    stray = copy.deepcopy(data["products"]["HSMV2USE1HSM2MED"])
    stray["sku"] = "STRAYUSW2SKU0001"
    stray["attributes"].update(regionCode="us-west-2", usagetype="USW2-CloudHSMv2Usage-hsm2m.m", location="US West (Oregon)")
    data["products"][stray["sku"]] = stray
    data["terms"]["OnDemand"][stray["sku"]] = {"T": {"priceDimensions": {"R": {"unit": "Hrs", "pricePerUnit": {"USD": "9.99"}}}}}
    serve(server, {HSM_E1: data})
    [r] = run(server, HSM2M)
    assert (r.outcome, r.sku) == ("match", "HSMV2USE1HSM2MED")


def test_operation_is_compared_when_the_spec_names_one(server: HTTPServer) -> None:
    serve(server)
    good, bad = run(server, HSM1, replace(HSM1, key="hsm1-upfront", operation="Upfront"))
    assert good.outcome == "match"
    assert bad.outcome == "missing" and "operations seen: ['Hourly']" in bad.reason


def test_several_skus_with_different_prices_are_ambiguous(server: HTTPServer) -> None:
    data = load(HSM_E1)
    twin = copy.deepcopy(data["products"]["HSMV2USE1HSM2MED"])
    twin["sku"], twin["attributes"]["operation"] = "HSMV2USE1HSM2UPF", "Upfront"
    data["products"][twin["sku"]] = twin
    data["terms"]["OnDemand"][twin["sku"]] = {"T": {"priceDimensions": {"R": {"unit": "Quantity", "pricePerUnit": {"USD": "0"}}}}}
    serve(server, {HSM_E1: data})
    loose, strict = run(server, HSM2M, replace(HSM2M, key="strict", operation="Hourly"))
    assert loose.outcome == "ambiguous" and "HSMV2USE1HSM2MED" in loose.reason and "HSMV2USE1HSM2UPF" in loose.reason
    assert (strict.outcome, strict.sku) == ("match", "HSMV2USE1HSM2MED")


def test_location_is_used_only_without_region_code_and_says_so(server: HTTPServer) -> None:
    data = load(HSM_E1)
    for p in data["products"].values():
        del p["attributes"]["regionCode"]
    serve(server, {HSM_E1: data})
    [r] = run(server, HSM2M)
    assert r.outcome == "match"
    assert r.notes == ["matched by location (US East (N. Virginia)): the SKU has no regionCode attribute"]
    [other] = run(server, HSM1)
    assert other.outcome == "match" and other.notes == r.notes


def test_tiered_kms_dimension(server: HTTPServer) -> None:
    serve(server)
    e2 = replace(KMS_SYM, key="us-east-2/kms/symmetric-per-10k", region="us-east-2")
    no_quantity, paid, free, beyond = run(
        server, e2, replace(e2, key="paid", quantity=1_000_000), replace(e2, key="free", quantity=100),
        replace(e2, key="edge", quantity=20000))
    assert no_quantity.outcome == "ambiguous"
    assert "give the spec a quantity" in no_quantity.reason
    assert "[0–20000] 0.0000000000 USD/Requests; KMSUSE2SKU0000001 [20000–Inf] 0.0000030000 USD/Requests" in no_quantity.reason
    assert (paid.outcome, paid.listed) == ("match", 0.03) and paid.notes == ["tier 20000–Inf"]
    assert (free.outcome, free.listed) == ("drift", 0.0)  # the free tier covers 100 requests
    assert beyond.outcome == "match"  # endRange is exclusive: request 20,000 is billed


def test_region_without_a_price_list_is_missing(server: HTTPServer) -> None:
    serve(server)
    [r] = run(server, replace(HSM2M, region="eu-west-1"))
    assert r.outcome == "missing" and r.reason == "offer CloudHSM has no price list for Region eu-west-1"


def test_unknown_offer_code_is_an_error(server: HTTPServer) -> None:
    serve(server)
    bad, good = run(server, replace(HSM2M, key="x", offer="AWSCloudHSM"), HSM2M)
    assert bad.outcome == "error" and "'AWSCloudHSM' is not in the offer index" in bad.reason
    assert good.outcome == "match"


# ------------------------------------------------------------------------------------------ failures


def test_malformed_json_is_an_error_and_the_run_continues(server: HTTPServer) -> None:
    serve(server, {KMS_E1: b'{"products": {"KMSUSE1SKU0000001": '})
    sym, key, hsm = run(server, KMS_SYM, KMS_KEY, HSM2M)
    assert sym.outcome == key.outcome == "error"
    assert "malformed JSON" in sym.reason and server.url_for(KMS_E1) in sym.reason
    assert hsm.outcome == "match"


def test_json_of_the_wrong_shape_is_an_error(server: HTTPServer) -> None:
    serve(server, {KMS_E1: {"products": []}, KMS_REGIONS: {"regions": {"us-east-1": {"currentVersionUrl": KMS_E1}}}})
    [r] = run(server, KMS_SYM)
    assert r.outcome == "error" and "no 'products' object" in r.reason


def test_a_file_over_the_cap_is_not_read_into_memory(server: HTTPServer, tmp_path: Path) -> None:
    produced = [0]
    chunk = b" " * 65536

    def endless(_: Request) -> Response:
        def body() -> Iterator[bytes]:
            yield b'{"products": {'
            for _ in range(4096):  # 256 MB if anyone read it all
                produced[0] += 1
                yield chunk
        return Response(body(), content_type="application/json")  # streamed: no Content-Length

    serve(server, {HSM_E1: endless})
    start = time.monotonic()
    hsm, kms = run(server, HSM2M, KMS_SYM, max_bytes=256 * 1024, cache=tmp_path / "cache")
    assert hsm.outcome == "error" and "over the size cap of 262144 bytes (stopped reading)" in hsm.reason
    assert kms.outcome == "match"
    assert produced[0] < 256, f"the server produced {produced[0]} chunks: the client kept reading"
    assert time.monotonic() - start < 5
    assert not [p for p in (tmp_path / "cache").iterdir() if p.suffix == ".part"]  # nothing half-written left
    assert len(list((tmp_path / "cache").glob("*.json"))) == 4  # index, two Region indexes, the KMS file


def test_a_declared_length_over_the_cap_is_refused_before_reading(server: HTTPServer) -> None:
    serve(server)
    [r] = run(server, HSM2M, max_bytes=100)
    assert r.outcome == "error" and "bytes declared, cap 100" in r.reason


def test_http_404_is_an_error_without_retries(server: HTTPServer) -> None:
    serve(server, {HSM_E1: lambda _: Response("gone", status=404)})
    [r] = run(server, HSM2M)
    assert r.outcome == "error" and r.reason.endswith(": HTTP 404")
    assert hits(server, HSM_E1) == 1


def test_http_500_is_an_error_after_retries(server: HTTPServer) -> None:
    serve(server, {HSM_E1: lambda _: Response("oops", status=500)})
    hsm, kms = run(server, HSM2M, KMS_SYM, retries=2)
    assert hsm.outcome == "error" and "HTTP 500 after 3 attempts" in hsm.reason
    assert hits(server, HSM_E1) == 3
    assert kms.outcome == "match"


def test_429_then_success_is_retried_honouring_retry_after(server: HTTPServer) -> None:
    calls = [0]
    body = (OFFERS / HSM_E1.removeprefix(PREFIX)).read_bytes()

    def flaky(_: Request) -> Response:
        calls[0] += 1
        if calls[0] == 1:
            return Response("slow down", status=429, headers={"Retry-After": "0"})
        return Response(body, content_type="application/json")

    serve(server, {HSM_E1: flaky})
    [r] = run(server, HSM2M)
    assert r.outcome == "match" and calls[0] == 2


def test_an_interrupted_body_is_fetched_again(server: HTTPServer) -> None:
    calls = [0]
    body = (OFFERS / HSM_E1.removeprefix(PREFIX)).read_bytes()

    def half() -> Iterator[bytes]:
        yield body[: len(body) // 2]
        raise ConnectionAbortedError("the test cuts the body")  # the chunked body ends without its last chunk

    def cut(_: Request) -> Response:
        calls[0] += 1
        return Response(half() if calls[0] == 1 else body, content_type="application/json")

    serve(server, {HSM_E1: cut})
    [r] = run(server, HSM2M)
    assert r.outcome == "match" and calls[0] == 2


def test_a_gzip_encoded_file_is_decoded(server: HTTPServer) -> None:
    body = gzip.compress((OFFERS / HSM_E1.removeprefix(PREFIX)).read_bytes())
    serve(server, {HSM_E1: lambda _: Response(body, headers={"Content-Encoding": "gzip"}, content_type="application/json")})
    [r] = run(server, HSM2M)
    assert r.outcome == "match"


def test_a_trickling_response_stops_at_the_deadline(server: HTTPServer) -> None:
    stop = threading.Event()

    def trickle(_: Request) -> Response:
        def body() -> Iterator[bytes]:
            yield b"{"
            for _ in range(250):  # a byte every 20 ms, for 5 s at most: a checker without a deadline fails, not hangs
                if stop.wait(0.02):
                    return
                yield b" "
        # A declared length, not chunked: a client that waits for whole 64 KB reads would outlast the deadline.
        return Response(body(), headers={"Content-Length": "1000000"}, content_type="application/json")

    serve(server, {HSM_E1: trickle})
    try:
        start = time.monotonic()
        [r] = run(server, HSM2M, deadline=0.5, timeout=5.0)
        elapsed = time.monotonic() - start
    finally:
        stop.set()
    assert r.outcome == "error" and "deadline of 0.5 s passed while reading" in r.reason
    assert elapsed < 3


def test_an_unreachable_host_is_an_error(tmp_path: Path) -> None:
    f = Fetcher(Settings(base_url="http://127.0.0.1:9", cache_dir=None, retries=1, backoff=0.01, timeout=2, deadline=5))
    [r] = check_prices([HSM2M], f)
    assert r.outcome == "error" and "connection failed" in r.reason


def test_the_cache_is_reused_and_no_cache_skips_it(server: HTTPServer, tmp_path: Path) -> None:
    serve(server)
    cache = tmp_path / "cache"
    assert run(server, HSM2M, cache=cache)[0].outcome == "match"
    first = len(server.log)
    assert run(server, HSM2M, cache=cache)[0].outcome == "match"
    assert len(server.log) == first  # all three files came from the cache
    assert run(server, HSM2M, cache=cache, cache_hours=0)[0].outcome == "match"
    assert len(server.log) == first + 3  # expired
    assert run(server, HSM2M)[0].outcome == "match"  # no cache
    assert len(server.log) == first + 6


# ------------------------------------------------------------------------------------------ reports and CLI


def test_reports_have_the_right_rows(server: HTTPServer, tmp_path: Path) -> None:
    serve(server, {HSM_E1: renamed(HSM_E1, "CloudHSMv2Usage", "CloudHSMv2Usage-hsm1.m")})
    results = run(server, HSM2M, replace(KMS_SYM, value=0.04), HSM1)
    json_path, md_path = write_reports(results, tmp_path / "out" / "prices")
    assert (json_path.name, md_path.name) == ("prices.json", "prices.md")

    data = json.loads(json_path.read_text())
    assert data["counts"] == {"match": 1, "drift": 1, "missing": 1, "ambiguous": 0, "error": 0}
    assert data["exit_code"] == 1
    rows = {r["key"]: r for r in data["results"]}
    assert (rows[HSM2M.key]["outcome"], rows[HSM2M.key]["listed"], rows[HSM2M.key]["sku"]) == ("match", 2.1, "HSMV2USE1HSM2MED")
    drift = rows[KMS_SYM.key]
    assert (drift["outcome"], drift["ours"], drift["listed"], drift["unit"], drift["sku"]) == ("drift", 0.04, 0.03, "Requests",
                                                                                               "KMSUSE1SKU0000001")
    assert (drift["version"], drift["publication_date"], drift["per"]) == ("20261120101500", "2026-11-20T10:15:00Z", 10000)
    assert rows[HSM1.key]["outcome"] == "missing" and rows[HSM1.key]["suggestions"][0] == "CloudHSMv2Usage-hsm1.m"

    md = md_path.read_text().splitlines()
    assert md[2] == "1 match, 1 drift, 1 missing, 0 ambiguous, 0 error"
    body = [line for line in md if line.startswith("| ") and not line.startswith(("| Outcome", "| ---"))]
    assert [line.split(" | ")[0] for line in body] == ["| drift", "| missing", "| match"]
    assert body[0] == ("| drift | us-east-1/kms/symmetric-per-10k | 0.04 | 0.03 | Requests | 10000 | KMSUSE1SKU0000001 | "
                       "20261120101500 | 2026-11-20T10:15:00Z | 0.04 -> 0.03 (price list version 20261120101500, "
                       "published 2026-11-20T10:15:00Z) |")
    assert "closest: CloudHSMv2Usage-hsm1.m" in body[1]
    assert body[2].startswith("| match | us-east-1/cloudhsm-hsm-hour/hsm2m.medium | 2.1 | 2.1 | Hrs | 1 | HSMV2USE1HSM2MED |")


def write_specs(tmp_path: Path, *specs: PriceSpec | dict[str, Any]) -> Path:
    path = tmp_path / "specs.json"
    path.write_text(json.dumps([s if isinstance(s, dict) else asdict(s) for s in specs]))
    return path


def cli(server: HTTPServer, tmp_path: Path, *args: str) -> int:
    return main(["--base-url", server.url_for("/").rstrip("/"), "--report", str(tmp_path / "reports" / "prices"),
                 "--no-cache", "--backoff", "0.01", "--retries", "1", *args])


@pytest.mark.parametrize(("specs", "overrides", "code"), [
    ([HSM2M, KMS_SYM], {}, 0),
    ([HSM2M, replace(KMS_SYM, value=0.02)], {}, 1),
    ([replace(HSM2M, value=2.0), KMS_SYM], {KMS_E1: b"not json"}, 1),  # drift wins over an error
    ([replace(HSM2M, usagetype="CloudHSMv3Usage"), KMS_SYM], {}, 2),
    ([HSM2M, KMS_SYM], {KMS_E1: b"not json"}, 2),
], ids=["all-match", "drift", "drift-and-error", "missing", "error"])
def test_cli_exit_codes(server: HTTPServer, tmp_path: Path, capsys: pytest.CaptureFixture[str], specs: list[PriceSpec],
                        overrides: dict[str, Body], code: int) -> None:
    serve(server, overrides)
    assert cli(server, tmp_path, "--specs", str(write_specs(tmp_path, *specs))) == code
    out = capsys.readouterr().out
    assert f"{len(specs)} prices checked" in out
    assert (tmp_path / "reports" / "prices.md").is_file() and (tmp_path / "reports" / "prices.json").is_file()
    assert json.loads((tmp_path / "reports" / "prices.json").read_text())["exit_code"] == code


@pytest.mark.parametrize(("content", "message"), [
    (None, "cannot read"),
    ("[{", "is not valid JSON"),
    ('{"key": "x"}', "expected a JSON list"),
    ('[{"key": "x", "offer": "CloudHSM", "region": "us-east-1", "usagetype": "U"}]', "missing field(s) value"),
    ('[{"key": "x", "offer": "CloudHSM", "region": "us-east-1", "usagetype": "U", "value": 1, "colour": 2}]', "unknown field(s) colour"),
    ('[{"key": "x", "offer": "CloudHSM", "region": "us-east-1", "usagetype": "U", "value": "1.6"}]', "value must be a finite number"),
    ('[{"key": "x", "offer": "CloudHSM", "region": "us-east-1", "usagetype": "U", "value": 1, "per": 0}]', "per must be more than zero"),
    ('[{"key": "x", "offer": "C", "region": "r", "usagetype": "U", "value": 1}, {"key": "x", "offer": "C", "region": "r", '
     '"usagetype": "V", "value": 2}]', "duplicate key 'x'"),
    ("[]", "no price specs to check"),
])
def test_cli_bad_specs_exit_2_with_a_message(server: HTTPServer, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                             content: str | None, message: str) -> None:
    path = tmp_path / "specs.json"
    if content is not None:
        path.write_text(content)
    assert cli(server, tmp_path, "--specs", str(path)) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert len(server.log) == 0  # nothing fetched for bad input


@pytest.mark.parametrize("args", [["--base-url", "ftp://example"], ["--max-mb", "0"], ["--retries", "-1"], ["--bogus"]])
def test_cli_bad_options_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    assert main([*args, "--specs", str(write_specs(tmp_path, HSM2M))]) == 2
    assert "error" in capsys.readouterr().err


def test_cli_without_specs_and_without_the_adapter(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "macros.cost", None)  # import fails as if price_specs were absent
    assert main(["--report", str(tmp_path / "prices"), "--no-cache"]) == 2
    assert capsys.readouterr().err.strip() == "no price specs: pass --specs"


def test_load_specs_uses_the_guide_adapter(monkeypatch: pytest.MonkeyPatch) -> None:
    # importlib, not ``import macros.cost``: the package rebinds its ``cost`` attribute to macros.render.cost
    cost, loader = importlib.import_module("macros.cost"), importlib.import_module("macros.loader")
    seen = []
    monkeypatch.setattr(loader, "load_guide", lambda: "GUIDE")
    monkeypatch.setattr(cost, "price_specs", lambda guide: seen.append(guide) or [HSM2M], raising=False)
    assert cp.load_specs() == [HSM2M] and seen == ["GUIDE"]
