"""Reading TOML and JSON documents: size limit, decoding, syntax errors located.

Numbers are read as :class:`~decimal.Decimal` (never as float), and dates are
turned into ISO strings, so a TOML file and its JSON twin give the same data.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tomllib
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any, Literal

from attrs import frozen

from kompass_core.errors import InvalidInputError, Problem

Format = Literal["toml", "json"]

#: Default size limit; no evaluation or rubric comes near it.  Override with
#: the environment variable ``KOMPASS_MAX_FILE_BYTES``.
DEFAULT_MAX_BYTES = 4 * 1024 * 1024
BOM = "\ufeff"


@frozen
class Document:
    """A parsed file: its name for messages, its format and its data.
    ``numbers_checked``: every number is within the file limits (:func:`parse`
    made sure), which are stricter than those for data from a caller."""

    name: str
    format: Format
    data: Any
    numbers_checked: bool = False


def max_file_bytes() -> int:
    """The configured size limit in bytes."""
    raw = os.environ.get("KOMPASS_MAX_FILE_BYTES")
    if raw is None:
        return DEFAULT_MAX_BYTES
    try:
        value = int(raw)
    except ValueError:
        value = -1
    if value <= 0:
        raise InvalidInputError(
            [
                Problem(
                    "expected a positive whole number of bytes, found " + repr(raw),
                    file="environment",
                    path="KOMPASS_MAX_FILE_BYTES",
                )
            ]
        )
    return value


def _fail(name: str, message: str, **where: Any) -> InvalidInputError:
    return InvalidInputError([Problem(message, file=name, **where)])


def read_text(path: str | os.PathLike[str]) -> str:
    """Read a UTF-8 file (a leading BOM is accepted), refusing oversized files
    before they are read into memory."""
    name = os.fspath(path)
    limit = max_file_bytes()
    try:
        with open(name, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > limit:
                raise _fail(
                    name,
                    f"file too large: expected at most {limit} bytes "
                    f"(KOMPASS_MAX_FILE_BYTES), found {size} bytes",
                )
            # Asking for the size read (and a byte more, for a file still growing)
            # spares allocating the whole limit for every file; a pipe or device
            # reports no size, and is read up to the limit and a byte more.
            raw = handle.read(size + 1 if size else limit + 1)
            if size and len(raw) > size:
                raw += handle.read(limit + 1 - len(raw))
    except IsADirectoryError:
        raise _fail(name, "expected a file, found a directory") from None
    except FileNotFoundError:
        raise _fail(name, "expected an existing file, found no such file") from None
    except PermissionError:
        raise _fail(name, "expected a readable file, found no permission to read it") from None
    except OSError as error:
        raise _fail(name, f"expected a readable file, found an error: {error.strerror}") from None
    if len(raw) > limit:  # a pipe or device that did not report its size
        raise _fail(name, f"file too large: expected at most {limit} bytes, found more")
    return decode(raw, name)


def decode(raw: bytes, name: str) -> str:
    """Decode UTF-8 text, naming the line and column of the first bad byte."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        bad = raw[error.start : error.start + 1].hex()
        raise _fail(
            name,
            f"expected UTF-8 text, found the byte 0x{bad}",
            line=line,
            column=column,
        ) from None
    if "\x00" in text:
        offset = text.index("\x00")
        line, column = _line_column(text, offset)
        raise _fail(name, "expected text, found a NUL byte (binary data)", line=line, column=column)
    return text.removeprefix(BOM)


def detect_format(name: str, text: str) -> Format:
    """JSON for ``.json`` files (or text starting with ``{``), otherwise TOML."""
    # The suffix as pathlib sees it (``..json`` has one), without making a Path.
    base = os.path.basename(name.rstrip("/"))
    dot = base.rfind(".")
    suffix = base[dot:].lower() if 0 < dot < len(base) - 1 else ""
    if suffix == ".json":
        return "json"
    if suffix == ".toml":
        return "toml"
    return "json" if text.lstrip().startswith("{") else "toml"


def parse(text: str, name: str, fmt: Format | None = None) -> Document:
    """Parse TOML or JSON text into plain data with Decimal numbers."""
    fmt = fmt or detect_format(name, text)
    if not text.strip():
        raise _fail(name, f"expected a {fmt.upper()} document, found an empty file")
    data, integers_checked = (
        (_parse_json(text, name), False) if fmt == "json" else _parse_toml(text, name)
    )
    if not isinstance(data, dict):
        raise _fail(name, f"expected a table at the top level, found {describe(data)}")
    # Integers: the parsers take them whatever their size (their parse_float
    # refused every unreasonable decimal already).
    if not integers_checked:
        unreasonable = number_problems(data, name, decimals_checked=True)
        if unreasonable:
            raise InvalidInputError(unreasonable)
    return Document(name=name, format=fmt, data=data, numbers_checked=True)


def load(path: str | os.PathLike[str], fmt: Format | None = None) -> Document:
    """Read and parse one file."""
    name = os.fspath(path)
    return parse(read_text(name), name, fmt)


# -- TOML ------------------------------------------------------------------

_TOML_AT = re.compile(r"\s*\((?:at line (\d+), column (\d+)|at end of document)\)$")
# tomllib's and json's reasons, reworded as what was expected.
_TOML_EXPECTED = {
    "Invalid value": 'a value (a number, "text", true/false, a date, [list] or {table})',
    "Invalid statement": "a key = value pair or a [table] header",
    "Invalid date or datetime": "a date that exists, such as 2015-10-01",
    "Unclosed array": "']' to close the list",
    "Unclosed inline table": "'}' to close the inline table",
    "Expected newline or end of document after a statement": "a new line after the value",
    "Invalid initial character for a key part": "a key (letters, digits, '-', '_' or \"quoted\")",
}
_JSON_EXPECTED = {
    "Extra data": "the end of the document",
    "Unterminated string starting at": "a closing '\"'",
    "Invalid control character at": "no control character inside a string (write \\n or \\t)",
    "Invalid \\escape": 'a valid escape such as \\n or \\"',
}


def _expected(reason: str, table: dict[str, str], language: str) -> str:
    """What a parser's reason says was expected."""
    for prefix, words in table.items():
        if reason.startswith(prefix):
            return words
    for verb in ("Expected ", "Expecting "):
        if reason.startswith(verb):
            return reason.removeprefix(verb)
    if reason.startswith("Illegal character"):
        return "a closing quote or a printable character (" + reason.lower() + ")"
    return f"valid {language} ({reason})"


def _parse_toml(text: str, name: str) -> tuple[Any, bool]:
    """The document as plain data (see :func:`normalise`), and whether its
    integers are known to be reasonable."""
    try:
        data = tomllib.loads(text, parse_float=_number)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        match = _TOML_AT.search(message)
        reason = message[: match.start()] if match else message
        if match and match.group(1):
            line, column = int(match.group(1)), int(match.group(2))
        else:
            line, column = _end_of(text)
        if reason.startswith("Cannot declare"):
            # tomllib points at the closing bracket; the header starts the line.
            header = text.splitlines()[line - 1].strip()
            column = text.splitlines()[line - 1].index(header) + 1
            detail = f"duplicate table: expected each table once, found {header} again"
        elif reason.startswith("Duplicate inline table key"):
            key = reason.rsplit(" ", 1)[-1]
            detail = f"duplicate key: expected each key once, found {key} again"
        elif reason.startswith("Cannot overwrite"):
            duplicate = _find_duplicate_key(text)
            found = "a key"
            if duplicate:
                line, column, found = duplicate
            detail = f"duplicate key: expected each key once, found {found} again"
        else:
            expected = _expected(reason, _TOML_EXPECTED, "TOML")
            detail = f"expected {expected}, found {_snippet(text, line, column)}"
        raise _fail(name, f"TOML syntax error: {detail}", line=line, column=column) from None
    except RecursionError:
        raise _fail(name, "expected a TOML document, found nesting too deep to read") from None
    except ValueError as error:  # from _number, or an integer too long to convert
        raise _number_problem(name, error) from None
    return _from_toml(data)


def _from_toml(data: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """:func:`normalise` for what tomllib gives (tables, lists, texts, booleans,
    integers, the decimals of :func:`_number`, dates and times), checking its
    integers on the way: one walk instead of two, since every file pays for
    it, and changing tomllib's own new tables and lists in place (only dates
    and times change) instead of building them again."""
    reasonable = True
    stack: list[Any] = [data]
    while stack:
        node = stack.pop()
        pairs = node.items() if type(node) is dict else enumerate(node)
        for key, value in pairs:
            kind = type(value)
            if kind in _TOML_KEPT:
                continue
            if kind is dict or kind is list:
                stack.append(value)
            elif kind is int:
                if not -_INTEGER_LIMIT < value < _INTEGER_LIMIT:
                    reasonable = False
            else:  # a date or time; replacing a value keeps the table's size
                node[key] = normalise(value)
    return data, reasonable


# What a TOML document keeps as it is (integers are checked).
_TOML_KEPT = frozenset({str, bool, Decimal})


def normalise(value: Any) -> Any:
    """Plain data as a JSON file gives it: TOML dates and times become ISO
    strings; floats (from Python callers) become the decimal they print as."""
    if type(value) in _KEPT:  # most values: tested first, by their exact type
        return value
    if isinstance(value, Mapping):
        return {key: normalise(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [normalise(item) for item in value]
    if isinstance(value, dt.date | dt.time):  # datetime is a date
        return value.isoformat()
    if isinstance(value, float):
        return Decimal(repr(value))
    return value


_KEPT = frozenset({str, int, bool, Decimal})

_TABLE_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY_VALUE = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_.\- ]+?)\s*=""")


def _find_duplicate_key(text: str) -> tuple[int, int, str] | None:
    """Locate a key assigned twice in one table (tomllib does not say where)."""
    seen: set[tuple[str, str]] = set()
    table = ""
    for number, line in enumerate(text.splitlines(), start=1):
        header = _TABLE_HEADER.match(line)
        if header:
            table = header.group(1)
            if line.lstrip().startswith("[["):
                table += f"#{number}"  # each array element is a table of its own
            continue
        key = _KEY_VALUE.match(line)
        if key:
            ident = (table, key.group(1).strip().strip("\"'"))
            if ident in seen:
                return number, line.index(key.group(1)) + 1, key.group(1).strip()
            seen.add(ident)
    return None


# -- JSON ------------------------------------------------------------------


class _Pairs(dict[str, Any]):
    """A JSON object that remembers keys it saw more than once."""

    duplicates: tuple[str, ...] = ()


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = _Pairs()
    duplicates = []
    for key, value in pairs:
        if key in result:
            duplicates.append(key)
        result[key] = value
    if duplicates:
        result.duplicates = tuple(duplicates)
    return result


#: Scores need far less; within these limits every sum is exact and every
#: number survives a JSON round trip unchanged.
MAX_DIGITS = 15
MAX_PLACES = 10


_INTEGER_LIMIT: int = 10**MAX_DIGITS


class _UnreasonableNumber(ValueError):
    pass


def _number(text: str) -> Decimal:
    """A number as written, refusing absurd precision or size (which would
    make exact arithmetic and output impractical)."""
    try:
        value = Decimal(text)
    except ArithmeticError:
        raise _UnreasonableNumber(text) from None
    # Eleven characters without an exponent hold at most ten digits (and
    # places): reasonable, as most numbers are, without taking them apart.
    if (len(text) > 11 or "e" in text or "E" in text) and not reasonable(value):
        raise _UnreasonableNumber(text)
    return value


def reasonable(value: int | Decimal, *, places: bool = True) -> bool:
    """At most MAX_DIGITS digits and MAX_PLACES decimal places; without
    ``places``, only less than 10**MAX_DIGITS (NaN and infinity pass: the
    schemas name them where they stand)."""
    if not isinstance(value, Decimal):  # an int: fewer than MAX_DIGITS digits
        return -_INTEGER_LIMIT < value < _INTEGER_LIMIT
    if not value.is_finite():
        return True
    if not places:
        return value.adjusted() < MAX_DIGITS
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    return not (
        -exponent > MAX_PLACES
        or len(digits) > MAX_DIGITS + max(exponent, 0)
        or value.adjusted() >= MAX_DIGITS
    )


def number_problems(
    data: Any, name: str, *, places: bool = True, decimals_checked: bool = False
) -> list[Problem]:
    """A problem for each number in ``data`` beyond :func:`reasonable`, at its
    key path: integers of any size get past the parsers, and any number past
    callers who give data rather than a file.  ``decimals_checked``: every
    Decimal in ``data`` is known to be reasonable, only integers need a look."""
    from kompass_core._keypath import format_path

    if _all_reasonable(data, places, decimals_checked):  # the common case, quickly
        return []
    expected = (
        f"at most {MAX_DIGITS} digits and {MAX_PLACES} decimal places"
        if places
        else f"less than 10^{MAX_DIGITS}"
    )
    return [
        Problem(
            f"unreasonable number: expected {expected}, found {_shortened(str(Decimal(value)))}",
            file=name,
            path=format_path(path, data) or None,
        )
        for path, value in _numbers(data, ())
        if not reasonable(value, places=places)
    ]


def _all_reasonable(value: Any, places: bool, decimals_checked: bool = False) -> bool:
    """Whether every number in ``value`` is :func:`reasonable`: what
    :func:`_numbers` walks, without a call for each value nor key paths."""
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            continue
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, int):
            if not isinstance(node, bool) and not reasonable(node, places=places):
                return False
        elif isinstance(node, Decimal):
            if not decimals_checked and not reasonable(node, places=places):
                return False
        elif isinstance(node, Mapping):
            stack.extend(node.values())
        elif isinstance(node, tuple):
            stack.extend(node)
    return True


def _numbers(value: Any, path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], Any]]:
    if isinstance(value, Mapping):
        for key, item in value.items():
            yield from _numbers(item, (*path, key))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _numbers(item, (*path, index))
    elif isinstance(value, int | Decimal) and not isinstance(value, bool):
        yield path, value


def _shortened(text: str) -> str:
    return text if len(text) <= 30 else text[:27] + "..."


def _number_problem(name: str, error: ValueError) -> InvalidInputError:
    text = error.args[0] if isinstance(error, _UnreasonableNumber) else "an integer"
    return _fail(
        name,
        f"unreasonable number: expected at most {MAX_DIGITS} digits and {MAX_PLACES} "
        f"decimal places, found {_shortened(text)}",
    )


def _constant(token: str) -> Decimal:
    # NaN and Infinity are not JSON; keep them so that validation can name
    # the key they stand at instead of failing without a place.
    return Decimal(token.replace("Infinity", "Inf"))


def _parse_json(text: str, name: str) -> Any:
    try:
        data = json.loads(
            text, parse_float=_number, parse_constant=_constant, object_pairs_hook=_object
        )
    except json.JSONDecodeError as error:
        found = _snippet(text, error.lineno, error.colno)
        expected = _expected(error.msg, _JSON_EXPECTED, "JSON")
        raise _fail(
            name,
            f"JSON syntax error: expected {expected}, found {found}",
            line=error.lineno,
            column=error.colno,
        ) from None
    except RecursionError:
        raise _fail(name, "expected a JSON document, found nesting too deep to read") from None
    except ValueError as error:  # from _number, or an integer too long to convert
        raise _number_problem(name, error) from None
    duplicates = list(_duplicate_paths(data, ()))
    if duplicates:
        from kompass_core._keypath import format_path

        raise InvalidInputError(
            Problem(
                f"duplicate key: expected {key!r} once, found it twice",
                file=name,
                path=format_path(path) or None,
            )
            for path, key in duplicates
        )
    bad_text = list(_surrogates(data, ()))
    if bad_text:
        from kompass_core._keypath import format_path

        raise InvalidInputError(
            Problem(
                "expected valid Unicode text, found a lone surrogate escape (\\ud800-\\udfff)",
                file=name,
                path=format_path(path) or None,
            )
            for path in bad_text
        )
    return _plain(data)


def _surrogates(value: Any, path: tuple[Any, ...]) -> Any:
    """Paths of texts holding a lone surrogate, which JSON's \\u escapes allow."""
    if isinstance(value, str):
        if any("\ud800" <= char <= "\udfff" for char in value):
            yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _surrogates(key, path)
            yield from _surrogates(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _surrogates(item, (*path, index))


def _duplicate_paths(value: Any, path: tuple[Any, ...]) -> Any:
    if isinstance(value, dict):
        for key in getattr(value, "duplicates", ()):
            yield (*path, key), key
        for key, item in value.items():
            yield from _duplicate_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _duplicate_paths(item, (*path, index))


def _plain(value: Any) -> Any:
    """Plain dicts again, without the duplicate bookkeeping."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


# -- helpers ---------------------------------------------------------------


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def _end_of(text: str) -> tuple[int, int]:
    return _line_column(text, len(text.rstrip("\n")))


def _snippet(text: str, line: int, column: int) -> str:
    lines = text.splitlines()
    if line > len(lines):
        return "the end of the file"
    rest = lines[line - 1][column - 1 :].strip()
    if not rest:
        after = "\n".join(lines[line:])
        return "the end of the line" if after.strip() else "the end of the file"
    token = rest.split()[0] if len(rest.split()[0]) > 1 else rest[:20]
    return repr(token[:30])


def describe(value: Any) -> str:
    """How a found value is named in messages."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "null"
    if isinstance(value, Decimal):
        if value.is_nan():
            return "NaN"
        if value.is_infinite():
            return "infinity" if value > 0 else "-infinity"
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return json.dumps(shown, ensure_ascii=False)
    return repr(value)
