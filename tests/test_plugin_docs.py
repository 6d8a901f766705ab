"""docs/plugins.md documents every hook exactly as kompass_core/hookspecs.py defines it."""

from __future__ import annotations

import inspect
import json
import re
import textwrap
from pathlib import Path

from kompass_core import _plugins, hookspecs

from .conftest import REPO
from .venvs import FreshEnv

PAGE = (REPO / "docs" / "plugins.md").read_text("utf-8")
HEADING = re.compile(r"^### `(kompass_\w+)\((.*)\) -> (.+)`$", re.MULTILINE)


def _hooks() -> dict[str, object]:
    return {
        name: function
        for name, function in inspect.getmembers(hookspecs, inspect.isfunction)
        if name.startswith("kompass_")
    }


def _signature(function: object) -> str:
    """``(a: A, b: B) -> R`` with the annotations as written in hookspecs.py."""
    annotations = dict(function.__annotations__)  # type: ignore[attr-defined]
    returns = annotations.pop("return")
    params = ", ".join(f"{name}: {kind}" for name, kind in annotations.items())
    return f"({params}) -> {returns}"


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")


def test_every_hook_has_a_section() -> None:
    """Each hook in hookspecs.py has its own section, and the page documents no other."""
    assert sorted(m.group(1) for m in HEADING.finditer(PAGE)) == sorted(_hooks())


def test_documented_signatures_match_the_code() -> None:
    """Each section's heading gives the hook's exact parameters and return type."""
    documented = {m.group(1): f"({m.group(2)}) -> {m.group(3)}" for m in HEADING.finditer(PAGE)}
    assert documented == {name: _signature(f) for name, f in _hooks().items()}


def test_every_hook_says_how_results_are_combined() -> None:
    """Each hook's docstring says whether all results are collected or the first wins."""
    for name, function in _hooks().items():
        doc = inspect.getdoc(function) or ""
        assert "All plugins' results are collected" in doc or "first non-None" in doc, name


def test_hook_table_links_to_each_section() -> None:
    """The overview table links every hook to its section's anchor."""
    anchors = {_slug(f"{m.group(1)}({m.group(2)}) -> {m.group(3)}") for m in HEADING.finditer(PAGE)}
    linked = set(re.findall(r"\]\(#([^)]+)\)", PAGE))
    assert {a for a in linked if a.startswith("kompass_")} == anchors


def test_environment_switches_are_documented() -> None:
    """Both environment variables the plugin host reads are on the page."""
    assert f"`{_plugins.DISABLE_VARIABLE}=a,b`" in PAGE
    assert f"`{_plugins.TRACE_VARIABLE}=1`" in PAGE


def _tutorial_blocks() -> list[tuple[str, str]]:
    """The fenced blocks of "Your first plugin, step by step", in order: (language, code)."""
    section = PAGE.split("## Your first plugin, step by step", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"^( *)```(\w+)\n(.*?)^\1```$", section, re.MULTILINE | re.DOTALL)
    return [(lang, textwrap.dedent(code)) for _, lang, code in blocks]


def test_the_tutorial_makes_a_working_plugin(wheel: Path, tmp_path: Path) -> None:
    """Built from the page's own snippets and installed next to Kompass in a fresh
    environment, the tutorial's plugin is discovered, validates and scores its
    evaluation, and its tests pass."""
    blocks = _tutorial_blocks()
    [rubric, pyproject, evaluation] = [code for lang, code in blocks if lang == "toml"]
    [module, tests] = [code for lang, code in blocks if lang == "python"]
    package = tmp_path / "kompass-mine"
    (package / "kompass_mine" / "data").mkdir(parents=True)
    (package / "kompass_mine" / "data" / "mine-2024.toml").write_text(rubric, "utf-8")
    (package / "kompass_mine" / "__init__.py").write_text(module, "utf-8")
    (package / "pyproject.toml").write_text(pyproject, "utf-8")
    (package / "tests").mkdir()
    (package / "tests" / "test_mine.py").write_text(tests, "utf-8")
    (tmp_path / "exempelby.toml").write_text(evaluation, "utf-8")

    env = FreshEnv(tmp_path / "env", wheel, package)
    listed = env.run("kompass", "plugins", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert re.search(
        r"^mine +kompass-mine +0\.1\.0 +loaded +rubrics: mine-2024$", listed.stdout, re.M
    )
    validated = env.run("kompass", "validate", "exempelby.toml", cwd=tmp_path)
    assert (validated.returncode, validated.stdout) == (0, "exempelby.toml: valid\n")
    scored = env.run("kompass", "score", "--format", "json", "exempelby.toml", cwd=tmp_path)
    assert scored.returncode == 0, scored.stderr
    assert json.loads(scored.stdout)["total"]["points"] == 22.5
    tested = env.pytest(str(package / "tests"), cwd=tmp_path)
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert "2 passed" in tested.stdout
