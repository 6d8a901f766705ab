"""The shipped JSON Schemas agree with the code that derives schemas from scoring rules."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import kompass_core as kompass
from kompass_core.rules import SHARE_OF_MAX

from .conftest import REPO

REGENERATE = (
    "schemas/evaluation.schema.json is stale: set its $defs.judgement to "
    "kompass_core.rules.SHARE_OF_MAX.judgement_schema({}) (keeping the description)"
)


def _shipped(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((REPO / "schemas" / f"{name}.schema.json").read_text())
    return schema


def test_shipped_judgement_is_share_of_max() -> None:
    """The evaluation schema's judgement is exactly share-of-max's, so the file documents it."""
    judgement = dict(_shipped("evaluation")["$defs"]["judgement"])
    judgement.pop("description")
    assert judgement == SHARE_OF_MAX.judgement_schema({}), REGENERATE


def test_evaluation_schema_of_a_2010_evaluation_is_the_shipped_one() -> None:
    """For a share-of-max rubric the derived schema differs from the file only in its $id."""
    derived = kompass.evaluation_schema("kommunkompassen-2010")
    shipped = _shipped("evaluation")
    assert derived["$id"] != shipped["$id"]
    derived["$defs"]["judgement"] = {**derived["$defs"]["judgement"], "description": ""}
    shipped["$defs"]["judgement"]["description"] = ""
    assert {**derived, "$id": shipped["$id"]} == shipped


def test_evaluation_schema_follows_the_rubrics_levels() -> None:
    """A maturity-levels rubric's evaluation schema lists its levels as the only judgement."""
    rubric = kompass.Rubric(
        id="levels-2026",
        version="1",
        name=kompass.Text({"sv": "Nivåer"}),
        year=2026,
        kind="municipality",
        max=Decimal(10),
        areas=(),
        scoring=kompass.Scoring(
            "maturity-levels",
            {"levels": [{"level": 0, "percent": 0}, {"level": 2, "percent": 100}]},
        ),
    )
    judgement = kompass.evaluation_schema(rubric)["$defs"]["judgement"]
    assert judgement["required"] == ["level"]
    assert judgement["properties"]["level"]["enum"] == [0, 2]
