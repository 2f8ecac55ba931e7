"""Side-by-side descent panels: one loss curve per run, a ball hopping along its steps.

Used by the learning-rates and step-size-shrinks lessons. Every panel shares one view
of the loss curve (computed from the runs' own points, so a user's function and
learning rates get sensible axes), one ``ValueTracker`` moves every ball at once, and
trails are added point by point as the steps arrive, never redrawn.

A run may leave the view (a diverging one does): its ball travels along the step to
the edge of the axes, is hidden there, and the panel's note says so.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import manim as mn
import numpy as np

from scenes.core import clip
from scenes.core import decimals as dec
from scenes.core import numerics as nx
from scenes.core.formula import Formula
from scenes.core.numerics import Verdict
from scenes.draw.base import NUMBER_TO_TEXT, SMALL_SIZE, FastDecimal, LessonScene

PANEL_TEXT = 22
LINE_HEIGHT = 0.36
CURVE_SAMPLES = 160
TRAIL_RADIUS = 0.045
BALL_RADIUS = 0.1


# ---------------------------------------------------------------------------- view


def typed(scene: LessonScene, value: float) -> str:
    """A parameter as the user typed it (trailing zeros dropped), in the scene's language."""
    return scene.words.speech.digits(scene.shown(value), 4).replace("-", "−")


@dataclass(frozen=True)
class View:
    """The window of the loss curve every panel shows: w and L ranges."""

    w_lo: float
    w_hi: float
    loss_lo: float
    loss_hi: float

    def contains(self, w: float, loss: float) -> bool:
        return self.w_lo <= w <= self.w_hi and self.loss_lo <= loss <= self.loss_hi


def shared_view(loss: Formula, runs: Sequence[dict[str, Any]]) -> View:
    """A view that holds every run that does not diverge, and the start.

    Diverging runs are left to fly out of it (they would squash the others into a
    dot); when every run diverges, the view holds the smallest first step so the
    viewer sees at least one hop before the ball leaves.
    """
    starts = [float(run["points"][0]) for run in runs]
    ws: list[float] = list(starts)
    steady = [run for run in runs if run["verdict"] != Verdict.DIVERGING]
    for run in steady:
        ws.extend(float(w) for w in run["points"])
    if not steady:
        hops = [run["points"][:2] for run in runs if len(run["points"]) > 1]
        if hops:
            smallest = min(hops, key=lambda pair: abs(float(pair[1]) - float(pair[0])))
            ws.extend(float(w) for w in smallest)
    w_lo, w_hi = nx.padded_range(ws, pad=0.12)
    grid = np.linspace(w_lo, w_hi, CURVE_SAMPLES)
    with np.errstate(all="ignore"):
        values = np.asarray(loss(grid), dtype=np.float64) * np.ones_like(grid)
    finite = values[np.isfinite(values)]
    loss_lo, loss_hi = nx.padded_range(finite if finite.size else [0.0, 1.0], pad=0.1,
                                       minimum_span=1e-6)
    return View(w_lo, w_hi, loss_lo, loss_hi)


# ---------------------------------------------------------------------------- panels


@dataclass
class Panel:
    """One run's panel: frame, axes, curve, ball, trail, title, readouts and a note."""

    box: mn.RoundedRectangle
    axes: mn.Axes
    curve: mn.VGroup
    title: mn.VMobject
    readouts: list[Reading]
    ball: mn.Dot
    trail: mn.VGroup
    note_anchor: np.ndarray
    colour: mn.ManimColor
    points: np.ndarray  # scene coordinates of every visited point (maybe far outside)
    inside: list[bool]  # each point inside the view
    lo: np.ndarray  # the view's corners in scene coordinates
    hi: np.ndarray
    note: mn.Mobject | None = None
    left_at: int | None = None  # the first step whose point is outside the view
    extras: list[mn.Mobject] = field(default_factory=list)

    def static_parts(self) -> mn.VGroup:
        return mn.VGroup(self.box, self.axes, self.curve, self.title, *self.readouts)

    def position(self, t: float) -> tuple[np.ndarray, bool]:
        """Where the ball is at step index ``t`` (fractional mid-hop), and if it shows."""
        n = len(self.points)
        if n == 1:
            return self.points[0], self.inside[0]
        k = min(max(math.floor(t), 0), n - 2)
        f = min(max(t - k, 0.0), 1.0)
        p, q = self.points[k], self.points[k + 1]
        span = clip.segment_span(p, q, (self.lo[0], self.hi[0], self.lo[1], self.hi[1]))
        if span is None:
            return self.edge_point(k), False
        s0, s1 = span
        if f < s0:
            return p + s0 * (q - p), False
        if f > s1:
            return p + s1 * (q - p), False
        return p + f * (q - p), True

    def edge_point(self, k: int) -> np.ndarray:
        """The last place the ball was seen, up to point ``k`` (for a hidden ball)."""
        for j in range(k, -1, -1):
            if self.inside[j]:
                return np.asarray(self.points[j])
        return np.asarray(np.clip(self.points[0], self.lo, self.hi))

    def trail_piece(self, k: int, stroke: float = 2.0) -> list[mn.VMobject]:
        """The dot at point ``k`` and the segment that reached it, clipped to the view."""
        pieces: list[mn.VMobject] = []
        if k > 0:
            p, q = self.points[k - 1], self.points[k]
            span = clip.segment_span(p, q, (self.lo[0], self.hi[0], self.lo[1], self.hi[1]))
            if span is not None and span[1] - span[0] > 1e-9:
                a, b = p + span[0] * (q - p), p + span[1] * (q - p)
                if np.linalg.norm(b - a) > 1e-4:
                    pieces.append(mn.Line(a, b, color=self.colour, stroke_width=stroke,
                                          stroke_opacity=0.55))
        if self.inside[k]:
            pieces.append(mn.Dot(self.points[k], radius=TRAIL_RADIUS, color=self.colour,
                                 fill_opacity=0.75))
        return pieces


@dataclass(frozen=True)
class Cell:
    left: float
    right: float
    bottom: float
    top: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.top - self.bottom


def cells(scene: LessonScene, count: int, top: float, bottom: float,
          gap: float = 0.15, margin: float = 0.15) -> list[Cell]:
    """``count`` cells in the layout's grid between ``top`` and ``bottom``.

    Side by side in landscape, stacked in portrait; a short last row is centred.
    """
    rows, cols = scene.layout.grid(count)
    left_edge = -scene.frame_width / 2 + margin
    width = (scene.frame_width - 2 * margin - (cols - 1) * gap) / cols
    height = (top - bottom - (rows - 1) * gap) / rows
    out = []
    for i in range(count):
        row, col = divmod(i, cols)
        in_row = min(cols, count - row * cols)
        offset = (cols - in_row) * (width + gap) / 2
        left = left_edge + offset + col * (width + gap)
        cell_top = top - row * (height + gap)
        out.append(Cell(left, left + width, cell_top - height, cell_top))
    return out


# Values this large would print too wide for a panel; they are written as a × 10ⁿ.
PLAIN_BELOW = 1e6


class Reading(mn.VGroup):
    """``label value``: the value is updated in place as the run goes on.

    Values up to :data:`PLAIN_BELOW` show as a DecimalNumber; larger ones (a diverging
    run) are written as a × 10ⁿ so they never spill out of the panel. The reading keeps
    the width of the widest value it will show, so it can be placed once.
    """

    def __init__(self, scene: LessonScene, label: str, value: float, decimals: int,
                 values: Sequence[float], colour: str | None = None,
                 size: float = PANEL_TEXT) -> None:
        super().__init__()
        self._scene = scene
        self._size = size
        self._colour = colour or scene.theme.text
        # The label carries a hidden "0" whose bottom is the text's baseline.
        self.words = scene.text(f"{label} 0", size=size, color=scene.theme.muted)
        self.zero = self.words[-1]
        self.zero.set_opacity(0)
        # No thousands commas: a comma hangs below the baseline and lifts the digits.
        self.number = FastDecimal(0.0, num_decimal_places=decimals, group_with_commas=False,
                                  font_size=size * NUMBER_TO_TEXT,
                                  color=mn.ManimColor(self._colour),
                                  decimal_mark=scene.language.decimal)
        self.alternative: mn.Text | None = None
        plain = [v for v in values if abs(v) < PLAIN_BELOW] or [0.0]
        widest = max(mn.DecimalNumber(v, num_decimal_places=decimals,
                                      font_size=size * NUMBER_TO_TEXT).width
                     for v in (max(plain), min(plain)))
        if any(abs(v) >= PLAIN_BELOW for v in values):
            widest = max(widest, self._scientific(-1e300 if min(values) < 0 else 1e300).width)
        left = self.words.get_corner(mn.DL)
        right = np.array([self.zero.get_left()[0] + widest, left[1], 0.0])
        self.strut = mn.Line(left, right, stroke_opacity=0, stroke_width=0)
        self.add(self.words, self.number, self.strut)
        self.read(value)

    def __deepcopy__(self, memo: dict[int, Any]) -> Reading:
        # Copies (made by animations) share the scene rather than cloning it.
        memo[id(self._scene)] = self._scene
        return super().__deepcopy__(memo)

    def _scientific(self, value: float) -> mn.Text:
        return self._scene.text(dec.scientific(value, 2, self._scene.language.decimal),
                                size=self._size, color=self._colour)

    def read(self, value: float) -> None:
        """Show ``value`` (recorded as shown)."""
        value = self._scene.shown(value)
        if abs(value) < PLAIN_BELOW:
            self.number.set_value(value)
            self.number.move_to(self.zero.get_left(), aligned_edge=mn.LEFT)
            self.number.align_to(self.zero, mn.DOWN)
            self.number.set_opacity(1)
            if self.alternative is not None:
                self.remove(self.alternative)
                self.alternative = None
            return
        text = self._scientific(value)
        text.move_to(self.zero.get_left(), aligned_edge=mn.LEFT).align_to(self.zero, mn.DOWN)
        if self.alternative is not None:
            self.remove(self.alternative)
        self.alternative = text
        self.add(text)
        self.number.set_opacity(0)

    def hide_value(self) -> None:
        self.number.set_opacity(0)


def build_panel(scene: LessonScene, cell: Cell, loss: Formula, view: View,
                run: dict[str, Any], title: mn.VMobject, readouts: list[Reading],
                colour: mn.ManimColor) -> Panel:
    """Lay one panel out in ``cell``: title and readouts on top, axes, a note line below."""
    box = mn.RoundedRectangle(
        width=cell.width, height=cell.height, corner_radius=0.12,
        stroke_color=scene.colour("muted"), stroke_width=1, stroke_opacity=0.6,
        fill_color=scene.colour("panel"), fill_opacity=0.6,
    ).move_to(((cell.left + cell.right) / 2, (cell.top + cell.bottom) / 2, 0))
    pad = 0.15
    inner_w = cell.width - 2 * pad
    readout_w = max((r.width for r in readouts), default=0.0)
    side_by_side = title.width + 0.3 + readout_w <= inner_w
    title.move_to((cell.left + pad, cell.top - pad, 0), aligned_edge=mn.UL)
    if side_by_side:
        y = cell.top - pad
        for r in readouts:
            r.move_to((cell.right - pad - readout_w, y, 0), aligned_edge=mn.UL)
            y -= LINE_HEIGHT
        header_h = max(title.height, LINE_HEIGHT * len(readouts))
    else:
        y = cell.top - pad - max(title.height, LINE_HEIGHT - 0.05) - 0.08
        for r in readouts:
            r.move_to((cell.left + pad, y, 0), aligned_edge=mn.UL)
            y -= LINE_HEIGHT
        header_h = cell.top - pad - y
    note_h = LINE_HEIGHT
    axes_top = cell.top - pad - header_h - 0.12
    axes_bottom = cell.bottom + pad + note_h + 0.05
    axes_h = max(axes_top - axes_bottom, 0.4)
    axes_w = inner_w - 0.1
    axes = mn.Axes(
        x_range=[view.w_lo, view.w_hi, nx.nice_step(view.w_hi - view.w_lo)],
        y_range=[view.loss_lo, view.loss_hi, nx.nice_step(view.loss_hi - view.loss_lo)],
        x_length=axes_w, y_length=axes_h, tips=False,
        axis_config={"include_ticks": False, "stroke_width": 1.5,
                     "color": scene.colour("muted"), "stroke_opacity": 0.8},
    )
    axes.move_to(((cell.left + cell.right) / 2, (axes_top + axes_bottom) / 2, 0))
    curve = _curve(scene, axes, loss, view)
    ws = np.asarray(run["points"], dtype=np.float64)
    losses = np.asarray(run["losses"], dtype=np.float64)
    points = np.array([axes.c2p(w, v) for w, v in zip(ws, losses, strict=True)])
    inside = [view.contains(float(w), float(v)) for w, v in zip(ws, losses, strict=True)]
    lo = np.asarray(axes.c2p(view.w_lo, view.loss_lo))
    hi = np.asarray(axes.c2p(view.w_hi, view.loss_hi))
    ball = mn.Dot(points[0] if inside[0] else np.clip(points[0], lo, hi),
                  radius=BALL_RADIUS, color=colour)
    trail = mn.VGroup()
    note_anchor = np.array([(cell.left + cell.right) / 2, cell.bottom + pad + note_h / 2, 0])
    left_at = next((k for k, ok in enumerate(inside) if not ok), None)
    return Panel(box, axes, curve, title, readouts, ball, trail, note_anchor, colour,
                 points, inside, lo, hi, left_at=left_at)


def _curve(scene: LessonScene, axes: mn.Axes, loss: Formula, view: View) -> mn.VGroup:
    """The loss curve as polylines over its finite, in-view stretches."""
    ws = np.linspace(view.w_lo, view.w_hi, CURVE_SAMPLES)
    with np.errstate(all="ignore"):
        values = np.asarray(loss(ws), dtype=np.float64) * np.ones_like(ws)
    ok = np.isfinite(values) & (values >= view.loss_lo) & (values <= view.loss_hi)
    pieces = mn.VGroup()
    run: list[np.ndarray] = []
    for w, v, good in zip(ws, values, ok, strict=True):
        if good:
            run.append(np.asarray(axes.c2p(w, v)))
        elif run:
            pieces.add(_polyline(run, scene.colour("function")))
            run = []
    if run:
        pieces.add(_polyline(run, scene.colour("function")))
    return pieces


def _polyline(points: list[np.ndarray], colour: mn.ManimColor) -> mn.VMobject:
    line = mn.VMobject(stroke_color=colour, stroke_width=3)
    if len(points) == 1:
        points = [points[0], points[0] + 1e-3 * mn.RIGHT]
    line.set_points_as_corners(points)
    return line


def run_colours(scene: LessonScene, count: int) -> list[mn.ManimColor]:
    """Colours for compared runs, skipping any that match the curve's, when enough remain."""
    distinct = [c for c in scene.theme.series if c.lower() != scene.theme.function.lower()]
    palette = distinct if len(distinct) >= count else list(scene.theme.series)
    return [mn.ManimColor(palette[i % len(palette)]) for i in range(count)]


# ---------------------------------------------------------------------------- stepping


def attach_balls(panels: Sequence[Panel], tracker: mn.ValueTracker) -> None:
    """One tracker (the step index) drives every ball."""
    for panel in panels:
        def follow(ball: mn.Mobject, panel: Panel = panel) -> None:
            where, visible = panel.position(tracker.get_value())
            ball.move_to(where)
            ball.set_opacity(1.0 if visible else 0.0)
        panel.ball.add_updater(follow)


def step_plan(steps: int, per_step: float = 0.45, longest: float = 14.0,
              shortest_play: float = 0.25) -> tuple[int, float]:
    """Steps advanced per play and each play's run time, so long runs stay watchable."""
    total = min(per_step * steps, longest)
    plays = max(1, min(steps, int(total / shortest_play)))
    stride = math.ceil(steps / plays)
    plays = math.ceil(steps / stride)
    return stride, total / plays


def run_steps(scene: LessonScene, panels: Sequence[Panel], tracker: mn.ValueTracker,
              steps: int, on_step: Callable[[int, range], None]) -> None:
    """Advance every ball together; ``on_step(k, passed)`` updates the readouts.

    Trails grow by every step passed; readouts change once per play (several steps
    per play only when the run is long).
    """
    stride, run_time = step_plan(steps)
    k = 0
    while k < steps:
        target = min(k + stride, steps)
        rate = mn.smooth if stride == 1 else mn.linear
        scene.play(tracker.animate.set_value(target), run_time=run_time, rate_func=rate)
        for j in range(k + 1, target + 1):
            for panel in panels:
                if j < len(panel.points):
                    panel.trail.add(*panel.trail_piece(j))
        on_step(target, range(k + 1, target + 1))
        for panel in panels:
            panel.ball.update()
        k = target
    # Still balls need no updaters: without them Manim can hold frozen frames in waits.
    for panel in panels:
        panel.ball.clear_updaters()


BOTTOM_BAND = 1.35  # room at the bottom of the frame for questions and takeaways


class PanelLesson(LessonScene):
    """A lesson of descent runs in side-by-side panels that step together.

    Subclasses say what each panel is titled and reads out (``build_panels``), what
    changes after each step (``update_panel``) and what the info row names besides the
    loss (``info_item``); the opening and the race are the same for all of them.
    """

    def info_item(self) -> mn.VMobject:
        raise NotImplementedError

    def build_panels(self, runs: list[dict[str, Any]], loss: Formula, view: View,
                     top: float, bottom: float, decimals: int) -> list[Panel]:
        raise NotImplementedError

    def update_panel(self, panel: Panel, run: dict[str, Any], k: int, passed: range,
                     decimals: int) -> None:
        raise NotImplementedError

    def on_start(self, panel: Panel, run: dict[str, Any]) -> None:
        """Called for each panel as its ball is placed (nothing by default)."""

    def info_row(self, steps: int) -> tuple[mn.VGroup, Reading]:
        """The loss, the subclass's item and a live step counter, under the header."""
        n = self.numbers
        formula = self.tex("L(w) = " + n["function_latex"], scale=0.7)
        clock = Reading(self, self.words("step"), n["step_numbers"][0], 0, [0, steps],
                        size=SMALL_SIZE)
        total = self.text(self.words("of_steps"), size=SMALL_SIZE, color=self.theme.muted)
        total.next_to(clock, mn.RIGHT, buff=0.15).align_to(clock.zero, mn.DOWN)
        row = mn.VGroup(formula, self.info_item(), mn.VGroup(clock, total)).arrange(
            mn.RIGHT, buff=0.6)
        self.fit(row, width=self.frame_width - 0.8)
        row.move_to((0, self.frame_height / 2 - 0.95, 0))
        return row, clock

    def open_panels(self, runs: list[dict[str, Any]], loss: Formula, view: View, steps: int,
                    decimals: int) -> tuple[list[Panel], Reading, mn.Mobject]:
        """Header, info row, the panels and their balls, and the update rule below them."""
        self.header()
        info, counter = self.info_row(steps)
        top = info.get_bottom()[1] - 0.15
        bottom = -self.frame_height / 2 + BOTTOM_BAND
        panels = self.build_panels(runs, loss, view, top, bottom, decimals)
        rule = self.tex(r"w \leftarrow w - \eta\, L'(w)")
        rule.move_to((0, bottom - BOTTOM_BAND / 2, 0))
        self.play(mn.FadeIn(info), *[mn.FadeIn(p.static_parts()) for p in panels],
                  run_time=1.0)
        for panel, run in zip(panels, runs, strict=True):
            panel.trail.add(*panel.trail_piece(0))
            self.on_start(panel, run)
        self.add(*[p.trail for p in panels])
        self.play(*[mn.FadeIn(p.ball, scale=0.5) for p in panels], mn.Write(rule),
                  run_time=0.8)
        return panels, counter, rule

    def race(self, panels: list[Panel], runs: list[dict[str, Any]], counter: Reading,
             steps: int, decimals: int) -> None:
        """Every ball steps together, one tracker driving them all."""
        tracker = mn.ValueTracker(0)
        attach_balls(panels, tracker)
        numbers = self.numbers["step_numbers"]

        def on_step(k: int, passed: range) -> None:
            counter.read(numbers[k])
            for panel, run in zip(panels, runs, strict=True):
                self.update_panel(panel, run, k, passed, decimals)

        run_steps(self, panels, tracker, steps, on_step)

    def bottom_text(self, lines: list[str], colour: str | None = None) -> mn.VGroup:
        """Lines in the band under the panels."""
        group = mn.VGroup(*[self.text(line, size=SMALL_SIZE + 2, color=colour)
                            for line in lines]).arrange(mn.DOWN, buff=0.15)
        self.fit(group, width=self.frame_width - 0.8, height=BOTTOM_BAND - 0.3)
        return group.move_to((0, -self.frame_height / 2 + BOTTOM_BAND / 2, 0))
