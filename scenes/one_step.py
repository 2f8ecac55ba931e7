"""One gradient-descent step on a loss curve, every number on screen.

The tangent at w₀ gives the slope L′(w₀); the update rule w_new = w₀ − η·L′(w₀) is
typeset, then filled in with the core's numbers; the ball rolls from w₀ to w_new and
the loss before and after is read off the curve. Everything is built once; the ball
moves along a path sampled once.
"""

from __future__ import annotations

import manim as mn
import numpy as np

from scenes.core import numerics as nx
from scenes.core.formula import parse
from scenes.core.series import Change, Sign
from scenes.draw import curve_tools as ct
from scenes.draw.base import SMALL_SIZE, LessonScene

MATH = 0.8


class OneStep(LessonScene):
    BEATS = ("title", "setup", "slope", "predict", "rule", "fill", "move", "result", "takeaway")

    def regions(self) -> tuple[tuple[float, float, np.ndarray], tuple[float, float, np.ndarray]]:
        """(width, height, centre) of the plot and of the formula panel."""
        w, h = self.frame_width, self.frame_height
        top = h / 2 - 0.8  # below the header
        bottom = -h / 2 + 1.45  # above the takeaway / question band
        labels = 0.6  # room under the axes for the weights' labels
        if self.layout.portrait or self.layout.square:
            plot_h = (top - bottom) * (0.5 if self.layout.portrait else 0.46) - labels
            plot = (w - 2.1, plot_h, np.array([0.5, top - plot_h / 2, 0.0]))
            panel_top = top - plot_h - labels - 0.25
            panel_h = panel_top - bottom
            panel = (w - 0.8, panel_h, np.array([0.0, panel_top - panel_h / 2, 0.0]))
        else:
            plot_w = w * 0.5
            plot_h = top - bottom - labels
            left = -w / 2 + 1.3
            plot = (plot_w, plot_h, np.array([left + plot_w / 2,
                                              bottom + labels + plot_h / 2, 0.0]))
            panel_left = left + plot_w + 0.6
            panel_w = w / 2 - 0.4 - panel_left
            panel = (panel_w, plot_h, np.array([panel_left + panel_w / 2,
                                                bottom + plot_h / 2, 0.0]))
        return plot, panel

    def construct(self) -> None:
        n, p = self.numbers, self.params
        loss = parse(p["function"], ("w",))
        w0, w1, slope, step = n["w0"], n["w1"], n["slope"], n["step"]
        loss0, loss1 = n["loss0"], n["loss1"]
        (plot_w, plot_h, plot_c), (panel_w, panel_h, panel_c) = self.regions()

        # The window shows both weights with room around them, so the bowl is visible.
        reach = max(1.5, 1.25 * abs(step))
        # More room on the side the step heads to: that is where the bowl's bottom lies.
        if step <= 0:
            x_window = (min(w0, w1) - 1.6 * reach, max(w0, w1) + 0.9 * reach)
        else:
            x_window = (min(w0, w1) - 0.9 * reach, max(w0, w1) + 1.6 * reach)
        xs, ys = nx.sample(loss, *x_window, 240)
        y_window = nx.robust_range(ys, pad=0.12, include=(loss0, loss1))
        box = (*x_window, *y_window)

        with self.beat("title"):
            self.title_card()

        # ------------------------------------------------------------ setup
        with self.beat("setup"):
            self.header()
            axes = ct.axes_for(self, x_window, y_window, plot_w, plot_h).move_to(plot_c)
            curve = ct.curve_pieces(axes, xs, ys, y_window, self.colour("function"))
            w_name = self.tex("w", color=self.theme.muted, scale=0.7)
            w_name.next_to(axes.x_axis, mn.RIGHT, buff=0.1)
            if w_name.get_right()[0] > self.frame_width / 2 - 0.1:
                w_name.next_to(axes.x_axis.get_right(), mn.DOWN, buff=0.15)
            ball = mn.Dot(axes.c2p(w0, loss0), radius=0.11, color=self.colour("point"))
            ball.set_z_index(3)
            w0_tick = self.tex(rf"w_0 = {ct.tex_number(self, w0)}", color=self.theme.point,
                               scale=0.7)
            w0_tick.next_to(axes.c2p(w0, y_window[0]), mn.DOWN, buff=0.12)
            new = rf"w_{{\text{{{self.words('new')}}}}}"
            w1_tick = self.tex(rf"{new} = {ct.tex_number(self, w1)}",
                               color=self.theme.step, scale=0.7)
            w1_tick.next_to(axes.c2p(w1, y_window[0]), mn.DOWN, buff=0.12)
            # The two labels sit side by side under the axis, in the order of the weights.
            pair = [w0_tick, w1_tick] if w0 <= w1 else [w1_tick, w0_tick]
            if pair[0].get_right()[0] + 0.15 > pair[1].get_left()[0]:
                gap = pair[0].get_right()[0] + 0.15 - pair[1].get_left()[0]
                pair[0].shift(0.5 * gap * mn.LEFT)
                pair[1].shift(0.5 * gap * mn.RIGHT)
            drop0 = mn.DashedLine(axes.c2p(w0, y_window[0]), axes.c2p(w0, loss0),
                                  color=self.colour("muted"), stroke_width=2)
            lines = self.panel_lines(n)
            self.fit(lines, width=panel_w, height=panel_h)
            lines.move_to(panel_c).align_to(panel_c + panel_h / 2 * mn.UP, mn.UP)
            self.play(mn.Create(axes), mn.FadeIn(w_name), run_time=0.8)
            self.play(mn.Create(curve), mn.FadeIn(lines[0]), run_time=1.2)
            self.play(mn.FadeIn(ball, scale=1.5), mn.Create(drop0), mn.FadeIn(w0_tick),
                      mn.FadeIn(lines[1]), run_time=0.8)

        # ------------------------------------------------------------ slope
        with self.beat("slope"):
            tangent = ct.tangent_line(axes, w0, loss0, slope, min(3.0, 0.55 * plot_w), box,
                                      self.colour("tangent"))
            self.play(mn.Create(tangent), run_time=1.0)
            self.play(mn.FadeIn(lines[2]), run_time=0.6)
            self.play(mn.FadeIn(lines[3]), run_time=0.6)

        # ------------------------------------------------------------ predict
        with self.beat("predict"):
            question = self.ask(self.words("question"), seconds=2.4)

        # ------------------------------------------------------------ rule
        with self.beat("rule"):
            self.play(mn.FadeOut(question), run_time=0.4)
            self.play(mn.FadeIn(lines[4]), run_time=0.6)
            self.play(mn.Write(lines[5]), run_time=1.2)

        # ------------------------------------------------------------ fill
        with self.beat("fill"):
            self.play(mn.TransformFromCopy(lines[5], lines[6]), run_time=1.2)
            self.play(mn.Indicate(lines[6], color=self.colour("step"), scale_factor=1.05),
                      run_time=0.8)

        # ------------------------------------------------------------ move
        with self.beat("move"):
            start, end = axes.c2p(w0, y_window[0]), axes.c2p(w1, y_window[0])
            arrow = mn.Arrow(start, end, buff=0, color=self.colour("step"), stroke_width=5,
                             max_tip_length_to_length_ratio=0.35,
                             max_stroke_width_to_length_ratio=12)
            arrow.shift(0.22 * mn.UP)
            path_w = np.linspace(w0, w1, 40)
            path_l = np.asarray(loss(path_w), dtype=np.float64)
            path = mn.VMobject()
            path.set_points_as_corners([axes.c2p(a, b) for a, b in
                                        zip(path_w, np.clip(path_l, *y_window), strict=True)])
            drop1 = mn.DashedLine(axes.c2p(w1, y_window[0]), axes.c2p(w1, loss1),
                                  color=self.colour("muted"), stroke_width=2)
            moving = [mn.MoveAlongPath(ball, path)] if step != 0 else []
            if step != 0:
                self.play(mn.GrowArrow(arrow), run_time=0.8)
            self.play(*moving, mn.FadeOut(tangent), run_time=1.6)
            self.play(mn.Create(drop1), mn.FadeIn(w1_tick), run_time=0.6)

        # ------------------------------------------------------------ result
        with self.beat("result"):
            level0 = mn.DashedLine(axes.c2p(x_window[0], loss0), axes.c2p(w0, loss0),
                                   color=self.colour("muted"), stroke_width=2)
            level1 = mn.DashedLine(axes.c2p(x_window[0], loss1), axes.c2p(w1, loss1),
                                   color=self.colour("step"), stroke_width=2)
            value0 = self.tex(ct.tex_number(self, loss0), color=self.theme.muted, scale=0.7)
            value1 = self.tex(ct.tex_number(self, loss1), color=self.theme.step, scale=0.7)
            value0.next_to(level0, mn.LEFT, buff=0.12)
            value1.next_to(level1, mn.LEFT, buff=0.12)
            if abs(value0.get_y() - value1.get_y()) < 0.3:  # nearly equal losses: stack them
                value1.next_to(value0, mn.DOWN if loss1 < loss0 else mn.UP, buff=0.06)
            self.play(mn.Create(level0), mn.Create(level1), mn.FadeIn(value0),
                      mn.FadeIn(value1), run_time=0.8)
            self.play(mn.FadeIn(lines[7]), run_time=0.6)
            self.play(mn.FadeIn(lines[8]), run_time=0.6)

        with self.beat("takeaway"):
            self.takeaway(self.words("takeaway"))

    def panel_lines(self, n: dict[str, object]) -> mn.VGroup:
        """Every line of the formula panel, built once, in the order they appear."""
        w0, w1 = float(n["w0"]), float(n["w1"])  # type: ignore[arg-type]
        slope, loss0, loss1 = (float(n[k]) for k in ("slope", "loss0", "loss1"))  # type: ignore[arg-type]
        eta = float(self.params["eta"])
        w0_s, w1_s = ct.tex_number(self, w0), ct.tex_number(self, w1)
        slope_s, eta_s = ct.tex_number(self, slope), ct.tex_number(self, eta)
        sign, sign_colour = {
            Sign.POSITIVE: (">", self.theme.rising),
            Sign.NEGATIVE: ("<", self.theme.falling),
            Sign.ZERO: ("=", self.theme.flat),
        }[Sign(str(n["slope_sign"]))]
        new = rf"w_{{\text{{{self.words('new')}}}}}"
        # Subtracting a negative slope is written with brackets: 5 − 0.1 × (−4).
        slope_term = slope_s if slope >= 0 else f"({slope_s})"
        went_down = n["loss_change"] is Change.DOWN
        lines = mn.VGroup(
            self.tex(rf"L(w) = {n['function_latex']}", color=self.theme.function, scale=MATH),
            self.tex(rf"w_0 = {w0_s},\quad L({w0_s}) = {ct.tex_number(self, loss0)}",
                     color=self.theme.point, scale=MATH),
            self.tex(rf"L'(w) = {n['derivative_latex']}", color=self.theme.derivative,
                     scale=MATH),
            self.tex(rf"L'({w0_s}) = {slope_s} {sign} 0", color=sign_colour, scale=MATH),
            self.text(self.words("direction"), size=SMALL_SIZE, color=self.theme.muted),
            self.tex(rf"{new} = w_0 - \eta\, L'(w_0)", scale=MATH),
            self.tex(rf"{new} = {w0_s} - {eta_s} \times {slope_term} = {w1_s}",
                     color=self.theme.step, scale=MATH),
            self.tex(rf"L({w1_s}) = {ct.tex_number(self, loss1)}", color=self.theme.step,
                     scale=MATH),
            self.text(self.words("verdict"), size=SMALL_SIZE + 2,
                      color=self.theme.good if went_down else self.theme.bad),
        )
        lines.arrange(mn.DOWN, aligned_edge=mn.LEFT, buff=0.28)
        # A little more air between the parts of the story: curve, slope, rule, result.
        for index in (2, 5, 7):
            for line in lines[index:]:
                line.shift(0.15 * mn.DOWN)
        return lines
