"""The scales known only in part: pre-2010 (total only) and 2020 (areas only)."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import kompass_core as kompass
from kompass_core.cli import main

DOMAIN = Path(__file__).resolve().parents[2] / "shared" / "domain" / "kommunkompassen.md"
PRE2010 = kompass.get_rubric("kommunkompassen-pre2010")
R2020 = kompass.get_rubric("kommunkompassen-2020")

NAMES_2020 = [
    "Samspel mellan förtroendevalda och medborgare",
    "Samhällsutveckling",
    "Styrning och kontroll",
    "Effektivitet",
    "Brukarens fokus",
    "Kvalitetsutveckling",
    "Arbetsliv",
    "Chefs- och ledarskap samt medarbetarskap",
]


def evaluation(rubric: str, **figures: Any) -> dict[str, Any]:
    return {
        "rubric": rubric,
        "subject": {"name": "Exempel kommun", "kind": "municipality"},
        "evaluation": {"date": "2008"},
        **figures,
    }


def messages(data: dict[str, Any]) -> list[str]:
    with pytest.raises(kompass.InvalidInputError) as caught:
        kompass.evaluation_from_data(data, "e.toml")
    return [str(p) for p in caught.value.problems]


# -- pre-2010: a total and nothing else ------------------------------------------


def test_pre2010_has_no_areas_and_no_invented_maximum() -> None:
    assert (PRE2010.year, PRE2010.kind, PRE2010.areas_published) == (2002, "municipality", False)
    assert PRE2010.areas == ()
    assert PRE2010.max is None
    assert not list(PRE2010.questions())


def test_pre2010_evaluation_scores_its_total() -> None:
    result = kompass.score(kompass.evaluation_from_data(evaluation(PRE2010.id, total=598)))
    assert result.areas == ()
    assert (result.total.points, result.total.basis) == (598, "total")
    assert result.total.percent is None  # no maximum is known, so no share of it


def test_pre2010_evaluation_needs_its_total() -> None:
    assert messages(evaluation(PRE2010.id)) == [
        "e.toml: missing total: expected a total, since kommunkompassen-pre2010 is known only "
        "at total level; found none"
    ]


def test_pre2010_refuses_areas_and_questions() -> None:
    found = messages(
        evaluation(PRE2010.id, total=600, area_scores={"1": 60}, scores={"1.1": {"points": 5}})
    )
    assert found == [
        'e.toml: scores."1.1": unknown question: expected no question: kommunkompassen-pre2010 '
        "is known only at total level; give a total, found '1.1'",
        'e.toml: area_scores."1": unknown area: expected no area: kommunkompassen-pre2010 is '
        "known only at total level; give a total, found '1'",
    ]


def test_pre2010_in_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "kramfors-2007.json"
    path.write_text(json.dumps(evaluation(PRE2010.id, total=512)), "utf-8")
    assert main(["score", str(path), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"Total\s+512\s+512\s+–\s+–\s+given total", out), out
    assert main(["rubrics", "show", PRE2010.id, "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Max: –" in out
    assert "(areas not published: the scale is known only at total level)" in out
    assert main(["rubrics", "show", PRE2010.id, "--format", "json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["max"], shown["areas_published"], shown["areas"]) == (None, False, [])


def test_a_total_only_rubric_may_not_list_areas(tmp_path: Path) -> None:
    data = {
        "id": "x-scale",
        "version": "1",
        "name": {"sv": "X"},
        "year": 2000,
        "kind": "municipality",
        "areas_published": False,
        "areas": [{"id": "1", "name": {"sv": "A"}, "max": 100, "questions_published": False}],
    }
    path = tmp_path / "x.json"
    path.write_text(json.dumps(data), "utf-8")
    assert [str(p) for p in kompass.check_rubric(path)] == [
        f"{path}: areas: areas given for a rubric marked areas_published = false: "
        "expected no areas, found 1"
    ]
    del data["areas_published"]
    path.write_text(json.dumps(data), "utf-8")
    assert [str(p) for p in kompass.check_rubric(path)] == [
        f"{path}: missing key: expected max in the top level, found none"
    ]


# -- 2020: eight areas, no questions ------------------------------------------------


def test_2020_areas_are_the_published_ones() -> None:
    assert (R2020.year, R2020.max, R2020.areas_published) == (2020, 800, True)
    assert [a.name.get("sv") for a in R2020.areas] == NAMES_2020
    assert [a.id for a in R2020.areas] == [str(n) for n in range(1, 9)]
    assert all(a.max == 100 and not a.questions_published for a in R2020.areas)
    assert not list(R2020.questions())  # no question is invented


@pytest.mark.skipif(
    not DOMAIN.exists(), reason="the domain reference (../shared) is not beside the repository"
)
def test_2020_area_names_match_the_domain_reference() -> None:
    section = DOMAIN.read_text("utf-8").split("**2020 revision**", 1)[1].split("Its question", 1)[0]
    section = " ".join(section.split())
    listed = section.split("each:", 1)[1].strip().rstrip(".").split(";")
    names = [re.sub(r"^\d ", "", name.strip()) for name in listed]
    assert names == NAMES_2020


def test_2020_scores_by_area_and_by_total() -> None:
    areas = {str(n): 50 + n for n in range(1, 9)}
    result = kompass.score(kompass.evaluation_from_data(evaluation(R2020.id, area_scores=areas)))
    assert (result.total.points, result.total.basis) == (Decimal(436), "areas")
    partial = evaluation(R2020.id, area_scores={"1": 70, "2": 65}, total=540)
    result = kompass.score(kompass.evaluation_from_data(partial))
    assert (result.total.points, result.total.basis) == (540, "total")
    assert result.area("3").basis == "none"
    assert (result.area("3").lower, result.area("3").upper) == (0, 100)


def test_2020_refuses_question_scores() -> None:
    found = messages(evaluation(R2020.id, scores={"1.1": {"percent": 50}}))
    assert found == [
        'e.toml: scores."1.1": unknown question: expected no question scores for area 1 of '
        "kommunkompassen-2020: its questions were never published; give an area score under "
        "[area_scores], found '1.1'"
    ]
