"""The structural difference between two rubrics.

Which question of one rubric is which of the other cannot always be read off
the data: ids shift when a question is dropped, and a question may be split in
two.  When a migration between the two rubrics is installed, its rules say what
corresponds to what, as people decided it.  Otherwise questions are paired by
identical text, then by id, then by similar text, and each pair says how it
was found, so that a person can check it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from decimal import Decimal
from difflib import SequenceMatcher
from typing import Literal

from attrs import frozen

from kompass_core.errors import KompassError
from kompass_core.fingerprint import plain_values
from kompass_core.model import Area, Migration, Question, Rubric

Change = Literal[
    "added",
    "removed",
    "renamed",
    "max changed",
    "moved",
    "renumbered",
    "split",
    "merged",
    "headings changed",
]
MatchedBy = Literal["migration", "same text", "same id", "similar text", "none"]

# Pairing by similar text needs at least this similarity (difflib's ratio).
# Pairs by id come last and need less, since the id (and an unchanged max)
# already speaks for them; these thresholds were tuned on 2010 → 2016, where
# they find no wrong pair.
OTHER_ID_SIMILARITY = 0.75
SAME_ID_SIMILARITY = 0.5
SAME_ID_AND_MAX_SIMILARITY = 0.35


@frozen
class QuestionDiff:
    """Source questions and the target questions they became."""

    sources: tuple[Question, ...]
    targets: tuple[Question, ...]
    source_areas: tuple[str, ...]
    target_areas: tuple[str, ...]
    changes: tuple[Change, ...]
    matched_by: MatchedBy
    relation: str | None = None
    note: str = ""


@frozen
class AreaDiff:
    """An area of the source and the area of the target it corresponds to."""

    source: Area | None
    target: Area | None
    changes: tuple[Change, ...]
    matched_by: MatchedBy


@frozen
class RubricDiff:
    source: Rubric
    target: Rubric
    areas: tuple[AreaDiff, ...]
    questions: tuple[QuestionDiff, ...]
    migration: Migration | None = None
    """The migration whose rules gave the correspondence, if any."""

    @property
    def scoring(self) -> tuple[str, ...]:
        """How the scoring differs: the rule, or each parameter that changed
        (as the fingerprint sees them, defaults filled in); empty when the
        rule and its parameters are the same."""
        return scoring_changes(self.source, self.target)

    @property
    def compares_questions(self) -> bool:
        """False when either rubric publishes no questions (only areas, or
        only a total, can then be compared)."""
        return any(self.source.questions()) and any(self.target.questions())


def diff(source: Rubric, target: Rubric, migration: Migration | None = None) -> RubricDiff:
    """How ``target`` differs from ``source``; ``migration`` (from source to
    target, or the reverse) gives the correspondence of questions and areas.

    :raises KompassError: both are the same rubric id (a copied definition
        whose id was not changed, say).
    """
    if source.id == target.id:
        raise KompassError(
            f"expected two different rubrics, found {source.id!r} twice (a new revision "
            "needs its own id)"
        )
    if migration is not None and {migration.source, migration.target} != {source.id, target.id}:
        raise ValueError(f"migration {migration.id} does not join {source.id} and {target.id}")
    if not (any(source.questions()) and any(target.questions())):
        pairs = []  # one of them publishes no questions: there is nothing to pair
    elif migration is not None and migration.questions:
        pairs = list(_pairs_from_migration(source, target, migration))
    else:
        pairs = list(_pairs_by_text(source, target))
    area_pairs = _area_pairs(source, target, migration)
    return RubricDiff(
        source,
        target,
        tuple(area_pairs),
        tuple(_question_diff(source, target, *pair) for pair in pairs),
        migration,
    )


def scoring_changes(source: Rubric, target: Rubric) -> tuple[str, ...]:
    """The differences in scoring rule and parameters, one phrase each."""
    a, b = source.scoring, target.scoring
    if (a.rule.name, a.rule.version) != (b.rule.name, b.rule.version):
        return (f"scoring rule {a.rule.name} {a.rule.version} → {b.rule.name} {b.rule.version}",)
    old = plain_values(a.rule.canonical_parameters(a.parameters))
    new = plain_values(b.rule.canonical_parameters(b.parameters))
    return tuple(
        f"{key}: {json.dumps(old.get(key), ensure_ascii=False)} → "
        f"{json.dumps(new.get(key), ensure_ascii=False)}"
        for key in sorted(set(old) | set(new))
        if old.get(key) != new.get(key)
    )


# -- pairing ---------------------------------------------------------------------

_Pair = tuple[tuple[str, ...], tuple[str, ...], MatchedBy, str | None, str]


def _pairs_from_migration(source: Rubric, target: Rubric, migration: Migration) -> Iterator[_Pair]:
    forward = migration.source == source.id
    for rule in migration.questions:
        sources, targets = (rule.sources, rule.targets) if forward else (rule.targets, rule.sources)
        relation = rule.relation if forward else _REVERSED.get(rule.relation, rule.relation)
        yield sources, targets, "migration", relation, rule.note


_REVERSED = {
    "widened": "narrowed",
    "narrowed": "widened",
    "split": "merged",
    "merged": "split",
    "new": "dropped",
    "dropped": "new",
}


def _normal(text: str) -> str:
    return " ".join(text.casefold().split())


def _similarity(a: Question, b: Question, language: str) -> float:
    return SequenceMatcher(
        None, _normal(a.text.get(language)), _normal(b.text.get(language))
    ).ratio()


def _pairs_by_text(source: Rubric, target: Rubric) -> Iterator[_Pair]:
    language = source.default_language
    left = {q.id: q for _, q in source.questions()}
    right = {q.id: q for _, q in target.questions()}
    found: list[_Pair] = []

    def pair(a: str, b: str, how: MatchedBy) -> None:
        found.append(((a,), (b,), how, None, ""))
        del left[a], right[b]

    by_text: dict[str, list[str]] = {}
    for qid, question in right.items():
        by_text.setdefault(_normal(question.text.get(language)), []).append(qid)
    for qid, question in list(left.items()):
        same = by_text.get(_normal(question.text.get(language)), [])
        candidates = [t for t in same if t in right]
        if candidates:
            best = qid if qid in candidates else candidates[0]
            pair(qid, best, "same text")
    scored = sorted(
        ((_similarity(a, b, language), a.id, b.id) for a in left.values() for b in right.values()),
        key=lambda item: (-item[0], item[1], item[2]),
    )
    for ratio, a_id, b_id in scored:
        if ratio < OTHER_ID_SIMILARITY:
            break
        if a_id in left and b_id in right:
            pair(a_id, b_id, "similar text")
    for qid in [q for q in left if q in right]:
        ratio = _similarity(left[qid], right[qid], language)
        same_max = left[qid].max == right[qid].max
        if ratio >= SAME_ID_SIMILARITY or (same_max and ratio >= SAME_ID_AND_MAX_SIMILARITY):
            pair(qid, qid, "same id")
    for qid in left:
        found.append(((qid,), (), "none", None, ""))
    for qid in right:
        found.append(((), (qid,), "none", None, ""))
    order = {q.id: n for n, (_, q) in enumerate(target.questions())}
    source_order = {q.id: n for n, (_, q) in enumerate(source.questions())}
    yield from sorted(
        found,
        key=lambda p: (order[p[1][0]], 0) if p[1] else (source_order[p[0][0]] + 0.5, 1),
    )


def _area_pairs(source: Rubric, target: Rubric, migration: Migration | None) -> list[AreaDiff]:
    pairs: list[tuple[str | None, str | None, MatchedBy]] = []
    if migration is not None and migration.areas:
        forward = migration.source == source.id
        for rule in migration.areas:
            sources, targets = (
                (rule.sources, rule.targets) if forward else (rule.targets, rule.sources)
            )
            if len(sources) == 1 and len(targets) == 1:
                pairs.append((sources[0], targets[0], "migration"))
            else:
                pairs.extend((s, None, "migration") for s in sources)
                pairs.extend((None, t, "migration") for t in targets)
    else:
        pairs.extend(
            (a.id, a.id if target.area(a.id) else None, "same id" if target.area(a.id) else "none")
            for a in source.areas
        )
        pairs.extend((None, a.id, "none") for a in target.areas if source.area(a.id) is None)
    result = []
    for s_id, t_id, how in pairs:
        s_area = source.area(s_id) if s_id else None
        t_area = target.area(t_id) if t_id else None
        changes: list[Change] = []
        if s_area is None:
            changes.append("added")
        elif t_area is None:
            changes.append("removed")
        else:
            if s_area.name.get(source.default_language) != t_area.name.get(source.default_language):
                changes.append("renamed")
            if s_area.max != t_area.max:
                changes.append("max changed")
            if s_area.id != t_area.id:
                changes.append("renumbered")
            # Sub-headings are compared only where both rubrics give them: a
            # rubric without them says nothing about them.
            language = source.default_language
            old_headings = [h.get(language) for h in s_area.headings]
            new_headings = [h.get(language) for h in t_area.headings]
            if old_headings and new_headings and old_headings != new_headings:
                changes.append("headings changed")
        result.append(AreaDiff(s_area, t_area, tuple(changes), how))
    order = {a.id: n for n, a in enumerate(target.areas)}
    return sorted(result, key=lambda d: order[d.target.id] if d.target else len(order))


def _question_diff(
    source: Rubric,
    target: Rubric,
    sources: tuple[str, ...],
    targets: tuple[str, ...],
    matched_by: MatchedBy,
    relation: str | None,
    note: str,
) -> QuestionDiff:
    language = source.default_language
    s_found = [source.find_question(i) for i in sources]
    t_found = [target.find_question(i) for i in targets]
    s_questions = tuple(q for _, q in filter(None, s_found))
    t_questions = tuple(q for _, q in filter(None, t_found))
    s_areas = tuple(a.id for a, _ in filter(None, s_found))
    t_areas = tuple(a.id for a, _ in filter(None, t_found))
    changes: list[Change] = []
    if not s_questions:
        changes.append("added")
    elif not t_questions:
        changes.append("removed")
    elif len(s_questions) == 1 and len(t_questions) > 1:
        changes.append("split")
    elif len(s_questions) > 1:
        changes.append("merged")
    else:
        (old,), (new,) = s_questions, t_questions
        if _normal(old.text.get(language)) != _normal(new.text.get(language)):
            changes.append("renamed")
        if old.max != new.max:
            changes.append("max changed")
        if s_areas != t_areas:
            changes.append("moved")
        elif old.id != new.id:
            changes.append("renumbered")
    if changes and changes[0] in ("split", "merged"):
        if set(s_areas) != set(t_areas):
            changes.append("moved")
        if _total(s_questions) != _total(t_questions):
            changes.append("max changed")
    return QuestionDiff(
        s_questions, t_questions, s_areas, t_areas, tuple(changes), matched_by, relation, note
    )


def _total(questions: Iterable[Question]) -> Decimal:
    return sum((q.max for q in questions), Decimal(0))


__all__ = ["AreaDiff", "QuestionDiff", "RubricDiff", "diff"]
