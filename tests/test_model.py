"""The model and API edge cases: dates known to different depths, results by area."""

from __future__ import annotations

from decimal import Decimal
from types import MappingProxyType

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kompass_core as kompass
from kompass_core.model import EvaluationDate, Text

from .conftest import EXAMPLES


def test_dates_of_different_depth_sort() -> None:
    """A year sorts before its months, a month before its days."""
    dates = [
        EvaluationDate(2015, 10, 1),
        EvaluationDate(2015),
        EvaluationDate(2015, 10),
        EvaluationDate(2014, 12, 31),
    ]
    assert [str(d) for d in sorted(dates)] == ["2014-12-31", "2015", "2015-10", "2015-10-01"]


@pytest.mark.parametrize(
    "text", ["2015-02-30", "2015-13", "0000", "0000-01", "2015-10-01-1", "2015-1x", "", "-2015"]
)
def test_impossible_dates_are_rejected(text: str) -> None:
    """Dates that do not exist, or are not dates, raise ValueError."""
    with pytest.raises(ValueError, match=r"."):
        EvaluationDate.parse(text)


def test_day_without_month_is_rejected() -> None:
    """A day needs a month."""
    with pytest.raises(ValueError, match="month"):
        EvaluationDate(2015, day=3)


def test_unknown_area_of_a_result_is_a_key_error() -> None:
    """ScoreResult.area raises KeyError for an area the rubric lacks."""
    result = kompass.score_file(EXAMPLES / "orebro-2012.toml")
    assert result.area("8").points == 87
    with pytest.raises(KeyError):
        result.area("9")


def test_evaluation_from_data_takes_any_mapping() -> None:
    """Nested mappings that are not dicts are read like dicts; floats as their decimal."""
    evaluation = kompass.evaluation_from_data(
        {
            "rubric": "kommunkompassen-2010",
            "subject": MappingProxyType({"name": "Testby", "kind": "municipality"}),
            "evaluation": {"date": "2015"},
            "scores": {"1.1": {"points": 10.1}},
        }
    )
    assert evaluation.question_score("1.1").value == Decimal("10.1")  # type: ignore[union-attr]


def test_evaluation_from_data_rejects_a_non_mapping() -> None:
    """A list instead of a table is an InvalidInputError, not a TypeError."""
    with pytest.raises(kompass.InvalidInputError, match="expected a table"):
        kompass.evaluation_from_data([1, 2])  # type: ignore[arg-type]


def test_stated_area_of_a_partial_area_is_checked() -> None:
    """A stated area score beyond what the scored questions allow is a warning."""
    data = {
        "rubric": "kommunkompassen-2010",
        "subject": {"name": "Testby", "kind": "municipality"},
        "evaluation": {"date": "2015"},
        "scores": {"1.1": {"percent": 10}},
        "stated": {"areas": {"1": 99}},
    }
    (warning,) = kompass.score(kompass.evaluation_from_data(data)).warnings
    assert warning.path == 'stated.areas."1"'
    assert "expected 1.5 to 86.5" in warning.message


def test_stated_total_of_a_partial_evaluation_allows_rounding() -> None:
    """Seven printed 90s may add up to more than 630: a stated 731 is consistent."""
    data = {
        "rubric": "kommunkompassen-2010",
        "subject": {"name": "Testby", "kind": "municipality"},
        "evaluation": {"date": "2015"},
        "area_scores": {str(i): 90 for i in range(1, 8)},
        "stated": {"total": 731},
    }
    assert kompass.score(kompass.evaluation_from_data(data)).warnings == ()
    data["stated"] = {"total": 740}
    assert len(kompass.score(kompass.evaluation_from_data(data)).warnings) == 1


@pytest.mark.parametrize(
    ("stated", "warns"),
    [
        ("1.5", False),
        ("2", False),
        ("1", False),
        ("1.42", False),
        ("1.41", True),
        ("2.1", True),
        ("3", True),
    ],
)
def test_stated_question_points_are_checked_within_rounding(stated: str, warns: bool) -> None:
    """10% of question 1.1 (max 15) is 1.5 points: a printed 2, 1 or 1.42 may be it; 1.41 not."""
    data = {
        "rubric": "kommunkompassen-2010",
        "subject": {"name": "Testby", "kind": "municipality"},
        "evaluation": {"date": "2015"},
        "scores": {"1.1": {"percent": 10}},
        "stated": {"questions": {"1.1": Decimal(stated)}},
    }
    warnings = kompass.score(kompass.evaluation_from_data(data)).warnings
    assert [w.path for w in warnings] == (['stated.questions."1.1"'] if warns else [])
    if warns:
        assert "expected 1.5 (± " in warnings[0].message
        assert warnings[0].message.endswith(f"found {stated}")


_languages = st.sampled_from(["sv", "en", "fi", ""])


@given(st.lists(st.tuples(_languages, st.text(max_size=3))), _languages, _languages)
def test_a_text_in_a_language_is_the_last_pair_of_that_language(
    pairs: list[tuple[str, str]], lang: str, fallback: str
) -> None:
    """Text.get gives the last text in ``lang`` (if given), else in ``fallback``, else the first."""
    text = Text(tuple(pairs))
    by_language = dict(pairs)
    if lang and lang in by_language:
        expected = by_language[lang]
    elif fallback in by_language:
        expected = by_language[fallback]
    else:
        expected = pairs[0][1] if pairs else ""
    assert text.get(lang, fallback) == expected
    assert text.get(lang, fallback) == expected  # again, from what the first call kept
