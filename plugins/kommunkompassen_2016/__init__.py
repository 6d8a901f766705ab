"""Kommunkompassen 2016, SKL's revision of the rubric for municipalities
(mainly areas 3, 5 and 7 changed; area 8 has seven questions), and the
migrations between it and Kommunkompassen 2010."""

from importlib.resources import files
from importlib.resources.abc import Traversable

from kompass_core import hookimpl

_DATA = files("kompass_rubrics")


@hookimpl
def kompass_rubrics() -> list[Traversable]:
    return [_DATA / "kommunkompassen-2016.toml"]


@hookimpl
def kompass_migrations() -> list[Traversable]:
    return [
        _DATA / "migrations" / "kommunkompassen-2010-to-2016.toml",
        _DATA / "migrations" / "kommunkompassen-2016-to-2010.toml",
    ]
