"""Reference profiles: the published national means, and broken profile data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import kompass_core as kompass
from kompass_core.cli import main


def test_published_means() -> None:
    """The means published in 2015 and 2017 on the 2010 scale are shipped as published."""
    mean_2015 = kompass.get_profile("kommunkompassen-2010-mean-2015")
    assert (mean_2015.rubric_id, mean_2015.year, mean_2015.total) == (
        "kommunkompassen-2010",
        2015,
        461,
    )
    assert mean_2015.areas == ()
    mean_2017 = kompass.get_profile("kommunkompassen-2010-mean-2017")
    assert [v for _, v in mean_2017.areas] == [55, 57, 68, 57, 59, 58, 54, 68]
    assert mean_2017.total == 476
    assert dict(mean_2017.source)["publisher"].startswith("SKL")


def test_unknown_profile() -> None:
    """An unknown profile id is a KompassError listing the known ones."""
    with pytest.raises(kompass.KompassError, match="kommunkompassen-2010-mean-2017"):
        kompass.get_profile("national-mean")


def test_cli_lists_profiles(capsys: pytest.CaptureFixture[str]) -> None:
    """`kompass profiles --format json` lists both means with their figures."""
    assert main(["profiles", "--format", "json", "--rubric", "kommunkompassen-2010"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [p["total"] for p in data] == [461, 476]


class ProfilePlugin:
    """Provides one profile file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @kompass.hookimpl
    def kompass_reference_profiles(self) -> list[Path]:
        return [self.path]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("total = 900", ("total", "out of range: expected a total from 0 to 800, found 900")),
        ('[areas]\n"9" = 50', ('areas."9"', "unknown area: expected an area of")),
        (
            "total = 300\n[areas]\n" + "\n".join(f'"{i}" = 50' for i in range(1, 9)),
            ("total", "total disagrees with the areas: expected about 400, found 300"),
        ),
    ],
)
def test_broken_profile_is_reported(tmp_path: Path, body: str, expected: tuple[str, str]) -> None:
    """A profile that does not fit its rubric is reported, naming the plugin and the place."""
    path = tmp_path / "p.toml"
    path.write_text(
        'id = "p"\nrubric = "kommunkompassen-2010"\nyear = 2020\nname = { sv = "P" }\n'
        'source = { publisher = "x" }\n' + body,
        "utf-8",
    )
    registry = kompass.Registry.from_entry_points(plugins=[ProfilePlugin(path)])
    assert [p.id for p in registry.profiles()] == [
        "kommunkompassen-2010-mean-2015",
        "kommunkompassen-2010-mean-2017",
    ]
    (problem,) = registry.problems
    assert problem.file == str(path)
    assert problem.path == expected[0]
    assert problem.message.startswith(f"plugin 'ProfilePlugin': {expected[1]}")
