"""Kommunkompassen 2010 ("Kommunkompassen 2.0"), SKL's rubric for municipalities
from 2010, and the national means published on its scale."""

from importlib.resources import files
from importlib.resources.abc import Traversable

from kompass_core import hookimpl

_DATA = files("kompass_rubrics")


@hookimpl
def kompass_rubrics() -> list[Traversable]:
    return [_DATA / "kommunkompassen-2010.toml"]


@hookimpl
def kompass_reference_profiles() -> list[Traversable]:
    return [
        _DATA / "profiles" / "kommunkompassen-2010-mean-2015.toml",
        _DATA / "profiles" / "kommunkompassen-2010-mean-2017.toml",
    ]
