"""Reading migration definitions: schema, then the checks against the two
rubrics a migration joins (every id exists, every question is accounted for)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from kompass_core._keypath import format_path
from kompass_core._numbers import plain
from kompass_core._reading import Document, number_problems
from kompass_core._schemas import schema_problems
from kompass_core.errors import InvalidInputError, KompassError, Problem, Severity
from kompass_core.model import Migration, Rubric, Rule, Text, TotalRule

# How many sources and targets each method takes: (min, max); None is unbounded.
ARITY: dict[str, tuple[tuple[int, int | None], tuple[int, int | None]]] = {
    "copy": ((1, 1), (1, 1)),
    "rescale": ((1, 1), (1, 1)),
    "merge": ((2, None), (1, 1)),
    "split": ((1, 1), (2, None)),
    "new": ((0, 0), (1, None)),
    "drop": ((1, None), (0, 0)),
}


def migration_from_document(document: Document, registry: Any, origin: str = "") -> Migration:
    """Validate a parsed migration and build it.

    :raises InvalidInputError: listing every problem found.
    """
    problems = check_migration_data(document, registry)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise InvalidInputError(errors)
    return _build(document.data, origin or document.name)


def check_migration_data(document: Document, registry: Any) -> list[Problem]:
    """Every problem in a migration: schema first, then the two rubrics."""
    data, file = document.data, document.name
    # As for evaluations: data not read from a file may hold numbers too large
    # for exact arithmetic and its display.
    problems = [] if document.numbers_checked else number_problems(data, file, places=False)
    problems = problems or schema_problems("migration", data, file)
    if problems:
        return problems
    rubrics: list[Rubric] = []
    for key in ("source", "target"):
        try:
            rubrics.append(registry.rubric(data[key]))
        except KompassError as error:
            problems.append(Problem(str(error), file=file, path=key))
    if problems:
        return problems
    return list(_semantic_problems(data, rubrics[0], rubrics[1], file))


def _semantic_problems(
    data: dict[str, Any], source: Rubric, target: Rubric, file: str
) -> Iterator[Problem]:
    def at(path: list[Any], message: str, severity: Severity = "error") -> Problem:
        return Problem(message, file=file, path=format_path(path, data) or None, severity=severity)

    if source.id == target.id:
        yield at(["target"], f"expected a rubric other than the source, found {target.id!r}")
        return
    for key, rubric in (("source", source), ("target", target)):
        if any(weight != 1 for weight in rubric.scoring.weights.values()):
            yield at(
                [key],
                f"expected a rubric whose total is the plain sum of its areas, found "
                f"{rubric.id} with area weights ({rubric.scoring_rule}); migrations between "
                "weighted rubrics are not supported yet",
            )
    for key, rubric in (("source_fingerprint", source), ("target_fingerprint", target)):
        if key not in data:
            yield at(
                [],
                f'no {key}: expected {key} = "{rubric.fingerprint}" (the data of {rubric.id} '
                "the rules were decided against), found none; without it a change to the "
                "rubric goes unnoticed",
                "warning",
            )
        elif data[key] != rubric.fingerprint:
            yield at(
                [key],
                f"rubric changed since the rules were decided: expected "
                f'"{rubric.fingerprint}" ({rubric.id} as loaded), found "{data[key]}"; '
                f"maxima, weights, levels or rounding differ: check the rules against "
                f"kompass rubrics diff, then update {key}",
            )

    source_questions = {q.id: q.max for _, q in source.questions()}
    target_questions = {q.id: q.max for _, q in target.questions()}
    yield from _rules(
        data.get("questions", []),
        "questions",
        "question",
        (source, source_questions),
        (target, target_questions),
        at,
    )
    source_areas = {a.id: a.max for a in source.areas}
    target_areas = {a.id: a.max for a in target.areas}
    yield from _rules(
        data.get("areas", []),
        "areas",
        "area",
        (source, source_areas),
        (target, target_areas),
        at,
    )

    total = data.get("total")
    if total is not None:
        if total["method"] == "shift":
            if "shift" not in total:
                yield at(
                    ["total"],
                    "missing key: expected shift = [low, high] for method shift, found none",
                )
            elif total["shift"][0] > total["shift"][1]:
                yield at(
                    ["total", "shift"],
                    f"expected [low, high] with low <= high, found "
                    f"[{plain(Decimal(total['shift'][0]))}, {plain(Decimal(total['shift'][1]))}]",
                )
        elif "shift" in total:
            yield at(["total", "shift"], "expected shift only with method = shift, found it")
        if total["method"] == "rescale" and (source.max is None or target.max is None):
            unknown = source.id if source.max is None else target.id
            yield at(
                ["total", "method"],
                f"expected shift, since rescale needs both maxima, found rescale and "
                f"{unknown} has no known max",
            )

    todos = _todo_paths(data)
    if data.get("draft", False):
        yield at(
            ["draft"],
            f"draft migration with {len(todos)} todo(s) left: it is not used until they are "
            "resolved and draft = true is removed",
            "warning",
        )
        for path in todos:
            yield at(path, f"todo: {_get(data, path)}", "warning")
    else:
        for path in todos:
            yield at(
                path,
                "unresolved todo: expected the decision made and the todo removed, or "
                "draft = true at the top, found a todo",
            )


def _rules(
    rules: list[dict[str, Any]],
    key: str,
    level: str,
    source: tuple[Rubric, dict[str, Decimal]],
    target: tuple[Rubric, dict[str, Decimal]],
    at: Callable[..., Problem],
) -> Iterator[Problem]:
    """The checks of one level's rules: ids, arity, options, and that every
    id of both rubrics is used exactly once."""
    (s_rubric, s_ids), (t_rubric, t_ids) = source, target
    if not rules:
        return
    for rubric, ids in ((s_rubric, s_ids), (t_rubric, t_ids)):
        if not ids:
            yield at(
                [key],
                f"{level} rules for a rubric without {level}s: expected none, since "
                f"{rubric.id} has no published {level}s; found {len(rules)}",
            )
            return
    used: dict[str, dict[str, int]] = {"source": {}, "target": {}}
    for index, rule in enumerate(rules):
        path: list[Any] = [key, index]
        method = rule["method"]
        for side, ids, rubric in (("source", s_ids, s_rubric), ("target", t_ids, t_rubric)):
            given = rule.get(side, [])
            low, high = ARITY[method][0 if side == "source" else 1]
            if len(given) < low or (high is not None and len(given) > high):
                wanted = _count_words(low, high, level)
                yield at(
                    [*path, side],
                    f"method {method} takes {wanted} as {side}, found {len(given)}",
                )
            for ident in given:
                if ident not in ids:
                    yield at(
                        [*path, side],
                        f"unknown {level}: expected {'an' if level == 'area' else 'a'} {level} "
                        f"of {rubric.id}, found {ident!r}",
                    )
                elif ident in used[side]:
                    yield at(
                        [*path, side],
                        f"{side} {level} {ident} used twice: expected each {level} in one "
                        f"rule, found it also in rule {used[side][ident] + 1}",
                    )
                else:
                    used[side][ident] = index
        yield from _rule_options(rule, path, s_ids, t_ids, at)

    for side, ids, rubric in (("target", t_ids, t_rubric), ("source", s_ids, s_rubric)):
        missing = [ident for ident in ids if ident not in used[side]]
        if missing:
            remedy = "method new" if side == "target" else "method drop"
            yield at(
                [key],
                f"{side} {level}s not accounted for: expected a rule for every {level} of "
                f"{rubric.id} ({remedy} if it has no counterpart), found none for "
                f"{', '.join(missing)}",
            )


def _rule_options(
    rule: dict[str, Any],
    path: list[Any],
    s_ids: dict[str, Decimal],
    t_ids: dict[str, Decimal],
    at: Callable[..., Problem],
) -> Iterator[Problem]:
    method, relation = rule["method"], rule["relation"]
    if (method == "new") != (relation == "new"):
        yield at(
            [*path, "relation"],
            f"expected relation new exactly for method new, found relation {relation} "
            f"with method {method}",
        )
    if (method == "drop") != (relation == "dropped"):
        yield at(
            [*path, "relation"],
            f"expected relation dropped exactly for method drop, found relation {relation} "
            f"with method {method}",
        )
    if method == "copy":
        sources, targets = rule.get("source", []), rule.get("target", [])
        if len(sources) == len(targets) == 1 and sources[0] in s_ids and targets[0] in t_ids:
            s_max, t_max = s_ids[sources[0]], t_ids[targets[0]]
            if s_max != t_max:
                yield at(
                    [*path, "method"],
                    f"copy needs equal maxima: expected rescale, found source {sources[0]} "
                    f"with max {plain(s_max)} and target {targets[0]} with max {plain(t_max)}",
                )
    for option in ("estimate", "percent", "range"):
        if option in rule and method != "new":
            yield at([*path, option], f"expected {option} only with method new, found it")
    if method in ("new", "drop") and "spread" in rule:
        yield at(
            [*path, "spread"],
            f"expected no spread with method {method}"
            + (" (a new value's range is given by range)" if method == "new" else "")
            + ", found it",
        )
    if method == "new":
        estimate = rule.get("estimate", "area-mean")
        low, high = (Decimal(v) for v in rule.get("range", [0, 100]))
        if low > high:
            yield at(
                [*path, "range"],
                f"expected [low, high] with low <= high, found [{plain(low)}, {plain(high)}]",
            )
        if estimate == "fixed" and "percent" not in rule:
            yield at(path, "missing key: expected percent for estimate = fixed, found none")
        if estimate != "fixed" and "percent" in rule:
            yield at([*path, "percent"], "expected percent only with estimate = fixed, found it")
        if "percent" in rule and not low <= Decimal(rule["percent"]) <= high:
            yield at(
                [*path, "percent"],
                f"expected a percent inside the range {plain(low)}–{plain(high)}, "
                f"found {plain(Decimal(rule['percent']))}",
            )


def _count_words(low: int, high: int | None, level: str) -> str:
    if high is None:
        return f"{low} or more {level}s"
    if low == high:
        return f"exactly {low} {level}" + ("" if low == 1 else "s")
    return f"{low} to {high} {level}s"


def _get(data: Any, path: list[Any]) -> Any:
    for part in path:
        data = data[part]
    return data


def _todo_paths(data: dict[str, Any]) -> list[list[Any]]:
    paths: list[list[Any]] = []
    for key in ("questions", "areas"):
        for index, rule in enumerate(data.get(key, [])):
            if "todo" in rule:
                paths.append([key, index, "todo"])
    if "todo" in data.get("total", {}):
        paths.append(["total", "todo"])
    return paths


def _rule(level: str, data: dict[str, Any]) -> Rule:
    low, high = data.get("range", [0, 100])
    method = data["method"]
    return Rule(
        level=level,  # type: ignore[arg-type]
        sources=tuple(data.get("source", ())),
        targets=tuple(data.get("target", ())),
        method=method,
        relation=data["relation"],
        spread=Decimal(data.get("spread", 0)),
        estimate=data.get("estimate", "area-mean") if method == "new" else None,
        percent=Decimal(data["percent"]) if "percent" in data else None,
        range=(Decimal(low), Decimal(high)),
        note=data.get("note", ""),
        todo=data.get("todo"),
    )


def _build(data: dict[str, Any], origin: str) -> Migration:
    total = data.get("total")
    return Migration(
        source=data["source"],
        target=data["target"],
        version=data["version"],
        questions=tuple(_rule("question", r) for r in data.get("questions", [])),
        areas=tuple(_rule("area", r) for r in data.get("areas", [])),
        total=TotalRule(
            method=total["method"],
            relation=total["relation"],
            shift=tuple(Decimal(v) for v in total.get("shift", [0, 0])),  # type: ignore[arg-type]
            spread=Decimal(total.get("spread", 0)),
            note=total.get("note", ""),
            todo=total.get("todo"),
        )
        if total is not None
        else None,
        draft=data.get("draft", False),
        name=Text(data["name"]) if "name" in data else None,
        note=data.get("note", ""),
        decided_by=data.get("source_of_decisions", {}),
        source_fingerprint=data.get("source_fingerprint"),
        target_fingerprint=data.get("target_fingerprint"),
        origin=origin,
    )


__all__ = ["check_migration_data", "migration_from_document"]
