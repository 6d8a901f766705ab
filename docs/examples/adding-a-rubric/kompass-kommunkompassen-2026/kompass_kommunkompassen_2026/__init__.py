"""Kommunkompassen 2026, an invented example revision (see Kompass's
docs/adding-a-rubric.md), and the migration from Kommunkompassen 2016 to it."""

from importlib.resources import files
from importlib.resources.abc import Traversable

from kompass_core import hookimpl

_DATA = files(__name__) / "data"


@hookimpl
def kompass_rubrics() -> list[Traversable]:
    return [_DATA / "kommunkompassen-2026.toml"]


@hookimpl
def kompass_migrations() -> list[Traversable]:
    return [_DATA / "kommunkompassen-2016-to-2026.toml"]
