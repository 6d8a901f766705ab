"""Writing ``-o OUT`` safely: atomically even when interrupted, never over an input,
never over an existing file without ``--force``.

The interrupted writes run the real command line in a child process whose write is
made slow at a chosen point (``os.fsync`` of the temporary file, or the ``os.replace``
that puts it in place): the child says it got there in a file, the test sends the
signal, and the earlier OUT must be intact byte for byte with no temporary file left.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kompass_core.cli import main

from .conftest import EXAMPLES, REPO

EARLIER = b"the earlier output, which must survive\n"
RUBRIC_2016 = REPO / "rubrics" / "kommunkompassen-2016.toml"

# The child: kompass with a slow write.  argv: READY POINT kompass-arguments...
SLOW_WRITE = """\
import os
import sys
import time
from pathlib import Path

ready, point, *argv = sys.argv[1:]
real = getattr(os, point)


def slow(*args, **kwargs):
    Path(ready).write_text(point)
    time.sleep(60)  # the test interrupts the sleep
    return real(*args, **kwargs)


setattr(os, point, slow)
from kompass_core.cli import run

sys.argv = ["kompass", *argv]
run()
"""


def _writing_command(command: str, source: Path, out: Path) -> list[str]:
    if command == "migrate":
        return ["migrate", str(source), "--to", "kommunkompassen-2016", "-o", str(out), "--force"]
    return ["report", str(source), "-o", str(out), "--force"]


def _temporaries(folder: Path, out: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(f".{out.name}."))


@pytest.mark.parametrize("point", ["fsync", "replace"])
@pytest.mark.parametrize(
    "sig",
    [
        pytest.param(signal.SIGINT, id="SIGINT"),
        pytest.param(signal.SIGTERM, id="SIGTERM"),
    ],
)
@pytest.mark.parametrize("command", ["migrate", "report"])
def test_interrupted_write_keeps_the_earlier_file(
    tmp_path: Path, command: str, sig: signal.Signals, point: str
) -> None:
    """A signal in the middle of writing OUT leaves the earlier OUT byte for byte, no
    temporary file, a non-zero exit and no traceback."""
    work, run = tmp_path / "work", tmp_path / "run"
    work.mkdir()
    run.mkdir()
    source = work / "orebro-2015.toml"
    shutil.copyfile(EXAMPLES / "orebro-2015.toml", source)
    out = work / ("out.toml" if command == "migrate" else "out.html")
    out.write_bytes(EARLIER)
    child, ready = run / "slow_write.py", run / "ready"
    child.write_text(SLOW_WRITE, "utf-8")
    argv = [sys.executable, str(child), str(ready), point, *_writing_command(command, source, out)]
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not ready.exists():
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"the write never started: {process.communicate()}")
            time.sleep(0.02)
        assert _temporaries(work, out), "no temporary file while writing"
        process.send_signal(sig)
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode != 0
    assert "Traceback" not in err
    assert out.read_bytes() == EARLIER
    assert _temporaries(work, out) == []
    assert sorted(p.name for p in work.iterdir()) == sorted([source.name, out.name])
    if sig == signal.SIGINT:
        assert (process.returncode, err) == (130, "kompass: interrupted\n")


# -- never over an input, never over an existing file without --force ---------------------------


def _inputs(tmp_path: Path) -> tuple[Path, Path]:
    """An evaluation and a rubric definition, copied into ``tmp_path``."""
    evaluation, rubric = tmp_path / "orebro-2015.toml", tmp_path / "rubric-2016.toml"
    shutil.copyfile(EXAMPLES / "orebro-2015.toml", evaluation)
    text = RUBRIC_2016.read_text("utf-8")
    rubric.write_text(text.replace('id = "kommunkompassen-2016"', 'id = "kk-2016-copy"'), "utf-8")
    return evaluation, rubric


#: Every command that writes -o OUT, with OUT being one of its inputs: the evaluation
#: (E), the rubric file (R), or the folder the evaluations are read from (D).
OVER_AN_INPUT = {
    "migrate": (["migrate", "E", "--to", "kommunkompassen-2016"], "E"),
    "report": (["report", "E"], "E"),
    "report --previous": (["report", str(EXAMPLES / "orebro-2012.toml"), "--previous", "E"], "E"),
    "trend": (["trend", "E"], "E"),
    "trend of a folder": (["trend", "D"], "E"),
    "scaffold A": (["migrations", "scaffold", "R", "kommunkompassen-2016"], "R"),
    "scaffold B": (["migrations", "scaffold", "kommunkompassen-2016", "R"], "R"),
}


def _argv(template: list[str], evaluation: Path, rubric: Path) -> list[str]:
    names = {"E": str(evaluation), "R": str(rubric), "D": str(evaluation.parent)}
    return [names.get(part, part) for part in template]


@pytest.mark.parametrize("spelling", ["as given", "./ spelled", "symlink", "hard link"])
@pytest.mark.parametrize("command", sorted(OVER_AN_INPUT))
def test_never_writes_over_an_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str, spelling: str
) -> None:
    """-o naming one of the command's inputs (however spelled) is refused, even with
    --force: the input is unchanged and nothing else is written."""
    evaluation, rubric = _inputs(tmp_path)
    template, which = OVER_AN_INPUT[command]
    target = evaluation if which == "E" else rubric
    out = target
    if spelling == "./ spelled":
        out = target.parent / "." / target.name
    elif spelling in ("symlink", "hard link"):
        out = tmp_path / "link" / target.name
        out.parent.mkdir()
        (out.symlink_to if spelling == "symlink" else out.hardlink_to)(target)
    before = {p: p.read_bytes() for p in (evaluation, rubric)}
    listing = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    code = main([*_argv(template, evaluation, rubric), "-o", str(out), "--force"])
    captured = capsys.readouterr()
    assert code == 1, captured.out + captured.err
    assert captured.out == ""
    assert captured.err == f"kompass: error: {out}: refusing to write over an input file\n"
    assert {p: p.read_bytes() for p in (evaluation, rubric)} == before
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == listing


WRITERS = {
    "migrate": ["migrate", "E", "--to", "kommunkompassen-2016"],
    "report": ["report", "E", "--format", "md"],
    "trend": ["trend", "E", "--format", "csv"],
    "scaffold": ["migrations", "scaffold", "R", "kommunkompassen-2016"],
}


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_existing_output_needs_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    """An existing OUT is refused and untouched without --force, replaced with it."""
    evaluation, rubric = _inputs(tmp_path)
    out = tmp_path / "out" / "result.txt"
    out.parent.mkdir()
    out.write_bytes(EARLIER)
    argv = [*_argv(WRITERS[command], evaluation, rubric), "-o", str(out)]
    assert main(argv) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"kompass: error: {out}: exists already; use --force to replace it\n"
    assert out.read_bytes() == EARLIER
    assert main([*argv, "--force"]) == 0
    capsys.readouterr()
    assert out.read_bytes() != EARLIER
    assert [p.name for p in out.parent.iterdir()] == [out.name]  # no temporary left


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_output_that_cannot_be_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    """OUT being a directory, or in a folder that does not exist, is one line naming it."""
    evaluation, rubric = _inputs(tmp_path)
    base = _argv(WRITERS[command], evaluation, rubric)
    folder = tmp_path / "a-folder"
    folder.mkdir()
    assert main([*base, "-o", str(folder), "--force"]) == 1
    assert capsys.readouterr().err == (
        f"kompass: error: {folder}: expected a file to write, found a directory\n"
    )
    nowhere = tmp_path / "no-such-folder" / "out.txt"
    assert main([*base, "-o", str(nowhere)]) == 1
    assert capsys.readouterr().err == (
        f"kompass: error: {nowhere}: cannot write: No such file or directory\n"
    )
    assert not nowhere.parent.exists()
    assert list(folder.iterdir()) == []


def test_replaced_output_keeps_its_permissions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--force replaces OUT's content, not its permissions."""
    evaluation, _ = _inputs(tmp_path)
    out = tmp_path / "out.toml"
    out.write_bytes(EARLIER)
    out.chmod(0o640)
    argv = ["migrate", str(evaluation), "--to", "kommunkompassen-2016", "-o", str(out), "--force"]
    assert main(argv) == 0
    capsys.readouterr()
    assert b'rubric = "kommunkompassen-2016"' in out.read_bytes()
    assert os.stat(out).st_mode & 0o777 == 0o640
