"""Trend analysis: a subject's evaluations over time on one rubric's scale.

Each evaluation is carried over to the trend's rubric along the installed
migrations (:mod:`kompass_core.migration`), so every figure on the scale has
a point estimate and a range.  A change between two evaluations is
*distinguishable* only when the range of the difference, widened by what the
rounding of the printed figures plausibly explains, does not hold zero: a
change inside the combined ranges is reported as not distinguishable, never
as a rise or a fall.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any, Literal

from attrs import evolve, frozen

from kompass_core.errors import InvalidInputError, KompassError, Problem
from kompass_core.model import Evaluation, EvaluationDate, ReferenceProfile, Rubric, Subject
from kompass_core.rules import Rounding
from kompass_core.scoring import AreaResult, ScoreResult, TotalResult, rounding_tolerance
from kompass_core.scoring import score as score_on

Direction = Literal["up", "down", "none", "unclear"]


@frozen
class Figure:
    """One value on the trend's scale: its point estimate (``None`` when not
    known), the range it lies in, and the rounding of the figures behind it."""

    points: Decimal | None
    lower: Decimal
    upper: Decimal
    max: Decimal | None
    half_widths: tuple[Decimal, ...] = ()
    rounding: Rounding = Rounding()

    @classmethod
    def of(cls, result: AreaResult | TotalResult) -> Figure:
        return cls(
            result.points,
            result.lower,
            result.upper,
            result.max,
            result.half_widths,
            result.rounding,
        )

    @property
    def estimated(self) -> bool:
        """Not known exactly: a range rather than a value, or not known at all."""
        return self.points is None or self.lower != self.upper

    @property
    def rounded(self) -> Decimal | None:
        return None if self.points is None else self.rounding(self.points)


@frozen
class Change:
    """The difference between two figures: its point estimate (``None`` when
    either is not known), its range, and the rounding allowance."""

    points: Decimal | None
    lower: Decimal
    upper: Decimal
    tolerance: Decimal

    @property
    def distinguishable(self) -> bool:
        """The whole range, widened by the rounding allowance, lies on one side of zero."""
        return self.lower - self.tolerance > 0 or self.upper + self.tolerance < 0

    @property
    def direction(self) -> Direction:
        """``up``/``down`` when distinguishable, ``none`` when known to be
        within rounding of no change, else ``unclear``."""
        if self.distinguishable:
            return "up" if self.lower > 0 else "down"
        if self.lower == self.upper:
            return "none"
        return "unclear"


def change(before: Figure, after: Figure) -> Change:
    """The change from ``before`` to ``after``, with its range and rounding allowance."""
    points = None
    if before.points is not None and after.points is not None:
        points = after.points - before.points
    return Change(
        points,
        after.lower - before.upper,
        after.upper - before.lower,
        rounding_tolerance([*before.half_widths, *after.half_widths]),
    )


@frozen
class Estimated:
    """Values estimated in one migration step, grouped by the reason."""

    rubric: str
    """The rubric the step led to."""
    level: str
    targets: tuple[str, ...]
    why: str


@frozen
class Dropped:
    """A source value a migration step had no place for (kept in the
    migrated file's provenance)."""

    rubric: str
    """The rubric the step led from."""
    level: str
    source: str
    points: Decimal | None
    note: str = ""


@frozen
class Entry:
    """One evaluation in a trend: as read, and scored on the trend's rubric."""

    evaluation: Evaluation
    own: ScoreResult
    """Scored on the rubric it was evaluated on."""
    result: ScoreResult
    """Scored on the trend's rubric."""
    path: tuple[str, ...]
    estimated: tuple[Estimated, ...] = ()
    dropped: tuple[Dropped, ...] = ()
    warnings: tuple[Problem, ...] = ()
    total_change: Change | None = None
    """Since the previous entry, on the trend's rubric (``None`` for the first)."""
    area_changes: tuple[Change, ...] = ()
    """Aligned with ``result.areas``; empty for the first entry."""
    measured_change: Change | None = None
    """The total's change on the rubric both entries were evaluated on, when
    they share one (the same rubric data): free of migration uncertainty."""

    @property
    def date(self) -> EvaluationDate:
        return self.evaluation.date

    @property
    def source_rubric(self) -> str:
        return self.evaluation.rubric_id

    @property
    def migrated(self) -> bool:
        return len(self.path) > 1

    @property
    def total(self) -> Figure:
        return Figure.of(self.result.total)

    @property
    def areas(self) -> tuple[Figure, ...]:
        return tuple(Figure.of(a) for a in self.result.areas)

    @property
    def when(self) -> float:
        """The date as a decimal year, a partial date at the middle of its period."""
        date = self.date
        if date.month is None:
            return date.year + 0.5
        day = (date.day - 0.5) if date.day is not None else 15.0
        return date.year + (date.month - 1 + day / 31) / 12


@frozen
class Series:
    """The evaluations of one subject, oldest first."""

    subject: Subject
    entries: tuple[Entry, ...]

    @property
    def latest(self) -> Entry:
        return self.entries[-1]


@frozen
class Trend:
    """Evaluations grouped by subject, each series ordered by date, on one scale."""

    rubric: Rubric
    series: tuple[Series, ...]
    reference: Entry | None = None
    """The reference profile carried over to the trend's rubric, if asked for."""
    profile: ReferenceProfile | None = None
    problems: tuple[Problem, ...] = ()
    """Inputs that could not be used, one problem each (or more per file)."""

    def subject(self, name: str) -> Series:
        """The series of the subject with this name or code; KeyError if none."""
        for series in self.series:
            if _matches(series.subject, name):
                return series
        raise KeyError(name)


# -- the public entry points ---------------------------------------------------------


def trend(
    evaluations: Iterable[Evaluation],
    to: str | None = None,
    *,
    reference: str | None = None,
    subject: str | None = None,
    registry: Any = None,
) -> Trend:
    """Put ``evaluations`` on rubric ``to`` (default: the newest rubric among
    them) and group them by subject, each series ordered by date.

    An evaluation that cannot be carried over (no migration path, or too
    little known for the target) is left out and named in ``problems``.

    :param reference: a reference profile's id, carried over too.
    :param subject: keep only the subject with this name or code.
    :raises KompassError: no evaluations, an unknown rubric, profile or subject.
    """
    from kompass_core._plugins import default_registry

    reg = registry if registry is not None else default_registry()
    return _build(list(evaluations), to, reference, subject, reg, [])


def trend_files(
    paths: Iterable[str | os.PathLike[str]],
    to: str | None = None,
    *,
    reference: str | None = None,
    subject: str | None = None,
    registry: Any = None,
) -> Trend:
    """:func:`trend` over evaluation files and folders (every ``.toml`` and
    ``.json`` file below a folder).  A file that cannot be read is named in
    ``problems`` and the rest are used."""
    from kompass_core._api import load_evaluation
    from kompass_core._plugins import default_registry

    reg = registry if registry is not None else default_registry()
    evaluations: list[Evaluation] = []
    problems: list[Problem] = []
    given = [os.fspath(p) for p in paths]
    files = list(expand_paths(given))
    if not files:
        named = ", ".join(given) or "<none>"
        raise KompassError(f"{named}: expected evaluation files (.toml or .json), found none")
    for path in files:
        try:
            evaluations.append(load_evaluation(path, reg))
        except InvalidInputError as error:
            problems.extend(error.problems)
    if not evaluations and problems:
        return Trend(_target([], to, reg), (), problems=tuple(problems))
    return _build(evaluations, to, reference, subject, reg, problems)


def expand_paths(paths: Iterable[str | os.PathLike[str]]) -> Iterator[str]:
    """Files as given; folders as every evaluation file below them, sorted
    (hidden files and folders skipped; a folder without any gives nothing)."""
    from kompass_core._batch import expand

    return (found.path for found in expand(paths) if not os.path.isdir(found.path))


# -- building -----------------------------------------------------------------------


def _build(
    evaluations: list[Evaluation],
    to: str | None,
    reference: str | None,
    subject: str | None,
    registry: Any,
    problems: list[Problem],
) -> Trend:
    if not evaluations:
        raise KompassError("no evaluations: expected at least one evaluation file, found none")
    if subject is not None:
        kept = [e for e in evaluations if _matches(e.subject, subject)]
        if not kept:
            names = ", ".join(sorted({e.subject.name for e in evaluations}))
            raise KompassError(
                f"unknown subject: expected one of the subjects in the input ({names}), "
                f"found {subject!r}"
            )
        evaluations = kept
    target = _target(evaluations, to, registry)
    series = []
    for group in _group(evaluations):
        entries = []
        for evaluation in sorted(group, key=_order):
            try:
                entries.append(entry_on(evaluation, target, registry))
            except KompassError as error:
                problems.extend(_problems(error, evaluation))
        if entries:
            series.append(Series(_subject_of(group), tuple(_with_changes(entries))))
    profile = registry.profile(reference) if reference is not None else None
    carried = profile_on(profile, target, registry) if profile is not None else None
    return Trend(target, tuple(series), carried, profile, tuple(problems))


def _target(evaluations: list[Evaluation], to: str | None, registry: Any) -> Rubric:
    """Rubric ``to``, else the newest rubric among the evaluations (among
    all installed ones when there are none)."""
    if to is not None:
        return registry.rubric(to)  # type: ignore[no-any-return]
    ids = {e.rubric_id for e in evaluations} or set(registry.rubric_ids())
    rubrics: list[Rubric] = [registry.rubric(i) for i in ids]
    return max(rubrics, key=lambda r: (r.year, r.id))


def _problems(error: KompassError, evaluation: Evaluation) -> list[Problem]:
    if isinstance(error, InvalidInputError):
        return list(error.problems)
    return [Problem(str(error), file=evaluation.origin or None)]


def entry_on(evaluation: Evaluation, target: Rubric, registry: Any) -> Entry:
    """``evaluation`` scored on its own rubric and carried over to ``target``
    (an :class:`Entry` without changes).

    :raises KompassError: no migration path, or too little known for ``target``.
    """
    from kompass_core.migration import migrate

    own = score_on(evaluation, registry.rubric(evaluation.rubric_id))
    migrated = migrate(evaluation, target.id, registry)
    result = score_on(migrated.evaluation, target)
    estimated, dropped = _from_provenance(migrated.data.get("migration"))
    warnings = own.warnings + tuple(w for w in result.warnings if w not in own.warnings)
    return Entry(evaluation, own, result, migrated.path, estimated, dropped, warnings)


def _from_provenance(provenance: Any) -> tuple[tuple[Estimated, ...], tuple[Dropped, ...]]:
    """What the migration steps estimated (grouped by reason) and dropped;
    steps recorded in the input file itself (a migrated file) count too."""
    estimated: list[Estimated] = []
    dropped: list[Dropped] = []
    for step in (provenance or {}).get("steps") or []:
        rubric = step.get("target_stamp", {}).get("rubric", "")
        source = step.get("source_stamp", {}).get("rubric", "")
        groups: dict[tuple[str, str], list[str]] = {}
        for value in step.get("values") or []:
            if not value.get("exact", True):
                why = value.get("why") or f"{value.get('method')} ({value.get('relation')})"
                key = (value.get("level", ""), why)
                groups.setdefault(key, []).append(str(value.get("target", "")))
        estimated.extend(Estimated(rubric, lvl, tuple(t), why) for (lvl, why), t in groups.items())
        dropped.extend(
            Dropped(
                source,
                d.get("level", ""),
                str(d.get("source", "")),
                _decimal(d.get("points")),
                str(d.get("note", "")),
            )
            for d in step.get("dropped") or []
        )
    return tuple(estimated), tuple(dropped)


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _with_changes(entries: list[Entry]) -> Iterator[Entry]:
    previous: Entry | None = None
    for entry in entries:
        if previous is None:
            yield entry
        else:
            measured = None
            if previous.own.stamp == entry.own.stamp:
                before, after = Figure.of(previous.own.total), Figure.of(entry.own.total)
                measured = change(before, after)
            yield evolve(
                entry,
                total_change=change(previous.total, entry.total),
                area_changes=tuple(
                    change(a, b) for a, b in zip(previous.areas, entry.areas, strict=True)
                ),
                measured_change=measured,
            )
        previous = entry


def profile_on(profile: ReferenceProfile, target: Rubric, registry: Any) -> Entry:
    """The profile as an evaluation on its rubric, carried over to ``target``."""
    from kompass_core._api import evaluation_from_data

    rubric = registry.rubric(profile.rubric_id)
    data: dict[str, Any] = {
        "rubric": profile.rubric_id,
        "subject": {"name": profile.name.get(), "kind": rubric.kind},
        "evaluation": {"date": str(profile.year)},
    }
    areas = dict(profile.areas)
    if areas:
        data["area_scores"] = areas
    if profile.total is not None:
        complete = rubric.areas and len(areas) == len(rubric.areas)
        if complete:
            data["stated"] = {"total": profile.total}
        else:
            data["total"] = profile.total
    evaluation = evaluation_from_data(data, profile.origin or profile.id, registry)
    return entry_on(evaluation, target, registry)


# -- grouping and ordering -------------------------------------------------------------


def _name_key(subject: Subject) -> str:
    return " ".join(subject.name.casefold().split())


def _matches(subject: Subject, wanted: str) -> bool:
    key = " ".join(wanted.casefold().split())
    return key == _name_key(subject) or (subject.code is not None and wanted == subject.code)


def _group(evaluations: Sequence[Evaluation]) -> list[list[Evaluation]]:
    """Evaluations of one subject together: by kind and official code where
    given, else by name (a file without a code joins the group of the same
    name that has one)."""
    code_of: dict[tuple[str, str], str] = {}
    for e in evaluations:
        if e.subject.code:
            code_of.setdefault((e.subject.kind, _name_key(e.subject)), e.subject.code)
    groups: dict[tuple[str, str], list[Evaluation]] = {}
    for e in evaluations:
        name = (e.subject.kind, _name_key(e.subject))
        key = (
            (e.subject.kind, "code:" + (e.subject.code or code_of.get(name, "")))
            if (e.subject.code or name in code_of)
            else (e.subject.kind, "name:" + name[1])
        )
        groups.setdefault(key, []).append(e)
    return sorted(groups.values(), key=lambda g: (_name_key(g[0].subject), g[0].subject.kind))


def _subject_of(group: list[Evaluation]) -> Subject:
    """The subject as its latest evaluation names it."""
    return max(group, key=_order).subject


def _order(evaluation: Evaluation) -> tuple[Any, ...]:
    return (evaluation.date, evaluation.origin)


__all__ = [
    "Change",
    "Dropped",
    "Entry",
    "Estimated",
    "Figure",
    "Series",
    "Trend",
    "change",
    "entry_on",
    "expand_paths",
    "profile_on",
    "trend",
    "trend_files",
]
