"""The Kommunkompassen scale used before 2010, known only at total level."""

from importlib.resources import files
from importlib.resources.abc import Traversable

from kompass_core import hookimpl


@hookimpl
def kompass_rubrics() -> list[Traversable]:
    return [files("kompass_rubrics") / "kommunkompassen-pre2010.toml"]
