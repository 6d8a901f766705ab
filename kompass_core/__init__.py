"""Kompass: versioned evaluation rubrics (Kommunkompassen and friends).

Read, validate and score evaluations on any installed rubric::

    import kompass_core as kompass

    result = kompass.score_file("examples/orebro-2015.toml")
    print(result.total.rounded)          # 650

Rubrics, migrations and reference profiles come from plugins; write one with
the :data:`hookimpl` marker (see ``docs/plugins.md``).
"""

from kompass_core._api import (
    check_rubric,
    evaluation_from_data,
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
from kompass_core.errors import (
    InvalidInputError,
    KompassError,
    PluginError,
    Problem,
    UnknownRubricError,
)
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
    Source,
    Stated,
    Subject,
    Text,
)
from kompass_core.scoring import AreaResult, QuestionResult, ScoreResult, TotalResult

__version__ = "0.1.0"

__all__ = [
    "Area",
    "AreaResult",
    "Evaluation",
    "EvaluationDate",
    "Findings",
    "InvalidInputError",
    "KompassError",
    "PluginError",
    "PluginInfo",
    "Problem",
    "Question",
    "QuestionResult",
    "QuestionScore",
    "ReferenceProfile",
    "Registry",
    "Rubric",
    "ScoreResult",
    "Source",
    "Stated",
    "Subject",
    "Text",
    "TotalResult",
    "UnknownRubricError",
    "__version__",
    "check_rubric",
    "default_registry",
    "evaluation_from_data",
    "get_profile",
    "get_rubric",
    "hookimpl",
    "hookspec",
    "load_evaluation",
    "load_rubric",
    "round_half_up",
    "score",
    "score_file",
    "validate_file",
]
