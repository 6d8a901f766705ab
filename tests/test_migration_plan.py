"""The migration engine, made fast, gives exactly what it gave before.

``kompass_core/migration.py`` derives what depends on a migration and its
rubrics once (a plan), computes with its own exact rationals (``_Q``) instead
of ``fractions.Fraction``, reads the greedy fill of a tie off prefix sums, and
builds the migrated evaluation without the schema check.  Each of these is
held here to what it replaced:

A. ``_Q`` computes what ``Fraction`` computes, and values are written as
   before, to the digit and the exponent.
B. The fill from prefix sums is the greedy fill.
C. The engine against the engine before (``tests/migration_reference.py``,
   Fraction throughout and full validation of every migrated evaluation): the
   same data (compared by ``repr``: every key in its order, every Decimal with
   its exponent), the same evaluation (every field, provenance, warnings and
   origin included), the same errors; for Hypothesis cases on every shipped
   migration, with figures of up to ten decimal places, migrated on once more
   to every rubric, and for every example to every rubric.
D. The migrated evaluation is what full validation reads from its data.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kompass_core as kompass
from kompass_core import migration
from kompass_core.migration import _Q, _decimal, _Fill, _reduced
from kompass_core.model import Evaluation, EvaluationDate, Subject

from . import migration_reference as reference
from .conftest import EXAMPLES
from .strategies import decimals

REGISTRY = kompass.default_registry()
RUBRICS = {r.id: r for r in REGISTRY.rubrics()}
MIGRATIONS = {m.id: m for m in REGISTRY.migrations()}


# == A. The rationals ==============================================================================

# Small numbers meet often (equal values, zero); large ones test the arithmetic.
_NUMERATORS = st.one_of(st.integers(-60, 60), st.integers(-(10**22), 10**22))
_DENOMINATORS = st.one_of(
    st.integers(1, 12),
    st.integers(1, 10**13),
    st.builds(
        lambda a, b, c: 2**a * 5**b * c, st.integers(0, 14), st.integers(0, 14), st.integers(1, 9)
    ),
)
RATIONALS = st.tuples(_NUMERATORS, _DENOMINATORS)


def _same(found: _Q, expected: Fraction) -> None:
    assert isinstance(found, _Q)
    assert (found.n, found.d) == (expected.numerator, expected.denominator)


@settings(max_examples=500)
@given(RATIONALS, RATIONALS)
def test_q_computes_what_fraction_computes(a: tuple[int, int], b: tuple[int, int]) -> None:
    fa, fb = Fraction(*a), Fraction(*b)
    qa, qb = _reduced(*a), _reduced(*b)
    _same(qa, fa)
    for op in (operator.add, operator.sub, operator.mul):
        _same(op(qa, qb), op(fa, fb))
    if fb:
        _same(qa / qb, fa / fb)
    else:
        with pytest.raises(ZeroDivisionError):
            qa / qb
    for compare in (operator.lt, operator.le, operator.gt, operator.ge, operator.eq, operator.ne):
        assert compare(qa, qb) == compare(fa, fb)
    assert bool(qa) == bool(fa)


@given(decimals(Decimal(-(10**6)), Decimal(10**6), 10))
def test_q_of_a_decimal_is_its_fraction(value: Decimal) -> None:
    _same(_Q.of(value), Fraction(value))


# Every value written lies below 10**15 (a number's limit; each value is clamped to a
# max, and a total without a max is checked against that limit).  Beyond 28 digits
# (10**18 with ten places) the engine before rounded in Python's default context.
WRITTEN = _DENOMINATORS.flatmap(
    lambda d: st.tuples(st.integers(-(10**15) * d + 1, 10**15 * d - 1), st.just(d))
)


@settings(max_examples=500)
@given(
    WRITTEN | RATIONALS.filter(lambda v: abs(v[0]) < 10**15 * v[1]),
    st.sampled_from([ROUND_HALF_UP, ROUND_FLOOR, ROUND_CEILING]),
)
def test_values_are_written_as_before(value: tuple[int, int], rounding: str) -> None:
    """To ten places, half up, down or up, with no exponent and no trailing
    zeros: the same digits and the same exponent as before."""
    expected = reference._decimal(Fraction(*value), rounding)
    found = _decimal(_reduced(*value), rounding)
    assert found == expected
    assert found.as_tuple() == expected.as_tuple()


def test_values_beyond_the_digits_of_a_context_are_written_exactly() -> None:
    """No value Kompass writes comes near, but none is rounded either."""
    half = _decimal(_reduced(10**70 + 1, 2))
    assert Fraction(half) == Fraction(10**70 + 1, 2)
    assert half.as_tuple().exponent == -1
    third = Fraction(_decimal(_reduced(10**70 + 1, 3), ROUND_FLOOR))
    assert third * 3 < 10**70 + 1 < (third + Fraction(1, 10**10)) * 3


# == B. The fill of a tie ==========================================================================


@st.composite
def _fills(draw: st.DrawFn) -> tuple[dict[str, Fraction], dict[str, Fraction], Fraction]:
    names = [f"q{i}" for i in range(draw(st.integers(0, 7)))]
    small = st.tuples(st.integers(0, 40), st.integers(1, 6)).map(lambda p: Fraction(*p))
    maxima = {s: draw(small) for s in names}
    # Few distinct coefficients, so that equal ones (and zeros) are common.
    coefficients = {
        s: draw(st.sampled_from([Fraction(0), Fraction(1, 3), Fraction(4, 3)]) | small)
        for s in names
    }
    whole = sum(maxima.values(), Fraction(0))
    amount = draw(st.sampled_from([Fraction(0), whole, whole + 1]) | small)
    return coefficients, maxima, amount


def _q(value: Fraction) -> _Q:
    return _reduced(value.numerator, value.denominator)


@settings(max_examples=500)
@given(_fills())
def test_the_fill_from_prefix_sums_is_the_greedy_fill(
    case: tuple[dict[str, Fraction], dict[str, Fraction], Fraction],
) -> None:
    coefficients, maxima, amount = case
    for lowest in (True, False):
        expected = reference._fill(coefficients, maxima, amount, lowest)
        fill = _Fill(
            {s: _q(m) for s, m in maxima.items()},
            {s: _q(c) for s, c in coefficients.items()},
            lowest,
        )
        _same(fill(_q(amount)), expected)


# == C. The engine against the engine before =======================================================


@st.composite
def _source_data(draw: st.DrawFn, rubric_id: str) -> dict[str, Any]:
    """Valid evaluation data on the rubric, known to any depth, with figures of
    up to ``places`` decimal places (ten: as precise as a file may be)."""
    rubric = RUBRICS[rubric_id]
    places = draw(st.sampled_from([0, 1, 2, 10]))
    scores: dict[str, Any] = {}
    area_scores: dict[str, Decimal] = {}
    complete = 0
    for area in rubric.areas:
        kinds = ["questions", "some", "area", "none"] if area.questions else ["area", "none"]
        kind = draw(st.sampled_from(kinds))
        if kind == "area":
            area_scores[area.id] = draw(decimals(Decimal(0), area.max, places))
            complete += 1
        elif kind != "none":
            chosen = (
                list(area.questions)
                if kind == "questions"
                else draw(st.lists(st.sampled_from(area.questions), unique=True))
            )
            for q in chosen:
                scores[q.id] = draw(
                    decimals(Decimal(0), q.max, places).map(lambda v: {"points": v})
                    | decimals(Decimal(0), Decimal(100), places).map(lambda v: {"percent": v})
                )
            complete += len(chosen) == len(area.questions)
    data: dict[str, Any] = {
        "rubric": rubric.id,
        "subject": {"name": "Exempel kommun", "kind": rubric.kind},
        "evaluation": {"date": "2015-10-01"},
    }
    if scores:
        data["scores"] = scores
    if area_scores:
        data["area_scores"] = area_scores
    if not rubric.areas_published or (complete < len(rubric.areas) and draw(st.booleans())):
        top = rubric.max if rubric.max is not None else Decimal(1000)
        data["total"] = draw(decimals(Decimal(0), top, places))
    return data


CASES = st.sampled_from(sorted(MIGRATIONS)).flatmap(
    lambda m: st.tuples(st.just(m), _source_data(MIGRATIONS[m].source))
)
"""(migration id, source data)."""

Engine = Callable[[Evaluation, str, Any], Any]


def _outcome(engine: Engine, evaluation: Evaluation, target: str) -> Any:
    try:
        return engine(evaluation, target, REGISTRY)
    except kompass.KompassError as error:
        return type(error).__name__, str(error)


def _same_migration(evaluation: Evaluation, target: str) -> migration.Migrated | None:
    """``evaluation`` migrated to ``target`` by the engine, after checking that
    the engine before gives the same (None when both refuse, alike)."""
    found = _outcome(migration.migrate, evaluation, target)
    expected = _outcome(reference.migrate, evaluation, target)
    if not isinstance(expected, reference.Migrated):
        assert found == expected
        return None
    assert isinstance(found, migration.Migrated), found
    assert repr(found.data) == repr(expected.data)
    assert found.path == expected.path
    assert found.evaluation == expected.evaluation
    # repr shows every field, provenance, origin and warnings too, and every
    # Decimal with its exponent.
    assert repr(found.evaluation) == repr(expected.evaluation)
    assert found.evaluation.provenance == found.data.get("migration")
    return found


@settings(max_examples=150, deadline=None)
@given(CASES, st.data())
def test_the_engine_gives_what_the_engine_before_gave(
    case: tuple[str, dict[str, Any]], data: st.DataObject
) -> None:
    migration_id, source = case
    evaluation = kompass.evaluation_from_data(source, "case.toml")
    migrated = _same_migration(evaluation, MIGRATIONS[migration_id].target)
    if migrated is not None:  # on again: ranges in the input, a history to continue
        _same_migration(migrated.evaluation, data.draw(st.sampled_from(sorted(RUBRICS))))


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.toml")), ids=lambda p: p.name)
def test_every_example_to_every_rubric_as_before(path: Any) -> None:
    evaluation = kompass.load_evaluation(path)
    for target in sorted(RUBRICS):
        migrated = _same_migration(evaluation, target)
        if migrated is not None:
            for then in sorted(RUBRICS):
                _same_migration(migrated.evaluation, then)


def test_a_total_too_large_for_a_scale_without_max_is_refused_as_before() -> None:
    """A total carried to a scale without a max is not clamped from above, so
    the numbers' limit is checked as full validation checks it.  (A read
    evaluation cannot get there; one made in Python can.)"""
    evaluation = Evaluation(
        rubric_id="kommunkompassen-2010",
        subject=Subject("X", "municipality"),
        date=EvaluationDate.parse("2009"),
        total=Decimal("999999999999999"),
    )
    with pytest.raises(kompass.InvalidInputError) as caught:
        migration.migrate(evaluation, "kommunkompassen-pre2010", REGISTRY)
    with pytest.raises(kompass.InvalidInputError) as before:
        reference.migrate(evaluation, "kommunkompassen-pre2010", REGISTRY)
    assert caught.value.problems == before.value.problems
    assert "unreasonable number" in str(caught.value)


# == D. The migrated evaluation, built without the schema ==========================================


@settings(max_examples=100, deadline=None)
@given(CASES)
def test_the_migrated_evaluation_is_what_full_validation_reads(
    case: tuple[str, dict[str, Any]],
) -> None:
    migration_id, source = case
    evaluation = kompass.evaluation_from_data(source, "case.toml")
    try:
        migrated = migration.migrate(evaluation, MIGRATIONS[migration_id].target, REGISTRY)
    except kompass.KompassError:
        return  # the cases above compare refusals
    full = kompass.evaluation_from_data(migrated.data, "case.toml", REGISTRY)
    assert full == migrated.evaluation
    assert repr(full) == repr(migrated.evaluation)


def test_a_plan_is_made_once_for_a_migration_and_its_rubrics() -> None:
    """Kept for the same three objects; another rubric object, even an equal
    one, gets a plan of its own (a plan holds its objects, so ids are not reused)."""
    m = MIGRATIONS["kommunkompassen-2010->kommunkompassen-2016"]
    source, target = RUBRICS[m.source], RUBRICS[m.target]
    plan = migration._plan(m, source, target)
    assert migration._plan(m, source, target) is plan
    assert (plan.migration, plan.source, plan.target) == (m, source, target)
    copy = attrs.evolve(target)
    other = migration._plan(m, source, copy)
    assert other is not plan
    assert other.target is copy


class _Changing:
    """A registry whose migrations can change between calls."""

    def __init__(self, *ids: str) -> None:
        self.ids = list(ids)

    def rubric(self, rubric_id: str) -> kompass.Rubric:
        return REGISTRY.rubric(rubric_id)

    def migrations(self) -> list[kompass.Migration]:
        return [MIGRATIONS[i] for i in self.ids]


def test_a_path_found_before_is_found_again_only_for_the_same_migrations() -> None:
    """find_path keeps the last path per registry, source and target, and looks
    again when the registry's migrations are not the same."""
    direct = "kommunkompassen-2010->kommunkompassen-2016"
    on = "kommunkompassen-2016->kommunkompassen-2020"
    registry = _Changing(direct, on)
    k2010, k2020 = "kommunkompassen-2010", "kommunkompassen-2020"
    assert [m.id for m in migration.find_path(registry, k2010, k2020)] == [direct, on]
    assert [m.id for m in migration.find_path(registry, k2010, k2020)] == [direct, on]
    registry.ids = [direct]
    with pytest.raises(kompass.KompassError, match="reachable from kommunkompassen-2010: "):
        migration.find_path(registry, k2010, k2020)
    registry.ids = [on, direct]
    assert [m.id for m in migration.find_path(registry, k2010, k2020)] == [direct, on]
    found = migration.find_path(registry, k2010, k2020)
    found.clear()  # the caller's list: the kept path is not changed
    assert len(migration.find_path(registry, k2010, k2020)) == 2
