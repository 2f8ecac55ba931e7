"""Clipping to a window: the part of a segment, or of a line, inside an axis-aligned box.

One module for every picture that cuts a line at the edge of its axes (tangents, secants,
fitted lines, descent steps that leave the view). A box is ``(x_lo, x_hi, y_lo, y_hi)``.

- :func:`segment_span`: Liang–Barsky. The parameters [t0, t1] ⊂ [0, 1] for which
  p + t·(q − p) lies in the box.
- :func:`clip_segment`: the same, as the two end points of the part inside.
- :func:`clip_line`: the part inside the box of the line through (x0, y0) with a slope.

Each returns ``None`` when nothing of positive length is inside. numpy only.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
Box = Sequence[float]  # x_lo, x_hi, y_lo, y_hi
Point = tuple[float, float]


def segment_span(p: Sequence[float] | FloatArray, q: Sequence[float] | FloatArray,
                 box: Box) -> tuple[float, float] | None:
    """[t0, t1], the stretch of p + t·(q − p), 0 ≤ t ≤ 1, inside ``box`` (Liang–Barsky).

    Only the first two coordinates of ``p`` and ``q`` are clipped (a scene point may
    carry a third). ``None`` when the segment misses the box or only touches it.
    """
    x_lo, x_hi, y_lo, y_hi = (float(v) for v in box)
    px, py, qx, qy = float(p[0]), float(p[1]), float(q[0]), float(q[1])
    dx, dy = qx - px, qy - py
    t0, t1 = 0.0, 1.0
    # Inside the box when rate·t ≤ room for each of the four edges.
    for rate, room in ((-dx, px - x_lo), (dx, x_hi - px), (-dy, py - y_lo), (dy, y_hi - py)):
        if rate == 0:
            if room < 0:  # parallel to this edge and beyond it
                return None
            continue
        t = room / rate
        if rate < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
    return (t0, t1) if t0 < t1 else None


def clip_segment(p: Sequence[float] | FloatArray, q: Sequence[float] | FloatArray,
                 box: Box) -> tuple[FloatArray, FloatArray] | None:
    """The end points of the part of segment p–q inside ``box`` (all coordinates kept)."""
    span = segment_span(p, q, box)
    if span is None:
        return None
    a, b = np.asarray(p, dtype=np.float64), np.asarray(q, dtype=np.float64)
    return a + span[0] * (b - a), a + span[1] * (b - a)


def clip_line(x0: float, y0: float, slope: float, box: Box) -> tuple[Point, Point] | None:
    """The part of the line through (x0, y0) with ``slope`` inside ``box``, left end first.

    Exact at the box's x edges (the ends are computed from x, not interpolated).
    """
    x_lo, x_hi, y_lo, y_hi = (float(v) for v in box)
    lo, hi = x_lo, x_hi
    if slope != 0:
        xa = x0 + (y_lo - y0) / slope
        xb = x0 + (y_hi - y0) / slope
        lo, hi = max(lo, min(xa, xb)), min(hi, max(xa, xb))
    elif not y_lo <= y0 <= y_hi:
        return None
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        return None
    return (lo, y0 + slope * (lo - x0)), (hi, y0 + slope * (hi - x0))
