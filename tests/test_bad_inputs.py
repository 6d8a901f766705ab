"""Bad input files given to ``kompass validate FILE`` and ``kompass score FILE``.

Every problem must be exactly one line that names the file, the place (``file:LINE:COL:``
for a TOML or JSON syntax error, otherwise ``file: key.path:``), what was expected and
what was found; the exit code is 1 (invalid input), never 3 (internal error), and there is
never a traceback.  Wrong usage exits 2.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

from kompass_core.cli import main

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "orebro-2015.toml"
COMMANDS = ("validate", "score")

# A small valid evaluation: two questions of area 1, an area score for area 2.
MINIMAL = """\
rubric = "kommunkompassen-2010"

[subject]
name = "Örebro kommun"
kind = "municipality"

[evaluation]
date = 2015-10-01
evaluators = ["Lars Strid"]

[scores]
"1.1" = { percent = 70 }
"1.2" = { points = 16 }

[area_scores]
"2" = 80
"""


# -- helpers -----------------------------------------------------------------


@dataclass
class Run:
    code: int
    out: str
    err: str


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> Run:
    """Run the CLI in-process and capture what it printed."""
    code = main(list(argv))
    captured = capsys.readouterr()
    return Run(code, captured.out, captured.err)


def write(directory: Path, name: str, content: str | bytes) -> Path:
    path = directory / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def mutate(text: str, old: str, new: str) -> str:
    """Replace ``old`` (which must occur exactly once) with ``new``."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def locate(text: str, needle: str, occurrence: int = 1, shift: int = 0) -> tuple[int, int]:
    """1-based line and column (in characters) of ``needle`` in ``text``."""
    offset = -1
    for _ in range(occurrence):
        offset = text.index(needle, offset + 1)
    offset += shift
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def at(path: Path, line: int, column: int) -> str:
    """The location prefix of a syntax error."""
    return f"{path}:{line}:{column}: "


def key(path: Path, keypath: str) -> str:
    """The location prefix of a problem at a key path."""
    return f"{path}: {keypath}: "


def file_level(path: Path) -> str:
    """The location prefix of a problem with the file as a whole."""
    return f"{path}: "


Expected = list[tuple[str, list[str]]]


def check_lines(path: Path, lines: list[str], expected: Expected) -> None:
    """Exactly one line per expected problem, each at its place, each 'expected …, found …'."""
    assert len(lines) == len(expected), f"expected {len(expected)} problem line(s), got {lines}"
    for line in lines:
        assert line.startswith(f"{path}:"), f"line does not name the file: {line!r}"
    remaining = list(lines)
    for prefix, fragments in expected:
        matches = [line for line in remaining if line.startswith(prefix)]
        assert len(matches) == 1, f"expected one line starting {prefix!r}, got {lines}"
        remaining.remove(matches[0])
        for fragment in fragments:
            assert fragment in matches[0], f"{fragment!r} missing from {matches[0]!r}"
    for line in lines:
        assert re.search(r"\bexpected\b.*\bfound\b", line), f"no 'expected …, found …': {line!r}"


def assert_invalid(capsys: pytest.CaptureFixture[str], path: Path, expected: Expected) -> None:
    """Both ``validate`` and ``score`` reject ``path`` with exactly the expected lines."""
    for command in COMMANDS:
        result = run(capsys, command, str(path))
        assert "Traceback" not in result.out + result.err
        assert result.code == 1, f"{command}: exit {result.code}\n{result.out}{result.err}"
        if command == "validate":
            lines, other = result.out.splitlines(), result.err
        else:
            lines, other = result.err.splitlines(), result.out
        assert other == "", f"{command}: unexpected output {other!r}"
        check_lines(path, lines, expected)


def assert_valid(capsys: pytest.CaptureFixture[str], path: Path) -> None:
    """``validate`` says valid and ``score`` succeeds, without warnings or problems."""
    result = run(capsys, "validate", str(path))
    assert (result.code, result.out, result.err) == (0, f"{path}: valid\n", "")
    result = run(capsys, "score", str(path))
    assert result.code == 0, result.err
    assert result.err == ""
    assert result.out


def minimal_json() -> str:
    """MINIMAL as a JSON document of the same structure."""
    data = tomllib.loads(MINIMAL)
    data["evaluation"]["date"] = data["evaluation"]["date"].isoformat()
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


# -- sanity: the inputs the bad files are built from are valid ------------------


def test_minimal_and_example_are_valid(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The minimal evaluation, its JSON twin and the Örebro example are valid."""
    assert_valid(capsys, write(tmp_path, "minimal.toml", MINIMAL))
    assert_valid(capsys, write(tmp_path, "minimal.json", minimal_json()))
    assert_valid(capsys, write(tmp_path, "orebro.toml", EXAMPLE.read_text("utf-8")))


# -- empty, binary and badly encoded files --------------------------------------


@pytest.mark.parametrize("content", ["", "  \n\t\n\n"], ids=["empty", "whitespace"])
@pytest.mark.parametrize("suffix", ["toml", "json"])
def test_empty_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, suffix: str
) -> None:
    """An empty or whitespace-only file is one problem naming the file."""
    path = write(tmp_path, f"empty.{suffix}", content)
    assert_invalid(capsys, path, [(file_level(path), ["empty"])])


def _random_junk() -> bytes:
    rng = random.Random(20150930)
    return rng.randbytes(300) + b"\x00" + rng.randbytes(300)


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "0x89"),
        (b'rubric = "kommunkompassen-2010"\n\x00\x01\x02junk', "NUL"),
        (_random_junk(), ""),
    ],
    ids=["png", "nul-in-text", "random"],
)
def test_binary_junk(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, fragment: str
) -> None:
    """Binary data is refused with the line and column of the first bad byte."""
    path = write(tmp_path, "junk.toml", content)
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as error:
        start = error.start
    else:
        start = len(text[: text.index("\x00")].encode("utf-8"))
    line = content.count(b"\n", 0, start) + 1
    column = start - (content.rfind(b"\n", 0, start) + 1) + 1
    assert_invalid(capsys, path, [(at(path, line, column), [fragment])])


def test_latin1_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A Latin-1 'Örebro' is refused at the line and column of the Ö."""
    path = write(tmp_path, "latin1.toml", MINIMAL.encode("latin-1"))
    line, column = locate(MINIMAL, "Ö")
    assert_invalid(capsys, path, [(at(path, line, column), ["UTF-8", "0xd6"])])


@pytest.mark.parametrize("suffix", ["toml", "json"])
def test_utf8_bom_is_accepted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    """A UTF-8 file starting with a byte order mark is valid."""
    text = MINIMAL if suffix == "toml" else minimal_json()
    path = write(tmp_path, f"bom.{suffix}", b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert_valid(capsys, path)


# -- syntax errors ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "needle", "shift", "fragment"),
    [
        ('kind = "municipality"', "kind = municipality", "municipality", 0, "'municipality'"),
        ('name = "Örebro kommun"', 'name = "Örebro" kommun', '" kommun', 2, "'kommun'"),
        ('name = "Örebro kommun"', 'name = "Örebro kommun', "kommun\n", 6, ""),
        ('"1.2" = { points = 16 }', '"1.2" = { points = 16', "16\n", 2, ""),
        ("[evaluation]", "[evaluation", "[evaluation", 11, ""),
        ("evaluators = [", "evaluators = [,", "[,", 1, "found ',"),
    ],
    ids=[
        "bare-word",
        "after-non-ascii",
        "unterminated-string",
        "unclosed-inline-table",
        "unclosed-header",
        "leading-comma",
    ],
)
def test_toml_syntax_error(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    old: str,
    new: str,
    needle: str,
    shift: int,
    fragment: str,
) -> None:
    """A TOML syntax error is one line at its exact line and column."""
    text = mutate(MINIMAL, old, new)
    path = write(tmp_path, "syntax.toml", text)
    line, column = locate(text, needle, shift=shift)
    assert_invalid(capsys, path, [(at(path, line, column), ["TOML", fragment])])


def test_toml_syntax_error_at_end_of_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A TOML file cut off after '=' is a syntax error at the end of its last line."""
    text = MINIMAL + '"3" = '
    path = write(tmp_path, "cut.toml", text)
    last = text.splitlines()
    assert_invalid(capsys, path, [(at(path, len(last), len(last[-1]) + 1), ["TOML"])])


@pytest.mark.parametrize(
    ("old", "new", "needle", "shift"),
    [
        ('"Örebro kommun",', '"Örebro kommun"', '"kind"', 0),
        ('"Lars Strid"\n', '"Lars Strid",\n', "]", 0),
        ('"kind": "municipality"', "'kind': 'municipality'", "'kind'", 0),
        ('"percent": 70', '"percent": 70 // a comment', "//", 0),
        ('"points": 16', '"points": 16.', "16.", 2),
    ],
    ids=["missing-comma", "trailing-comma", "single-quotes", "comment", "bad-number"],
)
def test_json_syntax_error(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    old: str,
    new: str,
    needle: str,
    shift: int,
) -> None:
    """A JSON syntax error is one line at its exact line and column."""
    text = mutate(minimal_json(), old, new)
    path = write(tmp_path, "syntax.json", text)
    line, column = locate(text, needle, shift=shift)
    assert_invalid(capsys, path, [(at(path, line, column), ["JSON"])])


def test_json_cut_off(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A JSON file cut off in the middle is a syntax error at the end of the text."""
    full = minimal_json()
    text = full[: full.index('"scores"')]
    path = write(tmp_path, "cut.json", text)
    # The place is the end of the text: after the indentation of the last line.
    line, column = text.count("\n") + 1, len(text) - text.rfind("\n")
    assert_invalid(capsys, path, [(at(path, line, column), ["JSON"])])


@pytest.mark.parametrize("content", ["[1, 2]", '"Örebro"', "650"], ids=["list", "text", "number"])
def test_json_top_level_not_a_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str
) -> None:
    """A JSON document that is not an object at the top level is one problem."""
    path = write(tmp_path, "top.json", content + "\n")
    assert_invalid(capsys, path, [(file_level(path), ["top level"])])


def test_json_twin_of_example_is_valid(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The Örebro example written as JSON is valid and scores exactly as the TOML does."""
    data = tomllib.loads(EXAMPLE.read_text("utf-8"))
    toml_path = write(tmp_path, "orebro.toml", EXAMPLE.read_text("utf-8"))
    json_path = write(tmp_path, "orebro.json", json.dumps(data, indent=2, ensure_ascii=False))
    assert_valid(capsys, json_path)
    scores = []
    for path in (toml_path, json_path):
        result = run(capsys, "score", "--format", "json", str(path))
        assert (result.code, result.err) == (0, "")
        scored = json.loads(result.out)
        assert scored.pop("file") == str(path)
        scores.append(scored)
    assert scores[0] == scores[1]
    assert scores[1]["total"]["rounded"] == 650


@pytest.mark.parametrize("depth_of", ["toml", "json"])
def test_deep_nesting(tmp_path: Path, capsys: pytest.CaptureFixture[str], depth_of: str) -> None:
    """Absurdly deep nesting is refused as invalid input, not an internal error."""
    depth = 100_000
    if depth_of == "toml":
        text = MINIMAL + "\n[x-deep]\nvalue = " + "[" * depth + "]" * depth + "\n"
    else:
        text = '{"x-deep": ' + "[" * depth + "]" * depth + "}\n"
    path = write(tmp_path, f"deep.{depth_of}", text)
    for command in COMMANDS:
        result = run(capsys, command, str(path))
        assert "Traceback" not in result.out + result.err
        assert result.code == 1, f"{command}: exit {result.code}\n{result.out}{result.err}"
        lines = (result.out if command == "validate" else result.err).splitlines()
        assert len(lines) == 1, lines
        assert lines[0].startswith(f"{path}:")
        assert re.search(r"\bexpected\b.*\bfound\b", lines[0]), lines[0]


# -- duplicates --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "needle"),
    [
        ('kind = "municipality"', 'kind = "municipality"\nname = "Örebro"', 'name = "Örebro"\n'),
        (
            '"1.2" = { points = 16 }',
            '"1.2" = { points = 16 }\n"1.1" = { percent = 60 }',
            '"1.1" = { percent = 60',
        ),
        ('"2" = 80', '"2" = 80\n  "2" = 81', '"2" = 81'),
    ],
    ids=["subject.name", "scores-1.1", "indented-area-2"],
)
def test_duplicate_key_toml(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, needle: str
) -> None:
    """A TOML key given twice is one problem at the second occurrence."""
    text = mutate(MINIMAL, old, new)
    path = write(tmp_path, "dup.toml", text)
    line, column = locate(text, needle)
    assert_invalid(capsys, path, [(at(path, line, column), ["duplicate key"])])


def test_duplicate_table_toml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A TOML table header given twice is one problem at the second header."""
    text = MINIMAL + '\n[subject]\ncode = "1880"\n'
    path = write(tmp_path, "dup-table.toml", text)
    line, column = locate(text, "[subject]", occurrence=2)
    assert_invalid(capsys, path, [(at(path, line, column), ["duplicate table", "subject"])])


@pytest.mark.parametrize(
    ("old", "new", "keypath", "name"),
    [
        (
            '"rubric": "kommunkompassen-2010",',
            '"rubric": "kommunkompassen-2010",\n  "rubric": "kommunkompassen-2010",',
            "rubric",
            "rubric",
        ),
        ('"1.2": {', '"1.1": {"percent": 60},\n    "1.2": {', 'scores."1.1"', "1.1"),
    ],
    ids=["rubric", "scores-1.1"],
)
def test_duplicate_key_json(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    old: str,
    new: str,
    keypath: str,
    name: str,
) -> None:
    """A JSON key given twice is one problem at its key path."""
    path = write(tmp_path, "dup.json", mutate(minimal_json(), old, new))
    assert_invalid(capsys, path, [(key(path, keypath), ["duplicate key", repr(name)])])


# -- wrong types ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "keypath", "found"),
    [
        (
            '"1.1" = { percent = 70 }',
            '"1.1" = { percent = "70" }',
            'scores."1.1".percent',
            'found "70"',
        ),
        (
            '[subject]\nname = "Örebro kommun"\nkind = "municipality"\n',
            "subject = [1]\n",
            "subject",
            "found a list",
        ),
        ('"1.1" = { percent = 70 }', '"1.1" = 16', 'scores."1.1"', "found 16"),
        ('"2" = 80', '"2" = "80"', 'area_scores."2"', 'found "80"'),
        (
            '"1.1" = { percent = 70 }',
            '"1.1" = { percent = true }',
            'scores."1.1".percent',
            "found true",
        ),
        (
            'evaluators = ["Lars Strid"]',
            'evaluators = "Lars Strid"',
            "evaluation.evaluators",
            'found "Lars Strid"',
        ),
        ('rubric = "kommunkompassen-2010"', "rubric = 2010", "rubric", "found 2010"),
        (
            '"1.2" = { points = 16 }',
            '"1.2" = { points = [16] }',
            'scores."1.2".points',
            "found a list",
        ),
    ],
    ids=[
        "percent-string",
        "subject-list",
        "question-number",
        "area-string",
        "percent-bool",
        "evaluators-string",
        "rubric-number",
        "points-list",
    ],
)
def test_wrong_type(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    old: str,
    new: str,
    keypath: str,
    found: str,
) -> None:
    """A value of the wrong type is one problem at its key path, naming what was found."""
    if old.startswith("[subject]"):  # the table becomes a top-level key
        text = new + mutate(MINIMAL, old, "")
    else:
        text = mutate(MINIMAL, old, new)
    path = write(tmp_path, "types.toml", text)
    assert_invalid(capsys, path, [(key(path, keypath), [found])])


# -- unknown ids ---------------------------------------------------------------------


def test_unknown_rubric(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown rubric id is one problem at 'rubric' listing the installed rubrics."""
    text = mutate(MINIMAL, '"kommunkompassen-2010"', '"kommunkompassen-1999"')
    path = write(tmp_path, "rubric.toml", text)
    assert_invalid(
        capsys,
        path,
        [(key(path, "rubric"), ["kommunkompassen-2010", "found 'kommunkompassen-1999'"])],
    )


@pytest.mark.parametrize(
    ("qid", "hint"),
    [("1.9", "1.1–1.5"), ("9.1", "kommunkompassen-2010")],
    ids=["1.9", "9.1"],
)
def test_unknown_question(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], qid: str, hint: str
) -> None:
    """An unknown question id is one problem at its key path."""
    text = mutate(MINIMAL, '"1.2" = { points = 16 }', f'"{qid}" = {{ points = 16 }}')
    path = write(tmp_path, "question.toml", text)
    assert_invalid(
        capsys, path, [(key(path, f'scores."{qid}"'), ["unknown question", hint, f"found '{qid}'"])]
    )


def test_unknown_area_score(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown area id under [area_scores] is one problem at its key path."""
    path = write(tmp_path, "area.toml", mutate(MINIMAL, '"2" = 80', '"9" = 80'))
    assert_invalid(capsys, path, [(key(path, 'area_scores."9"'), ["unknown area", "found '9'"])])


# -- out of range --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "keypath", "fragments"),
    [
        (
            '"1.1" = { percent = 70 }',
            '"1.1" = { percent = 101 }',
            'scores."1.1".percent',
            ["100", "found 101"],
        ),
        (
            '"1.1" = { percent = 70 }',
            '"1.1" = { percent = 100.5 }',
            'scores."1.1".percent',
            ["100", "found 100.5"],
        ),
        (
            '"1.1" = { percent = 70 }',
            '"1.1" = { percent = -1 }',
            'scores."1.1".percent',
            ["0", "found -1"],
        ),
        (
            '"1.2" = { points = 16 }',
            '"1.2" = { points = -1 }',
            'scores."1.2".points',
            ["0", "found -1"],
        ),
        (
            '"1.1" = { percent = 70 }',
            '"1.1" = { points = 16 }',
            'scores."1.1".points',
            ["15", "found 16"],
        ),
        ('"2" = 80', '"2" = 101', 'area_scores."2"', ["100", "found 101"]),
        ('"2" = 80', '"2" = 80\n\n[stated]\ntotal = 801', "stated.total", ["800", "found 801"]),
    ],
    ids=[
        "percent-above-100",
        "percent-100.5",
        "percent-below-0",
        "points-negative",
        "points-above-max",
        "area-above-100",
        "stated-total-above-800",
    ],
)
def test_out_of_range(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    old: str,
    new: str,
    keypath: str,
    fragments: list[str],
) -> None:
    """A number out of range is one problem at its key path, naming the bound."""
    path = write(tmp_path, "range.toml", mutate(MINIMAL, old, new))
    assert_invalid(capsys, path, [(key(path, keypath), fragments)])


def test_total_above_800(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A top-level total above the rubric's 800 is one problem at 'total'."""
    text = mutate(
        MINIMAL,
        'rubric = "kommunkompassen-2010"\n',
        'rubric = "kommunkompassen-2010"\ntotal = 801\n',
    )
    path = write(tmp_path, "total.toml", text)
    assert_invalid(capsys, path, [(key(path, "total"), ["800", "found 801"])])


# -- NaN and infinity ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "keypath", "found"),
    [
        (
            '"1.1" = { percent = 70 }',
            '"1.1" = { percent = nan }',
            'scores."1.1".percent',
            "found NaN",
        ),
        (
            '"1.2" = { points = 16 }',
            '"1.2" = { points = inf }',
            'scores."1.2".points',
            "found infinity",
        ),
        ('"2" = 80', '"2" = -inf', 'area_scores."2"', "found -infinity"),
    ],
    ids=["nan", "inf", "-inf"],
)
def test_nan_infinity_toml(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    old: str,
    new: str,
    keypath: str,
    found: str,
) -> None:
    """TOML nan and inf are one problem each at their key path."""
    path = write(tmp_path, "nan.toml", mutate(MINIMAL, old, new))
    assert_invalid(capsys, path, [(key(path, keypath), [found])])


@pytest.mark.parametrize(
    ("old", "new", "keypath", "found"),
    [
        ('"percent": 70', '"percent": NaN', 'scores."1.1".percent', "found NaN"),
        ('"points": 16', '"points": Infinity', 'scores."1.2".points', "found infinity"),
        ('"2": 80', '"2": -Infinity', 'area_scores."2"', "found -infinity"),
    ],
    ids=["NaN", "Infinity", "-Infinity"],
)
def test_nan_infinity_json(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    old: str,
    new: str,
    keypath: str,
    found: str,
) -> None:
    """JSON NaN and Infinity are one problem each at their key path."""
    path = write(tmp_path, "nan.json", mutate(minimal_json(), old, new))
    assert_invalid(capsys, path, [(key(path, keypath), [found])])


# -- scored twice --------------------------------------------------------------------


def test_points_and_percent(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A question with both points and percent is one problem at the question."""
    text = mutate(MINIMAL, '"1.1" = { percent = 70 }', '"1.1" = { points = 10, percent = 70 }')
    path = write(tmp_path, "both.toml", text)
    assert_invalid(capsys, path, [(key(path, 'scores."1.1"'), ["points", "percent"])])


def test_question_scores_and_area_score(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Question scores plus an area score for area 1 is one problem pointing to [stated.areas]."""
    path = write(tmp_path, "area-twice.toml", mutate(MINIMAL, '"2" = 80', '"1" = 70\n"2" = 80'))
    assert_invalid(capsys, path, [(key(path, 'area_scores."1"'), ["[stated.areas]"])])


def test_total_with_every_area_scored(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A top-level total with every area scored is one problem pointing to [stated]."""
    example = EXAMPLE.read_text("utf-8")
    text = mutate(
        example,
        'rubric = "kommunkompassen-2010"\n',
        'rubric = "kommunkompassen-2010"\ntotal = 650\n',
    )
    path = write(tmp_path, "total-twice.toml", text)
    assert_invalid(capsys, path, [(key(path, "total"), ["[stated]"])])


# -- dates ---------------------------------------------------------------------------


def test_date_that_does_not_exist_toml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A TOML date 2015-02-30 is one problem at the line and column of the date."""
    text = mutate(MINIMAL, "date = 2015-10-01", "date = 2015-02-30")
    path = write(tmp_path, "date.toml", text)
    line, column = locate(text, "2015-02-30")
    assert_invalid(capsys, path, [(at(path, line, column), ["date", "2015-02-30"])])


@pytest.mark.parametrize(
    "value", ["2015-13", "2015-02-30", "2015-00", "2015-10-01T10:00:00", "den 1 oktober", ""]
)
def test_date_string_that_does_not_exist(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    """A date text that is not a date that exists is one problem at evaluation.date."""
    text = mutate(MINIMAL, "date = 2015-10-01", f'date = "{value}"')
    path = write(tmp_path, "date.toml", text)
    assert_invalid(capsys, path, [(key(path, "evaluation.date"), [f'found "{value}"'])])


def test_toml_datetime_is_not_a_date(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A TOML date-time where a date goes is one problem at evaluation.date."""
    text = mutate(MINIMAL, "date = 2015-10-01", "date = 2015-10-01T10:00:00")
    path = write(tmp_path, "datetime.toml", text)
    assert_invalid(capsys, path, [(key(path, "evaluation.date"), ["2015-10-01T10:00:00"])])


# -- missing and unknown keys ---------------------------------------------------------


def test_missing_subject(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file without [subject] is one problem naming the missing key."""
    text = mutate(MINIMAL, '[subject]\nname = "Örebro kommun"\nkind = "municipality"\n', "")
    path = write(tmp_path, "no-subject.toml", text)
    assert_invalid(capsys, path, [(file_level(path), ["subject", "top level"])])


@pytest.mark.parametrize(
    ("old", "table", "missing"),
    [
        ('name = "Örebro kommun"\n', "subject", "name"),
        ("date = 2015-10-01\n", "evaluation", "date"),
    ],
    ids=["subject.name", "evaluation.date"],
)
def test_missing_nested_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], old: str, table: str, missing: str
) -> None:
    """A table without a required key is one problem at that table naming the key."""
    path = write(tmp_path, "missing.toml", mutate(MINIMAL, old, ""))
    assert_invalid(capsys, path, [(key(path, table), [missing])])


def test_missing_rubric(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file without a rubric is one problem naming the missing key."""
    path = write(
        tmp_path, "no-rubric.toml", mutate(MINIMAL, 'rubric = "kommunkompassen-2010"\n', "")
    )
    assert_invalid(capsys, path, [(file_level(path), ["rubric", "top level"])])


def test_unknown_top_level_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A typo 'area_score' is one problem at that key naming the known keys."""
    path = write(tmp_path, "typo.toml", mutate(MINIMAL, "[area_scores]", "[area_score]"))
    assert_invalid(capsys, path, [(key(path, "area_score"), ["area_scores", "found area_score"])])


def test_misspelt_nested_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A misspelt subject.name is two problems: name missing and 'nmae' unknown."""
    path = write(tmp_path, "nmae.toml", mutate(MINIMAL, 'name = "Örebro', 'nmae = "Örebro'))
    assert_invalid(
        capsys,
        path,
        [(key(path, "subject"), ["name"]), (key(path, "subject.nmae"), ["found nmae"])],
    )


def test_x_keys_are_accepted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Keys starting with 'x-' are accepted at the top level and in tables."""
    text = mutate(
        MINIMAL,
        'rubric = "kommunkompassen-2010"\n',
        'rubric = "kommunkompassen-2010"\nx-note = "mine"\n',
    )
    text = mutate(text, 'kind = "municipality"\n', 'kind = "municipality"\nx-id = 42\n')
    text += '\n[x-tool]\nanything = [1, "two", { three = 3 }]\n'
    assert_valid(capsys, write(tmp_path, "x.toml", text))


# -- files that cannot be read --------------------------------------------------------


def test_file_too_large(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file above KOMPASS_MAX_FILE_BYTES is refused with a message naming the limit."""
    monkeypatch.setenv("KOMPASS_MAX_FILE_BYTES", "1000")
    path = write(tmp_path, "large.toml", EXAMPLE.read_text("utf-8"))
    size = path.stat().st_size
    assert size > 1000
    assert_invalid(capsys, path, [(file_level(path), ["1000", str(size)])])
    assert_valid(capsys, write(tmp_path, "small.toml", MINIMAL))


def test_invalid_size_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bad KOMPASS_MAX_FILE_BYTES is one clear problem and exit 1, not an internal error."""
    monkeypatch.setenv("KOMPASS_MAX_FILE_BYTES", "lots")
    path = write(tmp_path, "minimal.toml", MINIMAL)
    for command in COMMANDS:
        result = run(capsys, command, str(path))
        assert result.code == 1
        assert "Traceback" not in result.out + result.err
        lines = (result.out if command == "validate" else result.err).splitlines()
        assert len(lines) == 1, lines
        assert "KOMPASS_MAX_FILE_BYTES" in lines[0]
        assert re.search(r"\bexpected\b.*\bfound 'lots'", lines[0]), lines[0]


def test_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A directory given as FILE is one problem naming it."""
    path = tmp_path / "evaluations.toml"
    path.mkdir()
    assert_invalid(capsys, path, [(file_level(path), ["directory"])])


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file that does not exist is one problem naming it."""
    path = tmp_path / "nowhere.toml"
    assert_invalid(capsys, path, [(file_level(path), ["no such file"])])


def test_unreadable_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file without read permission is one problem naming it."""
    path = write(tmp_path, "secret.toml", MINIMAL)
    path.chmod(0)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # root reads a file of mode 000 anyway: let opening it fail as it would for others.
        from kompass_core import _reading

        def refuse(name: str, *args: object, **kwargs: object) -> object:
            raise PermissionError(13, "Permission denied", name)

        monkeypatch.setattr(_reading, "open", refuse, raising=False)
    try:
        assert_invalid(capsys, path, [(file_level(path), ["permission"])])
    finally:
        path.chmod(0o644)


# -- several problems in one file ------------------------------------------------------


def test_several_schema_problems(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Three bad question scores are three lines, one per question."""
    text = mutate(MINIMAL, '"1.1" = { percent = 70 }', '"1.1" = { percent = 170 }')
    text = mutate(
        text, '"1.2" = { points = 16 }', '"1.2" = { points = -1 }\n"1.3" = { percent = "x" }'
    )
    path = write(tmp_path, "three.toml", text)
    assert_invalid(
        capsys,
        path,
        [
            (key(path, 'scores."1.1".percent'), ["found 170"]),
            (key(path, 'scores."1.2".points'), ["found -1"]),
            (key(path, 'scores."1.3".percent'), ['found "x"']),
        ],
    )


def test_several_rubric_problems(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown question, points above the max and an unknown area are three lines."""
    text = mutate(
        MINIMAL, '"1.1" = { percent = 70 }', '"1.1" = { points = 16 }\n"1.9" = { percent = 5 }'
    )
    text = mutate(text, '"2" = 80', '"2" = 80\n"9" = 5')
    path = write(tmp_path, "three.toml", text)
    assert_invalid(
        capsys,
        path,
        [
            (key(path, 'scores."1.1".points'), ["found 16"]),
            (key(path, 'scores."1.9"'), ["found '1.9'"]),
            (key(path, 'area_scores."9"'), ["found '9'"]),
        ],
    )


def test_schema_and_rubric_problems_together(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bad percent, an unknown question and points above the max are all reported."""
    text = mutate(
        MINIMAL, '"1.1" = { percent = 70 }', '"1.1" = { percent = 170 }\n"1.9" = { percent = 5 }'
    )
    text = mutate(text, '"1.2" = { points = 16 }', '"1.2" = { points = 21 }')
    path = write(tmp_path, "mixed.toml", text)
    assert_invalid(
        capsys,
        path,
        [
            (key(path, 'scores."1.1".percent'), ["found 170"]),
            (key(path, 'scores."1.9"'), ["found '1.9'"]),
            (key(path, 'scores."1.2".points'), ["found 21"]),
        ],
    )


def test_validate_good_and_bad(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """validate good.toml bad.toml reports the bad one, says the good one is valid, exits 1."""
    good = write(tmp_path, "good.toml", MINIMAL)
    bad = write(tmp_path, "bad.toml", mutate(MINIMAL, '"1.2"', '"1.9"'))
    result = run(capsys, "validate", str(good), str(bad))
    assert result.code == 1
    assert "Traceback" not in result.out + result.err
    lines = result.out.splitlines()
    assert f"{good}: valid" in lines
    problems = [line for line in lines if line != f"{good}: valid"]
    check_lines(bad, problems, [(key(bad, 'scores."1.9"'), ["found '1.9'"])])
    assert result.err == "2 files: 1 valid, 1 invalid\n"


# -- wrong usage -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["score"],
        ["validate"],
        ["frobnicate"],
        [],
        ["score", "--format", "xml", "f.toml"],
        ["validate", "--frobnicate", "f.toml"],
        ["migrate", "a.toml", "b.toml", "--to", "kommunkompassen-2016"],
    ],
    ids=[
        "score-no-file",
        "validate-no-file",
        "unknown-command",
        "no-command",
        "bad-format",
        "unknown-option",
        "migrate-two-files-to-stdout",
    ],
)
def test_usage_errors(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    """Wrong usage exits 2 with a usage message and no traceback."""
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    assert "usage:" in captured.err


# -- the installed console script --------------------------------------------------------


def test_console_script_on_bad_file(tmp_path: Path) -> None:
    """The real 'kompass' script exits 1 on a bad file with one clear line and no traceback."""
    script = Path(sys.executable).parent / "kompass"
    if not script.exists():
        found = shutil.which("kompass")
        assert found, "the kompass console script is not installed"
        script = Path(found)
    bad = write(tmp_path, "bad.toml", mutate(MINIMAL, '"1.2"', '"1.9"'))
    for command in COMMANDS:
        result = subprocess.run(
            [str(script), command, str(bad)], capture_output=True, text=True, timeout=60
        )
        assert "Traceback" not in result.stdout + result.stderr
        assert result.returncode == 1, result.stdout + result.stderr
        lines = (result.stdout if command == "validate" else result.stderr).splitlines()
        check_lines(bad, lines, [(key(bad, 'scores."1.9"'), ["found '1.9'"])])


@pytest.mark.parametrize(
    ("name", "content", "found"),
    [
        ("huge.toml", "total = 1e9999999999999999999999\n", "1e9999999999999999999999"),
        ("long.json", '{"total": ' + "1" * 5000 + "}", "an integer"),
        ("tiny.toml", MINIMAL.replace('"2" = 80', '"2" = 1e-999999999'), "1e-999999999"),
    ],
)
def test_unreasonable_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: str, found: str
) -> None:
    """Absurdly large or precise numbers are one clear problem, not an internal error."""
    path = write(tmp_path, name, content)
    assert_invalid(capsys, path, [(file_level(path), ["unreasonable number", found])])


def test_lone_surrogate_in_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A JSON \\ud800 escape (not valid Unicode) is reported at its key path."""
    text = json.dumps(tomllib.loads(MINIMAL.replace("2015-10-01", '"2015-10-01"')))
    path = write(tmp_path, "s.json", text.replace("Lars Strid", "Lars \\ud800"))
    assert_invalid(capsys, path, [(key(path, "evaluation.evaluators[0]"), ["surrogate"])])


def test_bad_keys_do_not_hide_other_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A malformed key is reported at its own path, and the table's other problems too."""
    text = mutate(
        MINIMAL, '"1.2" = { points = 16 }', '"1" = { points = 16 }\n"1.9" = { percent = 5 }'
    )
    path = write(tmp_path, "keys.toml", text)
    assert_invalid(
        capsys,
        path,
        [
            (key(path, 'scores."1"'), ["invalid key", "question id"]),
            (key(path, 'scores."1.9"'), ["unknown question"]),
        ],
    )


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("a.json", "x = 1", "json"),
        ("A.TOML", "{}", "toml"),
        ("..json", "x = 1", "json"),  # a suffix, as pathlib sees it
        (".json", "x = 1", "toml"),  # a hidden file's whole name, no suffix
        ("dir.json/file", "x = 1", "toml"),
        ("file.", '{"a": 1}', "json"),  # no suffix: the text decides
        ("file", "  {", "json"),
    ],
)
def test_the_format_is_told_by_the_suffix_else_by_the_text(
    name: str, text: str, expected: str
) -> None:
    """.json and .toml (any case) decide; without either, text starting with { is JSON."""
    from kompass_core._reading import detect_format

    assert detect_format(name, text) == expected
