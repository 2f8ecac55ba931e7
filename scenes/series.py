"""Each scene's numbers: its parameters in, every series it animates out.

One function per scene, named after it. Scenes draw what these return, and
``render.py numbers NAME`` prints the same values, so the two cannot disagree.
Nothing here imports Manim.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from scenes import numerics as nx
from scenes.formula import Formula, parse

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
    return {
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


def critical_points(p: Params) -> dict[str, Any]:
    out = []
    for text in p["functions"]:
        f = parse(text)
        points = nx.critical_points(f)
        out.append({
            "function": f.text,
            "function_latex": f.latex,
            "derivative_latex": f.diff().latex,
            "second_derivative_latex": f.diff(order=2).latex,
            "critical_points": [
                {"x": c.x, "value": c.value, "second_derivative": c.second_derivative,
                 "second_derivative_test": c.second_derivative_test, "verdict": str(c.kind),
                 "first_nonzero_derivative_order": c.higher_order,
                 "left": [c.x - c.probe, c.left_value], "right": [c.x + c.probe, c.right_value]}
                for c in points
            ],
        })
    return {"functions": out}


def _descent(f: Formula, start: float | list[float], eta: float, steps: int,
             optimiser: str = "gd") -> dict[str, Any]:
    begin = [start] if isinstance(start, float | int) else start
    return nx.trajectory_json(nx.descend(f, begin, eta, steps, optimiser))


def tangent_sign(p: Params) -> dict[str, Any]:
    f = _loss(p["function"])
    runs = [_descent(f, s, p["eta"], p["steps"]) for s in p["starts"]]
    for run in runs:
        run["directions"] = ["left" if s > 0 else "right" if s < 0 else "stay"
                             for s in run["gradients"][:-1]]
    return {"derivative_formula": f.diff().text, "derivative_latex": f.diff().latex,
            "function_latex": f.latex, "runs": runs}


def one_step(p: Params) -> dict[str, Any]:
    f = _loss(p["function"])
    s = nx.one_step(f, p["w0"], p["eta"])
    return {"function_latex": f.latex, "derivative_formula": f.diff().text,
            "derivative_latex": f.diff().latex, "w0": s.w0, "slope": s.slope,
            "step": s.step, "w1": s.w1, "loss0": s.loss0, "loss1": s.loss1}


def learning_rates(p: Params) -> dict[str, Any]:
    f = _loss(p["function"])
    return {"function_latex": f.latex,
            "runs": [_descent(f, p["w0"], eta, p["steps"]) for eta in p["etas"]]}


def step_size_shrinks(p: Params) -> dict[str, Any]:
    f = _loss(p["function"])
    runs = []
    for start in p["starts"]:
        run = _descent(f, start, p["eta"], p["steps"])
        run["first_epoch_reading_zero"] = nx.first_epoch_reading_zero(run["losses"])
        run["step_sizes"] = [abs(b - a) for a, b in zip(run["points"], run["points"][1:],
                                                         strict=False)]
        runs.append(run)
    return {"function_latex": f.latex, "runs": runs}


def gradient_2d(p: Params) -> dict[str, Any]:
    f = _surface(p["function"])
    gx, gy = f.gradient()
    return {"function_latex": f.latex, "gradient_latex": [gx.latex, gy.latex],
            "gradient_formula": [gx.text, gy.text],
            "run": _descent(f, p["start"], p["eta"], p["steps"])}


def linear_regression(p: Params) -> dict[str, Any]:
    r = nx.linear_regression(p["xs"], p["ys"], p["w0"], p["b0"], p["eta"], p["epochs"])
    return {"ws": r.ws, "bs": r.bs, "losses": r.losses, "grad_w": r.grad_w, "grad_b": r.grad_b,
            "final": {"w": float(r.ws[-1]), "b": float(r.bs[-1]), "loss": float(r.losses[-1])},
            "least_squares": {"w": r.least_squares[0], "b": r.least_squares[1]},
            "overflow_epoch": r.overflow_epoch}


def saddle_escape(p: Params) -> dict[str, Any]:
    f = _surface(p["function"])
    return {"function_latex": f.latex,
            "runs": [_descent(f, p["start"], p["eta"], p["steps"], name)
                     for name in p["optimisers"]]}


SERIES: dict[str, Callable[[Params], dict[str, Any]]] = {
    "slope-of-a-line": slope_of_a_line,
    "secant-to-tangent": secant_to_tangent,
    "derivative-function": derivative_function,
    "derivative-rules": derivative_rules,
    "critical-points": critical_points,
    "tangent-sign": tangent_sign,
    "one-step": one_step,
    "learning-rates": learning_rates,
    "step-size-shrinks": step_size_shrinks,
    "gradient-2d": gradient_2d,
    "linear-regression": linear_regression,
    "saddle-escape": saddle_escape,
}
