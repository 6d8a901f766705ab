"""Rendering results for people (tables) and for programs (JSON, CSV)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from kompass_core._numbers import plain, round_half_up
from kompass_core.errors import Problem

if TYPE_CHECKING:  # annotations only: listing rubrics need not import scoring
    from kompass_core._plugins import PluginInfo
    from kompass_core.diff import RubricDiff
    from kompass_core.model import Area, Migration, Question, ReferenceProfile, Rubric, Text
    from kompass_core.scoring import AreaResult, QuestionResult, ScoreResult, TotalResult

_WORDS = {
    "sv": {
        "area": "Område",
        "points": "Poäng",
        "exact": "Exakt",
        "max": "Max",
        "percent": "%",
        "basis": "Underlag",
        "total": "Totalt",
        "questions": "frågor",
        "area score": "områdespoäng",
        "given total": "angiven total",
        "not known": "okänt",
        "of": "av",
        "provisional": "PRELIMINÄR",
        "total only": "områdena är inte publicerade: skalan är känd bara som total",
        "estimated": "uppskattat",
        "migrated": "Migrerad längs",
        "kind": "Typ",
        "year": "År",
        "version": "Version",
        "headings": "Rubriker",
        "source": "Källa",
        "rule": "Poängregel",
        "fingerprint": "fingeravtryck",
        "weight": "Vikt",
        "municipality": "kommun",
        "region": "region",
        "rubric": "Rubrik",
        "areas": "Områden",
        "name": "Namn",
        "trend on": "Trend på",
        "date": "Datum",
        "range": "Intervall",
        "change": "Förändring",
        "verdict": "Bedömning",
        "measured": "mätt på egen skala",
        "up": "ökning",
        "down": "minskning",
        "none": "ingen förändring",
        "unclear": "inom osäkerheten",
        "estimated legend": "* uppskattat: värdet har ett intervall (se JSON, CSV eller HTML)",
        "dropped": "utgick",
        "reference": "Referens",
        "latest": "Senaste jämförbara total",
        "subject": "Kommun/region",
        "to": "till",
        "revision": "ny revision",
        "previous": "Föregående",
        "strengths": "Styrkor",
        "improvements": "Förbättringsområden",
        "weaknesses": "Svagheter",
        "question": "Fråga",
        "converted from": "Omräknad från",
        "warnings": "Varningar",
        "evaluated": "Utvärderad",
        "evaluators": "Utvärderare",
        "profile": "Profil",
        "generated": "Skapad med Kompass",
        "estimated values": "Uppskattade värden",
        "notes": "Uppskattningar och varningar",
        "range band": "intervall",
        "difference": "Skillnad",
        "no previous": "ingen tidigare utvärdering angiven",
    },
    "en": {
        "area": "Area",
        "points": "Points",
        "exact": "Exact",
        "max": "Max",
        "percent": "%",
        "basis": "Basis",
        "total": "Total",
        "questions": "questions",
        "area score": "area score",
        "given total": "given total",
        "not known": "not known",
        "of": "of",
        "provisional": "PROVISIONAL",
        "total only": "areas not published: the scale is known only at total level",
        "estimated": "estimated",
        "migrated": "Migrated along",
        "kind": "Kind",
        "year": "Year",
        "version": "Version",
        "headings": "Sub-headings",
        "source": "Source",
        "rule": "Scoring rule",
        "fingerprint": "fingerprint",
        "weight": "Weight",
        "municipality": "municipality",
        "region": "region",
        "rubric": "Rubric",
        "areas": "Areas",
        "name": "Name",
        "trend on": "Trend on",
        "date": "Date",
        "range": "Range",
        "change": "Change",
        "verdict": "Verdict",
        "measured": "measured on its own scale",
        "up": "up",
        "down": "down",
        "none": "no change",
        "unclear": "within the uncertainty",
        "estimated legend": "* estimated: the value has a range (see JSON, CSV or HTML)",
        "dropped": "dropped",
        "reference": "Reference",
        "latest": "Latest comparable total",
        "subject": "Municipality/region",
        "to": "to",
        "revision": "new revision",
        "previous": "Previous",
        "strengths": "Strengths",
        "improvements": "Improvement areas",
        "weaknesses": "Weaknesses",
        "question": "Question",
        "converted from": "Converted from",
        "warnings": "Warnings",
        "evaluated": "Evaluated",
        "evaluators": "Evaluators",
        "profile": "Profile",
        "generated": "Made with Kompass",
        "estimated values": "Estimated values",
        "notes": "Estimates and warnings",
        "range band": "range",
        "difference": "Difference",
        "no previous": "no previous evaluation given",
    },
}


def words(lang: str) -> dict[str, str]:
    return _WORDS.get(lang, _WORDS["sv"])


def _text(text: Text | None, lang: str) -> str:
    return text.get(lang) if text is not None else ""


def table(rows: Sequence[Sequence[str]], align: str) -> str:
    """A plain-text table; ``align`` has one ``<`` or ``>`` per column."""
    widths = [max(map(len, column)) for column in zip(*rows, strict=True)]
    # One format for every row (bulk score writes a table per file).
    line = "  ".join(f"{{:{how}{width}}}" for how, width in zip(align, widths, strict=True))
    return "\n".join(line.format(*row).rstrip() for row in rows)


# -- numbers -----------------------------------------------------------------


def to_json_number(value: Decimal) -> int | float:
    """A JSON number with the decimal's digits (exact for every score value)."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def csv_line(row: Sequence[Any]) -> str:
    """One CSV row (the shipped csv outputs' dialect)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(row)
    return out.getvalue()


def dumps(value: Any, *, line: bool = False) -> str:
    """JSON text, indented; with ``line``, on one line (a JSON-lines record)."""
    return (_LINE if line else _INDENTED).encode(value) + "\n"


_JSON_NUMBERS: dict[Decimal, int | float] = {}


def _json_number(value: Any) -> int | float:
    """What json's encoders ask about each Decimal (a score record holds
    hundreds): its JSON number, kept by value once worked out (70 and 70.0
    both give 70, as :func:`to_json_number` does)."""
    if type(value) is not Decimal:  # by type: a Fraction equal to a Decimal is no Decimal
        if isinstance(value, Decimal):
            return to_json_number(value)
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")
    number = _JSON_NUMBERS.get(value)
    if number is None:
        if len(_JSON_NUMBERS) >= 4096:  # values without end (every one different): start afresh
            _JSON_NUMBERS.clear()
        number = _JSON_NUMBERS[value] = to_json_number(value)
    return number


# json's encoders walk the value themselves and ask only about each Decimal (one
# line, which bulk output writes per file, is encoded in C).
_LINE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=_json_number)
_INDENTED = json.JSONEncoder(ensure_ascii=False, indent=2, default=_json_number)


def toml(value: dict[str, Any]) -> str:
    """A TOML document (for evaluation files; decimals are written exactly,
    whole ones as integers, so that their precision reads back the same)."""
    import tomli_w

    return tomli_w.dumps(_whole_as_int(value))


def _whole_as_int(value: Any) -> Any:
    if isinstance(value, Decimal) and value.is_finite() and value.as_tuple().exponent >= 0:  # type: ignore[operator]
        return int(value)
    if isinstance(value, dict):
        return {k: _whole_as_int(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_whole_as_int(v) for v in value]
    return value


def _pct(value: Decimal | None) -> str:
    return "–" if value is None else plain(round_half_up(value))


def _num(value: Decimal | None) -> str:
    return "–" if value is None else plain(value)


def _shown(value: Decimal | None) -> str:
    """A value rounded for display, with as many decimals as it was rounded to."""
    return "–" if value is None else format(value, "f")


def rule_line(rubric: Rubric, lang: str = "sv") -> str:
    """The rule and fingerprint of a rubric, as one line for people."""
    from kompass_core.fingerprint import short

    w = words(lang)
    rule = rubric.scoring.rule
    return (
        f"{w['rule']}: {rule.name} {rule.version} · {w['fingerprint']} {short(rubric.fingerprint)}"
    )


def scoring_dict(rubric: Rubric) -> dict[str, Any]:
    """The rubric's scoring rule, its parameters and the fingerprint, for JSON."""
    rule = rubric.scoring.rule
    return {
        "rule": rule.name,
        "rule_version": rule.version,
        "parameters": dict(rubric.scoring.parameters),
        "fingerprint": rubric.fingerprint,
    }


# -- scores ------------------------------------------------------------------


def problem_dict(problem: Problem) -> dict[str, Any]:
    return {
        "severity": problem.severity,
        "file": problem.file,
        "path": problem.path,
        "line": problem.line,
        "column": problem.column,
        "code": problem.code,
        "message": problem.message,
    }


def _percents(percent: Decimal | None) -> dict[str, Decimal | None]:
    """A result's percent and its rounding (the percent is worked out each
    time it is asked for: once per question here)."""
    return {
        "percent": percent,
        "percent_rounded": None if percent is None else round_half_up(percent),
    }


def _question_dict(q: QuestionResult, lang: str) -> dict[str, Any]:
    given = {q.given.unit: q.given.value} if q.given else None
    return {
        "id": q.question.id,
        "text": q.question.text.get(lang),
        "points": q.points,
        "rounded": q.rounded,
        "max": q.max,
        **_percents(q.percent),
        "given": given,
    }


def _area_dict(a: AreaResult, lang: str) -> dict[str, Any]:
    return {
        "id": a.area.id,
        "name": a.area.name.get(lang),
        "points": a.points,
        "rounded": a.rounded,
        "max": a.max,
        **_percents(a.percent),
        "lower": a.lower,
        "upper": a.upper,
        "basis": a.basis,
        "weight": a.weight,
        "questions": [_question_dict(q, lang) for q in a.questions],
    }


def _total_dict(t: TotalResult) -> dict[str, Any]:
    return {
        "points": t.points,
        "rounded": t.rounded,
        "max": t.max,
        **_percents(t.percent),
        "lower": t.lower,
        "upper": t.upper,
        "basis": t.basis,
    }


def score_dict(result: ScoreResult, lang: str = "sv") -> dict[str, Any]:
    rubric, evaluation = result.rubric, result.evaluation
    subject = evaluation.subject
    return {
        "file": evaluation.origin or None,
        "rubric": rubric.id,
        "rubric_version": rubric.version,
        "rubric_name": rubric.name.get(lang),
        "provisional": rubric.provisional,
        "provisional_note": _text(rubric.provisional_note, lang) or None,
        "scoring_rule": rubric.scoring_rule,
        "stamp": result.stamp.as_dict(),
        "subject": {"name": subject.name, "kind": subject.kind, "code": subject.code},
        "migrated_from": (evaluation.provenance or {}).get("from"),
        "migration_path": (evaluation.provenance or {}).get("path"),
        "date": str(evaluation.date),
        "total": _total_dict(result.total),
        "areas": [_area_dict(a, lang) for a in result.areas],
        "stated": {
            "total": evaluation.stated.total,
            "areas": dict(evaluation.stated.areas),
            "questions": dict(evaluation.stated.questions),
        },
        "warnings": [problem_dict(w) for w in result.warnings],
    }


def score_json(result: ScoreResult, lang: str = "sv") -> str:
    return dumps(score_dict(result, lang))


CSV_FIELDS = (
    "level",
    "id",
    "name",
    "points",
    "rounded",
    "max",
    "percent",
    "basis",
    "lower",
    "upper",
    "rubric",
    "rubric_version",
    "fingerprint",
)


def score_csv(
    result: ScoreResult,
    lang: str = "sv",
    questions: bool = False,
    *,
    file: str | None = None,
    header: bool = True,
) -> str:
    """One row per area (and per question with ``questions``) and a total row;
    every row names the rubric, its version and the fingerprint, so that rows
    from several files can be put together without losing what made them.
    With ``file``, every row starts with it (the rows of many files in one
    table); without ``header``, the column names are left out."""
    out = io.StringIO()
    writer: Any = csv.writer(out, lineterminator="\n")
    if file is not None:
        writer = _Prefixed(writer, file)
    if header:
        writer.writerow(CSV_FIELDS)
    stamp = [result.rubric.id, result.rubric.version, result.rubric.fingerprint]
    for a in result.areas:
        writer.writerow(
            [
                "area",
                a.area.id,
                a.area.name.get(lang),
                *_csv_figures(a),
                a.basis,
                _csv(a.lower),
                _csv(a.upper),
                *stamp,
            ]
        )
        if questions:
            for q in a.questions:
                basis = q.given.unit if q.given else "none"
                writer.writerow(
                    [
                        "question",
                        q.question.id,
                        q.question.text.get(lang),
                        *_csv_figures(q),
                        basis,
                        "",
                        "",
                        *stamp,
                    ]
                )
    t = result.total
    writer.writerow(
        [
            "total",
            "",
            words(lang)["total"],
            *_csv_figures(t),
            t.basis,
            _csv(t.lower),
            _csv(t.upper),
            *stamp,
        ]
    )
    return out.getvalue()


class _Prefixed:
    """A csv writer whose rows all start with one value (the header with ``file``)."""

    def __init__(self, writer: Any, first: str) -> None:
        self.writer, self.first = writer, first

    def writerow(self, row: Sequence[Any]) -> None:
        self.writer.writerow(["file" if row is CSV_FIELDS else self.first, *row])


def _csv_figures(result: QuestionResult | AreaResult | TotalResult) -> list[str]:
    """points, rounded, max and percent (to two places) of one row."""
    percent = None if result.percent is None else round_half_up(result.percent, 2)
    return [_csv(result.points), _csv(result.rounded), _csv(result.max), _csv(percent)]


def _csv(value: Decimal | None) -> str:
    return "" if value is None else plain(value)


def _unrounded(result: AreaResult | TotalResult) -> str:
    """The unrounded points; an estimate's to two places, since its further
    digits say nothing."""
    if result.points is not None and result.lower != result.upper:
        return plain(round_half_up(result.points, 2))
    return _num(result.points)


def _basis(result: AreaResult | TotalResult, known_by: str, w: dict[str, str]) -> str:
    """How a figure is known; a migrated value's range when it has one."""
    if result.points is not None and result.lower != result.upper:
        known_by += f"; {w['estimated']} {plain(result.lower)}–{plain(result.upper)}"
    return known_by.lstrip("; ")


def _area_known_by(result: AreaResult, w: dict[str, str]) -> str:
    if result.basis == "questions":
        return w["questions"]
    if result.basis == "area":
        return w["area score"]
    if result.basis == "partial":
        scored = sum(q.points is not None for q in result.questions)
        return (
            f"{scored} {w['of']} {len(result.questions)} {w['questions']}; "
            f"{plain(result.lower)}–{plain(result.upper)}"
        )
    return f"{w['not known']}; {plain(result.lower)}–{plain(result.upper)}"


def _total_known_by(result: TotalResult, w: dict[str, str]) -> str:
    if result.basis == "areas":
        return ""
    if result.basis == "total":
        return w["given total"]
    return f"{w['not known']}; {plain(result.lower)}–{plain(result.upper)}"


def score_table(result: ScoreResult, lang: str = "sv", questions: bool = False) -> str:
    w = words(lang)
    rubric, evaluation = result.rubric, result.evaluation
    title = f"{evaluation.subject.name} · {rubric.name.get(lang)} ({rubric.id}) · {evaluation.date}"
    if rubric.provisional:
        title += f" · {w['provisional']}"
        note = _text(rubric.provisional_note, lang)
        if note:
            title += f"\n{w['provisional']}: {note}"
    if evaluation.provenance:
        path = " → ".join(evaluation.provenance.get("path", []))
        title += f"\n{w['migrated']}: {path}"
    weighted = any(a.weight != 1 for a in result.areas)

    def row(label: str, shown: str, exact: str, top: str, pct: str, *rest: str) -> list[str]:
        return [label, shown, exact, top, pct, *(rest[:1] if weighted else ()), rest[-1]]

    rows = [
        row(w["area"], w["points"], w["exact"], w["max"], w["percent"], w["weight"], w["basis"])
    ]
    for a in result.areas:
        rows.append(
            row(
                f"{a.area.id}  {a.area.name.get(lang)}",
                _shown(a.rounded),
                _unrounded(a),
                plain(a.max),
                _pct(a.percent),
                plain(a.weight),
                _basis(a, _area_known_by(a, w), w),
            )
        )
        if questions:
            for q in a.questions:
                rows.append(
                    row(
                        f"   {q.question.id}",
                        _shown(q.rounded),
                        _num(q.points),
                        plain(q.max),
                        _pct(q.percent),
                        "",
                        f"{plain(q.given.value)} {q.given.unit}" if q.given else "",
                    )
                )
    t = result.total
    rows.append(
        row(
            f"   {w['total']}",
            _shown(t.rounded),
            _unrounded(t),
            _num(t.max),
            _pct(t.percent),
            "",
            _basis(t, _total_known_by(t, w), w),
        )
    )
    table_text = table(rows, "<>>>>" + (">" if weighted else "") + "<")
    return f"{title}\n{rule_line(rubric, lang)}\n\n{table_text}\n"


# -- reference profiles ---------------------------------------------------------


def profile_dict(profile: ReferenceProfile, lang: str = "sv") -> dict[str, Any]:
    return {
        "id": profile.id,
        "rubric": profile.rubric_id,
        "year": profile.year,
        "name": profile.name.get(lang),
        "total": profile.total,
        "areas": dict(profile.areas),
        "source": dict(profile.source),
    }


def profiles_table(profiles: Iterable[ReferenceProfile], lang: str = "sv") -> str:
    w = words(lang)
    rows = [["ID", w["rubric"], w["year"], w["total"], w["areas"], w["name"]]]
    for p in profiles:
        areas = " ".join(plain(v) for _, v in p.areas) or "–"
        total = plain(p.total) if p.total is not None else "–"
        rows.append([p.id, p.rubric_id, str(p.year), total, areas, p.name.get(lang)])
    return table(rows, "<<<><<") + "\n"


# -- rubrics -----------------------------------------------------------------


def rubric_summary(rubric: Rubric, lang: str = "sv") -> dict[str, Any]:
    return {
        "id": rubric.id,
        "version": rubric.version,
        "name": rubric.name.get(lang),
        "year": rubric.year,
        "kind": rubric.kind,
        "provisional": rubric.provisional,
        "max": rubric.max,
        "areas_published": rubric.areas_published,
        "areas": len(rubric.areas),
        "questions": sum(len(a.questions) for a in rubric.areas),
        "scoring_rule": rubric.scoring_rule,
        "fingerprint": rubric.fingerprint,
        "origin": rubric.origin,
    }


def rubrics_table(rubrics: Iterable[Rubric], lang: str = "sv") -> str:
    w = words(lang)
    rows = [
        [
            "ID",
            w["year"],
            w["kind"],
            w["version"],
            w["max"],
            w["questions"].capitalize(),
            "Name" if lang == "en" else "Namn",
        ]
    ]
    for r in rubrics:
        name = r.name.get(lang) + (f" ({w['provisional']})" if r.provisional else "")
        rows.append(
            [
                r.id,
                str(r.year),
                w[r.kind],
                r.version,
                _num(r.max),
                _count(r),
                name,
            ]
        )
    return table(rows, "<<<<>><") + "\n"


def _count(rubric: Rubric) -> str:
    """The number of questions, or a dash when they were never published."""
    count = sum(len(a.questions) for a in rubric.areas)
    return str(count) if count or any(a.questions_published for a in rubric.areas) else "–"


def rubric_dict(rubric: Rubric, lang: str | None = None) -> dict[str, Any]:
    def text(t: Text | None) -> Any:
        if t is None:
            return None
        return t.get(lang) if lang else t.as_dict()

    return {
        **rubric_summary(rubric, lang or rubric.default_language),
        "name": text(rubric.name),
        "short_name": text(rubric.short_name),
        "description": text(rubric.description),
        "provisional_note": text(rubric.provisional_note),
        "scoring": scoring_dict(rubric),
        "default_language": rubric.default_language,
        "source": dict(rubric.source),
        "translations": dict(rubric.translations),
        "areas": [
            {
                "id": a.id,
                "name": text(a.name),
                "other_names": [text(n) for n in a.other_names],
                "max": a.max,
                "headings": [text(h) for h in a.headings],
                "questions_published": a.questions_published,
                "questions": [
                    {"id": q.id, "text": text(q.text), "max": q.max} for q in a.questions
                ],
            }
            for a in rubric.areas
        ],
    }


def rubric_table(rubric: Rubric, lang: str = "sv") -> str:
    w = words(lang)
    lines = [f"{rubric.name.get(lang)} ({rubric.id}, {w['version'].lower()} {rubric.version})"]
    if rubric.provisional:
        note = _text(rubric.provisional_note, lang)
        lines.append(f"{w['provisional']}" + (f": {note}" if note else ""))
    lines.append(
        f"{w['year']}: {rubric.year}   {w['kind']}: {w[rubric.kind]}   "
        f"{w['max']}: {_num(rubric.max)}"
    )
    lines.append(f"{rule_line(rubric, lang)} ({rubric.fingerprint})")
    if rubric.description:
        lines.append(_text(rubric.description, lang))
    source = dict(rubric.source)
    if source:
        lines.append(f"{w['source']}: " + "; ".join(v for v in source.values() if v))
    lines.append("")
    if not rubric.areas_published:
        lines.append(f"({w['total only']})")
        lines.append("")
    for area in rubric.areas:
        lines.append(f"{area.id}  {area.name.get(lang)} ({w['max'].lower()} {plain(area.max)})")
        for other in area.other_names:
            lines.append(f"   = {other.get(lang)}")
        if area.headings:
            lines.append(f"   {w['headings']}: " + "; ".join(h.get(lang) for h in area.headings))
        if area.questions:
            rows = [[f"   {q.id}", plain(q.max), q.text.get(lang)] for q in area.questions]
            lines.append(table(rows, "<><"))
        elif not area.questions_published:
            lines.append(
                "   ("
                + ("questions not published" if lang == "en" else "frågorna är inte publicerade")
                + ")"
            )
        lines.append("")
    return "\n".join(lines)


# -- rubric differences -------------------------------------------------------------

_CHANGE_WORDS = {
    "sv": {
        "added": "tillagd",
        "removed": "borttagen",
        "renamed": "ny text",
        "max changed": "nytt max",
        "moved": "flyttad",
        "renumbered": "nytt nummer",
        "split": "delad",
        "merged": "sammanslagen",
        "headings changed": "nya rubriker",
    },
    "en": {
        "added": "added",
        "removed": "removed",
        "renamed": "text changed",
        "max changed": "max changed",
        "moved": "moved",
        "renumbered": "renumbered",
        "split": "split",
        "merged": "merged",
        "headings changed": "sub-headings changed",
    },
}


def _change_words(changes: Iterable[str], lang: str, area: bool = False) -> str:
    names = dict(_CHANGE_WORDS.get(lang, _CHANGE_WORDS["sv"]))
    if area:
        names["renamed"] = "renamed" if lang == "en" else "nytt namn"
    return ", ".join(names[c] for c in changes)


def diff_dict(d: RubricDiff, lang: str = "sv", everything: bool = False) -> dict[str, Any]:
    def question(q: Question) -> dict[str, Any]:
        return {"id": q.id, "text": q.text.get(lang), "max": q.max}

    def area(a: Area | None) -> dict[str, Any] | None:
        return None if a is None else {"id": a.id, "name": a.name.get(lang), "max": a.max}

    return {
        "source": d.source.id,
        "target": d.target.id,
        "correspondence": f"migration {d.migration.id}" if d.migration else "ids and texts",
        "compares_questions": d.compares_questions,
        "fingerprints": [d.source.fingerprint, d.target.fingerprint],
        "scoring": list(d.scoring),
        "areas": [
            {
                "source": area(a.source),
                "target": area(a.target),
                "changes": list(a.changes),
                "matched_by": a.matched_by,
            }
            for a in d.areas
            if everything or a.changes
        ],
        "questions": [
            {
                "sources": [question(s) for s in q.sources],
                "targets": [question(t) for t in q.targets],
                "changes": list(q.changes),
                "relation": q.relation,
                "matched_by": q.matched_by,
                "note": q.note,
            }
            for q in d.questions
            if everything or q.changes
        ],
    }


def diff_table(d: RubricDiff, lang: str = "sv", everything: bool = False) -> str:
    en = lang == "en"
    how = (
        (f"by the migration {d.migration.id}" if en else f"enligt migreringen {d.migration.id}")
        if d.migration
        else (
            "paired by ids and texts: check the pairs" if en else "parat efter id och text: granska"
        )
    )
    lines = [f"{d.source.id} → {d.target.id} ({how})"]
    if d.scoring:
        lines.append(("Scoring: " if en else "Poängsättning: ") + "; ".join(d.scoring))
    lines.append("")
    area_rows = [
        [
            a.source.id if a.source else "–",
            a.target.id if a.target else "–",
            _change_words(a.changes, lang, area=True) or ("unchanged" if en else "oförändrad"),
            (a.target or a.source).name.get(lang) if (a.target or a.source) else "",  # type: ignore[union-attr]
        ]
        for a in d.areas
        if everything or a.changes
    ]
    lines.append("Areas" if en else "Områden")
    if area_rows:
        head = ["From", "To", "Change", "Name"] if en else ["Från", "Till", "Ändring", "Namn"]
        lines.append(table([head, *area_rows], "<<<<"))
        for a in d.areas:
            if "renamed" in a.changes and a.source and a.target:
                lines.append(
                    f"  {a.source.id}: {a.source.name.get(lang)} → {a.target.name.get(lang)}"
                )
    else:
        lines.append("  (no changes)" if en else "  (inga ändringar)")
    lines.append("")
    lines.append("Questions" if en else "Frågor")
    if not d.compares_questions:
        missing = d.source if not any(d.source.questions()) else d.target
        lines.append(
            f"  (not compared: {missing.id} publishes no questions)"
            if en
            else f"  (jämförs inte: {missing.id} har inga publicerade frågor)"
        )
        return "\n".join(lines) + "\n"
    rows = []
    for q in d.questions:
        if not (everything or q.changes):
            continue
        shown = q.targets or q.sources
        rows.append(
            [
                ", ".join(s.id for s in q.sources) or "–",
                ", ".join(t.id for t in q.targets) or "–",
                f"{_maxima(q.sources)} → {_maxima(q.targets)}",
                _change_words(q.changes, lang) or ("unchanged" if en else "oförändrad"),
                q.relation or _PAIRED_BY[lang == "en"][q.matched_by],
                shown[0].text.get(lang) if shown else "",
            ]
        )
    if rows:
        how_column = "Relation" if d.migration else ("Paired by" if en else "Parad genom")
        head = (
            ["From", "To", "Max", "Change", how_column, "Text"]
            if en
            else ["Från", "Till", "Max", "Ändring", how_column, "Text"]
        )
        lines.append(table([head, *rows], "<<<<<<"))
    else:
        lines.append("  (no changes)" if en else "  (inga ändringar)")
    return "\n".join(lines) + "\n"


_PAIRED_BY = {
    True: {
        "same text": "same text",
        "similar text": "similar text",
        "same id": "same id",
        "none": "–",
        "migration": "migration",
    },
    False: {
        "same text": "samma text",
        "similar text": "liknande text",
        "same id": "samma id",
        "none": "–",
        "migration": "migrering",
    },
}


def _maxima(questions: Sequence[Question]) -> str:
    return "+".join(plain(q.max) for q in questions) or "–"


# -- migrations ------------------------------------------------------------------


def migration_summary(migration: Migration) -> dict[str, Any]:
    levels = [
        level
        for level, present in (
            ("questions", migration.questions),
            ("areas", migration.areas),
            ("total", migration.total),
        )
        if present
    ]
    return {
        "id": migration.id,
        "source": migration.source,
        "target": migration.target,
        "version": migration.version,
        "levels": levels,
        "rules": len(migration.questions) + len(migration.areas) + bool(migration.total),
        "source_fingerprint": migration.source_fingerprint,
        "target_fingerprint": migration.target_fingerprint,
        "origin": migration.origin,
    }


def migrations_table(migrations: Iterable[Migration]) -> str:
    rows = [["Source", "Target", "Version", "Levels", "Rules"]]
    for m in migrations:
        summary = migration_summary(m)
        rows.append(
            [
                m.source,
                m.target,
                m.version,
                ", ".join(summary["levels"]),
                str(summary["rules"]),
            ]
        )
    return table(rows, "<<<<>") + "\n"


def plugin_dict(plugin: PluginInfo, provides: dict[str, list[str]]) -> dict[str, Any]:
    """A plugin, where it comes from, and what it provides (empty kinds left out)."""
    return {
        "name": plugin.name,
        "distribution": plugin.distribution,
        "version": plugin.version,
        "state": plugin.state,
        "provides": {kind: items for kind, items in provides.items() if items},
    }


def plugins_table(plugins: Iterable[dict[str, Any]]) -> str:
    """One row per plugin; what it provides, one line per kind."""
    rows = [["Plugin", "Distribution", "Version", "State", "Provides"]]
    for p in plugins:
        provides = [f"{kind}: {', '.join(items)}" for kind, items in p["provides"].items()]
        for i, line in enumerate(provides or ["-"]):
            first = [p["name"], p["distribution"] or "-", p["version"] or "-", p["state"]]
            rows.append([*(first if i == 0 else ["", "", "", ""]), line])
    return table(rows, "<<<<<") + "\n"
