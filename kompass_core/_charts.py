"""Charts for the HTML reports, as self-contained inline SVG strings.

The reports are read on screen and printed on A4 (portrait, about 180 mm of
content width), often in greyscale.  So every chart is plain SVG markup (no
script, no external fonts or images), scales to the width of the page, and
never tells estimated from exact values or one series from another by colour
alone: estimated values are hatched or hollow, reference series dashed or
dotted.

Inputs are exact decimals; they become floats only for drawing coordinates.
Every number written in a chart is rounded half up, as the published reports
round.  Every text comes from user files and is escaped.
"""

from __future__ import annotations

import html
import math
import re
import textwrap
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from itertools import pairwise
from typing import Literal

from attrs import frozen

from kompass_core._numbers import plain, round_half_up

SVG_NS = "http://www.w3.org/2000/svg"
FONT = "system-ui, sans-serif"
ACCENT = "#1f5f8b"
ACCENT_LIGHT = "#cfdfec"
GREY = "#6b6b6b"
GRID = "#dddddd"
INK = "#222222"
MUTED = "#555555"
# Further main series of a line chart (rare: usually one main and a reference).
PALETTE = (ACCENT, "#b5541c", "#2e7d32", "#6a3d9a")

# viewBox units: 4 per millimetre of the 180 mm an A4 portrait page leaves for
# content, so a font size of 11 prints at about 8 pt.
WIDTH = 720.0
# Average glyph width as a share of the font size.  Generous, since the real
# font is whatever system-ui is on the reader's machine; texts are shortened
# by this estimate so that they do not collide.
CHAR = 0.6

_ID = re.compile(r"[A-Za-z0-9_-]+")
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_STEPS = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))

Attr = str | float | None
Swatch = Callable[[float, float], str]


@frozen
class Bar:
    """One bar of a bar chart: an area's points, the range they lie in, its maximum."""

    label: str
    title: str
    value: Decimal | None
    lower: Decimal
    upper: Decimal
    max: Decimal
    estimated: bool = False


@frozen
class Profile:
    """One polygon of a radar chart: points per axis."""

    name: str
    values: tuple[Decimal | None, ...]
    kind: Literal["main", "reference", "previous"] = "main"
    estimated: tuple[bool, ...] = ()


@frozen
class Point:
    """One measurement of a line chart, at a decimal year."""

    when: float
    label: str
    value: Decimal | None
    lower: Decimal
    upper: Decimal
    estimated: bool = False
    rubric: str = ""


@frozen
class Line:
    """A named series of points."""

    name: str
    points: tuple[Point, ...]
    kind: Literal["main", "reference"] = "main"


# ---------------------------------------------------------------- markup


def _f(number: float) -> str:
    """A coordinate with at most two decimals."""
    if not math.isfinite(number):
        raise ValueError(f"chart coordinate: expected a finite number, got {number}")
    text = f"{number:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _esc(text: str) -> str:
    # Characters XML 1.0 forbids (control characters a user file may still
    # contain) would make the whole SVG unparseable; they carry no meaning here.
    return html.escape(_XML_INVALID.sub("", text), quote=True)


def _tag(name: str, attrs: Mapping[str, Attr], *children: str) -> str:
    """An element; attribute values are formatted or escaped, children are markup."""
    parts = [name]
    for key, value in attrs.items():
        if value is not None:
            text = _esc(value) if isinstance(value, str) else _f(value)
            parts.append(f'{key}="{text}"')
    head = " ".join(parts)
    content = "".join(children)
    return f"<{head}>{content}</{name}>" if content else f"<{head}/>"


def _ends(x1: float, y1: float, x2: float, y2: float) -> dict[str, Attr]:
    """The attributes of a line from (x1, y1) to (x2, y2)."""
    return {"x1": x1, "y1": y1, "x2": x2, "y2": y2}


def _title(text: str) -> str:
    return f"<title>{_esc(text)}</title>"


def _text(
    x: float,
    y: float,
    text: str,
    *,
    size: float,
    anchor: str = "start",
    cls: str | None = None,
    bold: bool = False,
    fill: str = INK,
    tooltip: str = "",
) -> str:
    # A white outline under the glyphs keeps labels readable over lines and bands.
    attrs: dict[str, Attr] = {"x": x, "y": y, "font-size": size, "text-anchor": anchor}
    attrs |= {"class": cls, "font-weight": "bold" if bold else None, "fill": fill}
    attrs |= {"stroke": "#fff", "stroke-width": 3, "paint-order": "stroke"}
    return _tag("text", attrs, _title(tooltip) if tooltip else "", _esc(text))


def _width(text: str, size: float) -> float:
    return len(text) * size * CHAR


def _fit(text: str, width: float, size: float) -> str:
    """``text``, shortened with an ellipsis to fit ``width``."""
    room = max(int(width / (size * CHAR)), 1)
    return text if len(text) <= room else text[: room - 1].rstrip() + "…"


def _wrap(text: str, width: float, size: float, lines: int = 2) -> list[str]:
    room = max(int(width / (size * CHAR)), 2)
    wrapped = textwrap.wrap(text, room, max_lines=lines, placeholder="…")
    return wrapped or [""]


def _svg(
    kind: str, width: float, height: float, *, title: str, id_prefix: str, body: str, defs: str = ""
) -> str:
    title_id = f"{id_prefix}-title"
    attrs: dict[str, Attr] = {
        "xmlns": SVG_NS,
        "class": f"kompass-chart {kind}",
        "viewBox": f"0 0 {_f(width)} {_f(height)}",
        "width": width,
        "height": height,
        "role": "img",
        "aria-labelledby": title_id,
        "font-family": FONT,
        "style": "max-width:100%;height:auto",
    }
    heading = _tag("title", {"id": title_id}, _esc(title))
    return _tag("svg", attrs, heading, _tag("defs", {}, defs) if defs else "", body)


def _hatch(id_prefix: str) -> str:
    """The pattern for estimated values: light, with dark diagonal lines that survive greyscale."""
    return _tag(
        "pattern",
        {
            "id": f"{id_prefix}-hatch",
            "width": 6,
            "height": 6,
            "patternUnits": "userSpaceOnUse",
            "patternTransform": "rotate(45)",
        },
        _tag("rect", {"width": 6, "height": 6, "fill": ACCENT_LIGHT}),
        _tag("line", {"x1": 0, "y1": 0, "x2": 0, "y2": 6, "stroke": ACCENT, "stroke-width": 2.5}),
    )


def _check_prefix(id_prefix: str) -> None:
    if not _ID.fullmatch(id_prefix):
        raise ValueError(f"id_prefix: expected letters, digits, '_' or '-', got {id_prefix!r}")


def _check_max(what: str, maximum: Decimal) -> None:
    if not maximum > 0:
        raise ValueError(f"{what}: expected a max > 0, got {maximum}")


def _check_range(
    what: str, value: Decimal | None, lower: Decimal, upper: Decimal, maximum: Decimal
) -> None:
    inside = value is None or lower <= value <= upper
    if not (inside and 0 <= lower <= upper <= maximum):
        raise ValueError(
            f"{what}: expected 0 <= lower <= value <= upper <= max, got lower={lower}, "
            f"value={value}, upper={upper}, max={maximum}"
        )


# ---------------------------------------------------------------- numbers


def _places(maximum: Decimal) -> int:
    """Decimals to show: none on a scale of 10 or more, enough for a small one."""
    return max(0, 1 - maximum.adjusted())


def _shown(value: Decimal, places: int) -> str:
    return plain(round_half_up(value, places))


def _shown_range(lower: Decimal, upper: Decimal, places: int) -> str:
    low, high = _shown(lower, places), _shown(upper, places)
    return low if low == high else f"{low}–{high}"


def _ticks(maximum: Decimal) -> list[Decimal]:
    """0, multiples of a round step, and the maximum itself, no two labels too close."""
    raw = maximum / 5
    base = Decimal(1).scaleb(raw.adjusted())
    step = next(base * m for m in _STEPS if base * m >= raw)
    limit = maximum - step * Decimal("0.4")
    multiples = [step * k for k in range(1, int(maximum / step) + 1)]
    return [Decimal(0), *(tick for tick in multiples if tick < limit), maximum]


# ---------------------------------------------------------------- shared parts


@frozen
class _Frame:
    """The plotting area, in viewBox units, with 0 at its bottom and ``maximum`` at its top."""

    left: float
    top: float
    width: float
    height: float
    maximum: Decimal

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height

    def y(self, value: Decimal) -> float:
        return self.bottom - float(value / self.maximum) * self.height


def _axis_margin(ticks: Sequence[Decimal], size: float) -> float:
    return 10 + max(_width(plain(tick), size) for tick in ticks)


def _y_axis(frame: _Frame, ticks: Sequence[Decimal], size: float) -> str:
    parts = []
    for tick in ticks:
        y = frame.y(tick)
        colour = INK if tick == 0 else GRID
        line = _ends(frame.left, y, frame.right, y)
        parts.append(_tag("line", {"class": "grid", **line, "stroke": colour}))
        label = plain(tick)
        parts.append(_text(frame.left - 5, y + size * 0.35, label, size=size, anchor="end"))
    return "".join(parts)


def _heading(text: str, *, x: float, y: float, width: float, size: float, lines: int = 1) -> str:
    # Bold glyphs are wider: fit as if the font were a tenth larger.
    rows = _wrap(text, width, size * 1.1, lines)
    spans = [
        _tag("tspan", {"x": x, "y": y + index * size * 1.2}, _esc(row))
        for index, row in enumerate(rows)
    ]
    attrs: dict[str, Attr] = {"font-size": size, "font-weight": "bold", "fill": INK}
    return _tag("text", {"class": "heading", **attrs}, _title(text), *spans)


def _legend(
    items: Sequence[tuple[Swatch, str]], *, x: float, y: float, width: float, size: float
) -> tuple[str, float]:
    """Entries in rows below ``y``, wrapping at ``width``: the markup and the height used."""
    parts, left, row, row_height = [], x, 0, size * 1.6
    for swatch, label in items:
        text = _fit(label, width - 26, size)
        advance = 26 + _width(text, size) + 16
        if left > x and left + advance > x + width:
            left, row = x, row + 1
        middle = y + (row + 0.5) * row_height
        label_markup = _text(left + 24, middle + size * 0.35, text, size=size, tooltip=label)
        parts.append(_tag("g", {"class": "legend-item"}, swatch(left, middle), label_markup))
        left += advance
    return "".join(parts), (row + 1) * row_height if items else 0.0


def _interval(x: float, low: float, high: float, cap: float, cls: str) -> str:
    """A vertical error bar with caps, outlined in white so it shows on a dark bar."""
    d = (
        f"M{_f(x - cap)} {_f(low)}H{_f(x + cap)}M{_f(x)} {_f(low)}V{_f(high)}"
        f"M{_f(x - cap)} {_f(high)}H{_f(x + cap)}"
    )
    halo = _tag("path", {"d": d, "fill": "none", "stroke": "#fff", "stroke-width": 4})
    ink = _tag("path", {"d": d, "fill": "none", "stroke": INK, "stroke-width": 1.5})
    return _tag("g", {"class": cls}, halo, ink)


def _line_swatch(colour: str, dash: str | None = None, width: float = 2) -> Swatch:
    def draw(x: float, y: float) -> str:
        attrs = {**_ends(x, y, x + 18, y), "stroke": colour, "stroke-width": width}
        return _tag("line", {**attrs, "stroke-dasharray": dash, "stroke-linecap": "round"})

    return draw


def _rect_swatch(fill: str, stroke: str, opacity: float = 1) -> Swatch:
    def draw(x: float, y: float) -> str:
        attrs: dict[str, Attr] = {"x": x, "y": y - 6, "width": 18, "height": 12, "fill": fill}
        return _tag("rect", {**attrs, "stroke": stroke, "fill-opacity": opacity})

    return draw


def _hollow_swatch(x: float, y: float) -> str:
    return _tag("circle", {"cx": x + 9, "cy": y, "r": 4, **_HOLLOW})


def _revision_swatch(x: float, y: float) -> str:
    attrs = {**_ends(x + 9, y - 7, x + 9, y + 7), "stroke": MUTED, "stroke-dasharray": "4 3"}
    return _tag("line", {**attrs, "stroke-width": 1.5})


_HOLLOW: dict[str, Attr] = {"fill": "#fff", "stroke": ACCENT, "stroke-width": 1.8}


# ---------------------------------------------------------------- bar chart


def bar_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    id_prefix: str,
    reference: Sequence[Decimal | None] | None = None,
    reference_label: str = "",
    estimated_label: str = "",
) -> str:
    """Vertical bars, one per area, with ranges, optional reference marks and the rounded values.

    The y axis runs from 0 to the largest bar's max.  A bar whose value is not
    known (None) has no filled bar, only its range and the range written above
    it.  Legend entries whose label is empty are left out.  A key below the
    chart names each label's full title when they differ.
    """
    _check_prefix(id_prefix)
    refs = _bar_references(bars, reference)
    maximum = max(bar.max for bar in bars)
    legend, legend_height = _legend(
        _bar_legend_items(bars, refs, reference_label, estimated_label, id_prefix),
        x=8,
        y=34,
        width=WIDTH - 16,
        size=12,
    )
    ticks = _ticks(maximum)
    left = _axis_margin(ticks, 11)
    frame = _Frame(left, 58 + legend_height, WIDTH - left - 12, 220, maximum)
    slot = frame.width / len(bars)
    places = _places(maximum)
    parts = [_heading(title, x=8, y=24, width=WIDTH - 16, size=15), legend]
    parts.append(_y_axis(frame, ticks, 11))
    for index, (bar, ref) in enumerate(zip(bars, refs, strict=True)):
        centre = frame.left + slot * (index + 0.5)
        parts.append(_bar_slot(bar, ref, frame, centre, slot, places, id_prefix))
    key, key_height = _bar_key(bars, x=frame.left, y=frame.bottom + 42, width=frame.width)
    height = frame.bottom + 30 + key_height
    body = "".join([*parts, key])
    return _svg(
        "kompass-bar-chart",
        WIDTH,
        height,
        title=title,
        id_prefix=id_prefix,
        body=body,
        defs=_hatch(id_prefix),
    )


def _bar_references(
    bars: Sequence[Bar], reference: Sequence[Decimal | None] | None
) -> list[Decimal | None]:
    if not bars:
        raise ValueError("bar_chart: expected at least one bar, got none")
    refs: list[Decimal | None] = [None] * len(bars) if reference is None else list(reference)
    if len(refs) != len(bars):
        raise ValueError(f"bar_chart reference: expected {len(bars)} values, got {len(refs)}")
    for bar, ref in zip(bars, refs, strict=True):
        _check_max(f"bar {bar.label!r}", bar.max)
        _check_range(f"bar {bar.label!r}", bar.value, bar.lower, bar.upper, bar.max)
        if ref is not None:
            _check_range(f"bar {bar.label!r} reference", ref, ref, ref, bar.max)
    return refs


def _bar_legend_items(
    bars: Sequence[Bar],
    refs: Sequence[Decimal | None],
    reference_label: str,
    estimated_label: str,
    id_prefix: str,
) -> list[tuple[Swatch, str]]:
    items: list[tuple[Swatch, str]] = []
    if reference_label and any(ref is not None for ref in refs):
        items.append((_line_swatch(MUTED, width=3), reference_label))
    if estimated_label and any(bar.estimated for bar in bars):
        items.append((_rect_swatch(f"url(#{id_prefix}-hatch)", ACCENT), estimated_label))
    return items


def _bar_slot(
    bar: Bar,
    ref: Decimal | None,
    frame: _Frame,
    centre: float,
    slot: float,
    places: int,
    id_prefix: str,
) -> str:
    half = min(slot * 0.28, 28)
    parts = [_title(_bar_tooltip(bar, places))]
    if bar.value is not None:
        parts.append(_bar_rect(bar, bar.value, frame, centre, half, id_prefix))
    if bar.lower != bar.upper:
        low, high = frame.y(bar.lower), frame.y(bar.upper)
        parts.append(_interval(centre, low, high, min(half * 0.5, 7), "range"))
    if ref is not None:
        parts.append(_reference_mark(frame.y(ref), centre, half + 5))
    top = max(bar.upper, ref if ref is not None else bar.upper)
    parts.append(_bar_value(bar, frame.y(top) - 7, centre, places))
    label = _fit(bar.label, slot - 12, 12)
    parts.append(_text(centre, frame.bottom + 17, label, size=12, anchor="middle", cls="label"))
    return _tag("g", {"class": "area"}, *parts)


def _bar_tooltip(bar: Bar, places: int) -> str:
    shown = _shown_range(bar.lower, bar.upper, places)
    if bar.value is None:
        return f"{bar.title}: ({shown})"
    value = _shown(bar.value, places)
    return f"{bar.title}: {value}" if value == shown else f"{bar.title}: {value} ({shown})"


def _bar_rect(
    bar: Bar, value: Decimal, frame: _Frame, centre: float, half: float, id_prefix: str
) -> str:
    top = frame.y(value)
    attrs: dict[str, Attr] = {
        "class": "bar estimated" if bar.estimated else "bar",
        "x": centre - half,
        "y": top,
        "width": 2 * half,
        "height": frame.bottom - top,
    }
    if bar.estimated:
        return _tag("rect", {**attrs, "fill": f"url(#{id_prefix}-hatch)", "stroke": ACCENT})
    return _tag("rect", {**attrs, "fill": ACCENT})


def _reference_mark(y: float, centre: float, half: float) -> str:
    # Wider than the bar and outlined in white, so it shows on a bar of any shade.
    line = _ends(centre - half, y, centre + half, y)
    halo = _tag("line", {**line, "stroke": "#fff", "stroke-width": 6})
    ink = _tag("line", {**line, "stroke": MUTED, "stroke-width": 3})
    return _tag("g", {"class": "reference"}, halo, ink)


def _bar_value(bar: Bar, y: float, centre: float, places: int) -> str:
    if bar.value is None:
        text = _shown_range(bar.lower, bar.upper, places)
        return _text(centre, y, text, size=11, anchor="middle", cls="value unknown", fill=MUTED)
    text = _shown(bar.value, places)
    return _text(centre, y, text, size=12, anchor="middle", cls="value", bold=True)


def _bar_key(bars: Sequence[Bar], *, x: float, y: float, width: float) -> tuple[str, float]:
    """Label and full title of each bar, in columns, when a title says more than its label."""
    if all(bar.title in ("", bar.label) for bar in bars):
        return "", 0.0
    columns = 2 if len(bars) > 3 else 1
    rows = math.ceil(len(bars) / columns)
    column_width = width / columns
    parts = []
    for index, bar in enumerate(bars):
        left = x + (index // rows) * column_width
        baseline = y + (index % rows) * 17
        label = _fit(bar.label, 40, 11)
        parts.append(_text(left, baseline, label, size=11, bold=True))
        room = column_width - 12 - _width(label, 11)
        name = _fit(bar.title, room, 11)
        left += _width(label, 11) + 6
        parts.append(_text(left, baseline, name, size=11, cls="key", tooltip=bar.title))
    return _tag("g", {"class": "key"}, *parts), rows * 17 + 8


# ---------------------------------------------------------------- radar chart

_RADIUS = 150.0
_LABEL_GAP = 14.0
_LABEL_SIZE = 12.0
_LINE_HEIGHT = 14.0
_PROFILE_STYLE: dict[str, dict[str, Attr]] = {
    "main": {"stroke": ACCENT, "fill": ACCENT, "fill-opacity": 0.16, "stroke-width": 2.2},
    "reference": {"stroke": GREY, "fill": "none", "stroke-dasharray": "7 4", "stroke-width": 2},
    "previous": {
        "stroke": ACCENT,
        "fill": "none",
        "stroke-dasharray": "0.1 4",
        "stroke-linecap": "round",
        "stroke-width": 2.4,
    },
}
_DRAW_ORDER = {"reference": 0, "previous": 1, "main": 2}


@frozen
class _Radar:
    """Centre, radius and spoke directions; spoke 0 points up, the rest clockwise."""

    cx: float
    cy: float
    radius: float
    count: int

    def unit(self, index: int) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / self.count
        return math.cos(angle), math.sin(angle)

    def at(self, index: int, fraction: float) -> tuple[float, float]:
        ux, uy = self.unit(index)
        return self.cx + ux * fraction * self.radius, self.cy + uy * fraction * self.radius


def radar_chart(
    axes: Sequence[str],
    maxima: Sequence[Decimal],
    profiles: Sequence[Profile],
    *,
    title: str,
    id_prefix: str,
    estimated_label: str = "",
    unknown_label: str = "?",
) -> str:
    """A spider chart: one spoke per axis, scaled to that axis's max, one polygon per profile.

    A value that is not known (None) is left out, never drawn at the centre:
    a profile with all values known is a closed ``<polygon>``; one with gaps is
    an open, unfilled ``<path>`` that joins only neighbouring known vertices,
    so no line passes over an unknown axis.  That axis's label gets
    ``unknown_label`` appended, and its tooltip names the profiles without a
    value.  Estimated vertices are hollow markers.
    """
    _check_prefix(id_prefix)
    _check_radar(axes, maxima, profiles)
    radar = _Radar(WIDTH / 2, 42 + 2 * _LINE_HEIGHT + _LABEL_GAP + _RADIUS, _RADIUS, len(axes))
    parts = [_heading(title, x=8, y=24, width=WIDTH - 16, size=15), _radar_grid(radar, maxima)]
    for profile in sorted(profiles, key=lambda p: _DRAW_ORDER[p.kind]):
        parts.append(_profile_shape(profile, radar, maxima))
        parts.append(_profile_vertices(profile, radar, axes, maxima, estimated_label))
    parts += [_axis_label(radar, i, axis, profiles, unknown_label) for i, axis in enumerate(axes)]
    legend_top = radar.cy + _RADIUS + _LABEL_GAP + 2 * _LINE_HEIGHT + 14
    legend, legend_height = _legend(
        _radar_legend_items(profiles, estimated_label), x=8, y=legend_top, width=WIDTH - 16, size=12
    )
    height = legend_top + legend_height + 6
    body = "".join([*parts, legend])
    return _svg("kompass-radar-chart", WIDTH, height, title=title, id_prefix=id_prefix, body=body)


def _check_radar(
    axes: Sequence[str], maxima: Sequence[Decimal], profiles: Sequence[Profile]
) -> None:
    if not axes:
        raise ValueError("radar_chart: expected at least one axis, got none")
    if len(maxima) != len(axes):
        raise ValueError(f"radar_chart maxima: expected {len(axes)} values, got {len(maxima)}")
    for axis, maximum in zip(axes, maxima, strict=True):
        _check_max(f"radar axis {axis!r}", maximum)
    for profile in profiles:
        what = f"radar profile {profile.name!r}"
        if len(profile.values) != len(axes):
            raise ValueError(f"{what}: expected {len(axes)} values, got {len(profile.values)}")
        if profile.estimated and len(profile.estimated) != len(axes):
            raise ValueError(
                f"{what} estimated: expected {len(axes)} flags or none, "
                f"got {len(profile.estimated)}"
            )
        for axis, value, maximum in zip(axes, profile.values, maxima, strict=True):
            if value is not None:
                _check_range(f"{what} axis {axis!r}", value, value, value, maximum)


def _radar_grid(radar: _Radar, maxima: Sequence[Decimal]) -> str:
    parts = []
    for index in range(radar.count):
        x, y = radar.at(index, 1)
        spoke = _ends(radar.cx, radar.cy, x, y)
        parts.append(_tag("line", {"class": "spoke", **spoke, "stroke": GRID}))
    same = all(maximum == maxima[0] for maximum in maxima)
    for quarter in (1, 2, 3, 4):
        fraction = quarter / 4
        parts.append(_ring(radar, fraction))
        # Rings are shares of each axis's own max; name them in points only when all maxima agree.
        label = _shown(maxima[0] * quarter / 4, _places(maxima[0])) if same else f"{quarter * 25} %"
        y = radar.cy - fraction * radar.radius + 11
        parts.append(_text(radar.cx + 4, y, label, size=9, cls="ring-label", fill=MUTED))
    return _tag("g", {"class": "grid"}, *parts)


def _ring(radar: _Radar, fraction: float) -> str:
    style: dict[str, Attr] = {"fill": "none", "stroke": GRID, "class": "ring"}
    if radar.count < 3:
        # One or two spokes make no polygon; a circle still shows the scale.
        circle: dict[str, Attr] = {"cx": radar.cx, "cy": radar.cy, "r": fraction * radar.radius}
        return _tag("circle", {**circle, **style})
    points = " ".join(_pair(radar.at(i, fraction)) for i in range(radar.count))
    return _tag("polygon", {"points": points, **style})


def _pair(point: tuple[float, float], separator: str = ",") -> str:
    return f"{_f(point[0])}{separator}{_f(point[1])}"


def _vertex(radar: _Radar, index: int, value: Decimal, maximum: Decimal) -> tuple[float, float]:
    return radar.at(index, float(value / maximum))


def _profile_shape(profile: Profile, radar: _Radar, maxima: Sequence[Decimal]) -> str:
    style, cls = _PROFILE_STYLE[profile.kind], f"profile {profile.kind}"
    known = {
        index: _vertex(radar, index, value, maxima[index])
        for index, value in enumerate(profile.values)
        if value is not None
    }
    if len(known) == len(profile.values):
        points = " ".join(_pair(known[index]) for index in sorted(known))
        return _tag("polygon", {"class": cls, "points": points, **style}, _title(profile.name))
    runs = [run for run in _known_runs(profile.values) if len(run) > 1]
    d = "".join("M" + "L".join(_pair(known[index], " ") for index in run) for run in runs)
    attrs: dict[str, Attr] = {**style, "class": f"{cls} partial", "d": d, "fill": "none"}
    return _tag("path", attrs, _title(profile.name))


def _known_runs(values: Sequence[Decimal | None]) -> list[list[int]]:
    """Indices of known values in runs of neighbours, going round from just after a gap.

    Called only when some value is not known.
    """
    count = len(values)
    start = next(i for i in range(count) if values[i] is None) + 1
    runs: list[list[int]] = [[]]
    for step in range(count):
        index = (start + step) % count
        if values[index] is None:
            runs.append([])
        else:
            runs[-1].append(index)
    return [run for run in runs if run]


def _profile_vertices(
    profile: Profile,
    radar: _Radar,
    axes: Sequence[str],
    maxima: Sequence[Decimal],
    estimated_label: str,
) -> str:
    colour = str(_PROFILE_STYLE[profile.kind]["stroke"])
    parts = []
    for index, value in enumerate(profile.values):
        if value is None:
            continue
        estimated = bool(profile.estimated) and profile.estimated[index]
        x, y = _vertex(radar, index, value, maxima[index])
        tooltip = f"{profile.name}, {axes[index]}: {_shown(value, _places(maxima[index]))}"
        if estimated and estimated_label:
            tooltip += f" ({estimated_label})"
        fill = "#fff" if estimated else colour
        attrs: dict[str, Attr] = {"cx": x, "cy": y, "r": 3.5, "fill": fill, "stroke": colour}
        attrs |= {"class": "vertex estimated" if estimated else "vertex", "stroke-width": 1.8}
        parts.append(_tag("circle", attrs, _title(tooltip)))
    return _tag("g", {"class": f"vertices {profile.kind}"}, *parts)


def _axis_label(
    radar: _Radar, index: int, axis: str, profiles: Sequence[Profile], unknown_label: str
) -> str:
    ux, uy = radar.unit(index)
    # Labels near the vertical axis are centred over or under the tip; the others
    # start (right half) or end (left half) at it, so they never reach into the circle.
    anchor = "middle" if abs(ux) < 0.3 else ("start" if ux > 0 else "end")
    room = _label_room(radar, anchor)
    missing = [p.name for p in profiles if p.values[index] is None]
    suffix = f" {unknown_label}" if missing and unknown_label else ""
    lines = _wrap(axis + suffix, room, _LABEL_SIZE)
    tipx = radar.cx + ux * (radar.radius + _LABEL_GAP)
    tipy = radar.cy + uy * (radar.radius + _LABEL_GAP)
    block = len(lines) * _LINE_HEIGHT
    top = tipy - block / 2 + uy * block / 2
    tooltip = axis if not missing else f"{axis}{suffix} ({', '.join(missing)})"
    spans = [
        _tag("tspan", {"x": tipx, "y": top + _LINE_HEIGHT * (row + 0.8)}, _esc(line))
        for row, line in enumerate(lines)
    ]
    attrs: dict[str, Attr] = {"font-size": _LABEL_SIZE, "text-anchor": anchor, "fill": INK}
    attrs["class"] = "axis-label unknown" if missing else "axis-label"
    return _tag("text", attrs, _title(tooltip), *spans)


def _label_room(radar: _Radar, anchor: str) -> float:
    """How wide an axis label may be without reaching the page edge or its neighbours."""
    room = WIDTH / 2 - radar.radius - _LABEL_GAP - 8
    if anchor != "middle" or radar.count < 3:
        return room
    # A centred label has neighbours this far to either side of its centre.
    neighbour = (radar.radius + _LABEL_GAP) * math.sin(2 * math.pi / radar.count)
    return min(room, 2 * neighbour - 12)


def _radar_legend_items(
    profiles: Sequence[Profile], estimated_label: str
) -> list[tuple[Swatch, str]]:
    swatches: dict[str, Swatch] = {
        "main": _rect_swatch(ACCENT, ACCENT, opacity=0.3),
        "reference": _line_swatch(GREY, "7 4"),
        "previous": _line_swatch(ACCENT, "0.1 4", width=2.4),
    }
    items = [(swatches[profile.kind], profile.name) for profile in profiles if profile.name]
    if estimated_label and any(any(profile.estimated) for profile in profiles):
        items.append((_hollow_swatch, estimated_label))
    return items


# ---------------------------------------------------------------- line chart


@frozen
class _Style:
    """Sizes of a full chart or of a compact one (small multiples)."""

    font: float
    heading: float
    heading_lines: int
    top: float
    plot_height: float
    marker: float
    pad: float


_FULL = _Style(font=11, heading=15, heading_lines=1, top=52, plot_height=220, marker=4, pad=16)
_COMPACT = _Style(font=9, heading=10, heading_lines=2, top=46, plot_height=76, marker=3, pad=8)
_COMPACT_WIDTH = WIDTH / 3


@frozen
class _Time:
    """Whole years ``lo``..``hi`` along ``left``..``right``, inset by ``pad`` at both ends."""

    lo: int
    hi: int
    left: float
    right: float
    pad: float

    def x(self, when: float) -> float:
        span = self.right - self.left - 2 * self.pad
        return self.left + self.pad + (when - self.lo) / (self.hi - self.lo) * span


@frozen
class _LineLabels:
    revision: str
    estimated: str
    range: str


def line_chart(
    lines: Sequence[Line],
    *,
    title: str,
    max: Decimal,  # the callers' name; it shadows the builtin in this function only
    id_prefix: str,
    revision_label: str = "",
    estimated_label: str = "",
    range_label: str = "",
    compact: bool = False,
) -> str:
    """Values over time on a 0..max scale, with range bands and revision breaks.

    Points are sorted by date (stable, so points of the same date keep their
    order).  Each main line gets a band through its ranges, a line through its
    known values, markers (hollow when estimated) and the rounded values; a
    point without a value shows only its range.  A dashed vertical line marks
    each change of ``rubric`` between consecutive points of a main line.  A
    reference line is dashed and grey, without band.  ``compact`` draws a small
    chart without legend and with fewer labels.
    """
    _check_prefix(id_prefix)
    labels = _LineLabels(revision_label, estimated_label, range_label)
    style = _COMPACT if compact else _FULL
    width = _COMPACT_WIDTH if compact else WIDTH
    body, height = _line_panel(
        lines, title=title, maximum=max, labels=labels, style=style, width=width
    )
    if not compact:
        legend, legend_height = _legend(
            _line_legend_items(lines, labels), x=8, y=height + 4, width=width - 16, size=12
        )
        body += legend
        height += legend_height + 10
    return _svg("kompass-line-chart", width, height, title=title, id_prefix=id_prefix, body=body)


def small_multiples(
    panels: Sequence[tuple[str, Sequence[Point], Decimal]],
    *,
    id_prefix: str,
    columns: int = 4,
    revision_label: str = "",
    estimated_label: str = "",
    range_label: str = "",
    title: str = "",
) -> str:
    """Compact line charts, one per (area title, points, area max), in a grid in one SVG.

    ``title`` is the SVG's accessible title (default: the panel titles); the
    page shows its own heading.  One legend below the grid serves all panels.
    """
    _check_prefix(id_prefix)
    if columns < 1:
        raise ValueError(f"small_multiples columns: expected at least 1, got {columns}")
    if not panels:
        raise ValueError("small_multiples: expected at least one panel, got none")
    width = WIDTH / columns
    labels = _LineLabels(revision_label, estimated_label, range_label)
    lines = [(name, Line(name, tuple(points)), maximum) for name, points, maximum in panels]
    drawn = [
        _line_panel([line], title=name, maximum=m, labels=labels, style=_COMPACT, width=width)
        for name, line, m in lines
    ]
    row_height = max(height for _, height in drawn) + 10
    groups = [
        _tag("g", {"class": "panel", "transform": _translate(i, columns, width, row_height)}, body)
        for i, (body, _) in enumerate(drawn)
    ]
    rows = math.ceil(len(panels) / columns)
    items = _line_legend_items([line for _, line, _ in lines], labels, series=False)
    legend, legend_height = _legend(items, x=8, y=rows * row_height, width=WIDTH - 16, size=12)
    height = rows * row_height + legend_height + 6
    name = title or ", ".join(name for name, _, _ in panels)
    body = "".join([*groups, legend])
    return _svg(
        "kompass-small-multiples", WIDTH, height, title=name, id_prefix=id_prefix, body=body
    )


def _translate(index: int, columns: int, width: float, height: float) -> str:
    """Where panel ``index`` goes: row by row, ``columns`` to a row."""
    x, y = index % columns * width, index // columns * height
    return f"translate({_f(x)} {_f(y)})"


def _when(point: Point) -> float:
    return point.when


def _check_lines(lines: Sequence[Line], maximum: Decimal) -> None:
    _check_max("line chart", maximum)
    if not lines:
        raise ValueError("line chart: expected at least one line, got none")
    for line in lines:
        if not line.points:
            raise ValueError(f"line {line.name!r}: expected at least one point, got none")
        for point in line.points:
            what = f"line {line.name!r} point {point.label!r}"
            if not math.isfinite(point.when):
                raise ValueError(f"{what}: expected a finite date, got {point.when}")
            _check_range(what, point.value, point.lower, point.upper, maximum)


def _line_panel(
    lines: Sequence[Line],
    *,
    title: str,
    maximum: Decimal,
    labels: _LineLabels,
    style: _Style,
    width: float,
) -> tuple[str, float]:
    """Heading, axes and series of one line chart: the markup and the height used."""
    _check_lines(lines, maximum)
    compact = style is _COMPACT
    # Always 0..max: a tighter range would exaggerate changes.
    ticks = [Decimal(0), maximum] if compact else _ticks(maximum)
    left = _axis_margin(ticks, style.font)
    right_margin = 10 if compact else 24
    frame = _Frame(left, style.top, width - left - right_margin, style.plot_height, maximum)
    time = _time_axis(lines, frame, style.pad)
    heading_x = 4 if compact else 8
    parts = [
        _heading(
            title,
            x=heading_x,
            y=style.heading + 4,
            width=width - 2 * heading_x,
            size=style.heading,
            lines=style.heading_lines,
        ),
        _y_axis(frame, ticks, style.font),
        _x_axis(time, frame, style, compact),
        _revisions(_revision_xs(lines, time), frame, style, labels.revision, compact),
    ]
    places = _places(maximum)
    references = [line for line in lines if line.kind == "reference"]
    mains = [line for line in lines if line.kind == "main"]
    parts += [_reference_series(line, time, frame, style, places) for line in references]
    for index, line in enumerate(mains):
        colour = PALETTE[index % len(PALETTE)]
        parts.append(_main_series(line, colour, time, frame, style, places, compact))
    return "".join(parts), frame.bottom + style.font + 10


def _time_axis(lines: Sequence[Line], frame: _Frame, pad: float) -> _Time:
    whens = [point.when for line in lines for point in line.points]
    lo, hi = math.floor(min(whens)), math.ceil(max(whens))
    if lo == hi:
        # A single date (or several on a whole year): a year either side keeps it in the middle.
        lo, hi = lo - 1, hi + 1
    return _Time(lo, hi, frame.left, frame.right, pad)


def _x_axis(time: _Time, frame: _Frame, style: _Style, compact: bool) -> str:
    parts = []
    for year in _years(time, style, compact):
        x = time.x(year)
        tick = _ends(x, frame.bottom, x, frame.bottom + 4)
        parts.append(_tag("line", {"class": "tick", **tick, "stroke": INK}))
        y = frame.bottom + style.font + 5
        parts.append(_text(x, y, str(year), size=style.font, anchor="middle", cls="year"))
    return "".join(parts)


def _years(time: _Time, style: _Style, compact: bool) -> list[int]:
    """The years labelled: every year, or every 2nd, 5th, 10th ... as room allows."""
    if compact:
        return [time.lo, time.hi]
    room = time.right - time.left
    label = _width("0000", style.font) + 12
    step = 1
    while ((time.hi - time.lo) // step + 1) * label > room:
        step = step * 5 // 2 if str(step)[0] == "2" else step * 2
    return list(range(time.lo, time.hi + 1, step))


def _revision_xs(lines: Sequence[Line], time: _Time) -> list[float]:
    """Where a main line's rubric changes: halfway between the two points, once per place."""
    xs = set()
    for line in lines:
        if line.kind == "main":
            for a, b in pairwise(sorted(line.points, key=_when)):
                if a.rubric != b.rubric:
                    xs.add(round((time.x(a.when) + time.x(b.when)) / 2, 2))
    return sorted(xs)


def _revisions(xs: Sequence[float], frame: _Frame, style: _Style, label: str, compact: bool) -> str:
    parts = []
    for x in xs:
        attrs = {**_ends(x, frame.top, x, frame.bottom), "stroke": MUTED, "stroke-width": 1.5}
        attrs["stroke-dasharray"] = "4 3"
        parts.append(_tag("line", {"class": "revision", **attrs}, _title(label) if label else ""))
        if label and not compact:
            parts.append(_revision_label(x, frame, style, label))
    return "".join(parts)


def _revision_label(x: float, frame: _Frame, style: _Style, label: str) -> str:
    # At the foot of the line, where values (mostly well above 0) rarely are.
    right, left = frame.right - x - 6, x - frame.left - 6
    on_right = _width(label, style.font) <= right or right >= left
    text = _fit(label, right if on_right else left, style.font)
    x = x + 4 if on_right else x - 4
    anchor = "start" if on_right else "end"
    y = frame.bottom - 6
    return _text(x, y, text, size=style.font, anchor=anchor, cls="revision-label", fill=MUTED)


def _main_series(
    line: Line,
    colour: str,
    time: _Time,
    frame: _Frame,
    style: _Style,
    places: int,
    compact: bool,
) -> str:
    points = sorted(line.points, key=_when)
    xs = [time.x(point.when) for point in points]
    parts = [
        _ranges(points, xs, frame, colour, style),
        _series_path(points, xs, frame, "series main", colour, None),
        _markers(line.name, points, xs, frame, places, "point", colour, style.marker),
        _values(points, xs, frame, style, places, compact),
    ]
    return _tag("g", {"class": "line main"}, *parts)


def _reference_series(line: Line, time: _Time, frame: _Frame, style: _Style, places: int) -> str:
    points = sorted(line.points, key=_when)
    xs = [time.x(point.when) for point in points]
    path = _series_path(points, xs, frame, "series reference", GREY, "6 4")
    radius = style.marker - 1
    markers = _markers(line.name, points, xs, frame, places, "reference-point", GREY, radius)
    return _tag("g", {"class": "line reference"}, path, markers)


def _ranges(
    points: Sequence[Point], xs: Sequence[float], frame: _Frame, colour: str, style: _Style
) -> str:
    """A band through the ranges; error bars where a band cannot show them.

    A band needs two dates; a point without a value gets its own bar as well,
    since it has nothing else to show.
    """
    ranged = [point.lower != point.upper for point in points]
    band = len(set(xs)) > 1 and any(ranged)
    parts = []
    if band:
        pairs = list(zip(points, xs, strict=True))
        upper = [_pair((x, frame.y(point.upper))) for point, x in pairs]
        lower = [_pair((x, frame.y(point.lower))) for point, x in reversed(pairs)]
        band_points = " ".join(upper + lower)
        attrs: dict[str, Attr] = {"points": band_points, "fill": colour, "fill-opacity": 0.18}
        parts.append(_tag("polygon", {"class": "range band", **attrs}))
    for point, x, has_range in zip(points, xs, ranged, strict=True):
        if has_range and (point.value is None or not band):
            low, high = frame.y(point.lower), frame.y(point.upper)
            parts.append(_interval(x, low, high, style.marker + 1, "range interval"))
    return "".join(parts)


def _series_path(
    points: Sequence[Point],
    xs: Sequence[float],
    frame: _Frame,
    cls: str,
    colour: str,
    dash: str | None,
) -> str:
    """The known values joined; a point without a value breaks the line."""
    runs: list[list[str]] = [[]]
    for point, x in zip(points, xs, strict=True):
        if point.value is None:
            runs.append([])
        else:
            runs[-1].append(f"{_f(x)} {_f(frame.y(point.value))}")
    d = "".join("M" + "L".join(run) for run in runs if len(run) > 1)
    if not d:
        return ""
    attrs: dict[str, Attr] = {"d": d, "fill": "none", "stroke": colour, "stroke-width": 2}
    return _tag("path", {"class": cls, **attrs, "stroke-dasharray": dash})


def _markers(
    name: str,
    points: Sequence[Point],
    xs: Sequence[float],
    frame: _Frame,
    places: int,
    cls: str,
    colour: str,
    radius: float,
) -> str:
    parts = []
    for point, x in zip(points, xs, strict=True):
        if point.value is not None:
            attrs: dict[str, Attr] = {"cx": x, "cy": frame.y(point.value), "r": radius}
            attrs |= {"class": f"{cls} estimated" if point.estimated else cls}
            attrs |= {"fill": "#fff" if point.estimated else colour, "stroke": colour}
            tooltip = _point_tooltip(name, point, point.value, places)
            parts.append(_tag("circle", {**attrs, "stroke-width": 1.8}, _title(tooltip)))
    return "".join(parts)


def _point_tooltip(name: str, point: Point, value: Decimal, places: int) -> str:
    shown, span = _shown(value, places), _shown_range(point.lower, point.upper, places)
    text = f"{name}, {point.label}: {shown}"
    return text if span == shown else f"{text} ({span})"


def _values(
    points: Sequence[Point],
    xs: Sequence[float],
    frame: _Frame,
    style: _Style,
    places: int,
    compact: bool,
) -> str:
    """The rounded values above their markers, leaving out any that would collide."""
    known = [
        (point.value, x) for point, x in zip(points, xs, strict=True) if point.value is not None
    ]
    if compact and len(known) > 2:
        known = [known[0], known[-1]]
    parts, edge = [], -math.inf
    for value, x in known:
        text = _shown(value, places)
        half = _width(text, style.font) / 2
        if x - half > edge + 2:
            y = frame.y(value) - style.marker - 4
            parts.append(
                _text(x, y, text, size=style.font, anchor="middle", cls="value", bold=True)
            )
            edge = x + half
    return "".join(parts)


def _line_legend_items(
    lines: Sequence[Line], labels: _LineLabels, *, series: bool = True
) -> list[tuple[Swatch, str]]:
    mains = [line for line in lines if line.kind == "main"]
    items: list[tuple[Swatch, str]] = []
    if series:
        for index, line in enumerate(mains):
            if line.name:
                items.append((_line_swatch(PALETTE[index % len(PALETTE)]), line.name))
        for line in lines:
            if line.kind == "reference" and line.name:
                items.append((_line_swatch(GREY, "6 4"), line.name))
    points = [point for line in mains for point in line.points]
    if labels.range and any(point.lower != point.upper for point in points):
        items.append((_rect_swatch(ACCENT, "none", opacity=0.18), labels.range))
    if labels.estimated and any(point.estimated for point in points):
        items.append((_hollow_swatch, labels.estimated))
    changes = (
        a.rubric != b.rubric for line in mains for a, b in pairwise(sorted(line.points, key=_when))
    )
    if labels.revision and any(changes):
        items.append((_revision_swatch, labels.revision))
    return items
