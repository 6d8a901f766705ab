"""docs/scoring.md stays true: the example rule package loads and scores as the
page says, the worked examples are what Kompass computes, the outputs it quotes
are what Kompass prints, and its TOML blocks are valid.  And docs/plugins.md
documents every hook, the scoring-rules hook among them, by its signature."""

from __future__ import annotations

import importlib
import re
import shlex
import sys
import tomllib
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kompass_core as kompass
from kompass_core import _plugins, hookimpl
from kompass_core.cli import main
from kompass_core.errors import InvalidInputError

from .conftest import REPO

GUIDE = (REPO / "docs" / "scoring.md").read_text("utf-8")
PACKAGE = REPO / "docs" / "examples" / "scoring-rule" / "kompass-stars"
SOURCE = PACKAGE / "kompass_stars" / "__init__.py"
RUBRIC = PACKAGE / "kompass_stars" / "data" / "stars-demo-2026.toml"
EVALUATION = PACKAGE / "examples" / "stars-demo.toml"

# The figures the page quotes for each worked example: area points, the total,
# and the total as shown.
WORKED = {
    "`weighted-share-of-max`": {"1": "73.5", "2": "77", "total": "148.75", "shown": "149"},
    "`maturity-levels`": {"1": "54", "2": "87.5", "total": "141.5", "shown": "142"},
}

HEADER = {"subject": {"name": "Demo", "kind": "municipality"}, "evaluation": {"date": "2026"}}


def _sections() -> dict[str, str]:
    """The page's `## ` sections by title (the text before the first is left out)."""
    parts = re.split(r"^## (.+)$", GUIDE, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


SECTIONS = _sections()


def _blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"^ *```{language}\n(.*?)^ *```", text, re.DOTALL | re.MULTILINE)


def _dedent(block: str) -> str:
    lines = block.splitlines()
    indent = min(len(line) - len(line.lstrip()) for line in lines if line.strip())
    return "\n".join(line[indent:] for line in lines) + "\n"


def _block(section: str, first_line: str) -> str:
    """The one TOML block of a section whose first line is ``first_line``."""
    found = [b for b in _blocks(SECTIONS[section], "toml") if b.startswith(first_line)]
    assert len(found) == 1, (section, first_line, found)
    return found[0]


def _skeleton() -> str:
    """The page's demo rubric, shared by the worked examples."""
    found = [b for b in _blocks(GUIDE, "toml") if b.startswith('id = "demo-2026"')]
    assert len(found) == 1
    return found[0]


def _with_scoring(scoring: str) -> str:
    """The demo rubric with ``scoring`` in place of its own `[scoring]` table."""
    skeleton = _skeleton()
    own = re.search(r"^\[scoring\]\n(?:.+\n)*?\n", skeleton, re.MULTILINE)
    assert own is not None
    return skeleton.replace(own.group(0), scoring.rstrip("\n") + "\n\n")


class _Files:
    """A plugin providing rubric files, as a test builds them."""

    def __init__(self, *paths: Path) -> None:
        self.paths = list(paths)

    @hookimpl
    def kompass_rubrics(self) -> list[Path]:
        return self.paths


def _demo_registry(scoring: str, tmp_path: Path) -> kompass.Registry:
    path = tmp_path / "demo-2026.toml"
    path.write_text(_with_scoring(scoring), "utf-8")
    registry = kompass.Registry.from_plugins(_Files(path))
    assert registry.problems == []
    return registry


def _score(registry: kompass.Registry, rubric: str, scores: str) -> kompass.ScoreResult:
    data = {"rubric": rubric, **HEADER, **tomllib.loads(scores)}
    return kompass.score(kompass.evaluation_from_data(data, registry=registry), registry)


@pytest.fixture(scope="module")
def stars() -> Iterator[ModuleType]:
    """The example package's module, imported from docs/ without writing bytecode there."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(sys, "dont_write_bytecode", True)
        mp.syspath_prepend(str(PACKAGE))
        mp.delitem(sys.modules, "kompass_stars", raising=False)
        try:
            yield importlib.import_module("kompass_stars")
        finally:
            sys.modules.pop("kompass_stars", None)


@pytest.fixture
def registry(stars: ModuleType) -> kompass.Registry:
    """The installed plugins and the example package, as if it were installed."""
    return kompass.Registry.from_entry_points([stars])


@pytest.fixture
def installed(registry: kompass.Registry, monkeypatch: pytest.MonkeyPatch) -> None:
    """`kompass` commands see the example package, and run from the repository root."""
    monkeypatch.setattr(_plugins, "default_registry", lambda: registry)
    monkeypatch.chdir(REPO)


# -- the example package -------------------------------------------------------------


def test_example_plugin_provides_rule_and_rubric(registry: kompass.Registry) -> None:
    """The package gives Kompass the `stars` rule and a rubric naming it, without problems."""
    assert "stars" in registry.scoring_rules()
    rubric = registry.rubric("stars-demo-2026")
    assert (rubric.scoring_rule, rubric.max) == ("stars", 100)
    assert registry.problems == []


def test_example_rubric_passes_check(registry: kompass.Registry) -> None:
    """The package's rubric file passes `rubrics check`."""
    assert kompass.check_rubric(RUBRIC, registry) == []


def test_example_evaluation_scores_as_the_page_says(registry: kompass.Registry) -> None:
    """The example evaluation is valid and scores to the figures the page explains."""
    assert kompass.validate_file(EVALUATION, registry) == []
    result = kompass.score_file(EVALUATION, registry)
    points = {q.question.id: q.points for a in result.areas for q in a.questions}
    assert points["2.1"] == Decimal("7.2")
    assert [a.points for a in result.areas] == [Decimal(34), Decimal("33.6")]
    assert (result.total.points, result.total.rounded) == (Decimal("67.6"), Decimal(68))
    assert "Three stars of 2.1's 12 points are 7.2 points; area 2 is 33.6, shown as 34" in GUIDE
    assert "the total is 67.6, shown as 68" in GUIDE


def test_page_shows_the_package_code_and_data() -> None:
    """The rule's code, `[scoring]` table and `[scores]` on the page are the package's."""
    section = SECTIONS["Adding your own rule"]
    (code,) = _blocks(section, "python")
    assert code in SOURCE.read_text("utf-8")
    assert _block("Adding your own rule", "[scoring]") in RUBRIC.read_text("utf-8")
    assert _block("Adding your own rule", "[scores]") in EVALUATION.read_text("utf-8")


def test_stars_rule_refuses_what_the_page_says(registry: kompass.Registry) -> None:
    """Six stars are refused with the message the page quotes."""
    data = tomllib.loads(EVALUATION.read_text("utf-8"))
    data["scores"]["1.1"] = {"stars": 6}
    with pytest.raises(InvalidInputError) as raised:
        kompass.evaluation_from_data(data, registry=registry)
    (problem,) = raised.value.problems
    assert f"`{problem.path}: {problem.message}`" in GUIDE


@given(maximum=st.decimals(min_value=Decimal("0.1"), max_value=200, places=1))
def test_stars_rule_is_monotone_bounded_and_exact(stars: ModuleType, maximum: Decimal) -> None:
    """0 stars give 0, 5 give the max, more never give less, and every value is exact."""
    rule = stars.Stars()
    question = kompass.Question(id="1.1", text=kompass.Text({"sv": "?"}), max=maximum)
    judged = [rule.judge("stars", Decimal(n), question, {}) for n in range(6)]
    values = [p.value for p in judged]
    assert values[0] == 0
    assert values[-1] == maximum
    assert values == sorted(values)
    assert all(v * 5 == maximum * n for n, v in enumerate(values))
    assert all(p.half_width == 0 for p in judged)


# -- the worked examples -----------------------------------------------------------------


@pytest.mark.parametrize("section", list(WORKED))
def test_worked_example_is_what_kompass_computes(section: str, tmp_path: Path) -> None:
    """The section's `[scoring]` and `[scores]` on the demo rubric give the figures it quotes."""
    registry = _demo_registry(_block(section, "[scoring]"), tmp_path)
    result = _score(registry, "demo-2026", _block(section, "[scores]"))
    expected = WORKED[section]
    assert {a.area.id: a.points for a in result.areas} == {
        "1": Decimal(expected["1"]),
        "2": Decimal(expected["2"]),
    }
    assert result.total.points == Decimal(expected["total"])
    assert result.total.rounded == Decimal(expected["shown"])
    for key in ("1", "2", "total"):
        assert f"**{expected[key]}**" in SECTIONS[section]
    percent = kompass.round_half_up(result.total.percent or Decimal(0))
    assert f"{expected['shown']} ({percent} %)" in SECTIONS[section]


def test_weighted_example_compares_and_ranges_as_the_page_says(tmp_path: Path) -> None:
    """Unweighted the judgements give 150.5; weighted without 2.2, 132.75 to 157.75."""
    section = "`weighted-share-of-max`"
    text = SECTIONS[section]
    scores = _block(section, "[scores]")
    plain = _score(
        _demo_registry('[scoring]\nrule = "share-of-max"\n', tmp_path), "demo-2026", scores
    )
    assert plain.total.points == Decimal("150.5")
    assert "give 150.5" in text
    weighted = _demo_registry(_block(section, "[scoring]"), tmp_path)
    partial = _score(weighted, "demo-2026", scores.replace('"2.2" = { percent = 64 }\n', ""))
    assert partial.total.points is None
    assert (partial.total.lower, partial.total.upper) == (Decimal("132.75"), Decimal("157.75"))
    assert "= 132.75 and" in text
    assert "= 157.75." in text


def test_rounding_table_is_what_rounding_does() -> None:
    """Each row of the display-rounding table is what `Rounding` gives in each mode."""
    rows = re.findall(
        r"^\| ([\d.]+) \| (\d) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \|$",
        SECTIONS["Display rounding"],
        re.MULTILINE,
    )
    assert len(rows) >= 4
    for value, places, *shown in rows:
        for mode, expected in zip(("half-up", "half-even", "down"), shown, strict=True):
            assert str(kompass.Rounding(int(places), mode)(Decimal(value))) == expected


# -- the page's TOML blocks ----------------------------------------------------------------


def test_every_toml_block_parses() -> None:
    """Every TOML block on the page is valid TOML."""
    blocks = _blocks(GUIDE, "toml")
    assert len(blocks) >= 10
    for block in blocks:
        tomllib.loads(_dedent(block))


def test_every_scoring_table_is_valid(registry: kompass.Registry, tmp_path: Path) -> None:
    """Every `[scoring]` table on the page passes `rubrics check` on the demo rubric."""
    path = tmp_path / "demo-2026.toml"
    tables = [b for b in _blocks(GUIDE, "toml") if b.startswith("[scoring]")]
    assert len(tables) >= 5
    for table in tables:
        path.write_text(_with_scoring(table), "utf-8")
        assert kompass.check_rubric(path, registry) == [], table


def test_every_evaluation_snippet_is_valid(registry: kompass.Registry, tmp_path: Path) -> None:
    """Every `[scores]` block validates against the rubric its section is about."""
    on: dict[str, tuple[kompass.Registry, str]] = {
        "`share-of-max`": (registry, "kommunkompassen-2010"),
        "Adding your own rule": (registry, "stars-demo-2026"),
    }
    checked = 0
    for title, text in SECTIONS.items():
        for block in (b for b in _blocks(text, "toml") if b.startswith("[scores]")):
            if title in WORKED:
                folder = tmp_path / str(checked)
                folder.mkdir()
                target = (_demo_registry(_block(title, "[scoring]"), folder), "demo-2026")
            else:
                target = on[title]
            _score(*target, block)
            checked += 1
    assert checked == 4


# -- quoted output ---------------------------------------------------------------------


def _transcripts() -> list[tuple[str, list[str]]]:
    """Every `$ kompass …` line of the page's console blocks, with the output quoted under it."""
    found: list[tuple[str, list[str]]] = []
    for block in _blocks(GUIDE, "console"):
        for line in _dedent(block).splitlines():
            if line.startswith("$ "):
                found.append((line[2:], []))
            else:
                found[-1][1].append(line)
    return [(command, out) for command, out in found if command.startswith("kompass ")]


def _quotes(printed: list[str], quoted: list[str]) -> bool:
    """Whether ``quoted`` is ``printed`` with some runs of lines cut to "…"."""
    pattern = "".join(r"(?:.*\n)*?" if line == "…" else re.escape(line) + r"\n" for line in quoted)
    return re.fullmatch(pattern, "".join(line + "\n" for line in printed)) is not None


def test_cut_matching_needs_the_lines_in_order() -> None:
    """The matcher lets "…" stand for any lines, and nothing else."""
    assert _quotes(["a", "b", "c"], ["a", "…", "c"])
    assert _quotes(["a", "b", "c"], ["…", "c"])
    assert not _quotes(["a", "b", "c"], ["a", "c"])
    assert not _quotes(["a", "b", "c"], ["c", "…", "a"])


def test_quoted_output_is_what_kompass_prints(
    installed: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each `kompass` command on the page prints what the page quotes (with cuts marked "…")."""
    transcripts = _transcripts()
    assert len(transcripts) >= 6
    for command, quoted in transcripts:
        assert main(shlex.split(command)[1:]) == 0, command
        captured = capsys.readouterr()
        printed = (captured.out + captured.err).splitlines()
        assert _quotes(printed, quoted), (command, printed)


def _rules_in(section: str) -> set[str]:
    return {
        tomllib.loads(b)["scoring"]["rule"] for b in _blocks(section, "toml") if "[scoring]" in b
    }


def test_every_shipped_rule_has_a_section() -> None:
    """Each shipped rule has a section of its own with its `[scoring]` table."""
    for rule in kompass.Registry.from_plugins().scoring_rules():
        assert rule in _rules_in(SECTIONS[f"`{rule}`"])
