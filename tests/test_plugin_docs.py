"""docs/plugins.md documents every hook exactly as kompass_core/hookspecs.py defines it."""

from __future__ import annotations

import inspect
import re

from kompass_core import _plugins, hookspecs

from .conftest import REPO

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
