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

from scenes.core import decimals as dec
from scenes.core import numerics as nx
from scenes.core.formula import Formula, parse

Params = Mapping[str, Any]


def _loss(text: str) -> Formula:
    return parse(text, ("w",))


def _surface(text: str) -> Formula:
    return parse(text, ("x", "y"))


class Direction(StrEnum):
    """Which way a line, or one rise, goes as x increases."""

    UP = "up"
    DOWN = "down"
    FLAT = "flat"


def _direction(value: float) -> Direction:
    return Direction.UP if value > 0 else Direction.DOWN if value < 0 else Direction.FLAT


class PairSlopes(StrEnum):
    """What the pairs of points on a line say about its slope."""

    EQUAL = "equal"        # every pair gives exactly the same slope
    ROUNDING = "rounding"  # the same slope up to floating-point rounding
    NO_RUN = "no-run"      # every point shares one x: no pair has a run


TOUR_MOST = 6  # pairs the scene visits at most: six points (fifteen pairs) stay short


def _equation(m: float, b: float) -> str:
    """y = m·x + b's right-hand side as a formula, as written by hand: no 1*x, no + 0."""
    if m == 0:
        return repr(float(b))
    slope = {1.0: "x", -1.0: "-x"}.get(float(m), f"{float(m)!r}*x")
    if b == 0:
        return slope
    return f"{slope} {'+' if b > 0 else '-'} {abs(float(b))!r}"


def _tour(pairs: list[tuple[int, int, float, float, float]],
          points: list[tuple[float, float]], most: int = TOUR_MOST) -> list[int]:
    """The pairs to visit: neighbours left to right, then wider ones, the widest last."""
    def key(k: int) -> tuple[float, float]:
        i, j, _, run, _ = pairs[k]
        return abs(run), min(points[i][0], points[j][0])
    order = sorted(range(len(pairs)), key=key)
    return order if len(order) <= most else [*order[:most - 1], order[-1]]


def slope_of_a_line(p: Params) -> dict[str, Any]:
    line = nx.line_slopes(p["m"], p["b"], p["xs"])
    slopes = [s for *_, s in line.pair_slopes]
    equal = bool(slopes) and max(slopes) - min(slopes) < 1e-12
    tour = _tour(line.pair_slopes, line.points)
    return {
        "points": line.points,
        "pairs": [
            {"from": i, "to": j, "rise": rise, "run": run, "slope": slope,
             "climb": _direction(rise)}
            for i, j, rise, run, slope in line.pair_slopes
        ],
        "all_slopes_equal": equal,
        "slopes": (PairSlopes.NO_RUN if not slopes else
                   PairSlopes.EQUAL if equal else PairSlopes.ROUNDING),
        "direction": _direction(p["m"]),
        "equation": _equation(p["m"], p["b"]),
        "tour": tour,
    }


class Approach(StrEnum):
    """How the secants' slopes behave as the table's gaps h go by."""

    EXACT = "exact"        # every secant already has the derivative's slope (a straight line)
    STEADY = "steady"      # each secant is closer to the derivative than the one before
    UNEVEN = "uneven"      # the last is closer than the first, but not step by step
    NOT_CLOSER = "not closer"  # the last secant is no closer than the first (or only one h)


class Side(StrEnum):
    """Where the second point sits: the sign of every gap h."""

    RIGHT = "right"  # every h > 0
    LEFT = "left"    # every h < 0
    BOTH = "both"    # some of each


def _approach(errors: list[float], derivative: float) -> Approach:
    tolerance = 1e-9 * max(1.0, abs(derivative))
    sizes = [abs(e) for e in errors]
    if max(sizes) <= tolerance:
        return Approach.EXACT
    if len(sizes) < 2 or sizes[-1] >= sizes[0]:
        return Approach.NOT_CLOSER
    if all(b < a for a, b in zip(sizes, sizes[1:], strict=False)):
        return Approach.STEADY
    return Approach.UNEVEN


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
        "decimals": dec.first_digit_decimals(p["hs"], minimum=1),

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
        "approach": _approach([r.error for r in table.rows], table.derivative),
        "side": Side.RIGHT if all(h > 0 for h in p["hs"]) else
        Side.LEFT if all(h < 0 for h in p["hs"]) else Side.BOTH,
    }


class Trend(StrEnum):
    """Which way f goes where f′ has one sign."""

    RISING = "rising"
    FALLING = "falling"
    FLAT = "flat"


class Shape(StrEnum):
    """The shape of f across the window, read from the signs of f′ in order."""

    BOWL = "bowl"  # falls, then rises
    HILL = "hill"  # rises, then falls
    RISES = "rises"  # rises all the way (a flat point between two rises included)
    FALLS = "falls"  # falls all the way
    WAVES = "waves"  # rises and falls in turn


class Stationary(StrEnum):
    """What f does where f′ = 0."""

    LOW = "low"  # f falls into it and rises out: a low point
    HIGH = "high"  # f rises into it and falls out: a high point
    LEVEL = "level"  # f levels off for a moment and carries on the same way


LISTED_ZEROS = 3  # zeros of f′ named one by one; the rest are counted
SAMPLES = 241  # samples of f and f′ across the window (the zeros of f′ added)


def shape_of(directions: list[Trend]) -> Shape:
    """The shape of f from the directions of its sign regions, left to right."""
    turns: list[Trend] = []
    for d in directions:  # a flat point between two rises is one long rise
        if d is not Trend.FLAT and (not turns or turns[-1] is not d):
            turns.append(d)
    return {
        (Trend.FALLING, Trend.RISING): Shape.BOWL,
        (Trend.RISING, Trend.FALLING): Shape.HILL,
        (Trend.RISING,): Shape.RISES,
        (Trend.FALLING,): Shape.FALLS,
    }.get(tuple(turns), Shape.WAVES)


def stationary_kind(f: Formula, zero: float, step: float) -> Stationary:
    """What f does either side of ``zero`` (a zero of f′), a sample ``step`` away.

    f itself is evaluated, not its samples: a zero that falls next to a grid point would
    otherwise be compared with a neighbour a rounding error away.
    """
    with np.errstate(all="ignore"):
        here = float(f(zero))
        left = float(f(zero - step)) - here
        right = float(f(zero + step)) - here
    if left > 0 and right > 0:
        return Stationary.LOW
    if left < 0 and right < 0:
        return Stationary.HIGH
    return Stationary.LEVEL


def derivative_function(p: Params) -> dict[str, Any]:
    f = parse(p["function"])
    lo, hi = (float(v) for v in p["x_range"])
    if not lo < hi:
        raise ValueError(f"x_range {list(p['x_range'])}: 'from' must be less than 'to'")
    result = nx.derivative_function(f, p["x_range"])
    samples = nx.derivative_samples(f, result.fprime, lo, hi, result.zeros, count=SAMPLES)
    if samples.xs.size < 2:
        raise ValueError(f"{f.text} is undefined almost everywhere on {[lo, hi]}")
    directions = [{1: Trend.RISING, -1: Trend.FALLING, 0: Trend.FLAT}[r.sign]
                  for r in result.regions]
    low, high = float(np.min(samples.f)), float(np.max(samples.f))
    points = []
    step = (hi - lo) / (SAMPLES - 1)
    for zero, value in zip(result.zeros, result.values_at_zeros, strict=True):
        kind = stationary_kind(f, zero, step)
        edge = low if kind is Stationary.LOW else high
        # The lowest (highest) value in the window, not just a low (high) point.
        extreme = kind is not Stationary.LEVEL \
            and abs(value - edge) <= 1e-9 * max(1.0, abs(edge))
        points.append({"x": zero, "value": value, "kind": kind, "extreme": extreme})
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
        "points": points,
        "listed": min(len(points), LISTED_ZEROS),
        "shape": shape_of(directions),
        "regions": [{"from": r.start, "to": r.end, "sign": d}
                    for r, d in zip(result.regions, directions, strict=True)],
        "directions": [d for d in Trend if d in directions],
    }


class Rule(StrEnum):
    """The rule the first step of differentiating an example uses."""

    POWER = "power"
    CONSTANT_MULTIPLE = "constant multiple"
    SUM = "sum"
    PRODUCT = "product"
    CONSTANT = "constant"
    CHAIN = "chain"
    EXPONENTIAL = "exponential"
    LOGARITHM = "logarithm"
    SIGMOID = "sigmoid"
    STANDARD = "standard derivative"


class RuleGroup(StrEnum):
    """The beat that introduces a rule."""

    POWER = "power"
    CHAIN = "chain"
    SPECIAL = "special"


RULE_GROUPS: dict[Rule, RuleGroup] = {
    Rule.POWER: RuleGroup.POWER, Rule.CONSTANT_MULTIPLE: RuleGroup.POWER,
    Rule.SUM: RuleGroup.POWER, Rule.PRODUCT: RuleGroup.POWER, Rule.CONSTANT: RuleGroup.POWER,
    Rule.CHAIN: RuleGroup.CHAIN,
    Rule.EXPONENTIAL: RuleGroup.SPECIAL, Rule.LOGARITHM: RuleGroup.SPECIAL,
    Rule.SIGMOID: RuleGroup.SPECIAL, Rule.STANDARD: RuleGroup.SPECIAL,
}
# e^x, ln x and σ(x) of x alone are the special beat's own rule cards.
CARD_RULES = (Rule.EXPONENTIAL, Rule.LOGARITHM, Rule.SIGMOID)


class Agreement(StrEnum):
    """How well the measured slopes agree with the rules, over every example."""

    EXACT = "exact"  # every gap is zero
    CLOSE = "close"  # the worst gap is below 10^-places
    NONE = "none"  # no examples


def derivative_rules(p: Params) -> dict[str, Any]:
    examples = nx.derivative_rules([parse(text) for text in p["examples"]])
    rules = [Rule(e.rule) for e in examples]
    worst = max((e.check_error for e in examples), default=0.0)
    agreement = Agreement.NONE if not examples else \
        Agreement.EXACT if worst == 0.0 else Agreement.CLOSE
    places = max(0, math.floor(-math.log10(worst))) if agreement is Agreement.CLOSE else 0
    return {
        "h": nx.CENTRAL_H,
        "examples": [
            {"function": e.function.text, "function_latex": e.function.latex,
             "derivative": e.derivative.text, "derivative_latex": e.derivative.latex,
             "rule": rule, "group": RULE_GROUPS[rule], "own_card": rule in CARD_RULES,
             "check_at": e.check_at, "symbolic": e.symbolic,
             "central_difference": e.central, "check_error": e.check_error}
            for e, rule in zip(examples, rules, strict=True)
        ],
        "rules": list(dict.fromkeys(rules)),
        "worst_error": worst,
        "agreement": agreement,
        "agreement_places": places,
    }


CRITICAL_SEARCH = (-5.0, 5.0)  # where critical points are looked for
CRITICAL_DETAILED = 2  # critical points per function that get their own working and words


class SecondDerivativeTest(StrEnum):
    """What f″ at a critical point says on its own."""

    MINIMUM = "minimum"
    MAXIMUM = "maximum"
    INCONCLUSIVE = "inconclusive"


class Neighbour(StrEnum):
    """Where a neighbour's value lies against the value at the flat point."""

    ABOVE = "above"
    BELOW = "below"
    LEVEL = "level"


def _side(neighbour: float, centre: float) -> Neighbour:
    if neighbour == centre:
        return Neighbour.LEVEL
    return Neighbour.ABOVE if neighbour > centre else Neighbour.BELOW


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


class StepWay(StrEnum):
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
        run["directions"] = [StepWay.LEFT if g > 0 else StepWay.RIGHT if g < 0
                             else StepWay.STAY for g in gradients[:steps]]
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

# Verdicts of runs that get down the bowl (the panels show them in the "good" colour).
SETTLING = (nx.Verdict.CONVERGING, nx.Verdict.SLOW, nx.Verdict.OSCILLATING)


class LossFate(StrEnum):
    """What a run does to its loss, from its first value to its last (or its overflow)."""

    FALLS = "falls"
    STAYS = "stays"  # the ball moves, the loss reads the same (bouncing for ever)
    CLIMBS = "climbs"
    STILL = "still"  # the ball does not move at all


class FocusStory(StrEnum):
    """What the run read out in the learning-rates "too big" beat shows."""

    BOUNCES = "bounces"  # between two weights, loss frozen
    SETTLES = "settles"  # even the largest rate is not too big
    CLIMBS = "climbs"  # diverges and the loss climbs
    RUNS_AWAY = "runs away"  # diverges while the loss falls (an unbounded loss)
    STILL = "still"


def _loss_fate(f: Formula, t: nx.Trajectory, tolerance: float = 1e-9) -> LossFate:
    if t.verdict == nx.Verdict.STATIONARY:
        return LossFate.STILL
    first = float(t.losses[0])
    last = float(t.losses[-1])
    if t.overflow_step is not None:
        # The loss where the run left the finite range (may be ±inf).
        with np.errstate(all="ignore"):
            nxt = t.points[-1] - t.eta * t.gradients[-1]
            last = float(f(*nxt))
        if math.isnan(last):
            return LossFate.CLIMBS
    if last > first + tolerance * max(1.0, abs(first)):
        return LossFate.CLIMBS
    if last < first - tolerance * max(1.0, abs(first)):
        return LossFate.FALLS
    return LossFate.STAYS


def learning_rates(p: Params) -> dict[str, Any]:
    f = _loss(p["function"])
    trajectories = [nx.descend(f, [p["w0"]], eta, p["steps"]) for eta in p["etas"]]
    runs = [nx.trajectory_json(t) for t in trajectories]
    race = nx.first_to_bottom(trajectories, LEARNING_RATE_DECIMALS)
    for run, t, step in zip(runs, trajectories, race["steps"], strict=True):
        run["verdict"] = t.verdict
        run["settles"] = t.verdict in SETTLING
        run["fate"] = _loss_fate(f, t)
        run["rises_every_step"] = bool(len(t.losses) > 1 and np.all(np.diff(t.losses) > 0))
        run["first_step_at_bottom"] = step
    verdicts = [t.verdict for t in trajectories]
    etas = [float(eta) for eta in p["etas"]]
    winners: list[int] = race["winners"]
    # Beside the winner: a smaller rate that crawls, and one that swings across the bottom.
    crawler = next((i for i, v in enumerate(verdicts) if i not in winners and winners
                    and v in (nx.Verdict.CONVERGING, nx.Verdict.SLOW)
                    and etas[i] < etas[winners[0]]), None)
    swinger = next((i for i, v in enumerate(verdicts)
                    if i not in winners and winners and v == nx.Verdict.OSCILLATING), None)
    same = False
    if crawler is not None and swinger is not None:
        a, b = trajectories[crawler].losses, trajectories[swinger].losses
        same = a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-9, atol=0.0))
    # The run read out in "too big": the first that bounces, else the largest rate.
    bouncing = [i for i, v in enumerate(verdicts) if v == nx.Verdict.BOUNCING]
    focus = bouncing[0] if bouncing else int(np.argmax(etas))
    focus_verdict = verdicts[focus]
    story = (FocusStory.BOUNCES if focus_verdict == nx.Verdict.BOUNCING else
             FocusStory.SETTLES if focus_verdict in SETTLING else
             FocusStory.STILL if focus_verdict == nx.Verdict.STATIONARY else
             FocusStory.CLIMBS if runs[focus]["fate"] == LossFate.CLIMBS else
             FocusStory.RUNS_AWAY)
    return {"function_latex": f.latex, "runs": runs,
            "step_numbers": list(range(p["steps"] + 1)),
            "loss_decimals": LEARNING_RATE_DECIMALS,
            "bottom_loss": race["bottom_loss"], "first_to_bottom": winners,
            "crawler": crawler, "swinger": swinger, "crawler_matches_swinger": same,
            "focus": focus, "focus_story": story,
            "also_diverging": [i for i, v in enumerate(verdicts)
                               if v == nx.Verdict.DIVERGING and i != focus],
            "too_large_seen": any(v in (nx.Verdict.BOUNCING, nx.Verdict.DIVERGING)
                                  for v in verdicts)}


class ZeroRace(StrEnum):
    """Who first reads a zero loss in the step-size-shrinks panels."""

    NOBODY = "nobody"
    TIE = "tie"  # every ball, at the same step
    FIRST = "first"  # some balls before the others (or the only ball)


class StepTrend(StrEnum):
    """How each step compares with the one before, in every run."""

    SHRINK_BY_A_FACTOR = "shrink by a factor"  # the same ratio < 1 for every step
    GROW_BY_A_FACTOR = "grow by a factor"  # the same ratio ≥ 1 for every step
    SHRINK = "shrink"  # every step shorter than the last, no common ratio
    MIXED = "mixed"


def step_size_shrinks(p: Params) -> dict[str, Any]:
    f = _loss(p["function"])
    runs = []
    for start in p["starts"]:
        run = _descent(f, start, p["eta"], p["steps"])
        run["first_epoch_reading_zero"] = nx.first_epoch_reading_zero(run["losses"])
        run["step_sizes"] = [abs(b - a) for a, b in zip(run["points"], run["points"][1:],
                                                         strict=False)]
        runs.append(run)
    count = len(runs)
    sizes = [[float(v) for v in r["step_sizes"]] for r in runs]
    firsts = [sz[0] if sz else 0.0 for sz in sizes]
    shrinking = all(all(b < a for a, b in zip(sz, sz[1:], strict=False)) for sz in sizes)
    losses0 = [float(r["losses"][0]) for r in runs]
    arrivals: list[int | None] = [r["first_epoch_reading_zero"] for r in runs]
    reached = [e for e in arrivals if e is not None]
    race = (ZeroRace.NOBODY if not reached else
            ZeroRace.TIE if count > 1 and len(reached) == count and len(set(reached)) == 1
            else ZeroRace.FIRST)
    first_zero = min(reached) if reached else None
    # Two balls always in the same proportion: how many times as far out the far one is.
    far = near = None
    far_ratio = None
    points = [np.asarray(r["points"], dtype=np.float64) for r in runs]
    if count == 2 and points[0].shape == points[1].shape and np.all(points[0] != 0) \
            and np.all(points[1] != 0):
        ratio = points[1] / points[0]
        if np.allclose(ratio, ratio[0], rtol=1e-9) and not math.isclose(abs(ratio[0]), 1.0):
            far, near = (1, 0) if abs(ratio[0]) >= 1 else (0, 1)
            far_ratio = float(abs(ratio[0]) if far == 1 else 1 / abs(ratio[0]))
    # The ratio of each step to the one before, when every run shares one.
    ratios = [np.asarray(sz[1:]) / np.asarray(sz[:-1]) for sz in sizes
              if len(sz) > 1 and all(v > 0 for v in sz[:-1])]
    common = (len(ratios) == count and all(np.allclose(q, ratios[0][0], rtol=1e-6)
                                           for q in ratios))
    step_ratio = float(ratios[0][0]) if common else None
    # Said with enough decimals to tell it from 1 (0.9995, never "1 times"); a ratio that
    # still reads 1 at six decimals is no factor worth naming.
    ratio_decimals = 3
    if step_ratio is not None:
        ratio_decimals = dec.first_digit_decimals([abs(1 - step_ratio)], minimum=3, maximum=6)
        if round(step_ratio, ratio_decimals) == 1:
            step_ratio = None
    trend = (StepTrend.SHRINK_BY_A_FACTOR if step_ratio is not None and step_ratio < 1 else
             StepTrend.GROW_BY_A_FACTOR if step_ratio is not None else
             StepTrend.SHRINK if shrinking else StepTrend.MIXED)
    return {"function_latex": f.latex, "runs": runs,
            "step_numbers": list(range(p["steps"] + 1)), "loss_decimals": 4,
            "first_steps": firsts, "steepest": int(np.argmax(firsts)),
            "first_steps_equal": len(set(firsts)) == 1,
            # The one ball that starts higher than every other (None: no such ball).
            "highest_start": (int(np.argmax(losses0))
                              if count > 1 and losses0.count(max(losses0)) == 1 else None),
            "same_start_loss": len(set(losses0)) == 1, "shrinking": shrinking,
            "zero_race": race, "first_zero_step": first_zero,
            "first_zero_runs": [i for i, e in enumerate(arrivals)
                                if first_zero is not None and e == first_zero],
            "far": far, "near": near, "far_ratio": far_ratio,
            "step_ratio": step_ratio, "ratio_decimals": ratio_decimals, "step_trend": trend}


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


class Surface(StrEnum):
    """What the flat point in the picture is (where the gradient is zero)."""

    SADDLE = "saddle"
    MINIMUM = "minimum"
    MAXIMUM = "maximum"
    FLAT = "flat"
    NONE = "none"  # no point of zero gradient found near the paths


class Fate(StrEnum):
    """Where one saddle-escape run ends, judged once here for the words and the picture."""

    LEFT_VIEW = "left the view"
    STALLED = "stalled near the saddle"
    ESCAPED = "rolled past the saddle"  # away from the saddle and lower than it
    SETTLED = "settled at the low point"
    ELSEWHERE = "ended elsewhere"


# A run "ends near" the flat point when its distance to it shrank below this share.
NEAR_SHARE = 0.25


def _saddle_fate(run: Mapping[str, Any], surface: Surface, centre: Any,
                 level: float | None) -> Fate:
    if run["left_view_step"] is not None:
        return Fate.LEFT_VIEW
    distance = np.linalg.norm(np.asarray(run["points"], dtype=np.float64) - centre, axis=1)
    near = bool(distance[-1] < NEAR_SHARE * max(float(distance[0]), 1e-12))
    if surface is Surface.SADDLE and near:
        return Fate.STALLED
    if surface is Surface.SADDLE and level is not None and run["final_loss"] < level:
        return Fate.ESCAPED
    if surface is Surface.MINIMUM and near:
        return Fate.SETTLED
    return Fate.ELSEWHERE


def saddle_escape(p: Params) -> dict[str, Any]:
    f = _surface(p["function"])
    runs = [_descent(f, p["start"], p["eta"], p["steps"], name) for name in p["optimisers"]]
    # The critical point that matters is where the first optimiser moved slowest.
    first = runs[0]
    slowest = int(np.argmin(np.linalg.norm(np.asarray(first["gradients"]), axis=1)))
    plane = _plane(f, [r["points"] for r in runs], p["start"], first["points"][slowest])
    stationary = plane["stationary"]
    surface = Surface.NONE if stationary is None else Surface(stationary["kind"])
    centre = np.asarray(stationary["point"] if stationary else first["points"][0],
                        dtype=np.float64)
    level = None if stationary is None else float(stationary["value"])
    for run in runs:
        run["left_view_step"] = nx.first_outside(run["points"], plane["view"]["x_range"],
                                                 plane["view"]["y_range"])
        run["steps_taken"] = len(run["points"]) - 1
        run["fate"] = _saddle_fate(run, surface, centre, level)
    in_view = [i for i, run in enumerate(runs) if run["fate"] is not Fate.LEFT_VIEW]
    lowest = min(in_view, key=lambda i: float(runs[i]["final_loss"])) if in_view else None
    others = [run["fate"] for run in runs[1:]]
    return {"function_latex": f.latex, "runs": runs, **plane, "surface": surface,
            "runs_in_view": len(in_view), "lowest": lowest,
            # The lesson's point: plain descent stalls at the saddle, another run gets past.
            "escaped": bool(runs[0]["fate"] is Fate.STALLED and Fate.ESCAPED in others)}
