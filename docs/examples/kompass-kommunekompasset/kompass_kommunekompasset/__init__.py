"""Kommunekompasset, the Norwegian Kommunkompassen (KS), as a Kompass plugin.

It provides the rubric ``kommunekompasset-2010`` (the questions of
Kommunkompassen 2010 in Norwegian), migrations to and from
``kommunkompassen-2010``, a reference profile, a check of Norwegian
kommunenummer, and the output format ``semikolon-csv`` (what a Norwegian
spreadsheet opens directly: ``;`` between fields, decimal commas).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from importlib.resources import files
from importlib.resources.abc import Traversable

from kompass_core import Evaluation, Problem, Rubric, ScoreResult, hookimpl
from kompass_core.formats import OutputFormat

_DATA = files(__name__) / "data"
RUBRIC = "kommunekompasset-2010"


@hookimpl
def kompass_rubrics() -> list[Traversable]:
    return [_DATA / "kommunekompasset-2010.toml"]


@hookimpl
def kompass_migrations() -> list[Traversable]:
    return [
        _DATA / "kommunekompasset-2010-to-kommunkompassen-2010.toml",
        _DATA / "kommunkompassen-2010-to-kommunekompasset-2010.toml",
    ]


@hookimpl
def kompass_reference_profiles() -> list[Traversable]:
    return [_DATA / "kommunekompasset-2010-svensk-snitt-2017.toml"]


_KOMMUNENUMMER = re.compile(r"\d{4}")


@hookimpl
def kompass_check_evaluation(evaluation: Evaluation, rubric: Rubric) -> Iterator[Problem]:
    """A Norwegian municipality's code is its kommunenummer: four digits."""
    if rubric.id != RUBRIC:
        return
    code = evaluation.subject.code
    if code is not None and not _KOMMUNENUMMER.fullmatch(code):
        yield Problem(
            f"expected a kommunenummer of four digits, found {code!r}", path="subject.code"
        )
    country = evaluation.subject.country
    if country is not None and country != "NO":
        yield Problem(
            f"expected country 'NO' for Kommunekompasset, found {country!r}",
            path="subject.country",
            severity="warning",
        )


def _number(value: object) -> str:
    """A number as Norwegian spreadsheets read it: decimal comma."""
    return "" if value is None else str(value).replace(".", ",")


class SemicolonCsv(OutputFormat):
    """Areas and total, one row each, ``;``-separated with decimal commas."""

    name = "semikolon-csv"
    description = "areas and total; ';' between fields and decimal commas (Norwegian spreadsheets)"

    def render_score(self, result: ScoreResult, lang: str) -> str:
        out = io.StringIO()
        rows = csv.writer(out, delimiter=";", lineterminator="\n")
        rows.writerow(["omrade", "navn", "poeng", "avrundet", "maks"])
        for a in result.areas:
            name = a.area.name.get(lang, result.rubric.default_language)
            rows.writerow([a.area.id, name, _number(a.points), _number(a.rounded), _number(a.max)])
        total = result.total
        rows.writerow(
            ["total", "Totalt", _number(total.points), _number(total.rounded), _number(total.max)]
        )
        return out.getvalue()


@hookimpl
def kompass_output_formats() -> list[OutputFormat]:
    return [SemicolonCsv()]
