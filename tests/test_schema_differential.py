"""The fast validation path gives jsonschema's verdicts, and Kompass the same problems.

Kompass checks a document first with its schema compiled to a yes-or-no function
(``kompass_core._fastschema``) and calls jsonschema only for an invalid one.  These tests
compare the compiled verdict with jsonschema's (``not list(iter_errors(doc))``) for
shipped and derived schemas and for generated ones, and compare every problem Kompass
reports with the fast path on and off (``_schemas.FAST_PATH``).
"""

from __future__ import annotations

import copy
import subprocess
import sys
import tomllib
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from jsonschema._utils import equal as reference_equal

import kompass_core as kompass
from kompass_core import _schemas
from kompass_core._evaluations import evaluation_from_document
from kompass_core._fastschema import KEYWORDS, compile_schema, equal
from kompass_core._fastschema import TYPES as TYPE_CHECKS
from kompass_core._migrations import check_migration_data
from kompass_core._profiles import profile_from_document
from kompass_core._reading import Document
from kompass_core._rubrics import check_rubric_data
from kompass_core.errors import InvalidInputError

from .conftest import EXAMPLES, REPO
from .strategies import EXTREME_NUMBERS, ODD_VALUES, documents, evaluation_data, json_values
from .strategies import mutated as mutated_data

DIFFERENTIAL = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
REGISTRY = kompass.default_registry()
RUBRICS = {rubric_id: REGISTRY.rubric(rubric_id) for rubric_id in sorted(REGISTRY.rubric_ids())}
CORPUS = REPO / "tests" / "bad_inputs"


def _read(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text("utf-8"), parse_float=Decimal)


SHIPPED = {
    "rubric": [_read(p) for p in sorted((REPO / "rubrics").glob("*.toml"))],
    "migration": [_read(p) for p in sorted((REPO / "rubrics" / "migrations").glob("*.toml"))],
    "profile": [_read(p) for p in sorted((REPO / "rubrics" / "profiles").glob("*.toml"))],
}
EXAMPLE_DATA = [_read(p) for p in sorted(EXAMPLES.glob("*.toml"))]
EXAMPLE_DATA += [
    dict(kompass.migrate_file(EXAMPLES / "orebro-2015.toml", target).data)
    for target in ("kommunkompassen-2016", "kommunkompassen-pre2010")
]


@pytest.fixture
def reference_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every check through jsonschema alone."""
    monkeypatch.setattr(_schemas, "FAST_PATH", False)


def both_ways(run: Callable[[], Any]) -> tuple[Any, Any]:
    """What ``run`` gives (a result, or the problems it raised) with the fast path on,
    and with it off."""

    def outcome() -> Any:
        try:
            result = run()
        except InvalidInputError as error:
            return "problems", list(error.problems)
        except Exception as error:  # data no file gives (32 digits): the same failure
            return "raised", type(error).__name__, str(error)
        return "result", result, getattr(result, "warnings", None)

    fast = outcome()
    _schemas.FAST_PATH = False
    try:
        reference = outcome()
    finally:
        _schemas.FAST_PATH = True
    return fast, reference


def verdicts(checked: Any, instance: Any) -> tuple[bool | str, bool | str]:
    """The compiled verdict and jsonschema's; an exception counts as its name."""

    def verdict(check: Callable[[Any], bool]) -> bool | str:
        try:
            return check(instance)
        except Exception as error:  # compared by name: both must fail alike
            return type(error).__name__

    def reference(value: Any) -> bool:
        return not list(checked.reference.iter_errors(value))

    assert checked.is_valid is not None, "the schema was not compiled"
    return verdict(checked.is_valid), verdict(reference)


def assert_same_verdict(checked: Any, instance: Any) -> None:
    fast, reference = verdicts(checked, instance)
    if isinstance(reference, str):  # jsonschema fails: the fast path must not say valid
        assert fast is not True, (reference, instance)
    else:
        assert fast == reference, instance


def evaluation_schemas() -> Iterator[Any]:
    """The evaluation schema of every installed rubric's rule (and of an unknown rubric)."""
    yield _schemas._derived_validator(None, _schemas.evaluation_schema)
    for rubric in RUBRICS.values():
        scoring = rubric.scoring
        judgement = scoring.rule.judgement_schema(scoring.parameters)
        yield _schemas._derived_validator(judgement, _schemas.evaluation_schema)


# -- the compiler knows what it implements -----------------------------------------------


def test_keywords_are_jsonschemas() -> None:
    """The keywords the fast path knows of are exactly those jsonschema validates with."""
    assert set(Draft202012Validator.VALIDATORS) == KEYWORDS


def test_every_shipped_and_derived_schema_is_compiled() -> None:
    """No shipped schema, and no schema derived from a shipped rule, falls back."""
    for name in _schemas.SCHEMA_NAMES:
        assert _schemas.validator(name).is_valid is not None, name
    for checked in evaluation_schemas():
        assert checked.is_valid is not None
    for rule in REGISTRY.scoring_rules().values():
        checked = _schemas._derived_validator(rule.parameters_schema(), _schemas._scoring_schema)
        assert checked.is_valid is not None, rule.name


@pytest.mark.parametrize(
    "schema",
    [
        {"format": "date"},
        {"uniqueItems": True},
        {"$dynamicRef": "#x"},
        {"properties": {"a": {"$id": "https://elsewhere.invalid/a"}}},
        {"items": {"$schema": "http://json-schema.org/draft-07/schema#"}},
        {"$ref": "https://elsewhere.invalid/unknown.json"},
        {"$ref": "#anchor"},
        {"pattern": "("},
        {"minLength": "1"},
        {"type": "decimal"},
    ],
)
def test_what_the_fast_path_does_not_implement_is_left_to_jsonschema(
    schema: dict[str, Any],
) -> None:
    """A schema with a keyword or form the compiler does not implement is not compiled."""
    assert compile_schema(schema, _schemas._resources()) is None


def test_a_failing_fast_check_falls_back_to_jsonschema() -> None:
    """A document the compiled check cannot answer (nesting too deep) gets jsonschema's answer."""
    deep: Any = 1
    for _ in range(100_000):
        deep = [deep]
    checked = _schemas._Schema({"items": {"$ref": "#"}, "type": "array"})
    assert checked.is_valid is not None
    with pytest.raises(RecursionError):
        checked.is_valid(deep)
    with pytest.raises(RecursionError):  # what jsonschema did before the fast path
        _schemas._check(checked, deep, "deep.json")


@pytest.mark.parametrize(
    "argv",
    [
        ["--version"],
        ["rubrics", "list"],
        ["validate", *map(str, sorted(EXAMPLES.glob("*.toml")))],
        ["score", str(EXAMPLES / "orebro-2015.toml")],
    ],
    ids=lambda argv: " ".join(argv[:2]),
)
def test_valid_files_never_import_jsonschema(argv: list[str]) -> None:
    """Start-up and valid files need no jsonschema: it is imported only to explain errors."""
    code = (
        "import contextlib, io, sys\n"
        "from kompass_core.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        "        code = main(sys.argv[1:])\n"
        "    except SystemExit as done:  # --version\n"
        "        code = done.code\n"
        "assert code == 0, code\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('jsonschema', 'referencing')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *argv], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]", done.stdout


# -- verdicts on Kompass's schemas ---------------------------------------------------


@DIFFERENTIAL
@given(st.data())
def test_evaluation_verdicts(data: st.DataObject) -> None:
    """Valid, broken and arbitrary evaluations: every evaluation schema agrees with jsonschema."""
    rubric = data.draw(st.sampled_from(sorted(RUBRICS.values(), key=lambda r: r.id)))
    base = data.draw(st.one_of(evaluation_data(rubric), st.sampled_from(EXAMPLE_DATA)))
    document = data.draw(
        st.one_of(st.just(base), mutated_data(copy.deepcopy(base)), documents()), label="doc"
    )
    for checked in evaluation_schemas():
        assert_same_verdict(checked, document)


@DIFFERENTIAL
@given(st.data())
def test_rubric_migration_and_profile_verdicts(data: st.DataObject) -> None:
    """Shipped rubric, migration and profile files, broken: their schemas agree with jsonschema."""
    name = data.draw(st.sampled_from(sorted(SHIPPED)))
    base = data.draw(st.sampled_from(SHIPPED[name]))
    document = data.draw(st.one_of(st.just(base), mutated_data(base), documents()))
    assert_same_verdict(_schemas.validator(name), document)
    for rule in REGISTRY.scoring_rules().values():
        scoring = _schemas._derived_validator(rule.parameters_schema(), _schemas._scoring_schema)
        assert_same_verdict(scoring, document)


# -- the problems Kompass reports --------------------------------------------------------


def _evaluation(data: Any, name: str = "doc.toml") -> Callable[[], Any]:
    return lambda: evaluation_from_document(Document(name, "toml", data), REGISTRY)


@DIFFERENTIAL
@given(st.data())
def test_evaluation_problems_are_the_same(data: st.DataObject) -> None:
    """Reading an evaluation gives the same evaluation or the same problems either way."""
    rubric = data.draw(st.sampled_from(sorted(RUBRICS.values(), key=lambda r: r.id)))
    base = data.draw(st.one_of(evaluation_data(rubric), st.sampled_from(EXAMPLE_DATA)))
    document = data.draw(st.one_of(st.just(base), mutated_data(copy.deepcopy(base))))
    fast, reference = both_ways(_evaluation(document))
    assert fast == reference


@DIFFERENTIAL
@given(st.data())
def test_rubric_migration_and_profile_problems_are_the_same(data: st.DataObject) -> None:
    """Checking a rubric, migration or profile finds the same problems either way."""
    name = data.draw(st.sampled_from(sorted(SHIPPED)))
    document = Document(
        "doc.toml", "toml", data.draw(mutated_data(data.draw(st.sampled_from(SHIPPED[name]))))
    )
    check: Callable[[], Any] = {
        "rubric": lambda: check_rubric_data(document),
        "migration": lambda: check_migration_data(document, REGISTRY),
        "profile": lambda: profile_from_document(document, REGISTRY),
    }[name]
    fast, reference = both_ways(check)
    assert fast == reference


def _corpus_checks(path: Path) -> dict[str, Callable[[], Any]]:
    return {
        "validate_file": lambda: kompass.validate_file(path),
        "check_rubric": lambda: kompass.check_rubric(path),
        "check_migration": lambda: kompass.check_migration(path),
    }


CORPUS_FILES = sorted(
    p for p in [*CORPUS.rglob("*"), *EXAMPLES.glob("*")] if p.suffix in (".toml", ".json")
)


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_file_problems_are_the_same(path: Path) -> None:
    """Every bad input and every example: the same problems with and without the fast path."""
    for name, check in _corpus_checks(path).items():
        fast, reference = both_ways(check)
        assert fast == reference, name


def test_examples_are_valid_on_the_fast_path_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """The examples are accepted without jsonschema being asked at all."""

    def no_reference(self: Any) -> Any:
        raise AssertionError("jsonschema was asked about a valid file")

    monkeypatch.setattr(_schemas._Schema, "reference", property(no_reference))
    for path in sorted(EXAMPLES.glob("*.toml")):
        assert all(p.severity == "warning" for p in kompass.validate_file(path)), path


# -- verdicts on generated schemas -------------------------------------------------------

#: Values for enum, const and instances, the awkward ones on purpose: true and 1, NaN,
#: the same number written differently.
SCALARS: tuple[Any, ...] = (
    *EXTREME_NUMBERS,
    *(v for v in ODD_VALUES if isinstance(v, bool | str | int)),
    0,
    1,
    Decimal("1.0"),
    Decimal("1.5"),
    1.5,
    None,
    "a",
    "x-a",
    "1.1",
)
KEYS = ("a", "b", "x-a", "1", "1.1", "$schema")
PATTERNS = ("^x-", "^[0-9]+$", "\\.", "^a(?![\\s\\S])", "b|c", "")
TYPES = ("number", "integer", "string", "object", "array", "boolean", "null")
NUMBERS = st.one_of(st.integers(-3, 3), st.sampled_from([Decimal("0.5"), 1.5, Decimal(100)]))
SIZES = st.integers(0, 3)


def _leaf_schemas(refs: bool) -> st.SearchStrategy[Any]:
    keyword = st.one_of(
        st.builds(
            lambda t: {"type": t},
            st.one_of(st.sampled_from(TYPES), st.lists(st.sampled_from(TYPES), max_size=3)),
        ),
        st.builds(lambda v: {"enum": v}, st.lists(st.sampled_from(SCALARS), max_size=4)),
        st.builds(lambda v: {"const": v}, st.sampled_from(SCALARS)),
        st.builds(
            lambda k, n: {k: n},
            st.sampled_from(["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"]),
            NUMBERS,
        ),
        st.builds(
            lambda k, n: {k: n},
            st.sampled_from(
                ["minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"]
            ),
            SIZES,
        ),
        st.builds(lambda p: {"pattern": p}, st.sampled_from(PATTERNS)),
        st.builds(lambda keys: {"required": keys}, st.lists(st.sampled_from(KEYS), max_size=3)),
    )
    if not refs:
        return st.one_of(st.booleans(), keyword)
    return st.one_of(st.booleans(), keyword, st.just({"$ref": "#/$defs/shared"}))


def _compound(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    properties = st.dictionaries(st.sampled_from(KEYS), inner, max_size=3)
    patterns = st.dictionaries(st.sampled_from(PATTERNS), inner, max_size=2)
    return st.one_of(
        st.builds(lambda p: {"properties": p}, properties),
        st.builds(lambda p: {"patternProperties": p}, patterns),
        st.builds(
            lambda p, pp, a: {"properties": p, "patternProperties": pp, "additionalProperties": a},
            properties,
            patterns,
            inner,
        ),
        st.builds(lambda s: {"propertyNames": s}, inner),
        st.builds(lambda s: {"items": s}, inner),
        st.builds(lambda p, s: {"prefixItems": p, "items": s}, st.lists(inner, max_size=2), inner),
        st.builds(lambda p: {"prefixItems": p}, st.lists(inner, max_size=2)),
        st.builds(
            lambda k, s: {k: s},
            st.sampled_from(["allOf", "anyOf", "oneOf"]),
            st.lists(inner, max_size=3),
        ),
        st.builds(lambda s: {"not": s}, inner),
        st.builds(
            lambda i, t, e: {"if": i, "then": t, "else": e},
            inner,
            inner,
            inner,
        ),
        st.builds(lambda i, t: {"if": i, "then": t}, inner, inner),
        st.builds(lambda t: {"then": t}, inner),  # no "if": ignored
        st.builds(
            lambda a, b: {**a, **b} if isinstance(a, dict) and isinstance(b, dict) else a,
            inner,
            inner,
        ),
    )


SCHEMAS = st.recursive(_leaf_schemas(refs=True), _compound, max_leaves=12)
#: What "#/$defs/shared" holds: a schema, a reference to another document, or one that
#: refers to itself for every item (a reference to itself without descending would
#: recurse without end, in jsonschema too).
SHARED = st.one_of(
    st.recursive(_leaf_schemas(refs=False), _compound, max_leaves=8),
    st.just({"$ref": "common.schema.json#/$defs/text"}),
    st.just(
        {
            "type": ["array", "object", "number"],
            "items": {"$ref": "#/$defs/shared"},
            "additionalProperties": {"$ref": "#/$defs/shared"},
        }
    ),
)


def _instances() -> st.SearchStrategy[Any]:
    return st.recursive(
        st.sampled_from(SCALARS),
        lambda inner: st.one_of(
            st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(KEYS), inner, max_size=4)
        ),
        max_leaves=12,
    )


@settings(DIFFERENTIAL, max_examples=600)
@given(
    SCHEMAS,
    SHARED,
    st.lists(st.one_of(_instances(), json_values()), min_size=1, max_size=5),
)
@example(
    {"type": "integer", "minimum": 0, "exclusiveMaximum": 2},
    True,
    [True, 1, 2, Decimal("1.0"), "1", Decimal("NaN"), float("nan"), -1],
)
@example(
    {"type": "number", "maximum": Decimal("0.5")},
    {"const": True},
    [Decimal("0.5"), 0.5, 1, Decimal("NaN"), float("nan"), float("inf"), None, False],
)
@example(
    {"maxProperties": 1, "minProperties": 1, "required": ["a"]},
    {"maxLength": 1, "minLength": 1, "pattern": "^a"},
    [{}, {"a": 1}, {"a": 1, "b": 2}, {"b": 1}, "", "a", "ab", "b", 1],
)
@example(
    {"properties": {"a": {"$ref": "#/$defs/shared"}}, "type": "object"},
    {"maxLength": 1, "minLength": 1, "pattern": "^a", "type": "string"},
    [{}, {"a": "a"}, {"a": "ab"}, {"a": ""}, {"a": 1}, "a", [], None],
)
@example(  # one required key out of several: compiled to a single test
    {"anyOf": [{"required": ["a"]}, {"required": ["b"], "description": "b"}]},
    {"anyOf": [{"required": ["a"]}, {"required": ["a", "b"]}]},
    [{}, {"a": 1}, {"b": 1}, {"c": 1}, {"a": 1, "b": 2}, [], "a", None],
)
def test_generated_schema_verdicts(schema: Any, shared: Any, instances: list[Any]) -> None:
    """Any schema built from the keywords the fast path implements: jsonschema's verdicts."""
    root = {
        "$id": "https://kompass.invalid/schemas/generated.schema.json",
        "$defs": {"shared": shared},
        "allOf": [schema],
    }
    checked = _schemas._Schema(root)
    for instance in instances:
        assert_same_verdict(checked, instance)


NOT_FINITE = [float("nan"), float("inf"), float("-inf"), Decimal("NaN"), Decimal("-Infinity")]


@pytest.mark.parametrize("value", NOT_FINITE, ids=repr)
def test_not_finite_is_no_number_on_either_path(value: Any) -> None:
    """NaN and infinity, as a float from Python or a Decimal from a file, are no number."""
    reference = _schemas._validator_class().TYPE_CHECKER
    assert not TYPE_CHECKS["number"](value)
    assert not reference.is_type(value, "number")


@pytest.mark.parametrize(
    "total",
    [
        float("nan"),
        float("inf"),
        {"points": 5, "lower": 0, "upper": float("inf")},
        {"points": float("nan"), "lower": 0, "upper": 5},
    ],
    ids=repr,
)
def test_a_total_that_is_not_finite_is_refused_where_nothing_else_compares_it(
    total: Any,
) -> None:
    """On a scale without a maximum, a float NaN or infinite total from Python is a
    problem at ``total`` on both paths (it was once accepted, and scoring then failed)."""
    document = {
        "rubric": "kommunkompassen-pre2010",
        "subject": {"name": "Exempelby", "kind": "municipality"},
        "evaluation": {"date": "2015"},
        "total": total,
    }
    fast, reference = both_ways(_evaluation(document))
    assert fast == reference
    assert fast[0] == "problems", fast
    assert all(p.path is not None and p.path.startswith("total") for p in fast[1]), fast


@pytest.mark.parametrize("name", TYPES)
def test_types_are_the_references(name: str) -> None:
    """Each type holds exactly the values the reference's type checker says it does."""
    reference = _schemas._validator_class().TYPE_CHECKER
    for value in [*SCALARS, [], {}, [1], {"a": 1}, 1e308, float("inf")]:
        assert TYPE_CHECKS[name](value) == reference.is_type(value, name), value


@given(st.one_of(_instances(), json_values()), st.one_of(_instances(), json_values()))
@example(True, 1)
@example(False, Decimal(0))
@example(1, Decimal("1.0"))
@example([True], [1])
@example({"a": 1}, {"a": True})
@example((1, "a"), [1, "a"])
def test_equal_is_jsonschemas(one: Any, two: Any) -> None:
    """Equality for enum and const is jsonschema's: true is not 1, 1 is 1.0."""
    try:
        expected: Any = reference_equal(one, two)
    except ArithmeticError as error:  # a signalling comparison: both must raise it
        with pytest.raises(type(error)):
            equal(one, two)
        return
    assert equal(one, two) == bool(expected)
