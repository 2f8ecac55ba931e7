"""Scene parameters: typed, ranged, described, and checked before anything runs.

Values arrive as TOML (``--set eta=0.1``, ``--set 'etas=[0.1, 1.0]'``, a ``--config``
file); text that is not valid TOML is taken as a string. Every refusal raises
:class:`ParamError` with one line naming the key and what it accepts.
"""

from __future__ import annotations

import difflib
import math
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from scenes.core import formula


class ParamError(ValueError):
    """A user's parameter that is refused; the message is shown as it is."""


def parse_value(text: str) -> Any:
    """A ``--set`` value: TOML if it parses as TOML, otherwise the text itself."""
    try:
        return tomllib.loads(f"value = {text}")["value"]
    except tomllib.TOMLDecodeError:
        return text


def suggest(word: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


@dataclass(frozen=True)
class Param:
    """One parameter of a scene.

    ``kind`` is one of ``float``, ``int``, ``floats`` (a list of numbers), ``point``
    (one number per variable), ``interval`` (two increasing numbers), ``formula``,
    ``formulas`` or ``choices`` (a list drawn from ``options``).
    """

    name: str
    kind: str
    default: Any
    help: str
    low: float | None = None
    high: float | None = None
    low_open: bool = False  # True: the value must be strictly above ``low``
    nonzero: bool = False
    min_items: int = 1
    max_items: int = 12
    variables: tuple[str, ...] = ("x",)
    options: tuple[str, ...] = ()

    # ------------------------------------------------------------------ describing

    @property
    def accepts(self) -> str:
        """What the parameter accepts, in words."""
        if self.kind in ("formula", "formulas"):
            names = ", ".join(self.variables)
            what = f"a formula in {names}, e.g. {self._example()}"
            return (
                what if self.kind == "formula" else f"a list of formulas, e.g. [{self._example()}]"
            )
        if self.kind == "choices":
            return f"a list drawn from {', '.join(self.options)}"
        number = "an integer" if self.kind == "int" else "a number"
        bounds = self._bounds()
        if self.kind == "floats":
            return f"a list of {self.min_items} to {self.max_items} numbers{bounds}"
        if self.kind in ("point", "interval"):
            return f"two numbers [{', '.join(self.variables)}]{bounds}"
        return f"{number}{bounds}"

    def _example(self) -> str:
        return (
            '"x**2"'
            if self.variables == ("x",)
            else ('"w**2"' if self.variables == ("w",) else '"x**2 + 2*y**2"')
        )

    def _bounds(self) -> str:
        parts = []
        if self.low is not None:
            parts.append(f"{'>' if self.low_open else '≥'} {self.low:g}")
        if self.high is not None:
            parts.append(f"≤ {self.high:g}")
        if self.nonzero:
            parts.append("not 0")
        return f" ({', '.join(parts)})" if parts else ""

    # ------------------------------------------------------------------ validating

    def refuse(self, value: Any, why: str) -> ParamError:
        return ParamError(f"{self.name}={_show(value)}: {why}; {self.name} takes {self.accepts}")

    def check(self, value: Any) -> Any:
        """Return the value in its canonical type, or raise :class:`ParamError`."""
        if self.kind == "float":
            return self._number(value)
        if self.kind == "int":
            return self._integer(value)
        if self.kind in ("floats", "point", "interval"):
            items = self._list(value)
            if self.kind in ("point", "interval") and len(items) != len(self.variables):
                raise self.refuse(value, f"needs exactly {len(self.variables)} numbers")
            numbers = [self._number(item, whole=value) for item in items]
            if self.kind == "interval" and not numbers[0] < numbers[1]:
                raise self.refuse(value, "the first number must be below the second")
            return numbers
        if self.kind == "formula":
            return self._formula(value)
        if self.kind == "formulas":
            return [self._formula(item) for item in self._list(value)]
        if self.kind == "choices":
            chosen = []
            for item in self._list(value):
                if item not in self.options:
                    raise self.refuse(
                        value, f"{_show(item)} is not an option{suggest(str(item), self.options)}"
                    )
                chosen.append(item)
            return chosen
        raise AssertionError(f"unknown parameter kind {self.kind}")

    def _list(self, value: Any) -> list[Any]:
        if not isinstance(value, list):
            raise self.refuse(value, "expected a list in brackets")
        low = len(self.variables) if self.kind in ("point", "interval") else self.min_items
        if len(value) < low:
            raise self.refuse(value, "the list is empty" if not value else "the list is too short")
        if len(value) > self.max_items and self.kind not in ("point", "interval"):
            raise self.refuse(value, f"at most {self.max_items} items")
        return value

    def _number(self, value: Any, whole: Any = None) -> float:
        shown = value if whole is None else whole
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.refuse(shown, f"{_show(value)} is not a number")
        number = float(value)
        if not math.isfinite(number):
            raise self.refuse(shown, "must be finite")
        self._in_range(number, shown)
        return number

    def _integer(self, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.refuse(value, f"{_show(value)} is not an integer")
        self._in_range(value, value)
        return value

    def _in_range(self, number: float, shown: Any) -> None:
        if self.low is not None and (number < self.low or (self.low_open and number == self.low)):
            raise self.refuse(shown, "out of range")
        if self.high is not None and number > self.high:
            raise self.refuse(shown, "out of range")
        if self.nonzero and number == 0:
            raise self.refuse(shown, "must not be 0")

    def _formula(self, value: Any) -> str:
        if not isinstance(value, str):
            raise self.refuse(value, "expected a formula in quotes")
        try:
            formula.parse(value, self.variables)
        except formula.FormulaError as error:
            raise ParamError(f"{self.name}: {error}") from None
        return value.strip()


def _show(value: Any) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if isinstance(value, float) and math.isnan(value):
        return "nan"
    return repr(value)


def resolve(scene: str, params: Sequence[Param], given: Mapping[str, Any]) -> dict[str, Any]:
    """Defaults overlaid with ``given``, every value checked; unknown keys refused."""
    by_name = {p.name: p for p in params}
    for key in given:
        if key not in by_name:
            names = ", ".join(by_name) or "none"
            raise ParamError(
                f"{scene} has no parameter {key!r}{suggest(key, list(by_name))} "
                f"(its parameters: {names})"
            )
    return {p.name: p.check(given[p.name]) if p.name in given else p.default for p in params}
