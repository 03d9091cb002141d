"""Browser fixtures: the built site served on 127.0.0.1 and Debian's Chromium driven by Playwright.

The server sends each page's Content-Security-Policy as an HTTP header too (a static host could), so a page that
needs more than its policy allows fails the tests the same way whether the browser reads the header or the meta
tag. Every tab records policy violations. In CI (CI=true) a missing Chromium is an error; elsewhere the browser
tests skip with the reason.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from macros.tools.browser import CHROME_ARGS, CHROMIUM, SIZES

SCREENSHOTS = Path(__file__).resolve().parents[2] / "reports" / "screenshots"
_META_CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"')

#: Records every policy violation in the page (it survives instant navigation, which keeps the document).
RECORD_VIOLATIONS = """
window.__kgViolations = window.__kgViolations || [];
document.addEventListener('securitypolicyviolation', (e) =>
  window.__kgViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} ${e.sample || ''}`));
"""


#: Resolves once no finite animation or transition is running, so colours are read at rest, not mid-fade. Polled
#: frame by frame: after a resize Chromium can leave an ended transition's `finished` promise pending for good. A
#: frame that does not come within 100 ms counts as one, and after 5 s it gives up: a page evaluation has no time
#: limit of its own, and one suite run hung here. It returns what is still moving.
SETTLED = """async () => {
  const frame = () => new Promise((r) => { requestAnimationFrame(() => requestAnimationFrame(r)); setTimeout(r, 100); });
  const moving = () => document.getAnimations().filter((a) => a.effect?.getTiming().iterations !== Infinity
    && (a.playState === "running" || a.pending));
  const end = performance.now() + 5000;
  do { await frame(); } while (moving().length && performance.now() < end);
  return moving().map((a) => `${a.effect?.target?.className || a.effect?.target?.nodeName}: ${a.transitionProperty || a.animationName}`);
}"""


def copied_text(tab: Any, click: Any) -> str:
    """What a click puts on the clipboard. The clipboard is replaced by a recorder first: headless Chromium's own
    clipboard needs a permission prompt."""
    tab.evaluate("navigator.clipboard.writeText = async (text) => { window.kgCopied = text; }")
    click()
    tab.wait_for_function("() => window.kgCopied !== undefined")
    return tab.evaluate("window.kgCopied")


def settle(tab: Any) -> None:
    """Wait until nothing on the page moves (see SETTLED); fail, naming what moves, after 5 s."""
    still = tab.evaluate(SETTLED)
    assert not still, f"still moving after 5 s: {still[:5]}"


def _chromium_or_skip() -> str:
    if Path(CHROMIUM).exists() or shutil.which(CHROMIUM):
        return CHROMIUM
    if os.environ.get("CI"):
        pytest.fail(f"CI=true but Chromium was not found at {CHROMIUM}: .ci/run must install Debian's chromium")
    pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium); browser tests run in CI")
    raise AssertionError  # unreachable


class _Handler(SimpleHTTPRequestHandler):
    """A static host that also sends each page's policy as a header."""

    def log_message(self, *args: Any) -> None:  # keep test output readable
        pass

    def end_headers(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            found = _META_CSP.search(path.read_text(encoding="utf-8"))
            if found:
                self.send_header("Content-Security-Policy", found.group(1).replace("&#39;", "'"))
        super().end_headers()


@pytest.fixture(scope="session")
def site_url(site: Path) -> Iterator[str]:
    """The built site over HTTP (search, fetch and instant navigation do not work from file://)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(site)))
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


def _tab(browser: Any, width: int, height: int, **options: Any) -> tuple[Any, Any]:
    context = browser.new_context(viewport={"width": width, "height": height}, **options)
    context.add_init_script(RECORD_VIOLATIONS)
    return context, context.new_page()


DESKTOP, PHONE = SIZES["desktop"], SIZES["phone"]


@pytest.fixture(scope="session")
def _warm_desktop(browser: Any) -> Iterator[tuple[Any, Any]]:
    context, tab = _tab(browser, **DESKTOP)
    yield context, tab
    context.close()


@pytest.fixture(scope="session")
def _warm_phone(browser: Any) -> Iterator[tuple[Any, Any]]:
    context, tab = _tab(browser, **PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    yield context, tab
    context.close()


def _as_new(warm: tuple[Any, Any], size: dict[str, int]) -> Iterator[Any]:
    """A tab that each test gets as a new one would be: a blank document at the fixture's size and media, no
    cookies, no permissions, no routes, and the site's local and session storage cleared when the test ends.

    The tab itself stays open for the worker's next test: a page load in a warm tab costs about 0.25 s less than
    one in a new context (its renderer process, compiled scripts and parsed styles are reused). Run alternately
    against new contexts, the comparison, cost and helper tests used about 30 % less CPU. What a test may not
    leave behind, it cannot: the document, and everything a script put in it, goes with the next navigation; a
    test that listens to the tab's events uses `page_errors`, which removes its listeners."""
    context, tab = warm
    tab.set_viewport_size(size)
    try:
        yield tab
    finally:
        if tab.url.startswith("http"):
            tab.evaluate("localStorage.clear(); sessionStorage.clear()")
        tab.unroute_all()
        tab.goto("about:blank")
        tab.emulate_media(media="null", color_scheme="null", reduced_motion="null")
        context.clear_cookies()
        context.clear_permissions()


@pytest.fixture
def page(_warm_desktop: tuple[Any, Any]) -> Iterator[Any]:
    yield from _as_new(_warm_desktop, DESKTOP)


@pytest.fixture
def phone(_warm_phone: tuple[Any, Any]) -> Iterator[Any]:
    yield from _as_new(_warm_phone, PHONE)


@contextmanager
def page_errors(tab: Any) -> Iterator[list[str]]:
    """Uncaught exceptions and console errors in the tab while the block runs (the listeners go with it)."""
    errors: list[str] = []

    def on_error(error: Any) -> None:
        errors.append(f"uncaught exception: {error}")

    def on_console(message: Any) -> None:
        if message.type == "error":
            errors.append(f"console error: {message.text}")

    tab.on("pageerror", on_error)
    tab.on("console", on_console)
    try:
        yield errors
    finally:
        tab.remove_listener("pageerror", on_error)
        tab.remove_listener("console", on_console)


def violations(tab: Any) -> list[str]:
    return tab.evaluate("window.__kgViolations || []")


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
    context, tab = _tab(browser, **DESKTOP)
    _serve_sitemap_for_this_host(context, site_url)
    state = InstantTab(tab)
    tab.on("pageerror", lambda e: state.errors.append(str(e)))
    # Material intercepts links only once it has read sitemap.xml: let that request finish first.
    tab.goto(site_url, wait_until="networkidle")
    tab.evaluate(f"{MARKER} = true")
    yield state
    context.close()
