"""Regionkompassen 2014, the pilot for regions: a provisional reconstruction
(the 2010 structure, wording adapted to a region), since SKL never published
the pilot's question list; and the migrations between it and Kommunkompassen
2010 (every question copied one to one)."""

from importlib.resources import files
from importlib.resources.abc import Traversable

from kompass_core import hookimpl

_DATA = files("kompass_rubrics")


@hookimpl
def kompass_rubrics() -> list[Traversable]:
    return [_DATA / "regionkompassen-2014.toml"]


@hookimpl
def kompass_migrations() -> list[Traversable]:
    return [
        _DATA / "migrations" / "kommunkompassen-2010-to-regionkompassen-2014.toml",
        _DATA / "migrations" / "regionkompassen-2014-to-kommunkompassen-2010.toml",
    ]
