"""Rubrics: their areas, questions, texts and scoring rule."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

from attrs import field, frozen

if TYPE_CHECKING:
    from kompass_core.rules import Rounding, ScoringRule

Kind = Literal["municipality", "region"]
DEFAULT_LANGUAGE = "sv"


def _pairs(value: Mapping[str, str] | tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    return tuple((str(lang), str(text)) for lang, text in items)


@frozen
class Text:
    """A text in one or more languages, e.g. ``Text({"sv": "...", "en": "..."})``."""

    translations: tuple[tuple[str, str], ...] = field(converter=_pairs)

    def get(self, lang: str | None = None, fallback: str = DEFAULT_LANGUAGE) -> str:
        """The text in ``lang``, else in ``fallback``, else in its first language."""
        by_language = self._by_language
        found = by_language.get(lang) if lang else None
        if found is None:
            found = by_language.get(fallback)
        if found is not None:
            return found
        return self.translations[0][1] if self.translations else ""

    @cached_property
    def _by_language(self) -> dict[str, str]:
        # Made on first use (output asks per question), not for every text read;
        # the last pair of a language wins, as in a dict built from the pairs.
        return dict(self.translations)

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(lang for lang, _ in self.translations)

    def as_dict(self) -> dict[str, str]:
        return dict(self.translations)

    def __str__(self) -> str:
        return self.get()


@frozen
class Question:
    """A question: its id (``"1.1"``), its text and the most points it gives."""

    id: str
    text: Text
    max: Decimal


@frozen
class Area:
    """An area of a rubric: its questions, or, when they were never
    published, only its maximum (``questions_published`` is then false)."""

    id: str
    name: Text
    max: Decimal
    questions: tuple[Question, ...] = ()
    headings: tuple[Text, ...] = ()
    other_names: tuple[Text, ...] = ()
    questions_published: bool = True

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)


def _builtin_rule(name: str) -> ScoringRule:
    from kompass_core.rules import BUILTIN_RULES

    for rule in BUILTIN_RULES:
        if rule.name == name:
            return rule
    raise ValueError(f"unknown scoring rule {name!r}: pass its ScoringRule object")


def _rule(value: ScoringRule | str) -> ScoringRule:
    return _builtin_rule(value) if isinstance(value, str) else value


@frozen
class Scoring:
    """The scoring rule a rubric names, with its parameters (the rubric's
    ``[scoring]`` table without ``rule``).  ``rule`` may be given by the name
    of a shipped rule; a plugin's rule is passed as its object."""

    rule: ScoringRule = field(default="share-of-max", converter=_rule)  # type: ignore[assignment]
    parameters: Mapping[str, Any] = field(factory=dict, hash=False)

    # Asked for every area and question scored: worked out once (a rule's
    # answers depend on the parameters only, which are never changed).
    @cached_property
    def weights(self) -> Mapping[str, Decimal]:
        """Area weights in the total (an area not listed weighs 1)."""
        return self.rule.weights(self.parameters)

    @cached_property
    def rounding(self) -> Rounding:
        return self.rule.rounding(self.parameters)

    @cached_property
    def judgement_schema(self) -> dict[str, Any]:
        """The JSON Schema of one question's judgement in an evaluation file."""
        return self.rule.judgement_schema(self.parameters)

    def weight(self, area_id: str) -> Decimal:
        return self.weights.get(area_id, Decimal(1))


@frozen
class Rubric:
    """One version of a rubric, as defined in its data file.

    A scale known only at total level has ``areas_published`` false and no
    areas; its ``max`` is ``None`` when the scale's maximum is not known either.
    """

    id: str
    version: str
    name: Text
    year: int
    kind: Kind
    max: Decimal | None
    areas: tuple[Area, ...]
    scoring: Scoring = Scoring()
    provisional: bool = False
    provisional_note: Text | None = None
    short_name: Text | None = None
    description: Text | None = None
    default_language: str = DEFAULT_LANGUAGE
    source: tuple[tuple[str, str], ...] = field(default=(), converter=_pairs)
    translations: tuple[tuple[str, str], ...] = field(default=(), converter=_pairs)
    areas_published: bool = True
    origin: str = field(default="", eq=False)
    """Where the definition was read from (plugin and file), for messages."""

    def area(self, area_id: str) -> Area | None:
        return self._area_index.get(area_id)

    @cached_property
    def _area_index(self) -> dict[str, Area]:
        index: dict[str, Area] = {}
        for area in self.areas:
            index.setdefault(area.id, area)  # the first, should an id come twice
        return index

    @property
    def scoring_rule(self) -> str:
        """The name of the rubric's scoring rule."""
        return self.scoring.rule.name

    @cached_property
    def fingerprint(self) -> str:
        """A hash of everything that decides a score: the rule, its version and
        parameters, and the ids and maxima of areas and questions (see
        :func:`kompass_core.fingerprint.fingerprint`)."""
        from kompass_core.fingerprint import fingerprint

        return fingerprint(self)

    def questions(self) -> Iterator[tuple[Area, Question]]:
        for area in self.areas:
            for question in area.questions:
                yield area, question

    def find_question(self, question_id: str) -> tuple[Area, Question] | None:
        return self._question_index.get(question_id)

    @cached_property
    def _question_index(self) -> dict[str, tuple[Area, Question]]:
        # Looked up for every score of every file: built once per rubric.
        index: dict[str, tuple[Area, Question]] = {}
        for area, question in self.questions():
            index.setdefault(question.id, (area, question))
        return index


__all__ = ["Area", "Kind", "Question", "Rubric", "Scoring", "Text"]
