"""Reading reference profiles (published means and the like): schema, then
the checks against the rubric they are on."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from kompass_core._keypath import format_path
from kompass_core._numbers import plain, total
from kompass_core._reading import Document, describe
from kompass_core._schemas import schema_problems
from kompass_core.errors import InvalidInputError, KompassError, Problem
from kompass_core.model import ReferenceProfile, Rubric, Text


def profile_from_document(document: Document, registry: Any, origin: str = "") -> ReferenceProfile:
    """Validate a parsed profile and build it.

    :raises InvalidInputError: listing every problem found.
    """
    data, file = document.data, document.name
    problems = schema_problems("profile", data, file)
    if problems:
        raise InvalidInputError(problems)
    try:
        rubric = registry.rubric(data["rubric"])
    except KompassError as error:
        raise InvalidInputError([Problem(str(error), file=file, path="rubric")]) from None
    problems = list(_rubric_problems(data, rubric, file))
    if problems:
        raise InvalidInputError(problems)
    areas = data.get("areas", {})
    return ReferenceProfile(
        id=data["id"],
        rubric_id=data["rubric"],
        year=data["year"],
        name=Text(data["name"]),
        total=Decimal(data["total"]) if "total" in data else None,
        areas=tuple((key, Decimal(value)) for key, value in areas.items()),
        source=data["source"],
        origin=origin or file,
    )


def _rubric_problems(data: dict[str, Any], rubric: Rubric, file: str) -> Iterator[Problem]:
    def at(path: list[Any], message: str) -> Problem:
        return Problem(message, file=file, path=format_path(path, data))

    if "total" in data and rubric.max is not None and data["total"] > rubric.max:
        yield at(
            ["total"],
            f"out of range: expected a total from 0 to {plain(rubric.max)}, "
            f"found {describe(data['total'])}",
        )
    for area_id, value in data.get("areas", {}).items():
        area = rubric.area(area_id)
        if area is None:
            ids = ", ".join(a.id for a in rubric.areas)
            yield at(
                ["areas", area_id],
                f"unknown area: expected an area of {rubric.id} ({ids}), found {area_id!r}",
            )
        elif value > area.max:
            yield at(
                ["areas", area_id],
                f"out of range: expected points from 0 to "
                f"{plain(area.max)}, found {describe(value)}",
            )
    areas = data.get("areas", {})
    if "total" in data and len(areas) == len(rubric.areas):
        # Each published figure is rounded: a larger gap than every rounding
        # going the same way is a data-entry error, not a finding.
        computed = total([Decimal(v) for v in areas.values()])
        slack = Decimal(len(areas) + 1) / 2
        if abs(computed - Decimal(data["total"])) > slack:
            yield at(
                ["total"],
                f"total disagrees with the areas: expected about "
                f"{plain(computed)}, found {describe(data['total'])}",
            )
