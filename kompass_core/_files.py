"""Writing output files safely: never over an existing file unless asked,
never over an input, and atomically (a temporary file in the same folder,
then a rename), so that a failure leaves any earlier file intact."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from kompass_core.errors import KompassError


def write_atomic(
    path: str | os.PathLike[str],
    text: str,
    *,
    force: bool = False,
    inputs: Iterable[str | os.PathLike[str]] = (),
) -> None:
    """Write ``text`` (UTF-8) to ``path``.

    :raises KompassError: ``path`` exists and ``force`` is false, ``path`` is one
        of ``inputs``, or the folder cannot be written.
    """
    with atomic_writer(path, force=force, inputs=inputs) as out:
        out.write(text)


@contextmanager
def atomic_writer(
    path: str | os.PathLike[str],
    *,
    force: bool = False,
    inputs: Iterable[str | os.PathLike[str]] = (),
) -> Iterator[IO[str]]:
    """A text file to write ``path`` through, piece by piece: it replaces
    ``path`` only when the ``with`` block ends without an error, so a failure
    or an interrupt leaves any earlier file intact and no partial file behind.

    :raises KompassError: as :func:`write_atomic`.
    """
    target = Path(path)
    for source in inputs:
        if Path(source).exists() and target.exists() and target.samefile(source):
            raise KompassError(f"{target}: refusing to write over an input file")
    if target.is_dir():
        raise KompassError(f"{target}: expected a file to write, found a directory")
    if target.exists() and not force:
        raise KompassError(f"{target}: exists already; use --force to replace it")
    folder = target.parent if str(target.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=folder)
    except OSError as error:
        raise KompassError(f"{target}: cannot write: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, _mode(target))
        os.replace(temporary, target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise KompassError(f"{target}: cannot write: {error.strerror or error}") from None
    except BaseException:  # an interrupt or an error while writing: no partial file
        Path(temporary).unlink(missing_ok=True)
        raise


def _mode(target: Path) -> int:
    """The replaced file's permissions, or what a new file would get."""
    if target.exists():
        return target.stat().st_mode & 0o7777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


__all__ = ["atomic_writer", "write_atomic"]
