"""Reports: one evaluation as HTML, markdown and text, and a trend as HTML;
figures rounded as published, estimated values marked, input text escaped."""

from __future__ import annotations

import re
import shutil
import tomllib
from html.parser import HTMLParser
from pathlib import Path

import pytest

import kompass_core as kompass
from kompass_core.cli import main

from .conftest import EXAMPLES

OREBRO_2015 = EXAMPLES / "orebro-2015.toml"
OREBRO_2012 = EXAMPLES / "orebro-2012.toml"
PUBLISHED_2015 = ["74", "90", "89", "80", "72", "81", "74", "90"]
MEAN_2017 = "kommunkompassen-2010-mean-2017"


class _Page(HTMLParser):
    """The parts of a page the tests look at: elements, classes, text, scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def having(self, tag: str, cls: str = "") -> list[dict[str, str | None]]:
        """Elements ``tag`` (with class ``cls`` among their classes, when given)."""
        return [
            a
            for t, a in self.tags
            if t == tag and (not cls or cls in (a.get("class") or "").split())
        ]


def _parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def _report(**options: str) -> kompass.Report:
    return kompass.build_report(OREBRO_2015, **options)  # type: ignore[arg-type]


# -- HTML of one evaluation --------------------------------------------------------------


def test_html_has_both_charts_the_total_and_every_area() -> None:
    """The bar chart has the total in its title; the radar chart and every area follow."""
    html = kompass.render_report(_report(reference=MEAN_2017), "html")
    page = _parse(html)
    assert len(page.having("svg", "kompass-bar-chart")) == 1
    assert len(page.having("svg", "kompass-radar-chart")) == 1
    assert "Totalt 650 av 800" in html
    assert len(page.having("section", "area")) == 8
    assert not page.having("script")
    assert not page.having("link")
    assert "http://" not in html.split("<body>")[1].replace("http://www.w3.org/2000/svg", "")


def test_html_question_tables_are_rounded_half_up() -> None:
    """Question points and percents are rounded half up as published: 10.5 → 11, 70 %."""
    text = "".join(_parse(kompass.render_report(_report(), "html")).text)
    plan = "Finns en plan/strategi för demokratiutveckling och information?"
    assert f"1.1{plan}111570" in text  # 70 % of 15 = 10.5 → 11
    assert "131585" in text  # 2.6: 85 % of 15 = 12.75 → 13
    assert "92046" in text  # 4.3: 46 % of 20 = 9.2 → 9


def test_html_areas_table_against_previous_and_reference() -> None:
    """The areas table shows this evaluation, the previous one, the change and the mean."""
    report = _report(previous=str(OREBRO_2012), reference=MEAN_2017)
    html = kompass.render_report(report, "html", "en")
    assert "Previous 2012" in html
    assert report.total_change is not None
    assert report.total_change.points == kompass.score_file(OREBRO_2015).total.points - 615
    assert report.total_change.distinguishable
    assert '<td class="num">+35</td>' in html
    assert "National mean since 2010 (published 2017)" in html


def test_html_marks_estimated_values() -> None:
    """A migrated evaluation's estimated figures are starred and explained, hatched in the chart."""
    report = kompass.build_report(EXAMPLES / "orebro-2010.toml", previous=None)
    assert report.current.total.points == 515
    html = kompass.render_report(report, "html")
    page = _parse(html)
    assert page.having("td", "estimated")
    assert (
        page.having("rect", "estimated") or page.having("path", "estimated") or "estimated" in html
    )


def test_every_input_text_is_escaped(tmp_path: Path) -> None:
    """A <script> in a strength or the subject's name is shown as text, never run."""
    data = OREBRO_2015.read_text(encoding="utf-8")
    evil = "<script>alert('x')</script> & <img src=x onerror=alert(1)>"
    data = data.replace('name = "Örebro kommun"', f'name = "{evil}"', 1)
    data += f'\n[findings."3"]\nstrengths = ["{evil}"]\nimprovements = ["**bold** | pipe"]\n'
    path = tmp_path / "evil.toml"
    path.write_text(data, encoding="utf-8")
    assert "findings" in tomllib.loads(data)
    html = kompass.render_report(kompass.build_report(path), "html")
    page = _parse(html)
    assert not page.having("script")
    assert not page.having("img")
    assert "&lt;script&gt;" in html
    md = kompass.render_report(kompass.build_report(path), "md")
    assert "<script>" not in md
    assert r"\*\*bold\*\* \| pipe" in md


# -- markdown and text -------------------------------------------------------------------


def test_markdown_report_has_tables_and_findings(tmp_path: Path) -> None:
    """The markdown report has the areas table, each area's question table and its findings."""
    md = kompass.render_report(_report(previous=str(OREBRO_2012), reference=MEAN_2017), "md", "en")
    assert md.startswith("# Örebro kommun\n")
    assert "| Area | 2015 | Previous 2012 | Change | Verdict | Reference | Difference |" in md
    rows = [line for line in md.splitlines() if re.match(r"\| [1-8] ", line)]
    assert [row.split(" | ")[1] for row in rows] == PUBLISHED_2015
    assert "| 1.1 | Is there a plan/strategy" in md or "| 1.1 | Finns" in md
    assert md.count("### ") == 8


def test_text_report_matches_published_figures() -> None:
    """The plain-text report prints the published area scores and total."""
    txt = kompass.render_report(_report(), "txt")
    assert "Totalt 650 av 800" in txt
    area_lines = [line for line in txt.splitlines() if re.match(r"^[1-8] [^—]*$", line)]
    assert [line.split()[-1] for line in area_lines] == PUBLISHED_2015


# -- trend HTML --------------------------------------------------------------------------


def orebro_2017(folder: Path) -> Path:
    """Örebro 2015 migrated to the 2016 rubric and dated 2017: a revision in the series."""
    migrated = folder / "orebro-2017.toml"
    command = ["migrate", str(OREBRO_2015), "--to", "kommunkompassen-2016", "-o", str(migrated)]
    assert main(command) == 0
    text = migrated.read_text(encoding="utf-8")
    migrated.write_text(text.replace('date = "2015"', 'date = "2017-10"', 1), encoding="utf-8")
    return migrated


def test_trend_html_has_line_chart_band_revisions_and_small_multiples(tmp_path: Path) -> None:
    """The trend draws the total with its range band, marks the revision, one panel per area."""
    migrated = orebro_2017(tmp_path)
    t = kompass.trend_files(
        [EXAMPLES / "orebro-2010.toml", OREBRO_2012, OREBRO_2015, migrated],
        "kommunkompassen-2016",
        reference=MEAN_2017,
    )
    html = kompass.render_trend(t, "html")
    page = _parse(html)
    assert len(page.having("svg", "kompass-line-chart")) == 1
    assert len(page.having("svg", "kompass-small-multiples")) == 1
    assert [str(e.date) for e in t.series[0].entries] == ["2010", "2012", "2015", "2017-10"]
    assert len(page.having("line", "revision")) == 1 + 8  # the total's chart and each panel
    # Every figure of area 4 is exact (copies): its panel has no band to draw.
    assert len(page.having("polygon", "band")) == 1 + 7
    assert "Riksgenomsnitt sedan 2010 (publicerat 2017)" in html


def test_cli_report_writes_html_and_refuses_to_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """kompass report -o writes one file, refuses to replace it, and --force replaces it."""
    out = tmp_path / "report.html"
    assert main(["report", str(OREBRO_2015), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert main(["report", str(OREBRO_2015), "-o", str(out)]) == 1
    assert "exists already" in capsys.readouterr().err
    assert main(["report", str(OREBRO_2015), "--format", "md", "-o", str(out), "--force"]) == 0
    assert out.read_text(encoding="utf-8").startswith("# Örebro kommun")


def test_cli_report_bad_input_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A broken evaluation gives one line and exit code 1, and no output file."""
    bad = tmp_path / "bad.toml"
    shutil.copy(OREBRO_2015, bad)
    bad.write_text(bad.read_text(encoding="utf-8").replace("percent = 70", "percent = 170"))
    out = tmp_path / "r.html"
    assert main(["report", str(bad), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "1.1" in err
    assert not out.exists()
