"""Rendering a trend as a table (people), CSV and JSON (programs)."""

from __future__ import annotations

import csv
import io
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

from kompass_core._numbers import plain, round_half_up
from kompass_core._output import dumps, problem_dict, table, words
from kompass_core._trend import Change, Entry, Figure, Series, Trend
from kompass_core.fingerprint import Stamp

# -- figures as text ---------------------------------------------------------------


def whole(value: Decimal | None) -> str:
    """A value rounded half up to a whole number, as the reports print it."""
    return "–" if value is None else plain(round_half_up(value))


def signed(value: Decimal | None) -> str:
    if value is None:
        return "–"
    text = whole(value)
    return text if text.startswith("-") or text == "0" else f"+{text}"


def figure_text(figure: Figure) -> str:
    """The rounded point estimate, starred when estimated."""
    return whole(figure.points) + ("*" if figure.estimated else "")


def range_text(lower: Decimal, upper: Decimal, signs: bool = False) -> str:
    """``432–577``, or for a change ``[-66, +233]``; rounded outwards, so the
    printed range never claims more than is known."""
    show = signed if signs else whole
    if lower == upper:
        return show(lower)
    low = show(lower.to_integral_value(rounding=ROUND_FLOOR))
    high = show(upper.to_integral_value(rounding=ROUND_CEILING))
    return f"[{low}, {high}]" if signs else f"{low}–{high}"


def change_text(c: Change | None) -> str:
    """``+84``, or ``+98 [-37, +239]`` when the change has a range."""
    if c is None:
        return ""
    if c.lower == c.upper:
        return signed(c.points)
    return f"{signed(c.points)} {range_text(c.lower, c.upper, True)}"


# -- table -------------------------------------------------------------------------


def trend_table(t: Trend, lang: str = "sv") -> str:
    w = words(lang)
    lines = [f"{w['trend on']} {t.rubric.name.get(lang)} ({t.rubric.id})", ""]
    area_ids = [a.id for a in t.rubric.areas]
    for series in t.series:
        code = f" ({series.subject.code})" if series.subject.code else ""
        lines += [f"{series.subject.name}{code}", _series_table(series, area_ids, w), ""]
        lines += _notes(series, w)
    if t.reference is not None and t.profile is not None:
        lines += [f"{w['reference']}: {t.profile.name.get(lang)} ({t.profile.id})"]
        reference = Series(t.reference.evaluation.subject, (t.reference,))
        lines += [_series_table(reference, area_ids, w)]
        lines.append("")
    if len(t.series) > 1:
        lines += [w["latest"], _latest_table(t, w), ""]
    if any(e.total.estimated or any(a.estimated for a in e.areas) for e in _entries(t)):
        lines.append(w["estimated legend"])
    return "\n".join(lines).rstrip() + "\n"


def _entries(t: Trend) -> list[Entry]:
    found = [e for s in t.series for e in s.entries]
    return found + ([t.reference] if t.reference is not None else [])


def _series_table(series: Series, area_ids: list[str], w: dict[str, str]) -> str:
    head = [w["date"], w["rubric"], w["total"], w["range"], w["change"], w["verdict"], *area_ids]
    rows = [head]
    for entry in series.entries:
        c = entry.total_change
        rows.append(
            [
                str(entry.date),
                entry.source_rubric,
                figure_text(entry.total),
                range_text(entry.total.lower, entry.total.upper),
                change_text(c),
                "" if c is None else w[c.direction],
                *(figure_text(a) for a in entry.areas),
            ]
        )
    return table(rows, "<<>><<" + ">" * len(area_ids))


def _notes(series: Series, w: dict[str, str]) -> list[str]:
    lines = []
    for entry in series.entries:
        m = entry.measured_change
        if m is not None and entry.migrated:
            lines.append(
                f"  {entry.date}: {w['change'].lower()} {w['measured']} ({entry.source_rubric}): "
                f"{signed(m.points)}, {w[m.direction]}"
            )
        for est in entry.estimated:
            lines.append(f"  {entry.date}: {w['estimated']} {', '.join(est.targets)}: {est.why}")
        for d in entry.dropped:
            value = f" ({plain(d.points)})" if d.points is not None else ""
            lines.append(f"  {entry.date}: {w['dropped']} {d.source}{value}: {d.note}")
        lines.extend(f"  {p}" for p in entry.warnings)
    return [*lines, ""] if lines else []


def _latest_table(t: Trend, w: dict[str, str]) -> str:
    head = ["subject", "date", "rubric", "total", "range", "change", "verdict"]
    rows = [[w[key] for key in head]]
    for series in t.series:
        e = series.latest
        c = e.total_change
        rows.append(
            [
                series.subject.name,
                str(e.date),
                e.source_rubric,
                figure_text(e.total),
                range_text(e.total.lower, e.total.upper),
                "" if c is None else signed(c.points),
                "" if c is None else w[c.direction],
            ]
        )
    return table(rows, "<<<>><<")


# -- JSON ----------------------------------------------------------------------------


def _figure_dict(f: Figure) -> dict[str, Any]:
    return {
        "points": f.points,
        "rounded": f.rounded,
        "lower": f.lower,
        "upper": f.upper,
        "max": f.max,
        "estimated": f.estimated,
    }


def _change_dict(c: Change | None) -> dict[str, Any] | None:
    if c is None:
        return None
    return {
        "points": c.points,
        "lower": c.lower,
        "upper": c.upper,
        "rounding_tolerance": round_half_up(c.tolerance, 4),
        "distinguishable": c.distinguishable,
        "direction": c.direction,
    }


def _area_changes(e: Entry) -> tuple[Change | None, ...]:
    return e.area_changes or tuple(None for _ in e.areas)


def entry_dict(e: Entry) -> dict[str, Any]:
    return {
        "date": str(e.date),
        "file": e.evaluation.origin or None,
        "source_rubric": e.source_rubric,
        "path": list(e.path),
        "total": _figure_dict(e.total),
        "areas": {a.area.id: _figure_dict(f) for a, f in zip(e.result.areas, e.areas, strict=True)},
        "change": _change_dict(e.total_change),
        "area_changes": {
            a.area.id: _change_dict(c)
            for a, c in zip(e.result.areas, _area_changes(e), strict=True)
        },
        "measured_change": _change_dict(e.measured_change),
        "estimated": [
            {"rubric": x.rubric, "level": x.level, "targets": list(x.targets), "why": x.why}
            for x in e.estimated
        ],
        "dropped": [
            {"rubric": d.rubric, "level": d.level, "source": d.source, "points": d.points}
            | ({"note": d.note} if d.note else {})
            for d in e.dropped
        ],
        "warnings": [problem_dict(p) for p in e.warnings],
    }


def trend_dict(t: Trend, lang: str = "sv") -> dict[str, Any]:
    data: dict[str, Any] = {
        "rubric": t.rubric.id,
        "rubric_name": t.rubric.name.get(lang),
        "stamp": Stamp.of(t.rubric).as_dict(),
        "series": [
            {
                "subject": {
                    "name": s.subject.name,
                    "kind": s.subject.kind,
                    "code": s.subject.code,
                },
                "evaluations": [entry_dict(e) for e in s.entries],
            }
            for s in t.series
        ],
        "problems": [problem_dict(p) for p in t.problems],
    }
    if t.reference is not None and t.profile is not None:
        data["reference"] = {
            "id": t.profile.id,
            "name": t.profile.name.get(lang),
            "year": t.profile.year,
            "rubric": t.profile.rubric_id,
            **entry_dict(t.reference),
        }
    return data


def trend_json(t: Trend, lang: str = "sv") -> str:
    return dumps(trend_dict(t, lang))


# -- CSV -----------------------------------------------------------------------------

CSV_HEAD = [
    "subject",
    "code",
    "date",
    "source_rubric",
    "rubric",
    "figure",
    "points",
    "lower",
    "upper",
    "estimated",
    "change",
    "change_lower",
    "change_upper",
    "distinguishable",
]


def trend_csv(t: Trend, lang: str = "sv") -> str:
    """One row per subject, evaluation and figure (the total, then each area)."""
    del lang  # figures only; names are the subjects' own
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEAD)
    for s in t.series:
        for e in s.entries:
            figures = [("total", e.total, e.total_change)]
            changes = _area_changes(e)
            figures += [
                (a.area.id, f, c) for a, f, c in zip(e.result.areas, e.areas, changes, strict=True)
            ]
            for name, f, c in figures:
                writer.writerow(
                    [
                        s.subject.name,
                        s.subject.code or "",
                        str(e.date),
                        e.source_rubric,
                        t.rubric.id,
                        name,
                        _csv(f.points),
                        _csv(f.lower),
                        _csv(f.upper),
                        str(f.estimated).lower(),
                        "" if c is None else _csv(c.points),
                        "" if c is None else _csv(c.lower),
                        "" if c is None else _csv(c.upper),
                        "" if c is None else str(c.distinguishable).lower(),
                    ]
                )
    return out.getvalue()


def _csv(value: Decimal | None) -> str:
    return "" if value is None else plain(value)


def render_trend(t: Trend, form: str = "table", lang: str = "sv") -> str:
    """The trend as ``table``, ``json``, ``csv`` or ``html`` text."""
    if form == "html":
        from kompass_core._report import trend_html

        return trend_html(t, lang)
    renderers = {"table": trend_table, "json": trend_json, "csv": trend_csv}
    if form not in renderers:
        raise ValueError(f"unknown trend format: expected table, json, csv or html, found {form!r}")
    return renderers[form](t, lang)
