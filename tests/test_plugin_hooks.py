"""The extension points beyond data: checks, output formats, commands; the
environment switches; and isolation of plugins that break in each way."""

from __future__ import annotations

import argparse
import json
import textwrap
from pathlib import Path
from typing import Any

import pytest

import kompass_core as kompass
from kompass_core.commands import Command
from kompass_core.formats import OutputFormat
from kompass_core.testing import check_plugin, run

from .conftest import EXAMPLES, REPO, FilePlugin

OREBRO = str(EXAMPLES / "orebro-2015.toml")


def _registry_plugins(result_stdout: str) -> dict[str, Any]:
    return {p["name"]: p for p in json.loads(result_stdout)["plugins"]}


# -- checks ----------------------------------------------------------------------------


class CodeCheck:
    """Requires a subject code, as an error, and warns about a missing note."""

    @kompass.hookimpl
    def kompass_check_evaluation(
        self, evaluation: kompass.Evaluation, rubric: kompass.Rubric
    ) -> list[kompass.Problem]:
        found = []
        if evaluation.subject.code != "1880":
            found.append(kompass.Problem("expected code '1880'", path="subject.code"))
        if evaluation.note is None:
            found.append(
                kompass.Problem("expected a note", path="evaluation.note", severity="warning")
            )
        return found


class RaisingCheck:
    @kompass.hookimpl
    def kompass_check_evaluation(self, evaluation: kompass.Evaluation) -> None:
        raise ZeroDivisionError("the check broke")


class JunkCheck:
    @kompass.hookimpl
    def kompass_check_evaluation(self) -> list[str]:
        return ["not a problem object"]


def test_check_error_makes_the_evaluation_invalid(tmp_path: Path) -> None:
    """A check's error is one line naming the file, the key, and the plugin; exit 1."""
    text = Path(OREBRO).read_text("utf-8").replace('code = "1880"', 'code = "1881"')
    other = tmp_path / "other.toml"
    other.write_text(text, "utf-8")
    result = run(["validate", OREBRO, str(other)], CodeCheck())
    assert result.exit_code == 1
    assert f"{OREBRO}: valid (1 warning(s))" in result.stdout
    assert (
        f"{other}: subject.code: expected code '1880' (check of plugin 'CodeCheck')\n"
        in result.stdout
    )


def test_check_warning_goes_with_the_score() -> None:
    """A check's warning is printed by score, which still succeeds."""
    result = run(["score", OREBRO], CodeCheck())
    assert result.exit_code == 0
    assert result.stderr == (
        f"{OREBRO}: evaluation.note: warning: expected a note (check of plugin 'CodeCheck')\n"
    )
    warnings = kompass.score_file(
        OREBRO, check_registry := kompass.Registry.from_entry_points([CodeCheck()])
    ).warnings
    assert [w.path for w in warnings] == ["evaluation.note"]
    assert check_registry.problems == []


def test_a_check_that_raises_is_a_warning_naming_the_plugin() -> None:
    """A broken check does not make a good evaluation invalid; it says which plugin broke."""
    result = run(["validate", OREBRO], RaisingCheck())
    assert result.exit_code == 0
    assert (
        f"{OREBRO}: warning: plugin 'RaisingCheck': plugin hook kompass_check_evaluation failed: "
        "expected a list of problems, found ZeroDivisionError: the check broke"
    ) in result.stdout


def test_a_check_returning_junk_is_a_warning() -> None:
    """A check returning something other than problems is reported, not a crash."""
    result = run(["validate", OREBRO], JunkCheck())
    assert result.exit_code == 0
    assert "expected kompass_core.Problem values, found 'not a problem object'" in result.stdout


# -- output formats --------------------------------------------------------------------


class Totals(OutputFormat):
    name = "totals"
    description = "one line: subject and total"

    def render_score(self, result: kompass.ScoreResult, lang: str) -> str:
        return f"{result.evaluation.subject.name}\t{result.total.rounded}\n"

    def render_trend(self, trend: kompass.Trend, lang: str) -> str:
        return "".join(f"{s.subject.name}\t{len(s.entries)}\n" for s in trend.series)

    def render_report(self, report: kompass.Report, lang: str) -> str:
        return f"report of {report.current.evaluation.subject.name}\n"


class FormatPlugin:
    def __init__(self, *formats: Any) -> None:
        self.formats = formats

    @kompass.hookimpl
    def kompass_output_formats(self) -> list[Any]:
        return list(self.formats)


def test_plugin_format_serves_score_trend_and_report(tmp_path: Path) -> None:
    """--format NAME renders through the plugin, to stdout or atomically to -o."""
    plugin = FormatPlugin(Totals())
    scored = run(["score", "--format", "totals", OREBRO], plugin)
    assert (scored.exit_code, scored.stdout) == (0, "Örebro kommun\t650\n")
    trend = run(["trend", "--format", "totals", str(EXAMPLES)], plugin)
    assert trend.exit_code == 0, trend.stderr
    assert "Örebro kommun\t3\n" in trend.stdout
    out = tmp_path / "r.txt"
    report = run(["report", "--format", "totals", OREBRO, "-o", str(out)], plugin)
    assert report.exit_code == 0, report.stderr
    assert out.read_text("utf-8") == "report of Örebro kommun\n"


def test_format_serves_only_what_it_renders() -> None:
    """trend refuses a format without render_trend as wrong usage (exit 2)."""

    class ScoreOnly(OutputFormat):
        name = "score-only"

        def render_score(self, result: kompass.ScoreResult, lang: str) -> str:
            return "x"

    result = run(["trend", "--format", "score-only", str(EXAMPLES)], FormatPlugin(ScoreOnly()))
    assert result.exit_code == 2
    assert "expected one of table, json, csv, html, found 'score-only'" in result.stderr
    assert ScoreOnly().commands() == ("score",)


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        (type("Json", (Totals,), {"name": "json"})(), "a name of its own for the format"),
        (type("Bare", (OutputFormat,), {"name": "bare"})(), "found none"),
        (type("Caps", (Totals,), {"name": "Caps"})(), "lower-case letters"),
        ("csv", "OutputFormat subclasses, found 'csv'"),
    ],
    ids=["shipped-name", "renders-nothing", "bad-name", "not-a-format"],
)
def test_bad_formats_are_reported_and_left_out(form: Any, expected: str) -> None:
    """Each bad format is one problem naming the plugin; the shipped formats still work."""
    plugin = FormatPlugin(form)
    (problem,) = check_plugin(plugin)
    assert problem.file == "plugin FormatPlugin"
    assert expected in problem.message
    assert run(["score", "--format", "json", OREBRO], plugin).exit_code == 0


def test_two_plugins_with_one_format_name() -> None:
    """A format name two plugins provide is an error naming both; neither is used."""
    first, second = FormatPlugin(Totals()), FormatPlugin(Totals())
    registry = kompass.Registry.from_plugins(first, second)
    assert registry.formats() == {}
    (problem,) = registry.problems
    assert "'FormatPlugin' and 'FormatPlugin#2'" in problem.message


# -- commands --------------------------------------------------------------------------


def _hello_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name")
    parser.add_argument("--shout", action="store_true")


def _hello(args: argparse.Namespace) -> int:
    greeting = f"hej {args.name}"
    print(greeting.upper() if args.shout else greeting)
    return 0


def _broken(args: argparse.Namespace) -> int:
    raise KeyError("oops")


def _refusing(args: argparse.Namespace) -> int:
    raise kompass.KompassError("nothing to do: expected a file, found none")


class CommandPlugin:
    def __init__(self, *commands: Any) -> None:
        self.commands = commands
        self.calls = 0

    @kompass.hookimpl
    def kompass_commands(self) -> list[Any]:
        self.calls += 1
        return list(self.commands)


HELLO = Command("hello", "greet someone", _hello, _hello_arguments)


def test_plugin_command_runs_with_its_arguments() -> None:
    """kompass hello NAME --shout parses the plugin's arguments and returns its exit code."""
    result = run(["hello", "Kramfors", "--shout"], CommandPlugin(HELLO))
    assert (result.exit_code, result.stdout) == (0, "HEJ KRAMFORS\n")


def test_help_lists_plugin_commands() -> None:
    """kompass --help names the plugin's command and the plugin."""
    result = run(["--help"], CommandPlugin(HELLO))
    assert result.exit_code == 0
    assert "greet someone [plugin CommandPlugin]" in result.stdout


def test_help_before_a_command_lists_every_command() -> None:
    """kompass --help score is Kompass's help: every command, the plugin's too."""
    result = run(["--help", "score"], CommandPlugin(HELLO))
    assert result.exit_code == 0
    assert "validate" in result.stdout
    assert "greet someone [plugin CommandPlugin]" in result.stdout


def test_commands_are_not_loaded_for_kompass_own() -> None:
    """Kompass's own commands and --version never call the commands hook."""
    plugin = CommandPlugin(HELLO)
    assert run(["--version"], plugin).exit_code == 0
    assert run(["score", OREBRO], plugin).exit_code == 0
    assert plugin.calls == 0
    run(["hello", "x"], plugin)
    assert plugin.calls == 1


def test_command_named_like_a_shipped_one_is_left_out() -> None:
    """A plugin's 'score' is reported, and kompass score is still Kompass's own."""
    fake = Command("score", "not the real one", _hello, _hello_arguments)
    result = run(["score", OREBRO], CommandPlugin(fake))
    assert result.exit_code == 0
    assert "Totalt" in result.stdout
    (problem,) = check_plugin(CommandPlugin(fake))
    assert "expected a command name of its own, found 'score'" in problem.message


def test_failing_command_is_one_line_naming_the_plugin() -> None:
    """A command raising a non-Kompass error exits 3 with one line naming plugin and command."""
    result = run(["broken"], CommandPlugin(Command("broken", "fails", _broken)))
    assert result.exit_code == 3
    assert result.stderr == (
        "kompass: error: plugin 'CommandPlugin' failed in command 'broken': KeyError: 'oops' "
        "(a bug in the plugin; rerun with --debug for details and report it to its authors)\n"
    )


def test_command_raising_kompass_error_is_invalid_input() -> None:
    """A KompassError from a command is printed like Kompass's own (exit 1)."""
    result = run(["refuse"], CommandPlugin(Command("refuse", "refuses", _refusing)))
    assert result.exit_code == 1
    assert result.stderr == "kompass: error: nothing to do: expected a file, found none\n"


# -- kompass plugins, the switches, and broken installed plugins -------------------------


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder on sys.path holding installed distributions (made by ``_distribution``)."""
    monkeypatch.syspath_prepend(str(tmp_path))
    return tmp_path


def _distribution(site: Path, name: str, module: str, code: str) -> None:
    """Install a distribution ``name`` 2.0 whose ``kompass`` entry point is ``module``."""
    info = site / f"{name}-2.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 2.0\n")
    (info / "entry_points.txt").write_text(f"[kompass]\n{name} = {module}\n")
    (site / f"{module}.py").write_text(textwrap.dedent(code), "utf-8")


def test_plugin_failing_to_import(installed: Path) -> None:
    """One line names the plugin and the error; kompass plugins shows it failed; score works."""
    _distribution(installed, "kaputt", "kaputt_plugin", "raise ImportError('no module named x')")
    listed = run(["plugins", "--format", "json"])
    assert listed.exit_code == 1
    assert _registry_plugins(listed.stdout)["kaputt"]["state"] == "failed"
    assert listed.stderr == (
        "plugin kaputt: plugin failed to load: expected an importable module at "
        "'kaputt_plugin', found ImportError: no module named x\n"
    )
    assert run(["score", OREBRO]).exit_code == 0


def test_disabled_plugin_is_not_imported(installed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """KOMPASS_DISABLE_PLUGINS names a plugin (or its distribution): it is never imported."""
    _distribution(installed, "kaputt", "kaputt_plugin", "raise SystemExit('imported!')")
    monkeypatch.setenv("KOMPASS_DISABLE_PLUGINS", "kaputt, kommunkompassen-2020")
    listed = run(["plugins", "--format", "json"])
    assert listed.exit_code == 0, listed.stderr
    plugins = _registry_plugins(listed.stdout)
    assert plugins["kaputt"]["state"] == plugins["kommunkompassen-2020"]["state"] == "disabled"
    assert "kommunkompassen-2020" not in run(["rubrics", "list"]).stdout


def test_trace_shows_every_hook_call(monkeypatch: pytest.MonkeyPatch) -> None:
    """KOMPASS_TRACE_PLUGINS prints one line per hook call: hook, plugin, result, time."""
    monkeypatch.setenv("KOMPASS_TRACE_PLUGINS", "1")
    result = run(["validate", OREBRO], CodeCheck())
    lines = [line for line in result.stderr.splitlines() if line.startswith("kompass: trace:")]
    assert any(
        line.startswith(
            "kompass: trace: kompass_rubrics [plugin kommunkompassen-2010] returned 1 item(s): "
            "kommunkompassen-2010.toml ("
        )
        for line in lines
    )
    assert any(
        "kompass_check_evaluation [plugin CodeCheck] returned 1 item(s): expected a note" in line
        for line in lines
    )
    monkeypatch.setenv("KOMPASS_TRACE_PLUGINS", "0")
    assert "trace" not in run(["validate", OREBRO], CodeCheck()).stderr


def test_plugin_migration_naming_unknown_questions(tmp_path: Path) -> None:
    """A plugin's migration naming a question the rubric lacks is one line naming the
    plugin, the file and the key; every other migration and command still works."""
    shipped = REPO / "rubrics" / "migrations"
    text = (shipped / "regionkompassen-2014-to-kommunkompassen-2010.toml").read_text("utf-8")
    text = text.replace('source = ["1.1"]', 'source = ["1.9"]', 1)
    text = text.replace('source = "regionkompassen-2014"', 'source = "kommunkompassen-2016"')
    text = text.replace('target = "kommunkompassen-2010"', 'target = "regionkompassen-2014"')
    path = tmp_path / "mine.toml"
    path.write_text(text, "utf-8")

    class MigrationPlugin:
        @kompass.hookimpl
        def kompass_migrations(self) -> list[Path]:
            return [path]

    problems = check_plugin(MigrationPlugin())
    assert problems
    assert all(str(p).startswith(f"{path}: ") for p in problems)
    assert any("'1.9'" in p.message for p in problems)
    assert all(p.message.startswith("plugin 'MigrationPlugin': ") for p in problems)
    listed = run(["migrations", "list"], MigrationPlugin())
    assert listed.exit_code == 1
    assert listed.stdout.splitlines()[1].split()[:2] == [
        "kommunkompassen-2010",
        "kommunkompassen-2016",
    ]
    assert run(["score", OREBRO], MigrationPlugin()).exit_code == 0


def test_plugin_rubric_breaking_the_schema_leaves_scoring_working(tmp_path: Path) -> None:
    """A rubric without areas is reported naming the plugin; validate and score succeed."""
    broken = tmp_path / "broken.toml"
    broken.write_text('id = "broken-2024"\nversion = "1"\nyear = 2024\n', "utf-8")
    plugin = FilePlugin(broken)
    problem = check_plugin(plugin)[0]
    assert problem.file == str(broken)
    assert problem.message.startswith("plugin 'FilePlugin': ")
    assert run(["validate", OREBRO], plugin).exit_code == 0
    assert run(["score", OREBRO], plugin).exit_code == 0
    listed = run(["plugins"], plugin)
    assert listed.exit_code == 1
    assert "FilePlugin" in listed.stdout


def test_reserved_command_names_are_the_cli_commands() -> None:
    """commands.SHIPPED lists exactly Kompass's own commands, so none can be shadowed."""
    from kompass_core import commands
    from kompass_core.cli import _build_parser

    (subparsers,) = [
        a for a in _build_parser()._actions if isinstance(a, argparse._SubParsersAction)
    ]
    assert set(subparsers.choices) == commands.SHIPPED


def test_rubrics_show_takes_a_file(tmp_path: Path) -> None:
    """A plugin author can look at a rubric file before installing it."""
    shipped = REPO / "rubrics" / "kommunkompassen-2010.toml"
    result = run(["rubrics", "show", str(shipped)])
    assert result.exit_code == 0, result.stderr
    assert "Offentlighet och demokrati" in result.stdout


# -- what a newcomer following docs/plugins.md tripped over ---------------------------------


class GeneratorCheck:
    """A check written as a generator, as docs/plugins.md shows, that breaks."""

    @kompass.hookimpl
    def kompass_check_evaluation(self, evaluation: kompass.Evaluation) -> Any:
        yield kompass.Problem(str(evaluation.subject.kod))  # type: ignore[attr-defined]


def test_a_generator_check_that_raises_is_a_warning() -> None:
    """A generator fails only when consumed: still a warning naming the plugin, never exit 3."""
    result = run(["validate", OREBRO], GeneratorCheck())
    assert result.exit_code == 0, result.stderr
    assert "plugin 'GeneratorCheck': plugin hook kompass_check_evaluation failed" in result.stdout
    assert "AttributeError" in result.stdout


def test_a_failing_format_names_the_plugin(tmp_path: Path) -> None:
    """A render method that raises is one line naming plugin and format, exit 3, no file left."""

    class Broken(Totals):
        name = "broken"

        def render_score(self, result: kompass.ScoreResult, lang: str) -> str:
            raise AttributeError("'AreaResult' object has no attribute 'pointz'")

    out = tmp_path / "out.txt"
    result = run(["score", "--format", "broken", OREBRO, "-o", str(out)], FormatPlugin(Broken()))
    assert result.exit_code == 3
    assert result.stderr.startswith(
        "kompass: error: plugin 'FormatPlugin' failed in format 'broken': AttributeError: "
    )
    assert list(tmp_path.iterdir()) == []


class Unmarked:
    """Forgot @hookimpl on one hook, misspelt nothing."""

    def kompass_rubrics(self) -> list[Path]:
        return []


class Misspelt:
    @kompass.hookimpl
    def kompass_output_format(self) -> list[Any]:
        return []


def test_a_hook_without_hookimpl_is_reported() -> None:
    """A function named like a hook but not marked is never called, and Kompass says so."""
    (problem,) = check_plugin(Unmarked())
    assert str(problem) == (
        "plugin Unmarked: expected @hookimpl on kompass_rubrics, found a function without it "
        "(never called)"
    )


def test_a_misspelt_hook_says_which_was_meant() -> None:
    """A misspelt hook is one line, with the hook the author most likely meant."""
    (problem,) = check_plugin(Misspelt())
    assert "\n" not in str(problem)
    assert "found 'kompass_output_format' (did you mean 'kompass_output_formats'?)" in str(problem)
    assert "the whole plugin is left out" in problem.message


def test_misspelt_disabled_name_is_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    """A name in KOMPASS_DISABLE_PLUGINS that is no plugin's is said, without failing commands."""
    monkeypatch.setenv("KOMPASS_DISABLE_PLUGINS", "kommunkompassen-2O20")
    result = run(["plugins"])
    assert result.exit_code == 0
    assert result.stderr == (
        "KOMPASS_DISABLE_PLUGINS: warning: expected the name of an installed plugin or "
        "distribution, found 'kommunkompassen-2O20', which disables nothing "
        "(kompass plugins lists the names)\n"
    )


def test_unknown_format_points_at_plugin_problems() -> None:
    """When the formats hook broke, asking for its format says plugins have problems."""

    class Raising:
        @kompass.hookimpl
        def kompass_output_formats(self) -> list[Any]:
            raise RuntimeError("formats boom")

    result = run(["score", "--format", "semikolon-csv", OREBRO], Raising())
    assert result.exit_code == 2
    assert "found 'semikolon-csv' (some plugins have problems: see 'kompass plugins')" in (
        result.stderr
    )
    listed = run(["plugins"], Raising())
    assert "expected a list of output formats, found RuntimeError: formats boom" in listed.stderr


def test_a_failing_format_over_many_files_names_the_plugin() -> None:
    """Over several files too, a raising render method is the plugin's bug: one line, exit 3."""

    class Broken(Totals):
        name = "broken"

        def render_score(self, result: kompass.ScoreResult, lang: str) -> str:
            raise ValueError("no")

    result = run(["score", "--format", "broken", str(EXAMPLES)], FormatPlugin(Broken()))
    assert result.exit_code == 3
    assert result.stderr.splitlines()[-1].startswith(
        "kompass: error: plugin 'FormatPlugin' failed in format 'broken': ValueError: no "
    )
