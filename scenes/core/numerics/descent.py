"""The numeric core: every number the course shows, computed with numpy and sympy.

Nothing here imports Manim. Each scene's series comes from one function below, and
``render.py numbers NAME`` prints the same values as JSON, so a reader can check any
video against the mathematics without rendering it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import combinations
from typing import Any

import numpy as np
import numpy.typing as npt
import sympy

from scenes.core.formula import Formula

FloatArray = npt.NDArray[np.float64]

# A value whose magnitude passes this is treated as having left the finite range:
# squaring it (as a loss does) would overflow a float64.
OVERFLOW_LIMIT = 1e150


# --------------------------------------------------------------------------- slopes


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


def clip_line(x0: float, y0: float, slope: float, box: Sequence[float]) -> tuple[
        tuple[float, float], tuple[float, float]] | None:
    """The part of the line through (x0, y0) with ``slope`` inside box (xlo, xhi, ylo, yhi)."""
    xlo, xhi, ylo, yhi = box
    lo, hi = xlo, xhi
    if slope != 0:
        xa = x0 + (ylo - y0) / slope
        xb = x0 + (yhi - y0) / slope
        lo, hi = max(lo, min(xa, xb)), min(hi, max(xa, xb))
    elif not ylo <= y0 <= yhi:
        return None
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        return None
    return (lo, y0 + slope * (lo - x0)), (hi, y0 + slope * (hi - x0))


def sample(f: Formula, lo: float, hi: float, n: int = 400) -> tuple[FloatArray, FloatArray]:
    """``n`` points of the curve of ``f`` on [lo, hi] (non-finite values kept as nan)."""
    xs = np.linspace(lo, hi, n)
    with np.errstate(all="ignore"):
        ys = np.asarray(f(xs), dtype=np.float64)
    return xs, np.where(np.isfinite(ys), ys, np.nan)


def decimals_for(values: Sequence[float], minimum: int = 1, maximum: int = 6) -> int:
    """Decimals needed to tell the smallest non-zero magnitude in ``values`` apart."""
    magnitudes = [abs(v) for v in values if v != 0 and math.isfinite(v)]
    if not magnitudes:
        return minimum
    needed = -math.floor(math.log10(min(magnitudes)) + 1e-9)
    return int(min(maximum, max(minimum, needed)))


# The step of the central difference that checks symbolic derivatives.
CENTRAL_H = 1e-5


def central_difference(f: Formula, x: float, h: float = CENTRAL_H) -> float:
    return float((f(x + h) - f(x - h)) / (2 * h))


# ------------------------------------------------------------------ derivative function


@dataclass(frozen=True)
class SignRegion:
    start: float
    end: float
    sign: int  # +1 rising, -1 falling, 0 flat


@dataclass(frozen=True)
class DerivativeFunction:
    fprime: Formula
    zeros: list[float]
    values_at_zeros: list[float]
    regions: list[SignRegion]


def real_roots(g: Formula, lo: float, hi: float) -> list[float]:
    """The real zeros of ``g`` in [lo, hi]: exact where sympy can solve, numeric otherwise.

    A function that is zero on a whole stretch has no isolated zeros there: none are given.
    """
    symbol = g.symbols[0]
    try:
        solved = sympy.solveset(g.expr, symbol, sympy.Interval(lo, hi))
    except (NotImplementedError, ValueError, TypeError):
        solved = None
    if solved is sympy.S.EmptySet:
        return []
    if isinstance(solved, sympy.Interval):
        return []
    if isinstance(solved, sympy.FiniteSet) and all(r.is_number for r in solved):
        return sorted(float(r) for r in solved if r.is_real)
    return _numeric_roots(g, lo, hi)


def _numeric_roots(g: Formula, lo: float, hi: float, samples: int = 2001) -> list[float]:
    xs = np.linspace(lo, hi, samples)
    ys = np.asarray(g(xs))
    roots: list[float] = []
    for i in range(samples - 1):
        a, b, ya, yb = xs[i], xs[i + 1], ys[i], ys[i + 1]
        if not (np.isfinite(ya) and np.isfinite(yb)):
            continue
        if ya == 0:
            roots.append(float(a))
        elif ya * yb < 0:
            for _ in range(80):
                mid = 0.5 * (a + b)
                ym = float(g(mid))
                if ya * ym <= 0:
                    b = mid
                else:
                    a, ya = mid, ym
            roots.append(float(0.5 * (a + b)))
    if ys[-1] == 0:
        roots.append(float(xs[-1]))
    return roots


def derivative_function(f: Formula, x_range: Sequence[float]) -> DerivativeFunction:
    lo, hi = float(x_range[0]), float(x_range[1])
    fprime = f.diff()
    zeros = real_roots(fprime, lo, hi)
    edges = [lo, *zeros, hi]
    regions = []
    for a, b in zip(edges, edges[1:], strict=False):
        if b <= a:
            continue
        mid_value = float(fprime(0.5 * (a + b)))
        regions.append(SignRegion(a, b, int(np.sign(mid_value))))
    return DerivativeFunction(fprime, zeros, [float(f(z)) for z in zeros], regions)


@dataclass(frozen=True)
class CurveSamples:
    """f and f′ sampled where both are finite, the zeros of f′ among the x's."""

    xs: FloatArray
    f: FloatArray
    fprime: FloatArray


def derivative_samples(f: Formula, fprime: Formula, lo: float, hi: float,
                       zeros: Sequence[float] = (), count: int = 241) -> CurveSamples:
    """Sample f and f′ on [lo, hi] (the zeros included exactly), dropping undefined x."""
    xs = np.union1d(np.linspace(lo, hi, count), np.asarray(zeros, dtype=np.float64))
    with np.errstate(all="ignore"):
        ys = np.asarray(f(xs), dtype=np.float64) * np.ones_like(xs)
        ds = np.asarray(fprime(xs), dtype=np.float64) * np.ones_like(xs)
    keep = (np.isfinite(ys) & np.isfinite(ds) & (np.abs(ys) < OVERFLOW_LIMIT)
            & (np.abs(ds) < OVERFLOW_LIMIT))
    return CurveSamples(xs[keep], ys[keep], ds[keep])


def robust_range(values: Sequence[float] | FloatArray, pad: float = 0.1,
                 include: Sequence[float] = ()) -> tuple[float, float]:
    """A padded range for plotting ``values``, ignoring the far tails near a pole.

    When the full spread is more than 20 times the middle 90 % of the values, the
    2nd to 98th percentiles are used instead, so one spike does not flatten the curve.
    """
    data = np.asarray(values, dtype=np.float64).ravel()
    data = data[np.isfinite(data)]
    if data.size:
        q02, q05, q95, q98 = np.percentile(data, [2, 5, 95, 98])
        if data.max() - data.min() > 20 * max(q95 - q05, 1e-12):
            data = data[(data >= q02) & (data <= q98)]
    return padded_range(np.concatenate([data, np.asarray(include, dtype=np.float64)]), pad)


# ---------------------------------------------------------------------- rules table


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


# ------------------------------------------------------------------- critical points


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


# ------------------------------------------------------------------- gradient descent


class Verdict(StrEnum):
    CONVERGING = "converging"
    SLOW = "converging slowly"
    OSCILLATING = "oscillating"
    BOUNCING = "bouncing for ever"
    DIVERGING = "diverging"
    STATIONARY = "stationary"


@dataclass(frozen=True)
class Trajectory:
    """Positions, losses and gradients of a descent run, all finite.

    ``points[k]`` is the position after k steps (``points[0]`` is the start). When a
    step leaves the finite range the run stops there: ``overflow_step`` is that step
    and the series hold only the finite positions before it.
    """

    points: FloatArray  # shape (n, dim)
    losses: FloatArray  # shape (n,)
    gradients: FloatArray  # shape (n, dim); gradient at each position
    eta: float
    optimiser: str
    overflow_step: int | None
    verdict: Verdict

    @property
    def steps(self) -> FloatArray:
        return np.diff(self.points, axis=0)

    @property
    def final_loss(self) -> float:
        return float(self.losses[-1])


@dataclass
class _OptimiserState:
    velocity: FloatArray
    second: FloatArray
    count: int = 0


@dataclass(frozen=True)
class Optimiser:
    """One of ``gd``, ``momentum`` (heavy ball) or ``adam``, with its settings."""

    name: str = "gd"
    beta: float = 0.9  # momentum
    beta1: float = 0.9  # adam
    beta2: float = 0.999
    epsilon: float = 1e-8

    def step(self, gradient: FloatArray, eta: float, state: _OptimiserState) -> FloatArray:
        """The displacement for one step."""
        if self.name == "gd":
            return -eta * gradient
        if self.name == "momentum":
            state.velocity = self.beta * state.velocity + gradient
            return -eta * state.velocity
        if self.name == "adam":
            state.count += 1
            state.velocity = self.beta1 * state.velocity + (1 - self.beta1) * gradient
            state.second = self.beta2 * state.second + (1 - self.beta2) * gradient**2
            m_hat = state.velocity / (1 - self.beta1**state.count)
            v_hat = state.second / (1 - self.beta2**state.count)
            return np.asarray(-eta * m_hat / (np.sqrt(v_hat) + self.epsilon))
        raise ValueError(f"unknown optimiser {self.name!r}; use gd, momentum or adam")


OPTIMISERS = ("gd", "momentum", "adam")


def _is_finite_point(values: FloatArray) -> bool:
    return bool(np.all(np.isfinite(values)) and np.all(np.abs(values) < OVERFLOW_LIMIT))


def descend(
    loss: Formula,
    start: Sequence[float],
    eta: float,
    steps: int,
    optimiser: Optimiser | str = "gd",
) -> Trajectory:
    """Run ``steps`` updates of ``optimiser`` on ``loss`` from ``start``."""
    opt = Optimiser(optimiser) if isinstance(optimiser, str) else optimiser
    grads = loss.gradient()
    point = np.asarray(start, dtype=np.float64).reshape(-1)
    dim = point.size

    def gradient_at(p: FloatArray) -> FloatArray:
        return np.array([float(g(*p)) for g in grads], dtype=np.float64)

    state = _OptimiserState(np.zeros(dim), np.zeros(dim))
    points = [point.copy()]
    losses = [float(loss(*point))]
    gradients = [gradient_at(point)]
    overflow_step = None
    with np.errstate(all="ignore"):
        for k in range(1, steps + 1):
            point = point + opt.step(gradients[-1], eta, state)
            value = float(loss(*point))
            grad = gradient_at(point)
            if not (_is_finite_point(point) and _is_finite_point(np.array([value]))
                    and _is_finite_point(grad)):
                overflow_step = k
                break
            points.append(point.copy())
            losses.append(value)
            gradients.append(grad)
    pts = np.array(points)
    trajectory_verdict = classify(pts, overflow_step)
    return Trajectory(pts, np.array(losses), np.array(gradients), float(eta), opt.name,
                      overflow_step, trajectory_verdict)


def classify(points: FloatArray, overflow_step: int | None = None,
             settled: float = 1e-3, tolerance: float = 1e-9) -> Verdict:
    """Name what a descent run does, from its positions alone.

    Diverging when it overflowed or its steps grow; bouncing for ever when the steps
    neither grow nor shrink and keep reversing; oscillating when they shrink while
    reversing; converging when they shrink in one direction, slowly if the last step
    is still more than ``settled`` of the first.
    """
    if overflow_step is not None:
        return Verdict.DIVERGING
    steps = np.diff(points.reshape(len(points), -1), axis=0)
    sizes = np.linalg.norm(steps, axis=1)
    if len(sizes) == 0 or sizes[0] == 0:
        return Verdict.STATIONARY
    first, last = sizes[0], sizes[-1]
    growth = last / first
    # A step reverses when it points against the previous one.
    dots = np.einsum("ij,ij->i", steps[1:], steps[:-1])
    moving = (sizes[1:] > 0) & (sizes[:-1] > 0)
    reversing = bool(moving.any() and np.mean(dots[moving] < 0) > 0.5)
    if growth > 1 + tolerance * max(1, len(sizes)):
        return Verdict.DIVERGING
    if abs(growth - 1) <= tolerance * max(1, len(sizes)):
        return Verdict.BOUNCING if reversing else Verdict.DIVERGING
    if reversing:
        return Verdict.OSCILLATING
    return Verdict.SLOW if growth > settled else Verdict.CONVERGING


def descent_1d(loss: Formula, w0: float, eta: float, steps: int) -> Trajectory:
    return descend(loss, [w0], eta, steps)


def first_epoch_reading_zero(losses: FloatArray, decimals: int = 4) -> int | None:
    """The first epoch whose loss, printed with ``decimals`` decimals, reads 0.000…"""
    zero = f"{0:.{decimals}f}"
    for epoch, value in enumerate(losses):
        if f"{abs(value):.{decimals}f}" == zero:
            return epoch
    return None


def first_index_reading(values: FloatArray | Sequence[float], target: float,
                        decimals: int) -> int | None:
    """The first index whose value, printed with ``decimals`` decimals, reads as ``target``."""
    wanted = f"{target:.{decimals}f}"
    for index, value in enumerate(values):
        if f"{value:.{decimals}f}" == wanted:
            return index
    return None


def first_to_bottom(runs: Sequence[Trajectory], decimals: int) -> dict[str, Any]:
    """Which runs first read, to ``decimals`` decimals, the lowest loss any run reached.

    Diverging runs never count. Returns the lowest loss (``None`` when every run
    diverges), each run's first step reading it, and the indices of the winners.
    """
    candidates = [i for i, t in enumerate(runs) if t.verdict != Verdict.DIVERGING]
    if not candidates:
        return {"bottom_loss": None, "steps": [None] * len(runs), "winners": []}
    bottom = min(float(runs[i].losses.min()) for i in candidates)
    steps = [first_index_reading(t.losses, bottom, decimals) if i in candidates else None
             for i, t in enumerate(runs)]
    reached = [s for s in steps if s is not None]
    first = min(reached)
    return {"bottom_loss": bottom, "steps": steps,
            "winners": [i for i, s in enumerate(steps) if s == first]}


# ---------------------------------------------------------------- one step, in detail


@dataclass(frozen=True)
class OneStep:
    w0: float
    eta: float
    slope: float
    step: float
    w1: float
    loss0: float
    loss1: float


def one_step(loss: Formula, w0: float, eta: float) -> OneStep:
    slope = float(loss.diff()(w0))
    step = -eta * slope
    w1 = w0 + step
    return OneStep(w0, eta, slope, step, w1, float(loss(w0)), float(loss(w1)))


# ------------------------------------------------------------------ linear regression


@dataclass(frozen=True)
class Regression:
    xs: FloatArray
    ys: FloatArray
    eta: float
    ws: FloatArray  # ws[k]: weight after k epochs
    bs: FloatArray
    losses: FloatArray  # mean squared error at (ws[k], bs[k])
    grad_w: FloatArray  # gradient used in epoch k + 1, evaluated at (ws[k], bs[k])
    grad_b: FloatArray
    least_squares: tuple[float, float]  # the exact minimiser, for comparison
    overflow_epoch: int | None


def mse(xs: FloatArray, ys: FloatArray, w: float, b: float) -> float:
    return float(np.mean((w * xs + b - ys) ** 2))


def linear_regression(xs: Sequence[float], ys: Sequence[float], w0: float, b0: float,
                      eta: float, epochs: int) -> Regression:
    """Batch gradient descent on the mean squared error, exactly as the update rule says."""
    x = np.asarray(xs, dtype=np.float64)
    y = np.asarray(ys, dtype=np.float64)
    if x.shape != y.shape or x.size == 0:
        raise ValueError("xs and ys must be non-empty and of the same length")
    m = x.size
    w, b = float(w0), float(b0)
    ws, bs, losses, gws, gbs = [w], [b], [mse(x, y, w, b)], [], []
    overflow = None
    with np.errstate(all="ignore"):
        for epoch in range(1, epochs + 1):
            error = w * x + b - y
            dw = float(2 / m * np.dot(error, x))
            db = float(2 / m * np.sum(error))
            w, b = w - eta * dw, b - eta * db
            loss = mse(x, y, w, b)
            if not _is_finite_point(np.array([w, b, loss, dw, db])):
                overflow = epoch
                break
            gws.append(dw)
            gbs.append(db)
            ws.append(w)
            bs.append(b)
            losses.append(loss)
    design = np.column_stack([x, np.ones_like(x)])
    (w_star, b_star), *_ = np.linalg.lstsq(design, y, rcond=None)
    return Regression(x, y, float(eta), np.array(ws), np.array(bs), np.array(losses),
                      np.array(gws), np.array(gbs), (float(w_star), float(b_star)), overflow)


# ------------------------------------------------------------------- surfaces in 2-D


@dataclass(frozen=True)
class Contours:
    """Level curves of a surface over a box: ``lines[i]`` holds the polylines of ``levels[i]``.

    Each polyline is an array of shape (k, 2); a closed curve repeats its first point last.
    """

    x_range: tuple[float, float]
    y_range: tuple[float, float]
    levels: FloatArray
    lines: list[list[FloatArray]]


# Marching squares: for each corner pattern (bit 1 bottom-left, 2 bottom-right, 4 top-right,
# 8 top-left set where the value is at or above the level), the pairs of cell edges
# (0 bottom, 1 right, 2 top, 3 left) that the level curve joins. Patterns 5 and 10 are
# ambiguous; the value at the cell's centre decides (see _cell_segments).
_SEGMENTS: dict[int, tuple[tuple[int, int], ...]] = {
    1: ((0, 3),), 2: ((0, 1),), 3: ((3, 1),), 4: ((1, 2),), 6: ((0, 2),), 7: ((2, 3),),
    8: ((2, 3),), 9: ((0, 2),), 11: ((1, 2),), 12: ((3, 1),), 13: ((0, 1),), 14: ((0, 3),),
}


def _cell_segments(case: int, centre_above: bool) -> tuple[tuple[int, int], ...]:
    if case == 5:  # bottom-left and top-right above
        return ((0, 1), (2, 3)) if centre_above else ((0, 3), (1, 2))
    if case == 10:  # bottom-right and top-left above
        return ((0, 3), (1, 2)) if centre_above else ((0, 1), (2, 3))
    return _SEGMENTS.get(case, ())


def marching_squares(xs: FloatArray, ys: FloatArray, z: FloatArray,
                     level: float) -> list[FloatArray]:
    """The polylines where the gridded values ``z[j, i]`` (at ``xs[i], ys[j]``) equal ``level``.

    Crossings are placed by linear interpolation along cell edges and joined through the
    edges they share, so every polyline is continuous; cells with a non-finite corner are
    skipped (the curve ends there).
    """
    ny, nx = int(z.shape[0]), int(z.shape[1])
    above = z >= level
    finite = np.isfinite(z)
    horizontal = ny * (nx - 1)  # edge ids: horizontal edges first, then vertical ones

    def edge_id(j: int, i: int, side: int) -> int:
        if side == 0:
            return j * (nx - 1) + i
        if side == 2:
            return (j + 1) * (nx - 1) + i
        if side == 3:
            return horizontal + j * nx + i
        return horizontal + j * nx + i + 1

    def crossing(edge: int) -> tuple[float, float]:
        if edge < horizontal:
            j, i = divmod(edge, nx - 1)
            z0, z1 = z[j, i], z[j, i + 1]
            t = (level - z0) / (z1 - z0) if z1 != z0 else 0.5
            return float(xs[i] + t * (xs[i + 1] - xs[i])), float(ys[j])
        j, i = divmod(edge - horizontal, nx)
        z0, z1 = z[j, i], z[j + 1, i]
        t = (level - z0) / (z1 - z0) if z1 != z0 else 0.5
        return float(xs[i]), float(ys[j] + t * (ys[j + 1] - ys[j]))

    case = (above[:-1, :-1] * 1 + above[:-1, 1:] * 2 + above[1:, 1:] * 4
            + above[1:, :-1] * 8)
    usable = finite[:-1, :-1] & finite[:-1, 1:] & finite[1:, 1:] & finite[1:, :-1]
    centre = 0.25 * (z[:-1, :-1] + z[:-1, 1:] + z[1:, 1:] + z[1:, :-1])
    segments: list[tuple[int, int]] = []
    for j, i in zip(*np.nonzero(usable & (case > 0) & (case < 15)), strict=True):
        for a, b in _cell_segments(int(case[j, i]), bool(centre[j, i] >= level)):
            segments.append((edge_id(int(j), int(i), a), edge_id(int(j), int(i), b)))
    return [np.array([crossing(e) for e in chain]) for chain in _join(segments)]


def _join(segments: list[tuple[int, int]]) -> list[list[int]]:
    """Chain segments that share an edge into polylines of edge ids."""
    touching: dict[int, list[int]] = {}
    for index, (a, b) in enumerate(segments):
        touching.setdefault(a, []).append(index)
        touching.setdefault(b, []).append(index)
    used = [False] * len(segments)
    chains: list[list[int]] = []
    # Open curves first (they start at an edge only one segment touches), then loops.
    starts = [e for e, s in touching.items() if len(s) == 1] + list(touching)
    for start in starts:
        free = [s for s in touching[start] if not used[s]]
        if not free:
            continue
        chain, here = [start], start
        while free:
            index = free[0]
            used[index] = True
            a, b = segments[index]
            here = b if a == here else a
            chain.append(here)
            free = [s for s in touching[here] if not used[s]]
        chains.append(chain)
    return chains


def contour_levels(values: FloatArray, count: int = 8) -> FloatArray:
    """``count`` levels at evenly spaced quantiles of the finite ``values``, so the curves
    spread evenly over the picture whatever the surface; rounded to 2 significant digits."""
    data = np.asarray(values, dtype=np.float64).ravel()
    data = data[np.isfinite(data)]
    if data.size == 0:
        return np.array([], dtype=np.float64)
    raw = np.quantile(data, (np.arange(count) + 0.5) / count)
    rounded = [float(f"{v:.2g}") for v in raw]
    levels = sorted(set(rounded))
    return np.array([v for v in levels if data.min() < v < data.max()], dtype=np.float64)


def contours(f: Formula, x_range: Sequence[float], y_range: Sequence[float],
             levels: Sequence[float] | None = None, count: int = 8,
             resolution: int = 64) -> Contours:
    """Level curves of ``f(x, y)`` over the box, at ``levels`` or at ``count`` spread levels."""
    xs = np.linspace(float(x_range[0]), float(x_range[1]), resolution)
    ys = np.linspace(float(y_range[0]), float(y_range[1]), resolution)
    gx, gy = np.meshgrid(xs, ys)
    z = np.asarray(f(gx, gy), dtype=np.float64)
    z = np.where(np.abs(z) < OVERFLOW_LIMIT, z, np.nan)
    chosen = contour_levels(z, count) if levels is None else np.asarray(levels, dtype=np.float64)
    lines = [marching_squares(xs, ys, z, float(level)) for level in chosen]
    return Contours((float(xs[0]), float(xs[-1])), (float(ys[0]), float(ys[-1])), chosen, lines)


def view_box(points: FloatArray, centre: Sequence[float] | None = None,
             limit: float | None = None, pad: float = 0.15,
             max_aspect: float = 2.0) -> tuple[tuple[float, float], tuple[float, float]]:
    """A box around 2-D ``points``, mirrored through ``centre`` when given (so a critical
    point sits in the middle), clipped to ``limit`` from the centre, padded, and no more
    than ``max_aspect`` times wider than tall (or the reverse)."""
    pts = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    pts = pts[np.all(np.isfinite(pts), axis=1)]
    middle = np.asarray(centre if centre is not None else pts.mean(axis=0), dtype=np.float64)
    if centre is not None:
        pts = np.vstack([pts, 2 * middle - pts])
    if limit is not None:
        pts = np.clip(pts, middle - limit, middle + limit)
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    span = np.maximum(hi - lo, 1.0)
    span = np.maximum(span, span.max() / max_aspect)
    mid = 0.5 * (lo + hi)
    lo, hi = mid - span * (0.5 + pad), mid + span * (0.5 + pad)
    return (float(lo[0]), float(hi[0])), (float(lo[1]), float(hi[1]))


def first_outside(points: FloatArray, x_range: Sequence[float],
                  y_range: Sequence[float]) -> int | None:
    """The index of the first point outside the box, or None if all stay inside."""
    pts = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    inside = ((pts[:, 0] >= x_range[0]) & (pts[:, 0] <= x_range[1])
              & (pts[:, 1] >= y_range[0]) & (pts[:, 1] <= y_range[1]))
    outside = np.nonzero(~inside)[0]
    return int(outside[0]) if outside.size else None


@dataclass(frozen=True)
class Stationary:
    """A point where the gradient vanishes, and the shape of the surface there."""

    point: tuple[float, float]
    value: float
    curvatures: tuple[float, float]  # eigenvalues of the Hessian, smallest first
    kind: str  # "minimum", "maximum", "saddle" or "flat"


def hessian(f: Formula) -> tuple[tuple[Formula, Formula], tuple[Formula, Formula]]:
    gx, gy = f.gradient()
    return (gx.diff("x"), gx.diff("y")), (gy.diff("x"), gy.diff("y"))


def stationary_point(f: Formula, near: Sequence[float], iterations: int = 60,
                     tolerance: float = 1e-10) -> Stationary | None:
    """Newton's method on the gradient from ``near``; None if it finds no zero there."""
    grads = f.gradient()
    (hxx, hxy), (hyx, hyy) = hessian(f)
    p = np.asarray(near, dtype=np.float64)

    def h_at(q: FloatArray) -> FloatArray:
        return np.array([[float(hxx(*q)), float(hxy(*q))], [float(hyx(*q)), float(hyy(*q))]])

    with np.errstate(all="ignore"):
        for _ in range(iterations):
            g = np.array([float(d(*p)) for d in grads])
            if not np.all(np.isfinite(g)):
                return None
            if np.linalg.norm(g) < tolerance:
                break
            try:
                p = p - np.linalg.solve(h_at(p), g)
            except np.linalg.LinAlgError:
                return None
        g = np.array([float(d(*p)) for d in grads])
        if not (np.all(np.isfinite(p)) and np.linalg.norm(g) < 1e-8):
            return None
        eig = np.linalg.eigvalsh(0.5 * (h_at(p) + h_at(p).T))
    small, large = float(eig[0]), float(eig[1])
    if small > 1e-9:
        kind = "minimum"
    elif large < -1e-9:
        kind = "maximum"
    elif small < -1e-9 and large > 1e-9:
        kind = "saddle"
    else:
        kind = "flat"
    p = np.where(np.abs(p) < 1e-12, 0.0, p)  # rounding noise around an exact zero
    point = (float(p[0]) + 0.0, float(p[1]) + 0.0)  # + 0.0 turns -0.0 into 0.0
    return Stationary(point, float(f(*p)), (small, large), kind)


def ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick values inside [lo, hi], about ``count`` of them."""
    step = nice_step(hi - lo, count)
    first = math.ceil(lo / step - 1e-9)
    last = math.floor(hi / step + 1e-9)
    return [round(k * step, 12) + 0.0 for k in range(first, last + 1)]


# ------------------------------------------------------------------------ axes


def padded_range(values: Sequence[float] | FloatArray, pad: float = 0.1,
                 minimum_span: float = 1.0) -> tuple[float, float]:
    """A padded [lo, hi] covering the finite ``values``, at least ``minimum_span`` wide."""
    data = np.asarray(values, dtype=np.float64).ravel()
    data = data[np.isfinite(data)]
    lo, hi = (float(data.min()), float(data.max())) if data.size else (0.0, 1.0)
    span = max(hi - lo, minimum_span)
    mid = 0.5 * (lo + hi)
    lo, hi = mid - span / 2, mid + span / 2
    return lo - pad * span, hi + pad * span


def nice_step(span: float, ticks: int = 5) -> float:
    """A round tick spacing (1, 2 or 5 times a power of ten) for about ``ticks`` ticks."""
    raw = span / max(ticks, 1)
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1.0
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return float(factor * power)
    return float(10 * power)


def axis_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """:func:`ticks` without 0, where the axes cross and a label would sit on both."""
    step = nice_step(hi - lo, count)
    return [v for v in ticks(lo, hi, count) if abs(v) > step / 2]


# ------------------------------------------------------------------------ JSON output


def jsonable(value: Any) -> Any:
    """Convert core results to JSON-safe values (finite floats only)."""
    if isinstance(value, Formula):
        return value.text
    if isinstance(value, StrEnum):
        return str(value)
    if isinstance(value, np.ndarray):
        return jsonable(value.tolist())
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, np.floating | float):
        number = float(value)
        if not math.isfinite(number):
            raise ValueError("non-finite value reached the JSON output")
        return number
    if isinstance(value, np.integer):
        return int(value)
    return value


def trajectory_json(t: Trajectory) -> dict[str, Any]:
    one_d = t.points.shape[1] == 1
    return {
        "optimiser": t.optimiser,
        "eta": t.eta,
        "verdict": str(t.verdict),
        "overflow_step": t.overflow_step,
        "points": t.points[:, 0] if one_d else t.points,
        "losses": t.losses,
        "gradients": t.gradients[:, 0] if one_d else t.gradients,
        "final_loss": t.final_loss,
    }

