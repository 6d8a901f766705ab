"""Golden tests: the installed kommunkompassen-2026 is the published rubric.

The expected values are transcribed from the publisher's question list (for
this invented example, from docs/adding-a-rubric.md), never read from the
rubric file they check."""

from __future__ import annotations

from decimal import Decimal

import kompass_core as kompass

RUBRIC = kompass.get_rubric("kommunkompassen-2026")

MAXIMA = {
    "1": [15, 20, 25, 30, 10],
    "2": [15, 25, 20, 20, 20],
    "3": [15, 25, 25, 20, 15],
    "4": [15, 10, 20, 15, 20, 20],
    "5": [10, 20, 20, 15, 25, 10],
    "6": [15, 20, 25, 15, 15, 10],
    "7": [15, 25, 20, 20, 20],
    "8": [15, 15, 15, 15, 15, 15, 10],
}

# The texts that are new or changed in this revision, character for character.
TEXTS = {
    "1.2": "Informeras invånarna om aktuella politiska frågor och beslut?",
    "8.5": "Arbetar kommunen med miljöfrågor?",
    "8.6": "Hur främjas social hållbarhet?",
    "8.7": "Hur förbereder kommunen samhället för ett förändrat klimat?",
}


def test_metadata_and_maxima() -> None:
    """Id, year, kind, and every area's questions with their published maxima."""
    assert (RUBRIC.id, RUBRIC.year, RUBRIC.kind, RUBRIC.max) == (
        "kommunkompassen-2026",
        2026,
        "municipality",
        800,
    )
    assert {a.id: [int(q.max) for q in a.questions] for a in RUBRIC.areas} == MAXIMA


def test_changed_question_texts() -> None:
    """The reworded, renumbered and new questions read as published."""
    found = {q.id: q.text.get("sv") for _, q in RUBRIC.questions()}
    assert {qid: found[qid] for qid in TEXTS} == TEXTS


def test_scored_by_the_published_rule() -> None:
    """Area 5 under the new maxima: points are max × percent, summed unrounded."""
    percents = {"5.1": 55, "5.2": 70, "5.3": 65, "5.4": 80, "5.5": 71, "5.6": 90}
    evaluation = kompass.evaluation_from_data(
        {
            "rubric": "kommunkompassen-2026",
            "subject": {"name": "Testby", "kind": "municipality"},
            "evaluation": {"date": "2026"},
            "scores": {q: {"percent": p} for q, p in percents.items()},
        }
    )
    # 5.5 + 14 + 13 + 12 + 17.75 + 9
    assert kompass.score(evaluation).area("5").points == Decimal("71.25")


def test_migration_from_2016_is_installed() -> None:
    """rubrics diff uses the shipped migration, which is no draft."""
    d = kompass.diff_rubrics("kommunkompassen-2016", "kommunkompassen-2026")
    assert d.migration is not None
    assert not d.migration.draft
