"""Golden tests: the shipped Kommunkompassen 2016 rubric is the published one."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

import kompass_core as kompass

RUBRIC = kompass.get_rubric("kommunkompassen-2016")
DOMAIN = Path(__file__).resolve().parents[2] / "shared" / "domain" / "kommunkompassen.md"

MAXIMA = {
    "1": [15, 20, 25, 30, 10],
    "2": [15, 25, 20, 20, 20],
    "3": [15, 25, 25, 20, 15],
    "4": [15, 10, 20, 15, 20, 20],
    "5": [15, 20, 20, 15, 20, 10],
    "6": [15, 20, 25, 15, 15, 10],
    "7": [15, 25, 20, 20, 20],
    "8": [15, 15, 15, 15, 10, 15, 15],
}


def test_metadata_and_maxima() -> None:
    """Id, year, and every area's questions with their published maxima."""
    assert (RUBRIC.id, RUBRIC.year, RUBRIC.kind, RUBRIC.max) == (
        "kommunkompassen-2016",
        2016,
        "municipality",
        800,
    )
    assert {a.id: [int(q.max) for q in a.questions] for a in RUBRIC.areas} == MAXIMA
    assert all(a.max == 100 for a in RUBRIC.areas)


def test_area_2_keeps_both_names() -> None:
    """Area 2 is printed under its new and its old name; both are kept."""
    area = RUBRIC.area("2")
    assert area is not None
    assert area.name.get("sv") == "Brukarfokus, tillgänglighet och bemötande"
    assert [n.get("sv") for n in area.other_names] == ["Tillgänglighet och brukarorientering"]


@pytest.mark.skipif(
    not DOMAIN.exists(), reason="the domain reference (../shared) is not beside the repository"
)
def test_question_texts_match_the_domain_reference() -> None:
    """Every Swedish question text is the reference's, character for character."""
    section = DOMAIN.read_text("utf-8").split("## 4.", 1)[1].split("## 5.", 1)[0]
    section = re.sub(r"\n(?!- |\*\*|\n)", " ", section)  # join wrapped lines
    expected = {
        m.group(1): (m.group(2), int(m.group(3)))
        for m in re.finditer(r"^- (\d\.\d) (.+?) — (\d+)$", section, re.MULTILINE)
    }
    assert len(expected) == 45
    assert {q.id: (q.text.get("sv"), int(q.max)) for _, q in RUBRIC.questions()} == expected


def test_percentages_score_by_the_published_rule() -> None:
    """A 2016 evaluation by percentages: points are max × percent, summed unrounded."""
    percents = {"8.1": 80, "8.2": 71, "8.3": 65, "8.4": 90, "8.5": 55, "8.6": 73, "8.7": 61}
    result = kompass.score(
        kompass.evaluation_from_data(
            {
                "rubric": "kommunkompassen-2016",
                "subject": {"name": "Testby", "kind": "municipality"},
                "evaluation": {"date": "2018"},
                "scores": {q: {"percent": p} for q, p in percents.items()},
            }
        )
    )
    # 12 + 10.65 + 9.75 + 13.5 + 5.5 + 10.95 + 9.15
    assert result.area("8").points == Decimal("71.50")
    assert result.area("8").rounded == 72  # half up, not to even
    assert result.total.points is None
    assert (result.total.lower, result.total.upper) == (Decimal("71.5"), Decimal("771.5"))
