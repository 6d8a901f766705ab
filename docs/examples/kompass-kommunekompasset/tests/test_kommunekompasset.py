"""The installed plugin: its data is valid, and the CLI uses all it provides.

Uses Kompass's helpers for plugin authors (``kompass_core.testing``). The
expected figures are computed by hand from the example's percentages
(max × percent / 100, summed unrounded), never read back from a result.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import kompass_kommunekompasset as plugin

from kompass_core.testing import check_plugin, run

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
EXAMPLE = str(EXAMPLES / "eksempelby-2024.toml")
WRONG_CODE = str(EXAMPLES / "eksempelby-feil-kommunenummer.toml")

AREAS = ["60.75", "60.25", "72", "57.5", "60.25", "59.5", "51.75", "68"]


def test_data_is_valid() -> None:
    """Rubric, migrations, profile and hooks load without a single problem."""
    assert check_plugin(plugin) == []


def test_listed_with_what_it_provides() -> None:
    """kompass plugins names the plugin and everything it provides."""
    result = run(["plugins", "--format", "json"], plugin)
    assert result.exit_code == 0, result.stderr
    assert '"rubrics": [\n          "kommunekompasset-2010"' in result.stdout
    assert '"formats": [\n          "semikolon-csv"' in result.stdout
    assert '"checks": [\n          "evaluations"' in result.stdout


def test_rubric_is_listed_in_norwegian() -> None:
    """rubrics list shows the rubric with its Norwegian name."""
    result = run(["rubrics", "list", "--lang", "nb"], plugin)
    assert result.exit_code == 0, result.stderr
    assert "Kommunekompasset 2010" in result.stdout


def test_score_is_exact() -> None:
    """Eksempelby 2024: the areas by hand, and 490 in total (the rounded areas add up to 491)."""
    result = run(["score", "--format", "json", EXAMPLE], plugin)
    assert result.exit_code == 0, result.stderr
    import json

    data = json.loads(result.stdout)
    assert [Decimal(str(a["points"])) for a in data["areas"]] == [Decimal(a) for a in AREAS]
    assert Decimal(str(data["total"]["points"])) == Decimal("490")
    assert [a["rounded"] for a in data["areas"]] == [61, 60, 72, 58, 60, 60, 52, 68]


def test_semicolon_csv() -> None:
    """The plugin's format: ';' between fields and decimal commas."""
    result = run(["score", "--format", "semikolon-csv", "--lang", "nb", EXAMPLE], plugin)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "omrade;navn;poeng;avrundet;maks"
    assert lines[4] == "4;Lederskap, ansvar og delegasjon;57,50;58;100"
    assert lines[-1] == "total;Totalt;490,00;490;800"


def test_kommunenummer_is_checked() -> None:
    """A code that is not four digits is an error naming the file, the key and the plugin."""
    result = run(["validate", EXAMPLE, WRONG_CODE], plugin)
    assert result.exit_code == 1
    assert f"{EXAMPLE}: valid" in result.stdout
    assert (
        f"{WRONG_CODE}: subject.code: expected a kommunenummer of four digits, found '123'"
        in result.stdout
    )


def test_migrated_to_kommunkompassen_2010_unchanged() -> None:
    """The same questions on the Swedish scale: every value exact, the total 490."""
    result = run(["migrate", EXAMPLE, "--to", "kommunkompassen-2010", "--format", "json"], plugin)
    assert result.exit_code == 0, result.stderr
    import json

    migrated = json.loads(result.stdout)
    assert migrated["rubric"] == "kommunkompassen-2010"
    assert migrated["migration"]["path"] == ["kommunekompasset-2010", "kommunkompassen-2010"]
    assert all("lower" not in score for score in migrated["scores"].values())


def test_reference_profile() -> None:
    """The Swedish published mean, on Kommunekompasset's scale."""
    result = run(["profiles", "--rubric", "kommunekompasset-2010", "--format", "json"], plugin)
    assert result.exit_code == 0, result.stderr
    assert '"id": "kommunekompasset-2010-svensk-snitt-2017"' in result.stdout
    assert '"total": 476' in result.stdout
