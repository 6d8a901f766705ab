"""Trend analysis: golden series from published results, properties of
changes and their ranges, grouping and ordering, and the ``kompass trend``
command."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kompass_core as kompass
from kompass_core._trend import Change, Figure, change, expand_paths, trend, trend_files
from kompass_core.cli import main

from .conftest import EXAMPLES
from .strategies import decimals
from .test_migrate import K2010, K2016, hand_area_from_area_score, written

D = Decimal
OREBRO = [EXAMPLES / f"orebro-{year}.toml" for year in (2015, 2010, 2012)]  # not in date order
KRAMFORS = [EXAMPLES / "kramfors-2013.toml", EXAMPLES / "kramfors-2011.toml"]


def _total(figure: Figure) -> tuple[Decimal | None, Decimal, Decimal]:
    return figure.points, figure.lower, figure.upper


# -- golden series -----------------------------------------------------------------------


def test_orebro_2010_2012_2015_on_the_2016_scale() -> None:
    """Örebro's three evaluations on the 2016 scale: ordered by date, each
    total with the range the migration rules imply, changes not distinguishable."""
    t = trend_files(OREBRO, K2016)
    assert t.rubric.id == K2016
    assert not t.problems
    (series,) = t.series
    assert [str(e.date) for e in series.entries] == ["2010", "2012", "2015"]
    first, second, third = series.entries
    # 2010: the total 515 and four areas; the rest tied by what the total leaves.
    assert _total(first.total) == (D("517.4193548387"), D(440), D(590))
    # 2012: the sum of each area carried over by hand (tests/test_migrate.py).
    published = {"1": 68, "2": 85, "3": 86, "4": 74, "5": 70, "6": 74, "7": 71, "8": 87}
    hand = [written(*hand_area_from_area_score(a, Fraction(v))) for a, v in published.items()]
    sums = [sum(column, Fraction(0)) for column in zip(*hand, strict=True)]
    assert tuple(Fraction(x) for x in _total(second.total) if x is not None) == tuple(sums)
    assert _total(second.total) == (D(615), D("553.5"), D("678.05"))
    # 2015: per question, by hand in tests/test_migrate.py.
    assert _total(third.total) == (D("653.4"), D(606), D("683.35"))

    assert first.total_change is None
    c = second.total_change
    assert c is not None
    assert (c.points, c.lower, c.upper) == (D("97.5806451613"), D("-36.5"), D("238.05"))
    assert not c.distinguishable
    assert c.direction == "unclear"
    c = third.total_change
    assert c is not None
    assert (c.points, c.lower, c.upper) == (D("38.4"), D("-72.05"), D("129.85"))
    assert not c.distinguishable


def test_orebro_changes_measured_on_the_2010_scale_are_distinguishable() -> None:
    """Measured on the rubric both were evaluated on, Örebro's rises are clear:
    +100 (515 → 615) and +35.45 (615 → 650.45)."""
    (series,) = trend_files(OREBRO, K2016).series
    measured = [e.measured_change for e in series.entries[1:]]
    assert [(m.points, m.distinguishable, m.direction) for m in measured if m] == [
        (D(100), True, "up"),
        (D("35.45"), True, "up"),
    ]


def test_orebro_on_its_own_scale_needs_no_migration() -> None:
    """By default the scale is the newest rubric among the inputs: 2010 here,
    and the published figures come through unchanged."""
    t = trend_files(OREBRO)
    assert t.rubric.id == K2010
    totals = [e.total for e in t.series[0].entries]
    assert [f.points for f in totals] == [D(515), D(615), D("650.45")]
    assert [f.rounded for f in totals] == [D(515), D(615), D(650)]
    assert not any(f.estimated for f in totals)
    assert [a.rounded for a in t.series[0].entries[-1].areas] == [
        D(v) for v in (74, 90, 89, 80, 72, 81, 74, 90)
    ]


def test_kramfors_2011_to_2013_is_distinguishable() -> None:
    """Kramfors 2011 → 2013 (area scores, 2010 rubric): +84, clearly a rise,
    and the 2011 report's own inconsistency (stated 359) is carried as a warning."""
    t = trend_files(KRAMFORS)
    (series,) = t.series
    before, after = series.entries
    assert (before.total.points, after.total.points) == (D(363), D(447))
    c = after.total_change
    assert c is not None
    assert (c.points, c.lower, c.upper) == (D(84), D(84), D(84))
    assert c.distinguishable
    assert c.direction == "up"
    assert [ch.points for ch in after.area_changes] == [D(v) for v in (7, 11, 11, 19, 6, 18, 5, 7)]
    assert all(ch.distinguishable for ch in after.area_changes)
    assert any(w.code == "stated" for w in before.warnings)


def _area_level(name: str, date: str, areas: list[int], code: str | None = None) -> Any:
    subject: dict[str, Any] = {"name": name, "kind": "municipality"}
    if code:
        subject["code"] = code
    return kompass.evaluation_from_data(
        {
            "rubric": K2010,
            "subject": subject,
            "evaluation": {"date": date},
            "area_scores": {str(i + 1): v for i, v in enumerate(areas)},
        },
        name=f"{name}-{date}",
    )


def test_a_change_within_rounding_is_not_distinguishable() -> None:
    """Printed area scores are rounded: a total one point higher is within
    what rounding explains, thirty points higher is not."""
    base = [50] * 8
    evaluations = [
        _area_level("A", "2011", base),
        _area_level("A", "2013", [51, *base[1:]]),
        _area_level("A", "2015", [81, *base[1:]]),
    ]
    (series,) = trend(evaluations).series
    one, thirty = (e.total_change for e in series.entries[1:])
    assert one is not None
    assert thirty is not None
    assert one.points == 1
    assert not one.distinguishable
    assert one.direction == "unclear" or one.direction == "none"
    assert thirty.distinguishable


# -- grouping, ordering, reference ----------------------------------------------------------


def test_subjects_are_grouped_by_code_and_name() -> None:
    """A file without a code joins the file of the same name with one; other
    names are other subjects, sorted by name."""
    evaluations = [
        _area_level("Ystad kommun", "2014", [60] * 8, code="1286"),
        _area_level("ystad  kommun", "2012", [55] * 8),
        _area_level("Arvika kommun", "2013", [40] * 8),
    ]
    t = trend(evaluations)
    assert [s.subject.name for s in t.series] == ["Arvika kommun", "Ystad kommun"]
    assert [str(e.date) for e in t.subject("1286").entries] == ["2012", "2014"]
    assert t.subject("YSTAD KOMMUN").entries[-1].total_change is not None


def test_subject_filter_and_unknown_subject() -> None:
    """--subject keeps one subject; an unknown one is an error listing those there are."""
    t = trend_files([EXAMPLES], subject="kramfors kommun")
    assert [s.subject.name for s in t.series] == ["Kramfors kommun"]
    with pytest.raises(kompass.KompassError, match=r"Örebro kommun.*found 'Nowhere'"):
        trend_files([EXAMPLES], subject="Nowhere")


def test_reference_is_carried_to_the_trend_scale() -> None:
    """The 2017 national mean is exact on its own 2010 scale and a range on the 2016 scale."""
    own = trend_files(KRAMFORS, reference="kommunkompassen-2010-mean-2017")
    assert own.reference is not None
    assert _total(own.reference.total) == (D(476), D(476), D(476))
    moved = trend_files(KRAMFORS, K2016, reference="kommunkompassen-2010-mean-2017")
    assert moved.reference is not None
    assert moved.reference.total.estimated
    assert moved.reference.total.lower < D(476) < moved.reference.total.upper


def test_unusable_files_are_named_and_the_rest_used(tmp_path: Path) -> None:
    """A broken file and one that cannot reach the scale are problems; the others form the trend."""
    shutil.copy(EXAMPLES / "kramfors-2011.toml", tmp_path)
    (tmp_path / "broken.toml").write_text('rubric = "kommunkompassen-2010"\n[subject\n')
    t = trend_files([tmp_path, tmp_path / "missing.toml"])
    assert [s.subject.name for s in t.series] == ["Kramfors kommun"]
    assert {Path(p.file or "").name for p in t.problems} == {"broken.toml", "missing.toml"}


def test_expand_paths_walks_folders_sorted_skipping_hidden(tmp_path: Path) -> None:
    """Folders give their evaluation files, sorted, hidden ones and other suffixes skipped."""
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    for name in ("b/2.toml", "a.json", ".x.toml", ".hidden/c.toml", "notes.txt"):
        (tmp_path / name).write_text("")
    assert [Path(p).relative_to(tmp_path).as_posix() for p in expand_paths([tmp_path])] == [
        "a.json",
        "b/2.toml",
    ]


# -- properties of changes ----------------------------------------------------------------------

POINTS = decimals(D(0), D(100), 2)


@st.composite
def figures(draw: st.DrawFn) -> Figure:
    """A figure within 0..100 with a range around its point and some rounding."""
    a, b, c = sorted(draw(st.lists(POINTS, min_size=3, max_size=3)))
    halves = tuple(draw(st.lists(st.sampled_from([D("0.5"), D("0.05"), D("0.005")]), max_size=8)))
    return Figure(b, a, c, D(100), halves)


@given(figures(), figures())
def test_a_change_contains_its_point_and_is_antisymmetric(a: Figure, b: Figure) -> None:
    """The change's range holds its point; reversing the order mirrors it."""
    forth, back = change(a, b), change(b, a)
    assert forth.points is not None
    assert forth.lower <= forth.points <= forth.upper
    assert (forth.lower, forth.upper) == (-back.upper, -back.lower)
    assert forth.distinguishable == back.distinguishable


@given(figures(), figures())
def test_distinguishable_means_every_possible_value_agrees(a: Figure, b: Figure) -> None:
    """A distinguishable change has every value in both ranges on one side."""
    c = change(a, b)
    if c.distinguishable:
        assert b.lower > a.upper or b.upper < a.lower
        assert c.direction == ("up" if b.lower > a.upper else "down")
    if a.lower <= b.upper and b.lower <= a.upper:  # overlapping ranges
        assert not c.distinguishable


@given(figures())
def test_no_change_from_a_figure_to_itself_is_distinguishable(a: Figure) -> None:
    """A figure compared with itself never shows a change."""
    assert not change(a, a).distinguishable


def test_unknown_points_give_a_change_without_a_point() -> None:
    """A figure not known gives a change with a range but no point."""
    c = change(Figure(None, D(0), D(100), D(100)), Figure(D(50), D(50), D(50), D(100)))
    assert (c.points, c.lower, c.upper) == (None, D(-50), D(50))
    assert isinstance(c, Change)


# -- the command ---------------------------------------------------------------------------


def test_cli_table_names_changes_and_estimates(capsys: pytest.CaptureFixture[str]) -> None:
    """The table shows each evaluation, its change, the verdict and what was estimated."""
    code = main(["trend", *map(str, OREBRO), "--to", K2016, "--lang", "en"])
    out = capsys.readouterr().out
    assert code == 0
    assert "Trend on Municipality Compass 2016" in out
    assert "2012  kommunkompassen-2010   615*  553–679  +98 [-37, +239]" in out
    assert "within the uncertainty" in out
    assert "dropped 2.4 (13.65)" in out
    assert "measured on its own scale (kommunkompassen-2010): +35, up" in out


def test_cli_json_and_csv_agree(capsys: pytest.CaptureFixture[str]) -> None:
    """JSON and CSV carry the same totals, ranges and verdicts."""
    assert main(["trend", *map(str, KRAMFORS), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    (series,) = data["series"]
    assert [e["total"]["points"] for e in series["evaluations"]] == [363, 447]
    assert series["evaluations"][1]["change"]["distinguishable"] is True
    assert data["stamp"]["rubric"] == K2010
    assert main(["trend", *map(str, KRAMFORS), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    totals = [r for r in rows if r["figure"] == "total"]
    assert [(r["date"], r["points"], r["distinguishable"]) for r in totals] == [
        ("2011", "363", ""),
        ("2013", "447", "true"),
    ]
    assert len(rows) == 2 * 9


def test_cli_many_subjects_lists_the_latest_of_each(capsys: pytest.CaptureFixture[str]) -> None:
    """A folder of several subjects ends with each subject's latest comparable total."""
    assert main(["trend", str(EXAMPLES)]) == 0
    out = capsys.readouterr().out
    latest = out.split("Senaste jämförbara total")[1]
    assert [line.split("  ")[0] for line in latest.strip().splitlines()[1:5]] == [
        "Grästorps kommun",
        "Kramfors kommun",
        "Upplands Väsby kommun",
        "Örebro kommun",
    ]


def test_cli_bad_files_give_exit_1_and_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bad file is one line on stderr, the trend of the rest still printed, exit code 1."""
    bad = tmp_path / "bad.toml"
    bad.write_text("total = [\n")
    assert main(["trend", str(bad), *map(str, KRAMFORS)]) == 1
    captured = capsys.readouterr()
    assert "Kramfors kommun" in captured.out
    assert captured.err.count("\n") == 1
    assert captured.err.startswith(f"{bad}:")


def test_cli_writes_output_safely(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """-o writes the file, refuses to replace it without --force, and never writes over an input."""
    out = tmp_path / "trend.csv"
    assert main(["trend", *map(str, KRAMFORS), "--format", "csv", "-o", str(out)]) == 0
    assert out.read_text().startswith("subject,")
    assert main(["trend", *map(str, KRAMFORS), "-o", str(out)]) == 1
    assert "exists already" in capsys.readouterr().err
    copy = tmp_path / "k.toml"
    shutil.copy(KRAMFORS[0], copy)
    assert main(["trend", str(copy), "-o", str(copy), "--force"]) == 1
    assert "input" in capsys.readouterr().err
    assert copy.read_text() == KRAMFORS[0].read_text()


def test_cli_unknown_scale_and_reference(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown rubric or profile is one clear line and exit code 1."""
    assert main(["trend", str(KRAMFORS[0]), "--to", "nope"]) == 1
    assert "unknown rubric" in capsys.readouterr().err
    assert main(["trend", str(KRAMFORS[0]), "--reference", "nope"]) == 1
    assert "nope" in capsys.readouterr().err


def test_cli_folder_without_evaluations_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder holding no evaluation files is named in one line, exit code 1."""
    (tmp_path / "notes.txt").write_text("")
    assert main(["trend", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert (
        err
        == f"kompass: error: {tmp_path}: expected evaluation files (.toml or .json), found none\n"
    )


@pytest.mark.parametrize("scale", ["kommunkompassen-pre2010", "kommunkompassen-2020"])
def test_html_trend_on_other_scales(scale: str) -> None:
    """A total-only scale draws the total's chart alone; an area-only scale adds the area panels."""
    t = trend_files([EXAMPLES / "orebro-2010.toml", EXAMPLES / "orebro-2015.toml"], scale)
    html = kompass.render_trend(t, "html")
    assert html.count('class="kompass-chart kompass-line-chart"') == 1
    assert html.count("kompass-small-multiples") == (0 if scale.endswith("pre2010") else 1)


def test_public_trend_stays_a_function_after_a_report() -> None:
    """kompass.trend is the function, in a fresh process, after build_report ran."""
    script = (
        "import kompass_core as kompass\n"
        f"kompass.build_report({str(EXAMPLES / 'orebro-2015.toml')!r})\n"
        "print(callable(kompass.trend))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "True\n"
