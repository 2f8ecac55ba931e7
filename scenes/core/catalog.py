"""The course in teaching order: each scene's name, class, numbers and parameters.

Adding a concept means three things: the lesson (a scene module), its words
(``narration/<lang>/<scene>.md`` and ``.toml``) and one entry here, which names the
scene class and the core's function that computes its numbers. Titles and every other
word live in ``narration/``.
This module does not import Manim; scene classes are loaded only when rendered.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, overload

from scenes.core import numerics, series
from scenes.core.params import Param, ParamError, resolve, suggest

W = ("w",)
XY = ("x", "y")


@dataclass(frozen=True)
class Lesson:
    """One render's lesson: the parameters in force and the numbers, computed once.

    The scene draws these numbers, the narration says them and ``render.py numbers``
    prints them: one result, so the words and the picture cannot disagree.
    """

    entry: Entry
    params: dict[str, Any]
    numbers: dict[str, Any]

    @property
    def name(self) -> str:
        return self.entry.name

    def json(self) -> dict[str, Any]:
        result: dict[str, Any] = numerics.jsonable(
            {"scene": self.name, "parameters": self.params, **self.numbers})
        return result

    def context(self) -> dict[str, Any]:
        """What the narration templates read: parameters, then the numbers over them."""
        return {**self.params, **self.numbers, "params": self.params}


@dataclass(frozen=True)
class Entry:
    name: str
    scene: str  # "module:Class" under scenes/
    series: Callable[[dict[str, Any]], dict[str, Any]]  # the core's numbers for the scene
    params: tuple[Param, ...]

    def resolve(self, given: Mapping[str, Any]) -> dict[str, Any]:
        return resolve(self.name, self.params, given)

    def prepare(self, given: Mapping[str, Any] | None = None) -> Lesson:
        """Check the parameters once and compute the numbers once."""
        params = self.resolve(given or {})
        try:
            numbers = self.series(params)
        except (ValueError, ZeroDivisionError, OverflowError) as error:
            raise ParamError(f"{self.name}: cannot compute the numbers: {error}") from None
        return Lesson(self, params, numbers)

    def numbers(self, given: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """The parameters in force and every series the scene shows, JSON-ready."""
        return self.prepare(given).json()

    def scene_class(self) -> type[Any]:
        module_name, class_name = self.scene.split(":")
        module = importlib.import_module(f"scenes.{module_name}")
        return getattr(module, class_name)  # type: ignore[no-any-return]


def _eta(default: float, name: str = "eta") -> Param:
    return Param(name, "float", default, "learning rate η", low=0, low_open=True, high=10)


def _steps(default: int, name: str = "steps") -> Param:
    return Param(name, "int", default, "number of descent steps", low=1, high=200)


COURSE: tuple[Entry, ...] = (
    Entry("slope-of-a-line", "slope_of_a_line:SlopeOfALine", series.slope_of_a_line, (
              Param("m", "float", 2.0, "slope of the line", low=-10, high=10),
              Param("b", "float", 1.0, "intercept of the line", low=-10, high=10),
              Param("xs", "floats", [0.0, 1.0, 2.0, 3.0], "x of the marked points",
                    low=-10, high=10, min_items=2, max_items=6),
          )),
    Entry("secant-to-tangent", "secant_to_tangent:SecantToTangent", series.secant_to_tangent, (
              Param("function", "formula", "x**2", "the function f(x)"),
              Param("x0", "float", 1.0, "where the tangent touches", low=-10, high=10),
              Param("hs", "floats", [1.0, 0.5, 0.1, 0.01, 0.001],
                    "the gaps h, largest first", low=-5, high=5, nonzero=True, max_items=8),
          )),
    Entry("derivative-function", "derivative_function:DerivativeFunction",
          series.derivative_function, (
              Param("function", "formula", "x**2 - 4*x + 5", "the function f(x)"),
              Param("x_range", "interval", [-1.0, 5.0], "the interval of x shown",
                    low=-50, high=50, variables=("from", "to")),
          )),
    Entry("derivative-rules", "derivative_rules:DerivativeRules", series.derivative_rules, (
              Param("examples", "formulas",
                    ["x**3", "3*x**2", "x**2 + x", "(3*x + 1)**2", "exp(x)", "log(x)",
                     "sigmoid(x)"], "functions to differentiate", max_items=8),
          )),
    Entry("critical-points", "critical_points:CriticalPoints", series.critical_points, (
              Param("functions", "formulas", ["x**2", "-x**2", "x**3"],
                    "functions with a critical point", max_items=4),
          )),
    Entry("tangent-sign", "tangent_sign:TangentSign", series.tangent_sign, (
              Param("function", "formula", "1.25*(w - 2.2)**2", "the loss L(w)", variables=W),
              Param("starts", "floats", [3.0, 1.4], "starting weights", low=-100, high=100,
                    max_items=4),
              _eta(0.1),
              _steps(6),
          )),
    Entry("one-step", "one_step:OneStep", series.one_step, (
              Param("function", "formula", "(w - 3)**2", "the loss L(w)", variables=W),
              Param("w0", "float", 5.0, "the current weight", low=-100, high=100),
              _eta(0.1),
          )),
    Entry("learning-rates", "learning_rates:LearningRates", series.learning_rates, (
              Param("function", "formula", "w**2", "the loss L(w)", variables=W),
              Param("w0", "float", 10.0, "the starting weight", low=-100, high=100),
              Param("etas", "floats", [0.1, 0.3, 0.9, 1.0, 1.05], "learning rates compared",
                    low=0, low_open=True, high=10, max_items=6),
              _steps(20),
          )),
    Entry("step-size-shrinks", "step_size_shrinks:StepSizeShrinks", series.step_size_shrinks, (
              Param("function", "formula", "w**2", "the loss L(w)", variables=W),
              Param("starts", "floats", [10.0, 15.0], "starting weights", low=-100, high=100,
                    max_items=4),
              _eta(0.2),
              _steps(20),
          )),
    Entry("gradient-2d", "gradient_2d:Gradient2D", series.gradient_2d, (
              Param("function", "formula", "x**2 + 2*y**2", "the surface f(x, y)", variables=XY),
              Param("start", "point", [2.5, 1.5], "starting point", low=-50, high=50,
                    variables=XY),
              _eta(0.1),
              _steps(25),
          )),
    Entry("linear-regression", "linear_regression:LinearRegression", series.linear_regression, (
              Param("xs", "floats", [1.0, 2.0, 3.0, 4.0, 5.0], "inputs x", low=-100, high=100,
                    min_items=2, max_items=20),
              Param("ys", "floats", [5.0, 8.0, 11.0, 14.0, 17.0], "targets y",
                    low=-1000, high=1000, min_items=2, max_items=20),
              Param("w0", "float", 0.0, "starting weight", low=-100, high=100),
              Param("b0", "float", 0.0, "starting bias", low=-100, high=100),
              _eta(0.01),
              Param("epochs", "int", 500, "number of epochs", low=1, high=5000),
          )),
    Entry("saddle-escape", "saddle_escape:SaddleEscape", series.saddle_escape, (
              Param("function", "formula", "x**2 + y**4/4 - y**2/2", "the surface f(x, y)",
                    variables=XY),
              Param("start", "point", [1.5, 0.01], "starting point, near the saddle",
                    low=-50, high=50, variables=XY),
              _eta(0.05),
              _steps(60),
              Param("optimisers", "choices", ["gd", "momentum", "adam"], "optimisers compared",
                    options=numerics.OPTIMISERS, max_items=3),
          )),
)

BY_NAME = {entry.name: entry for entry in COURSE}


def lookup(name: str) -> Entry:
    if name in BY_NAME:
        return BY_NAME[name]
    raise ParamError(f"unknown scene {name!r}{suggest(name, list(BY_NAME))} "
                     "(run 'render.py list' to see the course)")


@overload
def entry_of(cls: type[Any], missing_ok: Literal[False] = False) -> Entry: ...


@overload
def entry_of(cls: type[Any], missing_ok: bool) -> Entry | None: ...


def entry_of(cls: type[Any], missing_ok: bool = False) -> Entry | None:
    """The catalogue entry of a scene class: the name is written once, in the catalogue."""
    module = cls.__module__.removeprefix("scenes.")
    for entry in COURSE:
        if entry.scene == f"{module}:{cls.__name__}":
            return entry
    if missing_ok:
        return None
    raise ParamError(f"{cls.__module__}.{cls.__name__} has no entry in scenes/core/catalog.py")
