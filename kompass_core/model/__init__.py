"""The immutable model: rubrics (areas, questions), evaluations, reference
profiles and migrations.

Plain attrs values; behaviour lives in the functions that take them.  Points
are :class:`~decimal.Decimal`, exactly as written in the source file.

The classes live in three modules, each imported on first use of one of its
names: creating an attrs class costs most of a millisecond, and a command
that only lists rubrics needs none of the evaluation or migration classes.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_MODULES = {
    "kompass_core.model._rubric": ("Area", "Kind", "Question", "Rubric", "Scoring", "Text"),
    "kompass_core.model._evaluation": (
        *("Evaluation", "EvaluationDate", "Findings", "QuestionScore", "ReferenceProfile"),
        *("ScoreUnit", "Source", "Stated", "Subject"),
    ),
    "kompass_core.model._migration": ("Migration", "Rule", "TotalRule"),
}
_LAZY = {name: module for module, names in _MODULES.items() for name in names}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'kompass_core.model' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


if TYPE_CHECKING:
    from kompass_core.model._evaluation import (
        Evaluation,
        EvaluationDate,
        Findings,
        QuestionScore,
        ReferenceProfile,
        ScoreUnit,
        Source,
        Stated,
        Subject,
    )
    from kompass_core.model._migration import Migration, Rule, TotalRule
    from kompass_core.model._rubric import Area, Kind, Question, Rubric, Scoring, Text

__all__ = [
    "Area",
    "Evaluation",
    "EvaluationDate",
    "Findings",
    "Kind",
    "Migration",
    "Question",
    "QuestionScore",
    "ReferenceProfile",
    "Rubric",
    "Rule",
    "ScoreUnit",
    "Scoring",
    "Source",
    "Stated",
    "Subject",
    "Text",
    "TotalRule",
]
