"""Fingerprints: which rule and rubric data produced a result.

A rubric's fingerprint is a SHA-256 hash of the canonical form of everything
that decides a score: the scoring rule's name and version, its parameters
(with defaults filled in), and the ids and maxima of the areas and questions.
Texts, comments, the order of tables and the way numbers are written
(``15`` or ``15.0``) do not enter it, so reformatting a rubric file keeps its
fingerprint; changing a maximum, a weight, a level's points or the rounding
changes it.

Every result carries a :class:`Stamp` (rubric id, rubric version, rule and
fingerprint); :func:`differences` says in plain words why two results are not
directly comparable.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from attrs import frozen

from kompass_core._numbers import plain

if TYPE_CHECKING:
    from kompass_core.model import Rubric

PREFIX = "sha256:"


def canonical_form(rubric: Rubric) -> dict[str, Any]:
    """What the fingerprint is computed from: plain JSON values only."""
    rule = rubric.scoring.rule
    return {
        "rule": {
            "name": rule.name,
            "version": rule.version,
            "parameters": plain_values(rule.canonical_parameters(rubric.scoring.parameters)),
        },
        "max": None if rubric.max is None else plain(rubric.max),
        "areas_published": rubric.areas_published,
        "areas": sorted(
            (
                {
                    "id": area.id,
                    "max": plain(area.max),
                    "questions_published": area.questions_published,
                    "questions": sorted(
                        ({"id": q.id, "max": plain(q.max)} for q in area.questions),
                        key=lambda q: q["id"],
                    ),
                }
                for area in rubric.areas
            ),
            key=lambda a: str(a["id"]),
        ),
    }


def canonical_text(rubric: Rubric) -> str:
    """The canonical form as the JSON text that is hashed."""
    return json.dumps(
        canonical_form(rubric), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )


def fingerprint(rubric: Rubric) -> str:
    """``sha256:`` and the hex digest of the rubric's canonical form."""
    # hashlib loads OpenSSL (a few ms): imported here, not by reading a rubric.
    import hashlib

    return PREFIX + hashlib.sha256(canonical_text(rubric).encode("utf-8")).hexdigest()


def short(value: str) -> str:
    """A fingerprint shortened for people to read (12 hex digits)."""
    return value.removeprefix(PREFIX)[:12]


def plain_values(value: Any) -> Any:
    """``value`` with every Decimal written as people write it, for JSON."""
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, Mapping):
        return {str(k): plain_values(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain_values(v) for v in value]
    return value


@frozen
class Stamp:
    """Which rubric, rule and rubric data a result was produced under."""

    rubric: str
    rubric_version: str
    rule: str
    rule_version: str
    fingerprint: str

    @classmethod
    def of(cls, rubric: Rubric) -> Stamp:
        rule = rubric.scoring.rule
        return cls(rubric.id, rubric.version, rule.name, rule.version, rubric.fingerprint)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Stamp:
        """Read a stamp as :meth:`as_dict` writes it."""
        return cls(
            str(data["rubric"]),
            str(data["rubric_version"]),
            str(data["rule"]),
            str(data["rule_version"]),
            str(data["fingerprint"]),
        )

    def as_dict(self) -> dict[str, str]:
        return {
            "rubric": self.rubric,
            "rubric_version": self.rubric_version,
            "rule": self.rule,
            "rule_version": self.rule_version,
            "fingerprint": self.fingerprint,
        }

    def __str__(self) -> str:
        return (
            f"{self.rubric} {self.rubric_version}, {self.rule} {self.rule_version}, "
            f"fingerprint {short(self.fingerprint)}"
        )


def differences(a: Stamp, b: Stamp) -> list[str]:
    """Why results stamped ``a`` and ``b`` are not directly comparable, in
    plain words; empty when they were produced under the same rule and data."""
    found = []
    # A stamp may come from a file: _shown quotes a text that would break the line.
    if a.rubric != b.rubric:
        found.append(f"different rubrics ({_shown(a.rubric)} and {_shown(b.rubric)})")
    elif a.rubric_version != b.rubric_version:
        versions = f"{_shown(a.rubric_version)} and {_shown(b.rubric_version)}"
        found.append(f"different versions of {_shown(a.rubric)} ({versions})")
    if (a.rule, a.rule_version) != (b.rule, b.rule_version):
        rules = (f"{_shown(s.rule)} {_shown(s.rule_version)}" for s in (a, b))
        found.append("different scoring rules ({} and {})".format(*rules))
    elif a.fingerprint != b.fingerprint:
        found.append(
            f"different rubric data (fingerprints {_shown(short(a.fingerprint))} and "
            f"{_shown(short(b.fingerprint))}: maxima, weights, levels or rounding differ)"
        )
    return found


def _shown(text: str) -> str:
    """``text`` as it is, or quoted with escapes (as Python writes it) when it
    is empty, has a character that is not printable (a line break) or spaces
    at an end."""
    if text and text.isprintable() and text.strip() == text:
        return text
    return repr(text)


__all__ = ["Stamp", "canonical_form", "canonical_text", "differences", "fingerprint", "short"]
