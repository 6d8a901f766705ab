"""`kompass migrations check|list`: every broken migration file is reported as
located lines (``file: keypath: message``), never a traceback; ``--rubric``
checks a migration to a rubric that is not installed yet; a plugin's broken,
draft or duplicate migration is reported and the rest still load; and the
shipped migrations pass.

The broken files are the shipped migrations with one thing changed: 2010 → 2016
for question rules, 2016 → 2020 for area rules, pre-2010 → 2010 for the total.
"""

from __future__ import annotations

import json
import tomllib
import types
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import kompass_core as kompass
from kompass_core import _plugins
from kompass_core.cli import main

from .conftest import REPO

MIGRATIONS = REPO / "rubrics" / "migrations"
SHIPPED = sorted(MIGRATIONS.glob("*.toml"))
QUESTIONS = (MIGRATIONS / "kommunkompassen-2010-to-2016.toml").read_text("utf-8")
AREAS = (MIGRATIONS / "kommunkompassen-2016-to-2020.toml").read_text("utf-8")
TOTAL = (MIGRATIONS / "kommunkompassen-pre2010-to-2010.toml").read_text("utf-8")
BASES = {"questions": QUESTIONS, "areas": AREAS, "total": TOTAL}

INSTALLED = (
    "kommunkompassen-2010, kommunkompassen-2016, kommunkompassen-2020, "
    "kommunkompassen-pre2010, regionkompassen-2014"
)
FP_2010 = kompass.get_rubric("kommunkompassen-2010").fingerprint
FP_2016 = kompass.get_rubric("kommunkompassen-2016").fingerprint
STALE = "sha256:" + "0" * 64
SHIPPED_PAIRS = {
    ("kommunkompassen-2010", "kommunkompassen-2016"),
    ("kommunkompassen-2016", "kommunkompassen-2010"),
    ("kommunkompassen-2016", "kommunkompassen-2020"),
    ("kommunkompassen-pre2010", "kommunkompassen-2010"),
    ("kommunkompassen-2010", "kommunkompassen-pre2010"),
    ("kommunkompassen-2010", "regionkompassen-2014"),
    ("regionkompassen-2014", "kommunkompassen-2010"),
}

# Rules of the 2010 → 2016 migration, by lines that occur once in it.
R11 = 'source = ["1.1"]\ntarget = ["1.1"]\nmethod = "copy"\nrelation = "equal"\n'
R46 = 'source = ["4.6"]\ntarget = ["4.6"]\n'
R23 = 'source = ["2.3"]\ntarget = ["2.3"]\nmethod = "rescale"\n'
R24 = 'source = ["2.4"]\nmethod = "drop"\nrelation = "dropped"\n'
R25 = 'source = ["2.5"]\ntarget = ["2.4"]\nmethod = "rescale"\n'
R26 = 'source = ["2.6"]\ntarget = ["2.5"]\n'
R72 = 'target = ["7.2"]\nmethod = "new"\nrelation = "new"\nestimate = "area-mean"\n'
R75 = 'source = ["7.5"]\nmethod = "drop"\nrelation = "dropped"\n'
R86 = 'source = ["8.6"]\ntarget = ["8.6", "8.7"]\nmethod = "split"\n'
# Of the 2016 → 2020 migration.
A82 = 'source = ["8"]\ntarget = ["2"]\n'
AREA_RULE = '\n[[areas]]\nsource = ["1"]\ntarget = ["1"]\nmethod = "copy"\nrelation = "related"\n'
# Of the pre-2010 → 2010 migration.
SHIFT = 'method = "shift"\nrelation = "related"\nshift = [-100, -80]\n'

UNRESOLVED = (
    "unresolved todo: expected the decision made and the todo removed, or draft = true "
    "at the top, found a todo"
)
RULE_KEYS = (
    "source, target, method, relation, spread, estimate, percent, range, note, todo "
    "(or a key starting with 'x-')"
)


def _not_accounted(side: str, level: str, rubric: str, missing: str) -> str:
    remedy = "method new" if side == "target" else "method drop"
    return (
        f"{level}s: {side} {level}s not accounted for: expected a rule for every {level} of "
        f"{rubric} ({remedy} if it has no counterpart), found none for {missing}"
    )


def _unknown_rubric(key: str, found: str) -> str:
    return f"{key}: unknown rubric: expected an installed rubric ({INSTALLED}), found {found!r}"


@dataclass(frozen=True)
class Case:
    """A shipped migration with edits: each ``(old, new)`` replaces text that
    occurs exactly once; ``remove`` drops the rules starting with those lines;
    ``append`` is added at the end."""

    base: str
    expected: tuple[str, ...]  # every line after "FILE: "
    edits: tuple[tuple[str, str], ...] = ()
    remove: tuple[str, ...] = ()
    append: str = ""

    def text(self) -> str:
        text = BASES[self.base]
        for old, new in self.edits:
            assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
            text = text.replace(old, new)
        for first in self.remove:
            header = ("[[areas]]\n" if self.base == "areas" else "[[questions]]\n") + first
            assert text.count(header) == 1, f"{header!r} occurs {text.count(header)} times"
            start = text.index(header)
            end = text.find("\n[", start)
            text = text[:start] + (text[end + 1 :] if end != -1 else "")
        return text + self.append


def _after(old: str, extra: str) -> tuple[str, str]:
    """An edit adding ``extra`` lines after ``old``."""
    return (old, old + extra)


CASES: dict[str, Case] = {
    # -- the two rubrics ------------------------------------------------------
    "unknown-target-rubric": Case(
        "questions",
        (_unknown_rubric("target", "kommunkompassen-2026"),),
        (('target = "kommunkompassen-2016"', 'target = "kommunkompassen-2026"'),),
    ),
    "unknown-source-rubric": Case(
        "questions",
        (_unknown_rubric("source", "kommunkompassen-2011"),),
        (('source = "kommunkompassen-2010"', 'source = "kommunkompassen-2011"'),),
    ),
    "malformed-rubric-id": Case(
        "questions",
        (
            "target: expected a rubric id of lower-case letters, digits, '.' and '-', such as "
            "'kommunkompassen-2010', found \"Kommunkompassen 2016\"",
        ),
        (('target = "kommunkompassen-2016"', 'target = "Kommunkompassen 2016"'),),
    ),
    "source-is-target": Case(
        "questions",
        ("target: expected a rubric other than the source, found 'kommunkompassen-2010'",),
        (('target = "kommunkompassen-2016"', 'target = "kommunkompassen-2010"'),),
    ),
    # -- question ids ---------------------------------------------------------
    "unknown-source-question": Case(
        "questions",
        (
            'questions[target="8.6"].source: unknown question: expected a question of '
            "kommunkompassen-2010, found '8.7'",
            _not_accounted("source", "question", "kommunkompassen-2010", "8.6"),
        ),
        ((R86, R86.replace('source = ["8.6"]', 'source = ["8.7"]')),),
    ),
    "unknown-target-question": Case(
        "questions",
        (
            'questions[target="2.6"].target: unknown question: expected a question of '
            "kommunkompassen-2016, found '2.6'",
            _not_accounted("target", "question", "kommunkompassen-2016", "2.5"),
        ),
        ((R26, 'source = ["2.6"]\ntarget = ["2.6"]\n'),),
    ),
    "source-question-in-two-rules": Case(
        "questions",
        (
            'questions[target="4.6"].source: source question 4.5 used twice: expected each '
            "question in one rule, found it also in rule 21",
            _not_accounted("source", "question", "kommunkompassen-2010", "4.6"),
        ),
        ((R46, 'source = ["4.5"]\ntarget = ["4.6"]\n'),),
    ),
    "target-question-without-rule": Case(
        "questions",
        (_not_accounted("target", "question", "kommunkompassen-2016", "7.2"),),
        remove=(R72,),
    ),
    "target-questions-without-rules-listed": Case(
        "questions",
        (
            _not_accounted("target", "question", "kommunkompassen-2016", "1.1, 7.2"),
            _not_accounted("source", "question", "kommunkompassen-2010", "1.1"),
        ),
        remove=(R72, R11),
    ),
    "source-question-not-accounted-for": Case(
        "questions",
        (_not_accounted("source", "question", "kommunkompassen-2010", "2.4"),),
        remove=(R24,),
    ),
    # -- how many sources and targets each method takes --------------------------
    "copy-with-two-sources": Case(
        "questions",
        (
            'questions[target="1.1"].source: method copy takes exactly 1 question as source, '
            "found 2",
        ),
        ((R11, R11.replace('source = ["1.1"]', 'source = ["1.1", "2.4"]')),),
        remove=(R24,),
    ),
    "split-with-one-target": Case(
        "questions",
        (
            'questions[target="8.6"].target: method split takes 2 or more questions as target, '
            "found 1",
        ),
        ((R86, R86.replace('["8.6", "8.7"]', '["8.6"]')),),
        append='\n[[questions]]\ntarget = ["8.7"]\nmethod = "new"\nrelation = "new"\n',
    ),
    "merge-with-one-source": Case(
        "questions",
        (
            'questions[target="1.1"].source: method merge takes 2 or more questions as source, '
            "found 1",
        ),
        ((R11, R11.replace('"copy"', '"merge"').replace('"equal"', '"merged"')),),
    ),
    "new-with-a-source": Case(
        "questions",
        (
            'questions[target="7.2"].source: method new takes exactly 0 questions as source, '
            "found 1",
        ),
        ((R72, 'source = ["7.5"]\n' + R72),),
        remove=(R75,),
    ),
    "drop-with-a-target": Case(
        "questions",
        (
            'questions[target="7.2"].target: method drop takes exactly 0 questions as target, '
            "found 1",
        ),
        ((R75, R75.replace('source = ["7.5"]\n', 'source = ["7.5"]\ntarget = ["7.2"]\n')),),
        remove=(R72,),
    ),
    # -- methods, relations and their options ---------------------------------------
    "copy-between-different-maxima": Case(
        "questions",
        (
            'questions[target="2.4"].method: copy needs equal maxima: expected rescale, '
            "found source 2.5 with max 15 and target 2.4 with max 20",
        ),
        ((R25, R25.replace('"rescale"', '"copy"')),),
    ),
    "relation-new-without-method-new": Case(
        "questions",
        (
            'questions[target="1.1"].relation: expected relation new exactly for method new, '
            "found relation new with method copy",
        ),
        ((R11, R11.replace('"equal"', '"new"')),),
    ),
    "method-new-without-relation-new": Case(
        "questions",
        (
            'questions[target="7.2"].relation: expected relation new exactly for method new, '
            "found relation related with method new",
        ),
        ((R72, R72.replace('relation = "new"', 'relation = "related"')),),
    ),
    "method-drop-without-relation-dropped": Case(
        "questions",
        (
            'questions[source="2.4"].relation: expected relation dropped exactly for method '
            "drop, found relation related with method drop",
        ),
        ((R24, R24.replace('"dropped"', '"related"')),),
    ),
    "relation-dropped-without-method-drop": Case(
        "questions",
        (
            'questions[target="1.1"].relation: expected relation dropped exactly for method '
            "drop, found relation dropped with method copy",
        ),
        ((R11, R11.replace('"equal"', '"dropped"')),),
    ),
    "estimate-on-copy": Case(
        "questions",
        ('questions[target="1.1"].estimate: expected estimate only with method new, found it',),
        (_after(R11, 'estimate = "area-mean"\n'),),
    ),
    "percent-on-copy": Case(
        "questions",
        ('questions[target="1.1"].percent: expected percent only with method new, found it',),
        (_after(R11, "percent = 50\n"),),
    ),
    "range-on-drop": Case(
        "questions",
        ('questions[source="2.4"].range: expected range only with method new, found it',),
        (_after(R24, "range = [0, 50]\n"),),
    ),
    "fixed-estimate-without-percent": Case(
        "questions",
        (
            'questions[target="7.2"]: missing key: expected percent for estimate = fixed, '
            "found none",
        ),
        ((R72, R72.replace('"area-mean"', '"fixed"')),),
    ),
    "percent-without-fixed-estimate": Case(
        "questions",
        ('questions[target="7.2"].percent: expected percent only with estimate = fixed, found it',),
        (_after(R72, "percent = 50\n"),),
    ),
    "percent-outside-range": Case(
        "questions",
        ('questions[target="7.2"].percent: expected a percent inside the range 0–50, found 80',),
        ((R72, R72.replace('"area-mean"', '"fixed"') + "percent = 80\nrange = [0, 50]\n"),),
    ),
    "range-low-above-high": Case(
        "questions",
        ('questions[target="7.2"].range: expected [low, high] with low <= high, found [60, 40]',),
        (_after(R72, "range = [60, 40]\n"),),
    ),
    "spread-on-new": Case(
        "questions",
        (
            'questions[target="7.2"].spread: expected no spread with method new (a new '
            "value's range is given by range), found it",
        ),
        (_after(R72, "spread = 5\n"),),
    ),
    "spread-on-drop": Case(
        "questions",
        ('questions[source="2.4"].spread: expected no spread with method drop, found it',),
        (_after(R24, "spread = 5\n"),),
    ),
    # -- levels a rubric does not have --------------------------------------------
    "question-rules-to-2020": Case(
        "areas",
        (
            "questions: question rules for a rubric without questions: expected none, since "
            "kommunkompassen-2020 has no published questions; found 1",
        ),
        append=f"\n[[questions]]\n{R11}",
    ),
    "area-rules-from-pre2010": Case(
        "total",
        (
            "areas: area rules for a rubric without areas: expected none, since "
            "kommunkompassen-pre2010 has no published areas; found 1",
        ),
        append=AREA_RULE,
    ),
    # -- area rules -------------------------------------------------------------
    "source-area-in-two-rules": Case(
        "areas",
        (
            'areas[target="2"].source: source area 1 used twice: expected each area in one '
            "rule, found it also in rule 1",
            _not_accounted("source", "area", "kommunkompassen-2016", "8"),
        ),
        ((A82, 'source = ["1"]\ntarget = ["2"]\n'),),
    ),
    "area-rule-missing": Case(
        "areas",
        (
            _not_accounted("target", "area", "kommunkompassen-2020", "2"),
            _not_accounted("source", "area", "kommunkompassen-2016", "8"),
        ),
        remove=(A82,),
    ),
    # -- total rules ------------------------------------------------------------
    "shift-low-above-high": Case(
        "total",
        ("total.shift: expected [low, high] with low <= high, found [-80, -100]",),
        (("shift = [-100, -80]", "shift = [-80, -100]"),),
    ),
    "shift-with-method-rescale": Case(
        "areas",
        ("total.shift: expected shift only with method = shift, found it",),
        (_after('[total]\nmethod = "rescale"\n', "shift = [-10, 10]\n"),),
    ),
    "rescale-without-a-max": Case(
        "total",
        (
            "total.method: expected shift, since rescale needs both maxima, found rescale and "
            "kommunkompassen-pre2010 has no known max",
        ),
        ((SHIFT, 'method = "rescale"\nrelation = "related"\n'),),
    ),
    "total-method-unknown": Case(
        "total",
        (
            "total.method: expected a total method: rescale (keep the share of max) or shift "
            '(add points), found "copy"',
        ),
        (('method = "shift"', 'method = "copy"'),),
    ),
    # -- todos ------------------------------------------------------------------
    "todo-without-draft": Case(
        "questions",
        (f'questions[target="1.1"].todo: {UNRESOLVED}',),
        (_after(R11, 'todo = "check the wording"\n'),),
    ),
    "total-todo-without-draft": Case(
        "total",
        (f"total.todo: {UNRESOLVED}",),
        (_after(SHIFT, 'todo = "SKL says roughly; decide the range"\n'),),
    ),
    # -- schema: keys and types ------------------------------------------------------
    "unknown-key-in-rule": Case(
        "questions",
        (f'questions[target="1.1"].spred: unknown key: expected one of {RULE_KEYS}, found spred',),
        (_after(R11, "spred = 10\n"),),
    ),
    "unknown-top-level-key": Case(
        "questions",
        (
            'rubric: unknown key: expected one of "$schema", source, target, version, '
            "source_fingerprint, target_fingerprint, draft, name, note, source_of_decisions, "
            "questions, areas, total (or a key starting with 'x-'), found rubric",
        ),
        (_after('version = "1"\n', 'rubric = "kommunkompassen-2016"\n'),),
    ),
    "changed-target-rubric": Case(
        "questions",
        (
            "target_fingerprint: rubric changed since the rules were decided: expected "
            f'"{FP_2016}" (kommunkompassen-2016 as loaded), found "{STALE}"; maxima, '
            "weights, levels or rounding differ: check the rules against kompass rubrics diff, "
            "then update target_fingerprint",
        ),
        ((f'target_fingerprint = "{FP_2016}"', f'target_fingerprint = "{STALE}"'),),
    ),
    "malformed-fingerprint": Case(
        "questions",
        (
            'source_fingerprint: expected a fingerprint such as "sha256:" and 64 hex digits '
            '(see kompass rubrics show), found "e52d2d05"',
        ),
        ((f'source_fingerprint = "{FP_2010}"', 'source_fingerprint = "e52d2d05"'),),
    ),
    "missing-version": Case(
        "questions",
        ("missing key: expected version in the top level, found none",),
        (('version = "1"\n', ""),),
    ),
    "missing-relation": Case(
        "questions",
        (
            'questions[target="1.1"]: missing key: expected relation in '
            'questions[target="1.1"], found none',
        ),
        ((R11, R11.replace('relation = "equal"\n', "")),),
    ),
    "version-not-a-text": Case(
        "questions",
        ('version: expected the version of this migration as a string, such as "1", found 1',),
        (('version = "1"', "version = 1"),),
    ),
    "draft-not-a-boolean": Case(
        "questions",
        ('draft: expected true or false, found "yes"',),
        (_after('version = "1"\n', 'draft = "yes"\n'),),
    ),
    "source-not-a-list": Case(
        "questions",
        ('questions[target="1.1"].source: expected a list, found "1.1"',),
        ((R11, R11.replace('["1.1"]\ntarget', '"1.1"\ntarget')),),
    ),
    "question-id-not-a-text": Case(
        "questions",
        (
            'questions[target="1.1"].source[0]: expected a question id of the form '
            "'<area>.<n>', such as '1.1', found 1.1",
        ),
        ((R11, R11.replace('["1.1"]\ntarget', "[1.1]\ntarget")),),
    ),
    "unknown-method": Case(
        "questions",
        (
            'questions[target="1.1"].method: expected a method: copy, rescale, merge, split, '
            'new or drop, found "copie"',
        ),
        ((R11, R11.replace('"copy"', '"copie"')),),
    ),
    "spread-not-a-number": Case(
        "questions",
        ('questions[target="2.5"].spread: expected a percentage from 0 to 100, found "10"',),
        (('spread = 10\nnote = "Widened', 'spread = "10"\nnote = "Widened'),),
    ),
    "spread-above-100": Case(
        "questions",
        (
            'questions[target="2.5"].spread: out of range: expected a percentage from 0 to '
            "100, found 120",
        ),
        (('spread = 10\nnote = "Widened', 'spread = 120\nnote = "Widened'),),
    ),
    "questions-not-a-list": Case(
        "total",
        ("questions: expected a list, found a table",),
        append='\n[questions]\nsource = ["1.1"]\n',
    ),
}

# Lines without the "found" part of the documented form (README: "Every
# problem is one line naming ... what was expected and what was found").
NO_FOUND = {
    "copy-between-different-maxima": "copy-maxima message has no 'found' part",
    "rescale-without-a-max": "rescale-without-max message has no 'found' part",
}


def _write(tmp_path: Path, text: str, name: str = "migration.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert "internal error" not in err
    return code, out, err


@pytest.mark.parametrize("name", list(CASES))
def test_broken_migration_is_located(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The API returns exactly the expected problems; the CLI prints them, one
    line each on stdout, and exits 1."""
    case = CASES[name]
    path = _write(tmp_path, case.text())
    expected = sorted(f"{path}: {line}" for line in case.expected)
    problems = kompass.check_migration(path)
    assert sorted(str(p) for p in problems) == expected
    assert all(p.severity == "error" and p.file == str(path) for p in problems)
    code, out, err = _run(["migrations", "check", str(path)], capsys)
    assert code == 1
    assert sorted(out.splitlines()) == expected
    assert err == ""
    with pytest.raises(kompass.InvalidInputError) as caught:
        kompass.load_migration(path)
    assert sorted(str(p) for p in caught.value.problems) == expected


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(
            name,
            marks=(),
        )
        for name in CASES
    ],
)
def test_every_line_says_expected_and_found(name: str, tmp_path: Path) -> None:
    """As the README promises, each problem says what was found (after what was
    expected, or after what a method takes)."""
    path = _write(tmp_path, CASES[name].text())
    for problem in kompass.check_migration(path):
        assert ", found " in problem.message or "; found " in problem.message, str(problem)


@pytest.mark.parametrize("base", list(BASES))
def test_unchanged_bases_check_clean(base: str, tmp_path: Path) -> None:
    """The unchanged base files have no problem at all."""
    assert kompass.check_migration(_write(tmp_path, BASES[base])) == []


def test_copy_between_maxima_with_equal_ids_names_the_sides(tmp_path: Path) -> None:
    """With the same id on both sides, the message must say which 2.3 has which max."""
    path = _write(tmp_path, QUESTIONS.replace(R23, R23.replace('"rescale"', '"copy"')))
    (problem,) = kompass.check_migration(path)
    assert problem.path == 'questions[target="2.3"].method'
    assert problem.message.startswith("copy needs equal maxima: expected rescale")
    message = problem.message
    assert (
        "source 2.3" in message and "target 2.3" in message
    ) or "kommunkompassen-2010" in message, message


def test_shift_without_values_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """method = shift without shift = [low, high] is one error at the total."""
    path = _write(tmp_path, TOTAL.replace("shift = [-100, -80]\n", ""))
    (problem,) = kompass.check_migration(path)
    assert problem.severity == "error"
    assert str(problem).startswith(
        f"{path}: total: missing key: expected shift = [low, high] for method shift"
    )
    code, out, _ = _run(["migrations", "check", str(path)], capsys)
    assert code == 1
    assert out == f"{problem}\n"


def test_shift_without_values_says_found_none(tmp_path: Path) -> None:
    path = _write(tmp_path, TOTAL.replace("shift = [-100, -80]\n", ""))
    assert [str(p) for p in kompass.check_migration(path)] == [
        f"{path}: total: missing key: expected shift = [low, high] for method shift, found none"
    ]


def test_shift_with_one_value(tmp_path: Path) -> None:
    path = _write(tmp_path, TOTAL.replace("shift = [-100, -80]", "shift = [-90]"))
    (problem,) = kompass.check_migration(path)
    assert problem.path == "total.shift"
    assert problem.message in (
        "expected [low, high] points to add, such as [-100, -80], found [-90]",
        "expected [low, high] points to add, such as [-100, -80], found 1 item",
        "expected [low, high] points to add, such as [-100, -80], found a list of 1 item",
        "expected [low, high] points to add, such as [-100, -80], found a list of 1",
    )


@pytest.mark.parametrize(
    ("base", "old", "new", "where"),
    [
        ("total", "shift = [-100, -80]", "shift = [-100, -90, -80]", "total.shift"),
        ("questions", R72, R72 + "range = [0, 50, 100]\n", 'questions[target="7.2"].range'),
    ],
    ids=["shift", "range"],
)
def test_list_too_long(base: str, old: str, new: str, where: str, tmp_path: Path) -> None:
    path = _write(tmp_path, BASES[base].replace(old, new))
    (problem,) = kompass.check_migration(path)
    assert problem.path == where
    assert problem.message.startswith("expected [low, high]")
    assert "found" in problem.message


def test_unknown_area_reads_an_area(tmp_path: Path) -> None:
    path = _write(tmp_path, AREAS.replace(A82, 'source = ["8"]\ntarget = ["9"]\n'))
    assert sorted(str(p) for p in kompass.check_migration(path)) == sorted(
        [
            f'{path}: areas[target="9"].target: unknown area: expected an area of '
            "kommunkompassen-2020, found '9'",
            f"{path}: {_not_accounted('target', 'area', 'kommunkompassen-2020', '2')}",
        ]
    )


def test_unknown_area_is_located(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An area id the target lacks is named at its rule, and the area left out is listed."""
    path = _write(tmp_path, AREAS.replace(A82, 'source = ["8"]\ntarget = ["9"]\n'))
    lines = [str(p) for p in kompass.check_migration(path)]
    assert len(lines) == 2
    unknown, missing = lines
    assert unknown.startswith(f'{path}: areas[target="9"].target: unknown area: expected a')
    assert unknown.endswith(" area of kommunkompassen-2020, found '9'")
    assert missing == f"{path}: {_not_accounted('target', 'area', 'kommunkompassen-2020', '2')}"
    code, out, _ = _run(["migrations", "check", str(path)], capsys)
    assert code == 1
    assert out.splitlines() == lines


# -- syntax errors and JSON ------------------------------------------------------


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_toml_syntax_error_names_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unquoted value is reported at its line and column, nothing else."""
    text = QUESTIONS.replace(R24, R24.replace('"drop"', "drop"))
    path = _write(tmp_path, text)
    line = _line_of(text, "method = drop")
    expected = (
        f'{path}:{line}:10: TOML syntax error: expected a value (a number, "text", '
        "true/false, a date, [list] or {table}), found 'drop'"
    )
    assert [str(p) for p in kompass.check_migration(path)] == [expected]
    code, out, err = _run(["migrations", "check", str(path)], capsys)
    assert code == 1
    assert out == expected + "\n"
    assert err == ""


def test_toml_unterminated_string_names_line_and_column(tmp_path: Path) -> None:
    text = QUESTIONS.replace('version = "1"', 'version = "1', 1)
    path = _write(tmp_path, text)
    line = _line_of(text, 'version = "1')
    assert [str(p) for p in kompass.check_migration(path)] == [
        f"{path}:{line}:13: TOML syntax error: expected a closing quote or a printable "
        "character (illegal character '\\n'), found the end of the line"
    ]


def test_json_twin_is_checked_alike(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A JSON migration is valid when its TOML twin is, and the same break gives the same line."""
    data: dict[str, Any] = tomllib.loads(TOTAL)
    good = _write(tmp_path, json.dumps(data, ensure_ascii=False), "good.json")
    assert kompass.check_migration(good) == []
    data["total"]["shift"] = [-80, -100]
    bad = _write(tmp_path, json.dumps(data, ensure_ascii=False), "bad.json")
    expected = f"{bad}: total.shift: expected [low, high] with low <= high, found [-80, -100]"
    assert [str(p) for p in kompass.check_migration(bad)] == [expected]
    code, out, _ = _run(["migrations", "check", str(good), str(bad)], capsys)
    assert code == 1
    assert out.splitlines() == [f"{good}: valid", expected]


def test_json_syntax_error_is_located(tmp_path: Path) -> None:
    path = _write(tmp_path, '{\n  "source": "kommunkompassen-2010",\n  "target" ,\n}', "m.json")
    (problem,) = kompass.check_migration(path)
    assert (problem.file, problem.line, problem.column) == (str(path), 3, 12)
    assert problem.message.startswith("JSON syntax error: expected")


# -- drafts ----------------------------------------------------------------------

DRAFT = QUESTIONS.replace('version = "1"\n', 'version = "1"\ndraft = true\n').replace(
    R11, R11 + 'todo = "check the wording"\n'
)
DRAFT_WARNINGS = [
    "draft: warning: draft migration with 2 todo(s) left: it is not used until they are "
    "resolved and draft = true is removed",
    'questions[target="1.1"].todo: warning: todo: check the wording',
    'questions[source="2.4"].todo: warning: todo: find a 2016 counterpart',
]
DRAFT = DRAFT.replace(R24, R24 + 'todo = "find a 2016 counterpart"\n')


def test_draft_with_todos_is_valid_with_warnings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """draft = true turns every todo into a warning; the check exits 0."""
    path = _write(tmp_path, DRAFT)
    problems = kompass.check_migration(path)
    assert [str(p) for p in problems] == [f"{path}: {line}" for line in DRAFT_WARNINGS]
    assert {p.severity for p in problems} == {"warning"}
    code, out, err = _run(["migrations", "check", str(path)], capsys)
    assert code == 0
    assert out.splitlines() == [
        *(f"{path}: {line}" for line in DRAFT_WARNINGS),
        f"{path}: valid (3 warning(s))",
    ]
    assert err == ""
    assert kompass.load_migration(path).draft is True


def test_draft_with_an_error_still_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """draft = true excuses todos, not errors."""
    path = _write(tmp_path, DRAFT.replace(R25, R25.replace('"rescale"', '"copy"')))
    code, out, _ = _run(["migrations", "check", str(path)], capsys)
    assert code == 1
    lines = out.splitlines()
    assert f"{path}: " + DRAFT_WARNINGS[1] in lines
    errors = [line for line in lines if ": warning: " not in line]
    assert errors == [
        f'{path}: questions[target="2.4"].method: copy needs equal maxima: expected rescale, '
        "found source 2.5 with max 15 and target 2.4 with max 20"
    ]


def test_scaffold_is_a_draft_that_checks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A fresh scaffold between 2016 and 2020 is a draft: warnings only, exit 0."""
    out_file = tmp_path / "draft.toml"
    code, _, _ = _run(
        [
            "migrations",
            "scaffold",
            "kommunkompassen-2016",
            "kommunkompassen-2020",
            "-o",
            str(out_file),
        ],
        capsys,
    )
    assert code == 0
    problems = kompass.check_migration(out_file)
    assert problems
    assert {p.severity for p in problems} == {"warning"}
    code, out, _ = _run(["migrations", "check", str(out_file)], capsys)
    assert code == 0
    assert out.splitlines()[-1] == f"{out_file}: valid ({len(problems)} warning(s))"


# -- --rubric: a migration to a rubric that is not installed yet ---------------------


def _rubric_2026(tmp_path: Path) -> Path:
    text = (REPO / "rubrics" / "kommunkompassen-2016.toml").read_text("utf-8")
    old = 'id = "kommunkompassen-2016"'
    assert text.count(old) == 1
    return _write(tmp_path, text.replace(old, 'id = "kommunkompassen-2026"'), "kk-2026.toml")


def test_migration_to_an_uninstalled_rubric(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Unknown without --rubric (the message lists what is installed), valid with it."""
    rubric = _rubric_2026(tmp_path)
    assert _run(["rubrics", "check", str(rubric)], capsys)[0] == 0
    text = QUESTIONS.replace('target = "kommunkompassen-2016"', 'target = "kommunkompassen-2026"')
    path = _write(tmp_path, text)
    unknown = f"{path}: {_unknown_rubric('target', 'kommunkompassen-2026')}"

    assert [str(p) for p in kompass.check_migration(path)] == [unknown]
    code, out, err = _run(["migrations", "check", str(path)], capsys)
    assert (code, out, err) == (1, unknown + "\n", "")

    assert kompass.check_migration(path, rubrics=[kompass.load_rubric(rubric)]) == []
    code, out, err = _run(["migrations", "check", str(path), "--rubric", str(rubric)], capsys)
    assert (code, out, err) == (0, f"{path}: valid\n", "")
    migration = kompass.load_migration(path, rubrics=[kompass.load_rubric(rubric)])
    assert migration.id == "kommunkompassen-2010->kommunkompassen-2026"

    # --rubric does not excuse a broken migration to that rubric.
    broken = _write(tmp_path, text.replace(R24, R24.replace('"dropped"', '"related"')), "b.toml")
    code, out, _ = _run(["migrations", "check", str(broken), "--rubric", str(rubric)], capsys)
    assert code == 1
    assert out == (
        f'{broken}: questions[source="2.4"].relation: expected relation dropped exactly for '
        "method drop, found relation related with method drop\n"
    )


def test_broken_rubric_given_with_rubric_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A broken --rubric file is reported, located, with exit 1 and no traceback."""
    rubric = _write(tmp_path, "id = 3\n", "bad-rubric.toml")
    path = _write(tmp_path, TOTAL)
    code, out, err = _run(["migrations", "check", str(path), "--rubric", str(rubric)], capsys)
    assert code == 1
    assert out == ""
    lines = err.splitlines()
    assert lines
    assert all(line.startswith(f"{rubric}: ") for line in lines), err


# -- plugins ---------------------------------------------------------------------


def _plugin(name: str, *, rubrics: Sequence[Path] = (), migrations: Sequence[Path] = ()) -> Any:
    """A module-like plugin named ``name`` providing files."""
    module = types.ModuleType(name)
    if rubrics:

        @kompass.hookimpl
        def kompass_rubrics() -> list[Path]:
            return list(rubrics)

        module.kompass_rubrics = kompass_rubrics  # type: ignore[attr-defined]
    if migrations:

        @kompass.hookimpl
        def kompass_migrations() -> list[Path]:
            return list(migrations)

        module.kompass_migrations = kompass_migrations  # type: ignore[attr-defined]
    return module


def _rubrics_plugin() -> Any:
    return _plugin(
        "rubrics",
        rubrics=[REPO / "rubrics" / f"kommunkompassen-{y}.toml" for y in ("2010", "2016", "2020")],
    )


def _shipped_plugin() -> Any:
    return _plugin(
        "shipped",
        migrations=[
            MIGRATIONS / "kommunkompassen-2016-to-2010.toml",
            MIGRATIONS / "kommunkompassen-2016-to-2020.toml",
        ],
    )


OTHERS = {
    "kommunkompassen-2016->kommunkompassen-2010",
    "kommunkompassen-2016->kommunkompassen-2020",
}


def test_plugin_draft_migration_is_reported_and_not_used(tmp_path: Path) -> None:
    path = _write(tmp_path, DRAFT)
    registry = kompass.Registry.from_plugins(
        _rubrics_plugin(), _shipped_plugin(), _plugin("drafts", migrations=[path])
    )
    assert [str(p) for p in registry.problems] == [
        f"{path}: draft: plugin 'drafts': draft migration: expected a finished migration "
        "(draft = false and no todo), found draft = true; it is not used"
    ]
    assert {m.id for m in registry.migrations()} == OTHERS
    assert registry.migration("kommunkompassen-2010", "kommunkompassen-2016") is None
    assert registry.migration("kommunkompassen-2016", "kommunkompassen-2020") is not None


def test_plugin_broken_migration_is_reported_and_the_rest_load(tmp_path: Path) -> None:
    path = _write(tmp_path, QUESTIONS.replace(R25, R25.replace('"rescale"', '"copy"')))
    registry = kompass.Registry.from_plugins(
        _rubrics_plugin(), _plugin("broken", migrations=[path]), _shipped_plugin()
    )
    assert [str(p) for p in registry.problems] == [
        f"{path}: questions[target=\"2.4\"].method: plugin 'broken': copy needs equal maxima: "
        "expected rescale, found source 2.5 with max 15 and target 2.4 with max 20"
    ]
    assert {p.code for p in registry.problems} == {"plugin-data"}
    assert {m.id for m in registry.migrations()} == OTHERS
    assert registry.migration("kommunkompassen-2010", "kommunkompassen-2016") is None


def test_plugin_unreadable_migration_is_reported(tmp_path: Path) -> None:
    """A syntax error in a plugin's file names the plugin and the line."""
    path = _write(tmp_path, QUESTIONS.replace(R24, R24.replace('"drop"', "drop")))
    registry = kompass.Registry.from_plugins(
        _rubrics_plugin(), _plugin("typo", migrations=[path]), _shipped_plugin()
    )
    (problem,) = registry.problems
    line = _line_of(path.read_text("utf-8"), "method = drop")
    assert str(problem).startswith(f"{path}:{line}:10: plugin 'typo': TOML syntax error: ")
    assert {m.id for m in registry.migrations()} == OTHERS


def test_two_plugins_with_one_migration() -> None:
    """The same source and target from two plugins: one line naming both; that
    migration raises PluginError, the others load."""
    same = MIGRATIONS / "kommunkompassen-2010-to-2016.toml"
    registry = kompass.Registry.from_plugins(
        _rubrics_plugin(),
        _plugin("first", migrations=[same]),
        _plugin("second", migrations=[same]),
        _shipped_plugin(),
    )
    message = (
        "plugins: migration id provided twice: expected one plugin to provide "
        "'kommunkompassen-2010->kommunkompassen-2016', found plugins {}"
    )
    assert [str(p) for p in registry.problems] in (
        [message.format("'first' and 'second'")],
        [message.format("'second' and 'first'")],
    )
    assert {m.id for m in registry.migrations()} == OTHERS
    with pytest.raises(kompass.PluginError) as caught:
        registry.migration("kommunkompassen-2010", "kommunkompassen-2016")
    assert str(caught.value) == str(registry.problems[0])
    assert registry.migration("kommunkompassen-2016", "kommunkompassen-2010") is not None
    assert registry.migration("kommunkompassen-2020", "kommunkompassen-2016") is None


def test_plugin_duplicating_a_shipped_migration() -> None:
    """With the installed plugins, a third party's copy of a shipped migration
    conflicts with the built-in plugin that ships it."""
    same = MIGRATIONS / "kommunkompassen-2016-to-2020.toml"
    registry = kompass.Registry.from_entry_points(plugins=[_plugin("copycat", migrations=[same])])
    (problem,) = registry.problems
    assert problem.file == "plugins"
    assert problem.message.startswith(
        "migration id provided twice: expected one plugin to provide "
        "'kommunkompassen-2016->kommunkompassen-2020', found plugins "
    )
    assert problem.message.endswith(
        ("'copycat' and 'kommunkompassen-2020'", "'kommunkompassen-2020' and 'copycat'")
    )
    ids = {m.id for m in registry.migrations()}
    assert ids == {f"{a}->{b}" for a, b in SHIPPED_PAIRS} - {
        "kommunkompassen-2016->kommunkompassen-2020"
    }
    with pytest.raises(kompass.PluginError):
        registry.migration("kommunkompassen-2016", "kommunkompassen-2020")


def test_cli_list_reports_a_broken_plugin_migration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`migrations list` lists what works, prints the plugin's problem and exits 1."""
    path = _write(tmp_path, TOTAL.replace("shift = [-100, -80]", "shift = [-80, -100]"))
    registry = kompass.Registry.from_entry_points(plugins=[_plugin("broken", migrations=[path])])
    monkeypatch.setattr(_plugins, "default_registry", lambda: registry)
    code, out, err = _run(["migrations", "list", "--format", "json"], capsys)
    assert code == 1
    assert {(m["source"], m["target"]) for m in json.loads(out)} == SHIPPED_PAIRS
    # the broken file repeats a shipped pair, but as it is invalid it is not a conflict
    assert err.splitlines() == [
        f"{path}: total.shift: plugin 'broken': expected [low, high] with low <= high, "
        "found [-80, -100]"
    ]


# -- the shipped migrations --------------------------------------------------------


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_migration_passes(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert kompass.check_migration(path) == []
    code, out, err = _run(["migrations", "check", str(path)], capsys)
    assert (code, out, err) == (0, f"{path}: valid\n", "")


def test_shipped_migrations_pass_together(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(["migrations", "check", *map(str, SHIPPED)], capsys)
    assert code == 0
    assert out.splitlines() == [f"{path}: valid" for path in SHIPPED]
    assert err == f"{len(SHIPPED)} files: {len(SHIPPED)} valid, 0 invalid\n"


def test_migrations_list_is_the_shipped_seven(capsys: pytest.CaptureFixture[str]) -> None:
    assert len(SHIPPED) == 7
    code, out, err = _run(["migrations", "list", "--format", "json"], capsys)
    assert (code, err) == (0, "")
    listed = json.loads(out)
    assert len(listed) == 7
    assert {(m["source"], m["target"]) for m in listed} == SHIPPED_PAIRS
    shipped_files = {p.name for p in SHIPPED}
    assert {Path(m["origin"].rsplit(": ", 1)[-1]).name for m in listed} == shipped_files

    code, out, err = _run(["migrations", "list"], capsys)
    assert (code, err) == (0, "")
    rows = [line.split()[:2] for line in out.splitlines()[1:]]
    assert out.splitlines()[0].split() == ["Source", "Target", "Version", "Levels", "Rules"]
    assert sorted(map(tuple, rows)) == sorted(SHIPPED_PAIRS)


def test_migration_without_fingerprints_is_warned_about(tmp_path: Path) -> None:
    """A migration that records no fingerprints is usable, with a warning for each side."""
    text = "".join(
        line
        for line in QUESTIONS.splitlines(keepends=True)
        if not line.startswith(("source_fingerprint", "target_fingerprint"))
    )
    path = _write(tmp_path, text)
    problems = kompass.check_migration(path)
    assert [(p.severity, p.path) for p in problems] == [("warning", None), ("warning", None)]
    assert problems[0].message.startswith(
        f'no source_fingerprint: expected source_fingerprint = "{FP_2010}" (the data of '
        "kommunkompassen-2010 the rules were decided against), found none"
    )
    assert "no target_fingerprint" in problems[1].message
    assert kompass.load_migration(path).source_fingerprint is None


def test_migration_for_changed_rubric_is_not_used(tmp_path: Path) -> None:
    """A plugin's migration written for other rubric data is reported and not used."""
    path = _write(tmp_path, QUESTIONS.replace(FP_2016, STALE))
    registry = kompass.Registry.from_plugins(
        _rubrics_plugin(), _plugin("stale", migrations=[path]), _shipped_plugin()
    )
    (problem,) = registry.problems
    assert problem.path == "target_fingerprint"
    assert "plugin 'stale': rubric changed since the rules were decided" in problem.message
    assert {m.id for m in registry.migrations()} == OTHERS
    assert registry.migration("kommunkompassen-2010", "kommunkompassen-2016") is None


def test_migration_data_not_read_from_a_file_has_its_numbers_checked() -> None:
    """A migration given as data with a 32-digit shift is one problem at its
    key path, not decimal.InvalidOperation (files are refused when read)."""
    from decimal import Decimal

    from kompass_core._migrations import check_migration_data
    from kompass_core._reading import Document

    path = REPO / "rubrics" / "migrations" / "kommunkompassen-2010-to-pre2010.toml"
    with open(path, "rb") as handle:
        data = tomllib.load(handle, parse_float=Decimal)
    data["total"]["shift"] = [10**32, 0]
    (problem,) = check_migration_data(Document("m.toml", "toml", data), _plugins.default_registry())
    assert problem.message.startswith("unreasonable number: expected less than 10^15")
    assert problem.path == "total.shift[0]"
