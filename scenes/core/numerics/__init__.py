"""The numeric core: every number the course shows, computed with numpy and sympy.

Nothing here imports Manim. Each scene's series comes from one function in
``scenes.core.series`` built on the modules below, and ``render.py numbers NAME`` prints
the same values as JSON, so a reader can check any video against the mathematics
without rendering it.

One module per topic; every public name is re-exported here, so
``from scenes.core import numerics as nx; nx.<name>`` reaches all of them:

- ``finite``: FloatArray, OVERFLOW_LIMIT, is_finite_point
- ``slopes``: lines, secants, the difference quotient, the central difference
- ``derivatives``: the derivative as a function (zeros, sign regions, samples)
- ``rules``: the differentiation-rules table
- ``critical``: critical points in one variable and their kind
- ``descent``: optimisers, trajectories and their verdicts, one step in detail
- ``regression``: linear regression by gradient descent
- ``surfaces``: contours, view boxes, stationary points in two variables
- ``axes``: plot ranges and ticks
- ``serialise``: JSON-safe output
"""

from scenes.core.numerics.axes import axis_ticks, nice_step, padded_range, robust_range, ticks
from scenes.core.numerics.critical import CriticalKind, CriticalPoint, critical_points
from scenes.core.numerics.derivatives import (
    CurveSamples,
    DerivativeFunction,
    SignRegion,
    _numeric_roots,
    derivative_function,
    derivative_samples,
    real_roots,
    sample,
)
from scenes.core.numerics.descent import (
    OPTIMISERS,
    OneStep,
    Optimiser,
    Trajectory,
    Verdict,
    classify,
    descend,
    descent_1d,
    first_epoch_reading_zero,
    first_index_reading,
    first_to_bottom,
    one_step,
)
from scenes.core.numerics.finite import OVERFLOW_LIMIT, FloatArray, is_finite_point
from scenes.core.numerics.regression import Regression, linear_regression, mse
from scenes.core.numerics.rules import RuleExample, derivative_rules, rule_used
from scenes.core.numerics.serialise import jsonable, trajectory_json
from scenes.core.numerics.slopes import (
    CENTRAL_H,
    LineSlopes,
    SecantRow,
    SecantSweep,
    SecantTable,
    central_difference,
    difference_quotient,
    line_slopes,
    secant_slope,
    secant_sweep,
    secant_table,
)
from scenes.core.numerics.surfaces import (
    Contours,
    Stationary,
    contour_levels,
    contours,
    first_outside,
    hessian,
    marching_squares,
    stationary_point,
    view_box,
)

__all__ = [
    "CENTRAL_H", "OPTIMISERS", "OVERFLOW_LIMIT", "Contours", "CriticalKind", "CriticalPoint",
    "CurveSamples", "DerivativeFunction", "FloatArray", "LineSlopes", "OneStep", "Optimiser",
    "Regression", "RuleExample", "SecantRow", "SecantSweep", "SecantTable", "SignRegion",
    "Stationary", "Trajectory", "Verdict", "_numeric_roots", "axis_ticks", "central_difference",
    "classify", "contour_levels", "contours", "critical_points",
    "derivative_function", "derivative_rules", "derivative_samples", "descend", "descent_1d",
    "difference_quotient", "first_epoch_reading_zero", "first_index_reading", "first_outside",
    "first_to_bottom", "hessian", "is_finite_point", "jsonable", "line_slopes",
    "linear_regression", "marching_squares", "mse", "nice_step", "one_step", "padded_range",
    "real_roots", "robust_range", "rule_used", "sample", "secant_slope", "secant_sweep",
    "secant_table", "stationary_point", "ticks", "trajectory_json", "view_box",
]
