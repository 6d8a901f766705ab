"""The Kommunkompassen scale used before 2010, known only at total level, and
the total-level migrations between it and Kommunkompassen 2010."""

from importlib.resources import files
from importlib.resources.abc import Traversable

from kompass_core import hookimpl

_DATA = files("kompass_rubrics")


@hookimpl
def kompass_rubrics() -> list[Traversable]:
    return [_DATA / "kommunkompassen-pre2010.toml"]


@hookimpl
def kompass_migrations() -> list[Traversable]:
    return [
        _DATA / "migrations" / "kommunkompassen-pre2010-to-2010.toml",
        _DATA / "migrations" / "kommunkompassen-2010-to-pre2010.toml",
    ]
