"""Scoring rules and fingerprints: published figures and worked examples, properties of
every shipped rule, bad rule parameters and judgements, and a third party's rule."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

import kompass_core as kompass
from kompass_core.cli import main
from kompass_core.fingerprint import canonical_form, fingerprint
from kompass_core.rules import SHARE_OF_MAX, ScoringRule

from .conftest import EXAMPLES, REPO, FilePlugin
from .rule_strategies import (
    CHANGES,
    RULES,
    Data,
    changed,
    evaluation,
    judgements,
    migrated_values,
    questions_of,
    rewritings,
    rule_rubrics,
    share,
    weight_of,
    weighted_max,
    write,
)

FINGERPRINT = re.compile(r"sha256:[0-9a-f]{64}")
OREBRO_2015_AREAS = [74, 90, 89, 80, 72, 81, 74, 90]

PROPERTY = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
CHANGE = settings(PROPERTY, max_examples=10)


def registry_with(path: Path) -> kompass.Registry:
    """A registry of the shipped rules and the rubric file ``path``."""
    return kompass.Registry.from_plugins(FilePlugin(path))


def score_on(registry: kompass.Registry, data: Data) -> kompass.ScoreResult:
    evaluation_ = kompass.evaluation_from_data(data, "e.toml", registry=registry)
    return kompass.score(evaluation_, registry=registry)


@dataclass
class Run:
    """A CLI run: exit code and what it printed."""

    code: int
    out: str
    err: str


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> Run:
    capsys.readouterr()
    code = main(list(argv))
    captured = capsys.readouterr()
    return Run(code, captured.out, captured.err)


# -- golden: published figures and worked examples ---------------------------------------


def test_orebro_2015_reproduces_under_share_of_max() -> None:
    """Örebro 2015 still scores to its published areas and total under share-of-max."""
    result = kompass.score_file(EXAMPLES / "orebro-2015.toml")
    assert result.rubric.scoring.rule.name == "share-of-max"
    assert [a.rounded for a in result.areas] == OREBRO_2015_AREAS
    assert (result.total.rounded, result.total.points, result.total.max) == (
        650,
        Decimal("650.45"),
        800,
    )
    assert result.warnings == ()


def test_orebro_2015_stamp() -> None:
    """The result's stamp names the rubric, its version, the rule and the shipped fingerprint."""
    result = kompass.score_file(EXAMPLES / "orebro-2015.toml")
    stamp = result.stamp
    assert (stamp.rubric, stamp.rubric_version, stamp.rule, stamp.rule_version) == (
        "kommunkompassen-2010",
        "1",
        "share-of-max",
        "1",
    )
    assert FINGERPRINT.fullmatch(stamp.fingerprint)
    assert stamp.fingerprint == fingerprint(kompass.get_rubric("kommunkompassen-2010"))
    # The shipped migrations were decided against this very rubric data.
    migration = tomllib.loads(
        (REPO / "rubrics/migrations/kommunkompassen-2010-to-2016.toml").read_text("utf-8")
    )
    assert stamp.fingerprint == migration["source_fingerprint"]
    assert kompass.stamp_differences(stamp, kompass.Stamp.of(result.rubric)) == []


def test_cli_shows_the_stamp(capsys: pytest.CaptureFixture[str]) -> None:
    """`score --format json` has the stamp object; the table has the rule and fingerprint line."""
    path = str(EXAMPLES / "orebro-2015.toml")
    stamp = kompass.score_file(path).stamp
    as_json = run_cli(capsys, "score", path, "--format", "json")
    assert as_json.code == 0
    assert json.loads(as_json.out)["stamp"] == stamp.as_dict()
    as_table = run_cli(capsys, "score", path)
    assert as_table.code == 0
    short = stamp.fingerprint.removeprefix("sha256:")[:12]
    assert f"Poängregel: share-of-max 1 · fingeravtryck {short}" in as_table.out.splitlines()


SMALL = """\
id = "{id}"
version = "1"
year = 2024
kind = "municipality"
max = {max}
name = {{ sv = "Regelprov" }}

[scoring]
{scoring}

[[areas]]
id = "A"
max = {a_max}
name = {{ sv = "Område A" }}
{a_questions}

[[areas]]
id = "B"
max = {b_max}
name = {{ sv = "Område B" }}
{b_questions}
"""


def _questions(*maxima: str, area: str) -> str:
    return "\n".join(
        f'[[areas.questions]]\nid = "{area}.{n}"\nmax = {m}\ntext = {{ sv = "Fråga {n}" }}\n'
        for n, m in enumerate(maxima, start=1)
    )


def small_rubric(
    folder: Path,
    scoring: str,
    max: str,
    a: tuple[str, ...] = ("10",),
    b: tuple[str, ...] = ("20",),
    rubric_id: str = "regelprov-2024",
) -> Path:
    """A two-area rubric file (areas A and B) with the given [scoring] table and maxima."""
    path = folder / f"{rubric_id}.toml"
    path.write_text(
        SMALL.format(
            id=rubric_id,
            max=max,
            scoring=scoring,
            a_max=sum(Decimal(m) for m in a),
            a_questions=_questions(*a, area="A"),
            b_max=sum(Decimal(m) for m in b),
            b_questions=_questions(*b, area="B"),
        ),
        "utf-8",
    )
    return path


# (mode, rounded A, rounded B, rounded total): each mode differs from another somewhere.
WEIGHTED_ROUNDED = [
    ("half-up", "6.3", "7.4", "19.9"),
    ("half-even", "6.2", "7.4", "19.8"),
    ("down", "6.2", "7.3", "19.8"),
]


@pytest.mark.parametrize(("mode", "area_a", "area_b", "total"), WEIGHTED_ROUNDED)
def test_weighted_share_of_max_worked_example(
    tmp_path: Path, mode: str, area_a: str, area_b: str, total: str
) -> None:
    """Weights 2 and 1: A = 2 + 4.25 = 6.25, B = 36.75 % of 20 = 7.35, total 2 × 6.25 + 7.35."""
    path = small_rubric(
        tmp_path,
        f'rule = "weighted-share-of-max"\nweights = {{ A = 2 }}\ndecimals = 1\nrounding = "{mode}"',
        max="40",
        a=("4", "6"),
    )
    result = score_on(
        registry_with(path),
        evaluation(
            {"id": "regelprov-2024"},
            {"A.1": {"percent": 50}, "A.2": {"points": Decimal("4.25")}, "B.1": {"percent": 36.75}},
        ),
    )
    a, b = result.area("A"), result.area("B")
    assert [q.points for q in a.questions] == [Decimal(2), Decimal("4.25")]
    assert (a.points, a.weight, b.points, b.weight) == (
        Decimal("6.25"),
        2,
        Decimal("7.35"),
        1,
    )
    assert (result.total.points, result.total.max) == (Decimal("19.85"), 40)
    assert (str(a.rounded), str(b.rounded), str(result.total.rounded)) == (area_a, area_b, total)
    assert str(a.questions[1].rounded) == ("4.3" if mode == "half-up" else "4.2")
    assert result.stamp.rule == "weighted-share-of-max"


LEVELS = (
    "levels = [{ level = 0, percent = 0 }, { level = 1, percent = 25 }, "
    "{ level = 2, percent = 50 }, { level = 3, percent = 100 }]"
)
MATURITY_ROUNDED = [
    ("half-up", "0.5", "5.5", "5.8", "17.0"),
    ("half-even", "0.4", "5.4", "5.8", "17.0"),
    ("down", "0.4", "5.4", "5.7", "16.9"),
]


@pytest.mark.parametrize(("mode", "question", "area_a", "area_b", "total"), MATURITY_ROUNDED)
def test_maturity_levels_worked_example(
    tmp_path: Path, mode: str, question: str, area_a: str, area_b: str, total: str
) -> None:
    """Levels 0/25/50/100 %: A = 50 % of 10 + 25 % of 1.8 = 5.45, B = 5 + 0.75, B weighs 2."""
    path = small_rubric(
        tmp_path,
        f'rule = "maturity-levels"\n{LEVELS}\nweights = {{ B = 2 }}\n'
        f'decimals = 1\nrounding = "{mode}"',
        max="27.8",
        a=("10", "1.8"),
        b=("5", "3"),
    )
    result = score_on(
        registry_with(path),
        evaluation(
            {"id": "regelprov-2024"},
            {"A.1": {"level": 2}, "A.2": {"level": 1}, "B.1": {"level": 3}, "B.2": {"level": 1}},
        ),
    )
    a, b = result.area("A"), result.area("B")
    assert [q.points for q in a.questions] == [Decimal(5), Decimal("0.45")]
    assert [q.points for q in b.questions] == [Decimal(5), Decimal("0.75")]
    assert (a.points, b.points, b.weight) == (Decimal("5.45"), Decimal("5.75"), 2)
    assert (result.total.points, result.total.max) == (Decimal("16.95"), Decimal("27.8"))
    shown = (a.questions[1].rounded, a.rounded, b.rounded, result.total.rounded)
    assert [str(value) for value in shown] == [question, area_a, area_b, total]
    assert result.stamp.rule == "maturity-levels"


def test_maturity_levels_default_display_is_whole_half_up(tmp_path: Path) -> None:
    """Without decimals and rounding, points are shown whole, halves up (2.5 → 3)."""
    path = small_rubric(tmp_path, f'rule = "maturity-levels"\n{LEVELS}', max="30")
    result = score_on(
        registry_with(path),
        evaluation({"id": "regelprov-2024"}, {"A.1": {"level": 1}, "B.1": {"level": 0}}),
    )
    assert (result.area("A").points, result.area("A").rounded) == (Decimal("2.5"), 3)
    assert (result.total.points, result.total.rounded) == (Decimal("2.5"), 3)


# -- properties of every shipped rule ------------------------------------------------------


@st.composite
def improvements(draw: st.DrawFn, rule: str) -> tuple[Data, Data, Data, str]:
    """A rubric, judgements of some questions, and the same with one judged better."""
    data = draw(rule_rubrics(rule))
    questions = questions_of(data)
    judged = draw(st.lists(st.sampled_from(questions), unique_by=lambda q: q["id"]))
    scores = {q["id"]: draw(judgements(data, q)) for q in judged}
    target = draw(st.sampled_from(questions))
    pair = [draw(judgements(data, target)) for _ in range(2)]

    def better(judgement: Data) -> tuple[Fraction, int]:
        return share(judgement, target, data["scoring"]), judgement.get("level", 0)

    worse, best = sorted(pair, key=better)
    before, after = dict(scores), dict(scores)
    before[target["id"]], after[target["id"]] = worse, best
    return data, before, after, target["id"]


def _figures(result: kompass.ScoreResult) -> list[tuple[Any, ...]]:
    return [(a.area.id, a.points, a.lower, a.upper) for a in result.areas]


@pytest.mark.parametrize("rule", RULES)
@PROPERTY
@given(data=st.data())
def test_a_better_judgement_never_lowers_a_score(
    tmp_path_factory: pytest.TempPathFactory, rule: str, data: st.DataObject
) -> None:
    """Judging one question better never lowers any area's points or range, nor the total."""
    rubric, before, after, qid = data.draw(improvements(rule))
    registry = registry_with(write(tmp_path_factory.mktemp("monotone"), rubric))
    low = score_on(registry, evaluation(rubric, before))
    high = score_on(registry, evaluation(rubric, after))
    note(f"{_figures(low)} -> {_figures(high)}")
    for a, b in zip(low.areas, high.areas, strict=True):
        assert b.lower >= a.lower
        assert b.upper >= a.upper
        if a.points is not None:
            assert b.points is not None
            assert b.points >= a.points
    assert high.total.lower >= low.total.lower
    assert high.total.upper >= low.total.upper
    if low.total.points is not None:
        assert high.total.points is not None
        assert high.total.points >= low.total.points
    # A strictly better share gives strictly more in its area and in the total.
    question = next(q for q in questions_of(rubric) if q["id"] == qid)
    gained = share(after[qid], question, rubric["scoring"]) - share(
        before[qid], question, rubric["scoring"]
    )
    if gained > 0:
        area = next(a for a in high.areas if a.area.question(qid) is not None)
        old = next(a for a in low.areas if a.area.id == area.area.id)
        assert area.lower > old.lower
        assert high.total.lower > low.total.lower


@st.composite
def partial_scores(draw: st.DrawFn, rule: str) -> tuple[Data, Data]:
    """A rubric and scores for some of its questions, judged or migrated."""
    data = draw(rule_rubrics(rule))
    scores = {}
    for question in draw(
        st.lists(st.sampled_from(questions_of(data)), unique_by=lambda q: q["id"])
    ):
        scores[question["id"]] = draw(
            st.one_of(judgements(data, question), migrated_values(question))
        )
    return data, scores


@pytest.mark.parametrize("rule", RULES)
@PROPERTY
@given(data=st.data())
def test_results_stay_within_their_maxima(
    tmp_path_factory: pytest.TempPathFactory, rule: str, data: st.DataObject
) -> None:
    """Points and ranges lie in [0, max]; the total's max is the sum of weight × area max."""
    rubric, scores = data.draw(partial_scores(rule))
    result = score_on(
        registry_with(write(tmp_path_factory.mktemp("bounds"), rubric)), evaluation(rubric, scores)
    )
    for area in result.areas:
        assert area.weight == weight_of(rubric, area.area.id)
        for q in area.questions:
            assert q.points is None or 0 <= q.points <= q.max
            assert q.lower is None or 0 <= q.lower <= q.upper <= q.max
        assert 0 <= area.lower <= area.upper <= area.max
        assert area.points is None or area.lower <= area.points <= area.upper
    total = result.total
    assert total.max == result.rubric.max == weighted_max(rubric)
    assert 0 <= total.lower <= total.upper <= total.max
    assert total.points is None or total.lower <= total.points <= total.upper


@pytest.mark.parametrize("rule", RULES)
@PROPERTY
@given(data=st.data())
def test_scores_equal_an_independent_computation(
    tmp_path_factory: pytest.TempPathFactory, rule: str, data: st.DataObject
) -> None:
    """Points are exactly max × share, areas their sums, the total Σ weight × area points."""
    rubric = data.draw(rule_rubrics(rule))
    scores = {q["id"]: data.draw(judgements(rubric, q)) for q in questions_of(rubric)}
    result = score_on(
        registry_with(write(tmp_path_factory.mktemp("exact"), rubric)), evaluation(rubric, scores)
    )
    total = Fraction(0)
    for area_data, area in zip(rubric["areas"], result.areas, strict=True):
        expected = [
            Fraction(q["max"]) * share(scores[q["id"]], q, rubric["scoring"])
            for q in area_data["questions"]
        ]
        assert [Fraction(q.points) for q in area.questions if q.points is not None] == expected
        assert area.basis == "questions"
        assert area.points is not None
        assert Fraction(area.points) == sum(expected)
        total += Fraction(weight_of(rubric, area_data["id"])) * sum(expected, Fraction(0))
    assert result.total.points is not None
    assert Fraction(result.total.points) == total
    rounding = result.rubric.scoring.rounding
    assert result.total.rounded == rounding(result.total.points)
    assert rounding.places == rubric["scoring"].get("decimals", 0)


@pytest.mark.parametrize("rule", RULES)
@PROPERTY
@given(data=st.data())
def test_fingerprint_survives_rewriting(
    tmp_path_factory: pytest.TempPathFactory, rule: str, data: st.DataObject
) -> None:
    """Order, number spelling, texts, TOML or JSON and explicit defaults keep the fingerprint."""
    original = data.draw(rule_rubrics(rule))
    rewritten, fmt = data.draw(rewritings(original))
    folder = tmp_path_factory.mktemp("same")
    first = kompass.load_rubric(write(folder, original, "toml", "original"))
    second = kompass.load_rubric(write(folder, rewritten, fmt, "rewritten"))
    note(f"{canonical_form(first)}\n{canonical_form(second)}")
    assert FINGERPRINT.fullmatch(first.fingerprint)
    assert second.fingerprint == first.fingerprint


@pytest.mark.parametrize(
    ("rule", "change"), [(rule, name) for name, (_, rules) in CHANGES.items() for rule in rules]
)
@CHANGE
@given(data=st.data())
def test_fingerprint_changes_with_what_decides_a_score(
    tmp_path_factory: pytest.TempPathFactory, rule: str, change: str, data: st.DataObject
) -> None:
    """Each change that can alter a score changes the fingerprint and the stamp."""
    original = data.draw(rule_rubrics(rule, min_areas=2))
    mutated = data.draw(changed(original, CHANGES[change][0]))
    folder = tmp_path_factory.mktemp("changed")
    first = kompass.load_rubric(write(folder, original, "toml", "original"))
    second = kompass.load_rubric(write(folder, mutated, "toml", "changed"))
    note(f"{canonical_form(first)}\n{canonical_form(second)}")
    assert second.fingerprint != first.fingerprint
    differences = kompass.stamp_differences(kompass.Stamp.of(first), kompass.Stamp.of(second))
    assert len(differences) == 1
    assert ("scoring rules" if change == "rule" else "rubric data") in differences[0]


@given(st.lists(st.text(max_size=8), min_size=10, max_size=10))
def test_stamp_differences_are_one_line_each(texts: list[str]) -> None:
    """Whatever texts two stamps hold (a stamp may come from a file), each difference
    is one line, and a plain text is shown as it is."""
    first, second = kompass.Stamp(*texts[:5]), kompass.Stamp(*texts[5:])
    for difference in kompass.stamp_differences(first, second):
        assert difference.isprintable(), difference
    plain = kompass.Stamp("kommunkompassen-2016", "1", "share-of-max", "1", "sha256:ab")
    assert kompass.stamp_differences(plain, attrs.evolve(plain, rubric_version="2")) == [
        "different versions of kommunkompassen-2016 (1 and 2)"
    ]


# -- bad rule parameters and judgements ----------------------------------------------------


def bad(case: str, scoring: str, max: str, path: str, words: list[str]) -> Any:
    """A bad [scoring] table and max, its problem's key path and words in its message."""
    return pytest.param(scoring, max, path, words, id=case)


BAD_RUBRICS = [
    bad(
        "levels out of order",
        'rule = "maturity-levels"\nlevels = [{ level = 0, percent = 0 }, '
        "{ level = 2, percent = 50 }, { level = 1, percent = 100 }]",
        "30",
        "scoring.levels[2].level",
        ["levels out of order", "expected a level above 2", "found 1"],
    ),
    bad(
        "a higher level worth less",
        'rule = "maturity-levels"\nlevels = [{ level = 0, percent = 0 }, '
        "{ level = 1, percent = 60.5 }, { level = 2, percent = 40.5 }]",
        "30",
        "scoring.levels[2].percent",
        ["a higher level worth less", "expected at least 60.5", "level 1", "found 40.5"],
    ),
    bad(
        "a higher level worth less, whole percentages",
        'rule = "maturity-levels"\nlevels = [{ level = 0, percent = 0 }, '
        "{ level = 1, percent = 60 }, { level = 2, percent = 40 }]",
        "30",
        "scoring.levels[2].percent",
        ["a higher level worth less", "expected at least 60", "level 1", "found 40"],
    ),
    bad(
        "unknown area in weights",
        'rule = "weighted-share-of-max"\nweights = { A = 2, Z = 1 }',
        "40",
        "scoring.weights.Z",
        ["unknown area", "(A, B)", "found 'Z'"],
    ),
    bad(
        "unknown area in maturity weights",
        f'rule = "maturity-levels"\n{LEVELS}\nweights = {{ Z = 3 }}',
        "30",
        "scoring.weights.Z",
        ["unknown area", "(A, B)", "found 'Z'"],
    ),
    bad(
        "weights that make max not add up",
        'rule = "weighted-share-of-max"\nweights = { A = 2 }',
        "30",
        "max",
        ["maxima do not add up", "times their weights", "rubric max 30", "found 40"],
    ),
    bad(
        "maturity-levels without levels",
        'rule = "maturity-levels"',
        "30",
        "scoring",
        ["missing key", "levels"],
    ),
    bad(
        "weighted-share-of-max without weights",
        'rule = "weighted-share-of-max"',
        "30",
        "scoring",
        ["missing key", "weights"],
    ),
    bad(
        "decimals = 9",
        'rule = "share-of-max"\ndecimals = 9',
        "30",
        "scoring.decimals",
        ["out of range", "from 0 to 6", "found 9"],
    ),
    bad(
        "an unknown rounding mode",
        'rule = "share-of-max"\nrounding = "up"',
        "30",
        "scoring.rounding",
        ['"half-up"', '"half-even"', '"down"', 'found "up"'],
    ),
    bad(
        "a weight of 0",
        'rule = "weighted-share-of-max"\nweights = { A = 0 }',
        "20",
        "scoring.weights.A",
        ["greater than 0", "found 0"],
    ),
    bad(
        "an unknown rule",
        'rule = "share-of-min"',
        "30",
        "scoring.rule",
        ["unknown scoring rule", "maturity-levels, share-of-max, weighted-share-of-max"],
    ),
]


@pytest.mark.parametrize(
    ("scoring", "max", "path", "words"),
    BAD_RUBRICS,
)
def test_bad_rule_parameters_are_one_problem(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    scoring: str,
    max: str,
    path: str,
    words: list[str],
) -> None:
    """A bad [scoring] table is one problem at its key path, from the API and from the CLI."""
    file = small_rubric(tmp_path, scoring, max)
    problems = kompass.check_rubric(file)
    assert len(problems) == 1, problems
    problem = problems[0]
    assert (problem.file, problem.path, problem.severity) == (str(file), path, "error")
    for word in words:
        assert word in problem.message
    run = run_cli(capsys, "rubrics", "check", str(file))
    assert run.code == 1
    assert run.out.splitlines() == [str(problem)]
    assert "Traceback" not in run.out + run.err


@pytest.fixture
def maturity_registry(tmp_path: Path) -> kompass.Registry:
    """The installed plugins and a maturity-levels rubric (levels 0-3)."""
    path = small_rubric(tmp_path, f'rule = "maturity-levels"\n{LEVELS}', max="30")
    return kompass.Registry.from_entry_points(plugins=[FilePlugin(path)])


def _problems(registry: kompass.Registry, scores: Data) -> list[kompass.Problem]:
    with pytest.raises(kompass.InvalidInputError) as caught:
        kompass.evaluation_from_data(
            evaluation({"id": "regelprov-2024"}, scores), "e.toml", registry=registry
        )
    return list(caught.value.problems)


@pytest.mark.parametrize("level", [4, 7, -1, True, Decimal("1.5")])
def test_a_level_not_in_the_scale(maturity_registry: kompass.Registry, level: Any) -> None:
    """A level outside the scale is one problem at the judgement, listing the levels."""
    problems = _problems(maturity_registry, {"A.1": {"level": level}, "B.1": {"level": 3}})
    assert [p.path for p in problems] == ['scores."A.1".level']
    assert "one of the levels 0, 1, 2, 3" in problems[0].message
    assert str(problems[0]).startswith('e.toml: scores."A.1".level: ')


def test_percent_instead_of_a_level(maturity_registry: kompass.Registry) -> None:
    """{ percent = 50 } on a maturity rubric names the missing level and the unknown key."""
    problems = _problems(maturity_registry, {"A.1": {"percent": 50}})
    assert [(p.path, p.severity) for p in problems] == [
        ('scores."A.1"', "error"),
        ('scores."A.1".percent', "error"),
    ]
    assert "missing key: expected level" in problems[0].message
    assert "expected one of level, note" in problems[1].message
    assert "found percent" in problems[1].message


def test_a_migrated_value_is_accepted_on_a_maturity_rubric(
    maturity_registry: kompass.Registry,
) -> None:
    """A migrated {points, lower, upper} needs no level: its range goes into the area's."""
    result = score_on(
        maturity_registry,
        evaluation(
            {"id": "regelprov-2024"},
            {"A.1": {"level": 1}, "B.1": {"points": 12, "lower": 10, "upper": 14}},
        ),
    )
    assert (result.total.points, result.total.lower, result.total.upper) == (
        Decimal("14.5"),
        Decimal("12.5"),
        Decimal("16.5"),
    )


# -- a third party's rule -----------------------------------------------------------------

PLUGIN_MODULE = '''\
"""A third party's scoring rule: questions judged with 0 to 5 stars."""

from decimal import Decimal
from pathlib import Path

import kompass_core
from kompass_core.rules import Points, ScoringRule


class Stars(ScoringRule):
    name = "stars"
    summary = "each question is judged with 0 to 5 stars, worth max × stars / 5"
    units = ("stars",)

    def judgement_schema(self, parameters):
        return {
            "type": "object",
            "required": ["stars"],
            "properties": {
                "stars": {
                    "type": "integer",
                    "minimum": 0,
                    "maximum": 5,
                    "x-expected": "a whole number of stars from 0 to 5",
                },
                "note": {"type": "string"},
            },
            "additionalProperties": False,
        }

    def check_judgement(self, unit, value, question, parameters):
        return None

    def judge(self, unit, value, question, parameters):
        return Points(question.max * Decimal(value) / 5)


@kompass_core.hookimpl
def kompass_scoring_rules():
    return [Stars()]


@kompass_core.hookimpl
def kompass_rubrics():
    return [Path(__file__).with_name("stars-2024.toml")]
'''

STARS_RUBRIC = """\
id = "stars-2024"
version = "1"
year = 2024
kind = "municipality"
max = 35
name = { sv = "Stjärnor", en = "Stars" }

[scoring]
rule = "stars"
decimals = 1

[[areas]]
id = "A"
max = 15
name = { sv = "Område A" }

[[areas.questions]]
id = "A.1"
max = 10
text = { sv = "Fråga ett" }

[[areas.questions]]
id = "A.2"
max = 5
text = { sv = "Fråga två" }

[[areas]]
id = "B"
max = 20
name = { sv = "Område B" }

[[areas.questions]]
id = "B.1"
max = 20
text = { sv = "Fråga tre" }
"""

STARS_EVALUATION = """\
rubric = "stars-2024"

[subject]
name = "Stjärnby"
kind = "municipality"

[evaluation]
date = 2024-05-01

[scores]
"A.1" = {{ stars = {a1} }}
"A.2" = {{ stars = 5 }}
"B.1" = {{ stars = 2 }}
"""


@pytest.fixture(scope="module")
def third_party(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with distribution `my-rules`: module `my_rules`, rule `stars`, a rubric."""
    folder = tmp_path_factory.mktemp("site")
    (folder / "my_rules.py").write_text(PLUGIN_MODULE, "utf-8")
    (folder / "stars-2024.toml").write_text(STARS_RUBRIC, "utf-8")
    info = folder / "my_rules-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: my-rules\nVersion: 0.1\n", "utf-8")
    (info / "entry_points.txt").write_text("[kompass]\nmy-rules = my_rules\n", "utf-8")
    return folder


def kompass_cli(site: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m kompass_core` with ``site`` on the path, as an installed plugin is."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(site), env.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", "kompass_core", *argv],
        capture_output=True,
        text=True,
        env=env,
        cwd=site,
        timeout=60,
        check=False,
    )


def test_third_party_rule_through_entry_points(third_party: Path) -> None:
    """A rule installed through entry points lists, validates and scores, and is stamped."""
    listed = kompass_cli(third_party, "rubrics", "list")
    assert (listed.returncode, listed.stderr) == (0, "")
    assert "stars-2024" in listed.stdout

    good = third_party / "good.toml"
    good.write_text(STARS_EVALUATION.format(a1=3), "utf-8")
    valid = kompass_cli(third_party, "validate", str(good))
    assert (valid.returncode, valid.stdout, valid.stderr) == (0, f"{good}: valid\n", "")

    scored = kompass_cli(third_party, "score", str(good), "--format", "json")
    assert (scored.returncode, scored.stderr) == (0, "")
    result = json.loads(scored.stdout, parse_float=Decimal)
    assert result["stamp"]["rule"] == "stars"
    assert result["stamp"]["rule_version"] == "1"
    assert result["stamp"]["rubric"] == "stars-2024"
    assert FINGERPRINT.fullmatch(result["stamp"]["fingerprint"])
    # 3 stars of 10, 5 of 5, 2 of 20.
    assert [a["points"] for a in result["areas"]] == [11, 8]
    assert result["total"]["points"] == 19

    table = kompass_cli(third_party, "score", str(good), "--lang", "en")
    assert table.returncode == 0
    assert "Scoring rule: stars 1 · fingerprint " in table.stdout


def test_third_party_rule_rejects_a_bad_judgement(third_party: Path) -> None:
    """Six stars is exit 1 and one line from `validate` and from `score`, no traceback."""
    bad = third_party / "bad.toml"
    bad.write_text(STARS_EVALUATION.format(a1=6), "utf-8")
    expected = f'{bad}: scores."A.1".stars: out of range: expected a whole number of stars'
    valid = kompass_cli(third_party, "validate", str(bad))
    assert valid.returncode == 1
    assert len(valid.stdout.splitlines()) == 1
    assert valid.stdout.startswith(expected)
    assert valid.stderr == ""
    scored = kompass_cli(third_party, "score", str(bad))
    assert (scored.returncode, scored.stdout) == (1, "")
    assert len(scored.stderr.splitlines()) == 1
    assert scored.stderr.startswith(expected)


class StarsAgain:
    """A second plugin providing a rule named `stars`."""

    def __init__(self, rule: ScoringRule) -> None:
        self.rule = rule

    @kompass.hookimpl
    def kompass_scoring_rules(self) -> list[ScoringRule]:
        return [self.rule]


class Stars(ScoringRule):
    """A rule named like the third party's above (only its name matters here)."""

    name = "stars"
    units = ("stars",)


def test_two_plugins_with_one_rule_name(tmp_path: Path) -> None:
    """A rule name two plugins provide is one problem naming both, here and in a rubric."""
    registry = kompass.Registry.from_plugins(StarsAgain(Stars()), StarsAgain(Stars()))
    problems = registry.problems
    assert len(problems) == 1, problems
    for message in (problems[0].message, _rubric_problem(tmp_path, registry).message):
        assert "'stars'" in message
        assert "provided twice" in message
        assert "'StarsAgain'" in message
        assert "'StarsAgain#2'" in message
    assert set(registry.scoring_rules()) == set(RULES)


def _rubric_problem(folder: Path, registry: kompass.Registry) -> kompass.Problem:
    """The one problem loading the stars rubric in ``registry`` gives."""
    rubric = folder / "stars-2024.toml"
    rubric.write_text(STARS_RUBRIC, "utf-8")
    with pytest.raises(kompass.InvalidInputError) as caught:
        kompass.load_rubric(rubric, registry)
    (problem,) = caught.value.problems
    assert problem.path == "scoring.rule"
    return problem


def test_a_plugin_rule_named_like_a_shipped_one() -> None:
    """A plugin rule named share-of-max is one problem; the shipped rule stays in use."""

    class Impostor(ScoringRule):
        name = "share-of-max"

    registry = kompass.Registry.from_plugins(StarsAgain(Impostor()))
    assert len(registry.problems) == 1
    problem = registry.problems[0]
    assert problem.file == "plugin StarsAgain"
    assert "found 'share-of-max', the name of a shipped rule" in problem.message
    assert registry.scoring_rules()["share-of-max"] is SHARE_OF_MAX


class ScaledStars(ScoringRule):
    """A plugin rule with a parameter of its own (``bonus``), default canonical_parameters."""

    name = "scaled-stars"
    units = ("stars",)

    def parameters_schema(self) -> dict[str, Any]:
        schema = super().parameters_schema()
        schema["properties"]["bonus"] = {"type": "number", "exclusiveMinimum": 0}
        return schema


def _scaled(folder: Path, bonus: str) -> kompass.Rubric:
    registry = kompass.Registry.from_plugins(StarsAgain(ScaledStars()))
    path = small_rubric(folder, f'rule = "scaled-stars"\nbonus = {bonus}', max="30")
    return kompass.load_rubric(path, registry)


def test_a_plugin_rule_parameter_enters_the_fingerprint(tmp_path: Path) -> None:
    """Two rubrics differing only in a plugin rule's own parameter differ in fingerprint."""
    assert _scaled(tmp_path, "2").fingerprint != _scaled(tmp_path, "1.5").fingerprint


@pytest.mark.parametrize(
    ("one", "other"),
    [("1.5", "1.50"), ("2", "2.0"), ("2", "2.00")],
)
def test_a_plugin_rule_parameter_written_differently(tmp_path: Path, one: str, other: str) -> None:
    """A plugin rule's parameter written 2 or 2.0 keeps the fingerprint."""
    assert _scaled(tmp_path, one).fingerprint == _scaled(tmp_path, other).fingerprint


def test_weighted_output_shows_weights_and_decimals(tmp_path: Path) -> None:
    """The table shows a weight column and the rubric's decimals; the JSON gives each weight."""
    from kompass_core import _output

    path = small_rubric(
        tmp_path,
        'rule = "weighted-share-of-max"\nweights = { A = 2 }\ndecimals = 1',
        max="40",
        a=("4", "6"),
    )
    result = score_on(
        registry_with(path),
        evaluation(
            {"id": "regelprov-2024"},
            {"A.1": {"percent": 50}, "A.2": {"points": Decimal("4.25")}, "B.1": {"percent": 50}},
        ),
    )
    lines = _output.score_table(result, "en").splitlines()
    assert lines[3].split() == ["Area", "Points", "Exact", "Max", "%", "Weight", "Basis"]
    row_a = lines[4].split()
    assert row_a[-6:] == ["6.3", "6.25", "10", "63", "2", "questions"]
    assert lines[-1].split()[:4] == ["Total", "22.5", "22.5", "40"]
    data = json.loads(_output.score_json(result, "en"))
    assert [a["weight"] for a in data["areas"]] == [2, 1]


def test_a_figure_is_judged_as_written_whatever_was_judged_before() -> None:
    """70 and 70.0 percent give equal points but different rounding steps, in either order."""
    question = kompass.Question("1.1", kompass.Text({"sv": "x"}), Decimal("15"))
    for order in (("70", "70.0"), ("70.0", "70")):
        judged = {
            text: SHARE_OF_MAX.judge("percent", Decimal(text), question, {}) for text in order
        }
        assert judged["70"].value == judged["70.0"].value == Decimal("10.5")
        assert (judged["70"].half_width, judged["70.0"].half_width) == (
            Decimal("0.075"),
            Decimal("0.0075"),
        )
        assert str(judged["70.0"].value) == str(Decimal("15") * Decimal("70.0") / 100)
    points = SHARE_OF_MAX.judge("points", Decimal("12.50"), question, {})
    assert (str(points.value), points.half_width) == ("12.50", Decimal("0.005"))
