"""The cache by identity that rubric-derived values are kept in."""

from __future__ import annotations

from kompass_core._identity import ByIdentity


def test_the_same_objects_get_the_value_made_once() -> None:
    """A value is made once for the same objects, and anew for equal but other ones."""
    cache: ByIdentity[list[int]] = ByIdentity(4)
    one, other = [1], [1]
    made = []
    first = cache.get((one, "x"), lambda: made.append(1) or [len(made)])
    assert cache.get((one, "x"), lambda: [99]) is first
    assert cache.get((other, "x"), lambda: [99]) == [99]
    assert made == [1]


def test_past_its_limit_it_starts_afresh() -> None:
    """It never holds more than its limit of entries."""
    cache: ByIdentity[int] = ByIdentity(2)
    kept = [object() for _ in range(5)]
    for number, thing in enumerate(kept):
        cache.get((thing,), lambda n=number: n)
    assert len(cache._entries) <= 2
    assert cache.get((kept[-1],), lambda: -1) == 4
