"""Entry points read without importlib.metadata give importlib.metadata's answer."""

from __future__ import annotations

import importlib.metadata
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kompass_core import _entry_points, _plugins
from kompass_core._entry_points import EntryPoint, entry_points
from kompass_core.cli import main
from kompass_core.errors import InvalidInputError


def _reference(group: str) -> list[tuple[Any, ...]]:
    """importlib.metadata's entry points of a group, as the reader describes them."""
    found = []
    for ep in importlib.metadata.entry_points(group=group):
        dist = ep.dist
        assert dist is not None
        found.append((ep.name, ep.value, ep.group, dist.name, dist.version))
    return found


def _read(group: str) -> list[tuple[Any, ...]]:
    """The reader's own answer: it must not hand the question to importlib.metadata."""
    return [
        (e.name, e.value, e.group, e.distribution, e.version) for e in _entry_points._read(group)
    ]


@pytest.fixture
def path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    """An empty ``sys.path`` for the test to fill with folders of its own."""
    entries: list[str] = []
    monkeypatch.setattr(sys, "path", entries)
    monkeypatch.chdir(tmp_path)
    return entries


def _dist(
    folder: Path,
    stem: str,
    name: str,
    version: str,
    entry_points_txt: str | None,
    *,
    suffix: str = ".dist-info",
) -> Path:
    info = folder / f"{stem}{suffix}"
    info.mkdir(parents=True)
    header = "PKG-INFO" if suffix == ".egg-info" else "METADATA"
    (info / header).write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\nSummary: x\n\nBody: no header\n",
        encoding="utf-8",
    )
    if entry_points_txt is not None:
        (info / "entry_points.txt").write_text(entry_points_txt, encoding="utf-8")
    return info


def test_every_group_of_this_environment_is_read_as_importlib_metadata_reads_it() -> None:
    """Every group of every installed distribution here, kompass's included."""
    groups = importlib.metadata.entry_points().groups
    assert {"kompass", "console_scripts"} <= groups
    for group in sorted(groups):
        assert _read(group) == _reference(group), group
    assert [e.name for e in entry_points("kompass")] == [e[0] for e in _reference("kompass")]


def test_the_first_distribution_of_a_name_counts(path: list[str], tmp_path: Path) -> None:
    """A name found twice (spelt as folders spell it) counts where sys.path finds it first."""
    first, second = tmp_path / "first", tmp_path / "second"
    _dist(first, "Foo_Bar-2.0", "Foo-Bar", "2.0", "[kompass]\nnew = new_module\n")
    _dist(second, "foo.bar-1.0", "foo.bar", "1.0", "[kompass]\nold = old_module\n")
    _dist(second, "other-1.0", "other", "1.0", "[kompass]\nother = other_module:hooks\n")
    path[:] = [str(first), str(tmp_path / "missing"), str(second)]
    assert _read("kompass") == _reference("kompass")
    assert [e[0] for e in _read("kompass")] == ["new", "other"]


def test_entry_point_files_are_read_line_by_line_as_importlib_metadata_reads_them(
    path: list[str], tmp_path: Path
) -> None:
    """Comments, blank lines, spaces, other groups, attributes and extras."""
    text = (
        "# a comment\n\n[console_scripts]\ntool = tool.cli:main\n\n"
        "  [kompass]  \n  spaced   =   some.module : hooks.inner [extra1, extra2]  \n"
        "# key = commented.out\nplain=plain_module\n[other]\nx = y\n"
    )
    _dist(tmp_path / "site", "spaced-1.0", "spaced", "1.0", text)
    _dist(tmp_path / "site", "none-1.0", "none", "1.0", None)  # no entry_points.txt
    (tmp_path / "site" / "legacy-1.0.egg-info").write_text("Name: legacy\n")  # a file
    path[:] = [str(tmp_path / "site")]
    for group in ("kompass", "console_scripts", "other", "absent"):
        assert _read(group) == _reference(group)
    assert _read("kompass")[0][:2] == ("spaced", "some.module : hooks.inner [extra1, extra2]")


def test_egg_info_folders_and_the_current_directory(path: list[str], tmp_path: Path) -> None:
    """A develop install's ``.egg-info`` (PKG-INFO), found through ``""`` (the current folder)."""
    _dist(
        tmp_path,
        "Dev_Plugin",
        "dev-plugin",
        "0.3.dev1",
        "[kompass]\ndev = dev\n",
        suffix=".egg-info",
    )
    path[:] = [""]
    assert (
        _read("kompass")
        == _reference("kompass")
        == [("dev", "dev", "kompass", "dev-plugin", "0.3.dev1")]
    )


def test_name_and_version_are_read_as_the_email_parser_reads_them(
    path: list[str], tmp_path: Path
) -> None:
    """The first of two headers counts, keys are not case-sensitive, spaces stay at the end."""
    info = _dist(tmp_path / "site", "dup-1.0", "dup", "1.0", "[kompass]\nd = dup\n")
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nname:\tDup-Name  \nName: second\nVERSION: 1.0 \n\nName: body\n",
        encoding="utf-8",
    )
    path[:] = [str(tmp_path / "site")]
    assert _read("kompass") == _reference("kompass")
    assert _read("kompass")[0][3:] == ("Dup-Name  ", "1.0 ")


names = st.sampled_from(["alpha", "Alpha", "al_pha", "al-pha", "beta", "Beta.Two", "beta-two"])
versions = st.sampled_from(["1.0", "2.0.post1", "0.1.dev3"])
lines = st.sampled_from(
    [
        "[kompass]",
        "[other]",
        "a = mod_a",
        "b=mod_b:obj",
        "  c =  mod.c:obj.attr [x] ",
        "# a = commented",
        "",
        "[kompass]",
    ]
)
layouts = st.lists(  # folders on sys.path, each a list of distributions
    st.lists(
        st.tuples(names, versions, st.lists(lines, max_size=8), st.booleans()),
        max_size=4,
        unique_by=lambda d: (d[0], d[1]),
    ),
    min_size=1,
    max_size=3,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(layout=layouts)
def test_any_layout_gives_importlib_metadata_answer(
    layout: list[list[tuple[str, str, list[str], bool]]],
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Folders of distributions with names that collide once normalised, in any order."""
    root = tmp_path_factory.mktemp("layout")
    entries = []
    for i, dists in enumerate(layout):
        folder = root / f"site{i}"
        folder.mkdir()
        entries.append(str(folder))
        for name, version, text, egg in dists:
            suffix = ".egg-info" if egg else ".dist-info"
            _dist(folder, f"{name}-{version}", name, version, "\n".join(text), suffix=suffix)
    monkeypatch.setattr(sys, "path", entries)
    for group in ("kompass", "other"):
        assert _read(group) == _reference(group)


def test_what_only_importlib_metadata_reads_is_left_to_it(path: list[str], tmp_path: Path) -> None:
    """A zip file on sys.path and a folded header: the answer is importlib.metadata's."""
    archive = tmp_path / "plugins.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("zipped-1.0.dist-info/METADATA", "Name: zipped\nVersion: 1.0\n")
        zipped.writestr("zipped-1.0.dist-info/entry_points.txt", "[kompass]\nz = zipped\n")
    path[:] = [str(archive)]
    with pytest.raises(_entry_points._Unreadable):
        _read("kompass")
    assert [(e.name, e.distribution) for e in entry_points("kompass")] == [("z", "zipped")]

    info = _dist(tmp_path / "site", "folded-1.0", "folded", "1.0", "[kompass]\nf = folded\n")
    (info / "METADATA").write_text("Name: folded\n  continued\nVersion: 1.0\n", encoding="utf-8")
    path[:] = [str(tmp_path / "site")]
    with pytest.raises(_entry_points._Unreadable):
        _read("kompass")
    found = entry_points("kompass")
    assert [(e.name, e.value, e.group, e.distribution, e.version) for e in found] == _reference(
        "kompass"
    )
    assert "continued" in str(found[0].distribution)


def test_a_finder_that_supplies_distributions_is_asked_through_importlib_metadata(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An import hook's own distributions are found only by importlib.metadata."""

    class Finder:
        @staticmethod
        def find_spec(*args: Any) -> None:
            return None

        @staticmethod
        def find_distributions(*args: Any) -> list[Any]:
            return []

    monkeypatch.setattr(sys, "meta_path", [Finder(), *sys.meta_path])
    with pytest.raises(_entry_points._Unreadable):
        _read("kompass")
    assert [e.name for e in entry_points("kompass")] == [e[0] for e in _reference("kompass")]


def test_metadata_that_is_not_utf8_is_one_problem_naming_the_file(
    path: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A broken entry_points.txt: one line with file, line, column and byte, no traceback."""
    info = _dist(tmp_path / "site", "broken-1.0", "broken", "1.0", None)
    (info / "entry_points.txt").write_bytes(b"[kompass]\nb = broken\xff\n")
    path[:] = [str(tmp_path / "site")]
    with pytest.raises(InvalidInputError) as raised:
        entry_points("kompass")
    (problem,) = raised.value.problems
    assert str(problem) == (
        f"{info / 'entry_points.txt'}:2:11: expected UTF-8 text, found the byte 0xff"
    )
    _plugins._entry_point_registry.cache_clear()
    try:
        assert main(["rubrics", "list"]) == 1
    finally:
        _plugins._entry_point_registry.cache_clear()
    assert capsys.readouterr().err.strip() == str(problem)


def test_load_imports_the_module_and_follows_attributes() -> None:
    """``module``, ``module:attr.attr`` and extras load as importlib.metadata loads them."""
    ep = EntryPoint("x", "kompass_core.scoring", "kompass", None, None)
    assert ep.load() is sys.modules["kompass_core.scoring"]
    ep = EntryPoint("x", "os.path : join [extra]", "kompass", None, None)
    assert ep.load() is __import__("os").path.join
    with pytest.raises(ValueError, match="not a module or module:attribute: '-bad'"):
        EntryPoint("x", "-bad", "kompass", None, None).load()
