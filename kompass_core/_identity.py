"""Values worked out once for some immutable objects, found by the objects'
identity: for objects that cost too much to hash or compare (a rubric, its
areas, a migration), asked about for every evaluation read."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class ByIdentity(Generic[T]):
    """A cache keyed by the identity of a few objects.  The objects are kept
    with their value, so that their ids stay theirs; past ``limit`` entries
    (objects made on the fly, as tests and plugins' checks do) it starts afresh."""

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._entries: dict[tuple[int, ...], tuple[tuple[object, ...], T]] = {}

    def get(self, objects: tuple[object, ...], make: Callable[[], T]) -> T:
        """The value for ``objects``, made by ``make()`` the first time."""
        key = tuple(map(id, objects))
        entry = self._entries.get(key)
        # tuple == compares by identity first: the same objects, at C speed.
        if entry is not None and entry[0] == objects:
            return entry[1]
        value = make()
        if len(self._entries) >= self._limit:
            self._entries.clear()
        self._entries[key] = (objects, value)
        return value
