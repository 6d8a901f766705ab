"""Evaluations: who was evaluated when, and the scores, findings and sources
of the report; and reference profiles, the published figures to compare with."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from functools import cached_property, lru_cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from attrs import field, frozen

from kompass_core.model._rubric import Kind, Text, _pairs

if TYPE_CHECKING:
    from kompass_core.errors import Problem

ScoreUnit = str
"""The key a judgement gives its value under: ``points`` or ``percent`` for
``share-of-max``, ``level`` for ``maturity-levels``, or a plugin rule's own."""


def _unknown_first(part: int | None) -> int:
    return 0 if part is None else part


@frozen(order=True)
class EvaluationDate:
    """A date known to the day, the month or only the year.  A date known
    less precisely sorts before the more precise ones within its period
    (2015 < 2015-10 < 2015-10-01)."""

    year: int
    month: int | None = field(default=None, order=_unknown_first)
    day: int | None = field(default=None, order=_unknown_first)

    def __attrs_post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        if not 1 <= self.year <= 9999:
            raise ValueError(f"year out of range: {self.year}")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month out of range: {self.month}")
        if self.day is not None:
            dt.date(self.year, self.month or 1, self.day)  # raises for 2015-02-30

    @classmethod
    def parse(cls, text: str) -> EvaluationDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise ValueError if
        it is not such a date or the date does not exist."""
        if cls is EvaluationDate:  # checked, then built, for every file read
            return _parsed_date(text)
        return _parse_date(cls, text)

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text


def _parse_date(cls: type[EvaluationDate], text: str) -> EvaluationDate:
    parts = text.split("-")
    if not 1 <= len(parts) <= 3 or not all(p.isdigit() for p in parts):
        raise ValueError(f"not a date: {text!r}")
    return cls(*(int(p) for p in parts))


@lru_cache(maxsize=1024)
def _parsed_date(text: str) -> EvaluationDate:
    return _parse_date(EvaluationDate, text)


@frozen
class Subject:
    """What was evaluated: a municipality or a region."""

    name: str
    kind: Kind
    code: str | None = None
    country: str | None = None


@frozen
class QuestionScore:
    """A judgement of one question, in points or as a percentage of its max.

    A migrated value also carries the range it is known to lie in
    (``lower``..``upper``, in points); a judged value has none.
    """

    question_id: str
    value: Decimal
    unit: ScoreUnit
    lower: Decimal | None = None
    upper: Decimal | None = None


@frozen
class Findings:
    """An area's strengths and improvement areas, as printed in the report."""

    strengths: tuple[str, ...] = ()
    improvements: tuple[str, ...] = ()
    weaknesses: tuple[str, ...] = ()


@frozen
class Source:
    """The report the figures come from."""

    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    note: str | None = None


@frozen
class Stated:
    """Figures printed in the source, checked against what is computed."""

    total: Decimal | None = None
    areas: tuple[tuple[str, Decimal], ...] = ()
    questions: tuple[tuple[str, Decimal], ...] = ()


@frozen
class Evaluation:
    """One evaluation of one subject on one rubric.

    Scores may be known per question (``question_scores``), per area
    (``area_scores``, for areas without question scores) or only as a
    ``total`` (when not every area is known).  A migrated evaluation's values
    may carry ranges (``area_ranges``, ``total_range``, and ``lower``/``upper``
    of its question scores) and its ``provenance``: the original figures and
    every step, with the rule behind each value.
    """

    rubric_id: str
    subject: Subject
    date: EvaluationDate
    evaluators: tuple[str, ...] = ()
    question_scores: tuple[QuestionScore, ...] = ()
    area_scores: tuple[tuple[str, Decimal], ...] = ()
    total: Decimal | None = None
    stated: Stated = Stated()
    findings: tuple[tuple[str, Findings], ...] = ()
    source: Source | None = None
    organisation: str | None = None
    note: str | None = None
    area_ranges: tuple[tuple[str, Decimal, Decimal], ...] = ()
    total_range: tuple[Decimal, Decimal] | None = None
    provenance: Mapping[str, Any] | None = field(default=None, eq=False)
    origin: str = field(default="", eq=False)
    """The file the evaluation was read from, for messages."""
    warnings: tuple[Problem, ...] = field(default=(), eq=False)
    """What plugins' checks warned about when it was read; scoring passes them on."""

    def area_range(self, area_id: str) -> tuple[Decimal, Decimal] | None:
        return next(((lo, hi) for a, lo, hi in self.area_ranges if a == area_id), None)

    def question_score(self, question_id: str) -> QuestionScore | None:
        return self.scores_by_question.get(question_id)

    def area_score(self, area_id: str) -> Decimal | None:
        return self._area_score_index.get(area_id)

    @cached_property
    def scores_by_question(self) -> Mapping[str, QuestionScore]:
        """The judgements by question id (the first, should a question have two)."""
        index: dict[str, QuestionScore] = {}
        for score in self.question_scores:
            index.setdefault(score.question_id, score)
        return MappingProxyType(index)

    @cached_property
    def _area_score_index(self) -> dict[str, Decimal]:
        return dict(self.area_scores)

    def findings_for(self, area_id: str) -> Findings | None:
        return dict(self.findings).get(area_id)


@frozen
class ReferenceProfile:
    """Published reference figures on one rubric's scale (e.g. a national mean)."""

    id: str
    rubric_id: str
    year: int
    name: Text
    total: Decimal | None = None
    areas: tuple[tuple[str, Decimal], ...] = ()
    source: tuple[tuple[str, str], ...] = field(default=(), converter=_pairs)
    origin: str = field(default="", eq=False)

    def area(self, area_id: str) -> Decimal | None:
        return dict(self.areas).get(area_id)


__all__ = [
    "Evaluation",
    "EvaluationDate",
    "Findings",
    "QuestionScore",
    "ReferenceProfile",
    "ScoreUnit",
    "Source",
    "Stated",
    "Subject",
]
