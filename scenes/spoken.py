"""Words for the narration: formulas, counts and lists read aloud.

The narration scripts name every value that depends on the parameters with a
``{placeholder}``; the scenes fill them with these helpers, so a user's own function or
numbers are spoken as they are, never the defaults. Numbers are written as digits
(text-to-speech reads "4.6" well); formulas are read from their text the way a
teacher would say them ("w minus 3, squared"). Nothing here computes maths.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Sequence

from scenes.narration import say

_SMALL = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
          "ten", "eleven", "twelve")
_ORDINAL = ("zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh",
            "eighth", "ninth", "tenth", "eleventh", "twelfth")
_FUNCTIONS = {"log": "the log of", "sin": "sine of", "cos": "cosine of", "tanh": "tanh of",
              "sqrt": "the square root of", "sigmoid": "sigma of"}


def count(n: int) -> str:
    """A count in words when it is small ("five"), in digits otherwise."""
    return _SMALL[n] if 0 <= n < len(_SMALL) else str(n)


def ordinal(n: int) -> str:
    """An ordinal in words when it is small ("third"), "number 14" otherwise."""
    return _ORDINAL[n] if 0 <= n < len(_ORDINAL) else f"number {n}"


def listing(items: Sequence[str], last: str = "and", sep: str = ", ") -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    # "a, b and c", but "a; b; and c" when the items hold commas of their own.
    tail = " " if sep == ", " else sep
    return f"{sep.join(items[:-1])}{tail}{last} {items[-1]}"


def numbers(values: Sequence[float], decimals: int = 4, last: str = "and") -> str:
    return listing([num(v, decimals) for v in values], last)


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 step``, ``6 steps``: a count and its noun, the count in digits."""
    return f"{n} {word if n == 1 else many or word + 's'}"


# ------------------------------------------------------------------ formulas

_ADD, _MUL, _POW, _ATOM = 1, 2, 3, 4


def _rank(node: ast.AST) -> int:
    match node:
        case ast.BinOp(op=ast.Add() | ast.Sub()):
            return _ADD
        case ast.BinOp(op=ast.Mult() | ast.Div()):
            return _MUL
        case ast.BinOp(op=ast.Pow()):
            return _POW
        case ast.UnaryOp():
            return _ADD
        case _:
            return _ATOM


def _grouped(node: ast.AST, above: int) -> str:
    """A part of a product or quotient: "the quantity ..." when it is a sum."""
    words = _words(node)
    if _rank(node) <= above:
        return f"the quantity {words},"
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow) and _rank(node.left) < _ATOM:
        return f"the quantity {words}"  # "3 times the quantity x plus 1, squared"
    return words


def _is_number(node: ast.AST) -> bool:
    match node:
        case ast.Constant(value=int() | float()):
            return True
        case ast.UnaryOp(op=ast.USub(), operand=inner):
            return _is_number(inner)
        case _:
            return False


def _words(node: ast.AST) -> str:
    match node:
        case ast.Expression(body=body):
            return _words(body)
        case ast.Constant(value=bool()):
            return str(node.value)
        case ast.Constant(value=int() | float() as value):
            return say(float(value), 6)
        case ast.Name(id="pi"):
            return "pi"
        case ast.Name(id=name):
            return name
        case ast.UnaryOp(op=ast.USub(), operand=inner):
            return f"minus {_words(inner)}"
        case ast.UnaryOp(op=ast.UAdd(), operand=inner):
            return _words(inner)
        case ast.BinOp(left=left, op=ast.Add(), right=right):
            return f"{_words(left)} plus {_grouped(right, 0)}"
        case ast.BinOp(left=left, op=ast.Sub(), right=right):
            return f"{_words(left)} minus {_grouped(right, _ADD)}"
        case ast.BinOp(left=left, op=ast.Mult(), right=right):
            # "3 x", "3 x squared": a number in front of a variable needs no "times".
            if _is_number(left) and _grouped(right, _ADD) == _words(right) \
                    and not _is_number(right) and _rank(right) >= _POW:
                return f"{_words(left)} {_words(right)}"
            return f"{_grouped(left, _ADD)} times {_grouped(right, _ADD)}"
        case ast.BinOp(left=left, op=ast.Div(), right=right):
            return f"{_grouped(left, _ADD)} over {_grouped(right, _MUL)}"
        case ast.BinOp(left=left, op=ast.Pow(), right=right):
            base = _words(left)
            if _rank(left) < _ATOM:
                base += ","
            if isinstance(right, ast.Constant) and right.value == 2:
                return f"{base} squared"
            if isinstance(right, ast.Constant) and right.value == 3:
                return f"{base} cubed"
            if isinstance(right, ast.Constant) and isinstance(right.value, int) \
                    and 4 <= right.value < len(_ORDINAL):
                return f"{base} to the {_ORDINAL[right.value]}"
            return f"{base} to the power {_grouped(right, _POW)}"
        case ast.Call(func=ast.Name(id="exp"), args=[arg]):
            if _rank(arg) == _ATOM:
                return f"e to the {_words(arg)}"
            return f"e to the power {_words(arg)},"
        case ast.Call(func=ast.Name(id=name), args=[arg]) if name in _FUNCTIONS:
            said = _words(arg)
            return f"{_FUNCTIONS[name]} {said}" + ("," if _rank(arg) < _ATOM else "")
        case _:
            return ast.unparse(node)


def formula(text: str) -> str:
    """A formula as it is read aloud: ``(w - 3)**2`` → "w minus 3, squared"."""
    try:
        tree = ast.parse(text.replace("^", "**"), mode="eval")
    except SyntaxError:
        return text
    words = " ".join(_words(tree).split())
    return words.rstrip(",").replace(",,", ",")


def num(value: float, decimals: int = 4) -> str:
    """A number for speech: :func:`say`, with a leading minus written as a word.

    Beyond a million a number is said by its size: "about 2.6 times 10 to the 63".
    """
    if math.isfinite(value) and abs(value) >= 1e6:
        exponent = math.floor(math.log10(abs(value)))
        mantissa = say(abs(value) / 10**exponent, 1)
        sign = "minus " if value < 0 else ""
        return f"{sign}about {mantissa} times 10 to the {exponent}"
    text = say(value, decimals)
    return f"minus {text[1:]}" if text.startswith("-") else text


def sign_word(value: float) -> str:
    return "positive" if value > 0 else "negative" if value < 0 else "zero"
