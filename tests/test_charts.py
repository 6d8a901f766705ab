"""The inline SVG charts of the HTML reports."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kompass_core._charts import (
    Bar,
    Line,
    Point,
    Profile,
    bar_chart,
    line_chart,
    radar_chart,
    small_multiples,
)

D = Decimal
SVG = "{http://www.w3.org/2000/svg}"
EVIL = "<script>alert('x')</script> & \"co\""
OREBRO = ["74.05", "90.45", "88.6", "79.6", "72.3", "81.35", "74.35", "89.6"]
NATIONAL = ["55", "57", "68", "57", "59", "58", "54", "68"]


# ---------------------------------------------------------------- helpers


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def classed(root: ET.Element, *tokens: str) -> list[ET.Element]:
    """Elements whose class attribute holds all ``tokens``."""
    return [
        element for element in root.iter() if set(tokens) <= set(element.get("class", "").split())
    ]


def local(element: ET.Element) -> str:
    return element.tag.removeprefix(SVG)


def text_of(element: ET.Element) -> str:
    """The visible text of an element, without its tooltip."""
    parts = [element.text or ""]
    for child in element:
        if local(child) != "title":
            parts.append(text_of(child))
        parts.append(child.tail or "")
    return "".join(parts)


def visible_texts(root: ET.Element) -> list[str]:
    return [text_of(element) for element in root.iter(f"{SVG}text")]


def exact_bar(label: str, value: str, maximum: str = "100", **kwargs: Any) -> Bar:
    return Bar(label, f"Area {label}", D(value), D(value), D(value), D(maximum), **kwargs)


def point(when: float, value: str | None, lower: str, upper: str, **kwargs: Any) -> Point:
    number = None if value is None else D(value)
    return Point(when, str(when), number, D(lower), D(upper), **kwargs)


def exact(when: float, value: str, **kwargs: Any) -> Point:
    return point(when, value, value, value, **kwargs)


def orebro_bars() -> list[Bar]:
    return [exact_bar(str(i + 1), value) for i, value in enumerate(OREBRO)]


def totals() -> Line:
    return Line(
        "Örebro",
        (
            point(2010.0, "515", "440", "590", estimated=True, rubric="kommunkompassen-2010"),
            exact(2012.0, "615", rubric="kommunkompassen-2010"),
            exact(2015.75, "650", rubric="kommunkompassen-2010"),
            point(2017.0, "640", "600", "680", estimated=True, rubric="kommunkompassen-2016"),
        ),
    )


def coordinates(root: ET.Element) -> Iterator[tuple[str, float]]:
    """Every number of a coordinate attribute, tagged "x" or "y" (or "r" for a size)."""
    axis = {"x": "x", "x1": "x", "x2": "x", "cx": "x", "width": "x"}
    axis |= {"y": "y", "y1": "y", "y2": "y", "cy": "y", "height": "y", "r": "r"}
    for element in root.iter():
        for name, value in element.attrib.items():
            if name in axis:
                yield axis[name], float(value)
            elif name == "points":
                numbers = [float(n) for n in re.split(r"[\s,]+", value.strip()) if n]
                yield from zip(["x", "y"] * len(numbers), numbers, strict=False)
            elif name == "d":
                yield from path_coordinates(value)


def path_coordinates(d: str) -> Iterator[tuple[str, float]]:
    """The numbers of a path of M, L, H and V commands, tagged "x" or "y"."""
    command, index = "M", 0
    for token in re.findall(r"[MLHV]|-?\d+(?:\.\d+)?", d):
        if token in "MLHV":
            command, index = token, 0
            continue
        if command in "ML":
            yield ("x" if index % 2 == 0 else "y"), float(token)
        else:
            yield ("x" if command == "H" else "y"), float(token)
        index += 1


def assert_inside_viewbox(svg: str) -> None:
    root = parse(svg)
    _, _, width, height = (float(n) for n in root.get("viewBox", "").split())
    limits = {"x": width, "y": height, "r": min(width, height)}
    for axis, number in coordinates(root):
        assert math.isfinite(number)
        assert -1 <= number <= limits[axis] + 1, (axis, number, width, height)


# ---------------------------------------------------------------- all charts


def every_chart(prefix: str, text: str = "Area") -> dict[str, str]:
    """One chart of each kind, with ``text`` in every label, name and title."""
    bars = [Bar("1", text, D(50), D(40), D(60), D(100), estimated=True)]
    main = Profile(text, (D(10), D(20), D(30)))
    line = Line(text, (exact(2010, "10", rubric="a"), exact(2012, "20", rubric="b")))
    return {
        "bar": bar_chart(bars, title=text, id_prefix=prefix, estimated_label=text),
        "radar": radar_chart([text] * 3, [D(100)] * 3, [main], title=text, id_prefix=prefix),
        "line": line_chart([line], title=text, max=D(100), id_prefix=prefix, revision_label=text),
        "small": small_multiples([(text, line.points, D(100))], id_prefix=prefix),
    }


@pytest.mark.parametrize("kind", ["bar", "radar", "line", "small"])
def test_root_is_an_accessible_scalable_svg(kind: str) -> None:
    """The root is an img-role svg labelled by its first child, a title."""
    root = parse(every_chart("c1")[kind])
    assert root.tag == f"{SVG}svg"
    assert local(root[0]) == "title"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == root[0].get("id")
    assert "max-width:100%" in root.get("style", "")
    assert root.get("font-family") == "system-ui, sans-serif"
    assert "kompass-chart" in root.get("class", "").split()


@pytest.mark.parametrize("kind", ["bar", "radar", "line", "small"])
def test_user_text_is_escaped_and_round_trips(kind: str) -> None:
    """A <script> in user text stays text: no script element, and the text comes back intact."""
    svg = every_chart("c1", EVIL)[kind]
    root = parse(svg)
    assert not [element for element in root.iter() if local(element) == "script"]
    assert "<script" not in svg
    if kind != "small":
        assert root[0].text == EVIL
    tooltips = [element.text for element in root.iter(f"{SVG}title")]
    assert EVIL in tooltips


@pytest.mark.parametrize("prefix", ["", "a b", 'x"y', "<p>", "é", "a.b"])
def test_bad_id_prefix_is_refused(prefix: str) -> None:
    """An id prefix other than letters, digits, _ and - raises ValueError."""
    with pytest.raises(ValueError, match="id_prefix"):
        every_chart(prefix)


def ids(svg: str) -> list[str]:
    return [element.get("id", "") for element in parse(svg).iter() if element.get("id")]


@pytest.mark.parametrize("kind", ["bar", "radar", "line", "small"])
def test_charts_with_different_prefixes_share_no_ids(kind: str) -> None:
    """Two charts of one page have no id in common, and every reference resolves."""
    first, second = every_chart("one")[kind], every_chart("two")[kind]
    assert ids(first)
    assert not set(ids(first)) & set(ids(second))
    assert len(ids(first)) == len(set(ids(first)))
    for reference in re.findall(r"url\(#([^)]+)\)", first):
        assert reference in ids(first)


def test_max_must_be_positive() -> None:
    """A max of 0 or less raises ValueError instead of dividing by zero."""
    line = Line("x", (exact(2010, "0"),))
    with pytest.raises(ValueError, match="max"):
        line_chart([line], title="t", max=D(0), id_prefix="p")
    with pytest.raises(ValueError, match="max"):
        bar_chart([exact_bar("1", "0", maximum="0")], title="t", id_prefix="p")
    with pytest.raises(ValueError, match="max"):
        radar_chart(["a"], [D(-1)], [], title="t", id_prefix="p")
    with pytest.raises(ValueError, match="max"):
        small_multiples([("a", line.points, D(0))], id_prefix="p")


def test_a_range_outside_the_scale_is_refused() -> None:
    """A lower above its upper, or a value outside its range, raises ValueError."""
    with pytest.raises(ValueError, match="lower <= value <= upper"):
        bar_chart([Bar("1", "a", D(5), D(6), D(4), D(10))], title="t", id_prefix="p")
    with pytest.raises(ValueError, match="lower <= value <= upper"):
        line_chart([Line("x", (point(2010, "9", "1", "2"),))], title="t", max=D(10), id_prefix="p")


# ---------------------------------------------------------------- bar chart


def test_bar_chart_draws_a_bar_per_known_value() -> None:
    """Each bar with a value is one rect of class bar; an unknown one has none."""
    bars = [*orebro_bars(), Bar("9", "Unknown", None, D(10), D(30), D(100))]
    root = parse(bar_chart(bars, title="Totalt 650 av 800", id_prefix="b"))
    assert root.get("class") == "kompass-chart kompass-bar-chart"
    drawn = classed(root, "bar")
    assert len(drawn) == len(OREBRO)
    assert {local(element) for element in drawn} == {"rect"}
    assert "10–30" in visible_texts(root)


def test_estimated_bar_is_hatched() -> None:
    """An estimated bar has class "bar estimated" and is filled with the hatch pattern."""
    bars = [exact_bar("1", "50"), exact_bar("2", "60", estimated=True)]
    root = parse(bar_chart(bars, title="t", id_prefix="h"))
    (estimated,) = classed(root, "bar", "estimated")
    assert estimated.get("fill") == "url(#h-hatch)"
    assert [p.get("id") for p in root.iter(f"{SVG}pattern")] == ["h-hatch"]
    assert classed(root, "bar")[0].get("fill", "").startswith("#")


@pytest.mark.parametrize("estimated", [True, False])
def test_estimated_legend_only_when_a_bar_is_estimated(estimated: bool) -> None:
    """The legend names estimated_label exactly when some bar is estimated."""
    bars = [exact_bar("1", "50"), exact_bar("2", "60", estimated=estimated)]
    root = parse(bar_chart(bars, title="t", id_prefix="h", estimated_label="Uppskattat"))
    assert ("Uppskattat" in visible_texts(root)) == estimated


def test_whisker_appears_exactly_for_ranges() -> None:
    """A range mark is drawn for each bar whose lower differs from its upper, no other."""
    bars = [
        exact_bar("1", "50"),
        Bar("2", "b", D(50), D(40), D(60), D(100)),
        Bar("3", "c", D(70), D(70), D(80), D(100)),
        Bar("4", "d", None, D(20), D(30), D(100)),
        Bar("5", "e", None, D(20), D(20), D(100)),
    ]
    root = parse(bar_chart(bars, title="t", id_prefix="w"))
    assert len(classed(root, "range")) == 3


@pytest.mark.parametrize(
    ("value", "shown"), [("10.5", "11"), ("74.05", "74"), ("90.45", "90"), ("0.49", "0")]
)
def test_bar_values_are_rounded_half_up(value: str, shown: str) -> None:
    """The value above a bar is rounded half up, not half to even."""
    root = parse(bar_chart([exact_bar("1", value)], title="t", id_prefix="r"))
    assert [text_of(element) for element in classed(root, "value")] == [shown]


def test_reference_marks_and_legend() -> None:
    """Each known reference value gets a mark, and the legend names reference_label."""
    reference = [D(n) for n in NATIONAL[:-1]] + [None]
    svg = bar_chart(
        orebro_bars(),
        title="t",
        id_prefix="ref",
        reference=reference,
        reference_label="Riksgenomsnitt",
    )
    root = parse(svg)
    assert len(classed(root, "reference")) == len(NATIONAL) - 1
    assert "Riksgenomsnitt" in visible_texts(root)


def test_reference_of_the_wrong_length_is_refused() -> None:
    """A reference list that does not match the bars raises ValueError."""
    with pytest.raises(ValueError, match="reference"):
        bar_chart(orebro_bars(), title="t", id_prefix="p", reference=[D(1)])


def test_bar_heading_is_the_title() -> None:
    """The title is drawn as the heading, total included."""
    root = parse(bar_chart(orebro_bars(), title="Totalt 650 av 800", id_prefix="t"))
    (heading,) = classed(root, "heading")
    assert text_of(heading) == "Totalt 650 av 800"


# ---------------------------------------------------------------- radar chart


def centre(root: ET.Element) -> tuple[float, float]:
    spoke = classed(root, "spoke")[0]
    return float(spoke.get("x1", "nan")), float(spoke.get("y1", "nan"))


def vertices(element: ET.Element) -> list[tuple[float, float]]:
    numbers = [n for _, n in coordinates(ET.fromstring(ET.tostring(element)))]
    return list(zip(numbers[::2], numbers[1::2], strict=True))


def test_radar_draws_one_shape_per_profile() -> None:
    """Each profile is one polygon or path whose class names its kind."""
    values = tuple(D(v) for v in OREBRO)
    profiles = [
        Profile("Örebro 2015", values),
        Profile("Riket", tuple(D(v) for v in NATIONAL), kind="reference"),
        Profile("Örebro 2012", (None, *values[1:]), kind="previous"),
    ]
    root = parse(
        radar_chart([str(i) for i in range(8)], [D(100)] * 8, profiles, title="t", id_prefix="r")
    )
    assert root.get("class") == "kompass-chart kompass-radar-chart"
    for kind in ("main", "reference", "previous"):
        (shape,) = classed(root, "profile", kind)
        assert local(shape) in {"polygon", "path"}
    assert len(classed(root, "profile")) == 3
    assert local(classed(root, "profile", "main")[0]) == "polygon"


def test_radar_leaves_an_unknown_value_out_instead_of_drawing_it_at_the_centre() -> None:
    """A None value adds no vertex at the centre, and its axis label is marked unknown."""
    profile = Profile("p", (D(50), None, D(60), D(70)))
    axes = ["A", "B", "C", "D"]
    root = parse(radar_chart(axes, [D(100)] * 4, [profile], title="t", id_prefix="r"))
    (shape,) = classed(root, "profile", "main")
    points = vertices(shape)
    assert len(points) == 3
    cx, cy = centre(root)
    assert all(math.dist(vertex, (cx, cy)) > 1 for vertex in points)
    (unknown,) = classed(root, "axis-label", "unknown")
    assert text_of(unknown).startswith("B")
    assert len(classed(root, "vertex")) == 3


def test_radar_vertices_lie_at_their_share_of_the_axis_max() -> None:
    """A value is drawn at its share of its own axis's max."""
    profile = Profile("p", (D(50), D(5), D(100)))
    root = parse(
        radar_chart(["a", "b", "c"], [D(100), D(10), D(200)], [profile], title="t", id_prefix="r")
    )
    cx, cy = centre(root)
    radius = cy - float(classed(root, "spoke")[0].get("y2", "nan"))
    distances = [math.dist(vertex, (cx, cy)) for vertex in vertices(classed(root, "profile")[0])]
    assert distances == pytest.approx([radius / 2, radius / 2, radius / 2], abs=0.02)


def test_radar_estimated_vertices_are_hollow() -> None:
    """An estimated vertex is an unfilled marker; the legend names estimated_label."""
    profile = Profile("p", (D(50), D(60), D(70)), estimated=(False, True, False))
    svg = radar_chart(
        ["a", "b", "c"],
        [D(100)] * 3,
        [profile],
        title="t",
        id_prefix="r",
        estimated_label="Uppskattat",
    )
    root = parse(svg)
    (hollow,) = classed(root, "vertex", "estimated")
    assert hollow.get("fill") == "#fff"
    assert "Uppskattat" in visible_texts(root)


def test_radar_profile_of_the_wrong_length_is_refused() -> None:
    """A profile with more or fewer values than axes raises ValueError."""
    with pytest.raises(ValueError, match="expected 3 values"):
        radar_chart(["a", "b", "c"], [D(1)] * 3, [Profile("p", (D(1),))], title="t", id_prefix="r")


# ---------------------------------------------------------------- line chart


def test_line_chart_marks_one_revision_per_change_of_rubric() -> None:
    """A dashed revision line for each change of rubric between consecutive points."""
    svg = line_chart([totals()], title="t", max=D(800), id_prefix="l", revision_label="Ny mall")
    root = parse(svg)
    assert root.get("class") == "kompass-chart kompass-line-chart"
    assert len(classed(root, "revision")) == 1
    assert "Ny mall" in visible_texts(root)
    changes = Line("x", tuple(exact(2010 + i, "1", rubric=r) for i, r in enumerate("aabba")))
    root = parse(line_chart([changes], title="t", max=D(10), id_prefix="l"))
    assert len(classed(root, "revision")) == 2


def test_line_chart_without_a_change_of_rubric_has_no_revision() -> None:
    """Points on one rubric draw no revision line and no revision legend."""
    line = Line("x", tuple(exact(2010 + i, "1", rubric="a") for i in range(4)))
    root = parse(line_chart([line], title="t", max=D(10), id_prefix="l", revision_label="Ny"))
    assert classed(root, "revision") == []
    assert "Ny" not in visible_texts(root)


def test_line_chart_draws_a_band_through_the_ranges() -> None:
    """One band polygon runs through the uppers and back through the lowers."""
    root = parse(
        line_chart([totals()], title="t", max=D(800), id_prefix="l", range_label="Intervall")
    )
    (band,) = classed(root, "range", "band")
    assert len(vertices(band)) == 2 * len(totals().points)
    assert "Intervall" in visible_texts(root)


def test_line_chart_markers_and_rounded_values() -> None:
    """A marker per point with a value, estimated ones hollow, values rounded half up."""
    line = Line("x", (exact(2010, "10.5"), point(2014, "74.05", "70", "80", estimated=True)))
    root = parse(line_chart([line], title="t", max=D(100), id_prefix="l"))
    assert len(classed(root, "point")) == 2
    (hollow,) = classed(root, "point", "estimated")
    assert hollow.get("fill") == "#fff"
    assert [text_of(element) for element in classed(root, "value")] == ["11", "74"]


def test_line_chart_y_axis_always_runs_from_zero_to_max() -> None:
    """Values close together still sit on a 0..max axis, not a zoomed one."""
    line = Line("x", (exact(2010, "640"), exact(2012, "650")))
    texts = visible_texts(parse(line_chart([line], title="t", max=D(800), id_prefix="l")))
    assert {"0", "800"} <= set(texts)


def test_line_chart_with_a_single_point() -> None:
    """A single point is drawn mid-axis with its range as a bar, years either side."""
    line = Line("x", (point(2015, "50", "40", "60"),))
    root = parse(line_chart([line], title="t", max=D(100), id_prefix="l"))
    assert len(classed(root, "point")) == 1
    assert len(classed(root, "range")) == 1
    assert {"2014", "2015", "2016"} <= set(visible_texts(root))


def test_line_chart_with_points_of_the_same_date() -> None:
    """Several points on one date do not divide by zero."""
    line = Line("x", tuple(point(2015.5, v, "10", "90") for v in ("20", "50", "80")))
    root = parse(line_chart([line], title="t", max=D(100), id_prefix="l"))
    assert len(classed(root, "point")) == 3


def test_line_chart_unknown_value_shows_only_its_range() -> None:
    """A point without a value has no marker, only a range bar."""
    line = Line("x", (exact(2010, "50"), point(2012, None, "30", "70"), exact(2014, "60")))
    root = parse(line_chart([line], title="t", max=D(100), id_prefix="l"))
    assert len(classed(root, "point")) == 2
    assert len(classed(root, "range", "interval")) == 1


def test_reference_line_is_dashed_without_band() -> None:
    """A reference line is a dashed path with no band and no point markers."""
    reference = Line(
        "Riket", (point(2010, "400", "300", "500"), exact(2015, "480")), kind="reference"
    )
    root = parse(line_chart([reference], title="t", max=D(800), id_prefix="l"))
    (path,) = classed(root, "series", "reference")
    assert path.get("stroke-dasharray")
    assert classed(root, "range") == []
    assert classed(root, "point") == []


def test_small_multiples_draws_a_panel_per_area() -> None:
    """Each area is one compact panel, laid out in one svg."""
    panels = [(f"Area {i}", totals().points, D(800)) for i in range(5)]
    root = parse(small_multiples(panels, id_prefix="sm", columns=2, revision_label="Ny"))
    assert root.get("class") == "kompass-chart kompass-small-multiples"
    assert len(classed(root, "panel")) == 5
    assert len(classed(root, "revision")) == 5
    assert len(list(root.iter(f"{SVG}svg"))) == 1


def test_small_multiples_needs_a_column() -> None:
    """Zero columns raise ValueError."""
    with pytest.raises(ValueError, match="columns"):
        small_multiples([("a", totals().points, D(800))], id_prefix="sm", columns=0)


# ---------------------------------------------------------------- properties

TEXT = st.text(max_size=30)
MAXIMA = st.decimals(min_value=D("0.01"), max_value=D(1000), places=2)


def within(maximum: Decimal) -> st.SearchStrategy[Decimal]:
    return st.decimals(min_value=D(0), max_value=maximum, places=2)


@st.composite
def ranges(draw: st.DrawFn, maximum: Decimal) -> tuple[Decimal | None, Decimal, Decimal]:
    """A value (or None) and a range around it, all within 0..maximum."""
    lower, upper = sorted([draw(within(maximum)), draw(within(maximum))])
    value = draw(st.none() | st.decimals(min_value=lower, max_value=upper, places=2))
    return value, lower, upper


@st.composite
def bars(draw: st.DrawFn) -> dict[str, Any]:
    drawn = []
    for _ in range(draw(st.integers(1, 12))):
        maximum = draw(MAXIMA)
        value, lower, upper = draw(ranges(maximum))
        drawn.append(Bar(draw(TEXT), draw(TEXT), value, lower, upper, maximum, draw(st.booleans())))
    reference = draw(st.none() | st.just([draw(st.none() | within(bar.max)) for bar in drawn]))
    labels = {"reference_label": draw(TEXT), "estimated_label": draw(TEXT)}
    return {"bars": drawn, "reference": reference, "title": draw(TEXT), **labels}


@st.composite
def radars(draw: st.DrawFn) -> dict[str, Any]:
    count = draw(st.integers(1, 12))
    maxima = [draw(MAXIMA) for _ in range(count)]
    profiles = []
    for _ in range(draw(st.integers(0, 3))):
        values = tuple(draw(st.none() | within(maximum)) for maximum in maxima)
        estimated = draw(st.just(()) | st.tuples(*[st.booleans()] * count))
        kind = draw(st.sampled_from(["main", "reference", "previous"]))
        profiles.append(Profile(draw(TEXT), values, kind, estimated))
    axes = [draw(TEXT) for _ in range(count)]
    return {"axes": axes, "maxima": maxima, "profiles": profiles, "title": draw(TEXT)}


WHEN = st.sampled_from([2010.0, 2012.0, 2015.75]) | st.floats(2000, 2030)


@st.composite
def points(draw: st.DrawFn, maximum: Decimal) -> tuple[Point, ...]:
    drawn = []
    for _ in range(draw(st.integers(1, 10))):
        value, lower, upper = draw(ranges(maximum))
        rubric = draw(st.sampled_from(["", "kk-2010", "kk-2016"]))
        drawn.append(
            Point(draw(WHEN), draw(TEXT), value, lower, upper, draw(st.booleans()), rubric)
        )
    return tuple(drawn)


@st.composite
def line_charts(draw: st.DrawFn) -> dict[str, Any]:
    maximum = draw(MAXIMA)
    lines = [Line(draw(TEXT), draw(points(maximum)))]
    if draw(st.booleans()):
        lines.append(Line(draw(TEXT), draw(points(maximum)), kind="reference"))
    labels = {
        "revision_label": draw(TEXT),
        "estimated_label": draw(TEXT),
        "range_label": draw(TEXT),
    }
    return {
        "lines": lines,
        "max": maximum,
        "title": draw(TEXT),
        "compact": draw(st.booleans()),
        **labels,
    }


@st.composite
def panel_grids(draw: st.DrawFn) -> dict[str, Any]:
    panels = []
    for _ in range(draw(st.integers(1, 9))):
        maximum = draw(MAXIMA)
        panels.append((draw(TEXT), draw(points(maximum)), maximum))
    return {"panels": panels, "columns": draw(st.integers(1, 5)), "revision_label": draw(TEXT)}


CHARTS: list[tuple[Callable[..., str], st.SearchStrategy[dict[str, Any]]]] = [
    (bar_chart, bars()),
    (radar_chart, radars()),
    (line_chart, line_charts()),
    (small_multiples, panel_grids()),
]


@pytest.mark.parametrize(("chart", "inputs"), CHARTS, ids=lambda c: getattr(c, "__name__", ""))
@given(data=st.data())
def test_any_valid_input_draws_well_formed_deterministic_svg(
    chart: Callable[..., str], inputs: st.SearchStrategy[dict[str, Any]], data: st.DataObject
) -> None:
    """Any valid input gives parseable SVG, coordinates inside the viewBox, the same every time."""
    arguments = data.draw(inputs)
    svg = chart(**arguments, id_prefix="prop")
    assert_inside_viewbox(svg)
    assert chart(**arguments, id_prefix="prop") == svg
