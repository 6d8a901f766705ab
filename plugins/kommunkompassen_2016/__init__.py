"""Kommunkompassen 2016, SKL's revision of the rubric for municipalities
(mainly areas 3, 5 and 7 changed; area 8 has seven questions)."""

from importlib.resources import files
from importlib.resources.abc import Traversable

from kompass_core import hookimpl


@hookimpl
def kompass_rubrics() -> list[Traversable]:
    return [files("kompass_rubrics") / "kommunkompassen-2016.toml"]
