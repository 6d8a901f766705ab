"""The bad-input corpus: every command that reads a user file, over every bad file.

``tests/bad_inputs/manifest.toml`` says, for each file of the corpus, where its problem
is, what the problem line must say and the exit code; the file's folder says which
commands read it (``tests/bad_inputs/README.md``).  Every command must exit as the case
says, print no traceback and no partial output, and name the file at the start of every
line it prints.  The cases no committed file can be (a directory, a missing, unreadable
or oversized file) are made in a temporary folder.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import kompass_core as kompass
from kompass_core import _reading
from kompass_core.cli import main

from .conftest import EXAMPLES, REPO

CORPUS = REPO / "tests" / "bad_inputs"
EXAMPLE = EXAMPLES / "orebro-2015.toml"
MIGRATION = REPO / "rubrics" / "migrations" / "kommunkompassen-pre2010-to-2010.toml"
RUBRIC = REPO / "rubrics" / "kommunkompassen-2010.toml"
FILE = "{file}"  # where the file under test goes in a command line

#: Every command that reads a user file, by the kind of file it reads.
COMMANDS: dict[str, dict[str, list[str]]] = {
    "evaluation": {
        "validate": ["validate", FILE],
        "score": ["score", FILE],
        "migrate": ["migrate", FILE, "--to", "kommunkompassen-2016"],
        "report": ["report", FILE, "--format", "txt"],
        "report --previous": ["report", str(EXAMPLE), "--previous", FILE, "--format", "txt"],
        "trend": ["trend", FILE],
    },
    "rubric": {
        "rubrics check": ["rubrics", "check", FILE],
        "rubrics show": ["rubrics", "show", FILE],
        "rubrics diff A": ["rubrics", "diff", FILE, "kommunkompassen-2016"],
        "rubrics diff B": ["rubrics", "diff", "kommunkompassen-2016", FILE],
        "migrations check --rubric": ["migrations", "check", str(MIGRATION), "--rubric", FILE],
        "migrations scaffold": ["migrations", "scaffold", FILE, "kommunkompassen-2016"],
    },
    "migration": {
        "migrations check": ["migrations", "check", FILE],
    },
}
ALL_COMMANDS = {name: argv for group in COMMANDS.values() for name, argv in group.items()}
#: A valid file of the kind each command reads.
VALID = {"evaluation": EXAMPLE, "rubric": RUBRIC, "migration": MIGRATION}
KIND_OF = {name: kind for kind, group in COMMANDS.items() for name in group}


def argv_for(command: str, file: Path | str) -> list[str]:
    """The command line of ``command`` reading ``file``."""
    return [str(file) if part == FILE else part for part in ALL_COMMANDS[command]]


# -- the manifest ----------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One file of the corpus and what every command must say about it."""

    file: str
    about: str
    expect: tuple[str, ...] = ()
    line: int | None = None
    column: int | None = None
    path: str | None = None
    problems: int = 1
    exit: int = 1
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return self.file.split("/", 1)[0]

    def prefix(self, file: Path) -> str:
        """How the problem line starts: its file and place."""
        if self.line is not None:
            return f"{file}:{self.line}:{self.column}: "
        if self.path is not None:
            return f"{file}: {self.path}: "
        return f"{file}: "


def load_manifest() -> list[Case]:
    data = tomllib.loads((CORPUS / "manifest.toml").read_text("utf-8"))
    known = set(Case.__dataclass_fields__) - {"extra"}
    cases = []
    for entry in data["case"]:
        extra = {k: v for k, v in entry.items() if k not in known}
        fields = {k: tuple(v) if k == "expect" else v for k, v in entry.items() if k in known}
        cases.append(Case(**fields, extra=extra))
    return cases


CASES = load_manifest()
CORPUS_FILES = sorted(
    p.relative_to(CORPUS).as_posix()
    for p in CORPUS.rglob("*")
    if p.is_file() and p.name not in ("manifest.toml", "README.md")
)


def test_manifest_and_corpus_agree() -> None:
    """Every corpus file has exactly one well-formed case, and every case a file."""
    named = [case.file for case in CASES]
    assert sorted(named) == CORPUS_FILES
    for case in CASES:
        assert case.extra == {}, f"{case.file}: unknown keys {sorted(case.extra)}"
        assert case.kind in (*COMMANDS, "any"), case.file
        assert case.about, case.file
        assert (case.line is None) == (case.column is None), case.file
        assert case.line is None or case.path is None, case.file
        if case.exit == 0:
            assert case.expect == (), case.file
            assert case.line is None, case.file
            assert case.path is None, case.file
        else:
            assert case.exit == 1, case.file
            assert any(f.startswith("found") for f in case.expect), f"{case.file}: no 'found'"
            assert any("expected" in f for f in case.expect), f"{case.file}: no 'expected'"


def test_each_folder_has_a_valid_file_with_a_bom() -> None:
    """Each kind of file has a valid case starting with a UTF-8 byte order mark."""
    for kind in COMMANDS:
        accepted = [c for c in CASES if c.kind == kind and c.exit == 0]
        assert accepted, kind
        assert all((CORPUS / c.file).read_bytes().startswith(b"\xef\xbb\xbf") for c in accepted)


# -- running a command -------------------------------------------------------------------


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return (self.out + self.err).splitlines()


def run(capsys: pytest.CaptureFixture[str], argv: list[str]) -> Run:
    """The CLI in-process; wrong usage (argparse's SystemExit) gives its exit code."""
    try:
        code = main(argv)
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    captured = capsys.readouterr()
    return Run(code, captured.out, captured.err)


def assert_refused(
    result: Run, file: Path | str, prefix: str, fragments: tuple[str, ...], problems: int = 1
) -> None:
    """Exit 1, no traceback, no partial output, every line naming the file, and one
    line at ``prefix`` holding every fragment."""
    shown = result.out + result.err
    assert result.code == 1, f"exit {result.code}:\n{shown}"
    assert "Traceback" not in shown
    assert result.out == "" or result.err == "", f"problems and output mixed:\n{shown}"
    lines = result.lines
    assert len(lines) == problems, f"expected {problems} line(s), found {lines}"
    for line in lines:
        assert line.startswith(f"{file}:"), f"line does not name {file}: {line!r}"
    at = [line for line in lines if line.startswith(prefix)]
    assert len(at) == 1, f"expected one line starting {prefix!r}, found {lines}"
    for fragment in fragments:
        assert fragment in at[0], f"{fragment!r} missing from {at[0]!r}"


def commands_of(case: Case) -> list[str]:
    return list(ALL_COMMANDS if case.kind == "any" else COMMANDS[case.kind])


CASE_RUNS = [
    pytest.param(case, command, id=f"{case.file}-{command}")
    for case in CASES
    for command in commands_of(case)
]


@pytest.mark.parametrize(("case", "command"), CASE_RUNS)
def test_corpus_case(case: Case, command: str, capsys: pytest.CaptureFixture[str]) -> None:
    """The command says what the manifest says about the file, and exits as it says."""
    path = CORPUS / case.file
    result = run(capsys, argv_for(command, path))
    if case.exit == 0:
        assert (result.code, result.err) == (0, ""), result.out + result.err
        assert result.out.strip(), "accepted, but printed nothing"
        return
    assert_refused(result, path, case.prefix(path), case.expect, case.problems)


# -- files the corpus cannot hold -----------------------------------------------------------


@pytest.mark.parametrize("command", sorted(ALL_COMMANDS))
def test_missing_file(command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file that does not exist is one line naming it."""
    path = tmp_path / "nowhere.toml"
    result = run(capsys, argv_for(command, path))
    assert_refused(result, path, f"{path}: ", ("expected an existing file", "found no such file"))


@pytest.mark.parametrize("command", sorted(set(ALL_COMMANDS) - {"trend"}))
def test_directory(command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A directory where a file goes is one line naming it."""
    path = tmp_path / "evaluations.toml"
    path.mkdir()
    result = run(capsys, argv_for(command, path))
    assert_refused(result, path, f"{path}: ", ("expected a file", "found a directory"))


@pytest.mark.parametrize("command", sorted(ALL_COMMANDS))
def test_unreadable_file(
    command: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A file without read permission (mode 000) is one line naming it.  Root reads such
    a file anyway, so as root opening it is made to fail as it does for anyone else."""
    path = tmp_path / "secret.toml"
    shutil.copyfile(VALID[KIND_OF[command]], path)
    path.chmod(0)
    if os.geteuid() == 0:
        real_open = open

        def refuse(name: Any, *args: Any, **kwargs: Any) -> Any:
            if os.fspath(name) == str(path):
                raise PermissionError(13, "Permission denied", os.fspath(name))
            return real_open(name, *args, **kwargs)

        monkeypatch.setattr(_reading, "open", refuse, raising=False)
    try:
        result = run(capsys, argv_for(command, path))
    finally:
        path.chmod(0o644)
    expected = ("expected a readable file", "found no permission to read it")
    assert_refused(result, path, f"{path}: ", expected)


class _CountingFile(io.BufferedReader):
    """A file that records how many bytes each read asked for."""

    asked: list[int | None]

    def read(self, size: int | None = -1, /) -> bytes:
        self.asked.append(size)
        limit = _reading.max_file_bytes()
        if size is None or size < 0 or size > limit + 1:  # an unbounded read: fail, don't hang
            raise AssertionError(f"unbounded read of {size} bytes (limit {limit})")
        return super().read(size)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[int | None]]:
    """The sizes of the reads ``_reading`` makes, by file name."""
    asked: dict[str, list[int | None]] = {}
    real_open = open

    def counting_open(name: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if mode != "rb":
            return real_open(name, mode, *args, **kwargs)
        raw = real_open(name, "rb", buffering=0)
        handle = _CountingFile(raw)
        handle.asked = asked.setdefault(os.fspath(name), [])
        return handle

    monkeypatch.setattr(_reading, "open", counting_open, raising=False)
    return asked


@pytest.mark.parametrize("command", sorted(ALL_COMMANDS))
def test_file_too_large_is_refused_unread(
    command: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    reads: dict[str, list[int | None]],
) -> None:
    """A file above KOMPASS_MAX_FILE_BYTES is refused by its size, before any byte of it
    is read; a valid file of the same kind at the limit is read and accepted."""
    kompass.default_registry().rubrics()  # the installed data, read before the limit is set
    limit = 64 * 1024  # above every shipped file, which the commands read too
    big = tmp_path / "big.toml"
    text = VALID[KIND_OF[command]].read_text("utf-8")
    big.write_text(text + "#" * (limit - len(text.encode("utf-8"))) + "\n", "utf-8")
    size = big.stat().st_size
    assert size == limit + 1
    monkeypatch.setenv("KOMPASS_MAX_FILE_BYTES", str(limit))
    result = run(capsys, argv_for(command, big))
    expected = (f"file too large: expected at most {limit} bytes", f"found {size} bytes")
    assert_refused(result, big, f"{big}: ", expected)
    assert reads[str(big)] == [], "the oversized file was read"

    fits = tmp_path / "fits.toml"
    fits.write_text(text + "#" * (limit - 1 - len(text.encode("utf-8"))) + "\n", "utf-8")
    assert fits.stat().st_size == limit
    result = run(capsys, argv_for(command, fits))
    assert result.code == 0, result.out + result.err
    assert reads[str(fits)] == [limit + 1]


@pytest.mark.parametrize("command", sorted(ALL_COMMANDS))
def test_endless_file_is_read_only_to_the_limit(
    command: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    reads: dict[str, list[int | None]],
) -> None:
    """A file that does not tell its size (/dev/zero never ends) is read no further than
    the limit and then refused."""
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    kompass.default_registry().rubrics()  # the installed data, read before the limit is set
    limit = 64 * 1024  # above every shipped file, which the commands read too
    monkeypatch.setenv("KOMPASS_MAX_FILE_BYTES", str(limit))
    result = run(capsys, argv_for(command, "/dev/zero"))
    expected = (f"file too large: expected at most {limit} bytes", "found more")
    assert_refused(result, "/dev/zero", "/dev/zero: ", expected)
    assert reads["/dev/zero"] == [limit + 1]


# -- wrong usage -----------------------------------------------------------------------------


USAGE = {
    "no file": lambda argv: [part for part in argv if part != FILE],
    "unknown option": lambda argv: [*argv, "--frobnicate"],
}


@pytest.mark.parametrize("mistake", sorted(USAGE))
@pytest.mark.parametrize("command", sorted(ALL_COMMANDS))
def test_wrong_usage(command: str, mistake: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A command without its file, or with an unknown option, exits 2 with a usage line."""
    argv = USAGE[mistake](ALL_COMMANDS[command])
    argv = [str(EXAMPLE) if part == FILE else part for part in argv]
    if command == "report --previous" and mistake == "no file":
        argv = argv[: argv.index("--previous") + 1]  # --previous without its file
    result = run(capsys, argv)
    assert result.code == 2, result.out + result.err
    assert "Traceback" not in result.out + result.err
    assert result.out == ""
    assert result.err.startswith("usage: kompass")
    assert re.search(r"^kompass( [a-z]+)*: error: ", result.err, re.MULTILINE), result.err


def test_migrate_without_target_is_wrong_usage(capsys: pytest.CaptureFixture[str]) -> None:
    """migrate without --to exits 2 naming the missing option."""
    result = run(capsys, ["migrate", str(EXAMPLE)])
    assert result.code == 2
    assert "--to" in result.err


# -- a real process ----------------------------------------------------------------------------


def _script() -> str:
    script = Path(sys.executable).parent / "kompass"
    found = str(script) if script.exists() else shutil.which("kompass")
    assert found, "the kompass console script is not installed"
    return found


@pytest.mark.parametrize(
    ("argv", "kind"),
    [
        (["validate"], "evaluation"),
        (["trend"], "evaluation"),
        (["rubrics", "check"], "rubric"),
        (["migrations", "check"], "migration"),
    ],
    ids=["validate", "trend", "rubrics-check", "migrations-check"],
)
def test_console_script_over_the_corpus(argv: list[str], kind: str) -> None:
    """The installed script, given every file of the corpus at once, exits 1 without a
    traceback and says what the manifest says about each file of its kind."""
    files = [CORPUS / name for name in CORPUS_FILES]
    done = subprocess.run(
        [_script(), *argv, *map(str, files)], capture_output=True, text=True, timeout=120
    )
    shown = done.stdout + done.stderr
    assert done.returncode == 1, shown
    assert "Traceback" not in shown
    assert "internal error" not in shown
    lines = shown.splitlines()
    for case in CASES:
        path = CORPUS / case.file
        if case.kind not in ("any", kind):
            assert any(line.startswith(f"{path}:") for line in lines), f"{path} not named"
            continue
        mine = [line for line in lines if line.startswith(f"{path}:")]
        if case.exit == 0:
            assert not any(line.startswith(f"{path}: ") and "valid" not in line for line in mine)
            continue
        at = [line for line in mine if line.startswith(case.prefix(path))]
        assert len(at) == 1, f"{case.file}: {mine}"
        assert all(fragment in at[0] for fragment in case.expect), at[0]
