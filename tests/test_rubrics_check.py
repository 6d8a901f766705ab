"""`kompass rubrics check`: a rubric definition is checked before it is registered."""

from __future__ import annotations

from pathlib import Path

import pytest

from kompass_core.cli import main

from .conftest import REPO

SHIPPED = sorted((REPO / "rubrics").glob("*.toml"))
BASE = (REPO / "rubrics" / "kommunkompassen-2010.toml").read_text("utf-8")


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_rubrics_pass(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Every shipped rubric definition passes the check."""
    assert main(["rubrics", "check", str(path)]) == 0
    assert capsys.readouterr().out == f"{path}: valid\n"


@pytest.mark.parametrize(
    ("old", "new", "place", "words"),
    [
        ('id = "1.1"', 'id = "2.9"', 'areas[id="1"].questions[id="2.9"].id', "outside its area"),
        (
            'id = "1.2"',
            'id = "1.1"',
            'areas[id="1"].questions[id="1.1"].id',
            "duplicate question id",
        ),
        ("max = 800", "max = 700", "max", "maxima do not add up"),
        ('rule = "share-of-max"', 'rule = "best-of-three"', "scoring.rule", "unknown scoring rule"),
        ('{ sv = "Offentlighet och demokrati", ', "{ ", 'areas[id="1"].name', "missing language"),
        ('kind = "municipality"', 'kind = "county"', "kind", "expected one of"),
    ],
)
def test_broken_rubric_is_located(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, place: str, words: str
) -> None:
    """Breaking one invariant fails the check with a message naming the place."""
    assert BASE.count(old) >= 1
    path = tmp_path / "broken.toml"
    path.write_text(BASE.replace(old, new, 1), "utf-8")
    assert main(["rubrics", "check", str(path)]) == 1
    lines = capsys.readouterr().out.strip().splitlines()
    assert any(line.startswith(f"{path}: {place}: ") and words in line for line in lines), lines
    assert all("expected" in line and "found" in line for line in lines)


def test_warnings_for_a_reused_id_and_a_provisional_without_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A copy of an installed rubric keeping its id, and provisional without a
    note, are warnings: the file is valid, but the line says what to mend."""
    text = (REPO / "rubrics" / "kommunkompassen-2016.toml").read_text("utf-8")
    path = tmp_path / "copy.toml"
    path.write_text(text.replace("provisional = false", "provisional = true"), "utf-8")
    assert main(["rubrics", "check", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (
        f"{path}: provisional: warning: provisional without a note: expected provisional_note "
        "saying what is provisional (it is shown wherever the rubric is), found none"
    )
    assert lines[1].startswith(
        f"{path}: id: warning: id already installed: expected a new id for a new rubric, "
        "found 'kommunkompassen-2016', which kommunkompassen-2016: "
    )
    assert lines[2] == f"{path}: valid (2 warning(s))"


def test_data_not_read_from_a_file_has_its_numbers_checked() -> None:
    """A rubric given as data with a 32-digit max is one problem at its key
    path, not a failing scoring rule (files are refused when read)."""
    import tomllib
    from decimal import Decimal

    from kompass_core._reading import Document
    from kompass_core._rubrics import check_rubric_data

    with open(REPO / "rubrics" / "kommunkompassen-2010.toml", "rb") as handle:
        data = tomllib.load(handle, parse_float=Decimal)
    data["areas"][0]["questions"][0]["max"] = 10**32
    (problem,) = check_rubric_data(Document("r.toml", "toml", data))
    assert problem.message.startswith("unreasonable number: expected less than 10^15")
    assert problem.path == 'areas[id="1"].questions[id="1.1"].max'
