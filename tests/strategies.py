"""Hypothesis strategies: valid evaluation data on an installed rubric."""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

from hypothesis import strategies as st

from kompass_core.model import Area, Rubric


def decimals(low: Decimal, high: Decimal, max_places: int = 2) -> st.SearchStrategy[Decimal]:
    """Decimals in [low, high] with up to ``max_places`` decimal places."""

    def build(places: int) -> st.SearchStrategy[Decimal]:
        scale = 10**places
        first = int((low * scale).to_integral_value(ROUND_CEILING))
        last = int((high * scale).to_integral_value(ROUND_FLOOR))
        if first > last:  # no value with this few places lies in [low, high]
            return st.just(low)
        return st.integers(first, last).map(lambda n: Decimal(n).scaleb(-places))

    return st.integers(0, max_places).flatmap(build)


def question_score(max_points: Decimal) -> st.SearchStrategy[dict[str, Decimal]]:
    """A question judgement: points or percent, never both."""
    return st.one_of(
        decimals(Decimal(0), max_points).map(lambda v: {"points": v}),
        decimals(Decimal(0), Decimal(100), 1).map(lambda v: {"percent": v}),
    )


@st.composite
def area_part(draw: st.DrawFn, area: Area) -> tuple[str, Any]:
    """How much of one area is known: every question, some, the area score, or nothing."""
    kinds = ["questions", "some", "area", "none"] if area.questions else ["area", "none"]
    kind = draw(st.sampled_from(kinds))
    if kind == "area":
        return kind, draw(decimals(Decimal(0), area.max, 1))
    if kind == "none":
        return kind, {}
    chosen = (
        list(area.questions)
        if kind == "questions"
        else draw(st.lists(st.sampled_from(area.questions), unique=True))
    )
    return kind, {q.id: draw(question_score(q.max)) for q in chosen}


@st.composite
def evaluation_data(draw: st.DrawFn, rubric: Rubric) -> dict[str, Any]:
    """Valid evaluation data (the file format's structure) on ``rubric``."""
    scores: dict[str, Any] = {}
    area_scores: dict[str, Decimal] = {}
    complete = 0
    for area in rubric.areas:
        kind, value = draw(area_part(area))
        if kind == "area":
            area_scores[area.id] = value
        else:
            scores.update(value)
        complete += kind == "area" or (
            kind in ("questions", "some") and len(value) == len(area.questions)
        )
    data: dict[str, Any] = {
        "rubric": rubric.id,
        "subject": {"name": draw(st.text(min_size=1, max_size=20)), "kind": rubric.kind},
        "evaluation": {"date": draw(st.dates()).isoformat()},
    }
    if scores:
        data["scores"] = scores
    if area_scores:
        data["area_scores"] = area_scores
    if not rubric.areas_published or (complete < len(rubric.areas) and draw(st.booleans())):
        top = rubric.max if rubric.max is not None else Decimal(10_000)  # no max is known
        data["total"] = draw(decimals(Decimal(0), top, 0))
    return data
