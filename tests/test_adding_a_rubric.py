"""docs/adding-a-rubric.md stays true: its example files are valid with the
current code, the outputs it quotes are what Kompass prints, and every
`kompass` command it shows parses."""

from __future__ import annotations

import importlib
import re
import shlex
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

import kompass_core as kompass
from kompass_core.cli import _build_parser, main

from .conftest import REPO

GUIDE = (REPO / "docs" / "adding-a-rubric.md").read_text("utf-8")
EXAMPLE = REPO / "docs" / "examples" / "adding-a-rubric"
PACKAGE = EXAMPLE / "kompass-kommunkompassen-2026"
DATA = PACKAGE / "kompass_kommunkompassen_2026" / "data"
RUBRIC = DATA / "kommunkompassen-2026.toml"
MIGRATION = DATA / "kommunkompassen-2016-to-2026.toml"

# The changes the guide describes, as (sources, targets): changes.
CHANGES = {
    (("1.2",), ("1.2",)): ("renamed",),
    (("5.1",), ("5.1",)): ("max changed",),
    (("5.5",), ("5.5",)): ("max changed",),
    (("8.6",), ("8.5",)): ("renumbered",),
    (("8.5",), ()): ("removed",),
    (("8.7",), ("8.6",)): ("renumbered",),
    ((), ("8.7",)): ("added",),
}


def _transcripts() -> list[tuple[str, list[str]]]:
    """Every `$ command` in the guide's console blocks, with the output quoted under it."""
    found: list[tuple[str, list[str]]] = []
    for block in re.findall(r"```console\n(.*?)```", GUIDE, re.DOTALL):
        for line in block.splitlines():
            if line.startswith("$ "):
                found.append((line[2:], []))
            else:
                found[-1][1].append(line)
    return found


def _output_of(command: str) -> list[str]:
    """The output the guide quotes for the last run of ``command``."""
    return [out for cmd, out in _transcripts() if cmd == command][-1]


def _toml_blocks() -> Iterator[list[str]]:
    """The guide's TOML blocks, one list of lines without trailing comments each."""
    for block in re.findall(r"```toml\n(.*?)```", GUIDE, re.DOTALL):
        yield [line.split("  #")[0].rstrip() for line in block.splitlines()]


@pytest.fixture
def in_data(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run in the example's data folder, where the guide's file names resolve."""
    monkeypatch.chdir(DATA)


def test_example_rubric_passes_check(in_data: None, capsys: pytest.CaptureFixture[str]) -> None:
    """`kompass rubrics check` passes the example rubric, printing what the guide shows."""
    command = f"kompass rubrics check {RUBRIC.name}"
    assert main(shlex.split(command)[1:]) == 0
    assert capsys.readouterr().out.splitlines() == _output_of(command)


def test_guide_mistake_is_what_check_prints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """With 5.5 not raised to 25, the check prints the located message the guide quotes."""
    text = RUBRIC.read_text("utf-8")
    assert text.count('id = "5.5"\nmax = 25') == 1
    (tmp_path / RUBRIC.name).write_text(text.replace('"5.5"\nmax = 25', '"5.5"\nmax = 20'), "utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["rubrics", "check", RUBRIC.name]) == 1
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] in GUIDE
    assert 'areas[id="5"].max: maxima do not add up' in printed[0]


def test_example_migration_is_valid() -> None:
    """The resolved migration passes the checks against the example rubric."""
    rubric = kompass.load_rubric(RUBRIC)
    assert kompass.check_migration(MIGRATION, rubrics=[rubric]) == []
    assert "draft" not in tomllib.loads(MIGRATION.read_text("utf-8"))


def test_diff_reports_the_changes_the_guide_describes() -> None:
    """Exactly 1.2 reworded, 5.1 and 5.5 re-weighted, 8.5 removed, 8.6–8.7 renumbered, 8.7 new."""
    d = kompass.diff_rubrics("kommunkompassen-2016", RUBRIC)
    found = {
        (tuple(s.id for s in q.sources), tuple(t.id for t in q.targets)): q.changes
        for q in d.questions
        if q.changes
    }
    assert found == CHANGES
    assert {a.target.id: a.changes for a in d.areas if a.changes and a.target} == {
        "8": ("headings changed",)
    }


def test_diff_table_is_what_the_guide_quotes(
    in_data: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """The guide's `rubrics diff` table of the file is the one Kompass prints."""
    command = f"kompass rubrics diff kommunkompassen-2016 {RUBRIC.name} --lang en"
    assert main(shlex.split(command)[1:]) == 0
    assert capsys.readouterr().out.splitlines() == _output_of(command)


def test_migration_resolves_the_scaffold(in_data: None) -> None:
    """The shipped migration has the scaffold's rules, and the guide quotes its todos."""
    draft = kompass.migration_scaffold("kommunkompassen-2016", RUBRIC.name)
    todos = [line for line in draft.splitlines() if line.startswith("todo = ")]
    assert len(todos) == 3
    assert all(todo in GUIDE for todo in todos)

    def rules(data: dict[str, list[dict[str, list[str]]]]) -> list[tuple[list[str], list[str]]]:
        return [(r.get("source", []), r.get("target", [])) for r in data["questions"]]

    assert rules(tomllib.loads(draft)) == rules(tomllib.loads(MIGRATION.read_text("utf-8")))


def test_guide_toml_snippets_are_in_the_example_files() -> None:
    """Each rubric or migration snippet in the guide is in the example file, line for line."""
    files = {"rubric": RUBRIC, "migration": MIGRATION}
    lines = {name: set(path.read_text("utf-8").splitlines()) for name, path in files.items()}
    checked = 0
    for block in _toml_blocks():
        if block[0] in ('id = "kommunkompassen-2026"', "[[areas.questions]]"):
            kind = "rubric"
        elif block[0] == "[[questions]]":
            kind = "migration"
        else:
            continue
        checked += 1
        missing = [line for line in block if line and line not in lines[kind]]
        assert not missing, (kind, missing)
    assert checked >= 6


def test_example_plugin_provides_rubric_and_migration(monkeypatch: pytest.MonkeyPatch) -> None:
    """The example package's hooks give Kompass the rubric and the migration, without problems."""
    monkeypatch.setattr(sys, "dont_write_bytecode", True)  # no __pycache__ in docs/
    monkeypatch.syspath_prepend(str(PACKAGE))
    monkeypatch.delitem(sys.modules, "kompass_kommunkompassen_2026", raising=False)
    plugin = importlib.import_module("kompass_kommunkompassen_2026")
    try:
        registry = kompass.Registry.from_entry_points([plugin])
        assert registry.rubric("kommunkompassen-2026").max == 800
        assert registry.migration("kommunkompassen-2016", "kommunkompassen-2026") is not None
        assert registry.problems == []
    finally:
        del sys.modules["kompass_kommunkompassen_2026"]


def _argv(command: str) -> list[str]:
    """The arguments of a quoted command line, up to a pipe, with the guide's
    file names replaced by the example files."""
    words = shlex.split(command)[1:]
    if "|" in words:
        words = words[: words.index("|")]
    return [str(DATA / w) if (DATA / w).is_file() else w for w in words]


def test_every_kompass_command_in_the_guide_parses() -> None:
    """Each `kompass …` line of the guide is a command Kompass accepts."""
    commands = [cmd for cmd, _ in _transcripts() if cmd.startswith("kompass ")]
    parser = _build_parser()
    for command in commands:
        argv = _argv(command)
        try:
            args = parser.parse_args(argv)
        except SystemExit as error:  # argparse's way of saying no
            pytest.fail(f"{command!r} does not parse (exit {error.code})")
        # What `kompass` builds for one command parses its command line alike.
        alone = vars(_build_parser(only=argv[0]).parse_args(argv))
        assert {k: v for k, v in alone.items() if k != "command_parser"} == {
            k: v for k, v in vars(args).items() if k != "command_parser"
        }
    shown = {" ".join(shlex.split(c)[1:3]) for c in commands}
    assert {
        "rubrics check",
        "rubrics diff",
        "rubrics list",
        "rubrics show",
        "migrations scaffold",
        "migrations check",
        "migrations list",
    } <= shown


def test_paths_in_the_guide_exist() -> None:
    """Every repository path a command of the guide names exists."""
    for command, _ in _transcripts():
        for word in shlex.split(command):
            path = word.removeprefix("./")
            if path.startswith(("docs/", "examples/", "rubrics/")):
                assert (REPO / path).exists(), f"{command!r}: {path} does not exist"
