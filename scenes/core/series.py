"""Each scene's numbers: its parameters in, every series it animates out.

One function per scene, named after it. Scenes draw what these return, and
``render.py numbers NAME`` prints the same values, so the two cannot disagree.
Nothing here imports Manim.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

import numpy as np
import sympy

from scenes.core import numerics as nx
from scenes.core.formula import Formula, parse

Params = Mapping[str, Any]


def _loss(text: str) -> Formula:
    return parse(text, ("w",))


def _surface(text: str) -> Formula:
    return parse(text, ("x", "y"))


def slope_of_a_line(p: Params) -> dict[str, Any]:
    line = nx.line_slopes(p["m"], p["b"], p["xs"])
    slopes = [s for *_, s in line.pair_slopes]
    return {
        "points": line.points,
        "pairs": [
            {"from": i, "to": j, "rise": rise, "run": run, "slope": slope}
            for i, j, rise, run, slope in line.pair_slopes
        ],
        "all_slopes_equal": bool(slopes) and max(slopes) - min(slopes) < 1e-12,
    }


def secant_to_tangent(p: Params) -> dict[str, Any]:
    f = parse(p["function"])
    table = nx.secant_table(f, p["x0"], p["hs"])
    quotient = nx.difference_quotient(f, p["x0"])
    xs = [p["x0"], *(p["x0"] + h for h in p["hs"])]
    x_lo, x_hi = nx.padded_range(xs, pad=0.35, minimum_span=2.0)
    _, curve = nx.sample(f, x_lo, x_hi)
    y_lo, y_hi = nx.padded_range(curve, pad=0.12, minimum_span=2.0)
    return {
        "window": {"x": [x_lo, x_hi], "y": [y_lo, y_hi]},
        "ticks": {"x": nx.axis_ticks(x_lo, x_hi), "y": nx.axis_ticks(y_lo, y_hi)},
        "difference_quotient": str(quotient),
        "difference_quotient_latex": sympy.latex(quotient),
        "decimals": nx.decimals_for(p["hs"], minimum=1),

        "point": [table.x0, table.y0],
        "derivative_formula": table.derivative_formula.text,
        "derivative_latex": table.derivative_formula.latex,
        "function_latex": f.latex,
        "derivative": table.derivative,
        "rows": [
            {"h": r.h, "x1": r.x1, "y1": r.y1, "rise": r.rise, "run": r.run,
             "slope": r.slope, "error": r.error}
            for r in table.rows
        ],
    }


def derivative_function(p: Params) -> dict[str, Any]:
    f = parse(p["function"])
    lo, hi = (float(v) for v in p["x_range"])
    if not lo < hi:
        raise ValueError(f"x_range {list(p['x_range'])}: 'from' must be less than 'to'")
    result = nx.derivative_function(f, p["x_range"])
    samples = nx.derivative_samples(f, result.fprime, lo, hi, result.zeros)
    if samples.xs.size < 2:
        raise ValueError(f"{f.text} is undefined almost everywhere on {[lo, hi]}")
    return {
        "samples": {"x": samples.xs, "f": samples.f, "fprime": samples.fprime},
        "window": {"x": [lo, hi],
                   "f": list(nx.robust_range(samples.f, include=result.values_at_zeros)),
                   "fprime": list(nx.robust_range(samples.fprime, include=[0.0]))},
        "function_latex": f.latex,
        "derivative_formula": result.fprime.text,
        "derivative_latex": result.fprime.latex,
        # f′ is a straight line when f″ is constant (f a quadratic or a line).
        "derivative_is_straight": f.diff(order=2).is_constant,
        "zeros": result.zeros,
        "values_at_zeros": result.values_at_zeros,
        "regions": [{"from": r.start, "to": r.end,
                     "sign": {1: "rising", -1: "falling", 0: "flat"}[r.sign]}
                    for r in result.regions],
    }


def derivative_rules(p: Params) -> dict[str, Any]:
    examples = nx.derivative_rules([parse(text) for text in p["examples"]])
    return {
        "h": nx.CENTRAL_H,
        "examples": [
            {"function": e.function.text, "function_latex": e.function.latex,
             "derivative": e.derivative.text, "derivative_latex": e.derivative.latex,
             "rule": e.rule, "check_at": e.check_at, "symbolic": e.symbolic,
             "central_difference": e.central, "check_error": e.check_error}
            for e in examples
        ],
    }


CRITICAL_SEARCH = (-5.0, 5.0)  # where critical points are looked for
CRITICAL_DETAILED = 2  # critical points per function that get their own working and words


class SecondDerivativeTest(StrEnum):
    """What f″ at a critical point says on its own."""

    MINIMUM = "minimum"
    MAXIMUM = "maximum"
    INCONCLUSIVE = "inconclusive"


class Side(StrEnum):
    """Where a neighbour's value lies against the value at the flat point."""

    ABOVE = "above"
    BELOW = "below"
    LEVEL = "level"


class Trend(StrEnum):
    """Which way the curve goes through a flat point, read left to right."""

    RISING = "rising"
    FALLING = "falling"


def _side(neighbour: float, centre: float) -> Side:
    return Side.ABOVE if neighbour > centre else Side.BELOW if neighbour < centre else Side.LEVEL


def critical_points(p: Params) -> dict[str, Any]:
    out: list[dict[str, Any]] = []
    for text in p["functions"]:
        f = parse(text)
        fprime = f.diff()
        points = nx.critical_points(f, *CRITICAL_SEARCH)
        out.append({
            "function": f.text,
            "function_latex": f.latex,
            "derivative_latex": f.diff().latex,
            "second_derivative_latex": f.diff(order=2).latex,
            "detailed": min(len(points), CRITICAL_DETAILED),
            "more_points": len(points) > CRITICAL_DETAILED,
            "critical_points": [
                {"x": c.x, "value": c.value, "first_derivative": float(fprime(c.x)),
                 "second_derivative": c.second_derivative,
                 "second_derivative_test": SecondDerivativeTest(c.second_derivative_test),
                 "verdict": c.kind,
                 "first_nonzero_derivative_order": c.higher_order,
                 "left": [c.x - c.probe, c.left_value], "right": [c.x + c.probe, c.right_value],
                 "left_side": _side(c.left_value, c.value),
                 "right_side": _side(c.right_value, c.value),
                 "trend": Trend.RISING if c.right_value > c.value else Trend.FALLING}
                for c in points
            ],
        })
    detailed = [(i, k, c) for i, f in enumerate(out)
                for k, c in enumerate(f["critical_points"][:f["detailed"]])]
    # The point the lesson asks about: the first the test cannot decide, else the first.
    silent = [(i, k) for i, k, c in detailed
              if c["second_derivative_test"] == SecondDerivativeTest.INCONCLUSIVE]
    target = silent[0] if silent else (detailed[0][:2] if detailed else None)
    # A minimum in another function, named before the question for contrast.
    contrast = next(((i, k) for i, k, c in detailed
                     if target is not None and i != target[0]
                     and c["verdict"] == nx.CriticalKind.MINIMUM), None)
    flats = [f["critical_points"] for f in out]
    # Every function flat exactly once, all at the same x (as spoken to 4 decimals).
    common = (flats[0][0]["x"] if flats and all(len(c) == 1 for c in flats)
              and len({round(c[0]["x"], 4) for c in flats}) == 1 else None)
    return {"search_interval": list(CRITICAL_SEARCH), "functions": out,
            "target": None if target is None else {"function": target[0], "point": target[1]},
            "contrast": None if contrast is None else {"function": contrast[0],
                                                       "point": contrast[1]},
            "inconclusive_count": len(silent), "common_flat_x": common}


def _descent(f: Formula, start: float | list[float], eta: float, steps: int,
             optimiser: str = "gd") -> dict[str, Any]:
    begin = [start] if isinstance(start, float | int) else start
    return nx.trajectory_json(nx.descend(f, begin, eta, steps, optimiser))


TANGENT_SHOWN_STEPS = 6  # steps animated (and narrated) per run; the core computes them all


class Direction(StrEnum):
    """Where a descent step goes along w: against the slope's sign."""

    LEFT = "left"
    RIGHT = "right"
    STAY = "stay"


class SizeChange(StrEnum):
    """How a size compares with the one before it."""

    LESS = "less"
    MORE = "more"
    SAME = "same"


class Place(StrEnum):
    """Where a start lies against the bottom of the bowl."""

    LEFT = "left"
    RIGHT = "right"
    BOTTOM = "bottom"


def _change(before: float, after: float) -> SizeChange:
    return (SizeChange.LESS if after < before else SizeChange.MORE if after > before
            else SizeChange.SAME)


def tangent_sign(p: Params) -> dict[str, Any]:
    f = _loss(p["function"])
    runs = [_descent(f, s, p["eta"], p["steps"]) for s in p["starts"]]
    # The bottoms of the bowl among the weights the runs visit (the narration names them).
    visited = [w for run in runs for w in run["points"]]
    lo, hi = nx.padded_range(visited, pad=0.3, minimum_span=1.0)
    minima = [c.x for c in nx.critical_points(f, lo, hi) if c.kind == nx.CriticalKind.MINIMUM]
    bottom = minima[0] if len(minima) == 1 else None
    for run in runs:
        points, gradients, losses = run["points"], run["gradients"], run["losses"]
        run["verdict"] = nx.Verdict(run["verdict"])
        steps = len(points) - 1
        run["directions"] = [Direction.LEFT if g > 0 else Direction.RIGHT if g < 0
                             else Direction.STAY for g in gradients[:steps]]
        run["slope_signs"] = [Sign.of(float(g)) for g in gradients]
        run["shown_steps"] = min(steps, TANGENT_SHOWN_STEPS)
        sizes = [abs(float(b - a)) for a, b in zip(points, points[1:], strict=False)]
        run["step_sizes"] = sizes
        # Entry k compares step (or slope, or loss) k + 1 with step k.
        run["step_changes"] = [_change(a, b) for a, b in zip(sizes, sizes[1:], strict=False)]
        run["slope_changes"] = [_change(abs(float(a)), abs(float(b)))
                                for a, b in zip(gradients, gradients[1:], strict=False)]
        run["loss_changes"] = [Change.between(float(a), float(b))
                               for a, b in zip(losses, losses[1:], strict=False)]
        start = float(points[0])
        run["start_place"] = None if bottom is None else (
            Place.RIGHT if start > bottom else Place.LEFT if start < bottom else Place.BOTTOM)
    shown = [run["step_sizes"][:run["shown_steps"]] for run in runs]
    return {"derivative_formula": f.diff().text, "minima": minima, "bottom": bottom,
            "derivative_latex": f.diff().latex,
            "function_latex": f.latex, "runs": runs, "shown_steps": TANGENT_SHOWN_STEPS,
            # Every run shows two steps or more, each shorter than the one before it.
            "steps_shrink": all(len(s) > 1 and all(b < a for a, b in zip(s, s[1:], strict=False))
                                for s in shown),
            # The second ball (if any) starts left of the first.
            "second_is_left": len(runs) > 1
            and float(runs[1]["points"][0]) < float(runs[0]["points"][0])}


class Sign(StrEnum):
    """The sign of a slope: which way the tangent tilts."""

    POSITIVE = "positive"
    NEGATIVE = "negative"
    ZERO = "zero"

    @classmethod
    def of(cls, value: float) -> Sign:
        return cls.POSITIVE if value > 0 else cls.NEGATIVE if value < 0 else cls.ZERO


class Change(StrEnum):
    """What a step did to the loss."""

    DOWN = "down"
    UP = "up"
    SAME = "same"

    @classmethod
    def between(cls, before: float, after: float) -> Change:
        return cls.DOWN if after < before else cls.UP if after > before else cls.SAME


def one_step(p: Params) -> dict[str, Any]:
    f = _loss(p["function"])
    s = nx.one_step(f, p["w0"], p["eta"])
    return {"function_latex": f.latex, "derivative_formula": f.diff().text,
            "derivative_latex": f.diff().latex, "w0": s.w0, "slope": s.slope,
            "step": s.step, "w1": s.w1, "loss0": s.loss0, "loss1": s.loss1,
            "slope_sign": Sign.of(s.slope), "moved": s.w1 != s.w0,
            "loss_change": Change.between(s.loss0, s.loss1)}


# Losses in the learning-rates panels are read to this many decimals; "reaching the
# bottom" means reading the lowest loss any run reached, to the same precision.
LEARNING_RATE_DECIMALS = 2


def learning_rates(p: Params) -> dict[str, Any]:
    f = _loss(p["function"])
    trajectories = [nx.descend(f, [p["w0"]], eta, p["steps"]) for eta in p["etas"]]
    runs = [nx.trajectory_json(t) for t in trajectories]
    race = nx.first_to_bottom(trajectories, LEARNING_RATE_DECIMALS)
    for run, step in zip(runs, race["steps"], strict=True):
        run["first_step_at_bottom"] = step
    return {"function_latex": f.latex, "runs": runs,
            "step_numbers": list(range(p["steps"] + 1)),
            "loss_decimals": LEARNING_RATE_DECIMALS,
            "bottom_loss": race["bottom_loss"], "first_to_bottom": race["winners"]}


def step_size_shrinks(p: Params) -> dict[str, Any]:
    f = _loss(p["function"])
    runs = []
    for start in p["starts"]:
        run = _descent(f, start, p["eta"], p["steps"])
        run["first_epoch_reading_zero"] = nx.first_epoch_reading_zero(run["losses"])
        run["step_sizes"] = [abs(b - a) for a, b in zip(run["points"], run["points"][1:],
                                                         strict=False)]
        runs.append(run)
    return {"function_latex": f.latex, "runs": runs,
            "step_numbers": list(range(p["steps"] + 1)), "loss_decimals": 4}


def _plane(f: Formula, paths: list[Any], start: list[float], near: Any,
           pad: float = 0.15) -> dict[str, Any]:
    """The picture of a surface around descent paths: a box centred on the critical point
    the paths find (when there is one), round ticks, and contour lines at spread levels."""
    stationary = nx.stationary_point(f, near)
    origin = np.asarray(start, dtype=np.float64)
    centre = None if stationary is None else stationary.point
    reach = float(np.max(np.abs(origin - (origin if centre is None else centre))))
    everything = np.vstack([np.asarray(q, dtype=np.float64).reshape(-1, 2) for q in paths])
    x_range, y_range = nx.view_box(everything, centre, limit=3 * max(1.0, reach), pad=pad)
    lines = nx.contours(f, x_range, y_range)
    out: dict[str, Any] = {
        "view": {"x_range": list(x_range), "y_range": list(y_range),
                 "x_ticks": nx.ticks(*x_range), "y_ticks": nx.ticks(*y_range)},
        "contours": {"levels": lines.levels, "lines": lines.lines},
        "stationary": None,
    }
    if stationary is not None:
        out["stationary"] = {"point": list(stationary.point), "value": stationary.value,
                             "curvatures": list(stationary.curvatures),
                             "kind": stationary.kind}
    return out


class Centre(StrEnum):
    """What the surface does at the critical point the descent path finds."""

    MINIMUM = "minimum"
    MAXIMUM = "maximum"
    SADDLE = "saddle"
    FLAT = "flat"
    NONE = "none"  # no critical point near the path's end


class PathOutcome(StrEnum):
    """What the gradient-2d path does, judged once here for the scene and the words."""

    DIVERGED = "diverged"  # leaves the view, and the run diverges
    LEFT_VIEW = "left the view"  # leaves the view, though the run does not diverge
    SHRINKING = "shrinking"  # the gradient's length falls: the steps shrink
    STILL = "still"  # the gradient is zero at the start: descent never moves
    NOT_SHRINKING = "not shrinking"  # stays in view, but the steps do not shrink


def gradient_2d(p: Params) -> dict[str, Any]:
    f = _surface(p["function"])
    gx, gy = f.gradient()
    run = _descent(f, p["start"], p["eta"], p["steps"])
    points = np.asarray(run["points"])
    # Extra room around the path: the gradient arrow at the start points outwards.
    plane = _plane(f, [points], p["start"], points[-1], pad=0.3)
    left = nx.first_outside(points, plane["view"]["x_range"], plane["view"]["y_range"])
    norms = np.linalg.norm(np.asarray(run["gradients"]), axis=1)
    run["left_view_step"] = left
    run["gradient_norms"] = norms
    run["step_numbers"] = list(range(len(points)))
    # The steps the path draws: up to the one that leaves the view.
    shown = len(points) - 1 if left is None else left - 1
    if left is not None:
        outcome = (PathOutcome.DIVERGED if run["verdict"] == nx.Verdict.DIVERGING
                   else PathOutcome.LEFT_VIEW)
    elif norms[0] == 0:
        outcome = PathOutcome.STILL
    elif norms[-1] < norms[0]:
        outcome = PathOutcome.SHRINKING
    else:
        outcome = PathOutcome.NOT_SHRINKING
    stationary = plane["stationary"]
    centre = Centre.NONE if stationary is None else Centre(stationary["kind"])
    return {"function_latex": f.latex, "gradient_latex": [gx.latex, gy.latex],
            "gradient_formula": [gx.text, gy.text], "run": run, "outcome": outcome,
            "centre": centre, "steps_shown": shown,
            "first_norm": float(norms[0]), "last_norm": float(norms[shown]), **plane}


SAMPLE_EPOCHS = (0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000)
FIT_DECIMALS = 4  # w and b are shown to this many decimals


class Fit(StrEnum):
    """Where linear regression's descent ended, judged once here."""

    DIVERGED = "diverged"  # overflowed, or the loss ended above where it started
    REACHED = "reached"  # the least-squares line, as far as the decimals shown can tell
    STILL_FALLING = "still falling"  # close, not there, and the loss is still falling
    STALLED = "stalled"  # close, not there, and the loss no longer falls


def linear_regression(p: Params) -> dict[str, Any]:
    r = nx.linear_regression(p["xs"], p["ys"], p["w0"], p["b0"], p["eta"], p["epochs"])
    last = len(r.ws) - 1
    samples = sorted({e for e in SAMPLE_EPOCHS if e <= last} | {last})
    x_range = nx.padded_range([*r.xs, 0.0])
    # The line's height at the ends of the plot, at every epoch shown, keeps the first
    # guesses in view; the clip keeps a diverging run from squashing the data.
    ends = [float(r.ws[e]) * x + float(r.bs[e]) for e in samples for x in x_range]
    data_lo, data_hi = nx.padded_range([*r.ys, 0.0])
    span = data_hi - data_lo
    y_range = nx.padded_range(np.clip([*r.ys, 0.0, *ends], data_lo - span, data_hi + span))
    w_star, b_star = r.least_squares
    diverged = r.overflow_epoch is not None or bool(r.losses[-1] > r.losses[0])
    # Reached the least-squares line as far as the decimals on screen can tell.
    tolerance = 0.5 * 10.0 ** -FIT_DECIMALS
    reached = bool(abs(float(r.ws[-1]) - w_star) < tolerance
                   and abs(float(r.bs[-1]) - b_star) < tolerance)
    falling = len(r.losses) > 1 and bool(r.losses[-1] < r.losses[-2])
    fit = (Fit.DIVERGED if diverged else Fit.REACHED if reached
           else Fit.STILL_FALLING if falling else Fit.STALLED)
    # Losses on a log scale: a perfect fit reaches 0, so the axis stops at a floor.
    floor = max(float(np.min(r.losses)), 1e-15)
    log_losses = np.log10(np.maximum(r.losses, floor))
    lo_exp, hi_exp = math.floor(np.min(log_losses)), math.ceil(np.max(log_losses))
    hi_exp = max(hi_exp, lo_exp + 1)
    stride = max(1, math.ceil((hi_exp - lo_exp) / 4))
    loss_ticks = [10.0 ** k for k in range(hi_exp, lo_exp - 1, -stride)][::-1]
    return {"ws": r.ws, "bs": r.bs, "losses": r.losses, "grad_w": r.grad_w, "grad_b": r.grad_b,
            "final": {"w": float(r.ws[-1]), "b": float(r.bs[-1]), "loss": float(r.losses[-1])},
            "least_squares": {"w": w_star, "b": b_star,
                              "loss": nx.mse(r.xs, r.ys, w_star, b_star)},
            "gap": {"w": float(r.ws[-1]) - w_star, "b": float(r.bs[-1]) - b_star},
            "reached_least_squares": reached, "fit": fit, "fit_decimals": FIT_DECIMALS,
            "overflow_epoch": r.overflow_epoch, "diverged": diverged,
            "epochs_run": last, "sample_epochs": samples,
            "view": {"x_range": list(x_range), "y_range": list(y_range),
                     "x_ticks": nx.ticks(*x_range), "y_ticks": nx.ticks(*y_range)},
            "loss_axis": {"log_losses": log_losses, "log_range": [lo_exp, hi_exp],
                          "ticks": loss_ticks, "tick_exponents": [round(math.log10(t))
                                                                   for t in loss_ticks],
                          "epochs": last, "epoch_ticks": nx.ticks(0, max(last, 1), 4)}}


def saddle_escape(p: Params) -> dict[str, Any]:
    f = _surface(p["function"])
    runs = [_descent(f, p["start"], p["eta"], p["steps"], name) for name in p["optimisers"]]
    # The critical point that matters is where the first optimiser moved slowest.
    first = runs[0]
    slowest = int(np.argmin(np.linalg.norm(np.asarray(first["gradients"]), axis=1)))
    plane = _plane(f, [r["points"] for r in runs], p["start"], first["points"][slowest])
    for run in runs:
        run["left_view_step"] = nx.first_outside(run["points"], plane["view"]["x_range"],
                                                 plane["view"]["y_range"])
    return {"function_latex": f.latex, "runs": runs, **plane}
