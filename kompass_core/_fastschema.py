"""A fast yes-or-no answer to "is this instance valid under this JSON Schema?".

jsonschema, the reference, finds every error and explains it; that costs most of
the time of reading a valid file.  Here a schema is compiled once into nested
Python functions that answer only whether an instance is valid, with jsonschema's
Draft 2020-12 semantics and Kompass's types (numbers are ``Decimal``: NaN and
infinity are not numbers; a bool is neither a number nor an integer).  Only an
invalid document then goes to jsonschema, whose errors give the messages, so the
messages are jsonschema's by construction.

A schema that uses anything this module does not implement exactly (``format``,
``uniqueItems``, an ``$id`` below the root, ...) is not compiled:
:func:`compile_schema` returns None and jsonschema checks every document.
``tests/test_schema_differential.py`` holds the verdicts to jsonschema's.

Fast libraries made for this were considered first: fastjsonschema implements
drafts up to 2019-09 (no ``prefixItems``, which the migration schema uses) and has
no way to define types (it takes Decimal NaN for a number); jsonschema-rs converts
instances to JSON values, which a Decimal is not.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any
from urllib.parse import unquote, urljoin

Check = Callable[[Any], bool]

#: The keys of a Draft 2020-12 schema that jsonschema validates with
#: (``Draft202012Validator.VALIDATORS``; a test keeps the two equal).  It ignores
#: every other key (annotations such as ``description`` or ``x-expected``), and so
#: does this module.
KEYWORDS = frozenset(
    {
        *("$dynamicRef", "$ref", "additionalProperties", "allOf", "anyOf", "const"),
        *("contains", "dependentRequired", "dependentSchemas", "enum", "exclusiveMaximum"),
        *("exclusiveMinimum", "format", "if", "items", "maxItems", "maxLength"),
        *("maxProperties", "maximum", "minItems", "minLength", "minProperties", "minimum"),
        *("multipleOf", "not", "oneOf", "pattern", "patternProperties", "prefixItems"),
        *("properties", "propertyNames", "required", "type", "unevaluatedItems"),
        *("unevaluatedProperties", "uniqueItems"),
    }
)


class Unsupported(Exception):
    """A schema (or part of one) that only the reference validator checks."""


# -- Kompass's types -----------------------------------------------------------------


def is_number(instance: Any) -> bool:
    """A number a score can be: NaN and infinity are read (so that a message can
    name their place) but are no numbers; neither is a bool."""
    if isinstance(instance, bool):
        return False
    if isinstance(instance, Decimal):
        return instance.is_finite()
    if isinstance(instance, float):  # data from Python: the same holds
        return math.isfinite(instance)
    return isinstance(instance, int)


def is_integer(instance: Any) -> bool:
    """An ``int`` (not a bool, and not a Decimal or float without decimals)."""
    return isinstance(instance, int) and not isinstance(instance, bool)


TYPES: dict[str, Check] = {
    "number": is_number,
    "integer": is_integer,
    "string": lambda instance: isinstance(instance, str),
    "object": lambda instance: isinstance(instance, dict),
    "array": lambda instance: isinstance(instance, list),
    "boolean": lambda instance: isinstance(instance, bool),
    "null": lambda instance: instance is None,
}


def equal(one: Any, two: Any) -> bool:
    """Equality as JSON Schema means it (jsonschema's ``_utils.equal``): true is
    not 1, and lists and tables compare item by item that way."""
    if one is two:
        return True
    if isinstance(one, str) or isinstance(two, str):
        return bool(one == two)
    if isinstance(one, Sequence) and isinstance(two, Sequence):
        return len(one) == len(two) and all(equal(a, b) for a, b in zip(one, two, strict=True))
    if isinstance(one, Mapping) and isinstance(two, Mapping):
        return len(one) == len(two) and all(
            key in two and equal(value, two[key]) for key, value in one.items()
        )
    if isinstance(one, bool) or isinstance(two, bool):
        return False  # one is two was checked first
    return bool(one == two)


# -- compiling ---------------------------------------------------------------------------


def compile_schema(schema: Any, resources: Mapping[str, Any]) -> Check | None:
    """A function telling whether an instance is valid under ``schema``, whose
    ``$ref``s resolve against its own ``$id`` and ``resources`` (schemas by
    ``$id``); None when the schema needs the reference validator."""
    try:
        return _Compiler(schema, resources).check
    except (Unsupported, re.error, TypeError, ValueError, LookupError, RecursionError):
        return None


def _always(instance: Any) -> bool:
    return True


def _never(instance: Any) -> bool:
    return False


def _all(checks: list[Check]) -> Check:
    if not checks:
        return _always
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        first, second = checks
        return lambda instance: first(instance) and second(instance)
    if len(checks) == 3:
        first, second, third = checks
        return lambda instance: first(instance) and second(instance) and third(instance)

    def every(instance: Any) -> bool:
        for check in checks:
            if not check(instance):
                return False
        return True

    return every


def _any(checks: list[Check]) -> Check:
    def some(instance: Any) -> bool:
        for check in checks:
            if check(instance):
                return True
        return False

    return some


def _one_required_key_each(schemas: Any) -> frozenset[str] | None:
    """The keys when every schema of ``schemas`` only requires one key each
    (``[{"required": ["points"]}, {"required": ["percent"]}]``), else None."""
    if not isinstance(schemas, list) or not schemas:
        return None
    keys = []
    for schema in schemas:
        if not isinstance(schema, dict) or {k for k in schema if k in KEYWORDS} != {"required"}:
            return None
        required = schema["required"]
        if not (isinstance(required, list) and len(required) == 1 and isinstance(required[0], str)):
            return None
        keys.append(required[0])
    return frozenset(keys)


def _whole_number(value: Any) -> int:
    if not is_integer(value):
        raise Unsupported(f"expected a whole number, found {value!r}")
    return int(value)


def _bound(value: Any) -> int | float | Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise Unsupported(f"expected a number, found {value!r}")
    return value


def _strings(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise Unsupported(f"expected a list of texts, found {value!r}")
    return value


# Keywords checked together, for speed: a table's in one pass over its keys, a
# number's and a text's in one go each.
_TABLE = (
    *("properties", "patternProperties", "additionalProperties", "propertyNames"),
    *("required", "minProperties", "maxProperties"),
)
# What fails each bound, written as jsonschema writes it ("instance < minimum"), so
# that every number compares the same way on both paths.
_FAILS: dict[str, Callable[[Any, Any], bool]] = {
    "minimum": operator.lt,
    "maximum": operator.gt,
    "exclusiveMinimum": operator.le,
    "exclusiveMaximum": operator.ge,
}
_BOUNDS = tuple(_FAILS)
_TEXT = ("minLength", "maxLength", "pattern")
_NUMERIC = ("number", "integer")


class _Compiler:
    """Compiles one root schema; ``$ref``s are compiled once each (a recursive
    reference calls the function being compiled through a cell)."""

    def __init__(self, root: Any, resources: Mapping[str, Any]) -> None:
        base = root.get("$id", "") if isinstance(root, dict) else ""
        if not isinstance(base, str):
            raise Unsupported("an $id that is not a text")
        self._resources = {**resources, base: root}
        self._compiled: dict[str, Check] = {}
        self._pending: dict[str, list[Check]] = {}
        self.check = self._schema(root, base, root=True)

    def _schema(self, schema: Any, base: str, root: bool = False) -> Check:
        if schema is True:
            return _always
        if schema is False:
            return _never
        if not isinstance(schema, dict):
            raise Unsupported(f"a schema that is not a table: {schema!r}")
        if not root and ("$id" in schema or "$schema" in schema):
            # jsonschema changes its base URI or even its validator class there.
            raise Unsupported("$id or $schema below the root")
        checks = []
        grouped: set[str] = set()
        if any(keyword in schema for keyword in _TABLE):
            checks.append(self._table(schema, base))
            grouped.update(_TABLE)
            if schema.get("type") == "object":
                grouped.add("type")
        if any(keyword in schema for keyword in _BOUNDS):
            checks.append(self._bounds(schema))
            grouped.update(_BOUNDS)
            if schema.get("type") in _NUMERIC:
                grouped.add("type")
        if any(keyword in schema for keyword in _TEXT):
            checks.append(self._text(schema))
            grouped.update(_TEXT)
            if schema.get("type") == "string":
                grouped.add("type")
        for keyword, value in schema.items():
            if keyword not in KEYWORDS or keyword in grouped:
                continue
            method = getattr(self, "_" + keyword.lstrip("$"), None)
            if method is None:
                raise Unsupported(keyword)
            checks.append(method(value, schema, base))
        return _all(checks)

    # -- references ------------------------------------------------------------------

    def _ref(self, ref: Any, schema: dict[str, Any], base: str) -> Check:
        if not isinstance(ref, str):
            raise Unsupported(f"$ref {ref!r}")
        target = urljoin(base, ref)
        if target in self._compiled:
            return self._compiled[target]
        if target in self._pending:  # a reference to itself, through some path
            pending = self._pending[target]
            return lambda instance: pending[0](instance)
        document, _, fragment = target.partition("#")
        if document not in self._resources:
            raise Unsupported(f"$ref to an unknown document: {ref!r}")
        node = _pointer(self._resources[document], fragment)
        cell: list[Check] = [_never]
        self._pending[target] = cell
        cell[0] = self._compiled[target] = self._schema(node, document)
        del self._pending[target]
        return cell[0]

    # -- any instance ----------------------------------------------------------------

    def _type(self, value: Any, schema: dict[str, Any], base: str) -> Check:
        names = [value] if isinstance(value, str) else _strings(value)
        if any(name not in TYPES for name in names):
            raise Unsupported(f"type {value!r}")
        checks = [TYPES[name] for name in names]
        return checks[0] if len(checks) == 1 else _any(checks)

    def _enum(self, value: Any, schema: dict[str, Any], base: str) -> Check:
        if not isinstance(value, list):
            raise Unsupported(f"enum {value!r}")
        if all(isinstance(option, str) for option in value):
            texts = frozenset(value)
            return lambda instance: isinstance(instance, str) and instance in texts
        return lambda instance: any(equal(option, instance) for option in value)

    def _const(self, value: Any, schema: dict[str, Any], base: str) -> Check:
        return lambda instance: equal(instance, value)

    def _allOf(self, value: Any, schema: dict[str, Any], base: str) -> Check:
        return _all(self._list(value, base))

    def _anyOf(self, value: Any, schema: dict[str, Any], base: str) -> Check:
        keys = _one_required_key_each(value)
        if keys is not None:  # "one of these keys is required": one test, for every judgement
            return lambda instance: not isinstance(instance, dict) or not keys.isdisjoint(instance)
        return _any(self._list(value, base))

    def _oneOf(self, value: Any, schema: dict[str, Any], base: str) -> Check:
        checks = self._list(value, base)
        return lambda instance: sum(1 for check in checks if check(instance)) == 1

    def _not(self, value: Any, schema: dict[str, Any], base: str) -> Check:
        check = self._schema(value, base)
        return lambda instance: not check(instance)

    def _if(self, value: Any, schema: dict[str, Any], base: str) -> Check:
        # "then" and "else" are no keywords of their own: only "if" reads them.
        condition = self._schema(value, base)
        then = self._schema(schema["then"], base) if "then" in schema else _always
        otherwise = self._schema(schema["else"], base) if "else" in schema else _always
        return lambda instance: then(instance) if condition(instance) else otherwise(instance)

    def _list(self, value: Any, base: str) -> list[Check]:
        if not isinstance(value, list):
            raise Unsupported(f"expected a list of schemas, found {value!r}")
        return [self._schema(item, base) for item in value]

    # -- numbers ---------------------------------------------------------------------

    def _bounds(self, schema: dict[str, Any]) -> Check:
        """minimum, maximum, exclusiveMinimum and exclusiveMaximum (they apply to
        numbers only), and "type" when it is "number" or "integer": one check."""
        tests = [
            (_FAILS[keyword], _bound(schema[keyword])) for keyword in _BOUNDS if keyword in schema
        ]
        must_be_number = schema.get("type") in _NUMERIC
        whole = schema.get("type") == "integer"

        def bounds(instance: Any) -> bool:
            if not is_number(instance):
                return not must_be_number
            if whole and not is_integer(instance):
                return False
            for fails, bound in tests:
                if fails(instance, bound):
                    return False
            return True

        return bounds

    # -- texts -----------------------------------------------------------------------

    def _text(self, schema: dict[str, Any]) -> Check:
        """minLength, maxLength and pattern (they apply to texts only), and "type"
        when it is "string": one check."""
        must_be_text = schema.get("type") == "string"
        least = _whole_number(schema.get("minLength", 0))
        most = _whole_number(schema["maxLength"]) if "maxLength" in schema else None
        # jsonschema uses re.search too.
        search = re.compile(schema["pattern"]).search if "pattern" in schema else None

        def text(instance: Any) -> bool:
            if not isinstance(instance, str):
                return not must_be_text
            if len(instance) < least or (most is not None and len(instance) > most):
                return False
            return search is None or search(instance) is not None

        return text

    # -- lists -----------------------------------------------------------------------

    def _minItems(self, value: Any, schema: dict[str, Any], base: str) -> Check:
        least = _whole_number(value)
        return lambda instance: not isinstance(instance, list) or len(instance) >= least

    def _maxItems(self, value: Any, schema: dict[str, Any], base: str) -> Check:
        most = _whole_number(value)
        return lambda instance: not isinstance(instance, list) or len(instance) <= most

    def _prefixItems(self, value: Any, schema: dict[str, Any], base: str) -> Check:
        checks = self._list(value, base)

        def prefix_items(instance: Any) -> bool:
            if not isinstance(instance, list):
                return True
            return all(check(item) for check, item in zip(checks, instance, strict=False))

        return prefix_items

    def _items(self, value: Any, schema: dict[str, Any], base: str) -> Check:
        prefix = schema.get("prefixItems", [])
        if not isinstance(prefix, list):
            raise Unsupported(f"prefixItems {prefix!r}")
        start = len(prefix)
        check = self._schema(value, base)

        def items(instance: Any) -> bool:
            if not isinstance(instance, list):
                return True
            return all(check(instance[index]) for index in range(start, len(instance)))

        return items

    # -- tables ----------------------------------------------------------------------

    def _table(self, schema: dict[str, Any], base: str) -> Check:
        """Every keyword about a table's keys and values, and "type" when it is
        "object": one check, one pass over the keys (each value against every
        schema that applies to it)."""
        known = schema.get("properties", {})
        patterns = schema.get("patternProperties", {})
        if not isinstance(known, dict) or not isinstance(patterns, dict):
            raise Unsupported("properties or patternProperties that are not tables")
        must_be_table = schema.get("type") == "object"
        required = _strings(schema.get("required", []))
        least = _whole_number(schema.get("minProperties", 0))
        most = _whole_number(schema["maxProperties"]) if "maxProperties" in schema else None
        key_check = (
            self._schema(schema["propertyNames"], base) if "propertyNames" in schema else None
        )
        named = {name: self._schema(sub, base) for name, sub in known.items()}
        matched = [(re.compile(p).search, self._schema(sub, base)) for p, sub in patterns.items()]
        # A pattern whose schema is true (``"^x-": true``) fails no value: it only
        # keeps its keys from being additional, which any_pattern below sees to.
        matched = [(search, check) for search, check in matched if check is not _always]
        additional = None
        if "additionalProperties" in schema:
            additional = self._schema(schema["additionalProperties"], base)
        # jsonschema finds the additional keys with all patterns joined into one,
        # and none at all when that joined text is empty (patterns that are all "").
        joined = "|".join(patterns)
        any_pattern = re.compile(joined).search if joined else None
        sized = least > 0 or most is not None
        each_key = bool(key_check or named or matched or additional)
        if len(required) == 1 and not (must_be_table or sized or each_key):
            (key,) = required  # the most common table schema of all: one required key
            return lambda instance: not isinstance(instance, dict) or key in instance

        def table(instance: Any) -> bool:
            if not isinstance(instance, dict):
                return not must_be_table
            if sized and (len(instance) < least or (most is not None and len(instance) > most)):
                return False
            for key in required:
                if key not in instance:
                    return False
            if not each_key:
                return True
            for key, item in instance.items():
                if key_check is not None and not key_check(key):
                    return False
                check = named.get(key)
                if check is not None and not check(item):
                    return False
                for search, pattern_check in matched:
                    if search(key) and not pattern_check(item):
                        return False
                if (
                    additional is not None
                    and check is None
                    and not (any_pattern and any_pattern(key))
                    and not additional(item)
                ):
                    return False
            return True

        return table


def _pointer(document: Any, fragment: str) -> Any:
    """The part of ``document`` a JSON pointer fragment (``/$defs/text``) names."""
    if fragment and not fragment.startswith("/"):
        raise Unsupported(f"an anchor: #{fragment}")
    node = document
    for raw in unquote(fragment).split("/")[1:]:
        part = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, list):
            node = node[int(part)]
        elif isinstance(node, dict):
            node = node[part]
        else:
            raise Unsupported(f"#{fragment}")
        if isinstance(node, dict) and "$id" in node:  # a base URI of its own
            raise Unsupported(f"#{fragment} passes an $id")
    return node
