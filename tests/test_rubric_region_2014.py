"""Golden tests: the shipped Regionkompassen 2014 rubric is the project's reconstruction.

The pilot's questions were never published; the reconstruction (domain
reference, section 7) is the 2010 rubric's structure, questions, ids and maxima
with the wording adapted to a region.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import kompass_core as kompass

PATH = Path(__file__).resolve().parents[1] / "rubrics" / "regionkompassen-2014.toml"
RUBRIC = kompass.load_rubric(PATH)
BASIS = kompass.get_rubric("kommunkompassen-2010")
DOMAIN = Path(__file__).resolve().parents[2] / "shared" / "domain" / "kommunkompassen.md"

AREA_NAMES = [
    "Offentlighet och demokrati",
    "Tillgänglighet och invånar-/patientorientering",
    "Politisk styrning och kontroll",
    "Ledarskap, ansvar och delegation",
    "Resultat och effektivitet",
    "Regionen som arbetsgivare",
    "Verksamhetsutveckling",
    "Regionen som samhällsbyggare – regional utveckling",
]

# "kommun" as a word stem, but not "kommunikation"/"kommuniceras".
MUNICIPAL_SV = re.compile(r"kommun(?!i[kc])", re.IGNORECASE)
MUNICIPAL_EN = re.compile(r"municipal", re.IGNORECASE)
# Phrases that genuinely mean the municipalities within the region.
ALLOWED_SV = ("regionens kommuner", "kommunerna i länet", "länets kommuner")
ALLOWED_EN = ("municipalities in the region", "region's municipalities", "county's municipalities")


def _texts() -> list[kompass.Text]:
    texts = [RUBRIC.name] + [a.name for a in RUBRIC.areas]
    texts += [h for a in RUBRIC.areas for h in a.headings]
    texts += [q.text for _, q in RUBRIC.questions()]
    return texts


def _unadapted(text: str, lang: str = "sv") -> bool:
    """Whether ``text`` still has municipal wording outside the allowed phrases."""
    pattern, allowed = (MUNICIPAL_SV, ALLOWED_SV) if lang == "sv" else (MUNICIPAL_EN, ALLOWED_EN)
    for phrase in allowed:
        text = re.sub(re.escape(phrase), "", text, flags=re.IGNORECASE)
    return bool(pattern.search(text))


def test_metadata() -> None:
    """Id, year, kind, total maximum, and clearly marked as provisional."""
    assert (RUBRIC.id, RUBRIC.year, RUBRIC.kind, RUBRIC.max) == (
        "regionkompassen-2014",
        2014,
        "region",
        800,
    )
    assert RUBRIC.provisional is True
    assert RUBRIC.provisional_note is not None
    assert {"sv", "en"} <= set(RUBRIC.provisional_note.languages)
    assert "rekonstruktion" in RUBRIC.provisional_note.get("sv")
    assert "reconstruction" in RUBRIC.provisional_note.get("en")
    assert RUBRIC.scoring_rule == "share-of-max"
    assert RUBRIC.default_language == "sv"


def test_area_names() -> None:
    """The areas carry the names suggested for the reconstruction."""
    assert [a.id for a in RUBRIC.areas] == [str(n) for n in range(1, 9)]
    assert [a.name.get("sv") for a in RUBRIC.areas] == AREA_NAMES
    assert all("nb" not in a.name.languages for a in RUBRIC.areas)


@pytest.mark.skipif(
    not DOMAIN.exists(), reason="the domain reference (../shared) is not beside the repository"
)
def test_area_names_match_the_domain_reference() -> None:
    """The Swedish area names are the ones section 7 of the reference suggests."""
    section = DOMAIN.read_text("utf-8").split("## 7.", 1)[1].split("## 8.", 1)[0]
    section = re.sub(r"\s+", " ", section)
    listing = section.split("Suggested area names:", 1)[1].split(". ", 1)[0].rstrip(". ")
    expected = {}
    for item in listing.split(";"):
        match = re.fullmatch(r"(\d) (.+?)(?: \(.*\))?", item.strip())
        assert match, item
        expected[match.group(1)] = match.group(2)
    assert len(expected) == 8
    assert {a.id: a.name.get("sv") for a in RUBRIC.areas} == expected
    assert list(expected.values()) == AREA_NAMES


def test_same_questions_and_maxima_as_2010() -> None:
    """The reconstruction keeps the 2010 structure: questions, ids, maxima, sub-headings."""
    assert [(q.id, q.max) for _, q in RUBRIC.questions()] == [
        (q.id, q.max) for _, q in BASIS.questions()
    ]
    assert [(a.id, a.max, len(a.headings)) for a in RUBRIC.areas] == [
        (a.id, a.max, len(a.headings)) for a in BASIS.areas
    ]
    for area in RUBRIC.areas:
        assert area.max == 100 == sum(q.max for q in area.questions)
    assert RUBRIC.max == BASIS.max == sum(a.max for a in RUBRIC.areas)


def test_every_text_has_swedish_and_english() -> None:
    """Swedish is required everywhere; the English translation is complete."""
    texts = [*_texts(), RUBRIC.provisional_note]
    if RUBRIC.short_name is not None:
        texts.append(RUBRIC.short_name)
    if RUBRIC.description is not None:
        texts.append(RUBRIC.description)
    for text in texts:
        assert text is not None
        assert {"sv", "en"} <= set(text.languages), text
    assert dict(RUBRIC.translations) == {
        "en": "Unofficial English translation by the Kompass project."
    }


def test_wording_is_adapted_to_a_region() -> None:
    """No area name, sub-heading or question still speaks of the municipality."""
    left = [t.get("sv") for t in _texts() if _unadapted(t.get("sv"))]
    left += [t.get("en") for t in _texts() if _unadapted(t.get("en"), "en")]
    assert left == []


def test_the_check_would_catch_an_unadapted_copy() -> None:
    """The 2010 texts fail the wording check, so the check is not vacuous."""
    basis = [q.text for _, q in BASIS.questions()]
    assert sum(_unadapted(t.get("sv")) for t in basis) >= 20
    assert sum(_unadapted(t.get("en"), "en") for t in basis) >= 20
    assert not _unadapted("Hur samverkar regionen med kommunerna i länet?")
    assert not _unadapted("Regionledningens kommunikation")
    assert not _unadapted("Hur kommuniceras resultat?")
    assert _unadapted("Hur arbetar kommunen med vårdval?")
    assert _unadapted("Finns en kommunövergripande personalstrategi?")


def test_region_specific_wording() -> None:
    """Freedom of choice became choice of care provider; area 8 is regional development."""
    assert "vårdval" in RUBRIC.find_question("2.4")[1].text.get("sv")
    assert "regional utveckling" in RUBRIC.find_question("8.1")[1].text.get("sv")
