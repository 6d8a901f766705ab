"""Hypothesis properties of `kompass rubrics check` and ``kompass_core.check_rubric``.

1. Every generated valid rubric definition (TOML or JSON) passes.
2. Breaking one invariant of a valid definition fails it with exactly one problem,
   ``file: key.path: message``, naming the broken place and what was expected.

Writing these properties found a few checker bugs (x- values checked for
languages, ids with a trailing newline, keys printed over two lines, unknown
keys in [scoring], an Indonesian heading named as an id); the tests at the end
keep them fixed.  The generators still keep clear of those inputs.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

import kompass_core as kompass
from kompass_core.cli import main

from .rubric_strategies import (
    AREA_ID,
    LANGUAGE,
    QUESTION_ID,
    RUBRIC_ID,
    TEXT_KEYS,
    amounts,
    area_ids,
    extension_values,
    languages,
    question_suffixes,
    rubric_dicts,
    text_values,
    total_of,
)

SETTINGS = settings(
    max_examples=50,
    deadline=None,
    # capsys is read (and so emptied) after every example.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
MUTATION_SETTINGS = settings(SETTINGS, max_examples=12)

TOP_KEYS = frozenset(
    {
        "$schema", "id", "version", "name", "short_name", "description", "year", "kind",
        "provisional", "provisional_note", "default_language", "max", "areas_published",
        "source", "translations", "scoring", "areas",
    }
)  # fmt: skip
AREA_KEYS = frozenset(
    {"id", "name", "other_names", "max", "headings", "questions_published", "questions"}
)
QUESTION_KEYS = frozenset({"id", "text", "max"})
SOURCE_KEYS = frozenset({"publisher", "title", "url", "note"})

formats = st.sampled_from(("toml", "json", "json-ascii"))


# -- writing files -------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    """Decimals as floats for the json module; every maximum drawn survives exactly."""
    if isinstance(value, Decimal):
        number = float(value)
        assert Decimal(repr(number)) == value, value
        return number
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    return value


def _write(folder: Path, data: dict[str, Any], fmt: str) -> Path:
    if fmt == "toml":
        path = folder / "rubrik-ö.toml"
        path.write_text(tomli_w.dumps(data), "utf-8")  # tomli_w writes Decimals as written
    else:
        path = folder / "rubrik-ö.json"
        text = json.dumps(_jsonable(data), ensure_ascii=fmt == "json-ascii", indent=1)
        path.write_text(text, "utf-8")
    return path


@dataclass
class Run:
    code: int
    out: str
    err: str


def _check(capsys: pytest.CaptureFixture[str], path: Path) -> Run:
    capsys.readouterr()  # start from nothing
    code = main(["rubrics", "check", str(path)])
    captured = capsys.readouterr()
    return Run(code, captured.out, captured.err)


# -- the expected key paths, written out independently of kompass_core._keypath ------


def _quoted(text: str) -> str:
    """A TOML basic string, control characters escaped (so a line stays one line)."""
    return json.dumps(text, ensure_ascii=False)


def _key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", key) else _quoted(key)


def _item(name: str, item: dict[str, Any], index: int) -> str:
    ident = item.get("id")
    return f"{name}[id={_quoted(ident)}]" if isinstance(ident, str) else f"{name}[{index}]"


def _area_path(data: dict[str, Any], a: int) -> str:
    return _item("areas", data["areas"][a], a)


def _question_path(data: dict[str, Any], a: int, q: int) -> str:
    return _area_path(data, a) + "." + _item("questions", data["areas"][a]["questions"][q], q)


def _plain(value: Decimal) -> str:
    """A sum as the messages write it: 12.5, 100 (no exponent, no trailing zeros)."""
    return format(value.normalize(), "f")


def _shown(value: Any) -> str:
    """A found value as the messages describe it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        assert len(value) <= 60
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _add(a: int | Decimal, b: int | Decimal) -> int | Decimal:
    if isinstance(a, int) and isinstance(b, int):
        return a + b
    return Decimal(a) + Decimal(b)


def _one_line(text: str) -> bool:
    return "\n" not in text and "\r" not in text


# -- mutations: each breaks one invariant and says where and how it must be reported ---


@dataclass
class Broken:
    data: dict[str, Any]
    path: str | None  # the key path; None for the top level
    message: str  # how the message starts
    found: str  # how the message ends (what was found)


Draw = Callable[..., Any]


def _areas_with_questions(data: dict[str, Any]) -> list[int]:
    return [i for i, area in enumerate(data["areas"]) if area.get("questions")]


def _pick_question(draw: Draw, data: dict[str, Any]) -> tuple[int, int]:
    a = draw(st.sampled_from(_areas_with_questions(data)))
    return a, draw(st.integers(0, len(data["areas"][a]["questions"]) - 1))


def _delta(draw: Draw) -> int | Decimal:
    amount: int | Decimal = draw(amounts(positive=True))
    return -amount if draw(st.booleans()) else amount


def _size(delta: int | Decimal) -> int | Decimal:
    return -delta if delta < 0 else delta


def duplicate_area_id(draw: Draw, data: dict[str, Any]) -> Broken:
    areas = data["areas"]
    first, second = sorted(
        draw(st.lists(st.integers(0, len(areas) - 1), min_size=2, max_size=2, unique=True))
    )
    target, area = areas[first]["id"], areas[second]
    # Move the second area's questions along, so that only the area id is wrong.
    taken = {q["id"] for q in areas[first].get("questions", [])}
    for question in area.get("questions", []):
        new = target + question["id"][len(area["id"]) :]
        while new in taken:
            new += "_"
        taken.add(new)
        question["id"] = new
    area["id"] = target
    return Broken(
        data,
        f"areas[id={_quoted(target)}].id",
        "duplicate area id: expected each id once, ",
        f"found {target!r} again",
    )


def duplicate_question_id(draw: Draw, data: dict[str, Any]) -> Broken:
    a, k = _pick_question(draw, data)
    area = data["areas"][a]
    questions = area["questions"]
    if len(questions) >= 2 and draw(st.booleans()):
        k, later = sorted(
            draw(st.lists(st.integers(0, len(questions) - 1), min_size=2, max_size=2, unique=True))
        )
        questions[later]["id"] = questions[k]["id"]
    else:  # a copied question, with the maxima raised to match
        twin = copy.deepcopy(questions[k])
        questions.insert(draw(st.integers(k + 1, len(questions))), twin)
        area["max"] = _add(area["max"], twin["max"])
        data["max"] = _add(data["max"], twin["max"])
    qid = questions[k]["id"]
    return Broken(
        data,
        f"{_area_path(data, a)}.questions[id={_quoted(qid)}].id",
        "duplicate question id: expected each id once, ",
        f"found {qid!r} again (first in area {area['id']!r})",
    )


def question_outside_area(draw: Draw, data: dict[str, Any]) -> Broken:
    a, k = _pick_question(draw, data)
    area_id = data["areas"][a]["id"]
    others = [area["id"] for area in data["areas"] if area["id"] != area_id]
    elsewhere = area_ids.filter(lambda i: i != area_id)
    target = draw(st.sampled_from(others) | elsewhere if others else elsewhere)
    taken = {q["id"] for area in data["areas"] for q in area.get("questions", [])}
    new = f"{target}.{draw(question_suffixes)}"
    while new in taken:
        new += "_"
    data["areas"][a]["questions"][k]["id"] = new
    return Broken(
        data,
        f"{_area_path(data, a)}.questions[id={_quoted(new)}].id",
        f"question id outside its area: expected an id starting with '{area_id}.', ",
        f"found {new!r}",
    )


def question_maxima_off(draw: Draw, data: dict[str, Any]) -> Broken:
    a, k = _pick_question(draw, data)
    area = data["areas"][a]
    delta = _delta(draw)
    if draw(st.booleans()):  # one question's max changes
        question = area["questions"][k]
        new = _add(question["max"], delta)
        question["max"] = new if new > 0 else _add(question["max"], _size(delta))
    else:  # the area's max changes, and the rubric's with it (so that it still adds up)
        old = area["max"]
        new = _add(old, delta)
        area["max"] = new if new >= 0 else _add(old, _size(delta))
        data["max"] = _add(data["max"], Decimal(area["max"]) - Decimal(old))
    found = total_of([q["max"] for q in area["questions"]])
    return Broken(
        data,
        f"{_area_path(data, a)}.max",
        "maxima do not add up: expected the question maxima of area "
        f"{area['id']!r} to add up to its max ",
        f"found {_plain(found)}",
    )


def area_maxima_off(draw: Draw, data: dict[str, Any]) -> Broken:
    unpublished = [a for a in data["areas"] if a.get("questions_published") is False]
    delta = _delta(draw)
    owner = draw(st.sampled_from(unpublished)) if unpublished and draw(st.booleans()) else data
    new = _add(owner["max"], delta)
    owner["max"] = new if new >= 0 else _add(owner["max"], _size(delta))
    found = total_of([a["max"] for a in data["areas"]])
    return Broken(
        data,
        "max",
        "maxima do not add up: expected the area maxima to add up to the rubric max ",
        f"found {_plain(found)}",
    )


def _text_places(data: dict[str, Any]) -> list[tuple[Any, Any, str]]:
    """Every text table: (the table or list holding it, its key or index, its key path)."""
    places: list[tuple[Any, Any, str]] = [(data, k, k) for k in sorted(TEXT_KEYS) if k in data]
    for a, area in enumerate(data["areas"]):
        path = _area_path(data, a)
        places.append((area, "name", f"{path}.name"))
        for key in ("headings", "other_names"):
            for index in range(len(area.get(key, []))):
                places.append((area[key], index, f"{path}.{key}[{index}]"))
        for q, question in enumerate(area.get("questions", [])):
            places.append((question, "text", f"{_question_path(data, a, q)}.text"))
    return places


def missing_language(draw: Draw, data: dict[str, Any]) -> Broken:
    default = data.get("default_language", "sv")
    holder, key, path = draw(st.sampled_from(_text_places(data)))
    text = holder[key]
    del text[default]
    if not text:
        text[draw(languages.filter(lambda lang: lang != default))] = draw(text_values)
    return Broken(
        data,
        path,
        f"missing language: expected a text in {default!r} (the default language), ",
        "found only " + ", ".join(repr(lang) for lang in text),
    )


def missing_key(draw: Draw, data: dict[str, Any]) -> Broken:
    scopes = ["top", "area"]
    scopes += ["question"] if _areas_with_questions(data) else []
    scopes += ["scoring"] if "scoring" in data else []
    scope = draw(st.sampled_from(scopes))
    path: str | None
    if scope == "top":
        key = draw(st.sampled_from(("id", "version", "name", "year", "kind", "max", "areas")))
        del data[key]
        path, where = None, "the top level"
    elif scope == "area":
        a = draw(st.integers(0, len(data["areas"]) - 1))
        key = draw(st.sampled_from(("id", "name", "max")))
        del data["areas"][a][key]
        path = where = _area_path(data, a)  # areas[2] once the id is gone
    elif scope == "question":
        a, q = _pick_question(draw, data)
        key = draw(st.sampled_from(("id", "text", "max")))
        del data["areas"][a]["questions"][q][key]
        path = where = _question_path(data, a, q)
    else:
        key = "rule"
        del data["scoring"]["rule"]
        path = where = "scoring"
    return Broken(data, path, f"missing key: expected {key} in {where}, found none", "found none")


_numbers_wrong: st.SearchStrategy[Any] = st.one_of(
    st.text(max_size=10), st.booleans(), st.lists(st.integers(0, 9), max_size=2), st.just({})
)
_strings_wrong = st.one_of(st.integers(-99, 99), st.booleans(), st.lists(st.text(max_size=3)))
_texts_wrong = st.one_of(st.text(max_size=10), st.integers(0, 99), st.lists(text_values))
_lists_wrong = st.one_of(st.text(max_size=10), st.integers(0, 99), st.just({"sv": "x"}))
_booleans_wrong = st.one_of(st.sampled_from(("false", "nej", "")), st.integers(0, 1))
_tables_wrong = st.one_of(st.text(max_size=10), st.integers(0, 99), st.lists(st.text()))
_TEXT_WORDS = "a table of texts by language, e.g. "

#: (key, the words for what was expected, wrong values) for each table.
WRONG_TOP = [
    ("version", "the version of this definition as a string", _strings_wrong),
    ("name", _TEXT_WORDS, _texts_wrong),
    ("max", "a number", _numbers_wrong),
    ("areas", "a list", _lists_wrong),
    ("provisional", "true or false", _booleans_wrong),
    ("default_language", "a language tag such as 'sv', 'en' or 'nb'", _strings_wrong),
    ("kind", 'one of "municipality", "region"', st.sampled_from(("county", "kommun", "", 1))),
    ("source", "a table", _tables_wrong),
    ("translations", "a table", _tables_wrong),
    ("scoring", "a table", _tables_wrong),
]
WRONG_AREA = [
    ("id", "an area id such as '1'", _strings_wrong),
    ("name", _TEXT_WORDS, _texts_wrong),
    ("max", "a number", _numbers_wrong),
    ("headings", "a list", _lists_wrong),
    ("other_names", "a list", _lists_wrong),
    ("questions_published", "true or false", _booleans_wrong),
    ("questions", "a list", _lists_wrong),
]
WRONG_QUESTION = [
    ("id", "a question id of the form '<area>.<n>', such as '1.1'", _strings_wrong),
    ("text", _TEXT_WORDS, _texts_wrong),
    ("max", "a maximum greater than 0", _numbers_wrong),
]


def wrong_type(draw: Draw, data: dict[str, Any]) -> Broken:
    scopes = ["top", "year", "area"] + (["question"] if _areas_with_questions(data) else [])
    scope = draw(st.sampled_from(scopes))
    if scope == "year":  # a whole number: text, true/false or a fraction are wrong
        key, words = "year", "a whole number"
        year = data["year"]
        value = draw(
            st.one_of(
                st.just(str(year)),
                st.booleans(),
                st.just(Decimal(year) + Decimal("0.5" if year < 2200 else "-0.5")),
            )
        )
        holder: dict[str, Any] = data
    elif scope == "top":
        key, words, values = draw(st.sampled_from(WRONG_TOP))
        value, holder = draw(values), data
    elif scope == "area":
        a = draw(st.integers(0, len(data["areas"]) - 1))
        key, words, values = draw(st.sampled_from(WRONG_AREA))
        value, holder = draw(values), data["areas"][a]
    else:
        a, q = _pick_question(draw, data)
        key, words, values = draw(st.sampled_from(WRONG_QUESTION))
        value, holder = draw(values), data["areas"][a]["questions"][q]
    holder[key] = value
    if scope in ("top", "year"):
        path = key
    elif scope == "area":
        path = f"{_area_path(data, a)}.{key}"  # areas[2].id when the id is no text
    else:
        path = f"{_question_path(data, a, q)}.{key}"
    return Broken(data, path, f"expected {words}", f"found {_shown(value)}")


def _unknown_keys(known: frozenset[str]) -> st.SearchStrategy[str]:
    return st.text(min_size=1, max_size=12).filter(
        lambda key: key not in known and not key.startswith("x-") and _one_line(key)
    )


def unknown_key(draw: Draw, data: dict[str, Any]) -> Broken:
    scopes = ["top", "area"]
    scopes += ["question"] if _areas_with_questions(data) else []
    scopes += ["source"] if "source" in data else []
    scope = draw(st.sampled_from(scopes))
    if scope == "top":
        holder, known, prefix = data, TOP_KEYS, ""
    elif scope == "area":
        a = draw(st.integers(0, len(data["areas"]) - 1))
        holder, known, prefix = data["areas"][a], AREA_KEYS, _area_path(data, a) + "."
    elif scope == "question":
        a, q = _pick_question(draw, data)
        holder = data["areas"][a]["questions"][q]
        known, prefix = QUESTION_KEYS, _question_path(data, a, q) + "."
    else:
        holder, known, prefix = data["source"], SOURCE_KEYS, "source."
    key = draw(_unknown_keys(known))
    holder[key] = draw(extension_values)
    return Broken(data, prefix + _key(key), "unknown key: expected one of ", f"found {_key(key)}")


def _bad(pattern: str) -> st.SearchStrategy[str]:
    """Texts a pattern does not match (kept on one line: see the tests at the end)."""
    return st.text(max_size=12).filter(
        lambda text: re.fullmatch(pattern, text) is None and _one_line(text)
    )


def bad_language_tag(draw: Draw, data: dict[str, Any]) -> Broken:
    tag = draw(_bad(LANGUAGE))
    places = _text_places(data)
    if draw(st.booleans()):
        places = [(data, "translations", "translations")]
        data.setdefault("translations", {})
    holder, key, path = draw(st.sampled_from(places))
    holder[key][tag] = draw(text_values)
    return Broken(
        data,
        f"{path}.{_key(tag)}",
        "invalid key: expected a language tag such as 'sv', 'en' or 'nb', ",
        f"found {_shown(tag)}",
    )


def bad_id(draw: Draw, data: dict[str, Any]) -> Broken:
    scopes = ["rubric", "area"] + (["question"] if _areas_with_questions(data) else [])
    scope = draw(st.sampled_from(scopes))
    if scope == "rubric":
        value = data["id"] = draw(_bad(RUBRIC_ID))
        path, words = "id", "a rubric id of lower-case letters, digits, '.' and '-'"
    elif scope == "area":
        a = draw(st.integers(0, len(data["areas"]) - 1))
        value = data["areas"][a]["id"] = draw(_bad(AREA_ID))
        path, words = f"{_area_path(data, a)}.id", "an area id such as '1'"
    else:
        a, q = _pick_question(draw, data)
        value = data["areas"][a]["questions"][q]["id"] = draw(_bad(QUESTION_ID))
        path = f"{_question_path(data, a, q)}.id"
        words = "a question id of the form '<area>.<n>', such as '1.1'"
    return Broken(data, path, f"expected {words}, ", f"found {_shown(value)}")


def questions_of_unpublished_area(draw: Draw, data: dict[str, Any]) -> Broken:
    a = draw(st.sampled_from(_areas_with_questions(data)))
    area = data["areas"][a]
    area["questions_published"] = False
    return Broken(
        data,
        f"{_area_path(data, a)}.questions",
        "questions given for an area marked questions_published = false: expected no questions, ",
        f"found {len(area['questions'])}",
    )


def no_questions(draw: Draw, data: dict[str, Any]) -> Broken:
    a = draw(st.sampled_from(_areas_with_questions(data)))
    area = data["areas"][a]
    if draw(st.booleans()):
        del area["questions"]
    else:
        area["questions"] = []
    return Broken(
        data,
        _area_path(data, a),
        "expected a list of questions, or questions_published = false when they were "
        "never published; ",
        "found neither",
    )


def unknown_scoring_rule(draw: Draw, data: dict[str, Any]) -> Broken:
    known = ("maturity-levels", "share-of-max", "weighted-share-of-max")
    rule = draw(
        st.from_regex(r"[a-z0-9][a-z0-9-]{0,19}", fullmatch=True).filter(lambda r: r not in known)
    )
    data["scoring"] = {"rule": rule}
    return Broken(
        data,
        "scoring.rule",
        f"unknown scoring rule: expected one of {', '.join(known)}, ",
        f"found {rule!r}",
    )


def malformed_scoring_rule(draw: Draw, data: dict[str, Any]) -> Broken:
    rule = draw(
        st.text(min_size=1, max_size=20).filter(
            lambda r: re.fullmatch(r"[a-z0-9][a-z0-9-]*", r) is None
        )
    )
    data["scoring"] = {"rule": rule}
    return Broken(
        data,
        "scoring.rule",
        'expected the name of a scoring rule, such as "share-of-max", ',
        f"found {_shown(rule)}",
    )


Mutation = Callable[[Draw, dict[str, Any]], Broken]
#: Each mutation, and what the valid rubric it starts from needs.
MUTATIONS: dict[str, tuple[Mutation, dict[str, int]]] = {
    "duplicate area id": (duplicate_area_id, {"min_areas": 2}),
    "duplicate question id": (duplicate_question_id, {"min_questions": 1}),
    "question outside its area": (question_outside_area, {"min_questions": 1}),
    "question maxima off": (question_maxima_off, {"min_questions": 1}),
    "area maxima off": (area_maxima_off, {}),
    "missing language": (missing_language, {}),
    "missing key": (missing_key, {}),
    "wrong type": (wrong_type, {}),
    "unknown key": (unknown_key, {}),
    "bad language tag": (bad_language_tag, {}),
    "bad id": (bad_id, {}),
    "questions of unpublished area": (questions_of_unpublished_area, {"min_questions": 1}),
    "no questions": (no_questions, {"min_questions": 1}),
    "unknown scoring rule": (unknown_scoring_rule, {}),
    "malformed scoring rule": (malformed_scoring_rule, {}),
}


# -- the properties --------------------------------------------------------------


@SETTINGS
@given(data=rubric_dicts(), fmt=formats)
def test_valid_rubric_passes_check(
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
    data: dict[str, Any],
    fmt: str,
) -> None:
    """Any valid rubric definition passes `kompass rubrics check` and check_rubric,
    and loads as the rubric that was written."""
    path = _write(tmp_path_factory.mktemp("valid"), data, fmt)
    run = _check(capsys, path)
    assert (run.code, run.out, run.err) == (0, f"{path}: valid\n", "")
    assert kompass.check_rubric(path) == []

    rubric = kompass.load_rubric(path)
    assert rubric.id == data["id"]
    assert rubric.default_language == data.get("default_language", "sv")
    assert rubric.max == Decimal(data["max"])
    assert [(a.id, a.max, a.questions_published) for a in rubric.areas] == [
        (a["id"], Decimal(a["max"]), a.get("questions_published", True)) for a in data["areas"]
    ]
    assert [(q.id, q.max) for a in rubric.areas for q in a.questions] == [
        (q["id"], Decimal(q["max"])) for a in data["areas"] for q in a.get("questions", [])
    ]


@pytest.mark.parametrize("kind", list(MUTATIONS))
@MUTATION_SETTINGS
@given(draw=st.data(), fmt=formats)
def test_broken_rubric_fails_naming_the_place(
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
    kind: str,
    draw: st.DataObject,
    fmt: str,
) -> None:
    """Breaking one invariant of a valid rubric gives exit code 1 and exactly one
    problem: ``file: key.path: expected ..., found ...`` at the broken place."""
    mutate, needs = MUTATIONS[kind]
    valid = draw.draw(rubric_dicts(**needs), label="valid rubric")
    broken = mutate(draw.draw, copy.deepcopy(valid))
    note(f"expected path: {broken.path!r}")
    path = _write(tmp_path_factory.mktemp("broken"), broken.data, fmt)

    run = _check(capsys, path)
    assert run.code == 1, run
    assert run.err == ""  # no traceback, no internal error
    assert "Traceback" not in run.out
    lines = run.out.split("\n")
    assert lines[-1] == "", run.out
    assert len(lines[:-1]) == 1, run.out  # exactly one problem, on one line
    line = lines[0]
    where = f"{path}: " if broken.path is None else f"{path}: {broken.path}: "
    assert line.startswith(where + broken.message), (line, where + broken.message)
    assert line.endswith(broken.found), (line, broken.found)

    problems = kompass.check_rubric(path)
    assert [(p.file, p.path, p.severity, str(p)) for p in problems] == [
        (str(path), broken.path, "error", line)
    ]


# -- bugs the properties found, now fixed --------------------------------------------

BASE: dict[str, Any] = {
    "id": "r",
    "version": "1",
    "name": {"sv": "R"},
    "year": 2010,
    "kind": "municipality",
    "max": 10,
    "areas": [
        {
            "id": "1",
            "name": {"sv": "A"},
            "max": 10,
            "questions": [{"id": "1.1", "text": {"sv": "Q"}, "max": 10}],
        }
    ],
}


def _problems(tmp_path: Path, change: Callable[[dict[str, Any]], None]) -> list[str]:
    data = copy.deepcopy(BASE)
    change(data)
    path = _write(tmp_path, data, "json")
    return [str(p) for p in kompass.check_rubric(path)]


def test_base_rubric_is_valid(tmp_path: Path) -> None:
    assert _problems(tmp_path, lambda data: None) == []


def test_extension_keys_are_ignored(tmp_path: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        data["x-tool"] = {"name": {"en": "Some tool"}}

    assert _problems(tmp_path, change) == []


def _set_ids(data: dict[str, Any], rubric: str, area: str, question: str) -> None:
    data["id"] = rubric
    data["areas"][0]["id"] = area
    data["areas"][0]["questions"][0]["id"] = question


def _set_language(data: dict[str, Any], tag: str) -> None:
    data["default_language"] = tag
    data["name"] = {tag: "R"}
    data["areas"][0]["name"] = {tag: "A"}
    data["areas"][0]["questions"][0]["text"] = {tag: "Q"}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: _set_ids(d, "r\n", "1", "1.1"), "expected a rubric id"),
        (lambda d: _set_ids(d, "r", "1\n", "1\n.1"), "expected an area id"),
        (lambda d: _set_ids(d, "r", "1", "1.1\n"), "expected a question id"),
        (lambda d: _set_language(d, "en\n"), "expected a language tag"),
    ],
    ids=["rubric id", "area id", "question id", "language"],
)
def test_value_with_trailing_newline_is_rejected(
    tmp_path: Path, change: Callable[[dict[str, Any]], None], expected: str
) -> None:
    problems = _problems(tmp_path, change)
    assert any(expected in p for p in problems), problems


def test_problem_with_newline_in_key_fits_on_one_line(tmp_path: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        data["colo\nur"] = "blue"

    problems = _problems(tmp_path, change)
    assert len(problems) == 1
    assert _one_line(problems[0]), problems


def test_unknown_key_in_scoring_is_reported(tmp_path: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        data["scoring"] = {"rule": "share-of-max", "roundng": "half-up"}

    problems = _problems(tmp_path, change)
    assert len(problems) == 1
    assert problems[0].endswith(
        ": scoring.roundng: unknown key: expected one of rule, decimals, rounding, found roundng"
    ), problems


def test_heading_with_indonesian_text_is_named_by_index(tmp_path: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        data["areas"][0]["headings"] = [{"en": "Strategy", "id": "Strategi"}]

    problems = _problems(tmp_path, change)
    assert len(problems) == 1
    assert ': areas[id="1"].headings[0]: missing language: ' in problems[0], problems
