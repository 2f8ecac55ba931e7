"""Critical points of a function of one variable and what kind each is."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import sympy

from scenes.core.formula import Formula
from scenes.core.numerics.derivatives import real_roots


class CriticalKind(StrEnum):
    MINIMUM = "minimum"
    MAXIMUM = "maximum"
    NEITHER = "not an extremum"


@dataclass(frozen=True)
class CriticalPoint:
    x: float
    value: float
    second_derivative: float
    second_derivative_test: str  # "minimum", "maximum" or "inconclusive"
    kind: CriticalKind
    higher_order: int  # order of the first non-zero derivative at x
    left_value: float
    right_value: float
    probe: float


def _first_nonzero_derivative(f: Formula, x: float, max_order: int = 8) -> tuple[int, float]:
    symbol = f.symbols[0]
    expr = sympy.diff(f.expr, symbol)
    for order in range(2, max_order + 1):
        expr = sympy.diff(expr, symbol)
        value = float(expr.subs(symbol, sympy.nsimplify(x)).evalf())
        if abs(value) > 1e-12:
            return order, value
    return max_order + 1, 0.0


def critical_points(f: Formula, lo: float = -5.0, hi: float = 5.0,
                    probe: float = 0.1) -> list[CriticalPoint]:
    """Critical points of ``f`` in [lo, hi], each with the second-derivative verdict.

    Where f'' is zero the test is inconclusive; the first non-zero higher derivative
    decides (even order: extremum, odd order: not an extremum), and the values at
    x ± probe are reported so the learner can see it.
    """
    fprime = f.diff()
    f2 = f.diff(order=2)
    points = []
    for x in real_roots(fprime, lo, hi):
        second = float(f2(x))
        if second > 1e-12:
            test = "minimum"
        elif second < -1e-12:
            test = "maximum"
        else:
            test = "inconclusive"
        order, value = _first_nonzero_derivative(f, x)
        if order % 2 == 1:
            kind = CriticalKind.NEITHER
        else:
            kind = CriticalKind.MINIMUM if value > 0 else CriticalKind.MAXIMUM
        points.append(CriticalPoint(x, float(f(x)), second, test, kind, order,
                                    float(f(x - probe)), float(f(x + probe)), probe))
    return points
