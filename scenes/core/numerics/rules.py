"""The rules table: which rule differentiates each example, checked numerically."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import sympy

from scenes.core.formula import Formula
from scenes.core.numerics.slopes import central_difference


@dataclass(frozen=True)
class RuleExample:
    function: Formula
    derivative: Formula
    rule: str
    check_at: float
    symbolic: float
    central: float

    @property
    def check_error(self) -> float:
        return abs(self.symbolic - self.central)


def rule_used(f: Formula) -> str:
    """The differentiation rule that the first step of differentiating ``f`` uses."""
    expr = f.expr
    x = f.symbols[0]
    if not expr.has(x):
        return "constant"
    if isinstance(expr, sympy.Add):
        return "sum"
    if isinstance(expr, sympy.Mul):
        constants = [a for a in expr.args if not a.has(x)]
        if constants:
            return "constant multiple"
        return "product"
    if isinstance(expr, sympy.Pow):
        return "power" if expr.base == x else "chain"
    if isinstance(expr, sympy.exp | sympy.log) or expr.func.__name__ == "sigmoid":
        inner = expr.args[0]
        if inner == x:
            return {"exp": "exponential", "log": "logarithm"}.get(expr.func.__name__, "sigmoid")
        return "chain"
    if expr.args and expr.args[0] != x:
        return "chain"
    return "standard derivative"


def _domain_point(f: Formula, candidates: Sequence[float] = (1.5, 0.7, 2.3, -0.6)) -> float:
    for x in candidates:
        values = [f(x + d) for d in (-1e-3, 0.0, 1e-3)]
        if all(np.isfinite(values)):
            return x
    raise ValueError(f"{f.text} is undefined near every check point")


def derivative_rules(examples: Sequence[Formula]) -> list[RuleExample]:
    out = []
    for f in examples:
        fprime = f.diff()
        x = _domain_point(f)
        out.append(
            RuleExample(f, fprime, rule_used(f), x, float(fprime(x)), central_difference(f, x))
        )
    return out
