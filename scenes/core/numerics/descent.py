"""Gradient descent: optimisers, trajectories, their verdicts, and one step in detail."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np

from scenes.core.decimals import fixed
from scenes.core.formula import Formula
from scenes.core.numerics.finite import FloatArray, is_finite_point


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
            if not (is_finite_point(point) and is_finite_point(np.array([value]))
                    and is_finite_point(grad)):
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
    zero = fixed(0.0, decimals)
    for epoch, value in enumerate(losses):
        if fixed(float(value), decimals) == zero:
            return epoch
    return None


def first_index_reading(values: FloatArray | Sequence[float], target: float,
                        decimals: int) -> int | None:
    """The first index whose value, printed with ``decimals`` decimals, reads as ``target``
    (as a label writes it: −0.0000 and 0.0000 both read 0.0000)."""
    wanted = fixed(float(target), decimals)
    for index, value in enumerate(values):
        if fixed(float(value), decimals) == wanted:
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
