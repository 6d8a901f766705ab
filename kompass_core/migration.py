"""Migrating an evaluation from one rubric to another, along the shortest path
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

Arithmetic is exact (rationals) within a step; each value is then written to
ten decimal places, its lower bound rounded down and its upper bound up, so
ranges stay conservative.

Speed.  Everything a step derives from its migration and its two rubrics
alone (each rule's factor and spread, the linear programme's weights, the
order in which a tie is filled, the stamps) is derived once per migration and
rubrics (:class:`_Plan`), not once per evaluation.  The rationals are
:class:`_Q`, which computes exactly what :class:`fractions.Fraction` computes
for the few operations needed here, several times faster.  Since every value
is an exact rational, computing it along another route (a shared factor
applied once, a fill read off prefix sums) gives the very same value.  The
migrated evaluation is built from data Kompass wrote itself, so instead of
the full schema it is checked against its rubric and the plugins' checks
(:func:`_built`); the tests hold it equal to what full validation gives.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Container, Iterable, Mapping
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Context, Decimal, Inexact
from math import gcd
from typing import Any

from attrs import frozen

from kompass_core._identity import ByIdentity
from kompass_core._numbers import plain
from kompass_core.errors import InvalidInputError, KompassError
from kompass_core.fingerprint import Stamp
from kompass_core.model import Evaluation, Migration, Rubric, Rule
from kompass_core.scoring import ScoreResult
from kompass_core.scoring import score as score_evaluation

PLACES = Decimal("1e-10")

# -- exact rationals --------------------------------------------------------------------


class _Q:
    """An exact rational ``n / d`` in lowest terms with ``d > 0``, as
    :class:`fractions.Fraction` keeps it, so that equal values have equal
    ``(n, d)``.  Only what the migration needs: ``+ - * /`` and comparisons
    between two ``_Q``, and truth.  Fraction's operators first find out what
    the other operand is and normalise through a general constructor; these
    take two ``_Q`` and reduce by one ``gcd``."""

    __slots__ = ("d", "n")

    def __init__(self, n: int, d: int = 1) -> None:
        self.n = n
        self.d = d

    @staticmethod
    def of(value: Decimal | int) -> _Q:
        n, d = value.as_integer_ratio()  # in lowest terms, d > 0
        return _Q(n, d)

    def __add__(self, other: _Q) -> _Q:
        d = self.d
        if d == other.d:
            if d == 1:
                return _Q(self.n + other.n)
            return _reduced(self.n + other.n, d)
        return _reduced(self.n * other.d + other.n * d, d * other.d)

    def __sub__(self, other: _Q) -> _Q:
        d = self.d
        if d == other.d:
            if d == 1:
                return _Q(self.n - other.n)
            return _reduced(self.n - other.n, d)
        return _reduced(self.n * other.d - other.n * d, d * other.d)

    def __mul__(self, other: _Q) -> _Q:
        return _reduced(self.n * other.n, self.d * other.d)

    def __truediv__(self, other: _Q) -> _Q:
        if not other.n:
            raise ZeroDivisionError(f"_Q({self.n}, {self.d}) / 0")
        if other.n < 0:
            return _reduced(-self.n * other.d, -self.d * other.n)
        return _reduced(self.n * other.d, self.d * other.n)

    def __lt__(self, other: _Q) -> bool:
        return self.n * other.d < other.n * self.d

    def __le__(self, other: _Q) -> bool:
        return self.n * other.d <= other.n * self.d

    def __gt__(self, other: _Q) -> bool:
        return self.n * other.d > other.n * self.d

    def __ge__(self, other: _Q) -> bool:
        return self.n * other.d >= other.n * self.d

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Q) and self.n == other.n and self.d == other.d

    def __hash__(self) -> int:
        return hash((self.n, self.d))

    def __bool__(self) -> bool:
        return self.n != 0

    def __repr__(self) -> str:
        return f"_Q({self.n}, {self.d})"


def _reduced(n: int, d: int) -> _Q:
    """``n / d`` in lowest terms (``d > 0``)."""
    g = gcd(n, d)
    if g == 1:
        return _Q(n, d)
    return _Q(n // g, d // g)


ZERO = _Q(0)
ONE = _Q(1)
_HUNDRED = _Q(100)
_TWO = _Q(2)


def _percent_of(percent: Decimal, top: _Q) -> _Q:
    """``percent`` % of ``top``."""
    return _Q.of(percent) / _HUNDRED * top


class Value:
    """A migrated value: its point estimate and the range it lies in (exact
    rationals; never changed once made)."""

    __slots__ = ("lower", "point", "upper")

    def __init__(self, point: _Q, lower: _Q, upper: _Q) -> None:
        self.point = point
        self.lower = lower
        self.upper = upper

    def __repr__(self) -> str:
        return f"Value({self.point!r}, {self.lower!r}, {self.upper!r})"

    @property
    def exact(self) -> bool:
        lower, upper = self.lower, self.upper
        return lower is upper or lower == upper

    @classmethod
    def of(
        cls, point: Decimal, lower: Decimal | None = None, upper: Decimal | None = None
    ) -> Value:
        p = _Q.of(point)
        low = p if lower is None or lower is point else _Q.of(lower)
        high = p if upper is None or upper is point else _Q.of(upper)
        return cls(p, low, high)

    def clamp(self, top: _Q | None) -> Value:
        """Within [0, top], the point within the range."""
        low, high, point = self.lower, self.upper, self.point
        if low.n < 0:  # max(lower, 0)
            low = ZERO
        if top is not None:
            if top < low:
                low = top
            if top < high:
                high = top
        if high < low:  # a range wholly outside [0, top] ends at its edge
            high = low
        if point < low:
            point = low
        elif high < point:
            point = high
        if low is self.lower and high is self.upper and point is self.point:
            return self
        return Value(point, low, high)


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
    migrations = registry.migrations()
    key = (id(registry), source, target)
    found = _PATHS.get(key)
    if found is not None and found[0] is registry and found[1] == migrations:
        return list(found[2])
    path = _shortest(migrations, source, target)
    if len(_PATHS) >= 16:  # registries made on the fly (tests): keep few alive
        _PATHS.clear()
    _PATHS[key] = (registry, migrations, path)
    return list(path)


# The last path found from a source to a target in a registry, kept with the
# registry and its migrations: the same migrations give the same path.
_PATHS: dict[tuple[int, str, str], tuple[Any, list[Migration], list[Migration]]] = {}


def _shortest(migrations: list[Migration], source: str, target: str) -> list[Migration]:
    edges: dict[str, list[Migration]] = {}
    for migration in migrations:
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
        plan = _plan(migration, source, goal)  # refuses weighted rubrics
        result = score_evaluation(current, source)
        figures, step = _Step(plan, result).run()
        data = {
            **{k: v for k, v in original.items() if k in ("subject", "evaluation", "source")},
            "rubric": goal.id,
            **figures,
        }
        provenance["path"].append(goal.id)
        provenance["steps"].append(step)
        # This step's evaluation keeps the provenance as it is now: later steps
        # append to the lists of ``provenance``, not to these copies.
        now = {**provenance, "path": list(provenance["path"]), "steps": list(provenance["steps"])}
        checked = {**data, "migration": now}
        current = _built(checked, evaluation.origin or "<migrated>", registry, goal)
        data = checked
    if not path:
        data = {**original, "migration": provenance} if evaluation.provenance else original
        current = evaluation
    return Migrated(current, data, tuple(provenance["path"]))


def _built(data: dict[str, Any], file: str, registry: Any, rubric: Rubric) -> Evaluation:
    """The migrated evaluation, from data this module built.

    Full validation (``evaluation_from_data``) would copy the data, check its
    numbers and its schema, check it against the rubric, build it and run the
    plugins' checks.  Here every figure is a Decimal Kompass computed, clamped
    to 0..max and written with at most ten decimal places, and the provenance
    has the keys the schema names, so the copy and the schema are left out;
    the checks against the rubric, the build and the plugins' checks are the
    same functions.  On a scale without a max a total is not clamped from
    above, so there the numbers are checked as full validation checks them.
    ``tests/test_migration_plan.py`` holds the result equal to full validation's.
    """
    from kompass_core._evaluations import evaluation_from_built_data
    from kompass_core._reading import number_problems

    if rubric.max is None:  # a total (and its provenance) not clamped from above
        problems = number_problems(data, file, places=False)
        if problems:
            raise InvalidInputError(problems)
    return evaluation_from_built_data(data, file, rubric, registry)


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


# -- what a step derives from its migration and rubrics alone --------------------------------


class _Target:
    """One target unit (question or area) of a rule, with what its value
    needs that depends on the rule and the maxima only."""

    __slots__ = (
        "cut",
        "exact_entry",
        "factor",
        "fixed",
        "high",
        "id",
        "low",
        "new",
        "none",
        "range_entry",
        "rule",
        "same",
        "scale",
        "sources",
        "split",
        "spread",
        "top",
        "why",
    )

    def __init__(
        self, target: str, rule: Rule, s_maxima: Mapping[str, _Q], maxima: Mapping[str, _Q]
    ) -> None:
        self.id, self.rule, self.sources = target, rule, rule.sources
        self.top = top = maxima[target]
        self.why = _why(rule)
        # Its entry in the provenance as _Step._record makes it for a question,
        # exact and with a range: the keys in order, the values filled in later.
        head: dict[str, Any] = {"level": "question", "target": target, "method": rule.method}
        if rule.relation:
            head["relation"] = rule.relation
        if rule.sources:
            head["sources"] = head["source_values"] = None
        tail = {"why": self.why, "note": rule.note}
        tail = {key: text for key, text in tail.items() if text}
        self.exact_entry = {**head, "exact": True, "points": None, **tail}
        self.range_entry = {
            **head,
            "exact": False,
            "points": None,
            "lower": None,
            "upper": None,
            **tail,
        }
        self.new = rule.method == "new"
        self.none = rule.method in ("new", "drop")
        self.split = rule.method == "split"
        self.same = False  # the value is its sources' sum (a factor of 1)
        self.factor = self.scale = self.cut = self.spread = self.low = self.high = ZERO
        self.fixed: _Q | None = None
        if self.new:
            self.low, self.high = _percent_of(rule.range[0], top), _percent_of(rule.range[1], top)
            if rule.estimate == "fixed":
                self.fixed = _Q.of(rule.percent or 0) / _HUNDRED
            return
        if rule.method == "drop":
            return
        if self.split:
            whole = _sum(maxima[t] for t in rule.targets)
            s_max = s_maxima[rule.sources[0]]
            # The source's share is the max-weighted mean of the targets'
            # shares: each target lies where the others can make up the rest.
            self.scale = whole / s_max
            self.factor = top / s_max
            self.cut = whole - top
        else:
            self.factor = top / _sum(s_maxima[s] for s in rule.sources)
            self.same = self.factor == ONE
        self.spread = _percent_of(rule.spread, top)

    def interval(self, known: Mapping[str, Value]) -> Value | None:
        """The target's value by its rule when all its sources are known; None
        when one is not, or the rule is new (estimated separately) or drop."""
        if self.none:
            return None
        sources = self.sources
        if len(sources) == 1:
            value = known.get(sources[0])
            if value is None:
                return None
            point, lower, upper = value.point, value.lower, value.upper
        else:
            values = []
            for s in sources:
                found = known.get(s)
                if found is None:
                    return None
                values.append(found)
            value = None
            point = _sum(v.point for v in values)
            lower = _sum(v.lower for v in values)
            upper = _sum(v.upper for v in values)
        factor, top = self.factor, self.top
        if self.split:
            point = point * factor
            lower = lower * self.scale - self.cut
            if lower.n < 0:  # max(0, ...)
                lower = ZERO
            upper = upper * self.scale
            if top < upper:  # min(top, ...)
                upper = top
        elif not self.same:  # times 1 changes nothing
            p, old = point * factor, lower
            lower = p if lower is point else lower * factor
            if upper is point:
                upper = p
            elif upper is old:
                upper = lower
            else:
                upper = upper * factor
            point = p
        spread = self.spread
        if spread.n:
            lower, upper = lower - spread, upper + spread
        # Value.clamp(top), without making the value first, and each ``a < b``
        # of two _Q as its cross product (the denominators are positive).
        tn, td = top.n, top.d
        if lower.n < 0:
            lower = ZERO
        if tn * lower.d < lower.n * td:
            lower = top
        if tn * upper.d < upper.n * td:
            upper = top
        if upper is not lower and upper.n * lower.d < lower.n * upper.d:
            upper = lower
        if point is not lower and point.n * lower.d < lower.n * point.d:
            point = lower
        elif point is not upper and upper.n * point.d < point.n * upper.d:
            point = upper
        if (
            value is not None
            and point is value.point
            and lower is value.lower
            and upper is value.upper
        ):
            return value  # the source's value itself (values are never changed)
        return Value(point, lower, upper)

    def new_value(self, share: _Q) -> Value:
        """A new target's value for an estimated share of max, within its range."""
        low, high = self.low, self.high
        point = share * self.top
        if point < low:
            point = low
        if high < point:
            point = high
        return Value(point, low, high)


class _Group:
    """The target units of one target area (or of the whole rubric)."""

    __slots__ = ("area_id", "ids", "news", "targets", "top")

    def __init__(
        self, area_id: str | None, ids: list[str], targets: Mapping[str, _Target], top: _Q | None
    ) -> None:
        self.area_id, self.ids, self.top = area_id, ids, top
        self.targets = [targets[t] for t in ids]
        self.news = [t for t in self.targets if t.new]


class _Plan:
    """What a step needs that depends on the migration and its two rubrics
    alone, derived once for them (see :func:`_plan`)."""

    def __init__(self, migration: Migration, source: Rubric, target: Rubric) -> None:
        _refuse_weighted(migration, source, target)
        self.migration, self.source, self.target = migration, source, target
        self.id = migration.id
        self.source_stamp = Stamp.of(source).as_dict()
        self.target_stamp = Stamp.of(target).as_dict()
        self.questions_level = bool(migration.questions) and any(target.questions())
        self.top = _Q.of(target.max) if target.max is not None else None
        if self.questions_level:
            maxima = {q.id: _Q.of(q.max) for _, q in target.questions()}
            s_maxima = {q.id: _Q.of(q.max) for _, q in source.questions()}
            rules = {t: rule for rule in migration.questions for t in rule.targets}
            targets = {t: _Target(t, rules[t], s_maxima, maxima) for t in maxima}
            self.members = {a.id: {q.id: _Q.of(q.max) for q in a.questions} for a in source.areas}
            self.s_maxima = s_maxima
            self.groups = [
                _Group(a.id, [q.id for q in a.questions], targets, _Q.of(a.max))
                for a in target.areas
            ]
            self.everything = _Group(None, list(maxima), targets, None)
            self.linear = _Linear(rules, maxima, s_maxima, targets)
            self.dropped = _drops(migration.questions)
        elif migration.areas:
            maxima = {a.id: _Q.of(a.max) for a in target.areas}
            s_maxima = {a.id: _Q.of(a.max) for a in source.areas}
            rules = {t: rule for rule in migration.areas for t in rule.targets}
            targets = {t: _Target(t, rules[t], s_maxima, maxima) for t in maxima}
            self.everything = _Group(None, list(maxima), targets, None)
            self.dropped = _drops(migration.areas)
        rule = migration.total
        if rule is not None:
            if rule.method == "shift":
                low, high = _Q.of(rule.shift[0]), _Q.of(rule.shift[1])
                self.shift = (low, high, (low + high) / _TWO)
                self.total_why = (
                    f"shifted by {plain(rule.shift[0])} to {plain(rule.shift[1])} points"
                )
            else:
                # The migration's checks make sure both maxima are known here.
                s_max, t_max = source.max or Decimal(1), target.max or Decimal(1)
                self.total_factor = _Q.of(t_max) / _Q.of(s_max)
                self.total_why = f"share of max kept ({plain(s_max)} to {plain(t_max)})"
            self.total_spread = _Q.of(rule.spread) / _HUNDRED * (self.top or ZERO)


def _drops(rules: Iterable[Rule]) -> list[tuple[str, str]]:
    """Each source a drop rule drops, with the rule's note."""
    return [(s, rule.note) for rule in rules if rule.method == "drop" for s in rule.sources]


_PLANS: ByIdentity[_Plan] = ByIdentity(32)


def _plan(migration: Migration, source: Rubric, target: Rubric) -> _Plan:
    """The plan of a step, made once for these three objects (they are immutable)."""
    return _PLANS.get((migration, source, target), lambda: _Plan(migration, source, target))


# -- one step ----------------------------------------------------------------------


class _Step:
    def __init__(self, plan: _Plan, result: ScoreResult):
        self.p, self.m, self.s, self.t = plan, plan.migration, plan.source, plan.target
        self.r = result
        self.values: list[dict[str, Any]] = []
        self.dropped: list[dict[str, Any]] = []
        self._known: tuple[dict[str, Value], list[_Tie]] | None = None

    def run(self) -> tuple[dict[str, Any], dict[str, Any]]:
        figures: dict[str, Any] = {}
        questions_level = self.p.questions_level
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
            "migration": self.p.id,
            "version": self.m.version,
            "source_stamp": dict(self.p.source_stamp),
            "target_stamp": dict(self.p.target_stamp),
            "values": self.values,
        }
        if self.dropped:
            step["dropped"] = self.dropped
        return figures, step

    # -- what the source evaluation knows --------------------------------------------

    def _source_questions(self) -> tuple[dict[str, Value], list[_Tie]]:
        """Known questions, and ties: groups of questions whose sum is known."""
        if self._known is not None:
            return self._known
        known: dict[str, Value] = {}
        ties: list[_Tie] = []
        loose: list[tuple[str, _Q]] = []
        members, s_maxima = self.p.members, self.p.s_maxima
        for area in self.r.areas:
            if area.basis == "area" and area.points is not None:
                ties.append(
                    _Tie(
                        members[area.area.id],
                        Value.of(area.points, area.lower, area.upper),
                        f"area {area.area.id}",
                        area.area.id,
                    )
                )
                continue
            for q in area.questions:
                points = q.points
                if points is None:
                    loose.append((q.question.id, s_maxima[q.question.id]))
                    continue
                # Value.of(points, q.lower, q.upper), in one call
                n, d = points.as_integer_ratio()
                p = _Q(n, d)
                lower, upper = q.lower, q.upper
                known[q.question.id] = Value(
                    p,
                    p if lower is points or lower is None else _Q.of(lower),
                    p if upper is points or upper is None else _Q.of(upper),
                )
        total = self.r.total
        if loose and total.basis == "total" and total.points is not None:
            rest = _rest(Value.of(total.points, total.lower, total.upper), known, ties)
            ties.append(_Tie(dict(loose), rest, "what the total leaves", None, rest=True))
        self._known = known, ties
        return known, ties

    # -- question level --------------------------------------------------------------

    def _question_level(self, figures: dict[str, Any]) -> int:
        known, ties = self._source_questions()
        self._record_dropped(self.p.dropped, "question", known)
        scores: dict[str, Any] = {}
        areas: dict[str, Any] = {}
        complete = 0
        area_ties: list[_Tie] | None = None
        area_tied: set[str] = set()
        for group in self.p.groups:
            area_id = group.area_id
            assert area_id is not None
            assert group.top is not None
            values = {t.id: t.interval(known) for t in group.targets}
            if group.news:
                self._estimate_new(values, group, area_id)
            if None not in values.values():
                for t in group.targets:
                    scores[t.id] = self._emit_question(t, values[t.id], known)
                complete += 1
                continue
            # An area is carried over from area scores, never from what a total
            # leaves: totals are not split back into areas.
            if area_ties is None:
                area_ties = [tie for tie in ties if not tie.rest]
                area_tied = {s for tie in area_ties for s in tie.members}
            found = self.p.linear.bounds(
                group, known, area_ties, area_tied, self._share_of_source_area
            )
            if found is not None:
                value, why, sources = found
                areas[area_id] = self._record(
                    "area", area_id, "rules", None, sources, [], value.clamp(group.top), why, ""
                )
                complete += 1
                continue
            for t in group.targets:  # partly known: the questions that can be computed
                if values[t.id] is not None:
                    scores[t.id] = self._emit_question(t, values[t.id], known)
        if scores:
            figures["scores"] = scores
        if areas:
            figures["area_scores"] = areas
        return complete

    def _share_of_source_area(self, area_id: str) -> _Q | None:
        """The share of max of the source's area with this id, else of its total."""
        found = next((a for a in self.r.areas if a.area.id == area_id), None)
        if found is None or found.points is None or not found.max:
            return self._share_of_source_total()
        return _Q.of(found.points) / _Q.of(found.max)

    def _share_of_source_total(self) -> _Q | None:
        total = self.r.total
        if total.points is None or not total.max:
            return None
        return _Q.of(total.points) / _Q.of(total.max)

    def _estimate_new(
        self, values: dict[str, Value | None], group: _Group, area_id: str | None
    ) -> None:
        """Fill in the values of the ``new`` rules among the group: their point
        from the share of max of the other values known (or else the source's
        share: of the area with this id, with ``area_id`` None of the total),
        their range as declared; None when there is nothing to estimate from."""
        point = top = ZERO
        any_known = False
        for t in group.targets:
            v = values[t.id]
            if v is not None and not t.new:
                point, top, any_known = point + v.point, top + t.top, True
        share = point / top if any_known else None
        for t in group.news:
            estimate = _new_share(t, share, lambda: self._source_share(area_id))
            values[t.id] = None if estimate is None else t.new_value(estimate)

    def _source_share(self, area_id: str | None) -> _Q | None:
        if area_id is None:
            return self._share_of_source_total()
        return self._share_of_source_area(area_id)

    # -- area level ---------------------------------------------------------------------

    def _area_level(self, figures: dict[str, Any]) -> int:
        known = {
            a.area.id: Value.of(a.points, a.lower, a.upper)
            for a in self.r.areas
            if a.points is not None
        }
        self._record_dropped(self.p.dropped, "area", known)
        group = self.p.everything
        values = {t.id: t.interval(known) for t in group.targets}
        self._estimate_new(values, group, None)
        areas = {}
        for t in group.targets:
            value = values[t.id]
            if value is not None:
                areas[t.id] = self._record(
                    "area",
                    t.id,
                    t.rule.method,
                    t.rule.relation,
                    list(t.sources),
                    [_decimal(known[s].point) for s in t.sources if s in known],
                    value.clamp(t.top),
                    t.why,
                    t.rule.note,
                )
        if areas:
            figures["area_scores"] = areas
        return len(areas)

    # -- total ---------------------------------------------------------------------------

    def _total(self, questions_level: bool) -> Any:
        p = self.p
        top = p.top
        rule = self.m.total
        source = self.r.total
        if rule is not None:
            if source.points is None:
                return None
            value = Value.of(source.points, source.lower, source.upper)
            if rule.method == "shift":
                low, high, middle = p.shift
                moved = Value(value.point + middle, value.lower + low, value.upper + high)
            else:
                factor = p.total_factor
                moved = Value(value.point * factor, value.lower * factor, value.upper * factor)
            spread = p.total_spread
            moved = Value(moved.point, moved.lower - spread, moved.upper + spread)
            if moved.upper.n < 0 or (top is not None and moved.lower > top):
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
                p.total_why,
                rule.note,
            )
        if questions_level:
            known, ties = self._source_questions()
            tied = {s for tie in ties for s in tie.members}
            found = p.linear.bounds(p.everything, known, ties, tied, self._share_of_source_area)
            if found is None:
                return None
            value, why, sources = found
            return self._record(
                "total", "total", "rules", None, sources, [], value.clamp(top), why, ""
            )
        return None

    # -- emitting values and their provenance --------------------------------------------

    def _record_dropped(
        self, dropped: list[tuple[str, str]], level: str, known: Mapping[str, Value]
    ) -> None:
        for source, note in dropped:
            entry: dict[str, Any] = {"level": level, "source": source}
            if source in known:
                entry.update(_figure(known[source]))
            else:
                entry["note"] = "not known on its own (see migration.original)"
            if note:
                entry["note"] = note
            self.dropped.append(entry)

    def _emit_question(
        self, target: _Target, value: Value | None, known: Mapping[str, Value]
    ) -> dict[str, Decimal]:
        """A question's figure, its provenance recorded: what :meth:`_record`
        does, from the target's entry made once (the same keys, in order)."""
        assert value is not None
        if target.new:  # a rule's value is clamped already (twice changes nothing)
            value = value.clamp(target.top)
        point = value.point
        written = None  # the point as written, when a source's point is the same value
        sources = target.sources
        source_values = []
        for s in sources:
            found = known.get(s)
            if found is not None:
                source_values.append(_decimal(found.point))
                if found.point is point:
                    written = source_values[-1]
        if written is None:
            written = _decimal(point)
        lower, upper = value.lower, value.upper
        figure: dict[str, Decimal]
        if lower is upper or lower == upper:
            entry = target.exact_entry.copy()
            entry["points"] = written
            figure = {"points": written}
        else:
            entry = target.range_entry.copy()
            low, high = _decimal(lower, ROUND_FLOOR), _decimal(upper, ROUND_CEILING)
            entry["points"], entry["lower"], entry["upper"] = written, low, high
            figure = {"points": written, "lower": low, "upper": high}
        if sources:
            entry["sources"] = list(sources)
            if source_values:
                entry["source_values"] = source_values
            else:
                del entry["source_values"]
        self.values.append(entry)
        return figure

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


# -- new values -------------------------------------------------------------------------


def _new_share(
    target: _Target, area_share: _Q | None, source_share: Callable[[], _Q | None]
) -> _Q | None:
    """A new value's share of max: fixed, or the area's other values', or the
    source's (asked for only when it is needed)."""
    estimate = target.rule.estimate
    if estimate == "fixed":
        return target.fixed
    if estimate == "source-area-mean":
        found = source_share()
        return found if found is not None else area_share
    return area_share if area_share is not None else source_share()


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

    members: dict[str, _Q]
    total: Value
    what: str
    key: str | None
    """The source area whose score ties its questions (None: no area)."""
    rest: bool = False
    """True for the questions a known total ties together (not an area)."""


def _rest(total: Value, known: Mapping[str, Value], ties: Iterable[_Tie]) -> Value:
    """What a total leaves once the known values and tied groups are taken out."""
    parts = [*known.values(), *(t.total for t in ties)]
    low = total.lower - _sum(p.upper for p in parts)
    high = total.upper - _sum(p.lower for p in parts)
    point = total.point - _sum(p.point for p in parts)
    return Value(point, low, high).clamp(None)


class _Fill:
    """The greedy fill of one tie for one sum of targets: the members in the
    order they are filled, with the prefix sums of their maxima and costs."""

    __slots__ = ("steps", "whole")

    def __init__(self, members: Mapping[str, _Q], coefficients: Mapping[str, _Q], lowest: bool):
        order = sorted(members, key=lambda s: coefficients[s], reverse=not lowest)
        # For each member: the maxima up to and with it, before it, the cost
        # of taking every member before it whole, and its own cost per point.
        self.steps: list[tuple[_Q, _Q, _Q, _Q]] = []
        taken = cost = ZERO
        for s in order:
            c, m = coefficients[s], members[s]
            self.steps.append((taken + m, taken, cost, c))
            taken, cost = taken + m, cost + c * m
        self.whole = cost

    def __call__(self, amount: _Q) -> _Q:
        """The lowest (or highest) ``sum(c[s] * x[s])`` with ``sum(x) == amount``
        and ``0 <= x[s] <= max[s]``: fill the cheapest (dearest) first.  Every
        member before the one where ``amount`` runs out is taken whole."""
        n, d = amount.n, amount.d
        for through, before, cost, c in self.steps:
            if n * through.d <= through.n * d:  # amount <= through
                return cost + c * (amount - before)
        return self.whole


class _TieTerms:
    """What a sum of targets needs of one tie: whether it draws on it, the two
    fills, and the point estimate's factor."""

    __slots__ = ("highest", "lowest", "share", "total", "used")

    def __init__(self, weights: Mapping[str, _Q], members: Mapping[str, _Q]) -> None:
        self.used = any(s in weights for s in members)
        coefficients = {s: weights.get(s, ZERO) for s in members}
        self.lowest = _Fill(members, coefficients, lowest=True)
        self.highest = _Fill(members, coefficients, lowest=False)
        # Every tied member gets the tie's share of max: the point is
        # sum(c[s] * share * max[s]) == tie point * (sum(c[s] * max[s]) / sum(max)).
        self.total = _sum(members.values())
        self.share = self.lowest.whole / self.total if self.total else None


class _Terms:
    """A sum of targets as a linear function of the source units, and what
    depends on the rules alone."""

    __slots__ = ("mapped", "news", "slack", "sources", "ties", "weights")

    def __init__(
        self,
        ids: list[str],
        rules: Mapping[str, Rule],
        maxima: Mapping[str, _Q],
        s_maxima: Mapping[str, _Q],
        targets: Mapping[str, _Target],
    ) -> None:
        chosen = set(ids)
        weights: dict[str, _Q] = {}
        slack = ZERO
        news: list[_Target] = []
        for t in ids:
            rule = rules[t]
            if rule.method == "new":
                news.append(targets[t])
                continue
            slack += _percent_of(rule.spread, maxima[t])
            if rule.method == "split":
                inside = _sum(maxima[x] for x in rule.targets if x in chosen)
                whole = _sum(maxima[x] for x in rule.targets)
                count = _Q(len([x for x in rule.targets if x in chosen]))
                slack += min(inside, whole - inside) / count
                factor = maxima[t] / s_maxima[rule.sources[0]]
            else:
                factor = maxima[t] / _sum(s_maxima[s] for s in rule.sources)
            for s in rule.sources:
                weights[s] = weights.get(s, ZERO) + factor
        self.weights, self.slack, self.news = weights, slack, news
        self.mapped = _sum(maxima[t] for t in ids if rules[t].method != "new")
        self.sources = sorted(weights, key=_natural)
        self.ties: dict[str | tuple[str, ...], _TieTerms] = {}

    def tie(self, tie: _Tie) -> _TieTerms:
        """The terms of a tie, made once for each set of members: an area's
        questions, or the questions a total ties (``_TieTerms`` depends on the
        members' ids alone, their maxima being the rubric's)."""
        key = tie.key if tie.key is not None else tuple(tie.members)
        found = self.ties.get(key)
        if found is None:
            if len(self.ties) >= 512:  # so many partly known evaluations
                self.ties.clear()
            found = self.ties[key] = _TieTerms(self.weights, tie.members)
        return found


class _Linear:
    """The sum of some target units as a linear function of the source units,
    bounded over what the source evaluation knows."""

    def __init__(
        self,
        rules: Mapping[str, Rule],
        maxima: Mapping[str, _Q],
        s_maxima: Mapping[str, _Q],
        targets: Mapping[str, _Target],
    ) -> None:
        self.rules, self.maxima, self.s_maxima = rules, maxima, s_maxima
        self.targets = targets
        self._terms: dict[str | None, _Terms] = {}

    def bounds(
        self,
        group: _Group,
        known: Mapping[str, Value],
        ties: list[_Tie],
        tied: Container[str],
        source_share: Callable[[str], _Q | None],
    ) -> tuple[Value, str, list[str]] | None:
        """The sum of the group's targets with the source units it draws on, or
        None when one of them is known in no way (``tied``: the members of
        ``ties``)."""
        terms = self._terms.get(group.area_id)
        if terms is None:
            terms = self._terms[group.area_id] = _Terms(
                group.ids, self.rules, self.maxima, self.s_maxima, self.targets
            )
        weights = terms.weights
        for s in weights:
            if s not in known and s not in tied:
                return None
        low = high = point = ZERO
        for s, w in weights.items():
            value = known.get(s)
            if value is None:
                continue
            middle = w * value.point
            point += middle
            low += middle if value.lower is value.point else w * value.lower
            high += middle if value.upper is value.point else w * value.upper
        used_ties = []
        for tie in ties:
            fills = terms.tie(tie)
            if not fills.used:
                continue
            used_ties.append(tie)
            low += fills.lowest(tie.total.lower)
            high += fills.highest(tie.total.upper)
            if fills.share is None:
                raise ZeroDivisionError("a tie of questions without maxima")
            point += tie.total.point * fills.share
        share = point / terms.mapped if terms.mapped else None
        for target in terms.news:
            estimate = _new_share(target, share, lambda: source_share(group.area_id or ""))
            if estimate is None:
                return None
            value = target.new_value(estimate)
            low, high, point = low + value.lower, high + value.upper, point + value.point
        ties_named = ", ".join(t.what for t in used_ties)
        why = (
            f"from the rules, bounded over what is known ({ties_named}); the point "
            "estimate gives tied questions the same share of max"
            if used_ties
            else "from the rules"
        )
        slack = terms.slack
        return Value(point, low - slack, high + slack), why, list(terms.sources)


def _natural(ident: str) -> list[Any]:
    """Ids in their natural order: 2.10 after 2.9."""
    return [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in ident.split(".")]


def _sum(values: Iterable[_Q]) -> _Q:
    total = ZERO
    for value in values:
        total = total + value
    return total


# -- numbers as written ---------------------------------------------------------------------

_SCALE = 10**10

# For each denominator d that divides 10**10 (d == 2**a * 5**b, a and b at most
# ten; 121 of them): (m, k) with n/d == n*m / 10**k, k == max(a, b).
_TENTHS: dict[int, tuple[int, int]] = {}


def _tenths(d: int) -> tuple[int, int]:
    found = _TENTHS.get(d)
    if found is None:
        twos = (d & -d).bit_length() - 1
        fives, rest = 0, d >> twos
        while rest % 5 == 0:
            rest //= 5
            fives += 1
        places = max(twos, fives)
        found = _TENTHS[d] = (10**places // d, places)
    return found


def _decimal(value: _Q | Decimal, rounding: str = ROUND_HALF_UP) -> Decimal:
    """A value to ten decimal places, as written in a file (no exponent, no
    trailing zeros): a point half up, a lower bound down, an upper bound up."""
    if isinstance(value, Decimal):
        return value
    n, d = value.n, value.d
    if d == 1:
        return Decimal(n)
    if not _SCALE % d:
        # At most ten places: every rounding gives the value itself.  With n/d
        # in lowest terms, n*m has no trailing zero (n is odd when d is even,
        # not a multiple of 5 when d is), so these are the fewest places.
        m, places = _tenths(d)
        try:
            return Decimal(n * m).scaleb(-places, _EXACT)
        except Inexact:  # more than 60 digits: counted out below
            pass
    scaled = n * _SCALE
    if rounding == ROUND_FLOOR:
        units = scaled // d
    elif rounding == ROUND_CEILING:
        units = -(-scaled // d)
    else:  # floor(value + 1/2)
        units = (2 * scaled + d) // (2 * d)
    if not units % _SCALE:
        return Decimal(units // _SCALE)
    places = 10
    while not units % 10:
        units //= 10
        places -= 1
    return Decimal(f"{units}E-{places}")


# scaleb in a context of this many digits changes no coefficient of a value
# below 10**15 with ten places; one that would need more raises (Inexact)
# rather than be rounded.
_EXACT = Context(prec=60, traps=[Inexact])


def _figure(value: Value) -> dict[str, Decimal]:
    if value.exact:
        return {"points": _decimal(value.point)}
    return {
        "points": _decimal(value.point),
        "lower": _decimal(value.lower, ROUND_FLOOR),
        "upper": _decimal(value.upper, ROUND_CEILING),
    }


__all__ = ["Migrated", "Value", "find_path", "migrate"]
