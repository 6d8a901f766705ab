"""The browser harness (tests/browser.py) sees what is wrong with a page."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .browser import Chromium

CHART = """<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>Rapport</title>
<style>body { font-family: sans-serif; } .bar { fill: #2a6f97; }</style></head>
<body><h1>Örebro kommun 2015</h1>
<svg class="chart areas" width="300" height="120" viewBox="0 0 300 120"
     xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Områden">
<rect class="bar" x="10" y="40" width="40" height="80"/>
<rect class="bar" x="60" y="10" width="40" height="110"/>
</svg>
<p>Totalt 650 poäng</p></body></html>
"""


def _page(tmp_path: Path, body: str) -> Path:
    """Write a minimal HTML page around BODY into tmp_path."""
    page = tmp_path / "page.html"
    page.write_text(
        f'<!doctype html><html><head><meta charset="utf-8"><title>t</title></head>'
        f"<body>{body}</body></html>",
        "utf-8",
    )
    return page


def test_static_chart_renders_clean(browser: Chromium, tmp_path: Path) -> None:
    """A self-contained page with an inline SVG: one chart, its text, no problems."""
    page = tmp_path / "chart.html"
    page.write_text(CHART, "utf-8")
    rendered = browser.render(page, "harness-chart")
    assert rendered.problems == []
    assert rendered.svg_count == 1
    assert rendered.svg_classes == ["chart areas"]
    assert "Örebro kommun 2015" in rendered.text
    assert "Totalt 650 poäng" in rendered.text
    assert rendered.pdf_pages == 1


def test_console_error_is_reported(browser: Chromium, tmp_path: Path) -> None:
    """`console.error` in the page shows up as a console error."""
    rendered = browser.render(
        _page(tmp_path, '<script>console.error("x")</script>'), "harness-console"
    )
    assert [(m.level, m.text) for m in rendered.console] == [("error", "x")]
    assert rendered.problems != []


def test_console_warning_is_reported(browser: Chromium, tmp_path: Path) -> None:
    """`console.warn` in the page shows up as a console warning; `console.log` does not."""
    body = '<script>console.log("fine"); console.warn("careful")</script>'
    rendered = browser.render(_page(tmp_path, body), "harness-warning")
    assert [(m.level, m.text) for m in rendered.console] == [("warning", "careful")]


def test_external_resource_is_a_request(browser: Chromium, tmp_path: Path) -> None:
    """A page that is not self-contained: its external image is a reported request."""
    page = _page(tmp_path, '<img src="http://example.invalid/x.png" alt="">')
    rendered = browser.render(page, "harness-request")
    assert rendered.requests == ["http://example.invalid/x.png"]
    assert "request: http://example.invalid/x.png" in rendered.problems


def test_local_file_reference_is_a_request(browser: Chromium, tmp_path: Path) -> None:
    """A reference to another local file is a request too; a data: URI is not."""
    (tmp_path / "style.css").write_text("body { color: red; }", "utf-8")
    body = (
        '<link rel="stylesheet" href="style.css">'
        '<img alt="" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
    )
    rendered = browser.render(_page(tmp_path, body), "harness-local-file")
    assert rendered.requests == [(tmp_path / "style.css").resolve().as_uri()]


def test_uncaught_exception_is_a_page_error(browser: Chromium, tmp_path: Path) -> None:
    """A script that throws yields a page error."""
    body = '<script>throw new Error("boom")</script>'
    rendered = browser.render(_page(tmp_path, body), "harness-throw")
    assert len(rendered.page_errors) == 1
    assert "boom" in rendered.page_errors[0]


def test_screenshot_is_a_png(browser: Chromium, tmp_path: Path) -> None:
    """The screenshot is a PNG file under test-output/screenshots, 794 px wide."""
    page = tmp_path / "chart.html"
    page.write_text(CHART, "utf-8")
    rendered = browser.render(page, "harness-screenshot")
    assert rendered.screenshot.name == "harness-screenshot.png"
    assert rendered.screenshot.parent.parts[-2:] == ("test-output", "screenshots")
    data = rendered.screenshot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(data[16:20], "big") == 794


def test_long_page_prints_on_several_a4_pages(browser: Chromium, tmp_path: Path) -> None:
    """A long page prints to more than one A4 page, and the PDF is saved."""
    body = "".join(f"<p>Fråga {i}</p>" for i in range(300))
    rendered = browser.render(_page(tmp_path, body), "harness-long")
    assert rendered.pdf_pages > 1
    assert rendered.pdf.parts[-2:] == ("pdf", "harness-long.pdf")
    pdf = rendered.pdf.read_bytes()
    # The root of the page tree counts all pages (Chromium nests smaller trees below it).
    counts = re.findall(rb"/Type\s*/Pages\b.*?/Count\s+(\d+)", pdf, re.S)
    assert max(int(n) for n in counts) == rendered.pdf_pages
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert len(boxes) == rendered.pdf_pages
    for width, height in boxes:  # A4 is 595.28 x 841.89 points
        assert abs(float(width) - 595.28) < 2
        assert abs(float(height) - 841.89) < 2
