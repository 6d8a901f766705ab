"""The README's promises: the quick start that CI runs, and the messages it shows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kompass_core.cli import main

from .conftest import EXAMPLES, REPO

README = (REPO / "README.md").read_text("utf-8")


def _quick_start() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_quick_start_has_two_commands() -> None:
    """One command scores an example, one runs the tests."""
    setup, tests = _quick_start()
    assert "kompass score examples/orebro-2015.toml" in setup
    assert tests.endswith("pytest")


def test_ci_runs_the_readme_test_command() -> None:
    """`.ci/run` runs exactly the README's test command (apart from pip's -q)."""
    _, tests = _quick_start()
    ci = (REPO / ".ci" / "run").read_text("utf-8")
    assert tests in ci


def test_readme_error_example_is_real(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The sample error line in the README is what `kompass validate` prints."""
    sample = next(line for line in README.splitlines() if line.startswith("examples/bad.toml:"))
    text = (EXAMPLES / "orebro-2015.toml").read_text("utf-8").replace('"1.5" =', '"1.9" =', 1)
    bad = tmp_path / "bad.toml"
    bad.write_text(text, "utf-8")
    assert main(["validate", str(bad)]) == 1
    printed = capsys.readouterr().out.strip().splitlines()
    expected = sample.replace("examples/bad.toml", str(bad))
    assert expected in printed
