"""Slopes of lines and secants, the difference quotient and the central difference."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np
import sympy

from scenes.core.formula import Formula
from scenes.core.numerics.finite import FloatArray


@dataclass(frozen=True)
class LineSlopes:
    """Points on y = m·x + b and the rise-over-run slope between every pair."""

    m: float
    b: float
    points: list[tuple[float, float]]
    pair_slopes: list[tuple[int, int, float, float, float]]  # i, j, rise, run, slope


def line_slopes(m: float, b: float, xs: Sequence[float]) -> LineSlopes:
    points = [(float(x), m * float(x) + b) for x in xs]
    pairs = []
    for i, j in combinations(range(len(points)), 2):
        (x1, y1), (x2, y2) = points[i], points[j]
        run = x2 - x1
        if run == 0:
            continue
        rise = y2 - y1
        pairs.append((i, j, rise, run, rise / run))
    return LineSlopes(m, b, points, pairs)


@dataclass(frozen=True)
class SecantRow:
    h: float
    x1: float
    y0: float
    y1: float
    rise: float
    run: float
    slope: float
    error: float  # slope minus the derivative


@dataclass(frozen=True)
class SecantTable:
    x0: float
    y0: float
    derivative: float
    derivative_formula: Formula
    rows: list[SecantRow]


def secant_slope(f: Formula, x0: float, h: float) -> float:
    """The slope of the secant through (x0, f(x0)) and (x0 + h, f(x0 + h))."""
    return float((f(x0 + h) - f(x0)) / h)


def secant_table(f: Formula, x0: float, hs: Sequence[float]) -> SecantTable:
    fprime = f.diff()
    y0 = float(f(x0))
    derivative = float(fprime(x0))
    rows = []
    for h in hs:
        x1 = x0 + h
        y1 = float(f(x1))
        rise = y1 - y0
        slope = rise / h
        rows.append(SecantRow(h, x1, y0, y1, rise, h, slope, slope - derivative))
    return SecantTable(x0, y0, derivative, fprime, rows)


@dataclass(frozen=True)
class SecantSweep:
    """A dense sweep of h through the table's values, for animating the shrink.

    ``progress`` runs from 0 to len(hs) - 1; at integer progress k, h equals hs[k].
    Between table values h moves geometrically (or linearly across a sign change).
    """

    progress: FloatArray
    h: FloatArray
    x1: FloatArray
    y1: FloatArray
    rise: FloatArray
    slope: FloatArray


def secant_sweep(f: Formula, x0: float, hs: Sequence[float],
                 samples_per_step: int = 90) -> SecantSweep:
    values = [float(h) for h in hs]
    if len(values) == 1:
        values = values * 2
    progress_parts, h_parts = [], []
    for k, (a, b) in enumerate(zip(values, values[1:], strict=False)):
        t = np.linspace(0.0, 1.0, samples_per_step, endpoint=False)
        h = a * (b / a) ** t if a * b > 0 else a + (b - a) * t
        progress_parts.append(k + t)
        h_parts.append(h)
    progress_parts.append(np.array([len(values) - 1.0]))
    h_parts.append(np.array([values[-1]]))
    progress = np.concatenate(progress_parts)
    h = np.concatenate(h_parts)
    # A sign change passes through h = 0, where no secant exists: nudge it aside.
    h = np.where(h == 0, 1e-9, h)
    with np.errstate(all="ignore"):
        x1 = x0 + h
        y1 = np.asarray(f(x1), dtype=np.float64)
        rise = y1 - float(f(x0))
    return SecantSweep(progress, h, x1, y1, rise, rise / h)


def difference_quotient(f: Formula, x0: float) -> sympy.Expr:
    """(f(x0 + h) - f(x0)) / h simplified, as an expression in h (e.g. h + 2 for x² at 1)."""
    h = sympy.Symbol("h", real=True)
    x = f.symbols[0]
    point = sympy.nsimplify(x0)
    quotient = (f.expr.subs(x, point + h) - f.expr.subs(x, point)) / h
    return sympy.simplify(sympy.cancel(quotient))


# The step of the central difference that checks symbolic derivatives.
CENTRAL_H = 1e-5


def central_difference(f: Formula, x: float, h: float = CENTRAL_H) -> float:
    return float((f(x + h) - f(x - h)) / (2 * h))
