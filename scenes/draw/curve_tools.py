"""Drawing helpers shared by the critical-points, tangent-sign and one-step scenes.

Pure geometry and formatting: curves sampled once and split where they stop being
finite or leave their window, tangent segments clipped to a box, and numbers written
with as few decimals as show them exactly. No maths that a lesson teaches lives here;
the values come from the numeric core.
"""

from __future__ import annotations

import math

import manim as mn
import numpy as np
import numpy.typing as npt

from scenes.core import clip
from scenes.core import decimals as dec
from scenes.core import numerics as nx
from scenes.draw.base import LessonScene

FloatArray = npt.NDArray[np.float64]


def tex_number(scene: LessonScene, value: float, decimals: int | None = None) -> str:
    """A recorded number written for MathTex (ASCII minus; LaTeX rejects U+2212)."""
    value = float(value) + 0.0  # turn -0.0 into 0.0 so it is never written "−0"
    places = dec.exact_decimals(value) if decimals is None else decimals
    text = scene.fmt(value, places).replace("−", "-")
    if text.strip("-0.,") == "":
        return "0"
    return text.replace(",", "{,}")  # a decimal comma in braces: no space after it


def text_number(scene: LessonScene, value: float, decimals: int | None = None) -> str:
    """A recorded number written for Text (typographic minus)."""
    return tex_number(scene, value, decimals).replace("{,}", ",").replace("-", "−")


def axes_for(scene: LessonScene, x_window: tuple[float, float], y_window: tuple[float, float],
             width: float, height: float) -> mn.Axes:
    """Plain axes (ticks, no numbers: every number on screen is a labelled value)."""
    (x_lo, x_hi), (y_lo, y_hi) = x_window, y_window
    return mn.Axes(
        x_range=[x_lo, x_hi, nx.nice_step(x_hi - x_lo)],
        y_range=[y_lo, y_hi, nx.nice_step(y_hi - y_lo)],
        x_length=width, y_length=height, tips=False,
        axis_config={"color": scene.colour("muted"), "stroke_width": 2,
                     "include_ticks": True, "tick_size": 0.05},
    )


def curve_pieces(axes: mn.Axes, xs: FloatArray, ys: FloatArray,
                 y_window: tuple[float, float], colour: mn.ManimColor,
                 stroke_width: float = 4) -> mn.VGroup:
    """The sampled curve as straight-segment pieces, split where it leaves the window."""
    inside = np.isfinite(ys) & (ys >= y_window[0]) & (ys <= y_window[1])
    pieces = mn.VGroup()
    start: int | None = None
    for i, ok in enumerate([*inside, False]):
        if ok and start is None:
            start = i
        elif not ok and start is not None:
            if i - start >= 2:
                piece = mn.VMobject(color=colour, stroke_width=stroke_width)
                piece.set_points_as_corners(
                    [axes.c2p(x, y) for x, y in zip(xs[start:i], ys[start:i], strict=True)])
                pieces.add(piece)
            start = None
    return pieces


def tangent_line(axes: mn.Axes, x0: float, y0: float, slope: float, length: float,
                 box: tuple[float, float, float, float], colour: mn.ManimColor,
                 stroke_width: float = 4) -> mn.Line:
    """A tangent segment about ``length`` scene units long, clipped to the axes' box."""
    # Scene units per axis unit, to give every tangent the same on-screen length.
    ux = float(np.linalg.norm(axes.c2p(1, 0) - axes.c2p(0, 0)))
    uy = float(np.linalg.norm(axes.c2p(0, 1) - axes.c2p(0, 0)))
    run = math.hypot(ux, slope * uy)
    # A window so wide that one axis unit is no length at all (a run that overflowed):
    # the tangent is a dot at the point.
    half_width = 0.5 * length / run if run > 0 and math.isfinite(run) else 0.0
    ends = None if half_width == 0 else clip.clip_line(x0, y0, slope, (max(box[0], x0 - half_width),
                                         min(box[1], x0 + half_width), box[2], box[3]))
    line = mn.Line(axes.c2p(x0, y0), axes.c2p(x0, y0) + 1e-3 * mn.RIGHT, color=colour,
                   stroke_width=stroke_width)
    if ends is not None:
        line.put_start_and_end_on(axes.c2p(*ends[0]), axes.c2p(*ends[1]))
    return line
