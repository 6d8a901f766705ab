"""Instructions per file, counted by valgrind: figures that do not move with the
speed of the machine, for telling a change of a few per cent from noise.

    .venv/bin/python -m benchmarks.instructions [--n 200] [--of 10000] [--seed 8]

Needs valgrind (Debian: ``apt-get install valgrind``).  Each step runs in a
process of its own under cachegrind (no cache simulation), over N files of
the bulk benchmark's 10,000 spread evenly over them (every rubric and
granularity takes its share).  A process that does everything but the step
(start-up, imports, the rubrics, a warm-up of every step on one file) is
counted as well and subtracted, so each figure is the step's own work.

A count is not a time: Kompass's code does more per instruction (memory,
branches) than tomllib's parser, so its time ratios run higher than these.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from benchmarks import generate

STEPS = ("parse", "validate", "score", "jsonl")
LABELS = {
    "parse": "tomllib parse (the floor)",
    "validate": "kompass validate, one file",
    "score": "kompass score, one file (a table)",
    "jsonl": "kompass score --format jsonl, one file",
}


def steps() -> dict[str, Callable[[str], object]]:
    """What each step does with one file (as the bulk commands do)."""
    import tomllib

    from kompass_core import _batch, _output

    def parse(path: str) -> object:
        with open(path, "rb") as handle:
            return tomllib.load(handle)

    def validate(path: str) -> object:
        return _batch.validate_one(_batch.Input(path, path))

    def score(path: str) -> object:
        return _batch.score_one("table", "sv", False, _batch.Input(path, path))

    def jsonl(path: str) -> object:
        record = _batch.score_one("jsonl", "sv", False, _batch.Input(path, path)).record
        return _output.dumps(record, line=True)

    return {"parse": parse, "validate": validate, "score": score, "jsonl": jsonl}


def child(step: str, listing: str) -> None:
    """Run under valgrind: warm every step up on one file, then ``step`` on each."""
    paths = Path(listing).read_text("utf-8").splitlines()
    work = steps()
    for each in work.values():
        each(paths[-1])
    if step != "none":
        for path in paths:
            work[step](path)


def count(step: str, listing: str) -> int:
    """The instructions of one child process."""
    done = subprocess.run(
        [
            *("valgrind", "--tool=cachegrind", "--cache-sim=no"),
            "--cachegrind-out-file=/dev/null",
            *(sys.executable, "-m", "benchmarks.instructions", "--child", step, listing),
        ],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if done.returncode != 0 or found is None:
        said = " | ".join(done.stderr.strip().splitlines()[-3:])
        raise SystemExit(f"valgrind on step {step} failed ({done.returncode}): {said}")
    return int(found.group(1).replace(",", ""))


def measure(paths: Sequence[str], jobs: int) -> dict[str, int]:
    """Instructions per file of each step, the warm-up and start-up taken off."""
    with tempfile.TemporaryDirectory() as folder:
        listing = os.path.join(folder, "files")
        Path(listing).write_text("\n".join(paths) + "\n", "utf-8")
        names = ("none", *STEPS)
        with ThreadPoolExecutor(max_workers=jobs) as pool:  # each count is a process of its own
            counted = dict(zip(names, pool.map(lambda s: count(s, listing), names), strict=True))
    return {step: (counted[step] - counted["none"]) // len(paths) for step in STEPS}


def table(per_file: dict[str, int], n: int) -> str:
    """A Markdown table of the counts, each also as a ratio to parsing."""
    floor = per_file["parse"]
    lines = [
        f"Instructions per file, {n} files (valgrind cachegrind)",
        "",
        "| step | instructions per file | against parsing |",
        "|---|---|---|",
    ]
    for step in STEPS:
        lines.append(f"| {LABELS[step]} | {per_file[step]:,} | {per_file[step] / floor:.2f}× |")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.instructions")
    parser.add_argument("--n", type=int, default=200, help="files counted (200)")
    parser.add_argument(
        "--of", type=int, default=10_000, help="the generated files they are taken from (10000)"
    )
    parser.add_argument("--seed", type=int, default=generate.SEED)
    parser.add_argument(
        "--cache",
        type=Path,
        default=Path(tempfile.gettempdir()) / "kompass-benchmarks",
        help="where generated evaluations are kept between runs (as benchmarks.run)",
    )
    parser.add_argument("--child", nargs=2, metavar=("STEP", "LISTING"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not 1 <= args.n <= args.of:
        parser.error(f"--n: expected 1 to --of ({args.of}) files, found {args.n}")
    if args.child:
        child(*args.child)
        return 0
    from benchmarks._steps import evaluation_files, spread
    from benchmarks.run import corpus

    folder = corpus(args.cache, args.of, args.seed)
    paths = spread(evaluation_files(str(folder)), args.n)
    print(table(measure(paths, os.cpu_count() or 1), len(paths)), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
