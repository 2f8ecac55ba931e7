"""Plot ranges and round tick values."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from scenes.core.numerics.finite import FloatArray


def padded_range(values: Sequence[float] | FloatArray, pad: float = 0.1,
                 minimum_span: float = 1.0) -> tuple[float, float]:
    """A padded [lo, hi] covering the finite ``values``, at least ``minimum_span`` wide."""
    data = np.asarray(values, dtype=np.float64).ravel()
    data = data[np.isfinite(data)]
    lo, hi = (float(data.min()), float(data.max())) if data.size else (0.0, 1.0)
    span = max(hi - lo, minimum_span)
    mid = 0.5 * (lo + hi)
    lo, hi = mid - span / 2, mid + span / 2
    return lo - pad * span, hi + pad * span


def nice_step(span: float, ticks: int = 5) -> float:
    """A round tick spacing (1, 2 or 5 times a power of ten) for about ``ticks`` ticks."""
    raw = span / max(ticks, 1)
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1.0
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return float(factor * power)
    return float(10 * power)


def axis_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """:func:`ticks` without 0, where the axes cross and a label would sit on both."""
    step = nice_step(hi - lo, count)
    return [v for v in ticks(lo, hi, count) if abs(v) > step / 2]


def ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick values inside [lo, hi], about ``count`` of them."""
    step = nice_step(hi - lo, count)
    first = math.ceil(lo / step - 1e-9)
    last = math.floor(hi / step + 1e-9)
    return [round(k * step, 12) + 0.0 for k in range(first, last + 1)]


def robust_range(values: Sequence[float] | FloatArray, pad: float = 0.1,
                 include: Sequence[float] = ()) -> tuple[float, float]:
    """A padded range for plotting ``values``, ignoring the far tails near a pole.

    When the full spread is more than 20 times the middle 90 % of the values, the
    2nd to 98th percentiles are used instead, so one spike does not flatten the curve.
    """
    data = np.asarray(values, dtype=np.float64).ravel()
    data = data[np.isfinite(data)]
    if data.size:
        q02, q05, q95, q98 = np.percentile(data, [2, 5, 95, 98])
        if data.max() - data.min() > 20 * max(q95 - q05, 1e-12):
            data = data[(data >= q02) & (data <= q98)]
    return padded_range(np.concatenate([data, np.asarray(include, dtype=np.float64)]), pad)
