"""Output formats a plugin adds to ``kompass score``, ``trend`` and ``report``.

Subclass :class:`OutputFormat`, give it a ``name`` and override the
``render_*`` methods for what it can show; return instances from the
``kompass_output_formats`` hook.  Then ``kompass score FILE --format NAME``
(or ``trend`` or ``report``) writes what the method returns::

    class Semicolons(OutputFormat):
        name = "semicolon-csv"
        description = "areas and total, ';'-separated with decimal commas"

        def render_score(self, result, lang):
            ...
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from kompass_core._report import Report
    from kompass_core._trend import Trend
    from kompass_core.scoring import ScoreResult

COMMANDS = ("score", "trend", "report")
"""The commands a format can serve, each through its ``render_<command>`` method."""

SHIPPED = frozenset({"table", "json", "csv", "html", "md", "txt", "toml"})
"""The names of Kompass's own formats, which a plugin's format cannot take."""


class OutputFormat:
    """An output format.  Override the ``render_*`` methods the format supports;
    each returns the whole output as text."""

    name: ClassVar[str] = ""
    """What ``--format`` names it by: lower-case letters, digits and ``-``."""
    description: ClassVar[str] = ""
    """One line for ``kompass plugins`` and ``--help``."""

    def render_score(self, result: ScoreResult, lang: str) -> str:
        """A scored evaluation (``kompass score``).  ``lang`` is ``sv``, ``en`` or ``nb``."""
        raise NotImplementedError

    def render_trend(self, trend: Trend, lang: str) -> str:
        """Subjects' evaluations over time on one scale (``kompass trend``)."""
        raise NotImplementedError

    def render_report(self, report: Report, lang: str) -> str:
        """One evaluation with what it is compared against (``kompass report``)."""
        raise NotImplementedError

    def commands(self) -> tuple[str, ...]:
        """The commands this format serves: those whose method the subclass overrides."""
        own = type(self)
        return tuple(
            command
            for command in COMMANDS
            if getattr(own, f"render_{command}") is not getattr(OutputFormat, f"render_{command}")
        )

    def __repr__(self) -> str:
        return f"<{type(self).__qualname__} {self.name!r}>"


__all__ = ["COMMANDS", "SHIPPED", "OutputFormat"]
