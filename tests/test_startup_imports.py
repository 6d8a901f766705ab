"""Quick commands import only what they need (what start-up time is made of;
benchmarks/ times it, this checks it without timing)."""

from __future__ import annotations

import subprocess
import sys

import pytest

# Modules that cost start-up time and that neither command below needs.
HEAVY = {
    "importlib.metadata": "entry points are read by kompass_core._entry_points",
    "email": "imported by importlib.metadata",
    "hashlib": "a fingerprint is hashed on first use",
    "difflib": "only for the 'did you mean' of an unknown hook",
    "jsonschema": "kompass_core._fastschema checks valid data",
    "kompass_core.model._evaluation": "no evaluation is read",
    "kompass_core.model._migration": "no migration is read",
    "kompass_core.scoring": "nothing is scored",
}


def _imported(*argv: str) -> set[str]:
    """The modules a fresh interpreter has imported after running ``kompass argv``."""
    code = (
        "import contextlib, io, sys\n"
        "from kompass_core.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        f"        main({list(argv)!r})\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print('\\n'.join(sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(done.stdout.split())


@pytest.mark.parametrize("argv", [["rubrics", "list"], ["--version"]])
def test_quick_commands_leave_heavy_modules_alone(argv: list[str]) -> None:
    """kompass rubrics list and --version import none of HEAVY."""
    imported = _imported(*argv)
    assert "kompass_core.cli" in imported
    assert {name: why for name, why in HEAVY.items() if name in imported} == {}


def test_version_imports_no_plugin_machinery() -> None:
    """kompass --version needs neither attrs nor pluggy nor the model."""
    imported = _imported("--version")
    assert not {"attrs", "pluggy", "kompass_core.model", "tomllib"} & imported


def test_listing_rubrics_reads_the_rubric_model_only() -> None:
    """kompass rubrics list builds rubrics (so the rubric model is imported)."""
    assert "kompass_core.model._rubric" in _imported("rubrics", "list")
