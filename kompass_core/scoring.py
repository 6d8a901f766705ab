"""Scoring: from an evaluation's judgements to area and total points.

The rubric's scoring rule (:mod:`kompass_core.rules`) turns each judgement
into points; Kommunkompassen's rule (``share-of-max``) is verified against the
published reports: a question's points are ``max × share``, kept unrounded.
An area's points are the sum of its unrounded question points; the total is
the sum of the unrounded area points, each times the area's weight (1 unless
the rule declares weights).  Values are rounded, as the rule says, only for
display.

What is not known is reported as not known (``points`` is ``None``), together
with the range the known parts allow (``lower``..``upper``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal, localcontext
from typing import Literal

from attrs import frozen

from kompass_core import _numbers
from kompass_core._identity import ByIdentity
from kompass_core._keypath import format_key
from kompass_core._numbers import HALF, plain, round_half_up
from kompass_core.errors import KompassError, Problem
from kompass_core.fingerprint import Stamp, differences
from kompass_core.model import Area, Evaluation, Question, QuestionScore, Rubric, Scoring
from kompass_core.rules import BUILTIN_RULES, Rounding, rule_failure

AreaBasis = Literal["questions", "area", "partial", "none"]
TotalBasis = Literal["areas", "total", "partial", "none"]

ZERO = Decimal(0)


@frozen
class QuestionResult:
    """A question's points (``None`` when not scored)."""

    question: Question
    points: Decimal | None
    given: QuestionScore | None = None
    rounding: Rounding = Rounding()

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
        return None if self.points is None else self.rounding(self.points)

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
    weight: Decimal = Decimal(1)
    """What one point of the area counts in the total."""
    rounding: Rounding = Rounding()
    half_widths: tuple[Decimal, ...] = ()
    """Half the rounding step of each figure the points were computed from."""

    @property
    def max(self) -> Decimal:
        return self.area.max

    @property
    def rounded(self) -> Decimal | None:
        return None if self.points is None else self.rounding(self.points)

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
    rounding: Rounding = Rounding()
    half_widths: tuple[Decimal, ...] = ()
    """Half the rounding step of each figure the points were computed from."""

    @property
    def rounded(self) -> Decimal | None:
        return None if self.points is None else self.rounding(self.points)

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

    @property
    def stamp(self) -> Stamp:
        """The rubric, rule and rubric data the result was produced under."""
        return Stamp.of(self.rubric)

    def area(self, area_id: str) -> AreaResult:
        """The result of one area; KeyError when the rubric has no such area."""
        for result in self.areas:
            if result.area.id == area_id:
                return result
        raise KeyError(area_id)


def _question_points(
    score: QuestionScore, question: Question, scoring: Scoring
) -> tuple[Decimal, Decimal]:
    """A question's points, and half the rounding step of the figure they
    come from."""
    if score.lower is not None:  # a migrated value, in points
        return score.value, _numbers.resolution(score.value) * HALF
    rule = scoring.rule
    try:  # as rule_errors() does, without a context manager for every judgement
        judged = rule.judge(score.unit, score.value, question, scoring.parameters)
    except KompassError:
        raise
    except Exception as error:
        raise rule_failure(rule, f"judging question {question.id}", error) from error
    if not ZERO <= judged.value <= question.max:  # a plugin's rule is not trusted blindly
        raise KompassError(
            f"scoring rule {rule.name} {rule.version} gave question {question.id} points out of "
            f"range: expected 0 to {plain(question.max)}, found {plain(judged.value)} for "
            f"{plain(score.value)} {score.unit}"
        )
    return judged.value, judged.half_width


_UNSCORED: ByIdentity[tuple[tuple[QuestionResult, ...], Decimal]] = ByIdentity(512)


def _unscored(area: Area, rounding: Rounding) -> tuple[tuple[QuestionResult, ...], Decimal]:
    """The results of an area none of whose questions is scored (every area
    of an evaluation known by areas or by its total), and the sum of their
    maxima: the same values for every evaluation, so made once."""
    return _UNSCORED.get(
        (area, rounding),
        lambda: (
            tuple(QuestionResult(q, None, rounding=rounding) for q in area.questions),
            _numbers.total([q.max for q in area.questions]),
        ),
    )


def can_warn(evaluation: Evaluation, rubric: Rubric) -> bool:
    """Whether :func:`score` can add a warning to ``evaluation``'s own, or
    fail, for a valid evaluation: only when it has stated figures, a given
    total, a migration's steps or a subject of another kind than the rubric's,
    or when the rubric's scoring rule is a plugin's (whose judgements are not
    trusted blindly).  Validation scores only then.  Each warning :func:`score`
    gives must be named here; ``tests/test_properties.py`` holds the two
    together."""
    stated = evaluation.stated
    return bool(
        all(rubric.scoring.rule is not shipped for shipped in BUILTIN_RULES)
        or evaluation.total is not None
        or stated.total is not None
        or stated.areas
        or stated.questions
        or (evaluation.provenance or {}).get("steps")
        or evaluation.subject.kind != rubric.kind
    )


def score(evaluation: Evaluation, rubric: Rubric) -> ScoreResult:
    """Score ``evaluation`` on ``rubric`` (the rubric it names).

    A warning added here must be named in :func:`can_warn` too."""
    if evaluation.rubric_id != rubric.id:
        raise ValueError(f"evaluation is on {evaluation.rubric_id!r}, not on {rubric.id!r}")
    if not rubric.areas_published and evaluation.total is None:
        raise ValueError(f"{rubric.id} is known only at total level: the evaluation needs a total")
    file = evaluation.origin or None
    scoring = rubric.scoring
    rounding = scoring.rounding
    warnings: list[Problem] = list(evaluation.warnings)
    area_results: list[AreaResult] = []
    area_halves: dict[str, tuple[Decimal, ...]] = {}
    stated_questions = dict(evaluation.stated.questions)

    by_question = evaluation.scores_by_question
    add = _numbers.CONTEXT.add
    for area in rubric.areas:
        given_area = evaluation.area_score(area.id)
        halves: list[Decimal] = []  # of the scored questions' points
        # The sums the area's figures come from, in one pass: the scored
        # questions' points and their ranges, and the unscored ones' maxima.
        known = low = high = missing = ZERO
        givens = [by_question.get(q.id) for q in area.questions]
        questions: Sequence[QuestionResult]
        if not any(givens):
            questions, missing = _unscored(area, rounding)
        else:
            questions = scored = []
            for question, given in zip(area.questions, givens, strict=True):
                if given is None:
                    scored.append(QuestionResult(question, None, rounding=rounding))
                    missing = add(missing, question.max)
                    continue
                qid = question.id
                points, half = _question_points(given, question, scoring)
                halves.append(half)
                scored.append(QuestionResult(question, points, given, rounding))
                known = add(known, points)
                low = add(low, points if given.lower is None else given.lower)
                high = add(high, points if given.upper is None else given.upper)
                stated_points = stated_questions.get(qid) if stated_questions else None
                if stated_points is not None:
                    warnings.extend(
                        _check_stated(
                            f"stated points of question {qid}",
                            stated_points,
                            points,
                            points,
                            (half,),
                            ["stated", "questions", qid],
                            file,
                        )
                    )
        # What every area result shows besides its figures.
        shown = (tuple(questions), scoring.weight(area.id), rounding)
        area_half: tuple[Decimal, ...]
        if given_area is not None:
            area_half = (_numbers.resolution(given_area) * HALF,)
            low, high = evaluation.area_range(area.id) or (given_area, given_area)
            result = AreaResult(area, given_area, low, high, "area", *shown, area_half)
        else:
            area_half = tuple(halves)
            if halves and not missing:
                result = AreaResult(area, known, low, high, "questions", *shown, area_half)
            else:
                basis: AreaBasis = "partial" if halves else "none"
                upper = high + missing if area.questions else area.max
                result = AreaResult(area, None, low, upper, basis, *shown, area_half)
        area_results.append(result)
        area_halves[area.id] = area_half

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
    warnings.extend(_stale_migration(evaluation, rubric, file))
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


def _stale_migration(evaluation: Evaluation, rubric: Rubric, file: str | None) -> list[Problem]:
    """A warning when a migrated evaluation was written for other rubric data
    than the installed rubric's: its values were computed for that data."""
    steps = (evaluation.provenance or {}).get("steps") or []
    written = steps[-1].get("target_stamp") if steps else None
    if not written:
        return []
    found = differences(Stamp.from_dict(written), Stamp.of(rubric))
    if not found:
        return []
    return [
        Problem(
            f"migrated for another {rubric.id}: expected values computed for the rubric as "
            f"loaded, found {'; '.join(found)}; migrate the original again",
            file=file,
            path=f"migration.steps[{len(steps) - 1}].target_stamp",
            severity="warning",
            code="stamp",
        )
    ]


def _total(
    rubric: Rubric,
    evaluation: Evaluation,
    areas: list[AreaResult],
    area_halves: dict[str, tuple[Decimal, ...]],
    warnings: list[Problem],
    file: str | None,
) -> TotalResult:
    lower = _numbers.total([a.weight * a.lower for a in areas])
    upper = _numbers.total([a.weight * a.upper for a in areas])
    halves: tuple[Decimal, ...] = tuple(a.weight * h for a in areas for h in area_halves[a.area.id])
    rounding = rubric.scoring.rounding
    if areas and all(a.points is not None for a in areas):
        points = _numbers.total([a.weight * a.points for a in areas if a.points is not None])
        result = TotalResult(points, lower, upper, rubric.max, "areas", rounding, halves)
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
        halves = (_numbers.resolution(given) * HALF,)
        result = TotalResult(given, lower, upper, rubric.max, "total", rounding, halves)
    else:
        basis: TotalBasis = "partial" if any(a.basis != "none" for a in areas) else "none"
        result = TotalResult(None, lower, upper, rubric.max, basis, rounding, halves)

    stated = evaluation.stated.total
    if stated is not None:
        warnings.extend(
            _check_stated("stated total", stated, lower, upper, halves, ["stated", "total"], file)
        )
    return result


def rounding_tolerance(half_widths: Iterable[Decimal]) -> Decimal:
    """How far a value computed from rounded figures may plausibly lie from
    the exact value, given half the rounding step of each figure.

    The worst case is the sum of every half rounding step; but that needs every
    part rounded the same way by the most it can be.  Rounding errors are
    independent and uniform, so their sum has the standard deviation
    ``sqrt(sum(h²) / 3)``; beyond three of those, rounding no longer
    plausibly explains a gap.  The tolerance is the smaller of the two.
    """
    halves = list(half_widths)
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
    halves = (*halves, _numbers.resolution(stated) * HALF)
    # The common case without the square root: the tolerance is at least the largest
    # half step, since both the sum of the steps and 3·sqrt(Σh²/3) = sqrt(3·Σh²) are
    # (for steps that are not negative; Kompass's steps have far fewer than the 40
    # digits its sums keep, so the computed tolerance is at least that step too).
    if min(halves) >= 0:
        least = max(halves)
        if lower - least <= stated <= upper + least:
            return []
    tolerance = rounding_tolerance(halves)
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
