"""Exact decimal arithmetic and the display rounding the published reports use."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal
from functools import lru_cache

# Scores are sums and products of a few short decimals; 40 significant digits
# keep every such operation exact.  Only a division (a share of a maximum, a
# percentage) can need more digits than that, and those values are shown
# rounded.  The functions below call the context's methods, which compute
# exactly as ``with localcontext(CONTEXT)`` would, without entering it each time.
CONTEXT = Context(prec=40)

ONE = Decimal(1)
HUNDRED = Decimal(100)
HALF = Decimal("0.5")


def round_half_up(value: Decimal, places: int = 0) -> Decimal:
    """Round half away from zero, as the published reports do.

    Python's ``round()`` rounds half to even (``round(10.5) == 10``), which is
    wrong for display here.
    """
    return value.quantize(step(-places), rounding=ROUND_HALF_UP, context=CONTEXT)


def share_percent(points: Decimal, maximum: Decimal) -> Decimal:
    """``points`` as a percentage of ``maximum`` (maximum must be positive)."""
    return CONTEXT.divide(CONTEXT.multiply(points, HUNDRED), maximum)


def points_from_percent(percent: Decimal, maximum: Decimal) -> Decimal:
    """The points a judged percentage of ``maximum`` is worth, unrounded."""
    return CONTEXT.divide(CONTEXT.multiply(maximum, percent), HUNDRED)


def total(values: list[Decimal]) -> Decimal:
    """Exact sum."""
    result = Decimal(0)
    for value in values:
        result = CONTEXT.add(result, value)
    return result


def resolution(value: Decimal) -> Decimal:
    """The step of the last digit written: 16 -> 1, 16.2 -> 0.1, 16.25 -> 0.01.

    A figure copied from a report is itself rounded to this step, so the exact
    value behind it lies within half a step of it.
    """
    for common in _COMMON_STEPS:  # a quicker test than as_tuple() for most figures
        if value.same_quantum(common):
            return common
    exponent = value.as_tuple().exponent
    if not isinstance(exponent, int):  # NaN or infinity never reach here
        raise ValueError(f"not a finite number: {value}")
    return step(min(exponent, 0))


@lru_cache(maxsize=64)
def step(exponent: int) -> Decimal:
    """``10 ** exponent``, made once for each exponent."""
    return Decimal(1).scaleb(exponent)


_COMMON_STEPS = (Decimal(1), Decimal("0.1"), Decimal("0.01"))


def plain(value: Decimal) -> str:
    """A decimal as people write it: no exponent, no trailing zeros."""
    text = str(value)
    if text.isdigit():  # a whole number written plainly, as most maxima and weights
        return text
    if value == value.to_integral_value():
        return str(value.quantize(ONE))
    text = format(value.normalize(), "f")
    return text
