"""Reading evaluations: schema, then the checks against the named rubric."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from attrs import evolve

from kompass_core._keypath import format_path
from kompass_core._numbers import plain
from kompass_core._reading import Document, describe, number_problems
from kompass_core._schemas import check_evaluation
from kompass_core.errors import InvalidInputError, KompassError, Problem
from kompass_core.model import (
    Evaluation,
    EvaluationDate,
    Findings,
    QuestionScore,
    Rubric,
    Source,
    Stated,
    Subject,
)
from kompass_core.rules import rule_failure


def evaluation_from_document(document: Document, registry: Any) -> tuple[Evaluation, Rubric]:
    """Validate a parsed evaluation against the schema and its rubric.

    :raises InvalidInputError: listing every problem found.
    """
    data, file = document.data, document.name
    # Files are read with stricter limits; data from a caller may be more precise, but a
    # number this large would break exact arithmetic and its display.
    unreasonable = [] if document.numbers_checked else number_problems(data, file, places=False)
    if unreasonable:
        raise InvalidInputError(unreasonable)
    rubric, rubric_problem = _named_rubric(data, registry, file)
    judgement = None
    if rubric is not None:
        judgement = rubric.scoring.judgement_schema
    problems, broken = check_evaluation(data, file, judgement)
    if rubric is None:
        raise InvalidInputError([*problems, *([rubric_problem] if rubric_problem else [])])
    # Check the values that passed the schema against the rubric too, so that
    # every problem is reported at once.
    sound = _without(data, broken) if problems else data
    problems += _check_against_rubric(sound, rubric, file, total_given="total" in data)
    if problems:
        raise InvalidInputError(problems)
    return _built(data, file, rubric, registry), rubric


def evaluation_from_built_data(
    data: dict[str, Any], file: str, rubric: Rubric, registry: Any
) -> Evaluation:
    """An evaluation from data Kompass built itself, every value of the
    schema's types (a migration's result): checked against ``rubric`` and by
    the plugins as :func:`evaluation_from_document` checks, without the
    schema and the number checks that read data needs.

    :raises InvalidInputError: listing every problem found.
    """
    problems = list(_check_against_rubric(data, rubric, file, total_given="total" in data))
    if problems:
        raise InvalidInputError(problems)
    return _built(data, file, rubric, registry)


def _built(data: dict[str, Any], file: str, rubric: Rubric, registry: Any) -> Evaluation:
    evaluation = _build(data, file, rubric)
    # The plugins' own checks see only evaluations that passed Kompass's.
    found = registry.check_evaluation(evaluation, rubric, file)
    if any(p.severity == "error" for p in found):
        raise InvalidInputError(found)
    return evolve(evaluation, warnings=tuple(found)) if found else evaluation


def _named_rubric(data: Any, registry: Any, file: str) -> tuple[Rubric | None, Problem | None]:
    """The rubric the evaluation names, or the problem finding it (None when
    the name itself is broken: the schema reports that)."""
    name = data.get("rubric") if isinstance(data, dict) else None
    if not isinstance(name, str) or not _RUBRIC_ID.fullmatch(name):
        return None, None
    try:
        return registry.rubric(name), None
    except KompassError as error:  # saying so when a broken plugin may be the cause
        return None, Problem(str(error), file=file, path="rubric")


_RUBRIC_ID = re.compile(r"[a-z0-9][a-z0-9.-]*")


# How deep a broken value is cut out: a whole entry of these tables, else the
# top-level key that holds it.
_ENTRY_DEPTH = {"scores": 2, "area_scores": 2, "findings": 2, "stated": 3}


def _without(data: Any, broken: set[tuple[Any, ...]]) -> dict[str, Any]:
    """A copy of ``data`` without the values that broke the schema."""
    if not isinstance(data, dict):
        return {}
    sound: dict[str, Any] = {
        key: dict(value) if isinstance(value, dict) else value for key, value in data.items()
    }
    if isinstance(sound.get("stated"), dict):
        sound["stated"] = {
            k: dict(v) if isinstance(v, dict) else v for k, v in sound["stated"].items()
        }
    for path in broken:
        if not path:
            return {}
        cut = path[: _ENTRY_DEPTH.get(path[0], 1)] if isinstance(path[0], str) else path[:1]
        parent: Any = sound
        for part in cut[:-1]:
            parent = parent.get(part) if isinstance(parent, dict) else None
        if isinstance(parent, dict):
            parent.pop(cut[-1], None)
    return sound


def _check_against_rubric(
    data: dict[str, Any], rubric: Rubric, file: str, *, total_given: bool
) -> Iterator[Problem]:
    """What the schema cannot check in ``data`` (the values that passed it);
    ``total_given``: whether the document has a total, sound or not."""

    def at(path: list[Any], message: str) -> Problem:
        return Problem(message, file=file, path=format_path(path, data))

    date = data.get("evaluation", {}).get("date")
    if date is not None:
        try:
            EvaluationDate.parse(date)
        except ValueError:
            yield at(["evaluation", "date"], f"expected a date that exists, found {describe(date)}")

    scored_areas: dict[str, int] = {}
    find_question, rule = rubric.find_question, rubric.scoring.rule  # once, not per question
    for qid, score in data.get("scores", {}).items():
        found = find_question(qid)
        if found is None:
            yield at(
                ["scores", qid],
                f"unknown question: expected {_question_hint(rubric, qid)}, found {qid!r}",
            )
            continue
        area, question = found
        scored_areas[area.id] = scored_areas.get(area.id, 0) + 1
        if "lower" in score:  # a migrated value, in points
            if score["points"] > question.max:
                yield at(
                    ["scores", qid, "points"],
                    f"out of range: expected points from 0 to {plain(question.max)} (the max "
                    f"of question {qid}), found {describe(score['points'])}",
                )
            yield from _range_problems(score, ["scores", qid], question.max, at)
            continue
        unit = _unit(score, rubric)
        if unit is not None:
            try:  # as rule_errors() does, without a context manager for every score
                message = rule.check_judgement(
                    unit, _decimal(score[unit]), question, rubric.scoring.parameters
                )
            except KompassError:
                raise
            except Exception as error:
                raise rule_failure(rule, f"checking the judgement of {qid}", error) from error
            if message:
                yield at(["scores", qid, unit], message)

    area_scores = data.get("area_scores", {})
    for area_id, figure in area_scores.items():
        target = rubric.area(area_id)
        if target is None:
            yield at(
                ["area_scores", area_id],
                f"unknown area: expected {_area_hint(rubric)}, found {area_id!r}",
            )
            continue
        points = _points(figure)
        yield from _range_problems(figure, ["area_scores", area_id], target.max, at)
        if points > target.max:
            yield at(
                ["area_scores", area_id],
                f"out of range: expected points from 0 to {plain(target.max)} (the max of "
                f"area {area_id}), found {describe(points)}",
            )
        if area_id in scored_areas:
            yield at(
                ["area_scores", area_id],
                f"area scored twice: expected either question scores or an area score "
                f"for area {area_id}, found both; put a published area score under "
                f"[stated.areas]",
            )

    if not rubric.areas_published and not total_given:
        yield at(
            [],
            f"missing total: expected a total, since {rubric.id} is known only at total "
            "level; found none",
        )
    if "total" in data:
        total = _points(data["total"])
        yield from _range_problems(data["total"], ["total"], rubric.max, at)
        if rubric.max is not None and total > rubric.max:
            yield at(
                ["total"],
                f"out of range: expected a total from 0 to {plain(rubric.max)}, "
                f"found {describe(total)}",
            )
        complete = [
            a
            for a in rubric.areas
            if a.id in area_scores or (a.questions and scored_areas.get(a.id) == len(a.questions))
        ]
        if rubric.areas and len(complete) == len(rubric.areas):
            yield at(
                ["total"],
                "total scored twice: expected a top-level total only when not "
                "every area is known, found every area scored; put a published "
                "total under [stated] as total",
            )

    stated = data.get("stated", {})
    if "total" in stated and rubric.max is not None and stated["total"] > rubric.max:
        yield at(
            ["stated", "total"],
            f"out of range: expected a total from 0 to "
            f"{plain(rubric.max)}, found {describe(stated['total'])}",
        )
    for area_id, points in stated.get("areas", {}).items():
        target = rubric.area(area_id)
        if target is None:
            yield at(
                ["stated", "areas", area_id],
                f"unknown area: expected {_area_hint(rubric)}, found {area_id!r}",
            )
        elif points > target.max:
            yield at(
                ["stated", "areas", area_id],
                f"out of range: expected points from 0 to {plain(target.max)}, "
                f"found {describe(points)}",
            )
    for qid, points in stated.get("questions", {}).items():
        found = rubric.find_question(qid)
        if found is None:
            yield at(
                ["stated", "questions", qid],
                f"unknown question: expected {_question_hint(rubric, qid)}, found {qid!r}",
            )
        elif points > found[1].max:
            yield at(
                ["stated", "questions", qid],
                f"out of range: expected points from 0 to {plain(found[1].max)}, "
                f"found {describe(points)}",
            )
    for area_id in data.get("findings", {}):
        if rubric.area(area_id) is None:
            yield at(
                ["findings", area_id],
                f"unknown area: expected {_area_hint(rubric)}, found {area_id!r}",
            )


def _unit(score: dict[str, Any], rubric: Rubric) -> str | None:
    """The key a judgement gives its value under (None: a migrated value)."""
    if "lower" in score:
        return None
    for unit in rubric.scoring.rule.units:  # a loop: quicker than next() of a generator
        if unit in score:
            return unit
    return None


def _points(figure: Any) -> Any:
    """The points of a figure: a number, or a migrated value's table."""
    return figure["points"] if isinstance(figure, dict) else figure


def _range_problems(
    figure: Any, path: list[Any], top: Decimal | None, at: Any
) -> Iterator[Problem]:
    """A migrated value's range must hold its points and stay within its max."""
    if not isinstance(figure, dict) or "lower" not in figure:
        return
    lower, points, upper = figure["lower"], figure["points"], figure["upper"]
    if not lower <= points <= upper:
        yield at(
            path,
            f"range does not hold its value: expected lower <= points <= upper, found "
            f"{describe(lower)} <= {describe(points)} <= {describe(upper)}",
        )
    if top is not None and upper > top:
        yield at(
            [*path, "upper"],
            f"out of range: expected an upper bound up to {plain(top)}, found {describe(upper)}",
        )


def _area_hint(rubric: Rubric) -> str:
    if not rubric.areas_published:
        return f"no area: {rubric.id} is known only at total level; give a total"
    ids = [a.id for a in rubric.areas]
    return f"an area of {rubric.id} ({', '.join(ids)})"


def _question_hint(rubric: Rubric, qid: str) -> str:
    area = rubric.area(qid.split(".", 1)[0])
    if not rubric.areas_published:
        return f"no question: {rubric.id} is known only at total level; give a total"
    if area is None:
        return f"a question of {rubric.id} (its areas are {', '.join(a.id for a in rubric.areas)})"
    if not area.questions:
        return (
            f"no question scores for area {area.id} of {rubric.id}: its questions were "
            f"never published; give an area score under [area_scores]"
        )
    first, last = area.questions[0].id, area.questions[-1].id
    return f"a question of area {area.id} of {rubric.id} ({first}–{last})"


def _decimal(value: Any) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(value)


def _pairs(table: dict[str, Any]) -> tuple[tuple[str, Decimal], ...]:
    return tuple((key, _decimal(value)) for key, value in table.items())


def _question_score(qid: str, score: dict[str, Any], rubric: Rubric) -> QuestionScore:
    unit = _unit(score, rubric)
    if unit is None:
        return QuestionScore(
            qid,
            _decimal(score["points"]),
            "points",
            _decimal(score["lower"]),
            _decimal(score["upper"]),
        )
    return QuestionScore(qid, _decimal(score[unit]), unit)


def _build(data: dict[str, Any], file: str, rubric: Rubric) -> Evaluation:
    subject = data["subject"]
    meta = data["evaluation"]
    stated = data.get("stated", {})
    source = data.get("source")
    scores = tuple(
        _question_score(qid, score, rubric) for qid, score in data.get("scores", {}).items()
    )
    area_scores = data.get("area_scores", {})
    total = data.get("total")
    return Evaluation(
        rubric_id=data["rubric"],
        subject=Subject(
            subject["name"], subject["kind"], subject.get("code"), subject.get("country")
        ),
        date=EvaluationDate.parse(meta["date"]),
        evaluators=tuple(meta.get("evaluators", ())),
        organisation=meta.get("organisation"),
        note=meta.get("note"),
        question_scores=scores,
        area_scores=tuple((a, _decimal(_points(f))) for a, f in area_scores.items()),
        area_ranges=tuple(
            (a, _decimal(f["lower"]), _decimal(f["upper"]))
            for a, f in area_scores.items()
            if isinstance(f, dict)
        ),
        total=_decimal(_points(total)) if total is not None else None,
        total_range=(_decimal(total["lower"]), _decimal(total["upper"]))
        if isinstance(total, dict)
        else None,
        provenance=data.get("migration"),
        stated=Stated(
            total=_decimal(stated["total"]) if "total" in stated else None,
            areas=_pairs(stated.get("areas", {})),
            questions=_pairs(stated.get("questions", {})),
        ),
        findings=tuple(
            (
                area_id,
                Findings(
                    tuple(f.get("strengths", ())),
                    tuple(f.get("improvements", ())),
                    tuple(f.get("weaknesses", ())),
                ),
            )
            for area_id, f in data.get("findings", {}).items()
        ),
        source=Source(
            source.get("title"), source.get("url"), source.get("publisher"), source.get("note")
        )
        if source
        else None,
        origin=file,
    )


def evaluation_to_data(evaluation: Evaluation) -> dict[str, Any]:
    """The evaluation in the file format's structure (the inverse of reading)."""
    data: dict[str, Any] = {"rubric": evaluation.rubric_id}
    subject = evaluation.subject
    data["subject"] = {
        "name": subject.name,
        "kind": subject.kind,
        **({"code": subject.code} if subject.code else {}),
        **({"country": subject.country} if subject.country else {}),
    }
    meta: dict[str, Any] = {"date": str(evaluation.date)}
    if evaluation.evaluators:
        meta["evaluators"] = list(evaluation.evaluators)
    if evaluation.organisation:
        meta["organisation"] = evaluation.organisation
    if evaluation.note:
        meta["note"] = evaluation.note
    data["evaluation"] = meta
    if evaluation.source is not None:
        source = evaluation.source
        data["source"] = {
            key: value
            for key, value in (
                ("title", source.title),
                ("url", source.url),
                ("publisher", source.publisher),
                ("note", source.note),
            )
            if value
        }
    if evaluation.question_scores:
        data["scores"] = {
            s.question_id: {s.unit: s.value}
            | ({"lower": s.lower, "upper": s.upper} if s.lower is not None else {})
            for s in evaluation.question_scores
        }
    ranges = {a: (lo, hi) for a, lo, hi in evaluation.area_ranges}
    if evaluation.area_scores:
        data["area_scores"] = {
            a: {"points": v, "lower": ranges[a][0], "upper": ranges[a][1]} if a in ranges else v
            for a, v in evaluation.area_scores
        }
    if evaluation.total is not None:
        data["total"] = (
            {
                "points": evaluation.total,
                "lower": evaluation.total_range[0],
                "upper": evaluation.total_range[1],
            }
            if evaluation.total_range
            else evaluation.total
        )
    stated = evaluation.stated
    if stated.total is not None or stated.areas or stated.questions:
        data["stated"] = {
            **({"total": stated.total} if stated.total is not None else {}),
            **({"areas": dict(stated.areas)} if stated.areas else {}),
            **({"questions": dict(stated.questions)} if stated.questions else {}),
        }
    if evaluation.findings:
        data["findings"] = {
            area: {
                key: list(values)
                for key, values in (
                    ("strengths", f.strengths),
                    ("improvements", f.improvements),
                    ("weaknesses", f.weaknesses),
                )
                if values
            }
            for area, f in evaluation.findings
        }
    if evaluation.provenance is not None:
        data["migration"] = dict(evaluation.provenance)
    return data
