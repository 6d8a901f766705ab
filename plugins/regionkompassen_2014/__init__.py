"""Regionkompassen 2014, the pilot for regions: a provisional reconstruction
(the 2010 structure, wording adapted to a region), since SKL never published
the pilot's question list."""

from importlib.resources import files
from importlib.resources.abc import Traversable

from kompass_core import hookimpl


@hookimpl
def kompass_rubrics() -> list[Traversable]:
    return [files("kompass_rubrics") / "regionkompassen-2014.toml"]
