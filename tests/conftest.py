"""Shared fixtures: the repository's folders and the installed registry."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"


@pytest.fixture
def examples() -> Path:
    """The bundled example evaluations."""
    return EXAMPLES
