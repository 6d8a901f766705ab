"""Golden tests: the shipped Kommunkompassen 2010 rubric is the published one."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

import kompass_core as kompass
from kompass_core.cli import main

RUBRIC = kompass.get_rubric("kommunkompassen-2010")
DOMAIN = Path(__file__).resolve().parents[2] / "shared" / "domain" / "kommunkompassen.md"

# The maxima of every question, area by area, from the domain reference.
MAXIMA = {
    "1": [15, 20, 25, 30, 10],
    "2": [15, 25, 15, 15, 15, 15],
    "3": [15, 25, 25, 20, 15],
    "4": [15, 10, 20, 15, 20, 20],
    "5": [15, 20, 20, 15, 20, 10],
    "6": [15, 20, 25, 15, 15, 10],
    "7": [15, 25, 20, 20, 20],
    "8": [15, 20, 20, 15, 10, 20],
}
NORWEGIAN = [
    "Offentlighet og demokrati",
    "Tilgjengelighet, innbygger- og brukerorientering",
    "Politisk styring og kontroll",
    "Lederskap, ansvar og delegasjon",
    "Resultatfokus og effektivitet",
    "Kommunen som arbeidsgiver",
    "Utviklingsstrategi og lærende organisasjon",
    "Kommunen som samfunnsutvikler",
]


def test_metadata() -> None:
    """Id, year, kind and total maximum."""
    assert (RUBRIC.id, RUBRIC.year, RUBRIC.kind, RUBRIC.max) == (
        "kommunkompassen-2010",
        2010,
        "municipality",
        800,
    )
    assert not RUBRIC.provisional
    assert RUBRIC.scoring_rule == "share-of-max"


def test_questions_and_maxima() -> None:
    """Every area has exactly the published questions, ids and maxima."""
    assert [a.id for a in RUBRIC.areas] == list(MAXIMA)
    for area in RUBRIC.areas:
        assert [q.id for q in area.questions] == [
            f"{area.id}.{n}" for n in range(1, len(MAXIMA[area.id]) + 1)
        ]
        assert [q.max for q in area.questions] == MAXIMA[area.id]
        assert area.max == 100 == sum(q.max for q in area.questions)


def test_norwegian_area_names() -> None:
    """Norwegian users see KS's own area names."""
    assert [a.name.get("nb") for a in RUBRIC.areas] == NORWEGIAN


def test_every_text_has_swedish_and_english() -> None:
    """Swedish is required everywhere; the English translation is complete."""
    texts = [RUBRIC.name] + [a.name for a in RUBRIC.areas]
    texts += [h for a in RUBRIC.areas for h in a.headings]
    texts += [q.text for _, q in RUBRIC.questions()]
    for text in texts:
        assert {"sv", "en"} <= set(text.languages), text


def _domain_questions() -> dict[str, tuple[str, int]]:
    text = DOMAIN.read_text("utf-8")
    section = text.split("## 3.", 1)[1].split("## 4.", 1)[0]
    found = {}
    for match in re.finditer(r"^- (\d\.\d) (.+?) — (\d+)$", section, re.MULTILINE):
        found[match.group(1)] = (match.group(2), int(match.group(3)))
    return found


@pytest.mark.skipif(
    not DOMAIN.exists(), reason="the domain reference (../shared) is not beside the repository"
)
def test_question_texts_match_the_domain_reference() -> None:
    """Every Swedish question text is the reference's, character for character."""
    expected = _domain_questions()
    assert len(expected) == 45
    shipped = {q.id: (q.text.get("sv"), int(q.max)) for _, q in RUBRIC.questions()}
    assert shipped == expected


def test_rubrics_list(capsys: pytest.CaptureFixture[str]) -> None:
    """`kompass rubrics list` shows the 2010 rubric and no plugin problems."""
    assert main(["rubrics", "list"]) == 0
    captured = capsys.readouterr()
    assert "kommunkompassen-2010" in captured.out
    assert captured.err == ""


def test_rubrics_show_table(capsys: pytest.CaptureFixture[str]) -> None:
    """`kompass rubrics show` lists every question with its maximum."""
    assert main(["rubrics", "show", "kommunkompassen-2010"]) == 0
    out = capsys.readouterr().out
    for _, question in RUBRIC.questions():
        line = next(row for row in out.splitlines() if row.split()[:1] == [question.id])
        assert line.split()[1] == str(question.max)
    assert "Offentlighet och demokrati" in out


def test_rubrics_show_language(capsys: pytest.CaptureFixture[str]) -> None:
    """`--lang nb` shows Norwegian area names and falls back to Swedish question texts."""
    assert main(["rubrics", "show", "kommunkompassen-2010", "--lang", "nb"]) == 0
    out = capsys.readouterr().out
    assert "Kommunen som samfunnsutvikler" in out
    assert "Finns en plan/strategi för demokratiutveckling och information?" in out


def test_rubrics_show_json(capsys: pytest.CaptureFixture[str]) -> None:
    """The JSON form has every language of every text."""
    import json

    assert main(["rubrics", "show", "kommunkompassen-2010", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["areas"][0]["name"]["nb"] == NORWEGIAN[0]
    assert sum(len(a["questions"]) for a in data["areas"]) == 45
    assert Decimal(data["max"]) == 800


def test_unknown_rubric(capsys: pytest.CaptureFixture[str]) -> None:
    """Asking for a rubric that is not installed is one clear line and exit 1."""
    assert main(["rubrics", "show", "kommunkompassen-1999"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "expected an installed rubric (kommunkompassen-2010" in err[0]
    assert "found 'kommunkompassen-1999'" in err[0]
