"""Fuzzing: arbitrary documents, and valid files with something broken.

Whatever a file holds, the outcome is a result or a clean error: through the Python API
only :class:`~kompass_core.KompassError` (and its subclasses) may escape, and the checking
functions (``validate_file``, ``check_rubric``, ``check_migration``) return problems
instead of raising; through the command line the exit code is 0 or 1, never 3 (an
internal error), and there is never a traceback.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import re
import tomllib
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kompass_core as kompass
from kompass_core import _output, trend
from kompass_core.cli import main

from .conftest import EXAMPLES, REPO
from .strategies import documents, evaluation_data, json_values, mutated, renumbered

#: Examples per property; set KOMPASS_FUZZ_EXAMPLES for a longer hunt.
EXAMPLES_PER_PROPERTY = int(os.environ.get("KOMPASS_FUZZ_EXAMPLES", "150"))
FUZZ = settings(
    max_examples=EXAMPLES_PER_PROPERTY,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
CLI_FUZZ = settings(FUZZ, max_examples=max(1, EXAMPLES_PER_PROPERTY * 2 // 3))
REGISTRY = kompass.default_registry()
RUBRIC_IDS = sorted(REGISTRY.rubric_ids())


def _read(path: Path) -> dict[str, Any]:
    """A shipped file as plain data: numbers as Decimal, TOML dates as dates."""
    return tomllib.loads(path.read_text("utf-8"), parse_float=Decimal)


def _migrated(path: Path, target: str) -> dict[str, Any]:
    """An example migrated to ``target``: ranges, estimates and provenance to break."""
    return dict(kompass.migrate_file(path, target).data)


EXAMPLE_DATA = {p.name: _read(p) for p in sorted(EXAMPLES.glob("*.toml"))}
EXAMPLE_DATA["a total-only evaluation"] = {
    "rubric": "kommunkompassen-pre2010",
    "subject": {"name": "Örebro kommun", "kind": "municipality"},
    "evaluation": {"date": "2008"},
    "total": 515,
}
EXAMPLE_DATA |= {
    f"{p.name} on {target}": _migrated(p, target)
    for p in (EXAMPLES / "orebro-2015.toml", EXAMPLES / "orebro-2010.toml")
    for target in ("kommunkompassen-2016", "kommunkompassen-pre2010", "regionkompassen-2014")
}
RUBRIC_DATA = {p.name: _read(p) for p in sorted((REPO / "rubrics").glob("*.toml"))}
MIGRATION_DATA = {
    p.name: _read(p) for p in sorted((REPO / "rubrics" / "migrations").glob("*.toml"))
}


# -- writing a document ------------------------------------------------------------------


_DECIMAL = "\ue000decimal:"  # marks a Decimal's text while json writes the rest


def _jsonable(value: Any) -> Any:
    """``value`` with the types json cannot write turned into ones it can."""
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    if isinstance(value, Decimal):
        return _DECIMAL + str(value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value


_NON_FINITE = {"NaN": "NaN", "-NaN": "NaN", "Infinity": "Infinity", "-Infinity": "-Infinity"}


def as_json(data: dict[str, Any]) -> str:
    """JSON text, each Decimal written exactly as it prints; NaN and Infinity as Python
    writes them."""
    text = json.dumps(_jsonable(data), ensure_ascii=False, allow_nan=True)
    return re.sub('"' + _DECIMAL + r'([^"]*)"', lambda m: _NON_FINITE.get(m[1], m[1]), text)


def _tomlable(value: Any) -> Any:
    """``value`` without nulls, and whole decimals as integers (tomli_w would add ".0")."""
    if isinstance(value, dict):
        return {k: _tomlable(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_tomlable(item) for item in value if item is not None]
    if isinstance(value, Decimal) and value.is_finite() and value.as_tuple().exponent >= 0:  # type: ignore[operator]
        return int(value)
    return value


def as_toml(data: dict[str, Any]) -> str:
    """TOML text, each number as it prints (TOML has no null: nulls are left out)."""
    return tomli_w.dumps(_tomlable(data))


WRITERS: dict[str, Callable[[dict[str, Any]], str]] = {"toml": as_toml, "json": as_json}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder for the fuzzed files (each example overwrites the last)."""
    return tmp_path_factory.mktemp("fuzz")


def write(folder: Path, data: dict[str, Any], fmt: str) -> Path:
    path = folder / f"fuzzed.{fmt}"
    path.write_text(WRITERS[fmt](data), "utf-8")
    return path


# -- what may come out -------------------------------------------------------------------


@contextlib.contextmanager
def clean_errors_only() -> Iterator[None]:
    """Let a KompassError pass quietly; any other exception fails the test."""
    with contextlib.suppress(kompass.KompassError):
        yield


def check_problems(problems: Any, path: Path) -> None:
    """A checking function returned a list of problems about ``path``."""
    assert isinstance(problems, list)
    for problem in problems:
        assert isinstance(problem, kompass.Problem)
        assert problem.file == str(path), problem
        assert "\n" not in str(problem), problem


def evaluation_or_problems(data: Any) -> kompass.Evaluation | tuple[kompass.Problem, ...]:
    """An evaluation from data, or the problems that refused it."""
    try:
        return kompass.evaluation_from_data(data)
    except kompass.InvalidInputError as error:
        return error.problems


def load_or_problems(path: Path) -> kompass.Evaluation | tuple[kompass.Problem, ...]:
    """An evaluation from a file, or the problems that refused it."""
    try:
        return kompass.load_evaluation(path)
    except kompass.InvalidInputError as error:
        return error.problems


def use_evaluation(evaluation: kompass.Evaluation) -> None:
    """Everything done with a valid evaluation: score it, migrate it everywhere, report
    and trend it.  Only a KompassError (no migration path, too little known) may escape."""
    result = kompass.score(evaluation)
    _output.score_json(result, "sv")
    _output.score_table(result, "en", True)
    for target in RUBRIC_IDS:
        with clean_errors_only():
            kompass.score(kompass.migrate(evaluation, target).evaluation)
    with clean_errors_only():
        kompass.render_trend(trend([evaluation], "kommunkompassen-2016"), "csv")


def use_file(path: Path) -> None:
    """Every API function that reads a file, on ``path``."""
    check_problems(kompass.validate_file(path), path)
    check_problems(kompass.check_rubric(path), path)
    check_problems(kompass.check_migration(path), path)
    with clean_errors_only():
        use_evaluation(kompass.load_evaluation(path))
    with clean_errors_only():
        report = kompass.build_report(path, reference="kommunkompassen-2010-mean-2015")
        kompass.render_report(report, "md", "en")
    with clean_errors_only():
        kompass.render_trend(kompass.trend_files([path]), "json")
    with clean_errors_only():
        kompass.load_rubric(path)
        kompass.diff_rubrics(path, "kommunkompassen-2010")
        kompass.migration_scaffold(path, "kommunkompassen-2016")
    with clean_errors_only():
        kompass.load_migration(path)


# -- arbitrary documents -------------------------------------------------------------------


@FUZZ
@given(data=documents(nulls=False))
def test_arbitrary_toml_documents(folder: Path, data: dict[str, Any]) -> None:
    """Any TOML document gives a result or a KompassError, from every API function."""
    use_file(write(folder, data, "toml"))


@FUZZ
@given(data=documents())
def test_arbitrary_json_documents(folder: Path, data: dict[str, Any]) -> None:
    """Any JSON document gives a result or a KompassError, from every API function."""
    use_file(write(folder, data, "json"))


@FUZZ
@given(data=json_values())
def test_arbitrary_data(data: Any) -> None:
    """evaluation_from_data takes any value: an evaluation or an InvalidInputError."""
    evaluation = evaluation_or_problems(data)
    if isinstance(evaluation, kompass.Evaluation):
        use_evaluation(evaluation)
    else:
        assert evaluation
        assert all(p.file == "<data>" for p in evaluation)


# -- valid files with something broken ---------------------------------------------------------


@FUZZ
@given(
    data=st.sampled_from(sorted(EXAMPLE_DATA)).flatmap(lambda n: mutated(EXAMPLE_DATA[n])),
    fmt=st.sampled_from(sorted(WRITERS)),
)
def test_broken_examples(folder: Path, data: dict[str, Any], fmt: str) -> None:
    """An example evaluation with something broken gives a result or a KompassError."""
    path = write(folder, data, fmt)
    check_problems(kompass.validate_file(path), path)
    with clean_errors_only():
        use_evaluation(kompass.load_evaluation(path))
    with clean_errors_only():
        kompass.render_report(kompass.build_report(path, previous=path), "html")


@FUZZ
@given(
    data=st.sampled_from(sorted(EXAMPLE_DATA)).flatmap(lambda n: mutated(EXAMPLE_DATA[n])),
)
def test_broken_examples_as_data(data: dict[str, Any]) -> None:
    """The same, given as data to evaluation_from_data (floats, dates and all)."""
    evaluation = evaluation_or_problems(data)
    if isinstance(evaluation, kompass.Evaluation):
        use_evaluation(evaluation)
    else:
        assert evaluation


@FUZZ
@given(
    data=st.sampled_from(sorted(EXAMPLE_DATA)).flatmap(lambda n: renumbered(EXAMPLE_DATA[n])),
    fmt=st.sampled_from(sorted(WRITERS)),
)
def test_any_number_anywhere(folder: Path, data: dict[str, Any], fmt: str) -> None:
    """A valid evaluation with any number in place of one of its numbers gives a result or
    a KompassError, read from a file or given as data; what a file takes, data takes too,
    and data takes more only in precision."""
    given_as_data = evaluation_or_problems(data)
    if isinstance(given_as_data, kompass.Evaluation):
        kompass.score(given_as_data)  # and used in full when read from the file, below
    path = write(folder, data, fmt)
    read = load_or_problems(path)
    if isinstance(read, kompass.Evaluation):
        use_evaluation(read)
        kompass.render_report(kompass.build_report(path), "txt")
        assert isinstance(given_as_data, kompass.Evaluation), given_as_data
    elif isinstance(given_as_data, kompass.Evaluation):  # files are stricter about precision
        assert all(p.message.startswith("unreasonable number: ") for p in read), read


class _WithRubric:
    """The installed registry with one more rubric (the fuzzed one), which wins over an
    installed rubric of the same id."""

    def __init__(self, rubric: kompass.Rubric) -> None:
        self._rubric = rubric

    def rubric(self, rubric_id: str) -> kompass.Rubric:
        return self._rubric if rubric_id == self._rubric.id else REGISTRY.rubric(rubric_id)

    def __getattr__(self, name: str) -> Any:
        return getattr(REGISTRY, name)


@FUZZ
@given(
    data=st.sampled_from(sorted(RUBRIC_DATA)).flatmap(lambda n: mutated(RUBRIC_DATA[n], False)),
    fmt=st.sampled_from(sorted(WRITERS)),
    more=st.data(),
)
def test_broken_rubrics(folder: Path, data: dict[str, Any], fmt: str, more: st.DataObject) -> None:
    """A shipped rubric with something broken is refused with problems, or else it is a
    rubric on which any valid evaluation scores without an error."""
    path = write(folder, data, fmt)
    problems = kompass.check_rubric(path)
    check_problems(problems, path)
    errors = [p for p in problems if p.severity == "error"]
    try:
        rubric = kompass.load_rubric(path)
    except kompass.InvalidInputError as error:
        refused = list(error.problems)
    else:
        refused = []
    assert refused == errors
    if errors:
        return
    with clean_errors_only():
        kompass.diff_rubrics(rubric, "kommunkompassen-2010")
        kompass.migration_scaffold(rubric, "kommunkompassen-2016")
    evaluation = kompass.evaluation_from_data(
        more.draw(evaluation_data(rubric)),
        registry=_WithRubric(rubric),  # type: ignore[arg-type]
    )
    result = kompass.score(evaluation, registry=_WithRubric(rubric))  # type: ignore[arg-type]
    _output.score_json(result, "sv")
    _output.score_table(result, "sv", True)


@FUZZ
@given(
    data=st.sampled_from(sorted(MIGRATION_DATA)).flatmap(lambda n: mutated(MIGRATION_DATA[n])),
    fmt=st.sampled_from(sorted(WRITERS)),
)
def test_broken_migrations(folder: Path, data: dict[str, Any], fmt: str) -> None:
    """A shipped migration with something broken is refused with problems, or loads."""
    path = write(folder, data, fmt)
    problems = kompass.check_migration(path)
    check_problems(problems, path)
    try:
        kompass.load_migration(path)
    except kompass.InvalidInputError:
        assert any(p.severity == "error" for p in problems)
        return
    assert not any(p.severity == "error" for p in problems)


# -- the command line ------------------------------------------------------------------------


def cli(argv: list[str]) -> tuple[int, str]:
    """Run the CLI in-process: its exit code and everything it printed."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue() + err.getvalue()


EVALUATION_COMMANDS = (
    ["validate"],
    ["score", "--format", "json"],
    ["migrate", "--to", "kommunkompassen-2016"],
    ["report", "--format", "md"],
    ["trend", "--format", "csv"],
)
DEFINITION_COMMANDS = (
    ["rubrics", "check"],
    ["rubrics", "diff", "kommunkompassen-2010"],
    ["migrations", "check"],
)


def assert_clean_exit(argv: list[str]) -> None:
    code, shown = cli(argv)
    assert code in (0, 1), f"exit {code} from {argv}:\n{shown}"
    assert "Traceback" not in shown
    assert "internal error" not in shown


@CLI_FUZZ
@given(
    data=st.one_of(
        st.sampled_from(sorted(EXAMPLE_DATA)).flatmap(lambda n: mutated(EXAMPLE_DATA[n])),
        documents(),
    ),
    fmt=st.sampled_from(sorted(WRITERS)),
)
def test_cli_on_broken_evaluations(folder: Path, data: dict[str, Any], fmt: str) -> None:
    """Every command reading an evaluation exits 0 or 1 on a broken one, without a traceback."""
    path = write(folder, data, fmt)
    for command in EVALUATION_COMMANDS:
        assert_clean_exit([*command[:1], str(path), *command[1:]])


@CLI_FUZZ
@given(
    data=st.one_of(
        st.sampled_from(sorted(RUBRIC_DATA)).flatmap(lambda n: mutated(RUBRIC_DATA[n], False)),
        st.sampled_from(sorted(MIGRATION_DATA)).flatmap(lambda n: mutated(MIGRATION_DATA[n])),
        documents(),
    ),
    fmt=st.sampled_from(sorted(WRITERS)),
)
def test_cli_on_broken_definitions(folder: Path, data: dict[str, Any], fmt: str) -> None:
    """rubrics check, rubrics diff and migrations check exit 0 or 1 on a broken file."""
    path = write(folder, data, fmt)
    for command in DEFINITION_COMMANDS:
        assert_clean_exit([*command[:2], str(path), *command[2:]])


# -- the examples the properties start from ------------------------------------------------------


def test_unbroken_files_are_valid(folder: Path) -> None:
    """The fuzzed files start valid, written either way: a problem found is the break's."""
    for fmt in WRITERS:
        for name, data in EXAMPLE_DATA.items():
            path = write(folder, data, fmt)
            errors = [p for p in kompass.validate_file(path) if p.severity == "error"]
            assert errors == [], name
        for name, data in RUBRIC_DATA.items():
            path = write(folder, data, fmt)
            assert [p for p in kompass.check_rubric(path) if p.severity == "error"] == [], name
        for name, data in MIGRATION_DATA.items():
            path = write(folder, data, fmt)
            assert kompass.check_migration(path) == [], name


# -- what fuzzing found ---------------------------------------------------------------------------

TOTAL_ONLY = EXAMPLE_DATA["a total-only evaluation"]


@pytest.mark.parametrize(
    "total",
    [10**38, -(10**38), 10**15, 10**6000, Decimal("1E+300"), Decimal("-1E+15")],
    ids=["1e38", "-1e38", "1e15", "1e6000", "Decimal-1E+300", "Decimal-minus-1E+15"],
)
def test_unreasonable_numbers_given_as_data(total: Any) -> None:
    """Numbers of 10^15 or more are refused at their key path given as data as they are
    read from a file (a 39-digit total on a scale without a maximum crashed scoring with
    decimal.InvalidOperation)."""
    with pytest.raises(kompass.InvalidInputError) as refused:
        kompass.evaluation_from_data({**TOTAL_ONLY, "total": total})
    (problem,) = refused.value.problems
    assert problem.path == "total"
    assert problem.message.startswith("unreasonable number: expected less than 10^15, found ")


@pytest.mark.parametrize("total", [10**15 - 1, Decimal("99999.0000000001"), Decimal("0E-10")])
def test_reasonable_numbers_given_as_data(total: Any, folder: Path) -> None:
    """At the limits, numbers are taken from data as from a file, and score."""
    evaluation = kompass.evaluation_from_data({**TOTAL_ONLY, "total": total})
    assert kompass.score(evaluation).total.points == total
    from_file = kompass.load_evaluation(write(folder, {**TOTAL_ONLY, "total": total}, "json"))
    assert from_file.total == total


def test_null_in_migration_original_given_as_data() -> None:
    """A null among a migrated evaluation's original figures is refused at its key path
    (TOML cannot write it, and migrating the evaluation on crashed writing TOML)."""
    data = _migrated(EXAMPLES / "orebro-2010.toml", "kommunkompassen-pre2010")
    data["migration"] = {**data["migration"], "original": {"rubric": None}}
    with pytest.raises(kompass.InvalidInputError) as refused:
        kompass.evaluation_from_data(data)
    (problem,) = refused.value.problems
    assert problem.path == "migration.original.rubric"
    assert problem.message.endswith("found null")
