"""Running one command over many files: streamed file by file, in the order
given, in one process or several (``--jobs``), with a progress line on a
terminal.

Each file's work is a function of its path that returns an :class:`Outcome`:
its problems and what to print or write.  The work runs in worker processes
only when asked; results come back in input order either way, so ``--jobs 4``
prints exactly what ``--jobs 1`` prints.
"""

from __future__ import annotations

import os
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from functools import partial
from typing import IO, Any

from attrs import frozen

from kompass_core.errors import InvalidInputError, KompassError, Problem


@frozen
class Outcome:
    """What one file gave: its problems (errors and warnings), a record for
    machine-readable output, and the text to print or write."""

    path: str
    problems: tuple[Problem, ...] = ()
    record: dict[str, Any] | None = None
    text: str = ""

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


EVALUATION_SUFFIXES = (".toml", ".json")


@frozen
class Input:
    """A file to work on, and its name relative to the folder it was found in
    (its own name when it was given directly): where a copy goes under ``--output-dir``."""

    path: str
    name: str


def expand(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Input]:
    """Files as given; folders as every evaluation file below them, in a fixed
    order (each folder's files sorted by name, then its subfolders in sorted
    order; hidden files and folders skipped), found as they are needed rather
    than listed first.  A path that does not exist, and a folder without
    evaluation files, is passed on, so that reading it reports it."""
    for path in paths:
        text = os.fspath(path)
        if not os.path.isdir(text):
            yield Input(text, os.path.basename(text))
            continue
        found = False
        for folder, dirs, files in os.walk(text):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.endswith(EVALUATION_SUFFIXES) and not name.startswith("."):
                    found = True
                    file = os.path.join(folder, name)
                    yield Input(file, os.path.relpath(file, text))
        if not found:
            yield Input(text, os.path.basename(text))


def guarded(work: Callable[[Input], Outcome], found: Input) -> Outcome:
    """``work(found)``, with a user's mistake in the file turned into its problems."""
    try:
        return work(found)
    except InvalidInputError as error:
        return Outcome(found.path, error.problems, _record(found.path, error.problems))
    except KompassError as error:
        problems = (Problem(str(error), file=found.path),)
        return Outcome(found.path, problems, _record(found.path, problems))


def run_each(
    inputs: Iterable[Input], work: Callable[[Input], Outcome], jobs: int = 1
) -> Iterator[Outcome]:
    """Each input's outcome, in order, as the inputs come.  With ``jobs`` > 1
    the work is spread over that many processes (``work`` must then be
    picklable: a module-level function or a ``functools.partial`` of one);
    only a few chunks are in flight at a time, so memory stays flat however
    many files there are."""
    task = partial(guarded, work)
    if jobs <= 1:
        yield from map(task, inputs)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        pending: deque[Future[list[Outcome]]] = deque()
        for chunk in _chunks(inputs, CHUNK):
            pending.append(pool.submit(_run_chunk, task, chunk))
            if len(pending) >= jobs * 4:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


CHUNK = 32
"""Files sent to a worker process at a time: enough to amortise sending them,
few enough that the output and the progress line keep moving."""


def _chunks(inputs: Iterable[Input], size: int) -> Iterator[list[Input]]:
    chunk: list[Input] = []
    for found in inputs:
        chunk.append(found)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _run_chunk(task: Callable[[Input], Outcome], chunk: list[Input]) -> list[Outcome]:
    return [task(found) for found in chunk]


# -- the work on one file (module-level functions, so that worker processes can run them) --


def _record(path: str, problems: Sequence[Problem], **more: Any) -> dict[str, Any]:
    from kompass_core._output import problem_dict

    errors = sum(p.severity == "error" for p in problems)
    return {
        "file": path,
        "valid": not errors,
        "errors": errors,
        "warnings": len(problems) - errors,
        "problems": [problem_dict(p) for p in problems],
        **more,
    }


def validate_one(found: Input) -> Outcome:
    """Every problem in one evaluation file."""
    from kompass_core._api import validate_file

    problems = tuple(validate_file(found.path))
    return Outcome(found.path, problems, _record(found.path, problems))


def score_one(form: str, lang: str, questions: bool, found: Input) -> Outcome:
    """One evaluation file scored, rendered in ``form`` (for several files:
    csv rows start with the file, json and jsonl are one record each)."""
    from kompass_core import _output
    from kompass_core._api import score_file

    path = found.path
    result = score_file(path)
    if form in ("json", "jsonl"):  # the record is the output
        scores = _output.score_dict(result, lang)
        del scores["file"], scores["warnings"]  # the record has them as "file" and "problems"
        return Outcome(path, result.warnings, {**_record(path, result.warnings), **scores})
    if form == "csv":
        text = _output.score_csv(result, lang, questions, file=path, header=False)
    elif form == "table":
        text = _output.score_table(result, lang, questions)
    else:  # a plugin's format: a failure is the plugin's, as with one file
        from kompass_core._plugins import blamed, default_registry

        registry = default_registry()
        render = registry.formats("score")[form].render_score
        plugin = registry.provider("kompass_output_formats", form)
        text = blamed(plugin, f"format {form!r}", lambda it: render(it, lang))(result)
    return Outcome(path, result.warnings, text=text)


def migrate_one(to: str, form: str, folder: str | None, force: bool, found: Input) -> Outcome:
    """One evaluation file carried over to ``to``: written under ``folder``
    (at its relative name, with the suffix of ``form``), or as a record."""
    from kompass_core import _output
    from kompass_core._api import migrate_file
    from kompass_core._plugins import default_registry

    migrated = migrate_file(found.path, to, default_registry())
    record = _record(found.path, (), migration_path=list(migrated.path), evaluation=migrated.data)
    if folder is None:
        return Outcome(found.path, (), record)
    from pathlib import Path

    from kompass_core._files import write_atomic

    suffix = ".json" if form == "json" else ".toml"
    target = Path(folder, found.name).with_suffix(suffix)
    text = _output.dumps(migrated.data) if form == "json" else _output.toml(migrated.data)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise KompassError(
            f"{target.parent}: cannot make the folder to write into: {error.strerror or error}"
        ) from None
    write_atomic(target, text, force=force, inputs=[found.path])
    return Outcome(found.path, (), {**record, "written": str(target)}, str(target))


def default_jobs() -> int:
    """What ``--jobs 0`` means: one process per CPU this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class Progress:
    """A progress line on stderr, redrawn at most ten times a second; silent
    unless stderr is a terminal (or ``enabled`` says otherwise)."""

    def __init__(self, total: int, stream: IO[str] | None = None, enabled: bool | None = None):
        self.total = total
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.done = 0
        self.failed = 0
        self._shown = 0.0

    def advance(self, ok: bool) -> None:
        self.done += 1
        self.failed += not ok
        now = time.monotonic()
        if self.enabled and (now - self._shown >= 0.1 or self.done == self.total):
            self._shown = now
            self.stream.write("\r" + self.line())
            self.stream.flush()

    def line(self) -> str:
        width = 30
        filled = width * self.done // self.total if self.total else width
        bar = "#" * filled + "." * (width - filled)
        failed = f", {self.failed} invalid" if self.failed else ""
        return f"[{bar}] {self.done}/{self.total} files{failed}"

    def close(self) -> None:
        """End the line, so that what follows starts on a fresh one."""
        if self.enabled and self.done:
            self.stream.write("\n")
            self.stream.flush()


__all__ = [
    "Input",
    "Outcome",
    "Progress",
    "default_jobs",
    "expand",
    "guarded",
    "migrate_one",
    "run_each",
    "score_one",
    "validate_one",
]
