"""Kompass: versioned evaluation rubrics (Kommunkompassen and friends).

Read, validate and score evaluations on any installed rubric::

    import kompass_core as kompass

    result = kompass.score_file("examples/orebro-2015.toml")
    print(result.total.rounded)          # 650

Rubrics, migrations, reference profiles, scoring rules, checks, output
formats and commands come from plugins; write one with the :data:`hookimpl`
marker (see ``docs/plugins.md``; ``kompass_core.testing`` helps test it).
"""

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# Names are imported on first use, so that the command line starts quickly
# (``kompass --version`` needs none of them).
_LAZY = {
    "Change": "kompass_core._trend",
    "Entry": "kompass_core._trend",
    "Figure": "kompass_core._trend",
    "Report": "kompass_core._report",
    "Series": "kompass_core._trend",
    "Trend": "kompass_core._trend",
    "build_report": "kompass_core._report",
    "render_report": "kompass_core._report",
    "render_trend": "kompass_core._trend_output",
    "trend": "kompass_core._trend",
    "trend_files": "kompass_core._trend",
    "Command": "kompass_core.commands",
    "OutputFormat": "kompass_core.formats",
    "Area": "kompass_core.model",
    "AreaResult": "kompass_core.scoring",
    "Evaluation": "kompass_core.model",
    "EvaluationDate": "kompass_core.model",
    "Findings": "kompass_core.model",
    "InvalidInputError": "kompass_core.errors",
    "KompassError": "kompass_core.errors",
    "Migration": "kompass_core.model",
    "PluginError": "kompass_core.errors",
    "PluginInfo": "kompass_core._plugins",
    "Problem": "kompass_core.errors",
    "Question": "kompass_core.model",
    "QuestionResult": "kompass_core.scoring",
    "QuestionScore": "kompass_core.model",
    "ReferenceProfile": "kompass_core.model",
    "Registry": "kompass_core._plugins",
    "Rubric": "kompass_core.model",
    "RubricDiff": "kompass_core.diff",
    "ScoreResult": "kompass_core.scoring",
    "Scoring": "kompass_core.model",
    "ScoringRule": "kompass_core.rules",
    "Rounding": "kompass_core.rules",
    "Points": "kompass_core.rules",
    "Stamp": "kompass_core.fingerprint",
    "stamp_differences": "kompass_core.fingerprint",
    "evaluation_schema": "kompass_core._api",
    "Source": "kompass_core.model",
    "Stated": "kompass_core.model",
    "Subject": "kompass_core.model",
    "Text": "kompass_core.model",
    "TotalResult": "kompass_core.scoring",
    "Migrated": "kompass_core.migration",
    "UnknownRubricError": "kompass_core.errors",
    "check_migration": "kompass_core._api",
    "check_rubric": "kompass_core._api",
    "default_registry": "kompass_core._plugins",
    "diff_rubrics": "kompass_core._api",
    "evaluation_from_data": "kompass_core._api",
    "get_profile": "kompass_core._api",
    "get_rubric": "kompass_core._api",
    "hookimpl": "kompass_core.hookspecs",
    "hookspec": "kompass_core.hookspecs",
    "load_evaluation": "kompass_core._api",
    "load_migration": "kompass_core._api",
    "load_rubric": "kompass_core._api",
    "migrate": "kompass_core._api",
    "migrate_file": "kompass_core._api",
    "migration_scaffold": "kompass_core._api",
    "round_half_up": "kompass_core._numbers",
    "score": "kompass_core._api",
    "score_file": "kompass_core._api",
    "validate_file": "kompass_core._api",
}

# Public names that differ from the name in their module.
_RENAMED = {"stamp_differences": "differences"}

__all__ = [
    "Area",
    "AreaResult",
    "Change",
    "Command",
    "Entry",
    "Evaluation",
    "EvaluationDate",
    "Figure",
    "Findings",
    "InvalidInputError",
    "KompassError",
    "Migrated",
    "Migration",
    "OutputFormat",
    "PluginError",
    "PluginInfo",
    "Points",
    "Problem",
    "Question",
    "QuestionResult",
    "QuestionScore",
    "ReferenceProfile",
    "Registry",
    "Report",
    "Rounding",
    "Rubric",
    "RubricDiff",
    "ScoreResult",
    "Scoring",
    "ScoringRule",
    "Series",
    "Source",
    "Stamp",
    "Stated",
    "Subject",
    "Text",
    "TotalResult",
    "Trend",
    "UnknownRubricError",
    "__version__",
    "build_report",
    "check_migration",
    "check_rubric",
    "default_registry",
    "diff_rubrics",
    "evaluation_from_data",
    "evaluation_schema",
    "get_profile",
    "get_rubric",
    "hookimpl",
    "hookspec",
    "load_evaluation",
    "load_migration",
    "load_rubric",
    "migrate",
    "migrate_file",
    "migration_scaffold",
    "render_report",
    "render_trend",
    "round_half_up",
    "score",
    "score_file",
    "stamp_differences",
    "trend",
    "trend_files",
    "validate_file",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'kompass_core' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(module), _RENAMED.get(name, name))
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


if TYPE_CHECKING:
    from kompass_core._api import (
        check_rubric,
        evaluation_from_data,
        evaluation_schema,
        get_profile,
        get_rubric,
        load_evaluation,
        load_rubric,
        score,
        score_file,
        validate_file,
    )
    from kompass_core._numbers import round_half_up
    from kompass_core._plugins import PluginInfo, Registry, default_registry
    from kompass_core._report import Report, build_report, render_report
    from kompass_core._trend import Change, Entry, Figure, Series, Trend, trend, trend_files
    from kompass_core._trend_output import render_trend
    from kompass_core.errors import (
        InvalidInputError,
        KompassError,
        PluginError,
        Problem,
        UnknownRubricError,
    )
    from kompass_core.fingerprint import Stamp
    from kompass_core.fingerprint import differences as stamp_differences
    from kompass_core.hookspecs import hookimpl, hookspec
    from kompass_core.model import (
        Area,
        Evaluation,
        EvaluationDate,
        Findings,
        Question,
        QuestionScore,
        ReferenceProfile,
        Rubric,
        Scoring,
        Source,
        Stated,
        Subject,
        Text,
    )
    from kompass_core.rules import Points, Rounding, ScoringRule
    from kompass_core.scoring import AreaResult, QuestionResult, ScoreResult, TotalResult
