"""Subcommands a plugin adds to ``kompass``.

Return :class:`Command` values from the ``kompass_commands`` hook::

    def arguments(parser):
        parser.add_argument("file", metavar="FILE")

    def run(args):
        print(args.file)
        return 0

    @hookimpl
    def kompass_commands():
        return [Command("hello", "greet a file", run, arguments)]

``kompass hello FILE`` then parses its arguments with ``arguments`` and calls
``run``, whose return value is the exit code.  A :class:`~kompass_core.KompassError`
raised by ``run`` is printed in one line (exit 1), like Kompass's own errors.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from attrs import frozen

SHIPPED = frozenset(
    {
        *("rubrics", "migrations", "profiles", "plugins"),
        *("validate", "migrate", "trend", "report", "score"),
    }
)
"""Kompass's own commands, whose names a plugin's command cannot take."""


def _no_arguments(parser: argparse.ArgumentParser) -> None:
    """A command without arguments of its own."""


@frozen
class Command:
    """A ``kompass`` subcommand."""

    name: str
    """What users type after ``kompass``: lower-case letters, digits and ``-``."""
    help: str
    """One line for ``kompass --help``."""
    run: Callable[[argparse.Namespace], int]
    """Does the work; returns the exit code (0 success, 1 invalid input)."""
    arguments: Callable[[argparse.ArgumentParser], None] = _no_arguments
    """Adds the command's arguments to its parser."""


__all__ = ["SHIPPED", "Command"]
