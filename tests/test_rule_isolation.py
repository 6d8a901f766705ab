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
    evaluation = kompass.evaluation_from_data(
        {
            "rubric": "broken-rule-2026",
            "subject": {"name": "Testby", "kind": "municipality"},
            "evaluation": {"date": "2026"},
            "scores": {"1.1": {"percent": 50}},
        },
        registry=registry,
    )
    with pytest.raises(kompass.KompassError) as caught:
        kompass.score(evaluation, registry=registry)
    assert str(caught.value) == (
        "scoring rule fails-on-judging 1 failed while judging question 1.1: expected it to "
        "return, found RuntimeError: no judge today"
    )


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
