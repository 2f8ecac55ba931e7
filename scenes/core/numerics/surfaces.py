"""Surfaces of two variables: contours, view boxes and stationary points."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from scenes.core.formula import Formula
from scenes.core.numerics.finite import OVERFLOW_LIMIT, FloatArray


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
