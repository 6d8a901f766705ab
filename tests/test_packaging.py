"""The built wheel carries its data and works from any directory."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from .conftest import EXAMPLES
from .venvs import FreshEnv


def test_wheel_contains_data(wheel: Path) -> None:
    """Schemas, rubric definitions and plugins travel inside the wheel."""
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in [
        "kompass_core/schemas/evaluation.schema.json",
        "kompass_core/schemas/rubric.schema.json",
        "kompass_core/schemas/common.schema.json",
        "kompass_rubrics/kommunkompassen-2010.toml",
        "kompass_rubrics/kommunkompassen-2016.toml",
        "kompass_rubrics/profiles/kommunkompassen-2010-mean-2017.toml",
        "kompass_plugins/kommunkompassen_2010/__init__.py",
    ]:
        assert expected in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "[kompass]" in text
    assert "kommunkompassen-2010 = kompass_plugins.kommunkompassen_2010" in text


def test_installed_wheel_works_from_another_directory(wheel: Path, tmp_path: Path) -> None:
    """In a fresh virtual environment, the CLI scores an example from an unrelated folder."""
    env = FreshEnv(tmp_path / "env", wheel)
    work = tmp_path / "elsewhere"
    work.mkdir()
    shutil.copy(EXAMPLES / "orebro-2015.toml", work / "örebro.toml")

    located = env.run("python", "-c", "import kompass_core; print(kompass_core.__file__)", cwd=work)
    assert located.stdout.startswith(str(env.folder)), located
    listed = env.run("kompass", "rubrics", "list", cwd=work)
    assert listed.returncode == 0, listed.stderr
    assert "kommunkompassen-2010" in listed.stdout
    scored = env.run("kompass", "score", "--format", "csv", "örebro.toml", cwd=work)
    assert scored.returncode == 0, scored.stderr
    total = scored.stdout.strip().splitlines()[-1].split(",")
    assert total[:6] == ["total", "", "Totalt", "650.45", "650", "800"]
    module = env.run("python", "-m", "kompass_core", "validate", "örebro.toml", cwd=work)
    assert module.returncode == 0, module.stderr
    version = env.run("kompass", "--version", cwd=work)
    installed = env.run(
        "python", "-c", "import importlib.metadata as m; print(m.version('kompass'))", cwd=work
    )
    assert version.stdout == f"kompass {installed.stdout}", (version, installed)
