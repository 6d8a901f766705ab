"""Fresh virtual environments with Kompass installed from a built wheel.

The fixture ``wheel`` builds Kompass's wheel once per session; ``FreshEnv``
installs it (and any further packages, such as a plugin) into a new virtual
environment whose dependencies come from this test environment, so that the
tests need no network beyond building.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

IGNORED = shutil.ignore_patterns(
    ".venv",
    ".git",
    "build",
    "dist",
    "*.egg-info",
    ".*cache",
    "__pycache__",
    ".hypothesis",
    "test-output",
)


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from a copy of the repository's files."""
    source = tmp_path_factory.mktemp("source") / "kompass"
    shutil.copytree(REPO, source, ignore=IGNORED)
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(source)],
        check=True,
    )
    (built,) = out.glob("kompass-*.whl")
    return built


class FreshEnv:
    """A new virtual environment in ``folder`` with ``packages`` installed
    (wheels or project folders, without their dependencies)."""

    def __init__(self, folder: Path, *packages: Path) -> None:
        self.folder = folder
        self.env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
        venv.create(folder, with_pip=True)
        self.bin = folder / ("Scripts" if os.name == "nt" else "bin")
        self.python = self.bin / "python"
        pip = [self.python, "-m", "pip", "install", "--no-deps", "-q"]
        subprocess.run([*pip, *map(str, packages)], check=True)
        # The dependencies come from this test environment's site-packages (a
        # plain path entry: its .pth files, such as an editable install's, are
        # not processed, so this environment's own Kompass stays out).
        Path(self.site_packages(), "test-deps.pth").write_text(
            sysconfig.get_paths()["purelib"] + "\n"
        )

    def site_packages(self) -> str:
        return self.run(
            str(self.python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"
        ).stdout.strip()

    def run(self, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        """Run a program (``kompass``, ``python``: from this environment) in ``cwd``."""
        program = args[0]
        if (self.bin / program).exists():
            program = str(self.bin / program)
        return subprocess.run(
            [program, *args[1:]],
            cwd=cwd,
            env=self.env,
            capture_output=True,
            text=True,
        )

    def pytest(self, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        """Run pytest in this environment (quietly, leaving no cache behind)."""
        return self.run("python", "-m", "pytest", "-q", "-p", "no:cacheprovider", *args, cwd=cwd)
