"""Drawing a surface f(x, y) from above: a framed box with equal units on both axes, round
tick labels and the core's contour lines, plus paths clipped to the box.

Equal units matter: the gradient crosses contour lines at right angles only when a unit
of x is as long on screen as a unit of y. Everything drawn here is built once; scenes
move dots and arrows over it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import manim as mn
import numpy as np

from scenes.core import clip
from scenes.core import decimals as dec
from scenes.draw.base import LessonScene

LABEL_SIZE = 20


@dataclass
class Box:
    """A rectangle of the frame, in Manim units: centre and size."""

    x: float
    y: float
    width: float
    height: float

    @property
    def centre(self) -> np.ndarray[Any, np.dtype[np.float64]]:
        return np.array([self.x, self.y, 0.0])

    @property
    def top(self) -> float:
        return self.y + self.height / 2

    @property
    def bottom(self) -> float:
        return self.y - self.height / 2

    @property
    def left(self) -> float:
        return self.x - self.width / 2


def split_frame(scene: LessonScene, panel_share: float = 0.36, top: float = 0.75,
                bottom: float = 1.35, gap: float = 0.3) -> tuple[Box, Box]:
    """The plot's box and the side panel's box: side by side in landscape, stacked
    (plot above) in portrait and square frames. ``bottom`` stays free for captions."""
    w, h = scene.frame_width, scene.frame_height
    usable_h = h - top - bottom
    y_mid = h / 2 - top - usable_h / 2
    if not scene.layout.portrait and not scene.layout.square:
        usable_w = w - 0.8
        panel_w = usable_w * panel_share
        plot_w = usable_w - panel_w - gap
        left = -w / 2 + 0.4
        return (Box(left + plot_w / 2, y_mid, plot_w, usable_h),
                Box(left + plot_w + gap + panel_w / 2, y_mid, panel_w, usable_h))
    usable_w = w - 0.7
    plot_h = usable_h * (0.5 if scene.layout.portrait else 0.52)
    panel_h = usable_h - plot_h - gap
    top_y = h / 2 - top
    return (Box(0.0, top_y - plot_h / 2, usable_w, plot_h),
            Box(0.0, top_y - plot_h - gap - panel_h / 2, usable_w, panel_h))


class Plane:
    """Axes with equal units fitted into ``box``, framed, with ticks and contours."""

    def __init__(self, scene: LessonScene, view: Mapping[str, Any], box: Box,
                 equal: bool = True, names: tuple[str, str] = ("x", "y"),
                 y_labels: Sequence[tuple[float, mn.VMobject]] | None = None) -> None:
        self.scene = scene
        self.x_range = (float(view["x_range"][0]), float(view["x_range"][1]))
        self.y_range = (float(view["y_range"][0]), float(view["y_range"][1]))
        span_x = self.x_range[1] - self.x_range[0]
        span_y = self.y_range[1] - self.y_range[0]
        # Room for the tick labels below and to the left of the frame.
        x_name = scene.tex(names[0], scale=0.7, color=scene.theme.muted)
        y_name = scene.tex(names[1], scale=0.7, color=scene.theme.muted)
        # Room for tick labels on the left and below, the axis names right and above.
        width, height = box.width - 0.75 - x_name.width, box.height - 0.75
        if equal:
            unit = min(width / span_x, height / span_y)
            width, height = unit * span_x, unit * span_y
        self.axes = mn.Axes(
            x_range=[self.x_range[0], self.x_range[1], span_x],
            y_range=[self.y_range[0], self.y_range[1], span_y],
            x_length=width, y_length=height, tips=False,
        )
        self.axes.move_to(box.centre + np.array([(0.6 - x_name.width) / 2, 0.0, 0.0]))
        muted = scene.colour("muted")
        lo = self.axes.c2p(self.x_range[0], self.y_range[0])
        hi = self.axes.c2p(self.x_range[1], self.y_range[1])
        self.frame = mn.Rectangle(width=hi[0] - lo[0], height=hi[1] - lo[1],
                                  stroke_color=muted, stroke_width=2).move_to((lo + hi) / 2)
        self.ticks = mn.VGroup()
        x_ticks = [float(t) for t in view["x_ticks"]]
        y_ticks = [float(t) for t in view["y_ticks"]]
        decimals = dec.exact_decimals([*x_ticks, *y_ticks], most=3)
        for t in x_ticks:
            base = self.axes.c2p(t, self.y_range[0])
            mark = mn.Line(base, base + 0.1 * mn.UP, stroke_color=muted, stroke_width=2)
            label = scene.text(scene.fmt(t, decimals), size=LABEL_SIZE, color=scene.theme.muted)
            self.ticks.add(mark, label.next_to(base, mn.DOWN, buff=0.1))
        if y_labels is None:
            y_labels = [(t, scene.text(scene.fmt(t, decimals), size=LABEL_SIZE,
                                       color=scene.theme.muted)) for t in y_ticks]
        for t, y_label in y_labels:
            base = self.axes.c2p(self.x_range[0], t)
            mark = mn.Line(base, base + 0.1 * mn.RIGHT, stroke_color=muted, stroke_width=2)
            self.ticks.add(mark, y_label.next_to(base, mn.LEFT, buff=0.1))
        x_name.next_to(self.frame, mn.RIGHT, buff=0.12).align_to(self.frame, mn.DOWN)
        y_name.next_to(self.frame, mn.UP, buff=0.1).align_to(self.frame, mn.LEFT)
        self.ticks.add(x_name, y_name)

    def point(self, x: float, y: float) -> np.ndarray[Any, np.dtype[np.float64]]:
        return np.asarray(self.axes.c2p(x, y), dtype=np.float64)

    def inside(self, x: float, y: float) -> bool:
        return (self.x_range[0] <= x <= self.x_range[1]
                and self.y_range[0] <= y <= self.y_range[1])

    def contours(self, contours: Mapping[str, Any], colour: str = "function") -> mn.VGroup:
        """The core's level curves, one VMobject per polyline; lower levels drawn stronger."""
        group = mn.VGroup()
        count = max(len(contours["lines"]), 1)
        for index, polylines in enumerate(contours["lines"]):
            opacity = 0.95 - 0.6 * index / count
            for line in polylines:
                pts = np.asarray(line, dtype=np.float64)
                if len(pts) < 2:
                    continue
                curve = mn.VMobject(stroke_color=self.scene.colour(colour),
                                    stroke_width=2, stroke_opacity=opacity)
                curve.set_points_as_corners([self.point(x, y) for x, y in pts])
                group.add(curve)
        return group

    def path(self, points: Sequence[Sequence[float]], colour: mn.ManimColor,
             width: float = 3.5) -> tuple[list[mn.Line], int | None]:
        """One Line per step, stopping at the first point outside the box (the step that
        leaves is clipped at the frame); also returns the index of that point."""
        segments: list[mn.Line] = []
        for k in range(1, len(points)):
            (x0, y0), (x1, y1) = points[k - 1], points[k]
            if not self.inside(x1, y1):
                # the step that leaves ends where it meets the frame
                span = clip.segment_span((x0, y0), (x1, y1), (*self.x_range, *self.y_range))
                t = span[1] if span is not None else 0.0
                x1, y1 = x0 + t * (x1 - x0), y0 + t * (y1 - y0)
                segments.append(mn.Line(self.point(x0, y0), self.point(x1, y1),
                                        stroke_color=colour, stroke_width=width))
                return segments, k
            segments.append(mn.Line(self.point(x0, y0), self.point(x1, y1),
                                    stroke_color=colour, stroke_width=width))
        return segments, None


def lay_out_panel(scene: LessonScene, box: Box, first: Sequence[mn.VMobject],
                  second: Sequence[mn.VMobject], buff: float = 0.28) -> mn.VGroup:
    """Stack ``first`` then ``second`` down the panel, left-aligned; in a square frame the
    panel is short and wide, so ``second`` goes in a column of its own on the right.
    Everything is placed now (hidden parts included) so later beats never reflow."""
    column = (box.width - 0.4) / 2 if scene.layout.square else box.width
    for item in [*first, *second]:
        scene.fit(item, width=column)
    one = mn.VGroup(*first).arrange(mn.DOWN, buff=buff, aligned_edge=mn.LEFT)
    two = mn.VGroup(*second).arrange(mn.DOWN, buff=buff, aligned_edge=mn.LEFT)
    if scene.layout.square:
        panel = mn.VGroup(one, two).arrange(mn.RIGHT, buff=0.4, aligned_edge=mn.UP)
    else:
        panel = mn.VGroup(one, two).arrange(mn.DOWN, buff=buff + 0.1, aligned_edge=mn.LEFT)
    scene.fit(panel, width=box.width, height=box.height)
    panel.move_to(box.centre).align_to(np.array([0.0, box.top, 0.0]), mn.UP)
    if not scene.layout.portrait and not scene.layout.square:
        panel.align_to(np.array([box.left, 0.0, 0.0]), mn.LEFT)
    return panel


def readout_grid(scene: LessonScene, rows: Sequence[tuple[mn.VMobject, mn.DecimalNumber]],
                 columns: int, label_gap: float = 0.2) -> mn.VGroup:
    """Label–number pairs in a grid; numbers in a column start at the same x, so they can
    change width in place without pushing anything."""
    cells = mn.VGroup()
    label_w = max(label.width for label, _ in rows) + label_gap
    for label, number in rows:
        number.next_to(label, mn.RIGHT, buff=label_w - label.width)
        cells.add(mn.VGroup(label, number))
    return cells.arrange_in_grid(rows=-(-len(cells) // columns), cols=columns,
                                 col_alignments="l" * columns, buff=(0.5, 0.22),
                                 flow_order="dr")
