"""The project's JSON Schemas, loaded as package data, and their errors as Problems.

Schemas reference each other by ``$id`` through a :mod:`referencing` registry.
A subschema may carry an ``x-expected`` annotation: the words used for
"expected ..." when a value fails it.

A document is first checked by the schema compiled to a yes-or-no function
(:mod:`kompass_core._fastschema`); only an invalid one goes to jsonschema, which
finds and explains every error.  jsonschema is imported only then.
"""

from __future__ import annotations

import json
import math
import re
from decimal import Decimal
from functools import cache
from importlib.resources import files
from typing import Any

from kompass_core._fastschema import compile_schema
from kompass_core._identity import ByIdentity
from kompass_core._keypath import format_key, format_path
from kompass_core._reading import describe
from kompass_core.errors import Problem

SCHEMA_PACKAGE = "kompass_core.schemas"
SCHEMA_NAMES = ("common", "rubric", "evaluation", "profile", "migration")


@cache
def load_schema(name: str) -> dict[str, Any]:
    """The parsed schema ``schemas/<name>.schema.json``."""
    text = files(SCHEMA_PACKAGE).joinpath(f"{name}.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


#: Whether a document is first checked by the compiled schema (False: always by
#: jsonschema, as the differential tests need to compare the two).
FAST_PATH = True


@cache
def _resources() -> dict[str, Any]:
    """The shipped schemas by ``$id``."""
    return {load_schema(name)["$id"]: load_schema(name) for name in SCHEMA_NAMES}


@cache
def _registry() -> Any:
    from referencing import Registry, Resource

    return Registry().with_resources(
        (load_schema(name)["$id"], Resource.from_contents(load_schema(name)))
        for name in SCHEMA_NAMES
    )


# The reference's types, written here apart from the fast path's on purpose: the
# differential tests compare the two.
def _is_number(_checker: Any, instance: Any) -> bool:
    # Numbers are read as Decimal; NaN and infinity are read too (so that the
    # message can name their place) but are not numbers a score can be.
    if isinstance(instance, bool):
        return False
    if isinstance(instance, Decimal):
        return instance.is_finite()
    if isinstance(instance, float):  # data from Python: the same holds
        return math.isfinite(instance)
    return isinstance(instance, int)


def _is_integer(_checker: Any, instance: Any) -> bool:
    if isinstance(instance, bool):
        return False
    return isinstance(instance, int)


@cache
def _validator_class() -> Any:
    from jsonschema import Draft202012Validator, validators

    type_checker = Draft202012Validator.TYPE_CHECKER.redefine_many(
        {"number": _is_number, "integer": _is_integer}
    )
    return validators.extend(Draft202012Validator, type_checker=type_checker)


def _make_validator(schema: dict[str, Any]) -> Any:
    from jsonschema import FormatChecker

    return _validator_class()(schema, registry=_registry(), format_checker=FormatChecker())


class _Schema:
    """A schema, its compiled yes-or-no check (None when only jsonschema can
    check it) and its jsonschema validator (made when first needed)."""

    def __init__(self, schema: dict[str, Any]) -> None:
        self.schema = schema
        self.is_valid = compile_schema(schema, _resources())
        self._reference: Any = None

    @property
    def reference(self) -> Any:
        """The jsonschema validator: the reference, and the source of every message."""
        if self._reference is None:
            self._reference = _make_validator(self.schema)
        return self._reference


@cache
def validator(name: str) -> _Schema:
    """The named schema, ready to check documents."""
    return _Schema(load_schema(name))


# Schemas built from a scoring rule's schemas, by the canonical text of
# the rule's part: a rule's schema depends on its parameters (a rubric's levels).
_derived: dict[str, _Schema] = {}
# By identity first: a rubric hands the same judgement schema to every
# evaluation it reads, and its JSON text is not worth making each time.
_derived_by_identity: ByIdentity[_Schema] = ByIdentity(256)


def _derived_validator(part: Any, build: Any) -> _Schema:
    return _derived_by_identity.get((part, build), lambda: _derived_by_text(part, build))


def _derived_by_text(part: Any, build: Any) -> _Schema:
    key = build.__name__ + json.dumps(part, sort_keys=True, default=str)
    if key not in _derived:
        _derived[key] = _Schema(build(part))
    return _derived[key]


def evaluation_schema(judgement: dict[str, Any] | None) -> dict[str, Any]:
    """The evaluation schema with ``judgement`` as the schema of a question's
    judgement (None: any table, for an evaluation whose rubric is unknown)."""
    base = load_schema("evaluation")
    schema = {
        **base,
        "$id": base["$id"].replace("evaluation.schema.json", "evaluation-for-rule.schema.json"),
        "$defs": {**base["$defs"], "judgement": judgement or {"type": "object"}},
    }
    return schema


def parameter_problems(rule: Any, data: dict[str, Any], file: str) -> list[Problem]:
    """Every way the rubric's ``[scoring]`` table breaks the rule's parameter schema."""
    return _check(_derived_validator(rule.parameters_schema(), _scoring_schema), data, file)[0]


def _scoring_schema(parameters: dict[str, Any]) -> dict[str, Any]:
    """A rubric schema that checks only ``[scoring]``, against a rule's parameters."""
    table = dict(parameters)
    table["properties"] = {"rule": {"type": "string"}, **table.get("properties", {})}
    table.setdefault("additionalProperties", False)
    return {
        "$id": load_schema("rubric")["$id"].replace("rubric.schema.json", "scoring.schema.json"),
        "type": "object",
        "properties": {"scoring": table},
    }


def schema_problems(name: str, data: Any, file: str) -> list[Problem]:
    """Every way ``data`` breaks schema ``name``, one Problem each."""
    return check_schema(name, data, file)[0]


def check_schema(name: str, data: Any, file: str) -> tuple[list[Problem], set[tuple[Any, ...]]]:
    """The problems, and the paths of the values that broke the schema (so
    that later checks can leave those values alone and check the rest)."""
    return _check(validator(name), data, file)


def check_evaluation(
    data: Any, file: str, judgement: dict[str, Any] | None
) -> tuple[list[Problem], set[tuple[Any, ...]]]:
    """:func:`check_schema` for an evaluation whose judgements follow ``judgement``."""
    return _check(_derived_validator(judgement, evaluation_schema), data, file)


def _check(checker: _Schema, data: Any, file: str) -> tuple[list[Problem], set[tuple[Any, ...]]]:
    if FAST_PATH and _surely_valid(checker, data):
        return [], set()
    errors = sorted(checker.reference.iter_errors(data), key=lambda e: _sort_key(e.absolute_path))
    problems: list[Problem] = []
    broken: set[tuple[Any, ...]] = set()
    for error in errors:
        broken.update(_broken_paths(error))
        for problem in _problems(error, data, file):
            if problem not in problems:  # two keywords can say the same thing
                problems.append(problem)
    return problems, broken


def _surely_valid(checker: _Schema, data: Any) -> bool:
    if checker.is_valid is None:
        return False
    try:
        return checker.is_valid(data)
    except Exception:
        # Whatever the fast path cannot answer (nesting too deep, a comparison a
        # plugin's schema asks for that fails), jsonschema answers as it always did.
        return False


def _broken_paths(error: Any) -> list[tuple[Any, ...]]:
    """The values an error is about: for a missing, unknown or badly named
    key that is the key, not the table holding it."""
    path = tuple(error.absolute_path)
    instance = error.instance
    if _about_a_key(error):
        return [(*path, instance)]
    if error.validator == "required" and isinstance(instance, dict):
        return [(*path, key) for key in error.validator_value if key not in instance]
    if error.validator == "additionalProperties" and isinstance(instance, dict):
        schema = error.schema if isinstance(error.schema, dict) else {}
        known = schema.get("properties", {})
        patterns = schema.get("patternProperties", {})
        return [
            (*path, key)
            for key in instance
            if key not in known and not any(re.search(p, key) for p in patterns)
        ]
    return [path]


def _about_a_key(error: Any) -> bool:
    """jsonschema reports a bad key (``propertyNames``) as the key's own
    failure (e.g. ``pattern``) at the path of the table holding it."""
    return error.validator == "propertyNames" or "propertyNames" in error.absolute_schema_path


def _sort_key(path: Any) -> list[tuple[int, str]]:
    return [(0, f"{p:09d}") if isinstance(p, int) else (1, str(p)) for p in path]


_TYPE_WORDS = {
    "number": "a number",
    "integer": "a whole number",
    "string": "a text",
    "object": "a table",
    "array": "a list",
    "boolean": "true or false",
    "null": "null",
}


def _type_words(expected: Any) -> str:
    if isinstance(expected, list):
        return " or ".join(_TYPE_WORDS.get(str(t), str(t)) for t in expected)
    return _TYPE_WORDS.get(expected, str(expected))


def _problems(error: Any, data: Any, file: str) -> list[Problem]:
    path = list(error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    hint = schema.get("x-expected")
    kind = error.validator
    value = error.validator_value
    instance = error.instance

    def at(parts: list[Any], message: str) -> Problem:
        return Problem(message, file=file, path=format_path(parts, data) or None)

    if kind == "required":
        missing = [key for key in value if isinstance(instance, dict) and key not in instance]
        where = format_path(path, data) or "the top level"
        return [
            at(path, f"missing key: expected {format_key(key)!s} in {where}, found none")
            for key in missing
        ]
    if kind == "additionalProperties":
        known = list(schema.get("properties", {}))
        patterns = list(schema.get("patternProperties", {}))
        extras = [
            key
            for key in instance
            if key not in known and not any(re.search(p, key) for p in patterns)
        ]
        allowed = ", ".join(format_key(k) for k in known)
        extension = " (or a key starting with 'x-')" if "^x-" in patterns else ""
        return [
            at(
                [*path, key],
                f"unknown key: expected one of {allowed}{extension}, found {format_key(key)}",
            )
            for key in extras
        ]
    if _about_a_key(error):
        # jsonschema reports the offending key as the instance.
        expected = hint or "a valid key"
        if kind == "propertyNames" and isinstance(value, dict):
            expected = value.get("x-expected") or _ref_hint(value.get("$ref", "")) or expected
        return [
            at([*path, instance], f"invalid key: expected {expected}, found {describe(instance)}")
        ]
    if kind == "type":
        expected = hint or _type_words(value)
        return [at(path, f"expected {expected}, found {describe(instance)}")]
    if kind in {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}:
        symbol = {"minimum": "≥", "maximum": "≤", "exclusiveMinimum": ">", "exclusiveMaximum": "<"}
        expected = hint or f"a number {symbol[kind]} {value}"
        return [at(path, f"out of range: expected {expected}, found {describe(instance)}")]
    if kind in {"enum", "const"}:
        options = value if kind == "enum" else [value]
        listed = ", ".join(describe(o) for o in options)
        return [at(path, f"expected {hint or 'one of ' + listed}, found {describe(instance)}")]
    if kind == "minLength" and value == 1:
        return [at(path, f"expected {hint or 'a non-empty text'}, found an empty text")]
    if kind in {"minItems", "maxItems"}:
        bound = "at least" if kind == "minItems" else "at most"
        count = f"a list of {len(instance)} item" + ("" if len(instance) == 1 else "s")
        return [at(path, f"expected {hint or f'{bound} {value} item(s)'}, found {count}")]
    if kind == "minProperties":
        return [at(path, f"expected {hint or f'at least {value} key(s)'}, found an empty table")]
    if kind == "format":
        return [at(path, f"expected {hint or 'a valid ' + str(value)}, found {describe(instance)}")]
    if kind == "pattern":
        return [
            at(path, f"expected {hint or 'a text matching ' + value}, found {describe(instance)}")
        ]
    if kind in {"not", "oneOf", "anyOf", "allOf"} and hint:
        return [at(path, f"expected {hint}, found {_found_keys(instance)}")]
    return [at(path, error.message)]


def _found_keys(instance: Any) -> str:
    if isinstance(instance, dict):
        return (
            "keys " + ", ".join(format_key(k) for k in instance) if instance else "an empty table"
        )
    return describe(instance)


def _ref_hint(ref: str) -> str | None:
    document, _, pointer = ref.partition("#")
    name = document.removesuffix(".schema.json") or None
    if name not in SCHEMA_NAMES:
        return None
    node: Any = load_schema(name)
    for part in pointer.strip("/").split("/"):
        if not part:
            continue
        node = node.get(part, {}) if isinstance(node, dict) else {}
    return node.get("x-expected") if isinstance(node, dict) else None
