"""Render HTML pages in a real headless Chromium: the session fixture `browser`."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright, Request, Route
    from playwright.sync_api import ConsoleMessage as PlaywrightMessage

REPO = Path(__file__).resolve().parent.parent
OUTPUT = REPO / "test-output"
SCREENSHOTS = OUTPUT / "screenshots"
PDFS = OUTPUT / "pdf"

# Debian's chromium package; KOMPASS_CHROMIUM names another binary.
CHROMIUM = Path(os.environ.get("KOMPASS_CHROMIUM", "/usr/bin/chromium"))
# Needed as root (no sandbox) and on a closed network (no background connections).
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# A4 at CSS 96 px per inch: 210 mm x 297 mm.
A4_VIEWPORT = {"width": 794, "height": 1123}
TIMEOUT_MS = 30_000
REQUIRE = "KOMPASS_REQUIRE_BROWSER"
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


@dataclass(frozen=True)
class ConsoleMessage:
    """A console message of level error or warning."""

    level: str
    text: str
    location: str


@dataclass(frozen=True)
class Rendered:
    """What Chromium saw, logged and produced when it rendered one page."""

    url: str
    console: list[ConsoleMessage]
    page_errors: list[str]
    requests: list[str]
    svg_classes: list[str]
    text: str
    screenshot: Path
    pdf: Path
    pdf_pages: int

    @property
    def svg_count(self) -> int:
        """The number of `<svg>` elements in the page."""
        return len(self.svg_classes)

    @property
    def problems(self) -> list[str]:
        """Every console error or warning, page error and request: empty for a clean page."""
        return (
            [f"console {m.level}: {m.text} ({m.location})" for m in self.console]
            + [f"page error: {e}" for e in self.page_errors]
            + [f"request: {url}" for url in self.requests]
        )


class BrowserUnavailable(Exception):
    """Chromium or the playwright package cannot be used here."""


@dataclass
class Chromium:
    """One headless Chromium for the whole test session."""

    playwright: Playwright
    browser: Browser
    startup_seconds: float = field(default=0.0)

    def __repr__(self) -> str:
        """Short, for pytest's failure reports."""
        return f"<Chromium {self.browser.version} at {CHROMIUM}>"

    @classmethod
    def start(cls) -> Chromium:
        """Launch Chromium, or raise BrowserUnavailable saying why it cannot be."""
        try:
            from playwright.sync_api import Error, sync_playwright
        except ImportError as error:
            raise BrowserUnavailable(
                f"the Python package playwright is not installed ({error}); "
                "install the test extras: pip install -e '.[test]'"
            ) from error
        if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
            raise BrowserUnavailable(
                f"no Chromium at {CHROMIUM}: install Debian's chromium package "
                "or set KOMPASS_CHROMIUM to a Chromium binary"
            )
        began = time.perf_counter()
        playwright = sync_playwright().start()
        try:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=FLAGS, timeout=TIMEOUT_MS
            )
        except Error as error:
            playwright.stop()
            raise BrowserUnavailable(
                f"Chromium at {CHROMIUM} did not start: {_launch_failure(str(error))}"
            ) from error
        return cls(playwright, browser, time.perf_counter() - began)

    def close(self) -> None:
        """Close the browser and stop playwright."""
        try:
            self.browser.close()
        finally:
            self.playwright.stop()

    def render(self, page_path: Path, name: str) -> Rendered:
        """Open a local HTML file; save test-output/screenshots/NAME.png and pdf/NAME.pdf."""
        if not _NAME.fullmatch(name):
            raise ValueError(f"name must be a plain file name (letters, digits, ._-): {name!r}")
        url = page_path.resolve().as_uri()
        console: list[ConsoleMessage] = []
        page_errors: list[str] = []
        requests: list[str] = []

        def on_console(message: PlaywrightMessage) -> None:
            if message.type in ("error", "warning"):
                where = message.location
                location = f"{where.get('url', '')}:{where.get('lineNumber', 0)}"
                console.append(ConsoleMessage(message.type, message.text, location))

        def on_request(request: Request) -> None:
            if request.url != url:
                requests.append(request.url)

        def only_the_page(route: Route) -> None:
            # Nothing but the page itself is fetched, so a page that is not
            # self-contained never reaches the network (it is still reported).
            if route.request.url == url:
                route.continue_()
            else:
                route.abort("blockedbyclient")

        context = self.browser.new_context(viewport=A4_VIEWPORT, service_workers="block")
        try:
            context.set_default_timeout(TIMEOUT_MS)
            context.route("**/*", only_the_page)
            page = context.new_page()
            page.on("console", on_console)
            page.on("pageerror", lambda error: page_errors.append(str(error)))
            page.on("request", on_request)
            page.goto(url, wait_until="load")
            svg_classes: list[str] = page.eval_on_selector_all(
                "svg", "els => els.map(e => e.getAttribute('class') || '')"
            )
            text: str = page.evaluate("document.body ? document.body.innerText : ''")
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            PDFS.mkdir(parents=True, exist_ok=True)
            screenshot = SCREENSHOTS / f"{name}.png"
            page.screenshot(path=screenshot, full_page=True)
            pdf = PDFS / f"{name}.pdf"
            pdf_pages = count_pdf_pages(page.pdf(path=pdf, format="A4", print_background=True))
        finally:
            context.close()
        return Rendered(
            url=url,
            console=console,
            page_errors=page_errors,
            requests=requests,
            svg_classes=svg_classes,
            text=text,
            screenshot=screenshot,
            pdf=pdf,
            pdf_pages=pdf_pages,
        )


def _launch_failure(message: str) -> str:
    """The gist of playwright's launch error: its first line, Chromium's stderr, the exit."""
    lines = [line.strip(" -") for line in message.strip().splitlines()]
    gist = [line for line in lines if "][err]" in line or "process did exit" in line]
    return " | ".join((lines[:1] or [""]) + list(dict.fromkeys(gist))[-6:])


def count_pdf_pages(pdf: bytes) -> int:
    """The number of page objects in a PDF as Chromium (Skia) writes it."""
    return len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", pdf))


def required() -> bool:
    """Whether KOMPASS_REQUIRE_BROWSER asks for failure instead of a skip."""
    return os.environ.get(REQUIRE, "") not in ("", "0")


@pytest.fixture(scope="session")
def browser() -> Iterator[Chromium]:
    """A headless Chromium, started once; skipped when unavailable unless required."""
    try:
        chromium = Chromium.start()
    except BrowserUnavailable as error:
        unavailable = str(error)
    else:
        unavailable = ""
    if unavailable and required():
        pytest.fail(f"{REQUIRE} is set but {unavailable}", pytrace=False)
    if unavailable:
        pytest.skip(f"browser tests need Chromium: {unavailable}")
    try:
        yield chromium
    finally:
        chromium.close()
