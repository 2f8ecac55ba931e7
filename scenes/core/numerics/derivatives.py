"""The derivative as a function: its zeros, where it is positive or negative, samples."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import sympy

from scenes.core.formula import Formula
from scenes.core.numerics.finite import OVERFLOW_LIMIT, FloatArray


def sample(f: Formula, lo: float, hi: float, n: int = 400) -> tuple[FloatArray, FloatArray]:
    """``n`` points of the curve of ``f`` on [lo, hi] (non-finite values kept as nan)."""
    xs = np.linspace(lo, hi, n)
    with np.errstate(all="ignore"):
        ys = np.asarray(f(xs), dtype=np.float64)
    return xs, np.where(np.isfinite(ys), ys, np.nan)


@dataclass(frozen=True)
class SignRegion:
    start: float
    end: float
    sign: int  # +1 rising, -1 falling, 0 flat


@dataclass(frozen=True)
class DerivativeFunction:
    fprime: Formula
    zeros: list[float]
    values_at_zeros: list[float]
    regions: list[SignRegion]


def real_roots(g: Formula, lo: float, hi: float) -> list[float]:
    """The real zeros of ``g`` in [lo, hi]: exact where sympy can solve, numeric otherwise.

    A function that is zero on a whole stretch has no isolated zeros there: none are given.
    """
    symbol = g.symbols[0]
    try:
        solved = sympy.solveset(g.expr, symbol, sympy.Interval(lo, hi))
    except (NotImplementedError, ValueError, TypeError):
        solved = None
    if solved is sympy.S.EmptySet:
        return []
    if isinstance(solved, sympy.Interval):
        return []
    if isinstance(solved, sympy.FiniteSet) and all(r.is_number for r in solved):
        return sorted(float(r) for r in solved if r.is_real)
    return _numeric_roots(g, lo, hi)


def _numeric_roots(g: Formula, lo: float, hi: float, samples: int = 2001) -> list[float]:
    xs = np.linspace(lo, hi, samples)
    ys = np.asarray(g(xs))
    roots: list[float] = []
    for i in range(samples - 1):
        a, b, ya, yb = xs[i], xs[i + 1], ys[i], ys[i + 1]
        if not (np.isfinite(ya) and np.isfinite(yb)):
            continue
        if ya == 0:
            roots.append(float(a))
        elif ya * yb < 0:
            for _ in range(80):
                mid = 0.5 * (a + b)
                ym = float(g(mid))
                if ya * ym <= 0:
                    b = mid
                else:
                    a, ya = mid, ym
            roots.append(float(0.5 * (a + b)))
    if ys[-1] == 0:
        roots.append(float(xs[-1]))
    return roots


def derivative_function(f: Formula, x_range: Sequence[float]) -> DerivativeFunction:
    lo, hi = float(x_range[0]), float(x_range[1])
    fprime = f.diff()
    zeros = real_roots(fprime, lo, hi)
    edges = [lo, *zeros, hi]
    regions = []
    for a, b in zip(edges, edges[1:], strict=False):
        if b <= a:
            continue
        mid_value = float(fprime(0.5 * (a + b)))
        regions.append(SignRegion(a, b, int(np.sign(mid_value))))
    return DerivativeFunction(fprime, zeros, [float(f(z)) for z in zeros], regions)


@dataclass(frozen=True)
class CurveSamples:
    """f and f′ sampled where both are finite, the zeros of f′ among the x's."""

    xs: FloatArray
    f: FloatArray
    fprime: FloatArray


def derivative_samples(f: Formula, fprime: Formula, lo: float, hi: float,
                       zeros: Sequence[float] = (), count: int = 241) -> CurveSamples:
    """Sample f and f′ on [lo, hi] (the zeros included exactly), dropping undefined x."""
    xs = np.union1d(np.linspace(lo, hi, count), np.asarray(zeros, dtype=np.float64))
    with np.errstate(all="ignore"):
        ys = np.asarray(f(xs), dtype=np.float64) * np.ones_like(xs)
        ds = np.asarray(fprime(xs), dtype=np.float64) * np.ones_like(xs)
    keep = (np.isfinite(ys) & np.isfinite(ds) & (np.abs(ys) < OVERFLOW_LIMIT)
            & (np.abs(ds) < OVERFLOW_LIMIT))
    return CurveSamples(xs[keep], ys[keep], ds[keep])
