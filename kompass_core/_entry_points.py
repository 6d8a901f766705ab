"""Entry points, found as ``importlib.metadata.entry_points`` finds them, for
a fraction of its import cost.

Importing ``importlib.metadata`` imports the ``email`` package (and with it
``socket``, ``datetime``, ``calendar``, ``zipfile`` …): about 20 ms, paid by
every command that loads plugins, more than reading the plugins costs.
Finding entry points needs none of it. A distribution's entry points are the
``entry_points.txt`` of its ``*.dist-info`` (or ``*.egg-info``) folder in a
folder on ``sys.path``; its name and version are headers of the folder's
``METADATA`` (or ``PKG-INFO``); of two distributions with the same normalised
name, the one found first counts.

:func:`entry_points` reads exactly that. Where an environment holds anything
else importlib.metadata can read (a zip file or an egg on ``sys.path``, an
import hook that supplies distributions of its own), or a file it cannot read
line by line as importlib.metadata does, it asks importlib.metadata instead.
``tests/test_entry_points.py`` holds the two to the same answer.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from functools import reduce
from importlib import import_module
from importlib.machinery import PathFinder
from typing import Any

from attrs import frozen

from kompass_core._reading import decode

_INFO = (".dist-info", ".egg-info")
# importlib.metadata's EntryPoint.pattern
_VALUE = re.compile(r"(?P<module>[\w.]+)\s*(:\s*(?P<attr>[\w.]+)\s*)?((?P<extras>\[.*\])\s*)?$")


@frozen
class EntryPoint:
    """One entry point of an installed distribution."""

    name: str
    value: str
    group: str
    distribution: str | None
    """The distribution's name (its ``Name`` header), None if it has none."""
    version: str | None
    """The distribution's version (its ``Version`` header)."""

    def load(self) -> Any:
        """The object the entry point names (importing its module)."""
        match = _VALUE.match(self.value)
        if match is None:
            raise ValueError(f"not a module or module:attribute: {self.value!r}")
        module = import_module(match.group("module"))
        return reduce(getattr, filter(None, (match.group("attr") or "").split(".")), module)


class _Unreadable(Exception):
    """Something only importlib.metadata reads."""


def entry_points(group: str) -> list[EntryPoint]:
    """The entry points of ``group`` of every installed distribution, in the
    order ``importlib.metadata.entry_points(group=group)`` gives them."""
    try:
        return list(_read(group))
    except _Unreadable:
        return _from_importlib(group)


def _read(group: str) -> Iterator[EntryPoint]:
    if any(_supplies_distributions(finder) for finder in sys.meta_path):
        raise _Unreadable
    seen: set[str] = set()
    for entry in sys.path:
        for name, folder in _infos(entry):
            if name in seen:
                continue
            seen.add(name)
            text = _text(folder, "entry_points.txt")
            if text is None or f"[{group}]" not in text:
                continue  # no entry point of the group (a quick test: most have none)
            pairs = list(_pairs(text, group))
            if pairs:
                distribution, version = _name_and_version(folder)
                for key, value in pairs:
                    yield EntryPoint(key, value, group, distribution, version)


def _supplies_distributions(finder: Any) -> bool:
    """Whether an import hook other than the path finder supplies distributions."""
    return finder is not PathFinder and hasattr(finder, "find_distributions")


def _infos(entry: str) -> Iterator[tuple[str, str]]:
    """The metadata folders in a ``sys.path`` entry: normalised name and path,
    grouped by name in the order the names first come (as importlib.metadata
    groups them)."""
    root = entry or "."
    if os.path.basename(root).lower().endswith(".egg"):
        raise _Unreadable  # an egg: its metadata is its EGG-INFO
    try:
        children = os.listdir(root)
    except NotADirectoryError:
        raise _Unreadable from None  # a zip file
    except OSError:
        return  # missing or unreadable: importlib.metadata skips it too
    found: dict[str, list[str]] = {}
    for child in children:
        low = child.lower()
        if low.endswith(_INFO):
            name = _normalise(low.rpartition(".")[0].partition("-")[0])
            found.setdefault(name, []).append(os.path.join(entry, child))
    for name, folders in found.items():
        for folder in folders:
            yield name, folder


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower().replace("-", "_")


def _text(folder: str, name: str) -> str | None:
    """A metadata file's text; None when there is none (as importlib.metadata
    reads it). Text that is not UTF-8, on which importlib.metadata raises a
    bare UnicodeDecodeError, is one problem naming the file, line and column."""
    path = os.path.join(folder, name)
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError, PermissionError):
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        decode(raw, path)  # raises InvalidInputError: where the first bad byte is
        raise


def _pairs(text: str, group: str) -> Iterator[tuple[str, str]]:
    """The ``name = value`` lines of a group's section, read as importlib.metadata
    reads them."""
    section = None
    for line in map(str.strip, text.splitlines()):
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line.strip("[]")
        elif section == group:
            if "=" not in line:
                raise _Unreadable  # importlib.metadata fails on it: let it say so
            key, value = line.split("=", 1)
            yield key.strip(), value.strip()


def _name_and_version(folder: str) -> tuple[str | None, str | None]:
    """The ``Name`` and ``Version`` headers of a distribution's metadata."""
    text = _text(folder, "METADATA") or _text(folder, "PKG-INFO")
    if text is None:
        raise _Unreadable
    headers: dict[str, str] = {}
    for line in text.splitlines():
        if not line:
            break  # the headers end at the first empty line
        if line[0] in " \t":
            raise _Unreadable  # a folded header: leave it to the email parser
        key, colon, value = line.partition(":")
        if not colon or key != key.strip():
            raise _Unreadable
        headers.setdefault(key.lower(), value.lstrip(" \t"))
    return headers.get("name"), headers.get("version")


def _from_importlib(group: str) -> list[EntryPoint]:
    from importlib.metadata import entry_points as installed

    found = []
    for ep in installed(group=group):
        dist = ep.dist
        name, version = (dist.name, dist.version) if dist else (None, None)
        found.append(EntryPoint(ep.name, ep.value, group, name, version))
    return found


__all__ = ["EntryPoint", "entry_points"]
