"""Scoring rules: what a judgement is, the points it gives, how areas weigh in
the total, and how points are rounded for display.

A rubric names its rule in its ``[scoring]`` table, next to the rule's
parameters::

    [scoring]
    rule = "maturity-levels"
    levels = [{ level = 0, percent = 0 }, { level = 1, percent = 50 }, { level = 2, percent = 100 }]

The core applies whatever rule the rubric names; rules come from plugins
through the :func:`~kompass_core.hookspecs.kompass_scoring_rules` hook, and the
shipped ones below are registered the same way.  Every rule aggregates as a
weighted sum, which keeps ranges and partly known results exact: an area's
points are the sum of its question points, and the total is the sum of each
area's points times the area's weight (1 unless the rule says otherwise).

To add a rule, subclass :class:`ScoringRule`, give it a ``name`` and a
``version`` (raise the version whenever the rule scores differently: it is part
of every result's fingerprint), and return an instance from the hook.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from attrs import frozen

from kompass_core import _numbers
from kompass_core._numbers import HALF, plain
from kompass_core.hookspecs import hookimpl

if TYPE_CHECKING:
    from kompass_core.errors import KompassError
    from kompass_core.model import Question, Rubric

RoundingMode = Literal["half-up", "half-even", "down"]
_MODES = {"half-up": ROUND_HALF_UP, "half-even": ROUND_HALF_EVEN, "down": ROUND_DOWN}


@frozen
class Rounding:
    """How points are rounded for display: to ``places`` decimals, ``mode``
    ``half-up`` (as Kommunkompassen's reports), ``half-even`` or ``down``.
    Sums never use rounded values."""

    places: int = 0
    mode: RoundingMode = "half-up"

    def __call__(self, value: Decimal, places: int | None = None) -> Decimal:
        exponent = _numbers.step(-(self.places if places is None else places))
        return value.quantize(exponent, rounding=_MODES[self.mode], context=_numbers.CONTEXT)


@frozen
class Points:
    """The points a judgement gives, and half the step of the figure they
    come from (0 for an exact judgement such as a level): how far the exact
    value behind a figure copied from a report can be from it."""

    value: Decimal
    half_width: Decimal = Decimal(0)


Path = Sequence[str | int]
"""A key path inside the ``[scoring]`` table, such as ``("levels", 2, "percent")``."""

ROUNDING_PROPERTIES: dict[str, Any] = {
    "decimals": {
        "type": "integer",
        "minimum": 0,
        "maximum": 6,
        "x-expected": "the decimals points are shown with, from 0 to 6",
    },
    "rounding": {"enum": list(_MODES)},
}
"""The ``[scoring]`` keys every shipped rule accepts for display rounding."""

WEIGHTS_PROPERTY: dict[str, Any] = {
    "description": "Per area id, what one point of the area counts in the total (default 1).",
    "type": "object",
    "minProperties": 1,
    "propertyNames": {"$ref": "common.schema.json#/$defs/area_id"},
    "additionalProperties": {
        "type": "number",
        "exclusiveMinimum": 0,
        "x-expected": "a weight greater than 0",
    },
}


class ScoringRule:
    """A scoring rule.  Subclass it and override what differs; the defaults
    are those of ``share-of-max`` without weights.

    Every method takes the rubric's ``[scoring]`` table without its ``rule``
    key (``parameters``; whole numbers in it are ``int``, others
    :class:`~decimal.Decimal`), already checked against :meth:`parameters_schema`.
    """

    name: ClassVar[str] = ""
    """The name a rubric uses in ``[scoring] rule``, e.g. ``"share-of-max"``."""
    version: ClassVar[str] = "1"
    """Raise it whenever the rule scores anything differently."""
    summary: ClassVar[str] = ""
    """One sentence for people: what a judgement is and how it counts."""
    units: ClassVar[tuple[str, ...]] = ("points", "percent")
    """The keys a judgement gives its value under, e.g. ``{ percent = 70 }``."""

    # -- parameters --------------------------------------------------------------------

    def parameters_schema(self) -> dict[str, Any]:
        """The JSON Schema (an object schema) of the ``[scoring]`` table's keys
        other than ``rule``."""
        return {"type": "object", "properties": dict(ROUNDING_PROPERTIES)}

    def check_parameters(
        self, parameters: Mapping[str, Any], rubric: Rubric
    ) -> Iterator[tuple[Path, str]]:
        """What the schema cannot check, as (key path in ``[scoring]``, message)."""
        return iter(())

    def canonical_parameters(self, parameters: Mapping[str, Any]) -> dict[str, Any]:
        """The parameters with every default filled in and every order that does
        not matter fixed: the form the fingerprint is computed from, so that two
        ways of writing the same rule give the same fingerprint."""
        rounding = self.rounding(parameters)
        # Every parameter, numbers as plain text (2 and 2.0 alike): a rule that
        # adds parameters has them in the fingerprint without overriding this.
        return {
            **_numbers_as_text(parameters),
            "decimals": rounding.places,
            "rounding": rounding.mode,
        }

    # -- judgements --------------------------------------------------------------------

    def judgement_schema(self, parameters: Mapping[str, Any]) -> dict[str, Any]:
        """The JSON Schema of one question's judgement in an evaluation file."""
        return {
            "type": "object",
            "properties": {
                "points": {"$ref": "#/$defs/points"},
                "percent": {
                    "type": "number",
                    "minimum": 0,
                    "maximum": 100,
                    "x-expected": "a percentage from 0 to 100",
                },
                "note": {"type": "string"},
            },
            "minProperties": 1,
            "anyOf": [{"required": ["points"]}, {"required": ["percent"]}],
            "not": {"type": "object", "required": ["points", "percent"]},
            "patternProperties": {"^x-": True},
            "additionalProperties": False,
            "x-expected": "a table with exactly one of 'points' or 'percent', e.g. "
            "{ percent = 70 } (a migrated value gives points with lower and upper)",
        }

    def check_judgement(
        self, unit: str, value: Decimal, question: Question, parameters: Mapping[str, Any]
    ) -> str | None:
        """What the schema cannot check about one judgement: a message saying
        what was expected and what was found, or None when it is valid."""
        if unit == "points" and value > question.max:
            return (
                f"out of range: expected points from 0 to {plain(question.max)} (the max of "
                f"question {question.id}), found {plain(value)}"
            )
        return None

    def judge(
        self, unit: str, value: Decimal, question: Question, parameters: Mapping[str, Any]
    ) -> Points:
        """The points of a valid judgement.  A better judgement must never give
        fewer points, and no judgement more than the question's max."""
        # Judged once for each figure as written (70 and 70.0 differ in their
        # rounding step): a bulk run judges the same few figures over and over.
        return _share_of_max(unit, str(value), str(question.max))

    # -- aggregation and display -------------------------------------------------------

    def weights(self, parameters: Mapping[str, Any]) -> Mapping[str, Decimal]:
        """Area weights in the total, by area id; an area not listed weighs 1."""
        return {}

    def rounding(self, parameters: Mapping[str, Any]) -> Rounding:
        """How points are rounded for display."""
        return Rounding(int(parameters.get("decimals", 0)), parameters.get("rounding", "half-up"))

    def __repr__(self) -> str:
        return f"<scoring rule {self.name} {self.version}>"


@lru_cache(maxsize=4096)
def _share_of_max(unit: str, value_text: str, max_text: str) -> Points:
    """A judgement's points under ``share-of-max``, from the figures' texts
    (a Decimal's text gives back the same Decimal, digits and exponent)."""
    value, maximum = Decimal(value_text), Decimal(max_text)
    half = _numbers.resolution(value) * HALF
    if unit == "percent":
        return Points(
            _numbers.points_from_percent(value, maximum),
            _numbers.points_from_percent(half, maximum),
        )
    return Points(value, half)


class ShareOfMax(ScoringRule):
    """Kommunkompassen's rule, verified against the published reports."""

    name = "share-of-max"
    summary = (
        "each question is judged as a share of its max (points or percent); areas and "
        "the total are plain sums"
    )


class WeightedShareOfMax(ScoringRule):
    """Questions as in ``share-of-max``; each area counts in the total with its
    declared weight."""

    name = "weighted-share-of-max"
    summary = (
        "each question is judged as a share of its max; each area counts in the total "
        "with its weight"
    )

    def parameters_schema(self) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["weights"],
            "properties": {**ROUNDING_PROPERTIES, "weights": WEIGHTS_PROPERTY},
        }

    def check_parameters(
        self, parameters: Mapping[str, Any], rubric: Rubric
    ) -> Iterator[tuple[Path, str]]:
        yield from _unknown_weights(parameters, rubric)

    def canonical_parameters(self, parameters: Mapping[str, Any]) -> dict[str, Any]:
        return {
            **super().canonical_parameters(parameters),
            "weights": _canonical_weights(self, parameters),
        }

    def weights(self, parameters: Mapping[str, Any]) -> Mapping[str, Decimal]:
        return {area: Decimal(w) for area, w in parameters.get("weights", {}).items()}


class MaturityLevels(ScoringRule):
    """Each question judged on a small ordered scale of levels, each worth a
    declared percentage of the question's max (as maturity models such as
    OWASP SAMM score their answers); optional area weights."""

    name = "maturity-levels"
    summary = (
        "each question is judged on an ordered scale of levels, each worth a declared "
        "percentage of the question's max; areas may carry weights"
    )
    units = ("level",)

    def parameters_schema(self) -> dict[str, Any]:
        level = {
            "type": "object",
            "required": ["level", "percent"],
            "properties": {
                "level": {"type": "integer", "minimum": 0},
                "percent": {
                    "type": "number",
                    "minimum": 0,
                    "maximum": 100,
                    "x-expected": "a percentage of the question's max from 0 to 100",
                },
                "name": {"$ref": "common.schema.json#/$defs/text"},
            },
            "additionalProperties": False,
        }
        return {
            "type": "object",
            "required": ["levels"],
            "properties": {
                **ROUNDING_PROPERTIES,
                "levels": {"type": "array", "minItems": 2, "items": level},
                "weights": WEIGHTS_PROPERTY,
            },
        }

    def check_parameters(
        self, parameters: Mapping[str, Any], rubric: Rubric
    ) -> Iterator[tuple[Path, str]]:
        levels = parameters["levels"]
        for index in range(1, len(levels)):
            before, here = levels[index - 1], levels[index]
            if here["level"] <= before["level"]:
                yield (
                    ("levels", index, "level"),
                    f"levels out of order: expected a level above {before['level']}, "
                    f"found {here['level']}",
                )
            elif here["percent"] < before["percent"]:
                yield (
                    ("levels", index, "percent"),
                    f"a higher level worth less: expected at least "
                    f"{plain(Decimal(before['percent']))} (the percent of level "
                    f"{before['level']}), found {plain(Decimal(here['percent']))}",
                )
        yield from _unknown_weights(parameters, rubric)

    def canonical_parameters(self, parameters: Mapping[str, Any]) -> dict[str, Any]:
        levels = sorted(parameters["levels"], key=lambda entry: entry["level"])
        # Level names are texts: they change no score.
        return {
            **super().canonical_parameters(parameters),
            "levels": [[entry["level"], plain(Decimal(entry["percent"]))] for entry in levels],
            "weights": _canonical_weights(self, parameters),
        }

    def judgement_schema(self, parameters: Mapping[str, Any]) -> dict[str, Any]:
        levels = [entry["level"] for entry in parameters["levels"]]
        listed = ", ".join(str(level) for level in levels)
        return {
            "type": "object",
            "required": ["level"],
            "properties": {
                "level": {"enum": levels, "x-expected": f"one of the levels {listed}"},
                "note": {"type": "string"},
            },
            "patternProperties": {"^x-": True},
            "additionalProperties": False,
            "x-expected": f"a table with a level ({listed}), e.g. {{ level = {levels[-1]} }}",
        }

    def check_judgement(
        self, unit: str, value: Decimal, question: Question, parameters: Mapping[str, Any]
    ) -> str | None:
        return None  # the schema lists the levels

    def judge(
        self, unit: str, value: Decimal, question: Question, parameters: Mapping[str, Any]
    ) -> Points:
        percent = next(
            Decimal(entry["percent"]) for entry in parameters["levels"] if entry["level"] == value
        )
        return Points(_numbers.points_from_percent(percent, question.max))

    def weights(self, parameters: Mapping[str, Any]) -> Mapping[str, Decimal]:
        return {area: Decimal(w) for area, w in parameters.get("weights", {}).items()}


def _numbers_as_text(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | Decimal):
        return plain(Decimal(value))
    if isinstance(value, Mapping):
        return {key: _numbers_as_text(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_numbers_as_text(item) for item in value]
    return value


def _unknown_weights(parameters: Mapping[str, Any], rubric: Rubric) -> Iterator[tuple[Path, str]]:
    ids = [area.id for area in rubric.areas]
    for area_id in parameters.get("weights", {}):
        if area_id not in ids:
            yield (
                ("weights", area_id),
                f"unknown area: expected an area of {rubric.id} ({', '.join(ids)}), "
                f"found {area_id!r}",
            )


def _canonical_weights(rule: ScoringRule, parameters: Mapping[str, Any]) -> dict[str, str]:
    # A weight of 1 is the default: writing it out changes no score.
    return {
        area: plain(weight)
        for area, weight in sorted(rule.weights(parameters).items())
        if weight != 1
    }


def rule_errors(rule: ScoringRule, doing: str) -> AbstractContextManager[None]:
    """Turn a failure inside a (plugin's) rule into one clear KompassError,
    so that a broken rule is named instead of crashing Kompass."""
    return _RuleErrors(rule, doing)


class _RuleErrors:
    # A class rather than @contextmanager: it guards every judgement of every file,
    # and entering a generator costs several times more.
    __slots__ = ("doing", "rule")

    def __init__(self, rule: ScoringRule, doing: str) -> None:
        self.rule = rule
        self.doing = doing

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, error: Any, traceback: Any) -> None:
        from kompass_core.errors import KompassError

        if error is None or isinstance(error, KompassError) or not isinstance(error, Exception):
            return
        raise rule_failure(self.rule, self.doing, error) from error


def rule_failure(rule: ScoringRule, doing: str, error: Exception) -> KompassError:
    """The error :func:`rule_errors` raises for ``error``, raised inside ``rule``."""
    from kompass_core.errors import KompassError

    return KompassError(
        f"scoring rule {rule.name} {rule.version} failed while {doing}: expected it "
        f"to return, found {type(error).__name__}: {error}"
    )


SHARE_OF_MAX = ShareOfMax()
BUILTIN_RULES: tuple[ScoringRule, ...] = (SHARE_OF_MAX, WeightedShareOfMax(), MaturityLevels())


@hookimpl
def kompass_scoring_rules() -> Iterable[ScoringRule]:
    """The shipped rules, registered like any plugin's."""
    return BUILTIN_RULES


__all__ = [
    "BUILTIN_RULES",
    "ROUNDING_PROPERTIES",
    "WEIGHTS_PROPERTY",
    "MaturityLevels",
    "Points",
    "Rounding",
    "RoundingMode",
    "ScoringRule",
    "ShareOfMax",
    "WeightedShareOfMax",
    "rule_errors",
    "rule_failure",
]
