"""The benchmarks' generator and runner (benchmarks/): not timed, only checked."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

import kompass_core as kompass

REPO = Path(__file__).resolve().parent.parent


def _generator() -> ModuleType:
    """benchmarks/generate.py, loaded by path: the tests run against the
    installed package, with the repository off sys.path."""
    spec = importlib.util.spec_from_file_location(
        "kompass_benchmarks_generate", REPO / "benchmarks" / "generate.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


generate = _generator()


@pytest.fixture(scope="module")
def covering(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Enough generated files to hold every (rubric, granularity) pair twice."""
    folder = tmp_path_factory.mktemp("generated")
    return generate.generate(2 * generate.pair_count(), folder)


def _module(*argv: str, timeout: int) -> subprocess.CompletedProcess[str]:
    """``python -m`` with ``argv``, from the repository root."""
    return subprocess.run(
        [sys.executable, "-m", *argv],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )


def _labels(path: Path) -> tuple[str, str]:
    """The rubric and granularity the file's first line names."""
    first = path.read_text("utf-8").splitlines()[0]
    rubric, granularity = first.split(": ", 1)[1].split(", ")
    return rubric, granularity


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    """The same seed gives the same bytes; another seed gives other figures."""
    n = generate.pair_count()
    first = generate.generate(n, tmp_path / "a", seed=3)
    second = generate.generate(n, tmp_path / "b", seed=3)
    other = generate.generate(n, tmp_path / "c", seed=4)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    assert [p.read_bytes() for p in first] != [p.read_bytes() for p in other]


def test_smaller_n_is_a_prefix() -> None:
    """File i depends only on the seed and i, so a smaller N is a prefix of a larger one."""
    assert list(generate.evaluations(10)) == list(generate.evaluations(40))[:10]


def test_folders_hold_at_most_1000_files() -> None:
    """Files are spread over subfolders of at most 1000."""
    assert generate.relative_path(999) == "000/000999.toml"
    assert generate.relative_path(1000) == "001/001000.toml"
    assert generate.relative_path(99_999) == "099/099999.toml"


def test_every_rubric_and_granularity(covering: list[Path]) -> None:
    """Every installed rubric appears with every granularity it can have, and
    every granularity appears."""
    found = {_labels(p) for p in covering}
    rubrics = kompass.default_registry().rubrics()
    expected = {(r.id, g) for r in rubrics for g in generate.applicable(r)}
    assert found == expected
    assert {r for r, _ in found} == {r.id for r in rubrics}
    assert {g for _, g in found} == set(generate.GRANULARITIES)


def test_every_file_is_valid(covering: list[Path]) -> None:
    """Every generated file validates: no error and no warning."""
    problems = {str(p): kompass.validate_file(p) for p in covering}
    assert {p: found for p, found in problems.items() if found} == {}


def _bases(path: Path) -> tuple[set[str], str]:
    result = kompass.score_file(path)
    return {a.basis for a in result.areas}, result.total.basis


@pytest.mark.parametrize(
    ("granularity", "areas", "total"),
    [
        ("question-percent", {"questions"}, "areas"),
        ("question-points", {"questions"}, "areas"),
        ("area", {"area"}, "areas"),
        ("stated", None, "areas"),
        ("total-only", None, "total"),
        ("partial", None, "partial"),
    ],
)
def test_granularities_mean_what_they_say(
    covering: list[Path], granularity: str, areas: set[str] | None, total: str
) -> None:
    """Each granularity scores as its name says (question or area level, a
    given total, some areas unknown)."""
    for path in covering:
        rubric_id, name = _labels(path)
        if name != granularity:
            continue
        rubric = kompass.get_rubric(rubric_id)
        found_areas, found_total = _bases(path)
        assert found_total == total, path
        if areas is not None and all(a.questions for a in rubric.areas):
            assert found_areas == areas, path
        if granularity == "partial":
            assert found_areas & {"partial", "none"}, path
        data = tomllib.loads(path.read_text("utf-8"))
        if granularity == "question-percent":
            assert all("percent" in s for s in data.get("scores", {}).values()), path
        if granularity == "question-points":
            assert all("points" in s for s in data.get("scores", {}).values()), path
        if granularity == "stated":
            assert "total" in data["stated"], path


def test_mixed_has_each_way(covering: list[Path]) -> None:
    """A mixed evaluation has questions in percent, in points, and area scores."""
    mixed = [p for p in covering if _labels(p)[1] == "mixed"]
    assert mixed
    for path in mixed:
        data = tomllib.loads(path.read_text("utf-8"))
        units = {unit for score in data["scores"].values() for unit in score}
        assert units == {"percent", "points"}, path
        assert data["area_scores"], path


def test_runner_prints_every_benchmark(tmp_path: Path) -> None:
    """The runner runs end to end at a tiny N and prints a row for every benchmark."""
    done = _module(
        *("benchmarks.run", "--n", "20", "--sizes", "20,40", "--repeat", "1"),
        *("--startup-runs", "1", "--naive-sample", "5", "--cache-dir", str(tmp_path)),
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    table = done.stdout
    for row in (
        "start-up: kompass --version",
        "start-up: kompass rubrics list",
        "bulk: kompass validate, 20 files",
        "bulk: kompass score --format jsonl, 20 files",
        "bulk: kompass score (a table per file, the default), 20 files",
        "bulk, file by file in one process: validate, 20 files",
        "bulk, file by file in one process: score (a table), 20 files",
        "jobs: kompass validate --jobs 2",
        "naive: validation step, 5 parsed documents",
        "migrate: 20 evaluations 2010 → 2016",
        "migrate: the step alone",
        "growth: tomllib parse (the floor), 20 files",
        "growth: tomllib parse (the floor), 40 files",
        "growth: kompass validate, 40 files",
        "growth: kompass score, 40 files",
        "growth: validate time linear",
        "growth: validate peak memory flat",
        "growth: score time linear",
        "growth: score peak memory flat",
    ):
        assert row in table, row
    assert "ERROR" not in table
    for line in table.splitlines()[-21:]:
        if line.startswith(("bulk:", "naive:", "migrate: 20", "start-up:")):
            assert line.rstrip().endswith(("PASS", "FAIL")), line


def test_instruction_counts_run_each_step(tmp_path: Path) -> None:
    """The counting script's child runs every step on the files it is given."""
    paths = generate.generate(3, tmp_path / "files")
    listing = tmp_path / "files.txt"
    listing.write_text("\n".join(map(str, paths)) + "\n", "utf-8")
    for step in ("none", "parse", "validate", "score", "jsonl"):
        done = _module("benchmarks.instructions", "--child", step, str(listing), timeout=60)
        assert done.returncode == 0, (step, done.stderr)
    listing.write_text(str(tmp_path / "missing.toml") + "\n", "utf-8")
    done = _module("benchmarks.instructions", "--child", "parse", str(listing), timeout=60)
    assert done.returncode != 0, "a step that reads no file cannot have counted one"


@pytest.mark.skipif(shutil.which("valgrind") is None, reason="valgrind is not installed")
def test_instruction_counts_print_a_ratio_for_every_step(tmp_path: Path) -> None:
    """Under valgrind, every step gets a count per file and a ratio to parsing."""
    done = _module(
        *("benchmarks.instructions", "--n", "3", "--of", "6", "--cache", str(tmp_path)),
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    rows = [line for line in done.stdout.splitlines() if line.startswith("| ") and "×" in line]
    assert [row.split(" | ")[0] for row in rows] == [
        "| tomllib parse (the floor)",
        "| kompass validate, one file",
        "| kompass score, one file (a table)",
        "| kompass score --format jsonl, one file",
    ]
    ratios = [float(row.split(" | ")[-1].rstrip(" |×")) for row in rows]
    assert all(ratio > 1 for ratio in ratios[1:]), rows


def test_growth_is_judged_in_files_parsed_in_the_same_step() -> None:
    """Kompass's slope over the floor's, last size step against the first."""
    code = """
from benchmarks.run import Run, _linear
sizes = [1000, 10000, 100000]
floor = [Run(0.5, 0), Run(4.1, 0), Run(44.1, 0)]  # 0.4 ms a further file throughout
even = [Run(1.0, 0), Run(8.2, 0), Run(88.2, 0)]  # twice the floor's slope in both steps
edge = [Run(1.0, 0), Run(8.2, 0), Run(128.2, 0)]  # three times it in the last step
steep = [Run(1.0, 0), Run(8.2, 0), Run(136.2, 0)]  # 3.2 times it
for runs in (even, edge, steep, [Run(1.0, 0), Run(0.9, 0), Run(5.0, 0)]):
    row = _linear("validate", sizes, runs, floor)
    print(row.measured, row.baseline, row.ratio, row.result, sep=" | ")
"""
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "2.00× parse 10,000→100,000 | 2.00× parse 1,000→10,000 | 1.00× | PASS",
        "3.00× parse 10,000→100,000 | 2.00× parse 1,000→10,000 | 1.50× | PASS",
        "3.20× parse 10,000→100,000 | 2.00× parse 1,000→10,000 | 1.60× | FAIL",
        "0.10× parse 10,000→100,000 | 0.00× parse 1,000→10,000 | n/a | NOISY",
    ]
