"""The immutable model: rubrics (areas, questions) and evaluations.

Plain attrs values; behaviour lives in the functions that take them.  Points
are :class:`~decimal.Decimal`, exactly as written in the source file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from decimal import Decimal
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any, Literal

from attrs import field, frozen

if TYPE_CHECKING:
    from kompass_core.errors import Problem
    from kompass_core.rules import Rounding, ScoringRule

Kind = Literal["municipality", "region"]
ScoreUnit = str
"""The key a judgement gives its value under: ``points`` or ``percent`` for
``share-of-max``, ``level`` for ``maturity-levels``, or a plugin rule's own."""

DEFAULT_LANGUAGE = "sv"


def _pairs(value: Mapping[str, str] | tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    return tuple((str(lang), str(text)) for lang, text in items)


@frozen
class Text:
    """A text in one or more languages, e.g. ``Text({"sv": "...", "en": "..."})``."""

    translations: tuple[tuple[str, str], ...] = field(converter=_pairs)

    def get(self, lang: str | None = None, fallback: str = DEFAULT_LANGUAGE) -> str:
        """The text in ``lang``, else in ``fallback``, else in its first language."""
        # As a dict of the pairs would answer (the last pair of a language
        # wins), without building one for every lookup: output asks per question.
        found = None
        for code, text in reversed(self.translations):
            if code == lang and lang:
                return text
            if code == fallback and found is None:
                found = text
        if found is not None:
            return found
        return self.translations[0][1] if self.translations else ""

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(lang for lang, _ in self.translations)

    def as_dict(self) -> dict[str, str]:
        return dict(self.translations)

    def __str__(self) -> str:
        return self.get()


@frozen
class Question:
    """A question: its id (``"1.1"``), its text and the most points it gives."""

    id: str
    text: Text
    max: Decimal


@frozen
class Area:
    """An area of a rubric: its questions, or, when they were never
    published, only its maximum (``questions_published`` is then false)."""

    id: str
    name: Text
    max: Decimal
    questions: tuple[Question, ...] = ()
    headings: tuple[Text, ...] = ()
    other_names: tuple[Text, ...] = ()
    questions_published: bool = True

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)


def _builtin_rule(name: str) -> ScoringRule:
    from kompass_core.rules import BUILTIN_RULES

    for rule in BUILTIN_RULES:
        if rule.name == name:
            return rule
    raise ValueError(f"unknown scoring rule {name!r}: pass its ScoringRule object")


def _rule(value: ScoringRule | str) -> ScoringRule:
    return _builtin_rule(value) if isinstance(value, str) else value


@frozen
class Scoring:
    """The scoring rule a rubric names, with its parameters (the rubric's
    ``[scoring]`` table without ``rule``).  ``rule`` may be given by the name
    of a shipped rule; a plugin's rule is passed as its object."""

    rule: ScoringRule = field(default="share-of-max", converter=_rule)  # type: ignore[assignment]
    parameters: Mapping[str, Any] = field(factory=dict, hash=False)

    # Asked for every area and question scored: worked out once (a rule's
    # answers depend on the parameters only, which are never changed).
    @cached_property
    def weights(self) -> Mapping[str, Decimal]:
        """Area weights in the total (an area not listed weighs 1)."""
        return self.rule.weights(self.parameters)

    @cached_property
    def rounding(self) -> Rounding:
        return self.rule.rounding(self.parameters)

    @cached_property
    def judgement_schema(self) -> dict[str, Any]:
        """The JSON Schema of one question's judgement in an evaluation file."""
        return self.rule.judgement_schema(self.parameters)

    def weight(self, area_id: str) -> Decimal:
        return self.weights.get(area_id, Decimal(1))


@frozen
class Rubric:
    """One version of a rubric, as defined in its data file.

    A scale known only at total level has ``areas_published`` false and no
    areas; its ``max`` is ``None`` when the scale's maximum is not known either.
    """

    id: str
    version: str
    name: Text
    year: int
    kind: Kind
    max: Decimal | None
    areas: tuple[Area, ...]
    scoring: Scoring = Scoring()
    provisional: bool = False
    provisional_note: Text | None = None
    short_name: Text | None = None
    description: Text | None = None
    default_language: str = DEFAULT_LANGUAGE
    source: tuple[tuple[str, str], ...] = field(default=(), converter=_pairs)
    translations: tuple[tuple[str, str], ...] = field(default=(), converter=_pairs)
    areas_published: bool = True
    origin: str = field(default="", eq=False)
    """Where the definition was read from (plugin and file), for messages."""

    def area(self, area_id: str) -> Area | None:
        return self._area_index.get(area_id)

    @cached_property
    def _area_index(self) -> dict[str, Area]:
        index: dict[str, Area] = {}
        for area in self.areas:
            index.setdefault(area.id, area)  # the first, should an id come twice
        return index

    @property
    def scoring_rule(self) -> str:
        """The name of the rubric's scoring rule."""
        return self.scoring.rule.name

    @cached_property
    def fingerprint(self) -> str:
        """A hash of everything that decides a score: the rule, its version and
        parameters, and the ids and maxima of areas and questions (see
        :func:`kompass_core.fingerprint.fingerprint`)."""
        from kompass_core.fingerprint import fingerprint

        return fingerprint(self)

    def questions(self) -> Iterator[tuple[Area, Question]]:
        for area in self.areas:
            for question in area.questions:
                yield area, question

    def find_question(self, question_id: str) -> tuple[Area, Question] | None:
        return self._question_index.get(question_id)

    @cached_property
    def _question_index(self) -> dict[str, tuple[Area, Question]]:
        # Looked up for every score of every file: built once per rubric.
        index: dict[str, tuple[Area, Question]] = {}
        for area, question in self.questions():
            index.setdefault(question.id, (area, question))
        return index


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
        return self._question_score_index.get(question_id)

    def area_score(self, area_id: str) -> Decimal | None:
        return self._area_score_index.get(area_id)

    @cached_property
    def _question_score_index(self) -> dict[str, QuestionScore]:
        index: dict[str, QuestionScore] = {}
        for score in self.question_scores:
            index.setdefault(score.question_id, score)
        return index

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


# -- migrations ------------------------------------------------------------------

Method = Literal["copy", "rescale", "merge", "split", "new", "drop"]
Relation = Literal[
    "equal",
    "reworded",
    "revised",
    "related",
    "widened",
    "narrowed",
    "merged",
    "split",
    "new",
    "dropped",
]
Estimate = Literal["area-mean", "source-area-mean", "fixed"]
Level = Literal["question", "area"]

HUNDRED = Decimal(100)


@frozen
class Rule:
    """One rule of a migration: how the ``targets`` (question or area ids of
    the target rubric) are obtained from the ``sources`` (ids of the source
    rubric).  ``spread`` and ``range`` are percentages of the target's max."""

    level: Level
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    method: Method
    relation: Relation
    spread: Decimal = Decimal(0)
    estimate: Estimate | None = None
    percent: Decimal | None = None
    range: tuple[Decimal, Decimal] = (Decimal(0), HUNDRED)
    note: str = ""
    todo: str | None = None


@frozen
class TotalRule:
    """How a total known only as a total is carried over: ``rescale`` keeps
    its share of max, ``shift`` adds between ``shift[0]`` and ``shift[1]`` points."""

    method: Literal["rescale", "shift"]
    relation: Relation
    shift: tuple[Decimal, Decimal] = (Decimal(0), Decimal(0))
    spread: Decimal = Decimal(0)
    note: str = ""
    todo: str | None = None


@frozen
class Migration:
    """A migration from rubric ``source`` to rubric ``target``."""

    source: str
    target: str
    version: str
    questions: tuple[Rule, ...] = ()
    areas: tuple[Rule, ...] = ()
    total: TotalRule | None = None
    draft: bool = False
    name: Text | None = None
    note: str = ""
    decided_by: tuple[tuple[str, str], ...] = field(default=(), converter=_pairs)
    source_fingerprint: str | None = None
    target_fingerprint: str | None = None
    """The fingerprints of the rubric data the rules were decided against."""
    origin: str = field(default="", eq=False)

    @property
    def id(self) -> str:
        return f"{self.source}->{self.target}"


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
