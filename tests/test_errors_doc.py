"""docs/errors.md shows real output: each console block is run, and every line it shows
must be printed, in that order.

A block is a ``console`` fence of ``$ kompass ...`` commands, each followed by lines of
its output (a page may leave lines out, never invent or reorder them).  The commands
run from a folder holding the repository's ``examples/``, ``rubrics/`` and
``tests/bad_inputs/``; a ``<!-- setup: ... -->`` comment just before a block names
what must be true first (a directory, a broken plugin, ...).  A command with
environment variables (``NAME=value kompass ...``) runs in a process of its own, as
it would in a shell; the others run in-process.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import kompass_core as kompass
from kompass_core import _plugins, _reading
from kompass_core.cli import main

from .conftest import REPO

DOC = REPO / "docs" / "errors.md"
SETUP = re.compile(r"<!-- setup: (.+) -->")


@dataclass(frozen=True)
class Command:
    env: dict[str, str]
    argv: list[str]
    shown: list[str]


@dataclass(frozen=True)
class Block:
    line: int
    setup: str | None
    commands: list[Command]


def _command(text: str) -> tuple[dict[str, str], list[str]]:
    words = shlex.split(text)
    env = {}
    while words and re.fullmatch(r"[A-Z_]+=.*", words[0]):
        name, _, value = words.pop(0).partition("=")
        env[name] = value
    assert words[:1] == ["kompass"], f"not a kompass command: {text!r}"
    return env, words[1:]


def blocks() -> list[Block]:
    """The console blocks of the page, with their setups."""
    lines = DOC.read_text("utf-8").splitlines()
    found, index = [], 0
    while index < len(lines):
        if lines[index] != "```console":
            index += 1
            continue
        before = lines[index - 1] if index else ""
        setup = SETUP.fullmatch(before)
        start, index = index + 1, index + 1
        commands: list[Command] = []
        while lines[index] != "```":
            text = lines[index]
            if text.startswith("$ "):
                env, argv = _command(text[2:])
                commands.append(Command(env, argv, []))
            else:
                assert commands, f"docs/errors.md:{index + 1}: output before any command"
                commands[-1].shown.append(text)
            index += 1
        found.append(Block(start, setup.group(1) if setup else None, commands))
    return found


BLOCKS = blocks()


# -- setups --------------------------------------------------------------------------


def _plugin(name: str, *files: str) -> Any:
    """A plugin object named ``name`` that provides rubric ``files``."""

    class Plugin:
        __name__ = name

        @kompass.hookimpl
        def kompass_rubrics(self) -> list[Path]:
            return [Path(f) for f in files]

    return Plugin()


def _with_plugin(plugin: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    registry = kompass.Registry.from_entry_points(plugins=[plugin])
    monkeypatch.setattr(_plugins, "default_registry", lambda: registry)


def _unreadable(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = folder / "secret.toml"
    shutil.copyfile(REPO / "examples" / "orebro-2015.toml", secret)
    secret.chmod(0)
    if os.geteuid() == 0:  # root reads it anyway: let opening it fail as for anyone else
        real_open = open

        def refuse(name: Any, *args: Any, **kwargs: Any) -> Any:
            if os.path.abspath(name) == str(secret):
                raise PermissionError(13, "Permission denied", name)
            return real_open(name, *args, **kwargs)

        monkeypatch.setattr(_reading, "open", refuse, raising=False)


def _raising(error: BaseException) -> Callable[..., Any]:
    def load(*args: Any, **kwargs: Any) -> Any:
        raise error

    return load


def _copy_2010(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = folder / "copy" / "kommunkompassen-2010.toml"
    copy.parent.mkdir()
    shutil.copyfile(REPO / "rubrics" / "kommunkompassen-2010.toml", copy)
    _with_plugin(_plugin("kompass-copy", str(copy)), monkeypatch)


SETUPS: dict[str, Callable[[Path, pytest.MonkeyPatch], None]] = {
    "a directory named evaluations.toml": lambda folder, _: (folder / "evaluations.toml").mkdir(),
    "secret.toml without read permission": _unreadable,
    "out.toml exists": lambda folder, _: (folder / "out.toml").write_text("earlier\n"),
    "a plugin kompass-example providing tests/bad_inputs/rubric/maxima-do-not-add-up.toml": (
        lambda _, patch: _with_plugin(
            _plugin("kompass-example", "tests/bad_inputs/rubric/maxima-do-not-add-up.toml"), patch
        )
    ),
    "a plugin kompass-copy providing a copy of rubrics/kommunkompassen-2010.toml": _copy_2010,
    "a bug in score_file": lambda _, patch: patch.setattr(
        "kompass_core._api.score_file", _raising(ZeroDivisionError("division by zero"))
    ),
    "an interrupt while scoring": lambda _, patch: patch.setattr(
        "kompass_core._api.score_file", _raising(KeyboardInterrupt())
    ),
}


# -- running a block -------------------------------------------------------------------


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder that looks like the repository's root to the commands, for them to run in."""
    for name in ("examples", "rubrics"):
        (tmp_path / name).symlink_to(REPO / name)
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "bad_inputs").symlink_to(REPO / "tests" / "bad_inputs")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _script() -> str:
    script = Path(sys.executable).parent / "kompass"
    found = str(script) if script.exists() else shutil.which("kompass")
    assert found, "the kompass console script is not installed"
    return found


def _run(command: Command, folder: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    if command.env:
        done = subprocess.run(
            [_script(), *command.argv],
            cwd=folder,
            env={**os.environ, **command.env},
            capture_output=True,
            text=True,
            timeout=60,
        )
        return (done.stdout + done.stderr).splitlines()
    with contextlib.suppress(SystemExit):  # wrong usage: argparse exits
        main(command.argv)
    captured = capsys.readouterr()
    return (captured.out + captured.err).splitlines()


@pytest.mark.parametrize("block", BLOCKS, ids=[f"line-{b.line}" for b in BLOCKS])
def test_example_output_is_real(
    block: Block, folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every line the page shows after a command is printed by it, in the same order."""
    if block.setup is not None:
        SETUPS[block.setup](folder, monkeypatch)
    for command in block.commands:
        printed = _run(command, folder, capsys)
        assert "Traceback" not in "\n".join(printed)
        remaining = iter(printed)
        for line in command.shown:
            assert line in remaining, (
                f"docs/errors.md (block at line {block.line}): $ kompass {' '.join(command.argv)}"
                f"\nshows    {line!r}\nprinted  {printed}"
            )


def test_page_is_checked_whole() -> None:
    """Every fence on the page is a console block with output shown, every setup is known,
    and the page covers each kind of error."""
    text = DOC.read_text("utf-8")
    fences = re.findall(r"^```(\S*)$", text, re.MULTILINE)
    assert set(fences[0::2]) == {"console"}, "a code block the test does not run"
    assert all(command.shown for block in BLOCKS for command in block.commands)
    assert {b.setup for b in BLOCKS} - {None} == set(SETUPS)
    headings = re.findall(r"^## (.+)$", text, re.MULTILINE)
    assert headings == [
        "Reading files",
        "Syntax errors",
        "The shape of a file",
        "Checks against the rubric",
        "Migrations",
        "Plugins",
        "Writing output",
        "Usage and exit codes",
    ]
