"""Reading rubric definitions: schema, then the checks a schema cannot express."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from kompass_core import _numbers
from kompass_core._keypath import format_path
from kompass_core._reading import Document, describe, number_problems
from kompass_core._schemas import parameter_problems, schema_problems
from kompass_core.errors import InvalidInputError, KompassError, Problem
from kompass_core.model import Area, Question, Rubric, Scoring, Text
from kompass_core.rules import rule_errors

if TYPE_CHECKING:
    from kompass_core.rules import ScoringRule

DEFAULT_RULE = "share-of-max"


def rubric_from_document(
    document: Document, origin: str = "", rules: Mapping[str, ScoringRule] | None = None
) -> Rubric:
    """Validate a parsed rubric definition and build the :class:`Rubric`.

    ``rules`` are the scoring rules a rubric may name (by default those of the
    installed plugins).  Raises :class:`InvalidInputError` listing every
    problem found.
    """
    problems, rubric = _checked(document, rules, origin or document.name)
    if rubric is None:
        raise InvalidInputError([p for p in problems if p.severity == "error"])
    return rubric


def check_rubric_data(
    document: Document, rules: Mapping[str, ScoringRule] | None = None
) -> list[Problem]:
    """Every problem in a rubric definition: schema first, then the scoring
    rule's parameters, then semantics."""
    return _checked(document, rules, document.name)[0]


def _checked(
    document: Document, rules: Mapping[str, ScoringRule] | None, origin: str
) -> tuple[list[Problem], Rubric | None]:
    """The problems, and the rubric when there is no error."""
    data, file = document.data, document.name
    # As for evaluations: data not read from a file may hold numbers too large
    # for exact arithmetic and its display.
    problems = [] if document.numbers_checked else number_problems(data, file, places=False)
    problems = problems or schema_problems("rubric", data, file)
    if problems:
        return problems, None
    known = _rules(rules)
    name = data.get("scoring", {}).get("rule", DEFAULT_RULE)
    if name not in known:
        listed = ", ".join(sorted(known)) or "none"
        providers = getattr(known, "conflicts", {}).get(name)
        message = (
            f"scoring rule provided twice: expected one plugin to provide {name!r}, found "
            f"plugins {' and '.join(map(repr, providers))}"
            if providers
            else f"unknown scoring rule: expected one of {listed}, found {name!r}"
        )
        return [Problem(message, file=file, path=format_path(["scoring", "rule"], data))], None
    rule = known[name]
    try:
        with rule_errors(rule, "checking this rubric"):
            problems = parameter_problems(rule, data, file)
            if problems:
                return problems, None
            rubric = _build(data, origin, rule)
            problems = list(_semantic_problems(data, file, rubric))
            if any(p.severity == "error" for p in problems):
                return problems, None
            _exercise(rubric)
    except KompassError as error:
        return [Problem(str(error), file=file, path="scoring.rule", code="rule")], None
    return problems, rubric


def _exercise(rubric: Rubric) -> None:
    """Call what every later use of the rubric calls on its rule, so that a
    rule that fails on these parameters is found when the rubric is read
    (the fingerprint's canonical form: hashing it cannot fail)."""
    from kompass_core.fingerprint import canonical_text

    scoring = rubric.scoring
    _ = scoring.judgement_schema, scoring.weights, scoring.rounding, canonical_text(rubric)


def _rules(rules: Mapping[str, ScoringRule] | None) -> Mapping[str, ScoringRule]:
    if rules is not None:
        return rules
    from kompass_core._plugins import default_registry

    return default_registry().scoring_rules()


def _parameters(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.get("scoring", {}).items() if k != "rule"}


def _semantic_problems(data: dict[str, Any], file: str, rubric: Rubric) -> Iterator[Problem]:
    """What a schema cannot check; ``rubric`` is built from ``data``."""
    rule, parameters = rubric.scoring.rule, rubric.scoring.parameters

    def at(path: list[Any], message: str) -> Problem:
        return Problem(message, file=file, path=format_path(path, data))

    language = data.get("default_language", "sv")
    yield from _missing_language(data, [], language, at)

    if data.get("provisional", False) and "provisional_note" not in data:
        yield Problem(
            "provisional without a note: expected provisional_note saying what is "
            "provisional (it is shown wherever the rubric is), found none",
            file=file,
            path="provisional",
            severity="warning",
        )

    if not data.get("areas_published", True):
        if "areas" in data:
            yield at(
                ["areas"],
                "areas given for a rubric marked areas_published = false: expected no "
                f"areas, found {len(data['areas'])}",
            )
        else:
            for path, message in rule.check_parameters(parameters, rubric):
                yield at(["scoring", *path], message)
        return

    areas = data["areas"]
    seen_areas: set[str] = set()
    seen_questions: dict[str, str] = {}
    for a_index, area in enumerate(areas):
        a_path: list[Any] = ["areas", a_index]
        if area["id"] in seen_areas:
            yield at(
                [*a_path, "id"],
                f"duplicate area id: expected each id once, found {area['id']!r} again",
            )
        seen_areas.add(area["id"])
        questions = area.get("questions", [])
        published = area.get("questions_published", True)
        if not published and questions:
            yield at(
                [*a_path, "questions"],
                "questions given for an area marked questions_published = false: "
                "expected no questions, found "
                f"{len(questions)}",
            )
        if published and not questions:
            yield at(
                a_path,
                "expected a list of questions, or questions_published = false when "
                "they were never published; found neither",
            )
        for q_index, question in enumerate(questions):
            q_path = [*a_path, "questions", q_index, "id"]
            qid = question["id"]
            if not qid.startswith(area["id"] + "."):
                yield at(
                    q_path,
                    f"question id outside its area: expected an id starting with "
                    f"'{area['id']}.', found {qid!r}",
                )
            if qid in seen_questions:
                yield at(
                    q_path,
                    f"duplicate question id: expected each id once, found {qid!r} again "
                    f"(first in area {seen_questions[qid]!r})",
                )
            seen_questions.setdefault(qid, area["id"])
        if published and questions:
            q_sum = _numbers.total([Decimal(q["max"]) for q in questions])
            if q_sum != Decimal(area["max"]):
                yield at(
                    [*a_path, "max"],
                    f"maxima do not add up: expected the question maxima of area "
                    f"{area['id']!r} to add up to its max {describe(area['max'])}, found "
                    f"{_numbers.plain(q_sum)}",
                )
    for path, message in rule.check_parameters(parameters, rubric):
        yield at(["scoring", *path], message)
    weights = rule.weights(parameters)
    a_sum = _numbers.total([Decimal(a["max"]) * weights.get(a["id"], Decimal(1)) for a in areas])
    if a_sum != Decimal(data["max"]):
        what = "area maxima times their weights" if weights else "area maxima"
        yield at(
            ["max"],
            f"maxima do not add up: expected the {what} to add up to the rubric max "
            f"{describe(data['max'])}, found {_numbers.plain(a_sum)}",
        )


def _missing_language(node: Any, path: list[Any], language: str, at: Any) -> Iterator[Problem]:
    """Every text table must have the rubric's default language."""
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(key, str) and key.startswith("x-"):
                continue  # kept for other tools, never checked
            if key in _TEXT_KEYS and isinstance(value, dict) and language not in value:
                yield at(
                    [*path, key],
                    f"missing language: expected a text in {language!r} (the default "
                    f"language), found only {', '.join(map(repr, value))}",
                )
            elif key in _TEXT_LIST_KEYS and isinstance(value, list):
                for index, item in enumerate(value):
                    if isinstance(item, dict) and language not in item:
                        yield at(
                            [*path, key, index],
                            f"missing language: expected a text in {language!r} (the "
                            f"default language), found only {', '.join(map(repr, item))}",
                        )
            else:
                yield from _missing_language(value, [*path, key], language, at)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _missing_language(item, [*path, index], language, at)


_TEXT_KEYS = {"name", "short_name", "description", "text", "provisional_note"}
_TEXT_LIST_KEYS = {"headings", "other_names"}


def _text(value: dict[str, str] | None) -> Text | None:
    return Text(value) if value is not None else None


def _build(data: dict[str, Any], origin: str, rule: ScoringRule) -> Rubric:
    areas = tuple(
        Area(
            id=a["id"],
            name=Text(a["name"]),
            max=Decimal(a["max"]),
            questions=tuple(
                Question(id=q["id"], text=Text(q["text"]), max=Decimal(q["max"]))
                for q in a.get("questions", [])
            ),
            headings=tuple(Text(h) for h in a.get("headings", [])),
            other_names=tuple(Text(n) for n in a.get("other_names", [])),
            questions_published=a.get("questions_published", True),
        )
        for a in data.get("areas", [])
    )
    return Rubric(
        id=data["id"],
        version=data["version"],
        name=Text(data["name"]),
        year=data["year"],
        kind=data["kind"],
        max=Decimal(data["max"]) if "max" in data else None,
        areas=areas,
        areas_published=data.get("areas_published", True),
        scoring=Scoring(rule, _parameters(data)),
        provisional=data.get("provisional", False),
        provisional_note=_text(data.get("provisional_note")),
        short_name=_text(data.get("short_name")),
        description=_text(data.get("description")),
        default_language=data.get("default_language", "sv"),
        source=data.get("source", {}),
        translations=data.get("translations", {}),
        origin=origin,
    )
