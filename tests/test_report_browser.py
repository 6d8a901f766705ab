"""The HTML reports as a person sees them: rendered in a real headless
Chromium, with their charts present, no errors logged, no network request,
screenshots under test-output/screenshots/ and a print on A4."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import kompass_core as kompass
from kompass_core.cli import main

from .conftest import EXAMPLES
from .test_report import MEAN_2017, OREBRO_2012, OREBRO_2015, orebro_2017

if TYPE_CHECKING:  # imported at run time by conftest's pytest_plugins
    from .browser import Chromium, Rendered


def _clean(rendered: Rendered) -> None:
    assert rendered.problems == []
    assert rendered.screenshot.stat().st_size > 10_000
    assert rendered.screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_report_renders_with_its_charts(tmp_path: Path, browser: Chromium) -> None:
    """Örebro 2015 against 2012 and the mean: both charts, the published total, no errors."""
    evaluation = tmp_path / "orebro-2015.toml"
    findings = '[findings."1"]\nstrengths = ["Tydlig plan"]\nimprovements = ["Fler dialoger"]\n'
    evaluation.write_text(OREBRO_2015.read_text(encoding="utf-8") + findings, encoding="utf-8")
    page = tmp_path / "orebro-2015.html"
    args = ["report", str(evaluation), "--previous", str(OREBRO_2012)]
    assert main([*args, "--reference", MEAN_2017, "-o", str(page)]) == 0
    rendered = browser.render(page, "report-orebro-2015-sv")
    _clean(rendered)
    assert rendered.svg_classes.count("kompass-chart kompass-bar-chart") == 1
    assert rendered.svg_classes.count("kompass-chart kompass-radar-chart") == 1
    assert "Totalt 650 av 800" in rendered.text
    assert re.search(r"Styrkor\s+Tydlig plan", rendered.text)
    assert re.search(r"Förbättringsområden\s+Fler dialoger", rendered.text)
    # Eight areas with their question tables fit on a few A4 pages.
    assert 2 <= rendered.pdf_pages <= 6


def test_english_report_of_a_migrated_evaluation(tmp_path: Path, browser: Chromium) -> None:
    """An evaluation carried over to 2016 renders in English with its estimates marked."""
    migrated = tmp_path / "orebro-on-2016.toml"
    command = ["migrate", str(OREBRO_2015), "--to", "kommunkompassen-2016", "-o", str(migrated)]
    assert main(command) == 0
    page = tmp_path / "migrated.html"
    assert main(["report", str(migrated), "--lang", "en", "-o", str(page)]) == 0
    rendered = browser.render(page, "report-orebro-2015-on-2016-en")
    _clean(rendered)
    assert "Estimated values" in rendered.text
    assert "3.1, 3.2, 3.3, 3.4, 3.5, 5.1, 5.2, 5.3, 5.4, 5.5, 5.6: copy" in rendered.text


def test_trend_renders_band_revision_and_panels(tmp_path: Path, browser: Chromium) -> None:
    """Örebro 2010 → 2017 on the 2016 scale: the total's chart and the area panels, no errors."""
    files = [EXAMPLES / "orebro-2010.toml", OREBRO_2012, OREBRO_2015, orebro_2017(tmp_path)]
    t = kompass.trend_files(files, "kommunkompassen-2016", reference=MEAN_2017)
    page = tmp_path / "trend.html"
    page.write_text(kompass.render_trend(t, "html", "en"), encoding="utf-8")
    rendered = browser.render(page, "trend-orebro-2016-en")
    _clean(rendered)
    assert rendered.svg_classes.count("kompass-chart kompass-line-chart") == 1
    assert rendered.svg_classes.count("kompass-chart kompass-small-multiples") == 1
    assert "within the uncertainty" in rendered.text


def test_many_subjects_trend_renders(tmp_path: Path, browser: Chromium) -> None:
    """Every bundled example as one trend page: one line chart per subject."""
    page = tmp_path / "all.html"
    assert main(["trend", str(EXAMPLES), "--format", "html", "-o", str(page)]) == 0
    rendered = browser.render(page, "trend-all-examples-sv")
    _clean(rendered)
    assert rendered.svg_classes.count("kompass-chart kompass-line-chart") == 4
    assert "Senaste jämförbara total" in rendered.text


def test_script_in_input_is_inert(tmp_path: Path, browser: Chromium) -> None:
    """A <script> in a strength text is shown as text and never runs."""
    data = OREBRO_2015.read_text(encoding="utf-8")
    data += '\n[findings."3"]\nstrengths = ["<script>console.error(\'pwned\')</script>"]\n'
    evaluation = tmp_path / "evil.toml"
    evaluation.write_text(data, encoding="utf-8")
    page = tmp_path / "evil.html"
    html = kompass.render_report(kompass.build_report(evaluation), "html")
    page.write_text(html, encoding="utf-8")
    rendered = browser.render(page, "report-escaped-script")
    _clean(rendered)
    assert "<script>console.error('pwned')</script>" in rendered.text


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_markdown_and_text_reports_are_checked_too(lang: str) -> None:
    """The markdown and text forms carry the published figures in both languages."""
    report = kompass.build_report(OREBRO_2015)
    for form in ("md", "txt"):
        text = kompass.render_report(report, form, lang)
        assert ("Totalt 650 av 800" if lang == "sv" else "Total 650 of 800") in text
