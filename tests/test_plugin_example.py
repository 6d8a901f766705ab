"""The worked plugin of docs/plugins.md, installed into a fresh virtual
environment next to Kompass: discovered through its entry point, used by
every command, and passing its own tests (which use kompass_core.testing)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from .conftest import REPO
from .venvs import IGNORED, FreshEnv

EXAMPLE = REPO / "docs" / "examples" / "kompass-kommunekompasset"


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[FreshEnv, Path]:
    """A fresh environment with Kompass and the example plugin; a copy of the
    example's folder (tests and example files) outside the repository."""
    folder = tmp_path_factory.mktemp("plugin-example")
    copy = folder / "kompass-kommunekompasset"
    shutil.copytree(EXAMPLE, copy, ignore=IGNORED)
    return FreshEnv(folder / "env", wheel, copy), copy


def test_discovered_through_its_entry_point(installed: tuple[FreshEnv, Path]) -> None:
    """kompass plugins lists the distribution, its version and what it provides."""
    env, copy = installed
    listed = env.run("kompass", "plugins", "--format", "json", cwd=copy)
    assert listed.returncode == 0, listed.stderr
    (plugin,) = [p for p in json.loads(listed.stdout)["plugins"] if p["name"] == "kommunekompasset"]
    assert plugin == {
        "name": "kommunekompasset",
        "distribution": "kompass-kommunekompasset",
        "version": "1.0.0",
        "state": "loaded",
        "provides": {
            "rubrics": ["kommunekompasset-2010"],
            "migrations": [
                "kommunekompasset-2010->kommunkompassen-2010",
                "kommunkompassen-2010->kommunekompasset-2010",
            ],
            "profiles": ["kommunekompasset-2010-svensk-snitt-2017"],
            "checks": ["evaluations"],
            "formats": ["semikolon-csv"],
        },
    }


def test_every_command_uses_it(installed: tuple[FreshEnv, Path]) -> None:
    """rubrics list, validate, score and migrate work with the plugin's rubric."""
    env, copy = installed
    listed = env.run("kompass", "rubrics", "list", "--lang", "nb", cwd=copy)
    assert listed.returncode == 0, listed.stderr
    assert "kommunekompasset-2010" in listed.stdout
    good, bad = "examples/eksempelby-2024.toml", "examples/eksempelby-feil-kommunenummer.toml"
    validated = env.run("kompass", "validate", good, bad, cwd=copy)
    assert validated.returncode == 1
    assert f"{good}: valid" in validated.stdout
    assert f"{bad}: subject.code: expected a kommunenummer of four digits" in validated.stdout
    scored = env.run("kompass", "score", "--format", "semikolon-csv", good, cwd=copy)
    assert scored.returncode == 0, scored.stderr
    assert scored.stdout.splitlines()[-1] == "total;Totalt;490,00;490;800"
    migrated = env.run(
        "kompass", "migrate", good, "--to", "kommunkompassen-2016", "--format", "json", cwd=copy
    )
    assert migrated.returncode == 0, migrated.stderr
    path = json.loads(migrated.stdout)["migration"]["path"]
    assert path == ["kommunekompasset-2010", "kommunkompassen-2010", "kommunkompassen-2016"]


def test_its_own_tests_pass(installed: tuple[FreshEnv, Path]) -> None:
    """The example's tests pass against the installed plugin (not the source copy)."""
    env, copy = installed
    elsewhere = copy.parent / "elsewhere"
    elsewhere.mkdir(exist_ok=True)
    located = env.run(
        "python", "-c", "import kompass_kommunekompasset as k; print(k.__file__)", cwd=elsewhere
    )
    assert located.stdout.startswith(str(env.folder)), located
    tests = env.pytest("--rootdir", str(copy), str(copy / "tests"), cwd=elsewhere)
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "8 passed" in tests.stdout
