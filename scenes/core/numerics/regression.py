"""Linear regression fitted by batch gradient descent on the mean squared error."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from scenes.core.numerics.finite import FloatArray, is_finite_point


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
            if not is_finite_point(np.array([w, b, loss, dw, db])):
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
