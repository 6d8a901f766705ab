"""Shared fixtures: the repository's folders and the installed registry."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

import kompass_core as kompass

# No time limit per example: a property's first example pays for loading rubrics
# and building validators, and this machine has slow spells; a deadline would be
# a timed unit test (speed is measured by the benchmarks instead).
settings.register_profile("kompass", deadline=None)
settings.load_profile("kompass")

# The session fixture ``browser`` (headless Chromium) for the report tests.
# The session fixture ``wheel`` (Kompass built once) for the installation tests.
pytest_plugins = ["tests.browser", "tests.venvs"]

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"


class FilePlugin:
    """A third-party plugin that provides rubric files."""

    def __init__(self, *files: Path) -> None:
        self.files = files

    @kompass.hookimpl
    def kompass_rubrics(self) -> list[Path]:
        return list(self.files)


@pytest.fixture
def examples() -> Path:
    """The bundled example evaluations."""
    return EXAMPLES
