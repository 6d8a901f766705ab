"""Reports people would rather look at than read: one evaluation (HTML,
markdown or text) and a trend (HTML).

The HTML is one self-contained file: inline CSS and SVG charts, no scripts,
no network, laid out to print on A4.  Every text that comes from an input
file is escaped.  Estimated values (a migrated value's range) are marked
wherever they appear: hatched in charts, starred and explained in tables.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from decimal import Decimal
from html import escape
from typing import Any

from attrs import frozen

from kompass_core import _charts
from kompass_core._numbers import plain, round_half_up
from kompass_core._output import table, words
from kompass_core._trend import Change, Entry, Figure, Series, Trend, change, entry_on, profile_on
from kompass_core._trend_output import (
    change_text,
    figure_text,
    range_text,
    signed,
    whole,
)
from kompass_core.errors import Problem
from kompass_core.model import Findings, ReferenceProfile, Rubric
from kompass_core.scoring import AreaResult, QuestionResult

# -- the report of one evaluation ---------------------------------------------------


@frozen
class Report:
    """One evaluation on its rubric, with what it is compared against."""

    current: Entry
    previous: Entry | None = None
    """The previous evaluation, carried over to the current one's rubric."""
    reference: Entry | None = None
    profile: ReferenceProfile | None = None

    @property
    def rubric(self) -> Rubric:
        return self.current.result.rubric

    @property
    def warnings(self) -> tuple[Problem, ...]:
        found = self.current.warnings + (self.previous.warnings if self.previous else ())
        return tuple(dict.fromkeys(found))

    @property
    def total_change(self) -> Change | None:
        return None if self.previous is None else change(self.previous.total, self.current.total)

    def area_changes(self) -> tuple[Change | None, ...]:
        if self.previous is None:
            return tuple(None for _ in self.current.areas)
        pairs = zip(self.previous.areas, self.current.areas, strict=True)
        return tuple(change(a, b) for a, b in pairs)


def build_report(
    path: str | os.PathLike[str],
    *,
    previous: str | os.PathLike[str] | None = None,
    reference: str | None = None,
    registry: Any = None,
) -> Report:
    """Read an evaluation (and the previous one) and assemble its report;
    the previous evaluation and the reference are carried over to the
    evaluation's rubric when they are on another.

    :raises KompassError: an invalid file, an unknown profile, no migration path.
    """
    from kompass_core._api import load_evaluation
    from kompass_core._plugins import default_registry

    reg = registry if registry is not None else default_registry()
    evaluation = load_evaluation(path, reg)
    rubric = reg.rubric(evaluation.rubric_id)
    current = entry_on(evaluation, rubric, reg)
    before = entry_on(load_evaluation(previous, reg), rubric, reg) if previous else None
    profile = reg.profile(reference) if reference else None
    carried = profile_on(profile, rubric, reg) if profile is not None else None
    return Report(current, before, carried, profile)


def render_report(report: Report, form: str = "html", lang: str = "sv") -> str:
    """The report as ``html``, ``md`` or ``txt`` text."""
    if form == "html":
        return report_html(report, lang)
    if form not in ("md", "txt"):
        raise ValueError(f"unknown report format: expected html, md or txt, found {form!r}")
    return report_text(report, lang, markdown=form == "md")


# -- shared pieces ------------------------------------------------------------------


def _area_name(a: AreaResult, lang: str) -> str:
    return a.area.name.get(lang)


def _bars(entry: Entry, lang: str) -> list[_charts.Bar]:
    return [
        _charts.Bar(
            label=a.area.id,
            title=_area_name(a, lang),
            value=f.points,
            lower=f.lower,
            upper=f.upper,
            max=a.max,
            estimated=f.estimated,
        )
        for a, f in zip(entry.result.areas, entry.areas, strict=True)
    ]


def _total_title(entry: Entry, lang: str) -> str:
    w = words(lang)
    total = entry.total
    top = f" {w['of']} {plain(total.max)}" if total.max is not None else ""
    star = " *" if total.estimated else ""
    return f"{w['total']} {whole(total.points)}{top}{star}"


def _question_shown(q: QuestionResult) -> tuple[str, str, bool]:
    """Points (rounded as the rubric rounds) and percent (whole, half up);
    estimated when the value is a migrated range."""
    estimated = q.lower is not None and q.upper is not None and q.lower != q.upper
    points = "–" if q.rounded is None else plain(q.rounded)
    percent = "–" if q.percent is None else plain(round_half_up(q.percent))
    return points, percent, estimated


def _findings_lists(f: Findings | None, w: dict[str, str]) -> list[tuple[str, tuple[str, ...]]]:
    if f is None:
        return []
    lists = [(w["strengths"], f.strengths), (w["improvements"], f.improvements)]
    lists.append((w["weaknesses"], f.weaknesses))
    return [(title, items) for title, items in lists if items]


def _estimated_notes(entry: Entry, w: dict[str, str]) -> list[str]:
    notes = [f"{', '.join(x.targets)}: {x.why}" for x in entry.estimated]
    for d in entry.dropped:
        value = f" ({plain(d.points)})" if d.points is not None else ""
        notes.append(f"{w['dropped']} {d.source}{value}: {d.note}")
    return notes


# -- HTML ---------------------------------------------------------------------------

_CSS = """
@page { size: A4; margin: 15mm 14mm; }
* { box-sizing: border-box; }
body { font-family: system-ui, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #1b1b1b;
  max-width: 182mm; margin: 0 auto; padding: 8mm 0; font-size: 10.5pt; line-height: 1.4; }
h1 { font-size: 18pt; margin: 0 0 2mm; } h2 { font-size: 13pt; margin: 7mm 0 2mm; }
h3 { font-size: 11.5pt; margin: 5mm 0 1.5mm; }
.meta { color: #444; margin: 0 0 4mm; } .meta span { margin-right: 4mm; }
.summary { font-size: 13pt; margin: 2mm 0 4mm; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 3mm; font-size: 9.5pt; }
th, td { border-bottom: 1px solid #d0d7de; padding: 1.2mm 2mm; text-align: left; }
td { vertical-align: top; } td.date { white-space: nowrap; }
table.compact { font-size: 8.5pt; } table.compact td, table.compact th { padding: 1mm 1.2mm; }
th { background: #f2f5f8; } td.num, th.num { text-align: right; white-space: nowrap; }
.estimated { font-style: italic; color: #555; }
.up { color: #17633a; } .down { color: #9a2a1b; } .unclear, .none { color: #555; }
.charts { display: flex; flex-wrap: wrap; gap: 4mm; align-items: flex-start; }
.charts figure { margin: 0 auto; flex: 1 1 100%; max-width: 150mm; }
figure svg { width: 100%; height: auto; }
figcaption { font-size: 9pt; color: #444; }
section.area, section.series, figure { break-inside: avoid; page-break-inside: avoid; }
ul { margin: 1mm 0 2mm 5mm; padding-left: 4mm; } .lists { display: flex; gap: 6mm; }
.lists > div { flex: 1; } .notes { font-size: 9pt; color: #444; }
.warning li { color: #8a4b00; } footer { margin-top: 8mm; font-size: 8.5pt; color: #666; }
@media print { body { padding: 0; } h2 { break-after: avoid; } }
"""


def _page(title: str, body: Iterable[str], lang: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def _cell(text: str, cls: str = "") -> str:
    return f'<td class="{cls}">{escape(text)}</td>' if cls else f"<td>{escape(text)}</td>"


def _figure_cell(f: Figure) -> str:
    if f.estimated:
        title = escape(range_text(f.lower, f.upper), quote=True)
        return f'<td class="num estimated" title="{title}">{escape(figure_text(f))}</td>'
    return _cell(figure_text(f), "num")


def _change_cells(c: Change | None, w: dict[str, str]) -> str:
    if c is None:
        return "<td></td><td></td>"
    return _cell(change_text(c), "num") + _cell(w[c.direction], c.direction)


def _list(items: Iterable[str], cls: str = "") -> str:
    inner = "".join(f"<li>{escape(item)}</li>" for item in items)
    return f'<ul class="{cls}">{inner}</ul>' if cls else f"<ul>{inner}</ul>"


def _html_table(head: Sequence[tuple[str, str]], rows: Iterable[str], cls: str = "") -> str:
    heads = "".join(
        f'<th class="{c}">{escape(t)}</th>' if c else f"<th>{escape(t)}</th>" for t, c in head
    )
    opening = f'<table class="{cls}">' if cls else "<table>"
    return f"{opening}<thead><tr>{heads}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _meta(entry: Entry, lang: str) -> str:
    w = words(lang)
    e = entry.evaluation
    parts = [f"{w['evaluated']} {e.date}", entry.result.rubric.name.get(lang)]
    if e.evaluators:
        parts.append(f"{w['evaluators']}: {', '.join(e.evaluators)}")
    if e.source is not None and (e.source.title or e.source.publisher):
        parts.append(f"{w['source']}: {e.source.title or e.source.publisher}")
    if entry.evaluation.provenance:
        origin = entry.evaluation.provenance.get("from", "")
        parts.append(f"{w['converted from']} {origin}")
    return '<p class="meta">' + "".join(f"<span>{escape(p)}</span>" for p in parts) + "</p>"


def _footer(rubric: Rubric, lang: str) -> str:
    from kompass_core import __version__
    from kompass_core.fingerprint import Stamp

    stamp = Stamp.of(rubric)
    text = (
        f"{words(lang)['generated']} {__version__} · {stamp.rubric} {stamp.rubric_version} · "
        f"{stamp.rule} {stamp.rule_version} · {stamp.fingerprint}"
    )
    return f"<footer>{escape(text)}</footer>"


def report_html(report: Report, lang: str = "sv") -> str:
    """One evaluation as a self-contained HTML page."""
    w = words(lang)
    entry = report.current
    subject = entry.evaluation.subject.name
    body = [f"<h1>{escape(subject)}</h1>", _meta(entry, lang)]
    body.append(f'<p class="summary">{escape(_total_title(entry, lang))}</p>')
    body.append(_report_charts(report, lang))
    body += _comparison_html(report, lang)
    for area, f in zip(entry.result.areas, entry.areas, strict=True):
        body.append(_area_html(area, f, entry, lang))
    notes = _estimated_notes(entry, w)
    if notes or any(f.estimated for f in (entry.total, *entry.areas)):
        body.append(f"<h2>{escape(w['estimated values'])}</h2>")
        body.append(f'<p class="notes">{escape(w["estimated legend"])}</p>')
        body.append(_list(notes, "notes"))
    if report.warnings:
        body.append(f"<h2>{escape(w['warnings'])}</h2>")
        body.append(_list((str(p) for p in report.warnings), "warning"))
    body.append(_footer(report.rubric, lang))
    return _page(f"{subject} {entry.date} – {report.rubric.name.get(lang)}", body, lang)


def _report_charts(report: Report, lang: str) -> str:
    w = words(lang)
    entry = report.current
    if not entry.result.areas:
        return ""
    ref = report.reference
    reference = [f.points for f in ref.areas] if ref is not None else None
    ref_name = report.profile.name.get(lang) if report.profile is not None else ""
    bars = _charts.bar_chart(
        _bars(entry, lang),
        title=_total_title(entry, lang),
        id_prefix="bars",
        reference=reference,
        reference_label=ref_name,
        estimated_label=w["estimated"],
    )
    profiles = [_profile(entry, entry.evaluation.subject.name, "main")]
    if report.previous is not None:
        label = f"{w['previous']} ({report.previous.date})"
        profiles.append(_profile(report.previous, label, "previous"))
    if ref is not None:
        profiles.append(_profile(ref, ref_name, "reference"))
    radar = _charts.radar_chart(
        [f"{a.area.id} {_area_name(a, lang)}" for a in entry.result.areas],
        [a.max for a in entry.result.areas],
        profiles,
        title=f"{w['areas']}: {entry.evaluation.subject.name}",
        id_prefix="radar",
        estimated_label=w["estimated"],
    )
    return f'<div class="charts"><figure>{bars}</figure><figure>{radar}</figure></div>'


def _profile(entry: Entry, name: str, kind: Any) -> _charts.Profile:
    return _charts.Profile(
        name=name,
        values=tuple(f.points for f in entry.areas),
        kind=kind,
        estimated=tuple(f.estimated for f in entry.areas),
    )


@frozen
class _Row:
    """One line of the areas table: this evaluation's figure and what it is compared with."""

    label: str
    figure: Figure
    before: Figure | None
    change: Change | None
    reference: Figure | None


def _comparison(report: Report, lang: str) -> tuple[list[str], list[_Row]]:
    """The header and the rows (each area, then the total) of the areas table."""
    w = words(lang)
    entry, prev, ref = report.current, report.previous, report.reference
    head = [w["area"], str(entry.date)]
    if prev is not None:
        head += [f"{w['previous']} {prev.date}", w["change"], w["verdict"]]
    if ref is not None:
        head += [w["reference"], w["difference"]]
    labels = [f"{a.area.id} {_area_name(a, lang)}" for a in entry.result.areas] + [w["total"]]
    mine = [*entry.areas, entry.total]
    nothing: list[None] = [None] * len(mine)
    before = [*prev.areas, prev.total] if prev is not None else nothing
    changes = [*report.area_changes(), report.total_change]
    others = [*ref.areas, ref.total] if ref is not None else nothing
    rows = [_Row(*parts) for parts in zip(labels, mine, before, changes, others, strict=True)]
    return head, rows


def _comparison_html(report: Report, lang: str) -> list[str]:
    w = words(lang)
    head, rows = _comparison(report, lang)
    lines = []
    for n, row in enumerate(rows):
        first = row.label
        cells = f"<th>{escape(first)}</th>" if n == len(rows) - 1 else _cell(first)
        cells += _figure_cell(row.figure)
        if row.before is not None:
            cells += _figure_cell(row.before) + _change_cells(row.change, w)
        if row.reference is not None:
            cells += _figure_cell(row.reference)
            cells += _cell(_difference(row.figure, row.reference), "num")
        lines.append(f"<tr>{cells}</tr>")
    verdict = w["verdict"]
    classes = [("" if i == 0 or text == verdict else "num") for i, text in enumerate(head)]
    prev = report.previous
    title = w["areas"] if prev is None else f"{w['areas']}: {w['previous'].lower()} {prev.date}"
    parts = [f"<h2>{escape(title)}</h2>", _html_table(list(zip(head, classes, strict=True)), lines)]
    if report.profile is not None:
        note = f"{w['reference']}: {_profile_label(report.profile, lang)}"
        parts.append(f'<p class="notes">{escape(note)}</p>')
    return parts


def _profile_label(profile: ReferenceProfile, lang: str) -> str:
    return f"{profile.name.get(lang)} ({profile.id})"


def _difference(f: Figure, ref: Figure) -> str:
    return signed(None if f.points is None or ref.points is None else f.points - ref.points)


def _area_html(area: AreaResult, f: Figure, entry: Entry, lang: str) -> str:
    w = words(lang)
    top = f"{figure_text(f)} {w['of']} {plain(area.max)}"
    parts = [f"<h3>{escape(area.area.id)} {escape(_area_name(area, lang))} — {escape(top)}</h3>"]
    if area.questions and any(q.points is not None for q in area.questions):
        head = [(w["question"], ""), ("", "")]
        head += [(w["points"], "num"), (w["max"], "num"), ("%", "num")]
        rows = []
        for q in area.questions:
            points, percent, estimated = _question_shown(q)
            cls = "num estimated" if estimated else "num"
            star = "*" if estimated else ""
            rows.append(
                "<tr>"
                + _cell(q.question.id)
                + _cell(q.question.text.get(lang))
                + _cell(points + star, cls)
                + _cell(plain(q.max), "num")
                + _cell(percent + star, cls)
                + "</tr>"
            )
        parts.append(_html_table(head, rows))
    lists = _findings_lists(entry.evaluation.findings_for(area.area.id), w)
    if lists:
        blocks = "".join(
            f"<div><h4>{escape(title)}</h4>{_list(items)}</div>" for title, items in lists
        )
        parts.append(f'<div class="lists">{blocks}</div>')
    return '<section class="area">' + "".join(parts) + "</section>"


# -- markdown and text --------------------------------------------------------------


def report_text(report: Report, lang: str = "sv", *, markdown: bool = False) -> str:
    """One evaluation as markdown (``markdown=True``) or plain text."""
    w = words(lang)
    text = _md_escape if markdown else str
    entry = report.current
    lines = [_heading(entry.evaluation.subject.name, 1, markdown)]
    lines.append(text(f"{w['evaluated']} {entry.evaluation.date} · {report.rubric.name.get(lang)}"))
    lines += ["", _total_title(entry, lang), ""]
    lines += [_heading(w["areas"], 2, markdown), _grid(_comparison_rows(report, lang), markdown)]
    if report.profile is not None:
        lines += ["", text(f"{w['reference']}: {_profile_label(report.profile, lang)}")]
    for area, f in zip(entry.result.areas, entry.areas, strict=True):
        top = f"{figure_text(f)} {w['of']} {plain(area.max)}"
        lines += ["", _heading(f"{area.area.id} {_area_name(area, lang)} — {top}", 3, markdown)]
        if any(q.points is not None for q in area.questions):
            rows = [[w["question"], "", w["points"], w["max"], "%"]]
            for q in area.questions:
                points, percent, estimated = _question_shown(q)
                star = "*" if estimated else ""
                wording = q.question.text.get(lang)
                rows.append([q.question.id, wording, points + star, plain(q.max), percent + star])
            lines.append(_grid(rows, markdown, "<<>>>"))
        for title, items in _findings_lists(entry.evaluation.findings_for(area.area.id), w):
            lines += ["", f"**{title}**" if markdown else f"{title}:"]
            lines += [f"- {text(item)}" for item in items]
    notes = _estimated_notes(entry, w)
    if notes or any(f.estimated for f in (entry.total, *entry.areas)):
        lines += ["", _heading(w["estimated values"], 2, markdown), text(w["estimated legend"])]
        lines += [f"- {text(n)}" for n in notes]
    if report.warnings:
        lines += ["", _heading(w["warnings"], 2, markdown)]
        lines += [f"- {text(str(p))}" for p in report.warnings]
    return "\n".join(lines).rstrip() + "\n"


def _heading(text: str, level: int, markdown: bool) -> str:
    """A heading and the blank line after it."""
    if markdown:
        return f"{'#' * level} {_md_escape(text)}\n"
    rule = "=" if level == 1 else "-" if level == 2 else ""
    return f"{text}\n{rule * len(text)}\n" if rule else f"{text}\n"


def _md_escape(text: str) -> str:
    """Markdown and HTML markup in input texts shown as text, never interpreted."""
    out = escape(text, quote=False)
    for char in "\\`*_[]#|":
        out = out.replace(char, "\\" + char)
    return out


def _grid(rows: list[list[str]], markdown: bool, align: str = "") -> str:
    align = align or "<" + ">" * (len(rows[0]) - 1)
    if not markdown:
        return table(rows, align)
    out = ["| " + " | ".join(_md_escape(c) for c in rows[0]) + " |"]
    out.append("|" + "|".join("---:" if a == ">" else "---" for a in align) + "|")
    out += ["| " + " | ".join(_md_escape(c) for c in row) + " |" for row in rows[1:]]
    return "\n".join(out)


def _comparison_rows(report: Report, lang: str) -> list[list[str]]:
    w = words(lang)
    head, rows = _comparison(report, lang)
    table_rows = [head]
    for row in rows:
        cells = [row.label, figure_text(row.figure)]
        if row.before is not None and row.change is not None:
            cells += [figure_text(row.before), signed(row.change.points), w[row.change.direction]]
        if row.reference is not None:
            cells += [figure_text(row.reference), _difference(row.figure, row.reference)]
        table_rows.append(cells)
    return table_rows


# -- the trend as HTML --------------------------------------------------------------


def trend_html(t: Trend, lang: str = "sv") -> str:
    """A trend (one or many subjects) as a self-contained HTML page."""
    w = words(lang)
    title = f"{w['trend on']} {t.rubric.name.get(lang)}"
    body = [f"<h1>{escape(title)}</h1>"]
    if t.profile is not None:
        reference = f"{w['reference']}: {t.profile.name.get(lang)}"
        body.append(f'<p class="meta">{escape(reference)}</p>')
    if len(t.series) > 1:
        body += [f"<h2>{escape(w['latest'])}</h2>", _latest_html(t, lang)]
    for n, series in enumerate(t.series):
        body.append(_series_html(t, series, n, lang))
    entries = [e for s in t.series for e in s.entries]
    if any(f.estimated for e in entries for f in (e.total, *e.areas)):
        body.append(f'<p class="notes">{escape(w["estimated legend"])}</p>')
    body.append(_footer(t.rubric, lang))
    return _page(title, body, lang)


def _latest_html(t: Trend, lang: str) -> str:
    w = words(lang)
    head = [(w["subject"], ""), (w["date"], ""), (w["rubric"], ""), (w["total"], "num")]
    head += [(w["range"], "num"), (w["change"], "num"), (w["verdict"], "")]
    rows = []
    for s in t.series:
        e = s.latest
        cells = _cell(s.subject.name) + _cell(str(e.date), "date") + _cell(_short(e, lang))
        cells += _figure_cell(e.total) + _cell(range_text(e.total.lower, e.total.upper), "num")
        cells += _change_cells(e.total_change, w)
        rows.append(f"<tr>{cells}</tr>")
    return _html_table(head, rows, "compact")


def _short(entry: Entry, lang: str) -> str:
    """The rubric an entry was evaluated on, by its short name (KK 2010)."""
    rubric = entry.own.rubric
    return rubric.short_name.get(lang) if rubric.short_name is not None else rubric.id


def _points(entry: Entry, f: Figure) -> _charts.Point:
    return _charts.Point(
        when=entry.when,
        label=str(entry.date),
        value=f.points,
        lower=f.lower,
        upper=f.upper,
        estimated=f.estimated,
        rubric=entry.source_rubric,
    )


def _series_html(t: Trend, series: Series, n: int, lang: str) -> str:
    w = words(lang)
    subject = series.subject.name + (f" ({series.subject.code})" if series.subject.code else "")
    lines = [_charts.Line(subject, tuple(_points(e, e.total) for e in series.entries))]
    if t.reference is not None and t.profile is not None:
        ref = t.reference
        lines.append(
            _charts.Line(t.profile.name.get(lang), (_points(ref, ref.total),), kind="reference")
        )
    # A scale without a published maximum is drawn up to its highest value.
    uppers = [p.upper for line in lines for p in line.points]
    total = t.rubric.max if t.rubric.max is not None else max([*uppers, Decimal(1)])
    chart = _charts.line_chart(
        lines,
        title=f"{w['total']}: {subject}",
        max=total,
        id_prefix=f"trend{n}",
        revision_label=w["revision"],
        estimated_label=w["estimated"],
        range_label=w["range band"],
    )
    parts = [f"<h2>{escape(subject)}</h2>", f"<figure>{chart}</figure>"]
    parts.append(_entries_html(series, t.rubric, lang))
    if t.rubric.areas:
        panels = [
            (
                f"{a.id} {a.name.get(lang)}",
                [_points(e, e.areas[i]) for e in series.entries],
                a.max,
            )
            for i, a in enumerate(t.rubric.areas)
        ]
        multiples = _charts.small_multiples(
            panels,
            id_prefix=f"areas{n}",
            revision_label=w["revision"],
            estimated_label=w["estimated"],
        )
        parts += [f"<h3>{escape(w['areas'])}</h3>", f"<figure>{multiples}</figure>"]
    notes = [f"{e.date}: {note}" for e in series.entries for note in _estimated_notes(e, w)]
    notes += [f"{e.date}: {p}" for e in series.entries for p in e.warnings]
    if notes:
        parts.append(f"<h3>{escape(w['notes'])}</h3>")
        parts.append(_list(notes, "notes"))
    return '<section class="series">' + "".join(parts) + "</section>"


def _entries_html(series: Series, rubric: Rubric, lang: str) -> str:
    w = words(lang)
    head = [(w["date"], ""), (w["rubric"], ""), (w["total"], "num"), (w["range"], "num")]
    head += [(w["change"], "num"), (w["verdict"], "")]
    head += [(a.id, "num") for a in rubric.areas]
    rows = []
    for e in series.entries:
        cells = _cell(str(e.date), "date") + _cell(_short(e, lang)) + _figure_cell(e.total)
        cells += _cell(range_text(e.total.lower, e.total.upper), "num")
        cells += _change_cells(e.total_change, w)
        cells += "".join(_figure_cell(f) for f in e.areas)
        rows.append(f"<tr>{cells}</tr>")
    return _html_table(head, rows, "compact")
