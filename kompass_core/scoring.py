"""Scoring: from an evaluation's judgements to area and total points.

The rule is Kommunkompassen's (``share-of-max``), verified against the
published reports: a question's points are ``max × share``, kept unrounded;
an area's points are the sum of its unrounded question points; the total is
the sum of the unrounded area points.  Values are rounded half up only for
display.

What is not known is reported as not known (``points`` is ``None``), together
with the range the known parts allow (``lower``..``upper``).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, localcontext
from typing import Literal

from attrs import frozen

from kompass_core import _numbers
from kompass_core._keypath import format_key
from kompass_core._numbers import HALF, plain, round_half_up
from kompass_core.errors import Problem
from kompass_core.model import Area, Evaluation, Question, QuestionScore, Rubric

AreaBasis = Literal["questions", "area", "partial", "none"]
TotalBasis = Literal["areas", "total", "partial", "none"]

ZERO = Decimal(0)


@frozen
class Estimate:
    """A value known up to the rounding of the figures it was computed from:
    ``half_widths`` are their half rounding steps."""

    value: Decimal
    half_widths: tuple[Decimal, ...]


@frozen
class QuestionResult:
    """A question's points (``None`` when not scored)."""

    question: Question
    points: Decimal | None
    given: QuestionScore | None = None

    @property
    def max(self) -> Decimal:
        return self.question.max

    @property
    def lower(self) -> Decimal | None:
        """The lowest the points can be: a migrated value's range, else the points."""
        if self.given is not None and self.given.lower is not None:
            return self.given.lower
        return self.points

    @property
    def upper(self) -> Decimal | None:
        if self.given is not None and self.given.upper is not None:
            return self.given.upper
        return self.points

    @property
    def rounded(self) -> Decimal | None:
        return None if self.points is None else round_half_up(self.points)

    @property
    def percent(self) -> Decimal | None:
        return None if self.points is None else _numbers.share_percent(self.points, self.max)


@frozen
class AreaResult:
    """An area's points and how they are known.

    ``basis`` is ``"questions"`` (every question scored), ``"area"`` (an area
    score was given), ``"partial"`` (some questions scored) or ``"none"``.
    """

    area: Area
    points: Decimal | None
    lower: Decimal
    upper: Decimal
    basis: AreaBasis
    questions: tuple[QuestionResult, ...] = ()

    @property
    def max(self) -> Decimal:
        return self.area.max

    @property
    def rounded(self) -> Decimal | None:
        return None if self.points is None else round_half_up(self.points)

    @property
    def percent(self) -> Decimal | None:
        if self.points is None or not self.max:
            return None
        return _numbers.share_percent(self.points, self.max)


@frozen
class TotalResult:
    """The total and how it is known: ``"areas"`` (every area known),
    ``"total"`` (given as a figure), ``"partial"`` or ``"none"``."""

    points: Decimal | None
    lower: Decimal
    upper: Decimal
    max: Decimal | None
    basis: TotalBasis

    @property
    def rounded(self) -> Decimal | None:
        return None if self.points is None else round_half_up(self.points)

    @property
    def percent(self) -> Decimal | None:
        if self.points is None or not self.max:
            return None
        return _numbers.share_percent(self.points, self.max)


@frozen
class ScoreResult:
    """The scored evaluation: areas in rubric order, the total, and warnings
    (stated figures that disagree with the scores by more than rounding can
    explain)."""

    rubric: Rubric
    evaluation: Evaluation
    areas: tuple[AreaResult, ...]
    total: TotalResult
    warnings: tuple[Problem, ...] = ()

    def area(self, area_id: str) -> AreaResult:
        """The result of one area; KeyError when the rubric has no such area."""
        for result in self.areas:
            if result.area.id == area_id:
                return result
        raise KeyError(area_id)


def _question_points(score: QuestionScore, question: Question) -> Estimate:
    step = _numbers.resolution(score.value)
    if score.unit == "percent":
        return Estimate(
            _numbers.points_from_percent(score.value, question.max),
            (_numbers.points_from_percent(step * HALF, question.max),),
        )
    return Estimate(score.value, (step * HALF,))


def score(evaluation: Evaluation, rubric: Rubric) -> ScoreResult:
    """Score ``evaluation`` on ``rubric`` (the rubric it names)."""
    if evaluation.rubric_id != rubric.id:
        raise ValueError(f"evaluation is on {evaluation.rubric_id!r}, not on {rubric.id!r}")
    if not rubric.areas_published and evaluation.total is None:
        raise ValueError(f"{rubric.id} is known only at total level: the evaluation needs a total")
    file = evaluation.origin or None
    warnings: list[Problem] = []
    area_results: list[AreaResult] = []
    area_halves: dict[str, tuple[Decimal, ...]] = {}
    stated_questions = dict(evaluation.stated.questions)

    for area in rubric.areas:
        given_area = evaluation.area_score(area.id)
        questions: list[QuestionResult] = []
        estimates: list[Estimate] = []
        for question in area.questions:
            given = evaluation.question_score(question.id)
            if given is None:
                questions.append(QuestionResult(question, None))
                continue
            estimate = _question_points(given, question)
            estimates.append(estimate)
            questions.append(QuestionResult(question, estimate.value, given))
            if question.id in stated_questions:
                warnings.extend(
                    _check_stated(
                        f"stated points of question {question.id}",
                        stated_questions[question.id],
                        estimate.value,
                        estimate.value,
                        estimate.half_widths,
                        ["stated", "questions", question.id],
                        file,
                    )
                )
        known = _numbers.total([e.value for e in estimates])
        low = _numbers.total([q.lower for q in questions if q.lower is not None])
        high = _numbers.total([q.upper for q in questions if q.upper is not None])
        missing = _numbers.total([q.max for q in questions if q.points is None])
        halves: tuple[Decimal, ...]
        if given_area is not None:
            halves = (_numbers.resolution(given_area) * HALF,)
            low, high = evaluation.area_range(area.id) or (given_area, given_area)
            result = AreaResult(area, given_area, low, high, "area", tuple(questions))
        else:
            halves = sum((e.half_widths for e in estimates), ())
            if estimates and not missing:
                result = AreaResult(area, known, low, high, "questions", tuple(questions))
            else:
                basis: AreaBasis = "partial" if estimates else "none"
                upper = high + missing if area.questions else area.max
                result = AreaResult(area, None, low, upper, basis, tuple(questions))
        area_results.append(result)
        area_halves[area.id] = halves

    for area_id, stated in evaluation.stated.areas:
        found = next((a for a in area_results if a.area.id == area_id), None)
        if found is not None:
            warnings.extend(
                _check_stated(
                    f"stated points of area {area_id}",
                    stated,
                    found.lower,
                    found.upper,
                    area_halves[area_id],
                    ["stated", "areas", area_id],
                    file,
                )
            )

    total = _total(rubric, evaluation, area_results, area_halves, warnings, file)
    if evaluation.subject.kind != rubric.kind:
        warnings.append(
            Problem(
                f"subject and rubric differ in kind: expected a {rubric.kind} for {rubric.id}, "
                f"found a {evaluation.subject.kind}",
                file=file,
                path="subject.kind",
                severity="warning",
                code="kind",
            )
        )
    return ScoreResult(rubric, evaluation, tuple(area_results), total, tuple(warnings))


def _total(
    rubric: Rubric,
    evaluation: Evaluation,
    areas: list[AreaResult],
    area_halves: dict[str, tuple[Decimal, ...]],
    warnings: list[Problem],
    file: str | None,
) -> TotalResult:
    lower = _numbers.total([a.lower for a in areas])
    upper = _numbers.total([a.upper for a in areas])
    halves: tuple[Decimal, ...] = sum(area_halves.values(), ())
    if areas and all(a.points is not None for a in areas):
        points = _numbers.total([a.points for a in areas if a.points is not None])
        result = TotalResult(points, lower, upper, rubric.max, "areas")
        if evaluation.total is not None:  # only through the API; files may not do this
            warnings.extend(
                _check_stated(
                    "given total", evaluation.total, lower, upper, halves, ["total"], file
                )
            )
    elif evaluation.total is not None:
        given = evaluation.total
        if areas:  # the given total must fit what the known areas allow
            warnings.extend(_check_stated("total", given, lower, upper, halves, ["total"], file))
        lower, upper = evaluation.total_range or (given, given)
        result = TotalResult(given, lower, upper, rubric.max, "total")
        halves = (_numbers.resolution(given) * HALF,)
    else:
        basis: TotalBasis = "partial" if any(a.basis != "none" for a in areas) else "none"
        result = TotalResult(None, lower, upper, rubric.max, basis)

    stated = evaluation.stated.total
    if stated is not None:
        warnings.extend(
            _check_stated("stated total", stated, lower, upper, halves, ["stated", "total"], file)
        )
    return result


def _tolerance(parts: Iterable[Decimal], stated: Estimate) -> Decimal:
    """How far a stated figure may lie from the value computed from rounded parts.

    The worst case is the sum of every half rounding step; but that needs every
    part rounded the same way by the most it can be.  Rounding errors are
    independent and uniform, so their sum has the standard deviation
    ``sqrt(sum(h²) / 3)``; beyond three of those, rounding no longer
    plausibly explains a gap.  The tolerance is the smaller of the two.
    """
    halves = [*parts, *stated.half_widths]
    with localcontext(_numbers.CONTEXT):
        worst = sum(halves, ZERO)
        plausible = 3 * (sum((h * h for h in halves), ZERO) / 3).sqrt()
    return min(worst, plausible)


def _check_stated(
    what: str,
    stated: Decimal,
    lower: Decimal,
    upper: Decimal,
    halves: tuple[Decimal, ...],
    path: list[str],
    file: str | None,
) -> list[Problem]:
    """A warning when a stated figure lies further outside ``lower..upper``
    (the value computed from parts known to ``halves``) than rounding explains."""
    own = Estimate(stated, (_numbers.resolution(stated) * HALF,))
    tolerance = _tolerance(halves, own)
    if lower - tolerance <= stated <= upper + tolerance:
        return []
    shown = plain(round_half_up(tolerance, 2))
    expected = plain(lower) if lower == upper else f"{plain(lower)} to {plain(upper)}"
    return [
        Problem(
            f"{what} disagrees with the scores: expected {expected} "
            f"(± {shown} for rounding), found {plain(stated)}",
            file=file,
            path=".".join(format_key(p) for p in path),
            severity="warning",
            code="stated",
        )
    ]
