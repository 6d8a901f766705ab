"""Hypothesis properties of scoring, rounding and the file formats."""

from __future__ import annotations

import copy
import json
import math
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import pytest
import tomli_w
from hypothesis import example, given, settings
from hypothesis import strategies as st

import kompass_core as kompass
from kompass_core._numbers import plain
from kompass_core._output import dumps, table, to_json_number
from kompass_core.cli import main

from .conftest import EXAMPLES
from .strategies import decimals, evaluation_data

RUBRIC = kompass.get_rubric("kommunkompassen-2010")
RUBRICS = list(kompass.default_registry().rubrics())


def _score(data: dict[str, Any]) -> kompass.ScoreResult:
    return kompass.score(kompass.evaluation_from_data(data))


@given(st.sampled_from(RUBRICS).flatmap(evaluation_data))
def test_area_points_are_sums_of_unrounded_question_points(data: dict[str, Any]) -> None:
    """An area scored by questions is the exact sum of its unrounded question points."""
    result = _score(data)
    for area in result.areas:
        known = [q.points for q in area.questions if q.points is not None]
        if area.basis == "questions":
            assert area.points == sum(known, Decimal(0))
            assert all(q.points is not None for q in area.questions)
        elif area.basis in ("partial", "none") and area.area.questions:
            assert area.points is None
            assert area.lower == sum(known, Decimal(0))
            missing = sum((q.max for q in area.questions if q.points is None), Decimal(0))
            assert area.upper == area.lower + missing


@given(st.sampled_from(RUBRICS).flatmap(evaluation_data))
def test_points_never_exceed_maxima(data: dict[str, Any]) -> None:
    """Question, area and total points, and their ranges, stay within [0, max]."""
    result = _score(data)
    for area in result.areas:
        for q in area.questions:
            assert q.points is None or 0 <= q.points <= q.max
        assert 0 <= area.lower <= area.upper <= area.max
        assert area.points is None or area.lower <= area.points <= area.upper
    total = result.total
    top = total.max if total.max is not None else total.upper  # a scale of unknown maximum
    assert 0 <= total.lower <= total.upper <= top
    assert total.points is None or 0 <= total.points <= top


@given(st.sampled_from(RUBRICS).flatmap(evaluation_data))
def test_total_is_known_exactly_when_every_area_is(data: dict[str, Any]) -> None:
    """The total is the exact sum of the areas when all are known; else given or unknown."""
    result = _score(data)
    if result.areas and all(a.points is not None for a in result.areas):
        assert result.total.points == sum((a.points for a in result.areas if a.points), Decimal(0))
        assert result.total.basis == "areas"
    elif "total" in data:
        assert result.total.points == data["total"]
    else:
        assert result.total.points is None


@given(st.sampled_from(RUBRICS).flatmap(evaluation_data), st.data())
def test_raising_a_question_never_lowers_its_area(
    data: dict[str, Any], more: st.DataObject
) -> None:
    """A better judgement of one question never lowers its area or the total."""
    scores = data.get("scores", {})
    if not scores:
        return
    qid = more.draw(st.sampled_from(sorted(scores)))
    rubric = kompass.get_rubric(data["rubric"])
    _, question = rubric.find_question(qid) or (None, None)
    assert question is not None
    before = _score(data)
    old = scores[qid]
    unit, value = next(iter(old.items()))
    ceiling = question.max if unit == "points" else Decimal(100)
    better = more.draw(decimals(value, ceiling))
    after = _score({**data, "scores": {**scores, qid: {unit: better}}})
    area_id = qid.split(".")[0]
    assert after.area(area_id).lower >= before.area(area_id).lower
    if before.area(area_id).points is not None:
        assert after.area(area_id).points >= before.area(area_id).points  # type: ignore[operator]
    if before.total.points is not None and before.total.basis == "areas":
        assert after.total.points >= before.total.points  # type: ignore[operator]


def _plain(value: Any) -> Any:
    """Decimals as floats, for writers that know no Decimal (their repr is the same text)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _figures(result: kompass.ScoreResult) -> list[Any]:
    return [(a.points, a.lower, a.upper) for a in result.areas] + [result.total.points]


@settings(max_examples=50)
@given(st.sampled_from(RUBRICS).flatmap(evaluation_data))
def test_toml_json_round_trip_gives_the_same_scores(
    tmp_path_factory: Any, data: dict[str, Any]
) -> None:
    """A valid evaluation written as TOML and as JSON scores the same both ways."""
    folder: Path = tmp_path_factory.mktemp("round-trip")
    toml_file, json_file = folder / "e.toml", folder / "e.json"
    toml_file.write_text(tomli_w.dumps(_plain(data)), "utf-8")
    json_file.write_text(json.dumps(_plain(data), ensure_ascii=False), "utf-8")
    from_toml, from_json = kompass.score_file(toml_file), kompass.score_file(json_file)
    assert _figures(from_toml) == _figures(from_json) == _figures(_score(data))


@given(st.decimals(allow_nan=False, allow_infinity=False, places=3), st.integers(0, 2))
def test_display_rounding_is_half_up(value: Decimal, places: int) -> None:
    """round_half_up rounds to nearest and halves away from zero, unlike round()."""
    rounded = kompass.round_half_up(value, places)
    exact = Fraction(value)
    step = Fraction(1, 10**places)
    # the reference: floor(|x| / step + 1/2) * step, signed
    reference = math.floor(abs(exact) / step + Fraction(1, 2)) * step
    assert Fraction(rounded) == (reference if exact >= 0 else -reference)


def test_half_up_differs_from_builtin_round() -> None:
    """10.5 rounds to 11 for display, where Python's round() gives 10."""
    assert kompass.round_half_up(Decimal("10.5")) == 11
    assert round(10.5) == 10
    assert kompass.round_half_up(Decimal("12.45"), 1) == Decimal("12.5")


@given(  # numbers as files may hold them: 15 digits before the point, 10 after
    st.integers(0, 10).flatmap(
        lambda places: st.decimals(min_value=-(10**15), max_value=10**15, places=places)
    )
)
@example(Decimal("1E+2"))
@example(Decimal("100.00"))
@example(Decimal("-0"))
@example(Decimal("0E-7"))
@example(Decimal("-12.50"))
def test_plain_writes_a_decimal_without_exponent_or_trailing_zeros(value: Decimal) -> None:
    """plain(x) reads back as x, with no exponent and no trailing zeros after a point."""
    text = plain(value)
    assert Decimal(text) == value
    assert "E" not in text.upper()
    assert not ("." in text and text.endswith(("0", ".")))


_cells = st.text(st.characters(blacklist_categories=["Cc", "Cs"]), max_size=6)


@given(
    st.integers(1, 5).flatmap(
        lambda n: st.tuples(
            st.lists(st.lists(_cells, min_size=n, max_size=n), min_size=1, max_size=6),
            st.text("<>", min_size=n, max_size=n),
        )
    )
)
def test_table_pads_each_column_to_its_widest_cell(rows_align: tuple[list[list[str]], str]) -> None:
    """Every cell starts where its column starts, padded on the side ``align`` says."""
    rows, align = rows_align
    widths = [max(len(row[i]) for row in rows) for i in range(len(align))]
    expected = [
        "  ".join(
            cell.ljust(width) if how == "<" else cell.rjust(width)
            for cell, width, how in zip(row, widths, align, strict=True)
        ).rstrip()
        for row in rows
    ]
    assert table(rows, align) == "\n".join(expected)


@given(
    st.lists(
        st.integers(0, 10).flatmap(
            lambda places: st.decimals(min_value=-(10**15), max_value=10**15, places=places)
        ),
        max_size=30,
    )
)
@example([Decimal("70"), Decimal("70.0"), Decimal("-0"), Decimal("0.10"), Decimal("1E+2")])
def test_json_numbers_are_the_same_whether_met_before_or_not(values: list[Decimal]) -> None:
    """dumps() writes each Decimal as to_json_number() gives it, the first time or again."""
    expected = json.dumps([to_json_number(v) for v in values], separators=(",", ":"))
    assert dumps(values, line=True) == expected + "\n"
    assert dumps(values, line=True) == expected + "\n"  # now from the dict of numbers met


def test_json_output_refuses_what_is_not_a_json_value() -> None:
    """A value neither JSON nor a Decimal is a TypeError, as with json itself, even
    when it equals a Decimal written before."""
    dumps([Decimal("0.5"), Decimal(7)], line=True)
    for value in (Fraction(1, 2), complex(7, 0), Fraction(1, 3), object(), {1, 2}):
        with pytest.raises(TypeError, match="is not JSON serializable"):
            dumps({"x": value}, line=True)


MUTATIONS = [
    ("scores", "1.1", {"percent": Decimal("100.5")}),
    ("scores", "1.1", {"percent": Decimal("-1")}),
    ("scores", "1.1", {"points": Decimal("15.01")}),
    ("scores", "1.4", {"points": Decimal("-0.5")}),
    ("area_scores", "3", Decimal("100.5")),
    ("area_scores", "3", Decimal("-2")),
]


@settings(max_examples=40)
@given(
    st.sampled_from(sorted(Path(__file__).parent.parent.joinpath("examples").glob("*.toml"))),
    st.sampled_from(MUTATIONS),
)
def test_mutated_examples_are_rejected(
    tmp_path_factory: Any, example: Path, mutation: tuple[str, str, Any]
) -> None:
    """Every example validates; a copy with an out-of-range score does not, and says where."""
    import tomllib

    assert kompass.validate_file(example) == [] or example.name == "kramfors-2011.toml"
    data = tomllib.loads(example.read_text("utf-8"), parse_float=Decimal)
    table, key, value = mutation
    if table == "scores":
        area = key.split(".")[0]
        data.get("area_scores", {}).pop(area, None)
        data.pop("total", None)
        data.setdefault("scores", {})[key] = value
    else:
        for qid in [q for q in data.get("scores", {}) if q.split(".")[0] == key]:
            del data["scores"][qid]
        data.pop("total", None)
        data.setdefault("area_scores", {})[key] = value
    bad = tmp_path_factory.mktemp("mutated") / example.name
    bad.write_text(tomli_w.dumps(_plain(data)), "utf-8")
    problems = kompass.validate_file(bad)
    errors = [p for p in problems if p.severity == "error"]
    assert len(errors) == 1, problems
    assert errors[0].path is not None
    assert errors[0].path.startswith(f'{table}."{key}"')
    assert main(["validate", "-q", str(bad)]) == 1


def _with_extras(draw: st.DrawFn, rubric: kompass.Rubric) -> dict[str, Any]:
    """Valid evaluation data, now and then with stated figures (that may well
    disagree with the scores) or a subject of the other kind."""
    data = draw(evaluation_data(rubric))
    stated: dict[str, Any] = {}
    if draw(st.booleans()):
        stated["total"] = draw(decimals(Decimal(0), rubric.max or Decimal(1000), 1))
    for area in rubric.areas:
        if draw(st.integers(0, 9)) == 0:
            stated.setdefault("areas", {})[area.id] = draw(decimals(Decimal(0), area.max, 1))
        for question in area.questions:
            if draw(st.integers(0, 29)) == 0:
                figure = draw(decimals(Decimal(0), question.max, 1))
                stated.setdefault("questions", {})[question.id] = figure
    if stated and draw(st.booleans()):
        data["stated"] = stated
    if draw(st.integers(0, 4)) == 0:
        data["subject"]["kind"] = "region" if rubric.kind == "municipality" else "municipality"
    return data


_MIGRATED = [
    kompass.migrate_file(path, target).evaluation
    for path in sorted(EXAMPLES.glob("*.toml"))[:3]
    for target in ("kommunkompassen-2016", "kommunkompassen-pre2010")
]


@settings(max_examples=300)
@given(
    st.one_of(st.sampled_from(RUBRICS).flatmap(st.composite(_with_extras)), st.none()), st.data()
)
def test_validation_scores_whenever_scoring_can_warn(
    data: dict[str, Any] | None, draw: st.DataObject
) -> None:
    """When can_warn says no, scoring adds no warning to the evaluation's own
    (validation then leaves scoring out)."""
    from kompass_core.scoring import can_warn, score

    if data:
        evaluation = kompass.evaluation_from_data(data)
    else:  # a migrated evaluation, now and then written for other rubric data
        evaluation = draw.draw(st.sampled_from(_MIGRATED))
        if draw.draw(st.booleans()):
            provenance = copy.deepcopy(dict(evaluation.provenance or {}))
            provenance["steps"][-1]["target_stamp"]["fingerprint"] = "sha256:" + "0" * 64
            evaluation = attrs.evolve(evaluation, provenance=provenance)
    rubric = kompass.get_rubric(evaluation.rubric_id)
    result = score(evaluation, rubric)
    if not can_warn(evaluation, rubric):
        assert result.warnings == evaluation.warnings
