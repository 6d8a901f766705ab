"""Problems found in user data, and the exceptions the public API raises.

Every problem names the file, the place in it (line and column for a syntax
error, otherwise the key path such as ``scores."1.9".points``), what was
expected and what was found, and fits on one line.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from attrs import frozen

Severity = Literal["error", "warning"]


@frozen
class Problem:
    """One problem in one file: where it is and what is wrong."""

    message: str
    file: str | None = None
    path: str | None = None
    line: int | None = None
    column: int | None = None
    severity: Severity = "error"
    code: str = "invalid"

    def where(self) -> str:
        """The location part: ``file:line:column`` or ``file: key.path``."""
        file = self.file or "<input>"
        if self.line is not None:
            return f"{file}:{self.line}:{self.column or 1}"
        if self.path:
            return f"{file}: {self.path}"
        return file

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.where()}: {prefix}{self.message}"


class KompassError(Exception):
    """Base class of every error Kompass raises on purpose."""


class InvalidInputError(KompassError):
    """A file or value is invalid; ``problems`` lists every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class UnknownRubricError(KompassError):
    """The rubric id names no installed rubric."""

    def __init__(self, rubric_id: str, available: Iterable[str], hint: str = "") -> None:
        self.rubric_id = rubric_id
        self.available = tuple(sorted(available))
        listed = ", ".join(self.available) or "none"
        super().__init__(
            f"unknown rubric: expected an installed rubric ({listed}), found {rubric_id!r}{hint}"
        )


class PluginError(KompassError):
    """A plugin failed or provided data that conflicts with another plugin's."""


__all__ = [
    "InvalidInputError",
    "KompassError",
    "PluginError",
    "Problem",
    "Severity",
    "UnknownRubricError",
]
