"""Helpers for testing a Kompass plugin without installing it, or after.

::

    import my_plugin
    from kompass_core.testing import check_plugin, run

    def test_data_is_valid():
        assert check_plugin(my_plugin) == []   # rubrics, migrations, profiles, hooks

    def test_rubric_is_listed():
        result = run(["rubrics", "list"], my_plugin)
        assert result.exit_code == 0
        assert "my-rubric-2024" in result.stdout

With ``pytest_plugins = ["kompass_core.testing"]`` in a ``conftest.py``, the
fixture ``kompass_cli`` is :func:`run` (``kompass_cli(["validate", path],
my_plugin)``).  A plugin that is installed already (through its entry point)
is used as installed; any other is registered in-process next to the
installed ones.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from contextlib import redirect_stderr, redirect_stdout
from typing import Any

from attrs import frozen

from kompass_core._plugins import Registry, using
from kompass_core.errors import Problem


@frozen
class Result:
    """What a command line run gave: its exit code and everything it printed."""

    exit_code: int
    stdout: str
    stderr: str


def registry(*plugins: Any) -> Registry:
    """The installed plugins' registry, with ``plugins`` registered too unless
    they are installed already."""
    installed = Registry.from_entry_points()
    extra = [p for p in plugins if not installed.pm.is_registered(p)]
    return Registry.from_entry_points(extra) if extra else installed


def plugin_names(reg: Registry, *plugins: Any) -> list[str]:
    """The names ``plugins`` are registered under in ``reg``."""
    names = []
    for plugin in plugins:
        name = reg.pm.get_name(plugin)
        if name is None:  # left out (broken): its problems carry the name it was given
            name = getattr(plugin, "__name__", None) or type(plugin).__name__
        names.append(name)
    return names


def check_plugin(*plugins: Any) -> list[Problem]:
    """Every problem with what ``plugins`` provide, validated exactly as
    Kompass validates it when it loads them: schema and semantic checks of
    each rubric, migration and reference profile, the hooks' results, and
    conflicts with the installed plugins.  Empty when all is well."""
    reg = registry(*plugins)
    found: list[Problem] = []
    for name in plugin_names(reg, *plugins):
        mine = reg.problems_of(name)
        found += [
            p for p in reg.problems if (p in mine or f"{name!r}" in p.message) and p not in found
        ]
    return found


def run(argv: Sequence[str], *plugins: Any) -> Result:
    """Run ``kompass ARGV`` in this process with ``plugins`` registered next to
    the installed ones, and return its exit code and output."""
    from kompass_core.cli import main

    out, err = io.StringIO(), io.StringIO()
    with using(registry(*plugins)), redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as stop:  # wrong usage, --help, --version
            code = stop.code if isinstance(stop.code, int) else 1 if stop.code else 0
    return Result(code, out.getvalue(), err.getvalue())


try:
    import pytest
except ImportError:  # pytest is needed only for the fixture
    pass
else:

    @pytest.fixture
    def kompass_cli() -> Callable[..., Result]:
        """:func:`run`: ``kompass_cli(["score", path], my_plugin)``."""
        return run


__all__ = ["Result", "check_plugin", "kompass_cli", "plugin_names", "registry", "run"]
