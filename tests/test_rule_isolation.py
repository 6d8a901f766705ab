"""A scoring rule from a plugin that fails is named in one line, and the rest keeps working."""

from __future__ import annotations

import types
from collections.abc import Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import kompass_core as kompass
from kompass_core.rules import Points, ScoringRule

from .conftest import REPO

RUBRIC = """\
id = "broken-rule-2026"
version = "1"
name = {{ sv = "Trasig regel" }}
year = 2026
kind = "municipality"
max = 10

[scoring]
rule = "{rule}"

[[areas]]
id = "1"
name = {{ sv = "Allt" }}
max = 10
questions = [{{ id = "1.1", text = {{ sv = "Fråga" }}, max = 10 }}]
"""


class FailsOnParameters(ScoringRule):
    name = "fails-on-parameters"

    def check_parameters(self, parameters: Mapping[str, Any], rubric: Any) -> Iterator[Any]:
        raise ZeroDivisionError("division by zero")


class FailsOnJudging(ScoringRule):
    name = "fails-on-judging"

    def judge(
        self, unit: str, value: Decimal, question: Any, parameters: Mapping[str, Any]
    ) -> Points:
        raise RuntimeError("no judge today")


def _plugin(tmp_path: Path, rule: ScoringRule) -> Any:
    path = tmp_path / "broken-rule-2026.toml"
    path.write_text(RUBRIC.format(rule=rule.name), "utf-8")
    module = types.ModuleType(f"plugin_{rule.name}")

    @kompass.hookimpl
    def kompass_scoring_rules() -> list[ScoringRule]:
        return [rule]

    @kompass.hookimpl
    def kompass_rubrics() -> list[Path]:
        return [path]

    module.kompass_scoring_rules = kompass_scoring_rules  # type: ignore[attr-defined]
    module.kompass_rubrics = kompass_rubrics  # type: ignore[attr-defined]
    return module


def _score_one(registry: kompass.Registry) -> kompass.ScoreResult:
    evaluation = kompass.evaluation_from_data(
        {
            "rubric": "broken-rule-2026",
            "subject": {"name": "Testby", "kind": "municipality"},
            "evaluation": {"date": "2026"},
            "scores": {"1.1": {"percent": 50}},
        },
        registry=registry,
    )
    return kompass.score(evaluation, registry=registry)


def test_rule_failing_on_a_rubric_is_one_problem(tmp_path: Path) -> None:
    """The rubric is left out with one line naming the rule; the built-in rubrics still load."""
    registry = kompass.Registry.from_entry_points(plugins=[_plugin(tmp_path, FailsOnParameters())])
    assert "kommunkompassen-2010" in registry.rubric_ids()
    assert "broken-rule-2026" not in registry.rubric_ids()
    (problem,) = registry.problems
    assert problem.path == "scoring.rule"
    assert problem.message.endswith(
        "scoring rule fails-on-parameters 1 failed while checking this rubric: expected it "
        "to return, found ZeroDivisionError: division by zero"
    )
    assert "\n" not in str(problem)


def test_rule_failing_to_judge_is_a_clear_error(tmp_path: Path) -> None:
    """Scoring with a rule that raises is a KompassError naming the rule and the question."""
    registry = kompass.Registry.from_plugins(_plugin(tmp_path, FailsOnJudging()))
    assert registry.problems == []
    with pytest.raises(kompass.KompassError) as caught:
        _score_one(registry)
    assert str(caught.value) == (
        "scoring rule fails-on-judging 1 failed while judging question 1.1: expected it to "
        "return, found RuntimeError: no judge today"
    )


def test_validation_scores_with_a_plugins_rule(tmp_path: Path) -> None:
    """Validation leaves scoring out only for the shipped rules: a plugin's
    rule that fails to judge is still found by validate_file."""
    registry = kompass.Registry.from_plugins(_plugin(tmp_path, FailsOnJudging()))
    path = tmp_path / "testby.toml"
    path.write_text(
        'rubric = "broken-rule-2026"\n[subject]\nname = "Testby"\nkind = "municipality"\n'
        '[evaluation]\ndate = "2026"\n[scores]\n"1.1" = { percent = 50 }\n',
        "utf-8",
    )
    with pytest.raises(kompass.KompassError, match=r"failed while judging question 1\.1"):
        kompass.validate_file(path, registry=registry)


def test_rule_that_is_not_a_scoring_rule_is_reported() -> None:
    """A hook returning something other than ScoringRule objects is one problem; nothing breaks."""
    module = types.ModuleType("junk_rules")

    @kompass.hookimpl
    def kompass_scoring_rules() -> list[object]:
        return ["share-of-max"]

    module.kompass_scoring_rules = kompass_scoring_rules  # type: ignore[attr-defined]
    registry = kompass.Registry.from_plugins(module)
    assert "share-of-max" in registry.scoring_rules()
    (problem,) = registry.problems
    assert problem.file == "plugin junk_rules"
    assert "expected instances of kompass_core.rules.ScoringRule subclasses" in problem.message


class OutOfRange(ScoringRule):
    name = "out-of-range"

    def judge(
        self, unit: str, value: Decimal, question: Any, parameters: Mapping[str, Any]
    ) -> Points:
        return Points(question.max * 2)


class Impostor(ScoringRule):
    name = "share-of-max"


class Twin(ScoringRule):
    name = "twin"


def test_rule_giving_points_above_max_is_refused(tmp_path: Path) -> None:
    """Points outside 0..max from a rule are an error naming the rule, never a total above max."""
    registry = kompass.Registry.from_plugins(_plugin(tmp_path, OutOfRange()))
    with pytest.raises(kompass.KompassError) as caught:
        _score_one(registry)
    assert str(caught.value) == (
        "scoring rule out-of-range 1 gave question 1.1 points out of range: expected 0 to "
        "10, found 20 for 50 percent"
    )


def test_plugin_rule_with_a_shipped_name_is_left_out(tmp_path: Path) -> None:
    """A plugin rule named like a shipped one is reported; the shipped rule stays in use."""
    registry = kompass.Registry.from_entry_points(plugins=[_plugin(tmp_path, Impostor())])
    assert not isinstance(registry.scoring_rules()["share-of-max"], Impostor)
    (problem,) = registry.problems
    assert problem.file == "plugin plugin_share-of-max"
    assert problem.message == (
        "hook kompass_scoring_rules: expected a name of its own for the rule, found "
        "'share-of-max', the name of a shipped rule (which stays in use)"
    )
    assert kompass.score_file(REPO / "examples" / "orebro-2015.toml").total.rounded == 650
    assert _score_one(registry).total.points == 5


def test_rubric_naming_a_rule_two_plugins_provide(tmp_path: Path) -> None:
    """The rubric's problem says the rule is provided twice, by whom, not that it is unknown."""
    first = _plugin(tmp_path, Twin())
    second = types.ModuleType("second")
    second.kompass_scoring_rules = first.kompass_scoring_rules  # type: ignore[attr-defined]
    registry = kompass.Registry.from_plugins(first, second)
    assert "twin" not in registry.scoring_rules()
    messages = [p.message for p in registry.problems]
    assert (
        "plugin 'plugin_twin': scoring rule provided twice: expected one plugin to provide "
        "'twin', found plugins 'second' and 'plugin_twin'"
    ) in messages
    assert len(messages) == 2  # the conflict itself, and the rubric that names the rule


def test_total_only_rubric_checks_its_rule_parameters(tmp_path: Path) -> None:
    """Weights naming an area are refused on a rubric known only at total level."""
    path = tmp_path / "total-only.toml"
    path.write_text(
        'id = "total-only-2026"\nversion = "1"\nname = { sv = "Total" }\nyear = 2026\n'
        'kind = "municipality"\nareas_published = false\n\n[scoring]\n'
        'rule = "maturity-levels"\nweights = { "9" = 2 }\n'
        "levels = [{ level = 0, percent = 0 }, { level = 1, percent = 100 }]\n",
        "utf-8",
    )
    (problem,) = kompass.check_rubric(path)
    assert problem.path == 'scoring.weights."9"'
    assert problem.message.startswith("unknown area: expected an area of total-only-2026")


def test_whole_number_percents_in_levels_are_checked(tmp_path: Path) -> None:
    """Levels written with whole percents get the ordering message, not a crash."""
    path = tmp_path / "levels.toml"
    path.write_text(
        RUBRIC.format(rule="maturity-levels").replace(
            'rule = "maturity-levels"',
            'rule = "maturity-levels"\n'
            "levels = [{ level = 0, percent = 60 }, { level = 1, percent = 50 }]",
        ),
        "utf-8",
    )
    (problem,) = kompass.check_rubric(path)
    assert problem.path == "scoring.levels[1].percent"
    assert problem.message == (
        "a higher level worth less: expected at least 60 (the percent of level 0), found 50"
    )
