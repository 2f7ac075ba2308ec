"""How numbers are written for people: points on the 0-10 scale and signed changes.

One place, so the progress page, the session summary, the report and the PDF agree:
at most one decimal and none when it is zero ("2 points", "1.5 points"), a true minus
sign (read as "minus" by screen readers, unlike a hyphen), and plain "0" for anything
that rounds to zero (never "+0" or "−0").
"""

from __future__ import annotations

MINUS = "\u2212"
NO_VALUE = "\u2013"  # an en dash for "nothing to show"


def points(value: float | None) -> str:
    """One decimal at most: 1.25 -> '1.2', 2.0 -> '2', -0.5 -> '−0.5', 0.04 -> '0'."""
    if value is None:
        return NO_VALUE
    text = f"{abs(value):.1f}".removesuffix(".0")
    if text == "0":
        return "0"
    return MINUS + text if value < 0 else text


def points_word(value: float) -> str:
    """'1 point', '1.5 points', '−2 points'."""
    text = points(value)
    return f"{text} point" + ("" if text in ("1", MINUS + "1") else "s")


def signed(value: float | None) -> str:
    """A change with its sign: '+1.5', '−2', '0'."""
    if value is None:
        return NO_VALUE
    text = points(value)
    return text if text == "0" or text.startswith(MINUS) else "+" + text


def interval(low: float, high: float) -> str:
    """'0.4 to 2.1', '−1 to 0.5'."""
    return f"{points(low)} to {points(high)}"
