"""validate, score and migrate over many files and folders: streamed in order,
each bad file reported while the rest go on, the same output with --jobs,
JSON lines and CSV records, and a progress line only on a terminal."""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from kompass_core._batch import Progress, expand
from kompass_core.testing import run

from .conftest import EXAMPLES

BAD = 'rubric = "kommunkompassen-2010"\n[subject]\nname = 5\n'


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """The examples in two subfolders, a bad file, a hidden file and a note (no evaluation)."""
    root = tmp_path / "archive"
    for i, example in enumerate(sorted(EXAMPLES.glob("*.toml"))):
        folder = root / ("a" if i % 2 else "b")
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(example, folder / example.name)
    (root / "a" / "broken.toml").write_text(BAD, "utf-8")
    (root / "a" / ".hidden.toml").write_text(BAD, "utf-8")
    (root / "README.txt").write_text("not an evaluation", "utf-8")
    return root


def test_folders_expand_to_sorted_evaluation_files(archive: Path) -> None:
    """Every .toml/.json below a folder in walk order, hidden ones skipped, named relative to it."""
    found = list(expand([archive]))
    assert [f.name for f in found] == sorted(f.name for f in found)
    assert "a/broken.toml" in [f.name for f in found]
    assert not any(".hidden" in f.path or f.path.endswith(".txt") for f in found)
    assert len(found) == len(list(EXAMPLES.glob("*.toml"))) + 1


def test_validate_reports_each_bad_file_and_carries_on(archive: Path) -> None:
    """One line per problem, the valid files listed, a summary counting both, exit 1."""
    result = run(["validate", str(archive)])
    assert result.exit_code == 1
    broken = archive / "a" / "broken.toml"
    assert f"{broken}: subject.name: " in result.stdout
    assert result.stdout.count(": valid") == len(list(EXAMPLES.glob("*.toml")))
    total = len(list(EXAMPLES.glob("*.toml"))) + 1
    assert result.stderr.endswith(f"{total} files: {total - 1} valid, 1 invalid\n")


def test_validate_records(archive: Path) -> None:
    """jsonl: one record per file in order; csv: a header and one row per file."""
    lines = run(["validate", str(archive), "--format", "jsonl"]).stdout.splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["file"] for r in records] == [f.path for f in expand([archive])]
    (bad,) = [r for r in records if not r["valid"]]
    assert bad["file"].endswith("broken.toml")
    assert bad["errors"] == len(bad["problems"]) >= 1
    assert "subject.name" in [p["path"] for p in bad["problems"]]
    rows = run(["validate", str(archive), "--format", "csv"]).stdout.splitlines()
    assert rows[0] == "file,valid,errors,warnings,first_problem"
    assert len(rows) == len(records) + 1
    (bad_row,) = [r for r in rows if ",false," in r]
    assert bad_row.startswith(f"{bad['file']},false,{bad['errors']},0,")


@pytest.mark.parametrize(
    ("command", "form"),
    [
        ("validate", "text"),
        ("validate", "jsonl"),
        ("score", "jsonl"),
        ("score", "json"),
        ("score", "csv"),
        ("score", "table"),
    ],
)
def test_jobs_give_the_same_output_in_the_same_order(
    archive: Path, command: str, form: str
) -> None:
    """--jobs 2 prints exactly what --jobs 1 prints, exit code and stderr too."""
    one = run([command, str(archive), "--format", form, "--jobs", "1"])
    two = run([command, str(archive), "--format", form, "--jobs", "2"])
    assert one == two
    assert one.exit_code == 1


def test_score_many_as_json_lines(archive: Path) -> None:
    """One record per file with the exact figures; the bad file a record with its problems."""
    result = run(["score", str(archive), "--format", "jsonl"])
    records = {Path(r["file"]).name: r for r in map(json.loads, result.stdout.splitlines())}
    orebro = records["orebro-2015.toml"]
    assert orebro["valid"] is True
    assert orebro["total"]["points"] == 650.45
    assert [a["rounded"] for a in orebro["areas"]] == [74, 90, 89, 80, 72, 81, 74, 90]
    assert records["broken.toml"]["valid"] is False
    assert "broken.toml: subject.name" in result.stderr
    assert result.exit_code == 1


def test_json_lines_and_the_json_array_hold_the_same_records(archive: Path) -> None:
    """Each JSON line (encoded on one line) is the same value as its entry in the
    indented JSON array (encoded apart), for every example."""
    lines = run(["score", str(archive), "--format", "jsonl"]).stdout.splitlines()
    array = json.loads(run(["score", str(archive), "--format", "json"]).stdout)
    valid = [record for record in map(json.loads, lines) if record["valid"]]
    assert valid == array
    assert len(valid) == len(list(EXAMPLES.glob("*.toml")))


def test_score_many_as_one_json_array(archive: Path) -> None:
    """--format json with several files is one JSON array of the valid files' results."""
    result = run(["score", str(archive), "--format", "json"])
    results = json.loads(result.stdout)
    assert len(results) == len(list(EXAMPLES.glob("*.toml")))
    assert all(r["valid"] for r in results)


def test_score_many_as_csv_rows(archive: Path) -> None:
    """--format csv with several files: one header, every row starting with its file."""
    rows = run(["score", str(archive), "--format", "csv"]).stdout.splitlines()
    assert rows[0].startswith("file,level,id,name,points")
    orebro = [r for r in rows if "orebro-2015.toml" in r]
    assert orebro[-1].split(",")[1:6] == ["total", "", "Totalt", "650.45", "650"]
    assert sum(r.startswith("file,") for r in rows) == 1


def test_score_one_file_is_unchanged() -> None:
    """With one file the output is that file's own, as before (no heading, no record)."""
    result = run(["score", str(EXAMPLES / "orebro-2015.toml"), "--format", "csv"])
    assert result.stdout.splitlines()[0].startswith("level,id,name")
    assert result.stderr == ""


def first_argv(archive: Path, out: Path) -> list[str]:
    return ["migrate", str(archive), "--to", "kommunkompassen-2016", "--output-dir", str(out)]


def test_migrate_many_into_a_folder(archive: Path, tmp_path: Path) -> None:
    """Each file is written at its relative name; existing ones only with --force."""
    out = tmp_path / "out"
    first = run(first_argv(archive, out))
    assert first.exit_code == 1  # the broken file
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.toml"))
    assert written == sorted(
        f.name for f in expand([archive]) if not f.name.endswith("broken.toml")
    )
    assert 'rubric = "kommunkompassen-2016"' in (out / written[0]).read_text("utf-8")
    before = {p: p.read_bytes() for p in out.rglob("*.toml")}
    again = run(first_argv(archive, out))
    assert "exists already; use --force to replace it" in again.stderr
    assert {p: p.read_bytes() for p in out.rglob("*.toml")} == before
    forced = run(
        [
            "migrate",
            str(archive),
            "--to",
            "kommunkompassen-2016",
            "--output-dir",
            str(out),
            "--force",
        ]
    )
    assert forced.stderr.endswith("files: 7 migrated, 1 failed\n".replace("7", str(len(before))))


def test_migrate_never_writes_over_its_inputs(archive: Path) -> None:
    """--output-dir the input folder itself, with --force and the same suffix: refused per file."""
    before = {p: p.read_bytes() for p in archive.rglob("*.toml")}
    result = run(
        [
            "migrate",
            str(archive),
            "--to",
            "kommunkompassen-2010",
            "--output-dir",
            str(archive),
            "--force",
        ]
    )
    assert result.exit_code == 1
    assert "refusing to write over an input file" in result.stderr
    assert {p: p.read_bytes() for p in archive.rglob("*.toml")} == before


def test_migrate_many_as_json_lines(archive: Path) -> None:
    """--format jsonl: one record per file, with the path and the migrated evaluation."""
    result = run(["migrate", str(archive), "--to", "kommunkompassen-2016", "--format", "jsonl"])
    records = [json.loads(line) for line in result.stdout.splitlines()]
    good = [r for r in records if r["valid"]]
    assert all(r["evaluation"]["rubric"] == "kommunkompassen-2016" for r in good)
    assert all(r["migration_path"][-1] == "kommunkompassen-2016" for r in good)
    assert len(records) == len(good) + 1


@pytest.mark.parametrize(
    "argv",
    [
        ["migrate", "A", "B", "--to", "kommunkompassen-2016"],
        ["migrate", "A", "B", "--to", "kommunkompassen-2016", "--output-dir", "o", "-o", "x"],
        ["validate", "A", "--jobs", "-1"],
        ["validate", "A", "--jobs", "two"],
    ],
)
def test_wrong_batch_usage(argv: list[str], tmp_path: Path) -> None:
    """Several files to stdout, or a bad --jobs: usage errors, exit 2."""
    argv = [str(tmp_path / a) if a in ("A", "B") else a for a in argv]
    result = run(argv)
    assert result.exit_code == 2
    assert result.stderr.startswith("usage: kompass")


def test_score_many_to_a_file(archive: Path, tmp_path: Path) -> None:
    """-o writes the whole batch atomically; an existing OUT is kept without --force."""
    out = tmp_path / "scores.jsonl"
    out.write_text("earlier", "utf-8")
    refused = run(["score", str(archive), "--format", "jsonl", "-o", str(out)])
    assert refused.exit_code == 1
    assert out.read_text("utf-8") == "earlier"
    done = run(["score", str(archive), "--format", "jsonl", "-o", str(out), "--force"])
    assert done.exit_code == 1  # the broken file; the rest is written
    assert len(out.read_text("utf-8").splitlines()) == len(list(expand([archive])))


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_line_on_a_terminal_only() -> None:
    """Drawn on a terminal (ending with the full count), silent on a pipe."""
    terminal = _Terminal()
    progress = Progress(3, terminal)
    for ok in (True, False, True):
        progress.advance(ok)
    progress.close()
    assert terminal.getvalue().endswith("\r[" + "#" * 30 + "] 3/3 files, 1 invalid\n")
    pipe = io.StringIO()
    quiet = Progress(3, pipe)
    for _ in range(3):
        quiet.advance(True)
    quiet.close()
    assert pipe.getvalue() == ""


def test_quiet_never_draws_progress(archive: Path) -> None:
    """--quiet: no progress line, and no line per valid file."""
    result = run(["validate", str(archive), "-q"])
    assert "[" not in result.stderr
    assert ": valid" not in result.stdout


@pytest.mark.parametrize("command", ["validate", "score"])
def test_folder_without_evaluations(command: str, archive: Path, tmp_path: Path) -> None:
    """A folder with no evaluation file is one line naming it, exit 1; the rest go on."""
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run([command, str(empty), str(archive / "b")])
    assert result.exit_code == 1
    assert f"{empty}: expected a file, found a directory" in result.stdout + result.stderr
    assert "files: " in result.stderr


def test_inputs_are_taken_as_needed() -> None:
    """Several processes hold only a few chunks at a time: the first outcome comes
    before more than a bounded number of inputs were taken (memory stays flat)."""
    from kompass_core._batch import CHUNK, Input, run_each, validate_one

    taken = 0

    def inputs() -> Iterator[Input]:
        nonlocal taken
        for _ in range(10_000):
            taken += 1
            yield Input(str(EXAMPLES / "orebro-2015.toml"), "orebro-2015.toml")

    outcomes = run_each(inputs(), validate_one, jobs=2)
    assert next(outcomes).ok
    assert taken <= (2 * 4 + 1) * CHUNK
    outcomes.close()


def test_walk_order(tmp_path: Path) -> None:
    """A folder's own files first, by name, then its subfolders by name."""
    for name in ["b.toml", "a/z.toml", "a/b/c.json", "c.toml", "a/a.toml"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("", "utf-8")
    assert [f.name for f in expand([tmp_path])] == [
        "b.toml",
        "c.toml",
        "a/a.toml",
        "a/z.toml",
        "a/b/c.json",
    ]


def test_output_dir_that_is_a_file(archive: Path, tmp_path: Path) -> None:
    """--output-dir naming a file, or a folder below a file: one clear line, exit 1."""
    a_file = tmp_path / "a-file"
    a_file.write_text("keep", "utf-8")
    result = run(first_argv(archive, a_file))
    assert (result.exit_code, result.stderr) == (
        1,
        f"kompass: error: {a_file}: expected a folder to write into, found a file\n",
    )
    below = run(first_argv(archive, a_file / "out"))
    assert below.exit_code == 1
    assert f"{a_file / 'out' / 'a'}: cannot make the folder to write into: " in below.stderr
    assert "internal error" not in below.stderr
    assert a_file.read_text("utf-8") == "keep"
