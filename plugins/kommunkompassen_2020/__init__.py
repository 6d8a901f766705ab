"""Kommunkompassen 2020, SKR's revision with KS: eight new areas, known at
area level only (its questions are not public), and the area-level migration
from Kommunkompassen 2016."""

from importlib.resources import files
from importlib.resources.abc import Traversable

from kompass_core import hookimpl

_DATA = files("kompass_rubrics")


@hookimpl
def kompass_rubrics() -> list[Traversable]:
    return [_DATA / "kommunkompassen-2020.toml"]


@hookimpl
def kompass_migrations() -> list[Traversable]:
    return [
        _DATA / "migrations" / "kommunkompassen-2016-to-2020.toml",
    ]
