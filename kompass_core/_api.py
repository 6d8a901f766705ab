"""The Python API: read, validate and score rubric and evaluation files;
compare rubrics and check migrations."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from kompass_core import _plugins, _reading
from kompass_core._evaluations import evaluation_from_document
from kompass_core._migrations import check_migration_data, migration_from_document
from kompass_core._plugins import Registry
from kompass_core._rubrics import check_rubric_data, rubric_from_document
from kompass_core.diff import RubricDiff, diff
from kompass_core.errors import InvalidInputError, Problem
from kompass_core.model import Evaluation, Migration, ReferenceProfile, Rubric

if TYPE_CHECKING:
    from kompass_core.migration import Migrated
from kompass_core.scoring import ScoreResult, can_warn
from kompass_core.scoring import score as _score

PathLike = str | os.PathLike[str]


def _registry(registry: Registry | None) -> Registry:
    return registry if registry is not None else _plugins.default_registry()


def get_rubric(rubric_id: str, registry: Registry | None = None) -> Rubric:
    """The installed rubric with this id.

    :raises UnknownRubricError: when no installed plugin provides it.
    """
    return _registry(registry).rubric(rubric_id)


def get_profile(profile_id: str, registry: Registry | None = None) -> ReferenceProfile:
    """The installed reference profile with this id (e.g. a published national mean).

    :raises KompassError: when no installed plugin provides it.
    """
    return _registry(registry).profile(profile_id)


def load_rubric(path: PathLike, registry: Registry | None = None) -> Rubric:
    """Read and validate a rubric definition file (its scoring rule may be
    any the registry's plugins provide).

    :raises InvalidInputError: listing every problem in the file.
    """
    return rubric_from_document(_reading.load(path), rules=_registry(registry).scoring_rules())


def evaluation_schema(rubric: Rubric | str, registry: Registry | None = None) -> dict[str, Any]:
    """The JSON Schema of evaluations on ``rubric`` (an object or an installed
    id): the evaluation schema with a question's judgement as the rubric's
    scoring rule defines it.  Its references to ``common.schema.json`` resolve
    against the schemas shipped in ``kompass_core.schemas``."""
    from kompass_core._schemas import evaluation_schema as compose

    target = rubric if isinstance(rubric, Rubric) else get_rubric(rubric, registry)
    scoring = target.scoring
    return compose(scoring.rule.judgement_schema(scoring.parameters))


def check_rubric(path: PathLike, registry: Registry | None = None) -> list[Problem]:
    """Every problem in a rubric definition file (empty when it is valid),
    and a warning when an installed rubric from another file has its id (a
    copied definition whose id was not changed, say)."""
    try:
        document = _reading.load(path)
        problems = check_rubric_data(document, _registry(registry).scoring_rules())
    except InvalidInputError as error:
        return list(error.problems)
    if any(p.severity == "error" for p in problems):
        return problems
    rubric_id = document.data["id"]
    reg = _registry(registry)
    if rubric_id in reg.rubric_ids():
        installed = reg.rubric(rubric_id).origin.split(": ", 1)[-1]
        if not (os.path.exists(installed) and os.path.samefile(installed, path)):
            problems.append(
                Problem(
                    f"id already installed: expected a new id for a new rubric, found "
                    f"{rubric_id!r}, which {reg.rubric(rubric_id).origin} provides",
                    file=document.name,
                    path="id",
                    severity="warning",
                )
            )
    return problems


def rubric_from_ref(ref: str | PathLike, registry: Registry | None = None) -> Rubric:
    """An installed rubric by id, or a rubric definition file by path (any
    argument naming a ``.toml`` or ``.json`` file, or an existing file)."""
    text = os.fspath(ref)
    if text.endswith((".toml", ".json")) or os.sep in text or os.path.isfile(text):
        return load_rubric(text, registry)
    return get_rubric(text, registry)


class _WithRubrics:
    """A registry's rubrics plus some not (yet) installed, for checking a new
    rubric's migration before it is registered."""

    def __init__(self, registry: Registry, extra: list[Rubric]) -> None:
        self._registry = registry
        self._extra = {r.id: r for r in extra}

    def rubric(self, rubric_id: str) -> Rubric:
        return self._extra.get(rubric_id) or self._registry.rubric(rubric_id)


def diff_rubrics(
    source: str | PathLike | Rubric,
    target: str | PathLike | Rubric,
    registry: Registry | None = None,
    *,
    by_text: bool = False,
) -> RubricDiff:
    """The structural difference between two rubrics (ids, files or
    :class:`Rubric` objects).  An installed migration between them gives the
    correspondence of questions unless ``by_text`` is true."""
    reg = _registry(registry)
    a = source if isinstance(source, Rubric) else rubric_from_ref(source, reg)
    b = target if isinstance(target, Rubric) else rubric_from_ref(target, reg)
    migration = None if by_text else reg.migration(a.id, b.id) or reg.migration(b.id, a.id)
    return diff(a, b, migration)


def migration_scaffold(
    source: str | PathLike | Rubric,
    target: str | PathLike | Rubric,
    registry: Registry | None = None,
    *,
    by_text: bool = False,
) -> str:
    """A draft migration from ``source`` to ``target`` (TOML text) with a rule
    for every question of both and a ``todo`` wherever a person must decide."""
    from kompass_core.scaffold import scaffold

    refs = [None if isinstance(r, Rubric) else os.fspath(r) for r in (source, target)]
    return scaffold(diff_rubrics(source, target, registry, by_text=by_text), *refs)


def migrate(evaluation: Evaluation, to: str, registry: Registry | None = None) -> Migrated:
    """``evaluation`` carried over to rubric ``to`` along the shortest path of
    installed migrations, with a range and provenance for every value.

    :raises KompassError: no path (the message lists what can be reached), or
        the evaluation knows too little for the target.
    """
    from kompass_core.migration import migrate as _migrate

    return _migrate(evaluation, to, _registry(registry))


def migrate_file(path: PathLike, to: str, registry: Registry | None = None) -> Migrated:
    """Read, validate and migrate one evaluation file."""
    reg = _registry(registry)
    return migrate(load_evaluation(path, reg), to, reg)


def load_migration(
    path: PathLike, registry: Registry | None = None, rubrics: list[Rubric] | None = None
) -> Migration:
    """Read and validate a migration file; ``rubrics`` adds rubrics that are
    not installed (yet).

    :raises InvalidInputError: listing every problem in the file.
    """
    resolver = _WithRubrics(_registry(registry), rubrics or [])
    return migration_from_document(_reading.load(path), resolver)


def check_migration(
    path: PathLike, registry: Registry | None = None, rubrics: list[Rubric] | None = None
) -> list[Problem]:
    """Every problem in a migration file (empty when it is valid)."""
    resolver = _WithRubrics(_registry(registry), rubrics or [])
    try:
        return check_migration_data(_reading.load(path), resolver)
    except InvalidInputError as error:
        return list(error.problems)


def _document_from_data(data: Mapping[str, Any], name: str) -> _reading.Document:
    if not isinstance(data, Mapping):  # callers may pass anything
        found = _reading.describe(data)  # type: ignore[unreachable]
        raise InvalidInputError(
            [Problem(f"expected a table (a mapping), found {found}", file=name)]
        )
    return _reading.Document(name=name, format="json", data=_reading.normalise(data))


def load_evaluation(path: PathLike, registry: Registry | None = None) -> Evaluation:
    """Read and validate an evaluation file (TOML or JSON).

    :raises InvalidInputError: listing every problem in the file.
    """
    evaluation, _ = evaluation_from_document(_reading.load(path), _registry(registry))
    return evaluation


def evaluation_from_data(
    data: Mapping[str, Any], name: str = "<data>", registry: Registry | None = None
) -> Evaluation:
    """Validate an evaluation given as data (the structure of the file format;
    floats are taken as the decimal they print as, dates may be ``date``s).

    :raises InvalidInputError: listing every problem found.
    """
    evaluation, _ = evaluation_from_document(_document_from_data(data, name), _registry(registry))
    return evaluation


def score(evaluation: Evaluation, registry: Registry | None = None) -> ScoreResult:
    """Score an evaluation on the rubric it names."""
    return _score(evaluation, _registry(registry).rubric(evaluation.rubric_id))


def score_file(path: PathLike, registry: Registry | None = None) -> ScoreResult:
    """Read, validate and score one evaluation file.

    :raises InvalidInputError: listing every problem in the file.
    """
    evaluation, rubric = evaluation_from_document(_reading.load(path), _registry(registry))
    return _score(evaluation, rubric)


def validate_file(path: PathLike, registry: Registry | None = None) -> list[Problem]:
    """Every problem in an evaluation file: errors, or else the warnings its
    scores raise (stated figures that disagree).  Empty when all is well."""
    try:
        evaluation, rubric = evaluation_from_document(_reading.load(path), _registry(registry))
        if not can_warn(evaluation, rubric):  # scoring would say nothing more
            return list(evaluation.warnings)
        return list(_score(evaluation, rubric).warnings)
    except InvalidInputError as error:
        return list(error.problems)
