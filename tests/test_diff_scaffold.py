"""rubrics diff and migrations scaffold: the reference's section 5 changes, and
a draft that accounts for every question."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

import kompass_core as kompass
from kompass_core.cli import main

from .conftest import REPO

OLD, NEW = "kommunkompassen-2010", "kommunkompassen-2016"


def _changes(d: kompass.RubricDiff) -> dict[tuple[tuple[str, ...], tuple[str, ...]], set[str]]:
    return {
        (tuple(s.id for s in q.sources), tuple(t.id for t in q.targets)): set(q.changes)
        for q in d.questions
    }


def test_diff_2010_2016_reports_the_reference_changes() -> None:
    """Section 5: 2.4 and 7.5 removed, 7.2 added, 8.6 split, and the maxima changes."""
    found = _changes(kompass.diff_rubrics(OLD, NEW))
    assert found[(("2.4",), ())] == {"removed"}
    assert found[(("7.5",), ())] == {"removed"}
    assert found[((), ("7.2",))] == {"added"}
    assert "split" in found[(("8.6",), ("8.6", "8.7"))]
    max_changed = {pair for pair, changes in found.items() if "max changed" in changes}
    assert max_changed == {
        (("2.3",), ("2.3",)),
        (("2.5",), ("2.4",)),
        (("2.6",), ("2.5",)),
        (("7.2",), ("7.4",)),
        (("8.2",), ("8.2",)),
        (("8.3",), ("8.3",)),
        (("8.6",), ("8.6", "8.7")),  # 20 into 15 + 15
    }
    removed = {pair for pair, changes in found.items() if changes & {"removed", "added"}}
    assert removed == {(("2.4",), ()), (("7.5",), ()), ((), ("7.2",))}
    renumbered = {pair for pair, changes in found.items() if "renumbered" in changes}
    assert renumbered == {
        (("2.5",), ("2.4",)),
        (("2.6",), ("2.5",)),
        (("7.2",), ("7.4",)),
        (("7.4",), ("7.5",)),
    }


def test_diff_names_renamed_areas() -> None:
    d = kompass.diff_rubrics(OLD, NEW)
    renamed = {a.source.id for a in d.areas if a.source and "renamed" in a.changes}
    assert renamed == {"2", "7"}


def test_diff_without_a_migration_pairs_only_what_it_can_justify() -> None:
    """By text alone no pair is wrong: each found pair is one the migration has."""
    decided = _changes(kompass.diff_rubrics(OLD, NEW))
    by_text = kompass.diff_rubrics(OLD, NEW, by_text=True)
    for q in by_text.questions:
        if q.sources and q.targets:
            pair = ((q.sources[0].id,), (q.targets[0].id,))
            assert any(p[0] == pair[0] and pair[1][0] in p[1] for p in decided), pair
            assert q.matched_by in ("same text", "similar text", "same id")


def test_diff_in_the_cli(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rubrics", "diff", OLD, NEW, "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "by the migration kommunkompassen-2010->kommunkompassen-2016" in out
    assert any(line.split()[:4] == ["8.6", "8.6,", "8.7", "20"] for line in out.splitlines())
    assert main(["rubrics", "diff", OLD, NEW, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    removed = [q["sources"][0]["id"] for q in data["questions"] if q["changes"] == ["removed"]]
    assert removed == ["2.4", "7.5"]


def test_diff_of_area_only_rubrics_compares_areas(capsys: pytest.CaptureFixture[str]) -> None:
    d = kompass.diff_rubrics(NEW, "kommunkompassen-2020")
    assert not d.compares_questions
    assert d.questions == ()
    pairs = {(a.source.id, a.target.id) for a in d.areas if a.source and a.target}
    assert pairs == {("1", "1"), ("8", "2"), ("3", "3"), ("5", "4"), ("2", "5"), ("7", "6")} | {
        ("6", "7"),
        ("4", "8"),
    }
    assert main(["rubrics", "diff", NEW, "kommunkompassen-2020", "--lang", "en"]) == 0
    assert "not compared: kommunkompassen-2020 publishes no questions" in capsys.readouterr().out


def test_diff_takes_a_rubric_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A maintainer compares a new revision before it is installed."""
    text = (Path(kompass.get_rubric(NEW).origin.split(": ", 1)[1])).read_text("utf-8")
    new = text.replace('id = "kommunkompassen-2016"', 'id = "kommunkompassen-2026"').replace(
        "Finns en plan/strategi för demokratiutveckling och information?",
        "Finns en strategi för demokrati?",
    )
    path = tmp_path / "kommunkompassen-2026.toml"
    path.write_text(new, "utf-8")
    assert main(["rubrics", "diff", NEW, str(path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(q["sources"][0]["id"], q["changes"]) for q in data["questions"]] == [
        ("1.1", ["renamed"])
    ]


def _scaffold(source: str, target: str, **options: Any) -> dict[str, Any]:
    return tomllib.loads(kompass.migration_scaffold(source, target, **options))


@pytest.mark.parametrize("by_text", [False, True])
def test_scaffold_accounts_for_every_question_of_both(by_text: bool) -> None:
    draft = _scaffold(OLD, NEW, by_text=by_text)
    sources = [i for rule in draft["questions"] for i in rule.get("source", [])]
    targets = [i for rule in draft["questions"] for i in rule.get("target", [])]
    assert sorted(sources) == sorted(q.id for _, q in kompass.get_rubric(OLD).questions())
    assert sorted(targets) == sorted(q.id for _, q in kompass.get_rubric(NEW).questions())
    assert draft["draft"] is True


def test_scaffold_by_text_marks_every_open_decision(tmp_path: Path) -> None:
    draft = _scaffold(OLD, NEW, by_text=True)
    for rule in draft["questions"]:
        if rule["method"] in ("new", "drop"):
            assert "todo" in rule, rule
    path = tmp_path / "draft.toml"
    path.write_text(kompass.migration_scaffold(OLD, NEW, by_text=True), "utf-8")
    problems = kompass.check_migration(path)
    assert [p for p in problems if p.severity == "error"] == []
    todos = [p for p in problems if p.message.startswith("todo: ")]
    assert len(todos) == sum("todo" in rule for rule in draft["questions"]) > 0
    # Removing draft = true without resolving the todos makes them errors.
    path.write_text(path.read_text("utf-8").replace("draft = true\n", ""), "utf-8")
    errors = [p for p in kompass.check_migration(path) if p.severity == "error"]
    assert len(errors) == len(todos)
    assert all("unresolved todo" in p.message for p in errors)


def test_scaffold_of_an_installed_pair_reproduces_its_decisions() -> None:
    draft = _scaffold(OLD, NEW)
    installed = kompass.default_registry().migration(OLD, NEW)
    assert installed is not None
    drafted = [
        (tuple(r.get("source", ())), tuple(r.get("target", ())), r["method"], r["relation"])
        for r in draft["questions"]
    ]
    assert drafted == [(r.sources, r.targets, r.method, r.relation) for r in installed.questions]
    assert not any("todo" in r for r in draft["questions"])


def test_scaffold_for_total_only_scales_has_a_total_rule() -> None:
    draft = _scaffold("kommunkompassen-2016", "kommunkompassen-pre2010")
    assert "questions" not in draft
    assert "areas" not in draft
    assert draft["total"]["method"] == "shift"
    assert "todo" in draft["total"]


def test_scaffold_writes_safely(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "m.toml"
    assert main(["migrations", "scaffold", OLD, NEW, "-o", str(out)]) == 0
    first = out.read_text("utf-8")
    out.write_text("keep me", "utf-8")
    assert main(["migrations", "scaffold", OLD, NEW, "-o", str(out)]) == 1
    assert "exists already; use --force" in capsys.readouterr().err
    assert out.read_text("utf-8") == "keep me"
    assert main(["migrations", "scaffold", OLD, NEW, "-o", str(out), "--force"]) == 0
    assert out.read_text("utf-8") == first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.toml"]  # no temporary left


def _revised_2016(tmp_path: Path, old: str, new: str) -> Path:
    text = (REPO / "rubrics" / "kommunkompassen-2016.toml").read_text("utf-8")
    text = text.replace('id = "kommunkompassen-2016"', 'id = "kommunkompassen-2016b"')
    assert text.count(old) == 1
    path = tmp_path / "kommunkompassen-2016b.toml"
    path.write_text(text.replace(old, new), "utf-8")
    return path


def test_diff_reports_a_changed_scoring_parameter(tmp_path: Path) -> None:
    """A changed display rounding shows in the diff, though no question changed."""
    path = _revised_2016(tmp_path, 'rule = "share-of-max"', 'rule = "share-of-max"\ndecimals = 1')
    d = kompass.diff_rubrics("kommunkompassen-2016", str(path))
    assert d.scoring == ("decimals: 0 → 1",)
    assert d.source.fingerprint != d.target.fingerprint
    assert not any(q.changes for q in d.questions)


def test_diff_reports_a_changed_scoring_rule(tmp_path: Path) -> None:
    """Another rule is reported as one change of rule, with both versions."""
    path = _revised_2016(
        tmp_path,
        'rule = "share-of-max"',
        'rule = "weighted-share-of-max"\nweights = { "1" = 1 }',
    )
    d = kompass.diff_rubrics("kommunkompassen-2016", str(path))
    assert d.scoring == ("scoring rule share-of-max 1 → weighted-share-of-max 1",)


def test_diff_of_identical_scoring_says_nothing() -> None:
    """Two rubrics under the same rule and parameters have no scoring changes."""
    assert kompass.diff_rubrics("kommunkompassen-2010", "kommunkompassen-2016").scoring == ()
