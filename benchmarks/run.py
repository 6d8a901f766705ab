"""The benchmarks of tracker issue 8, in one command:

    .venv/bin/python -m benchmarks.run [--n 10000] [--sizes 1000,10000,100000] [--quick]

Every figure is a ratio (for start-up, a difference) of two times measured in
the same run, so that it holds on a noisy machine:

1. bulk: ``kompass validate DIR`` and ``kompass score DIR --format jsonl``
   against parsing the same files with tomllib (target: at most 2x);
2. naive: Kompass's validation step against ``jsonschema.validate`` per
   document, parsing excluded (target: at least 10x faster);
3. migrate: N evaluations 2010 -> 2016 through the API against scoring them
   (target: at most 2x);
4. start-up: ``kompass --version`` and ``kompass rubrics list`` against
   ``python -c pass`` (target: under 100 ms more);
5. growth: time and peak memory of validate and score at each size (target:
   time linear, in files parsed in the same rounds; peak memory flat).

The evaluations come from :mod:`benchmarks.generate`, cached in a folder
keyed by N, the seed and a digest of the generator and the installed
rubrics.  See docs/performance.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks import generate

HERE = Path(__file__).resolve().parent
MIGRATION = ("kommunkompassen-2010", "kommunkompassen-2016")
GROUPS = ("startup", "bulk", "jobs", "naive", "migrate", "growth")

# Targets of the tracker issue.
BULK_MAX = 2.0
NAIVE_MIN = 10.0
MIGRATE_MAX = 2.0
STARTUP_MAX_MS = 100.0
# Growth: the per-file time of the last size step at most this many times the
# first's (superlinear work would exceed it); the peak memory at the largest
# size at most this many times the smallest's (loading every file first would
# grow it with N, a hundredfold from 1,000 to 100,000 files).
LINEAR_MAX = 1.5
FLAT_MAX = 1.5


# -- running a command --------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """One run of a command: wall time, the peak resident memory of its
    process, and the end of what it wrote to stderr."""

    seconds: float
    peak_bytes: int
    said: str = ""


class BenchmarkError(Exception):
    """A measured command failed: its figures would mean nothing."""


# The commands run as an installed Kompass runs: with the bytecode of its modules
# kept (pip compiles it when it installs a wheel).  A PYTHONDONTWRITEBYTECODE in
# the caller's environment would compile every module again at every start.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run_once(argv: Sequence[str], files: int | None = None) -> Run:
    """Run ``argv`` with stdout to /dev/null; its time and peak memory
    (``wait4`` gives the resource usage of that one child).  With ``files``,
    check that it says on stderr it worked through that many files."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=errors, env=CHILD_ENV)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = code = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        said = " | ".join(errors.read().decode("utf-8", "replace").strip().splitlines()[-3:])
    if code != 0:
        raise BenchmarkError(f"{' '.join(argv)} exited with {code}: {said}")
    if files is not None and files > 1 and f"{files} files" not in said:
        raise BenchmarkError(
            f"{' '.join(argv)}: expected '{files} files' on stderr, found {said!r}"
        )
    # ru_maxrss is in KiB on Linux, in bytes on macOS.
    scale = 1 if sys.platform == "darwin" else 1024
    return Run(seconds, usage.ru_maxrss * scale, said)


def run_json(argv: Sequence[str]) -> dict[str, float]:
    """Run a measuring helper and read the JSON object it prints."""
    done = subprocess.run(argv, capture_output=True, text=True, check=False, env=CHILD_ENV)
    if done.returncode != 0:
        said = done.stderr.strip().splitlines()[-3:]
        raise BenchmarkError(f"{' '.join(argv)} exited with {done.returncode}: {' | '.join(said)}")
    result: dict[str, float] = json.loads(done.stdout)
    return result


def best_of(runs: Sequence[Run]) -> Run:
    """The shortest time of several runs, and the highest peak memory."""
    fastest = min(runs, key=lambda r: r.seconds)
    return Run(fastest.seconds, max(r.peak_bytes for r in runs), fastest.said)


def interleaved(
    commands: dict[str, Sequence[str]],
    repeat: int,
    budget: float,
    files: int | None = None,
    before: Sequence[str] | None = None,
) -> dict[str, Run]:
    """Each command's best run (:func:`best_of`).  The commands take turns,
    round after round, so that a busy spell slows all of them; no new round
    starts once ``budget`` seconds have gone (long runs are measured fewer
    times).  ``before``, when given, runs untimed before each timed run."""
    runs: dict[str, list[Run]] = {name: [] for name in commands}
    start = time.perf_counter()
    for _ in range(max(1, repeat)):
        for name, argv in commands.items():
            if before:
                subprocess.run(before, check=True, capture_output=True)
            runs[name].append(run_once(argv, files))
        if time.perf_counter() - start > budget:
            break
    return {name: best_of(found) for name, found in runs.items()}


def kompass_command() -> list[str]:
    """The ``kompass`` console script next to this interpreter (as a user
    runs it), else ``python -m kompass_core``."""
    script = Path(sys.executable).with_name("kompass")
    if script.exists():
        return [str(script)]
    found = shutil.which("kompass")
    return [found] if found else [sys.executable, "-m", "kompass_core"]


# -- the evaluations ----------------------------------------------------------


def corpus_key(n: int, seed: int, rubric_ids: Sequence[str] | None) -> str:
    """A folder name for these evaluations: N, the seed, the rubrics, and a
    digest of the generator and the installed rubric data (any change to
    either generates afresh)."""
    import kompass_core as kompass

    digest = hashlib.sha256(Path(generate.__file__).read_bytes())
    for rubric in sorted(kompass.default_registry().rubrics(), key=lambda r: r.id):
        digest.update(f"{rubric.id}={rubric.fingerprint}".encode())
    label = "-".join(rubric_ids) if rubric_ids else "all"
    return f"{label}-n{n}-seed{seed}-{digest.hexdigest()[:12]}"


def corpus(
    cache: Path, n: int, seed: int, rubric_ids: Sequence[str] | None = None, log: bool = True
) -> Path:
    """The folder of ``n`` generated evaluations, generated unless cached."""
    folder = cache / corpus_key(n, seed, rubric_ids)
    if (folder / ".complete").exists():
        return folder
    if log:
        print(f"generating {n:,} evaluations in {folder} ...", file=sys.stderr, flush=True)
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    generate.generate(n, partial, seed, rubric_ids)
    (partial / ".complete").write_text("")
    shutil.rmtree(folder, ignore_errors=True)
    partial.rename(folder)
    return folder


# -- results ------------------------------------------------------------------


@dataclass
class Row:
    """One line of the table."""

    benchmark: str
    measured: str
    baseline: str = ""
    ratio: str = ""
    target: str = ""
    result: str = "info"


@dataclass
class Results:
    rows: list[Row] = field(default_factory=list)
    runs: dict[tuple[str, int], Run] = field(default_factory=dict)
    """Command runs by (command, N), reused across benchmarks."""

    def add(self, row: Row) -> None:
        self.rows.append(row)
        print(f"  {row.benchmark}: {row.measured} ({row.result})", file=sys.stderr, flush=True)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def seconds(value: float) -> str:
    return f"{value:.2f} s" if value < 100 else f"{value:.0f} s"


def per_file(value: float, n: int) -> str:
    micro = value / n * 1e6
    return f"{micro / 1000:.1f} ms/file" if micro >= 1000 else f"{micro:.0f} µs/file"


def megabytes(value: int) -> str:
    return f"{value / 2**20:.0f} MB"


# -- the benchmarks -----------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    n: int
    sizes: tuple[int, ...]
    seed: int
    repeat: int
    budget: float
    startup_runs: int
    naive_sample: int
    cache: Path
    groups: tuple[str, ...]


def startup(settings: Settings, results: Results) -> None:
    """Start-up: the extra time of ``kompass --version`` and ``kompass rubrics
    list`` over a bare interpreter, best of several interleaved runs (30: on a
    virtual machine a slow spell lasts seconds, longer than 10 rounds take, and
    stretches the difference along with both times)."""
    kompass = kompass_command()
    best = interleaved(
        {
            "bare": [sys.executable, "-c", "pass"],
            "version": [*kompass, "--version"],
            "rubrics": [*kompass, "rubrics", "list"],
        },
        settings.startup_runs,
        budget=60,
    )
    bare = best["bare"].seconds * 1000
    for name, label in (("version", "kompass --version"), ("rubrics", "kompass rubrics list")):
        ms = best[name].seconds * 1000
        results.add(
            Row(
                f"start-up: {label}",
                f"{ms:.0f} ms",
                f"python -c pass {bare:.0f} ms",
                f"+{ms - bare:.0f} ms",
                f"< +{STARTUP_MAX_MS:.0f} ms",
                verdict(ms - bare < STARTUP_MAX_MS),
            )
        )


def _batch_commands(folder: Path) -> dict[str, list[str]]:
    kompass = kompass_command()
    return {
        "parse": [sys.executable, str(HERE / "parse_floor.py"), str(folder)],
        "validate": [*kompass, "validate", str(folder), "-q", "--jobs", "1"],
        "score": [*kompass, "score", str(folder), "--format", "jsonl", "-q", "--jobs", "1"],
        "score-table": [*kompass, "score", str(folder), "-q", "--jobs", "1"],
    }


def bulk(settings: Settings, results: Results) -> None:
    """Validate and score N files against parsing them, each in its own process."""
    n = settings.n
    folder = corpus(settings.cache, n, settings.seed)
    best = interleaved(_batch_commands(folder), settings.repeat, settings.budget, n)
    for name, run in best.items():
        results.runs[name, n] = run
    floor = best["parse"].seconds
    for name, label in (
        ("validate", "kompass validate"),
        ("score", "kompass score --format jsonl"),
        ("score-table", "kompass score (a table per file, the default)"),
    ):
        spent = best[name].seconds
        results.add(
            Row(
                f"bulk: {label}, {n:,} files",
                f"{seconds(spent)} ({per_file(spent, n)})",
                f"tomllib parse {seconds(floor)}",
                f"{spent / floor:.1f}×",
                f"≤ {BULK_MAX:g}×",
                verdict(spent / floor <= BULK_MAX),
            )
        )
    # The same work file by file in one process, the three taking turns on each
    # file: less exposed to the machine's slow spells than whole runs.
    found = run_json([sys.executable, str(HERE / "_steps.py"), "files", str(folder)])
    parse = found["parse_s"]
    for key, label in (("validate_s", "validate"), ("score_s", "score (a table)")):
        results.add(
            Row(
                f"bulk, file by file in one process: {label}, {n:,} files",
                per_file(found[key], n),
                f"tomllib parse {per_file(parse, n)}",
                f"{found[key] / parse:.1f}×",
                "info",
            )
        )


def jobs(settings: Settings, results: Results) -> None:
    """``validate --jobs 2`` against ``--jobs 1`` (informational)."""
    n = settings.n
    folder = corpus(settings.cache, n, settings.seed)
    commands = _batch_commands(folder)
    two = [*commands["validate"][:-1], "2"]
    if ("validate", n) in results.runs:
        one = results.runs["validate", n]
        parallel = best_of([run_once(two, n) for _ in range(1 if one.seconds > 30 else 2)])
    else:
        best = interleaved({"one": commands["validate"], "two": two}, 2, settings.budget, n)
        one, parallel = best["one"], best["two"]
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    results.add(
        Row(
            f"jobs: kompass validate --jobs 2, {n:,} files",
            seconds(parallel.seconds),
            f"--jobs 1 {seconds(one.seconds)}",
            f"{one.seconds / parallel.seconds:.2f}× speed-up",
            f"info ({cpus} CPUs)",
        )
    )


def naive(settings: Settings, results: Results) -> None:
    """Kompass's validation step against ``jsonschema.validate`` per document."""
    folder = corpus(settings.cache, settings.n, settings.seed)
    sample = min(settings.naive_sample, settings.n)
    found = run_json(
        [
            sys.executable,
            str(HERE / "_steps.py"),
            "naive",
            str(folder),
            "--sample",
            str(sample),
            "--repeat",
            str(settings.repeat),
        ]
    )
    docs = int(found["documents"])
    ours, theirs = found["kompass_s"], found["naive_s"]
    results.add(
        Row(
            f"naive: validation step, {docs:,} parsed documents",
            f"{per_file(ours, docs).replace('file', 'doc')}",
            f"jsonschema.validate {per_file(theirs, docs).replace('file', 'doc')}",
            f"{theirs / ours:.1f}× faster",
            f"≥ {NAIVE_MIN:g}× faster",
            verdict(theirs / ours >= NAIVE_MIN),
        )
    )


def migrate(settings: Settings, results: Results) -> None:
    """N evaluations 2010 -> 2016 through the API against scoring them."""
    n = settings.n
    source, target = MIGRATION
    folder = corpus(settings.cache, n, settings.seed, [source])
    found = run_json(
        [sys.executable, str(HERE / "_steps.py"), "migrate", str(folder), "--to", target]
    )
    load, score, move = found["load_s"], found["score_s"], found["migrate_s"]
    files = (load + move) / (load + score)
    results.add(
        Row(
            f"migrate: {n:,} evaluations {source[-4:]} → {target[-4:]} (API, per file)",
            f"migrate_file {seconds(load + move)}",
            f"score_file {seconds(load + score)}",
            f"{files:.1f}×",
            f"≤ {MIGRATE_MAX:g}×",
            verdict(files <= MIGRATE_MAX),
        )
    )
    results.add(
        Row(
            "migrate: the step alone, reading excluded",
            f"migrate {seconds(move)}",
            f"score {seconds(score)}",
            f"{move / score:.1f}×",
            "info",
        )
    )


def growth(settings: Settings, results: Results) -> None:
    """Time and peak memory of validate and score at each size, and the
    parse floor's time, which their growth is judged against."""
    sizes = sorted(set(settings.sizes))
    names = ("validate", "score")
    for size in sizes:
        if all((name, size) in results.runs for name in ("parse", *names)):
            continue  # measured by the bulk benchmark
        commands = _batch_commands(corpus(settings.cache, size, settings.seed))
        # Read every file, untimed, right before each timed run: the largest
        # corpus need not be in the page cache, and a machine may give cached
        # pages back within minutes, so that a run would pay for the disk by chance.
        best = interleaved(
            {k: commands[k] for k in ("parse", *names)},
            settings.repeat,
            settings.budget,
            size,
            before=commands["parse"],
        )
        for name, run in best.items():
            results.runs[name, size] = run
    floors = [results.runs["parse", size] for size in sizes]
    for size, floor in zip(sizes, floors, strict=True):
        results.add(
            Row(
                f"growth: tomllib parse (the floor), {size:,} files",
                seconds(floor.seconds),
                ratio=per_file(floor.seconds, size),
            )
        )
    for name in names:
        measured = [results.runs[name, size] for size in sizes]
        for size, run in zip(sizes, measured, strict=True):
            results.add(
                Row(
                    f"growth: kompass {name}, {size:,} files",
                    f"{seconds(run.seconds)}, peak {megabytes(run.peak_bytes)}",
                    ratio=per_file(run.seconds, size),
                )
            )
        if len(sizes) < 2:
            continue
        results.add(_linear(name, sizes, measured, floors))
        low, high = measured[0].peak_bytes, measured[-1].peak_bytes
        # What each further file adds: holding every file's data would be
        # kilobytes a file (a parsed evaluation takes about 10 KB).
        each = (high - low) / (sizes[-1] - sizes[0]) / 1024
        results.add(
            Row(
                f"growth: {name} peak memory flat",
                f"{megabytes(high)} at {sizes[-1]:,}",
                f"{megabytes(low)} at {sizes[0]:,}",
                f"{high / low:.2f}× ({each:+.2f} KB/file)",
                f"≤ {FLAT_MAX:g}×",
                verdict(high / low <= FLAT_MAX),
            )
        )


def _linear(name: str, sizes: list[int], runs: list[Run], floors: list[Run]) -> Row:
    """Linear time: what each further file costs (the slope between two sizes,
    free of start-up), measured in further files parsed in the same rounds
    (the floor's slope), no larger at the last size step than at the first.
    A ratio of the same rounds, because a single run of a minute and more (the
    largest size) meets this machine's slow spells where a few seconds' best
    of three need not."""
    times = [r.seconds for r in runs]
    parsed = [r.seconds for r in floors]

    def slope(a: int, b: int) -> float:
        spent, floor = times[b] - times[a], parsed[b] - parsed[a]
        return spent / floor if spent > 0 and floor > 0 else 0.0

    if len(sizes) >= 3:
        first, last = slope(0, 1), slope(-2, -1)
        steps = f"{sizes[-2]:,}→{sizes[-1]:,}", f"{sizes[0]:,}→{sizes[1]:,}"
    else:  # one step only: compare the ratio to parsing, start-up included
        first, last = times[0] / parsed[0], times[-1] / parsed[-1]
        steps = f"at {sizes[-1]:,}", f"at {sizes[0]:,}"
    if first <= 0 or last <= 0:  # noise larger than the work between two sizes
        return Row(
            f"growth: {name} time linear",
            f"{last:.2f}× parse {steps[0]}",
            f"{first:.2f}× parse {steps[1]}",
            "n/a",
            f"≤ {LINEAR_MAX:g}×",
            "NOISY",
        )
    ratio = last / first
    return Row(
        f"growth: {name} time linear",
        f"{last:.2f}× parse {steps[0]}",
        f"{first:.2f}× parse {steps[1]}",
        f"{ratio:.2f}×",
        f"≤ {LINEAR_MAX:g}×",
        verdict(ratio <= LINEAR_MAX),
    )


BENCHMARKS: dict[str, Callable[[Settings, Results], None]] = {
    "startup": startup,
    "bulk": bulk,
    "jobs": jobs,
    "naive": naive,
    "migrate": migrate,
    "growth": growth,
}


# -- the table ----------------------------------------------------------------

HEADERS = ("benchmark", "Kompass", "baseline", "ratio", "target", "result")


def table(rows: Sequence[Row], markdown: bool = False) -> str:
    cells = [HEADERS] + [
        (r.benchmark, r.measured, r.baseline, r.ratio, r.target, r.result) for r in rows
    ]
    if markdown:
        lines = ["| " + " | ".join(c) + " |" for c in cells]
        lines.insert(1, "|" + "---|" * len(HEADERS))
        return "\n".join(lines) + "\n"
    widths = [max(len(c[i]) for c in cells) for i in range(len(HEADERS))]
    lines = ["  ".join(v.ljust(w) for v, w in zip(c, widths, strict=True)).rstrip() for c in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"


def machine() -> list[str]:
    """What the figures were measured on, and with which Kompass."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return [
        f"python {platform.python_version()} ({sys.executable})",
        f"{platform.platform()}, {_processor()}, {cpus} CPUs",
        f"kompass {_kompass_version()}, commit {_commit()}",
    ]


def _processor() -> str:
    try:  # Linux names the model here; platform.processor() often says only x86_64
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def load_average() -> str:
    if not hasattr(os, "getloadavg"):
        return "?"
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def _kompass_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kompass")
    except PackageNotFoundError:
        return "unknown"


def _commit() -> str:
    """The checked-out commit (read only: the working tree may differ from it)."""
    try:
        done = subprocess.run(
            ["git", "-C", str(HERE.parent), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except OSError:
        return "unknown"
    return done.stdout.strip() or "unknown"


# -- the command line ---------------------------------------------------------


def _sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(part) for part in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected sizes like 1000,10000, found {text!r}"
        ) from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError(f"expected positive sizes, found {text!r}")
    return sizes


def _groups(text: str) -> tuple[str, ...]:
    groups = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [g for g in groups if g not in GROUPS]
    if unknown:
        raise argparse.ArgumentTypeError(
            f"expected some of {', '.join(GROUPS)}, found {', '.join(unknown)}"
        )
    return groups


def parse_args(argv: Sequence[str] | None) -> tuple[Settings, bool]:
    """The settings, and whether to print the table as Markdown."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run", description="The benchmarks of tracker issue 8."
    )
    parser.add_argument("--n", type=int, help="files for bulk, naive, jobs and migrate (10000)")
    parser.add_argument(
        "--sizes", type=_sizes, help="growth sizes, comma-separated (1000,10000,100000)"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a sanity check: N=1000, sizes 500,1000,2000, fewer repetitions",
    )
    parser.add_argument("--seed", type=int, default=generate.SEED)
    parser.add_argument("--repeat", type=int, help="best of up to this many runs (3; quick 2)")
    parser.add_argument(
        "--budget",
        type=float,
        default=300.0,
        help="no further repetition of a measurement once it has taken this many seconds (300)",
    )
    parser.add_argument("--startup-runs", type=int, help="start-up: best of this many (30)")
    parser.add_argument("--naive-sample", type=int, help="naive: documents measured (300)")
    parser.add_argument(
        "--only",
        type=_groups,
        default=GROUPS,
        help=f"only these benchmarks, comma-separated ({','.join(GROUPS)})",
    )
    parser.add_argument(
        "--cache-dir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "kompass-benchmarks",
        help="where generated evaluations are kept between runs",
    )
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    args = parser.parse_args(argv)
    quick = args.quick
    settings = Settings(
        n=args.n or (1000 if quick else 10_000),
        sizes=args.sizes or ((500, 1000, 2000) if quick else (1000, 10_000, 100_000)),
        seed=args.seed,
        repeat=args.repeat or (2 if quick else 3),
        budget=args.budget,
        startup_runs=args.startup_runs or (5 if quick else 30),
        naive_sample=args.naive_sample or (50 if quick else 300),
        cache=args.cache_dir,
        groups=args.only,
    )
    return settings, args.markdown


def main(argv: Sequence[str] | None = None) -> int:
    settings, markdown = parse_args(argv)
    command = "python -m benchmarks.run " + " ".join(sys.argv[1:] if argv is None else argv)
    about = machine()
    load_before = load_average()
    print(command.strip(), *about, f"load average {load_before}", sep="\n", file=sys.stderr)
    results = Results()
    failed = False
    start = time.perf_counter()
    for group in GROUPS:
        if group not in settings.groups:
            continue
        try:
            BENCHMARKS[group](settings, results)
        except BenchmarkError as error:
            failed = True
            results.add(Row(f"{group}: could not be measured", str(error), result="ERROR"))
    print()
    print(f"$ {command.strip()}")
    for line in about:
        print(line)
    print(f"load average (1, 5, 15 min) at start {load_before}; at end {load_average()}")
    print(f"{time.perf_counter() - start:.0f} s in all")
    print()
    print(table(results.rows, markdown), end="")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
