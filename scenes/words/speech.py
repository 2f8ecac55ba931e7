"""Numbers, counts, lists, signs and formulas as a language says them.

The narration templates call these as filters (``{{ slope | num }}``,
``{{ function | formula }}``); the words themselves come from the language's
``language.toml``. Numbers are written as digits with the language's decimal mark
("4.6", "4,6"): text-to-speech reads them the way the language does, and subtitles
show them the same way. Nothing here computes maths or imports Manim.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Sequence

from scenes.core import decimals as decimals_module
from scenes.words.language import Language, load

_ADD, _MUL, _POW, _ATOM = 1, 2, 3, 4


def digits(value: float, decimals: int = 2, mark: str = ".") -> str:
    """``value`` rounded to ``decimals``, trailing zeros dropped, ``mark`` as decimal mark."""
    return decimals_module.trimmed(value, decimals, mark)


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


def _is_number(node: ast.AST) -> bool:
    match node:
        case ast.Constant(value=int() | float()):
            return True
        case ast.UnaryOp(op=ast.USub(), operand=inner):
            return _is_number(inner)
        case _:
            return False


class Speech:
    """How one language says numbers, lists and formulas."""

    def __init__(self, language: Language) -> None:
        self.language = language
        self.mark = language.decimal

    # ------------------------------------------------------------ numbers

    def digits(self, value: float, decimals: int = 2) -> str:
        return digits(value, decimals, self.mark)

    def num(self, value: float, decimals: int = 4) -> str:
        """A number for speech: digits, a leading minus said as a word; huge ones by size."""
        lang = self.language
        negative = lang.word("numbers", "negative")
        if math.isfinite(value) and abs(value) >= 1e6:
            exponent = math.floor(math.log10(abs(value)))
            mantissa = self.digits(abs(value) / 10**exponent, 1)
            sign = negative if value < 0 else ""
            return lang.word("numbers", "large").format(sign=sign, mantissa=mantissa,
                                                        exponent=exponent)
        text = self.digits(value, decimals)
        return f"{negative}{text[1:]}" if text.startswith("-") else text

    def screen(self, value: float, decimals: int = 2) -> str:
        """A number as a label shows it: fixed decimals, the language's mark, a true minus."""
        return decimals_module.fixed(value, decimals, self.mark)

    def count(self, n: int) -> str:
        """A count in words when it is small ("five"), in digits otherwise."""
        small = self.language.words("numbers", "small")
        return small[n] if 0 <= n < len(small) else str(n)

    def ordinal(self, n: int) -> str:
        ordinals = self.language.words("numbers", "ordinals")
        if 0 <= n < len(ordinals):
            return ordinals[n]
        return self.language.word("numbers", "ordinal_other").format(n=n)

    def plural(self, n: int, one: str, many: str | None = None) -> str:
        """``1 step``, ``6 steps``: the count in digits and its noun."""
        return f"{n} {one if n == 1 else many or one + 's'}"

    def sign(self, value: float) -> str:
        key = "positive" if value > 0 else "negative" if value < 0 else "zero"
        return self.language.word("signs", key)

    # ------------------------------------------------------------ lists

    def listing(self, items: Sequence[str], last: str = "and") -> str:
        """``a``, ``a and b``, ``a, b and c`` (``last`` is ``and`` or ``or``)."""
        word = self.language.word("lists", last)
        items = [str(i) for i in items]
        if not items:
            return ""
        if len(items) == 1:
            return items[0]
        # With a decimal comma, numbers in a list are kept apart by semicolons.
        sep = "; " if self.mark == "," and any(self.mark in i for i in items) else ", "
        return f"{sep.join(items[:-1])} {word} {items[-1]}"

    # ------------------------------------------------------------ formulas

    def formula(self, text: str) -> str:
        """A formula read aloud: ``(w - 3)**2`` → "w minus 3, squared"."""
        try:
            tree = ast.parse(text.replace("^", "**"), mode="eval")
        except (SyntaxError, ValueError):  # ValueError: a NUL byte, on Python 3.11.2
            return text
        words = " ".join(self._words(tree).split())
        return words.rstrip(",").replace(",,", ",").replace(" ,", ",")

    def _f(self, key: str) -> str:
        return self.language.word("formula", key)

    def _grouped(self, node: ast.AST, above: int) -> str:
        words = self._words(node)
        if _rank(node) <= above:
            return f"{self._f('quantity')} {words},"
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow) \
                and _rank(node.left) < _ATOM:
            return f"{self._f('quantity')} {words}"
        return words

    def _power_ordinal(self, n: int) -> str | None:
        table = self.language.optional("formula", "power_ordinals")
        names = table if isinstance(table, list) else self.language.words("numbers", "ordinals")
        return names[n] if 4 <= n < len(names) and names[n] else None

    def _words(self, node: ast.AST) -> str:  # noqa: C901 - one case per kind of node
        match node:
            case ast.Expression(body=body):
                return self._words(body)
            case ast.Constant(value=bool()):
                return str(node.value)
            case ast.Constant(value=int() | float() as value):
                return self.digits(float(value), 6)
            case ast.Name(id=name):
                names = self.language.optional("formula", "names") or {}
                return str(names.get(name, name))
            case ast.UnaryOp(op=ast.USub(), operand=inner):
                return f"{self._f('minus')} {self._words(inner)}"
            case ast.UnaryOp(op=ast.UAdd(), operand=inner):
                return self._words(inner)
            case ast.BinOp(left=left, op=ast.Add(), right=right):
                return f"{self._words(left)} {self._f('plus')} {self._grouped(right, 0)}"
            case ast.BinOp(left=left, op=ast.Sub(), right=right):
                return f"{self._words(left)} {self._f('minus')} {self._grouped(right, _ADD)}"
            case ast.BinOp(left=left, op=ast.Mult(), right=right):
                # "3 x", "3 x squared": a number before a variable needs no "times".
                if _is_number(left) and self._grouped(right, _ADD) == self._words(right) \
                        and not _is_number(right) and _rank(right) >= _POW \
                        and not isinstance(right, ast.Call):
                    return f"{self._words(left)} {self._words(right)}"
                return (f"{self._grouped(left, _ADD)} {self._f('times')} "
                        f"{self._grouped(right, _ADD)}")
            case ast.BinOp(left=left, op=ast.Div(), right=right):
                return (f"{self._grouped(left, _ADD)} {self._f('over')} "
                        f"{self._grouped(right, _MUL)}")
            case ast.BinOp(left=left, op=ast.Pow(), right=right):
                base = self._words(left) + ("," if _rank(left) < _ATOM else "")
                if isinstance(right, ast.Constant) and right.value == 2:
                    return f"{base} {self._f('squared')}"
                if isinstance(right, ast.Constant) and right.value == 3:
                    return f"{base} {self._f('cubed')}"
                if isinstance(right, ast.Constant) and isinstance(right.value, int) \
                        and not isinstance(right.value, bool):
                    ordinal = self._power_ordinal(right.value)
                    if ordinal:
                        return f"{base} " + self._f("nth_power").format(ordinal=ordinal)
                return f"{base} {self._f('power')} {self._grouped(right, _POW)}"
            case ast.Call(func=ast.Name(id="exp"), args=[arg]):
                key = "exp_atom" if _rank(arg) == _ATOM else "exp"
                return self._f(key).format(x=self._words(arg))
            case ast.Call(func=ast.Name(id=name), args=[arg]):
                functions = self.language.optional("formula", "functions") or {}
                if name in functions:
                    said = self._words(arg)
                    return f"{functions[name]} {said}" + ("," if _rank(arg) < _ATOM else "")
                return ast.unparse(node)
            case _:
                return ast.unparse(node)


def speech(code: str = "en") -> Speech:
    return Speech(load(code))


# English shorthands, for code that speaks one language.

def num(value: float, decimals: int = 4) -> str:
    return speech().num(value, decimals)


def formula(text: str) -> str:
    return speech().formula(text)


def count(n: int) -> str:
    return speech().count(n)


def ordinal(n: int) -> str:
    return speech().ordinal(n)


def listing(items: Sequence[str], last: str = "and", sep: str = ", ") -> str:
    if sep != ", " and len(items) > 1:
        word = speech().language.word("lists", last)
        return f"{sep.join(items[:-1])}{sep}{word} {items[-1]}"
    return speech().listing(items, last)


def numbers(values: Sequence[float], decimals: int = 4, last: str = "and") -> str:
    return listing([num(v, decimals) for v in values], last)


def plural(n: int, word: str, many: str | None = None) -> str:
    return speech().plural(n, word, many)


def sign_word(value: float) -> str:
    return speech().sign(value)
