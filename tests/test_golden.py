"""Golden tests: every published figure in the domain reference, through the
Python API and the CLI."""

from __future__ import annotations

import csv
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

import kompass_core as kompass
from kompass_core.cli import main

from .conftest import EXAMPLES

# (file, published area scores, published total, computed total)
BY_AREA = [
    ("orebro-2012.toml", [68, 85, 86, 74, 70, 74, 71, 87], 615, 615),
    ("upplands-vasby-2011.toml", [68, 63, 84, 60, 69, 41, 51, 63], 499, 499),
    ("grastorp-2014.toml", [61, 60, 73, 53, 70, 56, 65, 68], 506, 506),
    ("kramfors-2011.toml", [51, 45, 62, 34, 52, 27, 39, 53], 359, 363),
    ("kramfors-2013.toml", [58, 56, 73, 53, 58, 45, 44, 60], 448, 447),
]
OREBRO_2015_AREAS = [74, 90, 89, 80, 72, 81, 74, 90]


def test_orebro_2015_areas_and_total() -> None:
    """Örebro 2015, scored from its printed percentages, gives the published figures."""
    result = kompass.score_file(EXAMPLES / "orebro-2015.toml")
    assert [a.rounded for a in result.areas] == OREBRO_2015_AREAS
    assert result.total.rounded == 650
    assert result.total.max == 800
    assert result.warnings == ()


def test_orebro_2015_unrounded_sums() -> None:
    """Area points are sums of unrounded question points, not of printed ones."""
    result = kompass.score_file(EXAMPLES / "orebro-2015.toml")
    assert result.area("1").points == Decimal("74.05")
    assert [q.points for q in result.area("1").questions] == [
        Decimal("10.5"),
        Decimal("16.2"),
        Decimal("19.25"),
        Decimal("19.5"),
        Decimal("8.6"),
    ]
    # The printed question points add up to 75, not to the published 74.
    assert sum(q.rounded for q in result.area("1").questions if q.rounded) == 75
    assert result.total.points == Decimal("650.45")


def test_orebro_2015_printed_question_points() -> None:
    """Every printed question point of Örebro 2015 is the rounding of its percentage."""
    result = kompass.score_file(EXAMPLES / "orebro-2015.toml")
    printed = dict(result.evaluation.stated.questions)
    assert len(printed) == 45
    differing = {
        q.question.id
        for a in result.areas
        for q in a.questions
        if q.rounded != printed[q.question.id]
    }
    # 5.4: 83 % of 15 = 12.45, printed 13 (the printed percentage is rounded).
    assert differing == {"5.4"}


@pytest.mark.parametrize(("name", "areas", "stated", "computed"), BY_AREA)
def test_area_level_results(name: str, areas: list[int], stated: int, computed: int) -> None:
    """Results published per area score to their published areas and total."""
    result = kompass.score_file(EXAMPLES / name)
    assert [a.points for a in result.areas] == areas
    assert all(a.basis == "area" for a in result.areas)
    assert result.total.points == computed
    assert result.evaluation.stated.total == stated


def test_kramfors_2011_total_disagreement_is_a_warning() -> None:
    """Kramfors 2011: stated 359 against 363 from the areas is a warning, not an error."""
    result = kompass.score_file(EXAMPLES / "kramfors-2011.toml")
    assert [w.path for w in result.warnings] == ["stated.total"]
    warning = result.warnings[0]
    assert warning.severity == "warning"
    assert "expected 363" in warning.message
    assert "found 359" in warning.message


def test_kramfors_2013_off_by_one_is_rounding() -> None:
    """Kramfors 2013: stated 448 against 447 is within rounding, so no warning."""
    assert kompass.score_file(EXAMPLES / "kramfors-2013.toml").warnings == ()


def test_orebro_2010_partial() -> None:
    """Örebro 2010: the total and four areas are known, the rest is not invented."""
    result = kompass.score_file(EXAMPLES / "orebro-2010.toml")
    assert result.total.points == 515
    assert result.total.basis == "total"
    known = {a.area.id: a.points for a in result.areas if a.points is not None}
    assert known == {"3": 66, "4": 59, "5": 51, "7": 55}
    unknown = [a for a in result.areas if a.points is None]
    assert [a.area.id for a in unknown] == ["1", "2", "6", "8"]
    assert all((a.lower, a.upper, a.basis) == (0, 100, "none") for a in unknown)
    assert result.warnings == ()


def test_cli_table_prints_published_figures(capsys: pytest.CaptureFixture[str]) -> None:
    """`kompass score` prints Örebro 2015's published area scores and total."""
    assert main(["score", str(EXAMPLES / "orebro-2015.toml")]) == 0
    lines = capsys.readouterr().out.splitlines()
    # columns: id, name, points, exact, max, %, basis (two or more spaces apart)
    rows = [re.split(r"\s{2,}", line.strip()) for line in lines if line[:1].isdigit()]
    assert [row[0] for row in rows] == list("12345678")
    assert [int(row[2]) for row in rows] == OREBRO_2015_AREAS
    assert [row[3] for row in rows][:2] == ["74.05", "90.45"]
    total = re.split(r"\s{2,}", next(line for line in lines if "Totalt" in line).strip())
    assert total[:4] == ["Totalt", "650", "650.45", "800"]


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.toml")))
def test_cli_json_matches_api(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    """The JSON output carries the same figures as the API, with null for unknowns."""
    path = EXAMPLES / name
    assert main(["score", "--format", "json", str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    result = kompass.score_file(path)
    assert data["rubric"] == "kommunkompassen-2010"
    assert data["stamp"] == {
        "rubric": "kommunkompassen-2010",
        "rubric_version": "1",
        "rule": "share-of-max",
        "rule_version": "1",
        "fingerprint": result.rubric.fingerprint,
    }
    assert data["subject"]["name"] == result.evaluation.subject.name
    assert data["total"]["max"] == 800
    assert data["total"]["rounded"] == result.total.rounded
    for area, expected in zip(data["areas"], result.areas, strict=True):
        assert area["id"] == expected.area.id
        assert area["max"] == 100
        if expected.points is None:
            assert area["points"] is None
            assert area["rounded"] is None
            assert area["percent"] is None
        else:
            assert Decimal(str(area["points"])) == expected.points
            assert area["rounded"] == expected.rounded


def test_cli_csv(capsys: pytest.CaptureFixture[str]) -> None:
    """The CSV output has one row per area and a total row."""
    assert main(["score", "--format", "csv", str(EXAMPLES / "orebro-2015.toml")]) == 0
    rows = list(csv.DictReader(capsys.readouterr().out.splitlines()))
    assert [r["rounded"] for r in rows if r["level"] == "area"] == [
        str(v) for v in OREBRO_2015_AREAS
    ]
    total = next(r for r in rows if r["level"] == "total")
    assert (total["points"], total["rounded"], total["max"]) == ("650.45", "650", "800")
    fingerprint = kompass.get_rubric("kommunkompassen-2010").fingerprint
    assert {(r["rubric"], r["rubric_version"], r["fingerprint"]) for r in rows} == {
        ("kommunkompassen-2010", "1", fingerprint)
    }


def test_every_example_validates(capsys: pytest.CaptureFixture[str]) -> None:
    """`kompass validate` accepts every bundled example."""
    files = sorted(str(p) for p in EXAMPLES.glob("*.toml"))
    assert len(files) == 7
    assert main(["validate", *files]) == 0
    out = capsys.readouterr().out
    assert out.count(": valid") == len(files)


def test_examples_are_readable_from_elsewhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Scoring does not depend on the working directory."""
    monkeypatch.chdir(tmp_path)
    assert kompass.score_file(EXAMPLES / "orebro-2015.toml").total.rounded == 650
