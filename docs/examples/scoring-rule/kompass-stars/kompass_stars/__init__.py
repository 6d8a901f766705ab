"""A scoring rule that judges each question with 0 to 5 stars, and a small
rubric that uses it (see Kompass's docs/scoring.md, "Adding your own rule").

A question judged ``{ stars = 3 }`` gets 3/5 of its max.  Dividing by 5 always
gives a finite decimal, so the points are exact.
"""

from collections.abc import Mapping
from decimal import Decimal
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

from kompass_core import Points, Question, ScoringRule, hookimpl

STARS = 5


class Stars(ScoringRule):
    """Each question judged with 0 to 5 stars; a star is worth a fifth of its max."""

    name = "stars"
    version = "1"  # raise it whenever the rule scores anything differently
    summary = "each question is judged with 0 to 5 stars, each worth a fifth of its max"
    units = ("stars",)

    # Parameters: only the display rounding every rule accepts (decimals,
    # rounding), so parameters_schema and canonical_parameters are inherited.

    def judgement_schema(self, parameters: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["stars"],
            "properties": {
                "stars": {
                    "enum": list(range(STARS + 1)),
                    "x-expected": f"a whole number of stars from 0 to {STARS}",
                },
                "note": {"type": "string"},
            },
            "patternProperties": {"^x-": True},
            "additionalProperties": False,
            "x-expected": "a table with a number of stars, e.g. { stars = 4 }",
        }

    def check_judgement(
        self, unit: str, value: Decimal, question: Question, parameters: Mapping[str, Any]
    ) -> str | None:
        return None  # the schema already lists every valid number of stars

    def judge(
        self, unit: str, value: Decimal, question: Question, parameters: Mapping[str, Any]
    ) -> Points:
        # More stars never give fewer points, and 5 stars give exactly the max.
        return Points(question.max * value / STARS)


@hookimpl
def kompass_scoring_rules() -> list[ScoringRule]:
    return [Stars()]


@hookimpl
def kompass_rubrics() -> list[Traversable]:
    return [files(__name__) / "data" / "stars-demo-2026.toml"]
