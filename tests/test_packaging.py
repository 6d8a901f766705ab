"""The built wheel carries its data and works from any directory."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from .conftest import EXAMPLES, REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from a copy of the repository's files."""
    source = tmp_path_factory.mktemp("source") / "kompass"
    shutil.copytree(
        REPO,
        source,
        ignore=shutil.ignore_patterns(
            ".venv",
            ".git",
            "build",
            "dist",
            "*.egg-info",
            ".*cache",
            "__pycache__",
            ".hypothesis",
            "test-output",
        ),
    )
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(source)],
        check=True,
    )
    (built,) = out.glob("kompass-*.whl")
    return built


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
    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / "python"
    subprocess.run([python, "-m", "pip", "install", "--no-deps", "-q", str(wheel)], check=True)
    # The dependencies come from this test environment's site-packages (a
    # plain path entry: its .pth files, such as an editable install's, are
    # not processed), so the test needs no network.
    target_site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(target_site, "test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    work = tmp_path / "elsewhere"
    work.mkdir()
    shutil.copy(EXAMPLES / "orebro-2015.toml", work / "örebro.toml")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(args, cwd=work, env=env, capture_output=True, text=True)

    located = run(str(python), "-c", "import kompass_core; print(kompass_core.__file__)")
    assert located.stdout.startswith(str(env_dir)), located
    listed = run(str(bin_dir / "kompass"), "rubrics", "list")
    assert listed.returncode == 0, listed.stderr
    assert "kommunkompassen-2010" in listed.stdout
    scored = run(str(bin_dir / "kompass"), "score", "--format", "csv", "örebro.toml")
    assert scored.returncode == 0, scored.stderr
    total = scored.stdout.strip().splitlines()[-1].split(",")
    assert total[:6] == ["total", "", "Totalt", "650.45", "650", "800"]
    module = run(str(python), "-m", "kompass_core", "validate", "örebro.toml")
    assert module.returncode == 0, module.stderr
