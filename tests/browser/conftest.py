"""Chromium through Playwright against pytest-django's live server.

Browser tests need Debian's Chromium at /usr/bin/chromium. Without it they are skipped, unless
``PTP_REQUIRE_BROWSER=1`` (set by CI), where a missing browser is an error.

Playwright's sync API keeps an asyncio loop running in the test thread while the browser is open,
and Django refuses synchronous ORM calls (fixtures, flushes) while a loop runs in the thread. So
``DJANGO_ALLOW_ASYNC_UNSAFE`` is set for exactly as long as the browser is open, not for the whole
process: other tests sharing an xdist worker keep Django's async-safety check.
"""

import io
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from playwright.sync_api import sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DESKTOP = {"width": 1280, "height": 900}
# Reports every Content-Security-Policy violation to the test, including those Chromium refuses
# before they can log anything. Init scripts run outside the page's CSP.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.__ptpCspViolation({
    directive: e.effectiveDirective, blocked: e.blockedURI, source: e.sourceFile,
    line: e.lineNumber, sample: e.sample, page: document.location.href,
  });
});
"""


MISSING_CHROMIUM = f"Chromium not found at {CHROMIUM} (Debian: apt-get install chromium)"


def _has_chromium() -> bool:
    return CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)


def _browser_required() -> bool:
    return os.environ.get("PTP_REQUIRE_BROWSER") == "1"


def pytest_collection_modifyitems(config, items) -> None:
    """Without Chromium, browser tests are skipped before any database or server is set up."""
    if _has_chromium() or _browser_required():
        return
    skip = pytest.mark.skip(reason=MISSING_CHROMIUM)
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def live_server(django_db_setup, live_server):
    """pytest-django's live server, started only once the test database exists.

    Started earlier, it would see the on-disk database name and not share the in-memory SQLite
    test database's connection: each request thread would then open, and leak, its own.
    """
    return live_server


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium per test module."""
    if not _has_chromium():
        pytest.fail(f"PTP_REQUIRE_BROWSER=1 but {MISSING_CHROMIUM}", pytrace=False)
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def demo_site(live_server) -> str:
    """The live server's address, its database loaded with the reference and demo data.

    ``live_server`` brings ``transactional_db``: the data are flushed after each test, so browser
    tests are few and each walks several pages.
    """
    call_command("load_reference_data", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    return live_server.url


@dataclass
class PageProblems:
    """Everything a page must never do: log errors, throw, break the CSP, fail or leave the host.

    ``expected_errors`` lists addresses whose 4xx/5xx answer is the point of the test (a 404 page).
    """

    origin: str
    expected_errors: set[str] = field(default_factory=set)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    csp_violations: list[dict] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    error_responses: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)

    def on_csp_violation(self, violation: dict) -> None:
        self.csp_violations.append(violation)

    def on_console(self, message) -> None:
        if message.type != "error":
            return
        url = message.location.get("url", "")
        if url in self.expected_errors and message.text.startswith("Failed to load resource"):
            return
        self.console_errors.append(f"{message.text} ({url})")

    def on_request(self, request) -> None:
        parts = urlsplit(request.url)
        if (
            parts.scheme not in {"data", "blob"}
            and f"{parts.scheme}://{parts.netloc}" != self.origin
        ):
            self.foreign_requests.append(request.url)

    def on_response(self, response) -> None:
        if response.status >= 400 and response.url not in self.expected_errors:
            self.error_responses.append(f"{response.status} {response.url}")

    def found(self) -> dict[str, list]:
        """The problems seen so far by kind, only the kinds that occurred: ``{}`` when all is well."""
        kinds = {
            "console errors": self.console_errors,
            "uncaught exceptions": self.page_errors,
            "CSP violations": self.csp_violations,
            "failed requests": self.failed_requests,
            "error responses": self.error_responses,
            "requests to other hosts": self.foreign_requests,
        }
        return {kind: items for kind, items in kinds.items() if items}


@pytest.fixture
def open_page(browser) -> Iterator[Callable[..., tuple[Any, PageProblems]]]:
    """Opens a page on ``base_url`` under the site's real CSP, recording every problem on it."""
    contexts = []

    def _open(base_url: str, *, viewport: dict | None = None) -> tuple[Any, PageProblems]:
        context = browser.new_context(
            base_url=base_url, viewport=viewport or DESKTOP, locale="it-IT"
        )
        contexts.append(context)
        problems = PageProblems(origin=base_url)
        context.expose_function("__ptpCspViolation", problems.on_csp_violation)
        context.add_init_script(CSP_LISTENER)
        page = context.new_page()
        page.on("console", problems.on_console)
        page.on("pageerror", lambda exc: problems.page_errors.append(str(exc)))
        page.on("requestfailed", lambda r: problems.failed_requests.append(f"{r.url}: {r.failure}"))
        page.on("request", problems.on_request)
        page.on("response", problems.on_response)
        return page, problems

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture
def demo_page(open_page, demo_site) -> tuple[Any, PageProblems]:
    """A desktop-sized page on the live server loaded with the demo data."""
    return open_page(demo_site)
