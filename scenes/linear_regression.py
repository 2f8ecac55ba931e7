"""Fitting ŷ = w·x + b to points by gradient descent on the mean squared error: the line
moves toward the points while the loss falls, and the result is compared with the exact
least-squares line."""

from __future__ import annotations

from typing import Any

import manim as mn
import numpy as np

from scenes.core.series import Fit
from scenes.draw.base import SMALL_SIZE, LessonScene
from scenes.draw.plane import Box, Plane, readout_grid

READ_SIZE = 34
MATH = 0.66
FloatArray = np.ndarray[Any, np.dtype[np.float64]]


def _regions(scene: LessonScene) -> dict[str, Box]:
    """Where the data plot, the formulas, the loss plot and the readouts go."""
    w, h = scene.frame_width, scene.frame_height
    top, bottom = h / 2 - 0.75, -h / 2 + 1.35
    if scene.layout.portrait:
        heights = {"data": 4.6, "formulas": 1.9, "loss": 3.3, "readouts": 1.3}
        boxes: dict[str, Box] = {}
        y = top
        for key in ("data", "formulas", "loss", "readouts"):
            boxes[key] = Box(0.0, y - heights[key] / 2, w - 0.7, heights[key])
            y -= heights[key] + 0.25
        return boxes
    if scene.layout.square:
        row = 2.9
        half = (w - 0.9) / 2
        return {
            "data": Box(-half / 2 - 0.1, top - row / 2, half, row),
            "loss": Box(half / 2 + 0.1, top - row / 2, half, row),
            "formulas": Box(0.0, top - row - 0.2 - 0.85, w - 0.7, 1.7),
            "readouts": Box(0.0, bottom + 0.45, w - 0.7, 0.9),
        }
    half = (w - 1.2) / 2
    right = half / 2 + 0.2
    return {
        "data": Box(-half / 2 - 0.2, (top + bottom) / 2, half, top - bottom),
        "formulas": Box(right, top - 0.9, half, 1.8),
        "loss": Box(right, top - 1.8 - 0.2 - 1.45, half, 2.9),
        "readouts": Box(right, bottom + 0.5, half, 1.0),
    }


class LinearRegression(LessonScene):
    BEATS = ("title", "data", "model", "start", "ask", "train", "compare", "takeaway")

    def construct(self) -> None:
        n = self.numbers
        ws = np.asarray(n["ws"], dtype=np.float64)
        bs = np.asarray(n["bs"], dtype=np.float64)
        losses = np.asarray(n["losses"], dtype=np.float64)
        samples = [int(e) for e in n["sample_epochs"]]
        boxes = _regions(self)
        data = Plane(self, n["view"], boxes["data"], equal=False)
        axis = n["loss_axis"]
        last = int(axis["epochs"])
        loss_view = {"x_range": [0, max(last, 1)], "y_range": axis["log_range"],
                     "x_ticks": axis["epoch_ticks"], "y_ticks": []}
        exponent_labels = [
            (float(k), self.tex(f"10^{{{int(self.shown(k))}}}", scale=0.55,
                                color=self.theme.muted))
            for k in axis["tick_exponents"]]
        epoch_label = r"\text{" + self.words("epoch_label") + "}"
        loss_plot = Plane(self, loss_view, boxes["loss"], equal=False,
                          names=(epoch_label, "J"), y_labels=exponent_labels)

        # Formulas and readouts are built and placed once; the beats reveal them.
        model = self.tex(r"\hat y = w\,x + b", scale=MATH, color=self.theme.step)
        mse = self.tex(r"J(w, b) = \frac{1}{m}\sum_{i=1}^{m} (\hat y_i - y_i)^2", scale=MATH,
                       color=self.theme.function)
        grad = self.tex(r"\frac{\partial J}{\partial w} = \frac{2}{m}\sum_i (\hat y_i - y_i)"
                        r"\,x_i,\quad \frac{\partial J}{\partial b} = "
                        r"\frac{2}{m}\sum_i (\hat y_i - y_i)", scale=MATH)
        top_line = mn.VGroup(model, mse).arrange(mn.RIGHT, buff=0.5)
        formulas = mn.VGroup(top_line, grad).arrange(mn.DOWN, buff=0.25)
        self.fit(formulas, width=boxes["formulas"].width, height=boxes["formulas"].height)
        formulas.move_to(boxes["formulas"].centre)

        readouts = {
            "epoch": self.number(samples[0], 0, size=READ_SIZE),
            "w": self.number(ws[0], 4, size=READ_SIZE, color=self.theme.step),
            "b": self.number(bs[0], 4, size=READ_SIZE, color=self.theme.step),
            "J": self.number(losses[0], 4, size=READ_SIZE, color=self.theme.function),
        }
        names = {"epoch": epoch_label, "w": "w", "b": "b", "J": "J"}
        table = readout_grid(self, [(self.tex(names[k], scale=0.66), readouts[k])
                                    for k in ("w", "b", "epoch", "J")], columns=2)
        self.fit(table, width=boxes["readouts"].width, height=boxes["readouts"].height)
        table.move_to(boxes["readouts"].centre)

        dots = mn.VGroup(*[mn.Dot(data.point(x, y), radius=0.08, color=self.colour("point"))
                           for x, y in zip(self.params["xs"], self.params["ys"], strict=True)])
        line = mn.Line(data.point(0, 0), data.point(1, 1), stroke_width=5,
                       color=self.colour("step"))
        self._place_line(line, data, ws[0], bs[0])
        stride = max(1, last // 400)
        index = list(range(0, last + 1, stride))
        if index[-1] != last:
            index.append(last)
        log_losses = np.asarray(axis["log_losses"], dtype=np.float64)
        full_curve = mn.VMobject(stroke_width=4, stroke_color=self.colour("function"))
        full_curve.set_points_as_corners([loss_plot.point(e, log_losses[e]) for e in index])
        curve = full_curve.copy()
        curve.pointwise_become_partial(full_curve, 0, 0)
        marker = mn.Dot(loss_plot.point(0, log_losses[0]), radius=0.07,
                        color=self.colour("function"))
        epoch = mn.ValueTracker(0)

        def follow_line(mob: mn.Mobject) -> None:
            k = int(round(epoch.get_value()))
            self._place_line(mob, data, ws[k], bs[k])

        def follow_curve(mob: mn.Mobject) -> None:
            mob.pointwise_become_partial(full_curve, 0, epoch.get_value() / max(last, 1))

        def follow_marker(mob: mn.Mobject) -> None:
            k = int(round(epoch.get_value()))
            mob.move_to(loss_plot.point(k, log_losses[k]))

        with self.beat("title"):
            self.title_card()

        with self.beat("data"):
            self.header()
            self.add(data.frame, data.ticks)
            self.play(mn.LaggedStart(*[mn.FadeIn(d, scale=0.5) for d in dots], lag_ratio=0.2),
                      run_time=1.2)

        with self.beat("model"):
            self.play(mn.FadeIn(model), run_time=0.6)
            self.play(mn.FadeIn(mse), run_time=0.8)
            self.wait(0.8)
            self.play(mn.FadeIn(grad), run_time=0.8)

        with self.beat("start"):
            self.play(mn.Create(line), mn.FadeIn(table), run_time=1.0)
            self.add(loss_plot.frame, loss_plot.ticks)
            self.play(mn.FadeIn(marker), run_time=0.5)

        with self.beat("ask"):
            question = self.ask(self.words("question"))

        with self.beat("train"):
            self.play(mn.FadeOut(question), run_time=0.4)
            line.add_updater(follow_line)
            curve.add_updater(follow_curve)
            marker.add_updater(follow_marker)
            self.add(curve, marker)
            for e in samples[1:]:
                self.play(epoch.animate.set_value(e), run_time=1.0, rate_func=mn.linear)
                values = {"epoch": e, "w": ws[e], "b": bs[e], "J": losses[e]}
                if max(abs(v) for v in values.values()) >= 1e6:
                    break  # a diverging run: the readouts stay at the last printable epoch
                for key, value in values.items():
                    readouts[key].set_value(self.shown(value))
            for mob in (line, curve, marker):
                mob.clear_updaters()

        with self.beat("compare"):
            self._compare(n, data, boxes, formulas)

        with self.beat("takeaway"):
            self.takeaway(self.words("takeaway"))

    # ---------------------------------------------------------------- pieces

    def _compare(self, n: dict[str, Any], data: Plane, boxes: dict[str, Box],
                 formulas: mn.VGroup) -> None:
        best = n["least_squares"]
        target = mn.DashedLine(data.point(0, 0), data.point(1, 1), stroke_width=4,
                               color=self.colour("good"), dash_length=0.12)
        self._place_line(target, data, best["w"], best["b"])
        exact = self.text(self.words("least_squares"), size=SMALL_SIZE, color=self.theme.good)
        tone = self.theme.bad if n["fit"] == Fit.DIVERGED else self.theme.step
        verdict = mn.VGroup(*[self.text(line, size=SMALL_SIZE, color=tone)
                              for line in self.words.items("verdict")])
        verdict.arrange(mn.DOWN, aligned_edge=mn.LEFT, buff=0.12)
        words = mn.VGroup(exact, verdict).arrange(mn.DOWN, aligned_edge=mn.LEFT, buff=0.15)
        box = boxes["formulas"]
        self.fit(words, width=box.width, height=box.height)
        words.move_to(box.centre)
        self.play(mn.FadeOut(formulas), mn.Create(target), run_time=0.8)
        self.play(mn.FadeIn(exact), run_time=0.6)
        self.play(mn.FadeIn(verdict), run_time=0.6)

    def _place_line(self, line: mn.Mobject, plane: Plane, w: float, b: float) -> None:
        """Put ``line`` on y = w·x + b across the plot, clipped to its frame; hide it when
        the line misses the frame altogether."""
        (x0, x1), (lo, hi) = plane.x_range, plane.y_range
        ends = _clip_line(float(w), float(b), x0, x1, lo, hi)
        if ends is None:
            line.set_stroke(opacity=0)
            return
        (ax, ay), (bx, by) = ends
        line.put_start_and_end_on(plane.point(ax, ay), plane.point(bx, by))
        line.set_stroke(opacity=1)


def _clip_line(w: float, b: float, x0: float, x1: float, lo: float,
               hi: float) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """The part of y = w·x + b over [x0, x1] that lies within [lo, hi] in y."""
    if w == 0:
        return ((x0, b), (x1, b)) if lo <= b <= hi else None
    xa, xb = (lo - b) / w, (hi - b) / w
    start, end = max(x0, min(xa, xb)), min(x1, max(xa, xb))
    if end - start <= 1e-9 * (x1 - x0):
        return None
    return (start, w * start + b), (end, w * end + b)
