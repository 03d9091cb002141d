"""Browser fixtures: the built site served on 127.0.0.1 and Debian's Chromium driven by Playwright.

In CI (CI=true) a missing Chromium is an error; elsewhere the browser tests skip with the reason.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROME_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "reports" / "screenshots"


def _chromium_or_skip() -> str:
    if Path(CHROMIUM).exists() or shutil.which(CHROMIUM):
        return CHROMIUM
    if os.environ.get("CI"):
        pytest.fail(f"CI=true but Chromium was not found at {CHROMIUM}: .ci/run must install Debian's chromium")
    pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium); browser tests run in CI")
    raise AssertionError  # unreachable


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:  # keep test output readable
        pass


@pytest.fixture(scope="session")
def site_url(site: Path) -> Iterator[str]:
    """The built site over HTTP (search, fetch and instant navigation do not work from file://)."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    executable = _chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=executable, args=CHROME_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    tab = context.new_page()
    yield tab
    context.close()


# Set on window before navigating: it survives instant navigation and vanishes on a full page load.
MARKER = "window.__kgNoReload"


def _serve_sitemap_for_this_host(context: Any, site_url: str) -> None:
    """Point the sitemap's URLs at the test server.

    Material intercepts a click only for URLs listed in sitemap.xml, after swapping their scheme and host name for
    the current ones but not the port: on the published site (default port) every URL matches, on a test server with
    a random port none would, and every click would be a full reload.
    """
    config = (Path(__file__).resolve().parents[2] / "mkdocs.yml").read_text(encoding="utf-8")
    published = re.search(r"^site_url:\s*(\S+)", config, flags=re.M).group(1)

    def rewrite(route: Any) -> None:
        response = route.fetch()
        route.fulfill(response=response, body=response.text().replace(published, site_url))

    context.route("**/sitemap.xml", rewrite)


@dataclass
class InstantTab:
    """A tab on the home page, ready for instant navigation, recording uncaught page errors."""

    tab: Any
    errors: list[str] = field(default_factory=list)


@pytest.fixture
def instant_tab(browser: Any, site_url: str) -> Iterator[InstantTab]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    _serve_sitemap_for_this_host(context, site_url)
    state = InstantTab(context.new_page())
    state.tab.on("pageerror", lambda e: state.errors.append(str(e)))
    # Material intercepts links only once it has read sitemap.xml: let that request finish first.
    state.tab.goto(site_url, wait_until="networkidle")
    state.tab.evaluate(f"{MARKER} = true")
    yield state
    context.close()
