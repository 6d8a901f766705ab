"""Kommunkompassen 2020, SKR's revision with KS: eight new areas, known at
area level only (its questions are not public)."""

from importlib.resources import files
from importlib.resources.abc import Traversable

from kompass_core import hookimpl


@hookimpl
def kompass_rubrics() -> list[Traversable]:
    return [files("kompass_rubrics") / "kommunkompassen-2020.toml"]
