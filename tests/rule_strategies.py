"""Hypothesis strategies for the scoring rules: small valid rubrics naming each shipped
rule, judgements in the rule's units, rewritings of a rubric file that keep everything
that decides a score, and changes that alter a score.

Rubrics are plain data (the file format's structure), numbers ``int`` or
:class:`~decimal.Decimal`, never float.  Every rubric drawn here is valid by
construction: question maxima add up to their area's max, and the area maxima times
their weights to the rubric's max.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import strategies as st

from .rubric_strategies import written
from .strategies import decimals

RULES = ("share-of-max", "weighted-share-of-max", "maturity-levels")
MODES = ("half-up", "half-even", "down")
AREA_IDS = ("A", "B", "C", "1", "2")
WEIGHTED = frozenset({"weighted-share-of-max", "maturity-levels"})

Data = dict[str, Any]

#: A question's max as written: a whole number, or a number with one decimal.
maxima: st.SearchStrategy[int | Decimal] = st.one_of(
    st.integers(1, 20), st.integers(1, 200).map(lambda n: Decimal(n).scaleb(-1))
)

#: An area's weight (never 0): whole, or a short decimal.
weights: st.SearchStrategy[int | Decimal] = st.one_of(
    st.integers(1, 4), st.sampled_from((Decimal("0.5"), Decimal("1.5"), Decimal("2.25")))
)

#: A level's percentage: whole, or with one decimal.
percents: st.SearchStrategy[int | Decimal] = st.one_of(
    st.integers(0, 100), st.integers(0, 1000).map(lambda n: Decimal(n).scaleb(-1))
)

#: Short texts (kept printable: the point is that texts do not matter, not how they are read).
words = st.text(st.characters(categories=("L", "N", "Zs")), min_size=1, max_size=12)


def text(value: str) -> dict[str, str]:
    return {"sv": value}


def weight_of(data: Data, area_id: str) -> Decimal:
    """The weight an area counts with in the total (1 when none is given)."""
    return Decimal(data.get("scoring", {}).get("weights", {}).get(area_id, 1))


def weighted_max(data: Data) -> Decimal:
    """The rubric max the areas and weights imply."""
    return sum((weight_of(data, a["id"]) * Decimal(a["max"]) for a in data["areas"]), Decimal(0))


def area_sum(area: Data) -> Decimal:
    return sum((Decimal(q["max"]) for q in area["questions"]), Decimal(0))


@st.composite
def level_scales(draw: st.DrawFn) -> list[Data]:
    """2-4 levels: strictly increasing levels, non-decreasing percentages."""
    count = draw(st.integers(2, 4))
    level = draw(st.integers(0, 2))
    levels = [level]
    for step in draw(st.lists(st.integers(1, 3), min_size=count - 1, max_size=count - 1)):
        levels.append(levels[-1] + step)
    shares = sorted(draw(st.lists(percents, min_size=count, max_size=count)))
    scale = []
    for number, percent in zip(levels, shares, strict=True):
        entry: Data = {"level": number, "percent": percent}
        if draw(st.booleans()):
            entry["name"] = text(draw(words))
        scale.append(entry)
    return scale


@st.composite
def rule_rubrics(draw: st.DrawFn, rule: str, min_areas: int = 1) -> Data:
    """A small valid rubric naming ``rule``; its first area has at least two questions."""
    ids = draw(st.lists(st.sampled_from(AREA_IDS), min_size=min_areas, max_size=3, unique=True))
    areas = []
    for index, area_id in enumerate(ids):
        count = draw(st.integers(2 if index == 0 else 1, 3))
        questions = [
            {"id": f"{area_id}.{n}", "text": text(draw(words)), "max": draw(maxima)}
            for n in range(1, count + 1)
        ]
        areas.append(
            {"id": area_id, "name": text(draw(words)), "max": area_sum({"questions": questions})}
        )
        areas[-1]["questions"] = questions
    scoring: Data = {"rule": rule}
    if draw(st.booleans()):
        scoring["decimals"] = draw(st.integers(0, 6))
    if draw(st.booleans()):
        scoring["rounding"] = draw(st.sampled_from(MODES))
    if rule == "maturity-levels":
        scoring["levels"] = draw(level_scales())
    if rule == "weighted-share-of-max" or (rule == "maturity-levels" and draw(st.booleans())):
        chosen = draw(st.lists(st.sampled_from(ids), min_size=1, unique=True))
        scoring["weights"] = {area_id: draw(weights) for area_id in chosen}
    data: Data = {
        "id": "regelprov-2024",
        "version": "1",
        "name": text(draw(words)),
        "year": 2024,
        "kind": "municipality",
        "scoring": scoring,
        "areas": areas,
    }
    data["max"] = weighted_max(data)
    return data


# -- judgements ----------------------------------------------------------------------


def share(judgement: Data, question: Data, scoring: Data) -> Fraction:
    """The share of the question's max a judgement is worth, computed here, not by Kompass."""
    if "level" in judgement:
        entry = next(e for e in scoring["levels"] if e["level"] == judgement["level"])
        return Fraction(entry["percent"]) / 100
    if "percent" in judgement:
        return Fraction(judgement["percent"]) / 100
    return Fraction(judgement["points"]) / Fraction(question["max"])


def judgements(data: Data, question: Data) -> st.SearchStrategy[Data]:
    """A judgement of one question in the units of the rubric's rule."""
    scoring = data["scoring"]
    if scoring["rule"] == "maturity-levels":
        return st.sampled_from([e["level"] for e in scoring["levels"]]).map(
            lambda level: {"level": level}
        )
    top = Decimal(question["max"])
    return st.one_of(
        decimals(Decimal(0), Decimal(100), 1).map(lambda v: {"percent": v}),
        decimals(Decimal(0), top, 2).map(lambda v: {"points": v}),
    )


@st.composite
def migrated_values(draw: st.DrawFn, question: Data) -> Data:
    """A migrated value: points with the range it is known to lie in."""
    top = Decimal(question["max"])
    bounds = sorted(draw(st.lists(decimals(Decimal(0), top, 2), min_size=3, max_size=3)))
    return {"lower": bounds[0], "points": bounds[1], "upper": bounds[2]}


def questions_of(data: Data) -> list[Data]:
    return [q for a in data["areas"] for q in a["questions"]]


def evaluation(data: Data, scores: Data) -> Data:
    """Evaluation data on the rubric ``data`` with the given question scores."""
    return {
        "rubric": data["id"],
        "subject": {"name": "Provby", "kind": "municipality"},
        "evaluation": {"date": "2024-05-01"},
        "scores": scores,
    }


# -- writing files -------------------------------------------------------------------


def _whole_as_int(value: Any) -> Any:
    """tomli_w writes Decimal("15") as the float 15.0; a whole Decimal is written as 15."""
    if isinstance(value, Decimal) and value == value.to_integral_value():
        exponent = value.as_tuple().exponent
        assert isinstance(exponent, int)
        return int(value) if exponent >= 0 else value
    if isinstance(value, dict):
        return {k: _whole_as_int(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_whole_as_int(v) for v in value]
    return value


def json_text(value: Any) -> str:
    """JSON with every Decimal written digit for digit (15.00 stays 15.00)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)}: {json_text(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(json_text(v) for v in value) + "]"
    if isinstance(value, Decimal):
        return format(value, "f")
    return json.dumps(value, ensure_ascii=False)


def write(folder: Path, data: Data, fmt: str = "toml", name: str = "rubrik") -> Path:
    """``data`` as a TOML or JSON rubric file in ``folder``."""
    path = folder / f"{name}.{fmt}"
    if fmt == "toml":
        path.write_text(tomli_w.dumps(_whole_as_int(data)), "utf-8")
    else:
        path.write_text(json_text(data), "utf-8")
    return path


# -- rewritings that keep the fingerprint ----------------------------------------------


@st.composite
def _shuffled(draw: st.DrawFn, value: Any, reorder: bool = True) -> Any:
    """``value`` with every table's keys in a drawn order, and areas and questions too."""
    if isinstance(value, dict):
        keys = draw(st.permutations(list(value)))
        return {k: draw(_shuffled(value[k], reorder=k in ("areas", "questions"))) for k in keys}
    if isinstance(value, list):
        items = [draw(_shuffled(item)) for item in value]
        return draw(st.permutations(items)) if reorder else items
    return value


@st.composite
def rewritings(draw: st.DrawFn, original: Data) -> tuple[Data, str]:
    """The same rubric written another way, and the format to write it in: other texts,
    numbers written differently (15, 15.0, 15.00), defaults written out or left out,
    tables, areas and questions in another order; never a change that alters a score."""
    data = copy.deepcopy(original)
    scoring = data["scoring"]
    rule = scoring["rule"]
    data["name"] = text(draw(words))
    if draw(st.booleans()):
        data["description"] = text(draw(words))
    data["max"] = draw(written(Decimal(data["max"])))
    for area in data["areas"]:
        area["name"] = text(draw(words))
        area["max"] = draw(written(Decimal(area["max"])))
        for question in area["questions"]:
            question["text"] = text(draw(words))
            question["max"] = draw(written(Decimal(question["max"])))
    for entry in scoring.get("levels", []):
        entry["percent"] = draw(written(Decimal(entry["percent"])))
        if draw(st.booleans()):
            entry["name"] = text(draw(words))
        elif draw(st.booleans()):
            entry.pop("name", None)
    # Defaults written out, or left out when the original wrote them.
    for key, default in (("decimals", 0), ("rounding", "half-up")):
        if scoring.get(key, default) == default:
            if draw(st.booleans()):
                scoring[key] = default
            else:
                scoring.pop(key, None)
    if rule in WEIGHTED:
        given = dict(scoring.get("weights", {}))
        for area in data["areas"]:
            if given.get(area["id"], 1) == 1 and draw(st.booleans()):
                given[area["id"]] = draw(written(Decimal(1)))
            elif given.get(area["id"], 1) == 1:
                given.pop(area["id"], None)
        given = {k: draw(written(Decimal(v))) for k, v in given.items()}
        if given:
            scoring["weights"] = given
        elif rule == "weighted-share-of-max":  # weights are required: keep one, written as 1
            scoring["weights"] = {data["areas"][0]["id"]: 1}
        else:
            scoring.pop("weights", None)
    if rule == "share-of-max" and set(scoring) == {"rule"} and draw(st.booleans()):
        del data["scoring"]  # share-of-max is the default rule
    return draw(_shuffled(data)), draw(st.sampled_from(("toml", "json")))


# -- changes that alter a score ----------------------------------------------------------

Change = Callable[[st.DrawFn, Data], None]


def _other(draw: st.DrawFn, strategy: st.SearchStrategy[Any], current: Any) -> Any:
    return draw(strategy.filter(lambda value: Decimal(value) != Decimal(current)))


def change_question_max(draw: st.DrawFn, data: Data) -> None:
    """A question's max, with its area's and the rubric's max following."""
    area = draw(st.sampled_from(data["areas"]))
    question = draw(st.sampled_from(area["questions"]))
    question["max"] = _other(draw, maxima, question["max"])
    area["max"] = area_sum(area)
    data["max"] = weighted_max(data)


def change_weight(draw: st.DrawFn, data: Data) -> None:
    """One area's weight, with the rubric's max following."""
    area = draw(st.sampled_from(data["areas"]))
    table = data["scoring"].setdefault("weights", {})
    table[area["id"]] = _other(draw, weights, weight_of(data, area["id"]))
    data["max"] = weighted_max(data)


def change_level_percent(draw: st.DrawFn, data: Data) -> None:
    """One level's percentage, still between its neighbours'."""
    levels = data["scoring"]["levels"]
    room = []
    for index in range(len(levels)):
        low = Decimal(levels[index - 1]["percent"]) if index else Decimal(0)
        high = Decimal(levels[index + 1]["percent"]) if index + 1 < len(levels) else Decimal(100)
        if low < high:
            room.append((index, low, high))
    index, low, high = draw(st.sampled_from(room))  # never empty: see level_scales
    current = Decimal(levels[index]["percent"])
    tenths = [Decimal(n).scaleb(-1) for n in range(int(low * 10), int(high * 10) + 1)]
    levels[index]["percent"] = draw(st.sampled_from([t for t in tenths if t != current]))


def change_decimals(draw: st.DrawFn, data: Data) -> None:
    """The number of decimals points are shown with."""
    scoring = data["scoring"]
    current = scoring.get("decimals", 0)
    scoring["decimals"] = draw(st.integers(0, 6).filter(lambda n: n != current))


def change_rounding(draw: st.DrawFn, data: Data) -> None:
    """The rounding mode."""
    scoring = data["scoring"]
    current = scoring.get("rounding", "half-up")
    scoring["rounding"] = draw(st.sampled_from([m for m in MODES if m != current]))


def change_rule(draw: st.DrawFn, data: Data) -> None:
    """Another rule: share-of-max becomes weighted-share-of-max with weight 1 (which
    scores the same), the others become share-of-max."""
    scoring = data["scoring"]
    scoring.pop("levels", None)
    scoring.pop("weights", None)
    if scoring["rule"] == "share-of-max":
        scoring["rule"] = "weighted-share-of-max"
        scoring["weights"] = {data["areas"][0]["id"]: 1}
    else:
        scoring["rule"] = "share-of-max"
    data["max"] = weighted_max(data)


def move_question(draw: st.DrawFn, data: Data) -> None:
    """A question moved from the first area (which has two or more) to another area;
    its id follows its area, maxima follow."""
    source = data["areas"][0]
    target = draw(st.sampled_from(data["areas"][1:]))
    question = source["questions"].pop(draw(st.integers(0, len(source["questions"]) - 1)))
    question["id"] = f"{target['id']}.flyttad"
    target["questions"].append(question)
    source["max"], target["max"] = area_sum(source), area_sum(target)
    data["max"] = weighted_max(data)


#: Every change, and the rules it applies to.
CHANGES: dict[str, tuple[Change, tuple[str, ...]]] = {
    "question max": (change_question_max, RULES),
    "weight": (change_weight, ("weighted-share-of-max", "maturity-levels")),
    "level percent": (change_level_percent, ("maturity-levels",)),
    "decimals": (change_decimals, RULES),
    "rounding": (change_rounding, RULES),
    "rule": (change_rule, RULES),
    "move a question": (move_question, RULES),
}


@st.composite
def changed(draw: st.DrawFn, original: Data, change: Change) -> Data:
    """``original`` with one change applied."""
    data = copy.deepcopy(original)
    change(draw, data)
    return data
