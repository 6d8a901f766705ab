"""Migrations: the rules that carry scores from one rubric to another."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from attrs import field, frozen

from kompass_core.model._rubric import Text, _pairs

Method = Literal["copy", "rescale", "merge", "split", "new", "drop"]
Relation = Literal[
    "equal",
    "reworded",
    "revised",
    "related",
    "widened",
    "narrowed",
    "merged",
    "split",
    "new",
    "dropped",
]
Estimate = Literal["area-mean", "source-area-mean", "fixed"]
Level = Literal["question", "area"]

HUNDRED = Decimal(100)


@frozen
class Rule:
    """One rule of a migration: how the ``targets`` (question or area ids of
    the target rubric) are obtained from the ``sources`` (ids of the source
    rubric).  ``spread`` and ``range`` are percentages of the target's max."""

    level: Level
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    method: Method
    relation: Relation
    spread: Decimal = Decimal(0)
    estimate: Estimate | None = None
    percent: Decimal | None = None
    range: tuple[Decimal, Decimal] = (Decimal(0), HUNDRED)
    note: str = ""
    todo: str | None = None


@frozen
class TotalRule:
    """How a total known only as a total is carried over: ``rescale`` keeps
    its share of max, ``shift`` adds between ``shift[0]`` and ``shift[1]`` points."""

    method: Literal["rescale", "shift"]
    relation: Relation
    shift: tuple[Decimal, Decimal] = (Decimal(0), Decimal(0))
    spread: Decimal = Decimal(0)
    note: str = ""
    todo: str | None = None


@frozen
class Migration:
    """A migration from rubric ``source`` to rubric ``target``."""

    source: str
    target: str
    version: str
    questions: tuple[Rule, ...] = ()
    areas: tuple[Rule, ...] = ()
    total: TotalRule | None = None
    draft: bool = False
    name: Text | None = None
    note: str = ""
    decided_by: tuple[tuple[str, str], ...] = field(default=(), converter=_pairs)
    source_fingerprint: str | None = None
    target_fingerprint: str | None = None
    """The fingerprints of the rubric data the rules were decided against."""
    origin: str = field(default="", eq=False)

    @property
    def id(self) -> str:
        return f"{self.source}->{self.target}"


__all__ = ["Migration", "Rule", "TotalRule"]
