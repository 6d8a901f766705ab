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
