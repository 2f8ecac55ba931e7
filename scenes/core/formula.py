"""Safe formulas: parsed from a whitelist, differentiated with sympy, evaluated with numpy.

A user's text is never evaluated as Python. It is parsed with :func:`ast.parse`, every
node is checked against a whitelist (numbers, the scene's variables, ``+ - * / **``,
unary minus and a handful of functions), and the tree is translated by hand into a
sympy expression. Numeric evaluation walks that expression with numpy; nothing is
compiled or executed.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any, cast

import numpy as np
import numpy.typing as npt
import sympy

FloatArray = npt.NDArray[np.float64]

MAX_LENGTH = 200
MAX_DEPTH = 30
MAX_EXPONENT = 12
MAX_CONSTANT = 1e6
FUNCTIONS = ("exp", "log", "sin", "cos", "tanh", "sqrt", "sigmoid")
CONSTANTS = {"pi": sympy.pi, "e": sympy.E}


class FormulaError(ValueError):
    """A formula that is not accepted; the message says why and what is."""


class sigmoid(sympy.Function):  # type: ignore[misc]  # named as users write it
    """The logistic function 1 / (1 + e^(-x)), with derivative sigma(x)(1 - sigma(x))."""

    @classmethod
    def eval(cls, arg: sympy.Expr) -> sympy.Expr | None:
        if arg.is_zero:
            return sympy.Rational(1, 2)
        return None

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        s = sigmoid(self.args[0])
        return s * (1 - s)

    def _latex(self, printer: Any) -> str:
        return rf"\sigma\left({printer._print(self.args[0])}\right)"


_SYMPY_FUNCTIONS: dict[str, Callable[[sympy.Expr], sympy.Expr]] = {
    "exp": sympy.exp,
    "log": sympy.log,
    "sin": sympy.sin,
    "cos": sympy.cos,
    "tanh": sympy.tanh,
    "sqrt": sympy.sqrt,
    "sigmoid": sigmoid,
}


def _accepted(variables: tuple[str, ...]) -> str:
    names = ", ".join(variables)
    return (
        f"use the variable{'s' if len(variables) > 1 else ''} {names}, numbers, "
        f"+ - * / ** and {' '.join(FUNCTIONS)}"
    )


class _Translator:
    """Turn a whitelisted Python AST into a sympy expression."""

    def __init__(self, text: str, variables: tuple[str, ...]) -> None:
        self.text = text
        self.variables = variables
        self.symbols = {name: sympy.Symbol(name, real=True) for name in variables}

    def refuse(self, why: str) -> FormulaError:
        return FormulaError(f"formula {self.text!r}: {why}; {_accepted(self.variables)}")

    def translate(self, node: ast.AST, depth: int = 0) -> sympy.Expr:
        if depth > MAX_DEPTH:
            raise self.refuse("it is nested too deeply")
        match node:
            case ast.Expression(body=body):
                return self.translate(body, depth + 1)
            case ast.Constant(value=value):
                return self.number(value)
            case ast.Name(id=name):
                if name in self.symbols:
                    return self.symbols[name]
                if name in CONSTANTS:
                    return cast(sympy.Expr, CONSTANTS[name])
                if name in FUNCTIONS:
                    raise self.refuse(f"{name} is a function: write {name}(...)")
                raise self.refuse(f"unknown name {name!r}")
            case ast.UnaryOp(op=ast.USub(), operand=operand):
                return -self.translate(operand, depth + 1)
            case ast.UnaryOp(op=ast.UAdd(), operand=operand):
                return self.translate(operand, depth + 1)
            case ast.BinOp(left=left, op=op, right=right):
                return self.binary(left, op, right, depth)
            case ast.Call(func=ast.Name(id=name), args=args, keywords=keywords):
                if name not in FUNCTIONS:
                    raise self.refuse(f"unknown function {name!r}")
                if keywords or len(args) != 1:
                    raise self.refuse(f"{name} takes exactly one argument")
                return _SYMPY_FUNCTIONS[name](self.translate(args[0], depth + 1))
            case ast.Call():
                raise self.refuse("only the listed functions can be called")
            case ast.Attribute():
                raise self.refuse("attribute access is not allowed")
            case _:
                raise self.refuse(f"{type(node).__name__} is not allowed")

    def number(self, value: object) -> sympy.Expr:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.refuse(f"{value!r} is not a number")
        if not math.isfinite(value) or abs(value) > MAX_CONSTANT:
            raise self.refuse(f"the number {value!r} is out of range (at most {MAX_CONSTANT:g})")
        if isinstance(value, int):
            return sympy.Integer(value)
        # Keep decimals exact (0.1 stays 1/10) so derivatives typeset cleanly.
        return cast(sympy.Expr, sympy.Rational(repr(value)))

    def binary(self, left: ast.AST, op: ast.operator, right: ast.AST, depth: int) -> sympy.Expr:
        a = self.translate(left, depth + 1)
        b = self.translate(right, depth + 1)
        match op:
            case ast.Add():
                return a + b
            case ast.Sub():
                return a - b
            case ast.Mult():
                return a * b
            case ast.Div():
                if b.is_zero:
                    raise self.refuse("division by zero")
                return a / b
            case ast.Pow():
                if b.free_symbols:
                    raise self.refuse("an exponent must be a number, not contain a variable")
                exponent = float(b)
                if not math.isfinite(exponent) or abs(exponent) > MAX_EXPONENT:
                    raise self.refuse(
                        f"the exponent must lie between -{MAX_EXPONENT} and {MAX_EXPONENT}"
                    )
                if a.is_zero and exponent < 0:
                    raise self.refuse("division by zero")
                return cast(sympy.Expr, a**b)
            case _:
                raise self.refuse(f"the operator {type(op).__name__} is not allowed")


def _evaluate(expr: sympy.Basic, env: Mapping[sympy.Symbol, FloatArray | float]) -> Any:
    """Evaluate a sympy expression built by :class:`_Translator` with numpy."""
    if isinstance(expr, sympy.Symbol):
        return env[expr]
    if expr.is_Number or expr in (sympy.pi, sympy.E):
        return float(expr)
    args = [_evaluate(arg, env) for arg in expr.args]
    if isinstance(expr, sympy.Add):
        total = args[0]
        for arg in args[1:]:
            total = total + arg
        return total
    if isinstance(expr, sympy.Mul):
        product = args[0]
        for arg in args[1:]:
            product = product * arg
        return product
    if isinstance(expr, sympy.Pow):
        base, exponent = args
        if expr.exp == sympy.Rational(1, 2):
            return np.sqrt(base)
        if expr.exp.is_Integer:
            return np.power(np.asarray(base, dtype=np.float64), int(expr.exp))
        return np.power(np.asarray(base, dtype=np.float64), exponent)
    unary: dict[type, Callable[[Any], Any]] = {
        sympy.exp: np.exp,
        sympy.log: np.log,
        sympy.sin: np.sin,
        sympy.cos: np.cos,
        sympy.tanh: np.tanh,
        sigmoid: lambda z: 0.5 * (1.0 + np.tanh(0.5 * z)),
        sympy.sech: lambda z: 1.0 / np.cosh(z),
        sympy.cosh: np.cosh,
        sympy.sinh: np.sinh,
    }
    for kind, function in unary.items():
        if isinstance(expr, kind):
            return function(args[0])
    raise FormulaError(f"cannot evaluate {expr} numerically")


def _terminating(r: sympy.Rational) -> bool:
    """True when the fraction has a finite decimal expansion (denominator 2^a·5^b)."""
    q = int(r.q)
    for p in (2, 5):
        while q % p == 0:
            q //= p
    return q == 1


@dataclass(frozen=True)
class Formula:
    """A parsed formula in named variables: callable, differentiable, typesettable.

    ``decimal`` is set when the user wrote decimals (1.25, not 5/4): exact fractions
    are then shown as decimals again, so 1.25*(w - 2.2)**2 differentiates to 2.5 w − 5.5.
    """

    text: str
    variables: tuple[str, ...]
    expr: sympy.Expr
    decimal: bool = False

    @property
    def symbols(self) -> tuple[sympy.Symbol, ...]:
        return tuple(sympy.Symbol(name, real=True) for name in self.variables)

    def __call__(self, *values: float | FloatArray) -> Any:
        """Evaluate at numbers or arrays; overflow gives inf, never an exception."""
        if len(values) != len(self.variables):
            raise TypeError(f"{self.text} takes {len(self.variables)} values")
        env = {s: np.asarray(v, dtype=np.float64)
               for s, v in zip(self.symbols, values, strict=True)}
        with np.errstate(all="ignore"):
            result = _evaluate(self.expr, env)
            shape = np.broadcast_shapes(*(np.shape(v) for v in env.values()))
            out = np.broadcast_to(np.asarray(result, dtype=np.float64), shape)
        return float(out) if out.ndim == 0 else np.array(out)

    def diff(self, variable: str | None = None, order: int = 1) -> Formula:
        """The derivative with respect to ``variable`` (the only one by default).

        Derived once per formula, variable and order: scenes, words and the core ask
        for the same derivative many times in one render.
        """
        return _derivative(self, variable if variable is not None else self.variables[0],
                           order)

    def _diff(self, name: str, order: int) -> Formula:
        symbol = dict(zip(self.variables, self.symbols, strict=True))[name]
        derived = cast(sympy.Expr, sympy.diff(self.expr, symbol, order))
        shown = self._shown(derived)
        return Formula(sympy.sstr(shown, full_prec=False), self.variables, derived,
                       self.decimal)

    def gradient(self) -> tuple[Formula, ...]:
        return tuple(self.diff(name) for name in self.variables)

    def _shown(self, expr: sympy.Expr) -> sympy.Expr:
        if not self.decimal:
            return expr
        swaps = {r: sympy.Float(r, 15) for r in expr.atoms(sympy.Rational)
                 if not r.is_integer and _terminating(r)}
        return cast(sympy.Expr, expr.xreplace(swaps))

    @cached_property
    def latex(self) -> str:
        return cast(str, sympy.latex(self._shown(self.expr), full_prec=False))

    @property
    def is_constant(self) -> bool:
        return not self.expr.free_symbols


@lru_cache(maxsize=512)
def _derivative(f: Formula, name: str, order: int) -> Formula:
    return f._diff(name, order)


def parse(text: str, variables: tuple[str, ...] = ("x",)) -> Formula:
    """Parse ``text`` into a :class:`Formula`; raise :class:`FormulaError` if it is refused.

    A formula is parsed once: the parameters, the core and the scene all ask for it, and
    they get the same object.
    """
    if not isinstance(text, str):
        raise FormulaError(f'formula {text!r} must be text, e.g. "x**2"')
    return _parse(text.strip(), tuple(variables))


@lru_cache(maxsize=256)
def _parse(source: str, variables: tuple[str, ...]) -> Formula:
    if not source:
        raise FormulaError(f"formula is empty; {_accepted(variables)}")
    if len(source) > MAX_LENGTH:
        raise FormulaError(f"formula is longer than {MAX_LENGTH} characters")
    translator = _Translator(source, variables)
    try:
        tree = ast.parse(source.replace("^", "**"), mode="eval")
    except (SyntaxError, ValueError):  # 3.11.2 refuses a NUL byte with ValueError
        raise translator.refuse("it is not a formula") from None
    expr = translator.translate(tree)
    if expr.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
        raise translator.refuse("it is undefined (division by zero)")
    return Formula(source, variables, expr, decimal="." in source)
