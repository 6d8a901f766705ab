"""Synthetic valid evaluations: deterministic, on every installed rubric, at
every granularity an evaluation file can have.

    python -m benchmarks.generate N DIR [--seed S] [--rubric ID]...

The rubrics are read through the public API (``kompass.default_registry()``),
so the generator follows whatever rubrics are installed, a plugin's included:
their areas, questions, maxima, the units their scoring rule judges in, its
weights and its display rounding.

File ``i`` is ``DIR/<i // 1000>/<i>.toml`` (zero-padded), so that no folder
holds more than 1000 files.  It depends only on the seed and its index: the
same seed gives the same bytes, and a smaller N gives a prefix of a larger
one.  File ``i`` takes the ``i``-th (rubric, granularity) pair in turn, so any
N of at least :func:`pair_count` covers them all; a comment at its top names
both.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator, Sequence
from decimal import Decimal
from pathlib import Path

import kompass_core as kompass
from kompass_core import Area, Rubric

SEED = 8
"""The default seed (the tracker issue's number)."""

PER_FOLDER = 1000

GRANULARITIES = {
    "question-percent": "every question scored as a percentage of its max",
    "question-points": "every question scored in points",
    "mixed": "some areas by question (in percent and in points), the others by area score",
    "area": "every area as an area score",
    "partial": "some areas unknown: scored in part or not at all",
    "total-only": "a top-level total, with at most a few areas known",
    "stated": "complete, with the printed (rounded) total, areas and questions under [stated]",
}
"""Each granularity of the README's evaluation-file section, and what it means here."""

_STEMS = ("Sjö", "Berg", "Dal", "Skog", "Ås", "Holm", "Lund", "Vik", "Älv", "Ö", "Norr", "Söder")
_ENDINGS = ("köping", "stad", "hamn", "torp", "sund", "by", "fors", "näs", "red", "hult", "vik")
_EVALUATORS = (
    "Anna Berg",
    "Lars Holm",
    "Eva Lund",
    "Per Dahl",
    "Karin Sjö",
    "Olof Ås",
    "Maria Vik",
)
_FINDINGS = (
    "Tydliga mål som följs upp",
    "Medborgardialog i flera former",
    "Jämförelser med andra kommuner",
    "Uppföljningen når inte verksamheterna",
    "Kompetensförsörjningen saknar plan",
)


def _questions(rubric: Rubric) -> bool:
    return any(area.questions for area in rubric.areas)


def applicable(rubric: Rubric) -> list[str]:
    """The granularities an evaluation on ``rubric`` can have."""
    if not rubric.areas:  # known only at total level
        return ["total-only"]
    units = rubric.scoring.rule.units
    found = []
    for name in GRANULARITIES:
        needs_questions = name in ("question-percent", "question-points", "mixed")
        if needs_questions and not _questions(rubric):
            continue
        if name == "question-percent" and "percent" not in units:
            continue
        if name == "question-points" and "points" not in units:
            continue
        found.append(name)
    return found


def pairs(rubric_ids: Sequence[str] | None = None) -> list[tuple[Rubric, str]]:
    """Every (rubric, granularity) pair, rubrics in id order: all installed
    rubrics, or only those of ``rubric_ids``."""
    installed = {r.id: r for r in kompass.default_registry().rubrics()}
    ids = sorted(installed) if rubric_ids is None else list(rubric_ids)
    return [(installed[i], g) for i in ids for g in applicable(installed[i])]


def pair_count(rubric_ids: Sequence[str] | None = None) -> int:
    """How many files it takes to cover every (rubric, granularity) pair."""
    return len(pairs(rubric_ids))


def relative_path(index: int) -> str:
    """Where file ``index`` goes, relative to the output folder."""
    return f"{index // PER_FOLDER:03d}/{index:06d}.toml"


def generate(
    n: int, directory: str | Path, seed: int = SEED, rubric_ids: Sequence[str] | None = None
) -> list[Path]:
    """Write ``n`` evaluation files under ``directory``; return their paths."""
    root = Path(directory)
    written = []
    for relative, text in evaluations(n, seed, rubric_ids):
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        written.append(path)
    return written


def evaluations(
    n: int, seed: int = SEED, rubric_ids: Sequence[str] | None = None
) -> Iterator[tuple[str, str]]:
    """``(relative path, TOML text)`` of each of ``n`` evaluations."""
    every = pairs(rubric_ids)
    for index in range(n):
        rubric, granularity = every[index % len(every)]
        rng = random.Random(f"{seed}/{index}")  # a str seed hashes the same in every run
        yield relative_path(index), _Writer(rubric, granularity, rng).text(index, seed)


class _Writer:
    """One evaluation's TOML text, drawn from ``rng``."""

    def __init__(self, rubric: Rubric, granularity: str, rng: random.Random) -> None:
        self.rubric = rubric
        self.granularity = granularity
        self.rng = rng
        # One level per evaluation, so that its figures hang together like a real one's.
        self.level = rng.uniform(0.3, 0.9)
        self.scores: list[str] = []
        self.area_scores: list[str] = []
        self.stated_areas: list[str] = []
        self.stated_questions: list[str] = []
        self.total: Decimal | None = None
        self.stated_total: Decimal | None = None

    def text(self, index: int, seed: int) -> str:
        self._scores()
        lines = [
            f"# Synthetic evaluation {index} (seed {seed}): {self.rubric.id}, {self.granularity}",
            f"rubric = {_string(self.rubric.id)}",
        ]
        if self.total is not None:
            lines.append(f"total = {_number(self.total)}")
        lines += ["", "[subject]", *self._subject(index), "", "[evaluation]", *self._meta()]
        if self.rng.random() < 0.3:
            lines += ["", "[source]", f"title = {_string('Kommunkompassen, utvärdering')}"]
        for header, body in (("scores", self.scores), ("area_scores", self.area_scores)):
            if body:
                lines += ["", f"[{header}]", *body]
        if self.stated_total is not None:
            lines += ["", "[stated]", f"total = {_number(self.stated_total)}"]
        for header, body in (("areas", self.stated_areas), ("questions", self.stated_questions)):
            if body:
                lines += ["", f"[stated.{header}]", *body]
        lines += self._findings()
        return "\n".join(lines) + "\n"

    # -- what is known -------------------------------------------------------

    def _scores(self) -> None:
        areas = list(self.rubric.areas)
        g = self.granularity
        if g == "total-only":
            self._total_only(areas)
        elif g == "area":
            for area in areas:
                self._area_score(area)
        elif g == "partial":
            unknown = self.rng.sample(areas, max(1, len(areas) // 4))
            for area in areas:
                if area not in unknown:
                    self._area(area, "percent")
                elif len(area.questions) > 1 and self.rng.random() < 0.5:
                    some = self.rng.randint(1, len(area.questions) - 1)
                    for question in area.questions[:some]:
                        self._question(question, "percent")
        elif g == "mixed":
            # Each way for some area (given three areas or more), in an order drawn at random.
            ways = [("percent", "points", "area")[i % 3] for i in range(len(areas))]
            self.rng.shuffle(ways)
            for area, way in zip(areas, ways, strict=True):
                if way == "area":
                    self._area_score(area)
                else:
                    self._area(area, way)
        else:  # question-percent, question-points, stated
            unit = "points" if g == "question-points" else "percent"
            points = [self._area(area, unit) for area in areas]
            if g == "stated":
                self._stated(areas, points)

    def _area(self, area: Area, unit: str) -> Decimal:
        """Score the area by question when it has questions, else as a whole;
        its exact points."""
        if not area.questions:
            return self._area_score(area)
        return sum((self._question(q, unit) for q in area.questions), Decimal(0))

    def _question(self, question: kompass.Question, unit: str) -> Decimal:
        scoring = self.rubric.scoring
        if unit not in scoring.rule.units:
            unit = scoring.rule.units[0]
        value = self._share(Decimal(100) if unit == "percent" else question.max)
        self.scores.append(f"{_string(question.id)} = {{ {unit} = {_number(value)} }}")
        points = scoring.rule.judge(unit, value, question, scoring.parameters).value
        if self.granularity == "stated":
            self.stated_questions.append(
                f"{_string(question.id)} = {_number(scoring.rounding(points))}"
            )
        return points

    def _area_score(self, area: Area) -> Decimal:
        value = self._share(area.max)
        self.area_scores.append(f"{_string(area.id)} = {_number(value)}")
        return value

    def _share(self, top: Decimal) -> Decimal:
        """A figure from 0 to ``top`` near this evaluation's level, written
        as a whole number or with one decimal, as reports print them."""
        share = min(1.0, max(0.0, self.rng.gauss(self.level, 0.12)))
        places = Decimal(1) if self.rng.random() < 0.7 else Decimal("0.1")
        return min(top, (top * Decimal(repr(share))).quantize(places))

    def _stated(self, areas: list[Area], points: list[Decimal]) -> None:
        scoring = self.rubric.scoring
        for area, exact in zip(areas, points, strict=True):
            self.stated_areas.append(f"{_string(area.id)} = {_number(scoring.rounding(exact))}")
        total = sum(
            (scoring.weight(a.id) * p for a, p in zip(areas, points, strict=True)), Decimal(0)
        )
        self.stated_total = scoring.rounding(total)

    def _total_only(self, areas: list[Area]) -> None:
        if not areas:  # no maximum known: a plausible figure on a scale of some hundreds
            self.total = Decimal(self.rng.randint(200, 800))
            return
        # Never every area: with all of them the total is computed, not given.
        known = self.rng.sample(areas, self.rng.randint(0, min(4, len(areas) - 1)))
        weights = self.rubric.scoring.weight
        total = Decimal(0)
        for area in areas:
            if area in known:
                total += weights(area.id) * self._area_score(area)
        rest = sum((weights(a.id) * a.max for a in areas if a not in known), Decimal(0))
        # Whole points for the unknown areas, within what their maxima allow.
        self.total = total + min(rest, (rest * Decimal(repr(self.level))).to_integral_value())

    # -- who, when, what was found ------------------------------------------

    def _subject(self, index: int) -> list[str]:
        rng = self.rng
        place = rng.choice(_STEMS) + rng.choice(_ENDINGS)
        region = self.rubric.kind == "region"
        name = f"Region {place}" if region else f"{place} kommun"
        code = f"{index % 100:02d}" if region else f"{index % 10000:04d}"
        return [
            f"name = {_string(name)}",
            f"kind = {_string(self.rubric.kind)}",
            f"code = {_string(code)}",
            'country = "SE"',
        ]

    def _meta(self) -> list[str]:
        rng = self.rng
        year = self.rubric.year + rng.randint(0, 3)
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        form = rng.randrange(3)
        if form == 0:  # a TOML date: known to the day
            date = f"{year:04d}-{month:02d}-{day:02d}"
        else:  # known only to the month or the year
            date = _string(f"{year:04d}-{month:02d}" if form == 1 else f"{year:04d}")
        lines = [f"date = {date}"]
        if rng.random() < 0.6:
            people = rng.sample(_EVALUATORS, rng.randint(1, 3))
            lines.append(f"evaluators = [{', '.join(_string(p) for p in people)}]")
        return lines

    def _findings(self) -> list[str]:
        if not self.rubric.areas or self.rng.random() < 0.5:
            return []
        area = self.rng.choice(self.rubric.areas)
        strengths = self.rng.sample(_FINDINGS[:3], 2)
        improvements = self.rng.sample(_FINDINGS[3:], 1)
        return [
            "",
            f"[findings.{_string(area.id)}]",
            f"strengths = [{', '.join(_string(s) for s in strengths)}]",
            f"improvements = [{', '.join(_string(s) for s in improvements)}]",
        ]


def _string(text: str) -> str:
    # A JSON string is a valid TOML basic string for text like ours (escapes alike).
    return json.dumps(text, ensure_ascii=False)


def _number(value: Decimal) -> str:
    return format(value, "f")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.generate", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("n", type=int, metavar="N", help="how many evaluation files")
    parser.add_argument("directory", metavar="DIR", help="where to write them")
    parser.add_argument("--seed", type=int, default=SEED, help=f"(default {SEED})")
    parser.add_argument(
        "--rubric",
        action="append",
        metavar="ID",
        help="only evaluations on this rubric (repeatable; default: every installed rubric)",
    )
    args = parser.parse_args(argv)
    written = generate(args.n, args.directory, args.seed, args.rubric)
    print(f"{len(written)} evaluations written under {args.directory}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
