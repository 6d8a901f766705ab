"""The migration engine as it was before it was made fast (commit 85f3b34 of
``kompass_core/migration.py``, unchanged below this docstring but for it):
``fractions.Fraction`` throughout, every mapping derived again for each
evaluation, and the migrated evaluation validated in full
(``evaluation_from_data``).  ``tests/test_migration_plan.py`` holds the engine
to the very same results: data, evaluation, provenance and errors.

Not a test module itself (no ``test_`` prefix); when the engine's results are
meant to change, change this copy the same way.

The original docstring:

Migrating an evaluation from one rubric to another, along the shortest path
of installed migrations, with a point estimate and an honest range for every
value and a record of where each came from.

One step, from rubric S to rubric T, works on what the evaluation knows of S:

* questions known by score are intervals (a migrated value's range, or a
  single point);
* an area known only by its score ties its questions together: their sum lies
  in the area's range, each between 0 and its max;
* when the total is known, the questions of areas known neither way are tied
  together the same way, by what the total leaves.

A target value whose sources are all known is computed by interval arithmetic
(every rule is monotone).  A target area that depends on tied questions is
given as an area score: its bounds solve the small linear programme "lowest
(highest) sum of the area's rules given the ties", which a greedy fill solves
exactly; its point estimate gives every tied question the same share of max.
A target area that depends on questions known in no way is left unknown, and
the total is then carried over on its own (by the migration's total rule, or
the same linear programme over all questions), never split back into areas.

Arithmetic is exact (fractions) within a step; each value is then written to
ten decimal places, its lower bound rounded down and its upper bound up, so
ranges stay conservative.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from attrs import frozen

from kompass_core._numbers import plain
from kompass_core.errors import KompassError
from kompass_core.fingerprint import Stamp
from kompass_core.model import Evaluation, Migration, Rubric, Rule
from kompass_core.scoring import ScoreResult
from kompass_core.scoring import score as score_evaluation

PLACES = Decimal("1e-10")
ZERO = Fraction(0)


@frozen
class Value:
    """A migrated value: its point estimate and the range it lies in."""

    point: Fraction
    lower: Fraction
    upper: Fraction

    @property
    def exact(self) -> bool:
        return self.lower == self.upper

    @classmethod
    def of(
        cls, point: Decimal, lower: Decimal | None = None, upper: Decimal | None = None
    ) -> Value:
        p = Fraction(point)
        return cls(
            p,
            Fraction(lower) if lower is not None else p,
            Fraction(upper) if upper is not None else p,
        )

    def clamp(self, top: Fraction | None) -> Value:
        """Within [0, top], the point within the range."""
        low, high = max(self.lower, ZERO), self.upper
        if top is not None:
            low, high = min(low, top), min(high, top)
        high = max(high, low)  # a range wholly outside [0, top] ends at its edge
        return Value(min(max(self.point, low), high), low, high)


@frozen
class Migrated:
    """The result of :func:`migrate`: the evaluation on the target rubric
    (scoring and validating like any other), its file data, and the path."""

    evaluation: Evaluation
    data: dict[str, Any]
    path: tuple[str, ...]

    @property
    def provenance(self) -> Mapping[str, Any]:
        return self.data["migration"]  # type: ignore[no-any-return]


# -- paths --------------------------------------------------------------------------


def find_path(registry: Any, source: str, target: str) -> list[Migration]:
    """The shortest chain of installed migrations from ``source`` to
    ``target`` (breadth first; ties broken by rubric id, so it is stable).

    :raises KompassError: no path; the message lists what can be reached.
    """
    registry.rubric(source)
    registry.rubric(target)
    if source == target:
        return []
    edges: dict[str, list[Migration]] = {}
    for migration in registry.migrations():
        edges.setdefault(migration.source, []).append(migration)
    came: dict[str, Migration | None] = {source: None}
    queue = deque([source])
    while queue:
        here = queue.popleft()
        for migration in sorted(edges.get(here, []), key=lambda m: m.target):
            if migration.target not in came:
                came[migration.target] = migration
                queue.append(migration.target)
    if target not in came:
        reachable = sorted(r for r in came if r != source)
        listed = ", ".join(reachable) if reachable else "none"
        raise KompassError(
            f"no migration path: expected a chain of installed migrations from {source} to "
            f"{target}, found none; reachable from {source}: {listed}"
        )
    path: list[Migration] = []
    node = target
    while (step := came[node]) is not None:
        path.append(step)
        node = step.source
    return path[::-1]


# -- the public entry point -----------------------------------------------------------


def migrate(evaluation: Evaluation, target: str, registry: Any) -> Migrated:
    """``evaluation`` carried over to rubric ``target`` along the shortest path.

    :raises KompassError: no path, or the evaluation knows too little for the
        target (e.g. a total-only scale without a total).
    """
    from kompass_core._api import evaluation_from_data
    from kompass_core._evaluations import evaluation_to_data

    path = find_path(registry, evaluation.rubric_id, target)
    original = evaluation_to_data(evaluation)
    earlier = dict(evaluation.provenance or {})
    provenance: dict[str, Any] = {
        "from": earlier.get("from", evaluation.rubric_id),
        "path": list(earlier.get("path", [evaluation.rubric_id])),
        "original": earlier.get("original", _figures(original)),
        "steps": list(earlier.get("steps", [])),
    }
    if earlier.get("source_file") or evaluation.origin:
        provenance["source_file"] = earlier.get("source_file") or evaluation.origin
    current, data = evaluation, original
    for migration in path:
        source = registry.rubric(migration.source)
        goal = registry.rubric(migration.target)
        _refuse_weighted(migration, source, goal)
        result = score_evaluation(current, source)
        figures, step = _Step(migration, source, goal, result).run()
        data = {
            **{k: v for k, v in original.items() if k in ("subject", "evaluation", "source")},
            "rubric": goal.id,
            **figures,
        }
        provenance["path"].append(goal.id)
        provenance["steps"].append(step)
        checked = {**data, "migration": provenance}
        current = evaluation_from_data(checked, evaluation.origin or "<migrated>", registry)
        data = checked
    if not path:
        data = {**original, "migration": provenance} if evaluation.provenance else original
        current = evaluation
    return Migrated(current, data, tuple(provenance["path"]))


def _refuse_weighted(migration: Migration, source: Rubric, target: Rubric) -> None:
    """The rules relate points, and a total to the sum of its areas: a rubric
    whose areas weigh differently in the total needs rules this engine does
    not have, so it says so rather than give a wrong total."""
    for rubric in (source, target):
        if any(weight != 1 for weight in rubric.scoring.weights.values()):
            raise KompassError(
                f"cannot migrate along {migration.id}: expected rubrics whose total is the "
                f"plain sum of their areas, found {rubric.id} with area weights "
                f"({rubric.scoring_rule}); migrations between weighted rubrics are not "
                "supported yet"
            )


def _figures(data: Mapping[str, Any]) -> dict[str, Any]:
    keep = ("rubric", "scores", "area_scores", "total", "stated", "findings")
    return {key: data[key] for key in keep if key in data}


# -- one step ----------------------------------------------------------------------


class _Step:
    def __init__(self, migration: Migration, source: Rubric, target: Rubric, result: ScoreResult):
        self.m, self.s, self.t, self.r = migration, source, target, result
        self.values: list[dict[str, Any]] = []
        self.dropped: list[dict[str, Any]] = []

    def run(self) -> tuple[dict[str, Any], dict[str, Any]]:
        figures: dict[str, Any] = {}
        questions_level = bool(self.m.questions) and any(self.t.questions())
        if questions_level:
            known_areas = self._question_level(figures)
        elif self.m.areas:
            known_areas = self._area_level(figures)
        else:
            known_areas = 0
        if not (self.t.areas and known_areas == len(self.t.areas)):
            total = self._total(questions_level)
            if total is not None:
                figures["total"] = total
        if not self.t.areas_published and "total" not in figures:
            raise KompassError(
                f"cannot migrate to {self.t.id}: it is known only at total level, and the "
                f"evaluation's total on {self.s.id} is not known"
            )
        step = {
            "migration": self.m.id,
            "version": self.m.version,
            "source_stamp": Stamp.of(self.s).as_dict(),
            "target_stamp": Stamp.of(self.t).as_dict(),
            "values": self.values,
        }
        if self.dropped:
            step["dropped"] = self.dropped
        return figures, step

    # -- what the source evaluation knows --------------------------------------------

    def _source_questions(self) -> tuple[dict[str, Value], list[_Tie]]:
        """Known questions, and ties: groups of questions whose sum is known."""
        known: dict[str, Value] = {}
        ties: list[_Tie] = []
        loose: list[tuple[str, Fraction]] = []
        for area in self.r.areas:
            if area.basis == "area" and area.points is not None:
                ties.append(
                    _Tie(
                        {q.question.id: Fraction(q.max) for q in area.questions},
                        Value.of(area.points, area.lower, area.upper),
                        f"area {area.area.id}",
                    )
                )
                continue
            for q in area.questions:
                if q.points is not None:
                    known[q.question.id] = Value.of(q.points, q.lower, q.upper)
                else:
                    loose.append((q.question.id, Fraction(q.max)))
        total = self.r.total
        if loose and total.basis == "total" and total.points is not None:
            rest = _rest(Value.of(total.points, total.lower, total.upper), known, ties)
            ties.append(_Tie(dict(loose), rest, "what the total leaves", rest=True))
        return known, ties

    def _source_areas(self) -> tuple[dict[str, Value], list[_Tie]]:
        known = {
            a.area.id: Value.of(a.points, a.lower, a.upper)
            for a in self.r.areas
            if a.points is not None
        }
        loose = {a.area.id: Fraction(a.max) for a in self.r.areas if a.points is None}
        total = self.r.total
        ties = []
        if loose and total.basis == "total" and total.points is not None:
            rest = _rest(Value.of(total.points, total.lower, total.upper), known, [])
            ties.append(_Tie(loose, rest, "what the total leaves", rest=True))
        return known, ties

    # -- question level --------------------------------------------------------------

    def _question_level(self, figures: dict[str, Any]) -> int:
        known, ties = self._source_questions()
        maxima = {q.id: Fraction(q.max) for _, q in self.t.questions()}
        s_maxima = {q.id: Fraction(q.max) for _, q in self.s.questions()}
        rules = {t: rule for rule in self.m.questions for t in rule.targets}
        model = _Linear(rules, maxima, s_maxima)
        self._record_dropped(self.m.questions, "question", known)
        scores: dict[str, Any] = {}
        areas: dict[str, Any] = {}
        complete = 0
        for area in self.t.areas:
            ids = [q.id for q in area.questions]
            values = {t: _interval(t, rules[t], known, s_maxima, maxima) for t in ids}
            _estimate_new(values, ids, rules, maxima, self._share_of_source_area(area.id))
            if all(v is not None for v in values.values()):
                for t in ids:
                    scores[t] = self._emit("question", t, rules[t], values[t], maxima[t], known)
                complete += 1
                continue
            # An area is carried over from area scores, never from what a total
            # leaves: totals are not split back into areas.
            area_ties = [tie for tie in ties if not tie.rest]
            total = model.bounds(ids, known, area_ties, area.id, self._share_of_source_area)
            if total is not None:
                value, why, sources = total
                areas[area.id] = self._emit_area(area.id, value, Fraction(area.max), why, sources)
                complete += 1
                continue
            for t in ids:  # partly known: the questions that can be computed
                if values[t] is not None:
                    scores[t] = self._emit("question", t, rules[t], values[t], maxima[t], known)
        if scores:
            figures["scores"] = scores
        if areas:
            figures["area_scores"] = areas
        return complete

    def _share_of_source_area(self, area_id: str) -> Fraction | None:
        """The share of max of the source's area with this id, else of its total."""
        found = next((a for a in self.r.areas if a.area.id == area_id), None)
        if found is None or found.points is None or not found.max:
            return self._share_of_source_total()
        return Fraction(found.points) / Fraction(found.max)

    def _share_of_source_total(self) -> Fraction | None:
        total = self.r.total
        if total.points is None or not total.max:
            return None
        return Fraction(total.points) / Fraction(total.max)

    # -- area level ---------------------------------------------------------------------

    def _area_level(self, figures: dict[str, Any]) -> int:
        known, _ = self._source_areas()
        maxima = {a.id: Fraction(a.max) for a in self.t.areas}
        s_maxima = {a.id: Fraction(a.max) for a in self.s.areas}
        rules = {t: rule for rule in self.m.areas for t in rule.targets}
        self._record_dropped(self.m.areas, "area", known)
        values = {t: _interval(t, rules[t], known, s_maxima, maxima) for t in maxima}
        _estimate_new(values, list(maxima), rules, maxima, self._share_of_source_total())
        areas = {
            t: self._emit("area", t, rules[t], v, maxima[t], known)
            for t, v in values.items()
            if v is not None
        }
        if areas:
            figures["area_scores"] = areas
        return len(areas)

    # -- total ---------------------------------------------------------------------------

    def _total(self, questions_level: bool) -> Any:
        top = Fraction(self.t.max) if self.t.max is not None else None
        rule = self.m.total
        source = self.r.total
        if rule is not None:
            if source.points is None:
                return None
            value = Value.of(source.points, source.lower, source.upper)
            if rule.method == "shift":
                low, high = Fraction(rule.shift[0]), Fraction(rule.shift[1])
                moved = Value(value.point + (low + high) / 2, value.lower + low, value.upper + high)
                why = f"shifted by {plain(rule.shift[0])} to {plain(rule.shift[1])} points"
            else:
                # The migration's checks make sure both maxima are known here.
                s_max, t_max = self.s.max or Decimal(1), self.t.max or Decimal(1)
                factor = Fraction(t_max) / Fraction(s_max)
                moved = Value(value.point * factor, value.lower * factor, value.upper * factor)
                why = f"share of max kept ({plain(s_max)} to {plain(t_max)})"
            spread = Fraction(rule.spread) / 100 * (top or ZERO)
            moved = Value(moved.point, moved.lower - spread, moved.upper + spread)
            if moved.upper < 0 or (top is not None and moved.lower > top):
                shown = "0" + (f" to {plain(self.t.max)}" if self.t.max is not None else " or more")
                raise KompassError(
                    f"cannot migrate the total {plain(source.points)} to {self.t.id}: expected "
                    f"the migration to carry it into {shown}, found "
                    f"{_decimal(moved.lower, ROUND_FLOOR)} to "
                    f"{_decimal(moved.upper, ROUND_CEILING)} (the total lies outside the "
                    f"range where {self.m.id} holds)"
                )
            moved = moved.clamp(top)
            return self._record(
                "total",
                "total",
                rule.method,
                rule.relation,
                ["total"],
                [source.points],
                moved,
                why,
                rule.note,
            )
        if questions_level:
            known, ties = self._source_questions()
            maxima = {q.id: Fraction(q.max) for _, q in self.t.questions()}
            s_maxima = {q.id: Fraction(q.max) for _, q in self.s.questions()}
            rules = {t: r for r in self.m.questions for t in r.targets}
            model = _Linear(rules, maxima, s_maxima)
            found = model.bounds(list(maxima), known, ties, None, self._share_of_source_area)
            if found is None:
                return None
            value, why, sources = found
            return self._record(
                "total", "total", "rules", None, sources, [], value.clamp(top), why, ""
            )
        return None

    # -- emitting values and their provenance --------------------------------------------

    def _record_dropped(
        self, rules: Iterable[Rule], level: str, known: Mapping[str, Value]
    ) -> None:
        for rule in rules:
            if rule.method != "drop":
                continue
            for source in rule.sources:
                entry: dict[str, Any] = {"level": level, "source": source}
                if source in known:
                    entry.update(_figure(known[source]))
                else:
                    entry["note"] = "not known on its own (see migration.original)"
                if rule.note:
                    entry["note"] = rule.note
                self.dropped.append(entry)

    def _emit(
        self,
        level: str,
        target: str,
        rule: Rule,
        value: Value | None,
        top: Fraction,
        known: Mapping[str, Value],
    ) -> Any:
        assert value is not None
        return self._record(
            level,
            target,
            rule.method,
            rule.relation,
            list(rule.sources),
            [_decimal(known[s].point) for s in rule.sources if s in known],
            value.clamp(top),
            _why(rule),
            rule.note,
        )

    def _emit_area(
        self, target: str, value: Value, top: Fraction, why: str, sources: list[str]
    ) -> Any:
        return self._record("area", target, "rules", None, sources, [], value.clamp(top), why, "")

    def _record(
        self,
        level: str,
        target: str,
        method: str,
        relation: str | None,
        sources: list[str],
        source_values: list[Decimal],
        value: Value,
        why: str,
        note: str,
    ) -> Any:
        figure = _figure(value)
        entry: dict[str, Any] = {"level": level, "target": target, "method": method}
        if relation:
            entry["relation"] = relation
        if sources:
            entry["sources"] = sources
        if source_values:
            entry["source_values"] = source_values
        entry["exact"] = value.exact
        entry.update(figure)
        if why:
            entry["why"] = why
        if note:
            entry["note"] = note
        self.values.append(entry)
        if level == "question":
            return figure
        return figure["points"] if value.exact else figure


# -- interval arithmetic of one rule ------------------------------------------------------


def _interval(
    target: str,
    rule: Rule,
    known: Mapping[str, Value],
    s_maxima: Mapping[str, Fraction],
    maxima: Mapping[str, Fraction],
) -> Value | None:
    """The target's value by ``rule`` when all its sources are known; None
    when one is not, or the rule is new (estimated separately)."""
    if rule.method in ("new", "drop") or any(s not in known for s in rule.sources):
        return None
    top = maxima[target]
    values = [known[s] for s in rule.sources]
    if rule.method == "split":
        (value,) = values
        whole = sum((maxima[t] for t in rule.targets), ZERO)
        # The source's share is the max-weighted mean of the targets' shares:
        # each target lies where the others can make up the rest.
        scale = whole / s_maxima[rule.sources[0]]
        result = Value(
            value.point * top / s_maxima[rule.sources[0]],
            max(ZERO, value.lower * scale - (whole - top)),
            min(top, value.upper * scale),
        )
    else:
        factor = top / sum((s_maxima[s] for s in rule.sources), ZERO)
        result = Value(
            sum((v.point for v in values), ZERO) * factor,
            sum((v.lower for v in values), ZERO) * factor,
            sum((v.upper for v in values), ZERO) * factor,
        )
    spread = Fraction(rule.spread) / 100 * top
    return Value(result.point, result.lower - spread, result.upper + spread).clamp(top)


def _estimate_new(
    values: dict[str, Value | None],
    ids: list[str],
    rules: Mapping[str, Rule],
    maxima: Mapping[str, Fraction],
    fallback: Fraction | None,
) -> None:
    """Fill in the values of the ``new`` rules among ``ids``: their point from
    the share of max of the other values known (or ``fallback``), their range
    as declared; None when there is nothing to estimate from."""
    known = {t: v for t in ids if rules[t].method != "new" and (v := values[t]) is not None}
    share = None
    if known:
        share = sum((v.point for v in known.values()), ZERO) / sum((maxima[t] for t in known), ZERO)
    for t in ids:
        rule = rules[t]
        if rule.method == "new":
            estimate = _new_share(rule, share, fallback)
            values[t] = None if estimate is None else _new_value(rule, estimate, maxima[t])


def _new_share(
    rule: Rule, area_share: Fraction | None, source_share: Fraction | None
) -> Fraction | None:
    if rule.estimate == "fixed":
        return Fraction(rule.percent or 0) / 100
    if rule.estimate == "source-area-mean":
        return source_share if source_share is not None else area_share
    return area_share if area_share is not None else source_share


def _new_value(rule: Rule, share: Fraction, top: Fraction) -> Value:
    low, high = Fraction(rule.range[0]) / 100 * top, Fraction(rule.range[1]) / 100 * top
    return Value(min(max(share * top, low), high), low, high)


def _why(rule: Rule) -> str:
    if rule.method == "new":
        how = {
            "area-mean": "the mean share of max of the area's other migrated values",
            "source-area-mean": "the share of max of the source's area",
            "fixed": f"a fixed {plain(rule.percent or Decimal(0))} % of max",
        }[rule.estimate or "area-mean"]
        return f"estimated as {how}, within {plain(rule.range[0])}–{plain(rule.range[1])} % of max"
    if rule.spread:
        return f"{rule.method}, widened by {plain(rule.spread)} % of max ({rule.relation})"
    return ""


# -- ties and the linear programme -----------------------------------------------------------


@frozen
class _Tie:
    """Source units whose sum lies in ``total``, each between 0 and its max."""

    members: dict[str, Fraction]
    total: Value
    what: str
    rest: bool = False
    """True for the questions a known total ties together (not an area)."""


def _rest(total: Value, known: Mapping[str, Value], ties: Iterable[_Tie]) -> Value:
    """What a total leaves once the known values and tied groups are taken out."""
    parts = [*known.values(), *(t.total for t in ties)]
    low = total.lower - sum((p.upper for p in parts), ZERO)
    high = total.upper - sum((p.lower for p in parts), ZERO)
    point = total.point - sum((p.point for p in parts), ZERO)
    return Value(point, low, high).clamp(None)


class _Linear:
    """The sum of some target units as a linear function of the source units,
    bounded over what the source evaluation knows."""

    def __init__(
        self,
        rules: Mapping[str, Rule],
        maxima: Mapping[str, Fraction],
        s_maxima: Mapping[str, Fraction],
    ) -> None:
        self.rules, self.maxima, self.s_maxima = rules, maxima, s_maxima

    def bounds(
        self,
        targets: list[str],
        known: Mapping[str, Value],
        ties: list[_Tie],
        area_id: str | None,
        source_share: Callable[[str], Fraction | None],
    ) -> tuple[Value, str, list[str]] | None:
        """The sum of ``targets`` with the source units it draws on, or None
        when one of them is known in no way."""
        chosen = set(targets)
        weights: dict[str, Fraction] = {}
        low = high = point = ZERO
        slack = ZERO
        news: list[str] = []
        for t in targets:
            rule = self.rules[t]
            if rule.method == "new":
                news.append(t)
                continue
            spread = Fraction(rule.spread) / 100 * self.maxima[t]
            slack += spread
            if rule.method == "split":
                inside = sum((self.maxima[x] for x in rule.targets if x in chosen), ZERO)
                whole = sum((self.maxima[x] for x in rule.targets), ZERO)
                slack += min(inside, whole - inside) / len([x for x in rule.targets if x in chosen])
                factor = self.maxima[t] / self.s_maxima[rule.sources[0]]
            else:
                factor = self.maxima[t] / sum((self.s_maxima[s] for s in rule.sources), ZERO)
            for s in rule.sources:
                weights[s] = weights.get(s, ZERO) + factor
        tied = {s for tie in ties for s in tie.members}
        if any(s not in known and s not in tied for s in weights):
            return None
        for s, w in weights.items():
            if s in known:
                low += w * known[s].lower
                high += w * known[s].upper
                point += w * known[s].point
        used_ties = [tie for tie in ties if any(s in weights for s in tie.members)]
        for tie in used_ties:
            coefficients = {s: weights.get(s, ZERO) for s in tie.members}
            low += _fill(coefficients, tie.members, tie.total.lower, lowest=True)
            high += _fill(coefficients, tie.members, tie.total.upper, lowest=False)
            tie_share = tie.total.point / sum(tie.members.values(), ZERO)
            point += sum((c * tie_share * tie.members[s] for s, c in coefficients.items()), ZERO)
        mapped_max = sum((self.maxima[t] for t in targets if self.rules[t].method != "new"), ZERO)
        share = point / mapped_max if mapped_max else None
        for t in news:
            estimate = _new_share(self.rules[t], share, source_share(area_id or ""))
            if estimate is None:
                return None
            value = _new_value(self.rules[t], estimate, self.maxima[t])
            low, high, point = low + value.lower, high + value.upper, point + value.point
        ties_named = ", ".join(t.what for t in used_ties)
        why = (
            f"from the rules, bounded over what is known ({ties_named}); the point "
            "estimate gives tied questions the same share of max"
            if used_ties
            else "from the rules"
        )
        return Value(point, low - slack, high + slack), why, sorted(weights, key=_natural)


def _natural(ident: str) -> list[Any]:
    """Ids in their natural order: 2.10 after 2.9."""
    return [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in ident.split(".")]


def _fill(
    coefficients: Mapping[str, Fraction],
    maxima: Mapping[str, Fraction],
    amount: Fraction,
    lowest: bool,
) -> Fraction:
    """The lowest (or highest) ``sum(c[s] * x[s])`` with ``sum(x) == amount``
    and ``0 <= x[s] <= max[s]``: fill the cheapest (dearest) first."""
    order = sorted(maxima, key=lambda s: coefficients[s], reverse=not lowest)
    left, result = amount, ZERO
    for s in order:
        take = min(left, maxima[s])
        result += coefficients[s] * take
        left -= take
        if left <= 0:
            break
    return result


# -- numbers as written ---------------------------------------------------------------------


def _decimal(value: Fraction | Decimal, rounding: str = ROUND_HALF_UP) -> Decimal:
    """A value to ten decimal places, as written in a file (no exponent)."""
    if isinstance(value, Decimal):
        return value
    if value.denominator == 1:
        return Decimal(value.numerator)
    return Decimal(plain(_quantize(value, rounding)))


def _quantize(value: Fraction, rounding: str) -> Decimal:
    scaled = value * 10**10
    if rounding == ROUND_FLOOR:
        units = math.floor(scaled)
    elif rounding == ROUND_CEILING:
        units = math.ceil(scaled)
    else:
        units = math.floor(scaled + Fraction(1, 2))
    return Decimal(units).scaleb(-10)


def _figure(value: Value) -> dict[str, Decimal]:
    if value.exact:
        return {"points": _decimal(value.point)}
    return {
        "points": _decimal(value.point),
        "lower": _decimal(value.lower, ROUND_FLOOR),
        "upper": _decimal(value.upper, ROUND_CEILING),
    }


__all__ = ["Migrated", "Value", "find_path", "migrate"]
