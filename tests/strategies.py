"""Hypothesis strategies: valid evaluation data on an installed rubric, and arbitrary or
broken documents for fuzzing."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

from hypothesis import strategies as st

from kompass_core.model import Area, Rubric


def decimals(low: Decimal, high: Decimal, max_places: int = 2) -> st.SearchStrategy[Decimal]:
    """Decimals in [low, high] with up to ``max_places`` decimal places."""

    def build(places: int) -> st.SearchStrategy[Decimal]:
        scale = 10**places
        first = int((low * scale).to_integral_value(ROUND_CEILING))
        last = int((high * scale).to_integral_value(ROUND_FLOOR))
        if first > last:  # no value with this few places lies in [low, high]
            return st.just(low)
        return st.integers(first, last).map(lambda n: Decimal(n).scaleb(-places))

    return st.integers(0, max_places).flatmap(build)


def question_score(max_points: Decimal) -> st.SearchStrategy[dict[str, Decimal]]:
    """A question judgement: points or percent, never both."""
    return st.one_of(
        decimals(Decimal(0), max_points).map(lambda v: {"points": v}),
        decimals(Decimal(0), Decimal(100), 1).map(lambda v: {"percent": v}),
    )


@st.composite
def area_part(draw: st.DrawFn, area: Area) -> tuple[str, Any]:
    """How much of one area is known: every question, some, the area score, or nothing."""
    kinds = ["questions", "some", "area", "none"] if area.questions else ["area", "none"]
    kind = draw(st.sampled_from(kinds))
    if kind == "area":
        return kind, draw(decimals(Decimal(0), area.max, 1))
    if kind == "none":
        return kind, {}
    chosen = (
        list(area.questions)
        if kind == "questions"
        else draw(st.lists(st.sampled_from(area.questions), unique=True))
    )
    return kind, {q.id: draw(question_score(q.max)) for q in chosen}


@st.composite
def evaluation_data(draw: st.DrawFn, rubric: Rubric) -> dict[str, Any]:
    """Valid evaluation data (the file format's structure) on ``rubric``."""
    scores: dict[str, Any] = {}
    area_scores: dict[str, Decimal] = {}
    complete = 0
    for area in rubric.areas:
        kind, value = draw(area_part(area))
        if kind == "area":
            area_scores[area.id] = value
        else:
            scores.update(value)
        complete += kind == "area" or (
            kind in ("questions", "some") and len(value) == len(area.questions)
        )
    data: dict[str, Any] = {
        "rubric": rubric.id,
        "subject": {"name": draw(st.text(min_size=1, max_size=20)), "kind": rubric.kind},
        "evaluation": {"date": draw(st.dates()).isoformat()},
    }
    if scores:
        data["scores"] = scores
    if area_scores:
        data["area_scores"] = area_scores
    if not rubric.areas_published or (complete < len(rubric.areas) and draw(st.booleans())):
        top = rubric.max if rubric.max is not None else Decimal(10_000)  # no max is known
        data["total"] = draw(decimals(Decimal(0), top, 0))
    return data


# -- fuzzing: arbitrary documents, and valid ones with something broken -------------------

#: Keys of evaluation, rubric and migration files (and some of their tables' keys), so
#: that arbitrary documents reach past "unknown key" into the checks behind it.
KNOWN_KEYS = (
    *("rubric", "subject", "evaluation", "source", "scores", "area_scores", "total"),
    *("stated", "findings", "migration", "name", "kind", "date", "points", "percent"),
    *("id", "version", "year", "max", "areas", "questions", "scoring", "rule", "levels"),
    *("weights", "default_language", "areas_published", "target", "method", "relation"),
    *("shift", "lower", "upper", "1", "1.1", "2", "x-note"),
)
RUBRIC_IDS = (
    "kommunkompassen-2010",
    "kommunkompassen-2016",
    "kommunkompassen-2020",
    "kommunkompassen-pre2010",
    "regionkompassen-2014",
)

#: Numbers at the edges: negative, zero, huge, tiny, too precise, NaN and infinity.
EXTREME_NUMBERS: tuple[Any, ...] = (
    Decimal("NaN"),
    Decimal("Infinity"),
    Decimal("-Infinity"),
    Decimal(-1),
    Decimal("-0.5"),
    Decimal(0),
    Decimal("-0"),
    Decimal("1E+2"),
    Decimal("100.0000000001"),
    Decimal("0.00000000001"),
    Decimal("999999999999999"),
    Decimal("1E+15"),
    Decimal("1e-10"),
    10**30,
    -(10**30),
    2**63,
    1e308,
    5e-324,
    float("nan"),
)

#: Other values a broken file holds where something else belongs.
ODD_VALUES: tuple[Any, ...] = (
    True,
    False,
    "",
    " ",
    "\n",
    "\x00",
    "1.1",
    "70",
    "2015-02-30",
    "2016-02-29",
    "0000",
    "x" * 300,
    *RUBRIC_IDS,
    [],
    {},
    [1, "two"],
    {"points": 1, "percent": 2},
    {"points": 5, "lower": 6, "upper": 4},
    dt.date(2015, 10, 1),
    dt.datetime(2015, 10, 1, 12, 30),
    dt.time(12, 30),
)

_KEYS = st.one_of(st.sampled_from(KNOWN_KEYS), st.text(max_size=8))


def json_values(nulls: bool = True) -> st.SearchStrategy[Any]:
    """Any JSON-like value (``nulls``: with null, which TOML cannot write)."""
    scalars = st.one_of(
        st.booleans(),
        st.integers(),
        st.floats(),
        st.decimals(allow_nan=False),
        st.text(max_size=12),
        st.sampled_from(RUBRIC_IDS),
        st.sampled_from(EXTREME_NUMBERS),
        *([st.none()] if nulls else []),
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4), st.dictionaries(_KEYS, inner, max_size=5)
        ),
        max_leaves=25,
    )


def documents(nulls: bool = True) -> st.SearchStrategy[dict[str, Any]]:
    """An arbitrary document: a table of any keys and values."""
    return st.dictionaries(_KEYS, json_values(nulls), max_size=8)


def _places(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The paths of every value inside ``value`` (not ``value`` itself)."""
    found: list[tuple[Any, ...]] = []
    if isinstance(value, dict | list):
        for key, item in value.items() if isinstance(value, dict) else enumerate(value):
            found.append((*path, key))
            found.extend(_places(item, (*path, key)))
    return found


def _is_number(value: Any) -> bool:
    return isinstance(value, int | Decimal) and not isinstance(value, bool)


def _nudged(value: int | Decimal) -> list[int | Decimal]:
    """Numbers near ``value``, at the edges of a score's range, or far beyond them (an
    integer stays one, so that a file writes it as one)."""
    step, tiny = Decimal("0.01"), Decimal("1e-10")
    return [value + step, value - step, value + tiny, value * 10, value * 10**30 + 1, 0]


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        data = data[part]
    return data


# Nudging often leaves a file valid, with values at the edges: weighted to reach past
# validation into scoring, migration and output.
_HOW = ("delete", "replace", "number", "rename", "wrap", "odd", "nudge", "nudge", "nudge")


@st.composite
def mutated(draw: st.DrawFn, data: dict[str, Any], nulls: bool = True) -> dict[str, Any]:
    """``data`` with one to three things broken: a value deleted, replaced by one of
    another type or by an extreme number, a number nudged, a key renamed, a value
    wrapped in a list."""
    result = copy.deepcopy(data)
    for _ in range(draw(st.integers(1, 3))):
        places = _places(result)
        if not places:
            break
        how = draw(st.sampled_from(_HOW))
        numbers = [p for p in places if _is_number(_parent(result, p)[p[-1]])]
        if how == "nudge" and numbers:  # a number a little off, or at an edge
            path = draw(st.sampled_from(numbers))
            parent, key = _parent(result, path), path[-1]
            parent[key] = draw(st.sampled_from(_nudged(parent[key])))
            continue
        path = draw(st.sampled_from(places))
        parent, key = _parent(result, path), path[-1]
        if how == "delete":
            del parent[key]
        elif how == "replace":
            parent[key] = draw(json_values(nulls))
        elif how == "number":
            parent[key] = draw(st.sampled_from(EXTREME_NUMBERS))
        elif how == "odd":
            parent[key] = copy.deepcopy(draw(st.sampled_from(ODD_VALUES)))  # [] and {} change
        elif how == "wrap":
            parent[key] = [parent[key]]
        elif isinstance(parent, dict):
            parent[draw(_KEYS)] = parent.pop(key)
    return result


#: Any number a file can hold, every order of magnitude alike: integers up to 45 digits,
#: decimals from 20 places to 50 digits, and the extremes (NaN, infinity, -0).
any_numbers: st.SearchStrategy[Any] = st.one_of(
    st.sampled_from(EXTREME_NUMBERS),
    st.integers(0, 45).flatmap(lambda e: st.integers(-(10**e), 10**e)),
    st.builds(
        lambda digits, exponent: Decimal(digits).scaleb(exponent),
        st.integers(-(10**20), 10**20),
        st.integers(-20, 30),
    ),
)


@st.composite
def renumbered(draw: st.DrawFn, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with one of its numbers replaced by any number."""
    result = copy.deepcopy(data)
    numbers = [p for p in _places(result) if _is_number(_parent(result, p)[p[-1]])]
    if numbers:
        path = draw(st.sampled_from(numbers))
        _parent(result, path)[path[-1]] = draw(any_numbers)
    return result
