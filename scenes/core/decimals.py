"""How many decimals a number is shown with, and numbers written as text.

One module for every such choice in the course, so a label, a table and a subtitle that
show the same value choose its decimals the same way. Three questions, three functions:

- :func:`exact_decimals`: the fewest decimals that write the values *exactly*
  (0.25 → 2, 3 → 0, 0.1 → 1): for parameters a learner typed and labels of them.
- :func:`first_digit_decimals`: enough decimals that the *smallest* non-zero magnitude
  shows its first significant digit (0.001 → 3): for shrinking steps, gaps and errors,
  which would otherwise all read 0.00.
- :func:`readable_decimals`: one value exact when two decimals or fewer write it,
  otherwise with its first significant digit shown (0.5 → 1, 0.125 → 2, 0.0004 → 4).

And three ways to write a number, with a language's decimal mark (``"."`` or ``","``):
:func:`fixed` (a fixed count of decimals, as a label shows), :func:`trimmed` (trailing
zeros dropped, as speech and subtitles say it) and :func:`scientific` (a × 10ⁿ).

numpy only: nothing here imports Manim or knows about a scene.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np

# Relative tolerance for "this decimal writes the value exactly": absorbs float noise
# such as 0.1 + 0.2 = 0.30000000000000004, never a digit a reader could see.
EXACT_TOLERANCE = 1e-9

MINUS = "−"  # U+2212, the true minus sign used on screen
SUPERSCRIPTS = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def _finite(values: float | Iterable[float]) -> list[float]:
    items = np.atleast_1d(np.asarray(values, dtype=np.float64)).ravel()
    return [float(v) for v in items if math.isfinite(v)]


def _is_exact(value: float, decimals: int) -> bool:
    return abs(round(value, decimals) - value) <= EXACT_TOLERANCE * max(1.0, abs(value))


def exact_decimals(values: float | Iterable[float], most: int = 4, least: int = 0) -> int:
    """The fewest decimals, from ``least`` up to ``most``, that write every value exactly.

    ``most`` when no count up to it does (0.125 with ``most=2`` → 2). Non-finite values
    are ignored; with none left the answer is ``least``.
    """
    numbers = _finite(values)
    for decimals in range(least, most + 1):
        if all(_is_exact(v, decimals) for v in numbers):
            return decimals
    return max(most, least)


def first_digit_decimals(values: float | Iterable[float], minimum: int = 1,
                         maximum: int = 6) -> int:
    """Decimals that show the first significant digit of the smallest non-zero magnitude.

    Within [``minimum``, ``maximum``]; ``minimum`` when no value is finite and non-zero.
    With these decimals no non-zero value reads as zero (unless the maximum cuts it off),
    and the smallest is shown within half of itself.
    """
    magnitudes = [abs(v) for v in _finite(values) if v != 0]
    if not magnitudes:
        return minimum
    needed = -math.floor(math.log10(min(magnitudes)) + 1e-9)
    return int(min(maximum, max(minimum, needed)))


def readable_decimals(value: float, most: int = 6) -> int:
    """Exact when two decimals or fewer write ``value``; else its first significant digit.

    0 for zero and non-finite values; never more than ``most``. 0.5 → 1, 0.125 → 2,
    0.001 → 3, 12.75 → 2.
    """
    if value == 0 or not math.isfinite(value):
        return 0
    return int(min(most, max(exact_decimals(value, most=2),
                             first_digit_decimals(value, minimum=0, maximum=most))))


def fixed(value: float, decimals: int = 2, mark: str = ".", minus: str = MINUS) -> str:
    """``value`` with exactly ``decimals`` decimals, ``mark`` as decimal mark (4.60, 4,60).

    A value that rounds to zero is written without a sign (never "−0.00").
    """
    text = f"{value:.{decimals}f}"
    if text.startswith("-") and float(text) == 0:
        text = text[1:]
    return text.replace(".", mark).replace("-", minus)


def trimmed(value: float, decimals: int = 2, mark: str = ".") -> str:
    """``value`` rounded to ``decimals``, trailing zeros dropped (4.6, 4,6, 3); ASCII minus."""
    text = f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text.replace(".", mark)


def scientific(value: float, decimals: int = 2, mark: str = ".", minus: str = MINUS) -> str:
    """``value`` as a × 10ⁿ (1.50×10⁻⁷), for numbers too wide or too small to print plainly."""
    if value == 0 or not math.isfinite(value):
        return fixed(value, decimals, mark, minus) if value == 0 else str(value)
    exponent = math.floor(math.log10(abs(value)))
    mantissa = value / 10**exponent
    if abs(float(f"{mantissa:.{decimals}f}")) >= 10:  # 9.999 rounds up to 10.00
        exponent, mantissa = exponent + 1, mantissa / 10
    return (fixed(mantissa, decimals, mark, minus) + "×10"
            + str(exponent).translate(SUPERSCRIPTS))
