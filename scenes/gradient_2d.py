"""The gradient of a surface f(x, y): partial derivatives, steepest ascent and descent,
and a descent path drawn step by step over the contour lines."""

from __future__ import annotations

from typing import Any

import manim as mn
import numpy as np

from scenes.core.series import PathOutcome
from scenes.draw.base import SMALL_SIZE, LessonScene
from scenes.draw.plane import Box, Plane, lay_out_panel, readout_grid, split_frame

READ_SIZE = 34
MATH = 0.72
FloatArray = np.ndarray[Any, np.dtype[np.float64]]


class Gradient2D(LessonScene):
    BEATS = ("title", "surface", "partials", "gradient", "ask", "descent", "path", "result",
             "takeaway")

    def construct(self) -> None:
        n = self.numbers
        run = n["run"]
        points = np.asarray(run["points"], dtype=np.float64)
        grads = np.asarray(run["gradients"], dtype=np.float64)
        losses = np.asarray(run["losses"], dtype=np.float64)
        steps = run["step_numbers"]
        plot_box, panel_box = split_frame(self)
        plane = Plane(self, n["view"], plot_box)
        segments, left_at = plane.path(points.tolist(), self.colour("step"))
        shown_steps = len(segments) if left_at is None else left_at - 1
        scale = self._arrow_scale(plane, grads)

        # The panel is built and placed once; beats reveal its parts.
        gx, gy = n["gradient_latex"]
        formula = self.tex("f(x, y) = " + n["function_latex"], color=self.theme.function,
                           scale=MATH)
        partials = self.tex(r"\frac{\partial f}{\partial x} = " + gx + r",\quad"
                            r"\frac{\partial f}{\partial y} = " + gy, scale=MATH)
        gradient = self.tex(r"\nabla f = \left(" + gx + r",\ " + gy + r"\right)",
                            scale=MATH, color=self.theme.rising)
        ascent: mn.VMobject = self.text(self.words("ascent"), size=SMALL_SIZE,
                                        color=self.theme.rising)
        rule = self.tex(r"(x, y) \leftarrow (x, y) - \eta\,\nabla f", scale=MATH,
                        color=self.theme.step)
        eta = self.tex(r"\eta = " + self.tex_num(self.params["eta"], 2), scale=MATH,
                       color=self.theme.step)
        descent: mn.VMobject = self.text(self.words("descent"), size=SMALL_SIZE,
                                         color=self.theme.step)
        values = {"step": steps[0], "x": points[0, 0], "y": points[0, 1],
                  "gx": grads[0, 0], "gy": grads[0, 1], "f": losses[0]}
        readouts = {
            "step": self.number(values["step"], 0, size=READ_SIZE),
            "x": self.number(values["x"], 2, size=READ_SIZE, color=self.theme.point),
            "gx": self.number(values["gx"], 2, size=READ_SIZE, color=self.theme.rising),
            "y": self.number(values["y"], 2, size=READ_SIZE, color=self.theme.point),
            "gy": self.number(values["gy"], 2, size=READ_SIZE, color=self.theme.rising),
            "f": self.number(values["f"], 3, size=READ_SIZE, color=self.theme.function),
        }
        labels = {"step": r"\text{" + self.words("step_label") + "}", "x": "x", "y": "y",
                  "gx": r"\partial f/\partial x", "gy": r"\partial f/\partial y", "f": "f"}
        table = readout_grid(self, [(self.tex(labels[k], scale=0.66), readouts[k])
                                    for k in ("step", "x", "y", "gx", "gy", "f")], columns=2)
        if left_at != run["left_view_step"] or shown_steps != n["steps_shown"]:
            raise ValueError("gradient-2d: the drawn path and the core disagree on the view")
        tone = {PathOutcome.SHRINKING: self.theme.good,
                PathOutcome.DIVERGED: self.theme.bad}.get(n["outcome"], self.theme.text)
        verdict = self.text(self.words("verdict"), size=SMALL_SIZE, color=tone)
        if self.layout.square:
            # A square frame has no room for the words: the arrows' labels carry them.
            ascent, descent = mn.VMobject(), mn.VMobject()
            lay_out_panel(self, panel_box, [formula, partials, gradient, rule],
                          [mn.VGroup(table, eta).arrange(mn.DOWN, aligned_edge=mn.LEFT),
                           verdict])
        else:
            lay_out_panel(self, panel_box, [formula, partials, gradient, ascent, descent,
                                            mn.VGroup(rule, eta).arrange(mn.RIGHT, buff=0.4)],
                          [table, verdict])

        with self.beat("title"):
            self.title_card()

        with self.beat("surface"):
            self.header()
            level_lines = plane.contours(n["contours"])
            self.add(plane.frame, plane.ticks)
            self.play(mn.Create(level_lines, lag_ratio=0.05), run_time=1.6)
            self.play(mn.FadeIn(formula), run_time=0.6)

        with self.beat("partials"):
            self.play(mn.FadeIn(partials), run_time=1.0)
            self.wait(1.0)
            self.play(mn.FadeIn(gradient), run_time=0.8)

        with self.beat("gradient"):
            dot = mn.Dot(plane.point(*points[0]), radius=0.09, color=self.colour("point"))
            up = self._arrow(plane, points[0], grads[0], scale, self.colour("rising"))
            up_label = self.tex(r"\nabla f", scale=0.7, color=self.theme.rising)
            self._label(up_label, up, plane)
            self.play(mn.FadeIn(dot, scale=0.5), mn.FadeIn(table), run_time=0.8)
            self.play(mn.GrowArrow(up), mn.FadeIn(up_label), run_time=1.0)
            self.play(mn.FadeIn(ascent), run_time=0.6)

        with self.beat("ask"):
            question = self.ask(self.words("question"))

        with self.beat("descent"):
            self.play(mn.FadeOut(question), run_time=0.4)
            down = self._arrow(plane, points[0], -grads[0], scale, self.colour("step"))
            down_label = self.tex(r"-\nabla f", scale=0.7, color=self.theme.step)
            self._label(down_label, down, plane)
            self.play(mn.GrowArrow(down), mn.FadeIn(down_label), mn.FadeIn(descent),
                      run_time=1.0)
            self.play(mn.FadeIn(rule), mn.FadeIn(eta), run_time=0.8)

        with self.beat("path"):
            self.play(mn.FadeOut(up_label), mn.FadeOut(down_label), run_time=0.4)
            per_step = min(0.5, max(0.25, 11.0 / max(shown_steps, 1)))
            for k in range(1, shown_steps + 1):
                self.play(
                    mn.Create(segments[k - 1]),
                    dot.animate.move_to(plane.point(*points[k])),
                    mn.Transform(up, self._arrow(plane, points[k], grads[k], scale,
                                                 self.colour("rising"))),
                    mn.Transform(down, self._arrow(plane, points[k], -grads[k], scale,
                                                   self.colour("step"))),
                    run_time=per_step, rate_func=mn.linear,
                )
                values = {"step": steps[k], "x": points[k, 0], "y": points[k, 1],
                          "gx": grads[k, 0], "gy": grads[k, 1], "f": losses[k]}
                for key, value in values.items():
                    readouts[key].set_value(self.shown(value))
            if left_at is not None:
                self.play(mn.Create(segments[-1]), mn.FadeOut(dot), mn.FadeOut(up),
                          mn.FadeOut(down), run_time=0.4)

        with self.beat("result"):
            self.play(mn.FadeIn(verdict), run_time=0.8)

        with self.beat("takeaway"):
            self.takeaway(self.words("takeaway"))

    # ---------------------------------------------------------------- pieces

    def _arrow_scale(self, plane: Plane, grads: FloatArray) -> float:
        """Screen units per unit of gradient: the first arrow spans a fifth of the plot's
        short side, and later arrows shrink with the gradient."""
        first = float(np.linalg.norm(grads[0]))
        short = min(plane.frame.width, plane.frame.height)
        return 0.22 * short / first if first > 0 else 1.0

    def _arrow(self, plane: Plane, at: FloatArray, vector: FloatArray, scale: float,
               colour: mn.ManimColor) -> mn.Arrow:
        """An arrow from ``at`` along ``vector`` (screen length scale·|vector|), cut at the
        plot's frame; invisible when too short to see."""
        start = plane.point(*at)
        length = float(np.linalg.norm(vector)) * scale
        direction = vector / np.linalg.norm(vector) if length > 0 else np.array([1.0, 0.0])
        end = start + np.array([*direction, 0.0]) * max(length, 0.02)
        lo, hi = plane.frame.get_corner(mn.DL), plane.frame.get_corner(mn.UR)
        t = 1.0
        for axis in (0, 1):
            delta = end[axis] - start[axis]
            if delta > 0 and end[axis] > hi[axis]:
                t = min(t, (hi[axis] - start[axis]) / delta)
            elif delta < 0 and end[axis] < lo[axis]:
                t = min(t, (lo[axis] - start[axis]) / delta)
        end = start + max(t, 0.02) * (end - start)
        arrow = mn.Arrow(start, end, buff=0, color=colour, stroke_width=5,
                         max_tip_length_to_length_ratio=0.3)
        if length < 0.06:
            arrow.set_opacity(0)
        return arrow

    def _label(self, label: mn.Mobject, arrow: mn.Arrow, plane: Plane) -> None:
        """Put ``label`` beyond the arrow's tip, or beside it when that is outside the plot."""
        vector = arrow.get_end() - arrow.get_start()
        norm = float(np.linalg.norm(vector))
        direction = vector / norm if norm > 0 else mn.RIGHT
        label.next_to(arrow.get_end(), direction, buff=0.1)
        centre = plane.frame.get_center()
        box = Box(float(centre[0]), float(centre[1]), plane.frame.width, plane.frame.height)
        if not _within(label, box):
            side = np.array([direction[1], -direction[0], 0.0])
            label.next_to(arrow.get_end(), side, buff=0.15)
            if not _within(label, box):
                label.next_to(arrow.get_end(), -side, buff=0.15)


def _within(mobject: mn.Mobject, box: Box) -> bool:
    left, bottom = mobject.get_corner(mn.DL)[:2]
    right, top = mobject.get_corner(mn.UR)[:2]
    return bool(left >= box.left and right <= box.left + box.width
                and bottom >= box.bottom and top <= box.top)
