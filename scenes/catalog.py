"""The course in teaching order: each scene's name, title, concept and parameters.

Adding a concept means one scene module, one narration script and one entry here.
This module does not import Manim; scene classes are loaded only when rendered.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from scenes import numerics
from scenes.params import Param, ParamError, resolve, suggest
from scenes.series import SERIES

W = ("w",)
XY = ("x", "y")


@dataclass(frozen=True)
class Entry:
    name: str
    title: str
    concept: str
    scene: str  # "module:Class" under scenes/
    params: tuple[Param, ...]

    def resolve(self, given: Mapping[str, Any]) -> dict[str, Any]:
        return resolve(self.name, self.params, given)

    def numbers(self, given: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """The parameters in force and every series the scene shows, JSON-ready."""
        params = self.resolve(given or {})
        try:
            series = SERIES[self.name](params)
        except (ValueError, ZeroDivisionError, OverflowError) as error:
            raise ParamError(f"{self.name}: cannot compute the numbers: {error}") from None
        result: dict[str, Any] = numerics.jsonable(
            {"scene": self.name, "parameters": params, **series})
        return result

    def scene_class(self) -> type[Any]:
        module_name, class_name = self.scene.split(":")
        module = importlib.import_module(f"scenes.{module_name}")
        return getattr(module, class_name)  # type: ignore[no-any-return]


def _eta(default: float, name: str = "eta") -> Param:
    return Param(name, "float", default, "learning rate η", low=0, low_open=True, high=10)


def _steps(default: int, name: str = "steps") -> Param:
    return Param(name, "int", default, "number of descent steps", low=1, high=200)


COURSE: tuple[Entry, ...] = (
    Entry("slope-of-a-line", "The slope of a line", "rise over run is the same everywhere",
          "slope_of_a_line:SlopeOfALine", (
              Param("m", "float", 2.0, "slope of the line", low=-10, high=10),
              Param("b", "float", 1.0, "intercept of the line", low=-10, high=10),
              Param("xs", "floats", [0.0, 1.0, 2.0, 3.0], "x of the marked points",
                    low=-10, high=10, min_items=2, max_items=6),
          )),
    Entry("secant-to-tangent", "From secant to tangent",
          "the secant's slope approaches the derivative as h shrinks",
          "secant_to_tangent:SecantToTangent", (
              Param("function", "formula", "x**2", "the function f(x)"),
              Param("x0", "float", 1.0, "where the tangent touches", low=-10, high=10),
              Param("hs", "floats", [1.0, 0.5, 0.1, 0.01, 0.001],
                    "the gaps h, largest first", low=-5, high=5, nonzero=True, max_items=8),
          )),
    Entry("derivative-function", "The derivative as a function",
          "where f′ > 0 f rises, where f′ < 0 it falls, where f′ = 0 it is flat",
          "derivative_function:DerivativeFunction", (
              Param("function", "formula", "x**2 - 4*x + 5", "the function f(x)"),
              Param("x_range", "interval", [-1.0, 5.0], "the interval of x shown",
                    low=-50, high=50, variables=("from", "to")),
          )),
    Entry("derivative-rules", "Rules of differentiation",
          "power, constant multiple, sum and chain rules, checked numerically",
          "derivative_rules:DerivativeRules", (
              Param("examples", "formulas",
                    ["x**3", "3*x**2", "x**2 + x", "(3*x + 1)**2", "exp(x)", "log(x)",
                     "sigmoid(x)"], "functions to differentiate", max_items=8),
          )),
    Entry("critical-points", "Flat is not always a minimum",
          "f′ = 0 is necessary, not sufficient; the second-derivative test",
          "critical_points:CriticalPoints", (
              Param("functions", "formulas", ["x**2", "-x**2", "x**3"],
                    "functions with a critical point", max_items=4),
          )),
    Entry("tangent-sign", "The sign of the slope steers the step",
          "from either side of the minimum the step points downhill",
          "tangent_sign:TangentSign", (
              Param("function", "formula", "1.25*(w - 2.2)**2", "the loss L(w)", variables=W),
              Param("starts", "floats", [3.0, 1.4], "starting weights", low=-100, high=100,
                    max_items=4),
              _eta(0.1),
              _steps(6),
          )),
    Entry("one-step", "One step of gradient descent", "w ← w − η·L′(w), every number shown",
          "one_step:OneStep", (
              Param("function", "formula", "(w - 3)**2", "the loss L(w)", variables=W),
              Param("w0", "float", 5.0, "the current weight", low=-100, high=100),
              _eta(0.1),
          )),
    Entry("learning-rates", "Choosing the learning rate",
          "too small crawls, too large bounces or diverges",
          "learning_rates:LearningRates", (
              Param("function", "formula", "w**2", "the loss L(w)", variables=W),
              Param("w0", "float", 10.0, "the starting weight", low=-100, high=100),
              Param("etas", "floats", [0.1, 0.3, 0.9, 1.0, 1.05], "learning rates compared",
                    low=0, low_open=True, high=10, max_items=6),
              _steps(20),
          )),
    Entry("step-size-shrinks", "Steps shrink as the slope flattens",
          "a fixed η takes big steps far away and small ones near the minimum",
          "step_size_shrinks:StepSizeShrinks", (
              Param("function", "formula", "w**2", "the loss L(w)", variables=W),
              Param("starts", "floats", [10.0, 15.0], "starting weights", low=-100, high=100,
                    max_items=4),
              _eta(0.2),
              _steps(20),
          )),
    Entry("gradient-2d", "The gradient in two dimensions",
          "partial derivatives, steepest ascent and descent on contours",
          "gradient_2d:Gradient2D", (
              Param("function", "formula", "x**2 + 2*y**2", "the surface f(x, y)", variables=XY),
              Param("start", "point", [2.5, 1.5], "starting point", low=-50, high=50,
                    variables=XY),
              _eta(0.1),
              _steps(25),
          )),
    Entry("linear-regression", "Fitting a line by gradient descent",
          "ŷ = w·x + b fitted to points by descending the mean squared error",
          "linear_regression:LinearRegression", (
              Param("xs", "floats", [1.0, 2.0, 3.0, 4.0, 5.0], "inputs x", low=-100, high=100,
                    min_items=2, max_items=20),
              Param("ys", "floats", [5.0, 8.0, 11.0, 14.0, 17.0], "targets y",
                    low=-1000, high=1000, min_items=2, max_items=20),
              Param("w0", "float", 0.0, "starting weight", low=-100, high=100),
              Param("b0", "float", 0.0, "starting bias", low=-100, high=100),
              _eta(0.01),
              Param("epochs", "int", 500, "number of epochs", low=1, high=5000),
          )),
    Entry("saddle-escape", "Escaping a saddle",
          "a zero gradient that is not a minimum; momentum and Adam move on",
          "saddle_escape:SaddleEscape", (
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
