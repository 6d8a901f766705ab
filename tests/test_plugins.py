"""The plugin host: entry points, third-party rubrics, conflicts and broken data."""

from __future__ import annotations

from decimal import Decimal
from importlib.metadata import entry_points
from pathlib import Path

import pytest

import kompass_core as kompass
from kompass_core import _plugins
from kompass_core.cli import main

from .conftest import EXAMPLES, FilePlugin

SMALL_RUBRIC = """
id = "{id}"
version = "1"
year = 2024
kind = "municipality"
max = 30
name = {{ sv = "Liten rubrik", en = "Small rubric" }}

[[areas]]
id = "A"
max = 30
name = {{ sv = "Område A" }}

[[areas.questions]]
id = "A.1"
max = 10
text = {{ sv = "Fråga ett" }}

[[areas.questions]]
id = "A.2"
max = 20
text = {{ sv = "Fråga två" }}
"""


def _rubric_file(folder: Path, rubric_id: str, text: str = SMALL_RUBRIC) -> Path:
    path = folder / f"{rubric_id}.toml"
    path.write_text(text.format(id=rubric_id), "utf-8")
    return path


def test_builtin_rubric_is_an_entry_point_plugin() -> None:
    """The 2010 rubric comes through the `kompass` entry-point group, like a third party's."""
    names = {ep.name: ep.value for ep in entry_points(group="kompass")}
    assert names["kommunkompassen-2010"] == "kompass_plugins.kommunkompassen_2010"
    registry = kompass.Registry.from_entry_points()
    plugin = next(p for p in registry.plugins if p.name == "kommunkompassen-2010")
    assert plugin.distribution == "kompass"
    assert "kommunkompassen-2010" in registry.rubric_ids()


def test_third_party_rubric_is_scored(tmp_path: Path) -> None:
    """A rubric from another plugin is validated and scored like the built-in ones."""
    registry = kompass.Registry.from_plugins(FilePlugin(_rubric_file(tmp_path, "small-2024")))
    evaluation = kompass.evaluation_from_data(
        {
            "rubric": "small-2024",
            "subject": {"name": "Testby", "kind": "municipality"},
            "evaluation": {"date": "2024-05-01"},
            "scores": {"A.1": {"percent": 55}, "A.2": {"points": 12.5}},
        },
        registry=registry,
    )
    result = kompass.score(evaluation, registry=registry)
    assert result.total.points == Decimal("18")  # 55 % of 10 + 12.5
    assert result.area("A").basis == "questions"


def test_two_plugins_with_one_rubric_id(tmp_path: Path) -> None:
    """Two plugins providing the same rubric id is a clear error naming both."""
    first = _rubric_file(tmp_path, "small-2024")
    other = tmp_path / "other"
    other.mkdir()
    second = _rubric_file(other, "small-2024")
    registry = kompass.Registry.from_plugins(FilePlugin(first), FilePlugin(second))
    with pytest.raises(kompass.PluginError) as caught:
        registry.rubric("small-2024")
    names = [p.name for p in registry.plugins if p.name != _plugins.BUILTIN]
    assert len(names) == 2
    message = str(caught.value)
    assert "'small-2024'" in message
    assert all(repr(name) in message for name in names)
    assert "small-2024" not in registry.rubric_ids()


def test_conflict_with_a_builtin(tmp_path: Path) -> None:
    """A plugin reusing a built-in id makes that id unusable, naming both plugins."""
    registry = kompass.Registry.from_entry_points(
        plugins=[FilePlugin(_rubric_file(tmp_path, "kommunkompassen-2010"))]
    )
    with pytest.raises(kompass.PluginError) as caught:
        registry.rubric("kommunkompassen-2010")
    assert "plugins 'FilePlugin' and 'kommunkompassen-2010'" in str(caught.value)


def test_invalid_plugin_rubric_is_reported_and_the_rest_works(tmp_path: Path) -> None:
    """A plugin's broken rubric is one problem naming the plugin; other rubrics still load."""
    broken = _rubric_file(tmp_path, "broken-2024", SMALL_RUBRIC.replace("max = 20", "max = 25"))
    registry = kompass.Registry.from_entry_points(plugins=[FilePlugin(broken)])
    problems = registry.problems
    assert len(problems) == 1
    assert "maxima do not add up" in problems[0].message
    assert problems[0].message.startswith("plugin '")
    assert problems[0].file == str(broken)
    assert registry.rubric("kommunkompassen-2010").id == "kommunkompassen-2010"


def test_raising_hook_is_reported(tmp_path: Path) -> None:
    """A plugin whose hook raises is reported by name; the others keep working."""

    class Raising:
        @kompass.hookimpl
        def kompass_rubrics(self) -> list[Path]:
            raise RuntimeError("boom")

    registry = kompass.Registry.from_entry_points(plugins=[Raising()])
    assert "kommunkompassen-2010" in registry.rubric_ids()
    assert len(registry.problems) == 1
    assert "RuntimeError: boom" in registry.problems[0].message


def test_cli_reports_plugin_problems(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`rubrics list` lists what works, reports the broken plugin and exits 1;
    scoring a file that does not need that plugin succeeds."""
    broken = _rubric_file(tmp_path, "broken-2024", "id = 3")
    registry = kompass.Registry.from_entry_points(plugins=[FilePlugin(broken)])
    monkeypatch.setattr(_plugins, "default_registry", lambda: registry)
    assert main(["rubrics", "list"]) == 1
    captured = capsys.readouterr()
    assert "kommunkompassen-2010" in captured.out
    assert len(captured.err.strip().splitlines()) >= 1
    assert all(str(broken) in line for line in captured.err.strip().splitlines())
    assert main(["score", str(EXAMPLES / "orebro-2015.toml")]) == 0


def test_public_api_names_resolve() -> None:
    """Every name in kompass_core.__all__ is importable (they load lazily)."""
    for name in kompass.__all__:
        assert getattr(kompass, name) is not None
    assert set(kompass._LAZY) | {"__version__"} == set(kompass.__all__)


class MisnamedHook:
    """Implements a hook that does not exist (a typo of kompass_rubrics)."""

    @kompass.hookimpl
    def kompass_rubric(self) -> list[Path]:
        return []


class ReturnsJunk:
    """Returns things that are not data files."""

    def __init__(self, result: object) -> None:
        self.result = result

    @kompass.hookimpl
    def kompass_rubrics(self) -> object:
        return self.result


def test_misnamed_hook_is_reported_and_the_rest_works() -> None:
    """A plugin implementing an unknown hook is left out with one problem naming it."""
    registry = kompass.Registry.from_entry_points(plugins=[MisnamedHook()])
    assert "kommunkompassen-2010" in registry.rubric_ids()
    (problem,) = registry.problems
    assert problem.file == "plugin MisnamedHook"
    assert "kompass_rubric" in problem.message
    states = {p.name: p.state for p in registry.plugins}
    assert states["MisnamedHook"] == "failed"


@pytest.mark.parametrize("result", [[None], 5, [3.5]])
def test_hook_returning_junk_is_reported(result: object) -> None:
    """A hook that returns something other than files is reported, not a crash."""
    registry = kompass.Registry.from_entry_points(plugins=[ReturnsJunk(result)])
    assert "kommunkompassen-2010" in registry.rubric_ids()
    (problem,) = registry.problems
    assert "expected data files" in problem.message
    assert problem.file == "plugin ReturnsJunk"


def test_plugin_registered_twice_is_reported() -> None:
    """Registering the built-in plugin again is a problem, not an exception."""
    import kompass_plugins.kommunkompassen_2010 as builtin

    registry = kompass.Registry.from_entry_points(plugins=[builtin])
    assert registry.rubric("kommunkompassen-2010").id == "kommunkompassen-2010"
    (problem,) = registry.problems
    assert "expected each plugin once" in problem.message


def test_unknown_rubric_mentions_plugin_problems(tmp_path: Path) -> None:
    """When a plugin is broken, an unknown rubric says so instead of only 'unknown'."""
    registry = kompass.Registry.from_entry_points(plugins=[ReturnsJunk([None])])
    with pytest.raises(kompass.InvalidInputError) as caught:
        kompass.evaluation_from_data(
            {
                "rubric": "x-2020",
                "subject": {"name": "a", "kind": "region"},
                "evaluation": {"date": "2020"},
            },
            registry=registry,
        )
    (problem,) = caught.value.problems
    assert problem.path == "rubric"
    assert "some plugins have problems" in problem.message
