"""The sign of the slope steers the step, from either side of the minimum.

Balls start on both sides of the bowl. At every step the tangent is drawn, coloured by
the sign of its slope; a positive slope sends the ball left, a negative one right, and
the steps shrink as the slope flattens. Every line of working is built once, before it
is needed; the balls move along paths sampled once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import manim as mn
import numpy as np

from scenes.core import decimals as dec
from scenes.core import numerics as nx
from scenes.core.formula import Formula, parse
from scenes.core.series import TANGENT_SHOWN_STEPS as SHOWN_STEPS
from scenes.core.series import StepWay
from scenes.draw import curve_tools as ct
from scenes.draw.base import SMALL_SIZE, LessonScene

MATH = 0.7
RUN_COLOURS = (0, 5, 3, 2)  # indices into the theme's series colours


@dataclass
class Run:
    """One start's ball, its working and its marks, all built once."""

    colour: str  # the run's series colour, as the theme gives it
    points: list[float]
    gradients: list[float]
    losses: list[float]
    directions: list[StepWay]
    verdict: nx.Verdict
    ball: mn.Dot | None = None
    heading: mn.VMobject = field(default_factory=mn.VMobject)
    slopes: list[mn.VMobject] = field(default_factory=list)  # one line per step
    updates: list[mn.VMobject] = field(default_factory=list)
    tangents: list[mn.Line] = field(default_factory=list)
    arrows: list[mn.Arrow] = field(default_factory=list)
    paths: list[mn.VMobject] = field(default_factory=list)
    shown_slope: mn.VMobject | None = None
    shown_update: mn.VMobject | None = None
    shown_tangent: mn.Line | None = None

    @property
    def steps(self) -> int:
        return len(self.points) - 1


class TangentSign(LessonScene):
    BEATS = ("title", "setup", "right", "predict", "left", "shrink", "takeaway")

    def regions(self) -> tuple[tuple[float, float, np.ndarray], tuple[float, float, np.ndarray]]:
        """(width, height, centre) of the plot and of the working panel."""
        w, h = self.frame_width, self.frame_height
        top, bottom = h / 2 - 0.8, -h / 2 + 1.45
        if self.layout.portrait or self.layout.square:
            plot_h = (top - bottom) * (0.5 if self.layout.portrait else 0.5)
            plot = (w - 1.0, plot_h, np.array([0.0, top - plot_h / 2, 0.0]))
            panel_top = top - plot_h - 0.35
            panel = (w - 0.8, panel_top - bottom,
                     np.array([0.0, (panel_top + bottom) / 2, 0.0]))
        else:
            plot_w = w * 0.52
            left = -w / 2 + 0.5
            plot = (plot_w, top - bottom,
                    np.array([left + plot_w / 2, (top + bottom) / 2, 0.0]))
            panel_left = left + plot_w + 0.5
            panel_w = w / 2 - 0.4 - panel_left
            panel = (panel_w, top - bottom,
                     np.array([panel_left + panel_w / 2, (top + bottom) / 2, 0.0]))
        return plot, panel

    # ------------------------------------------------------------------ story

    def construct(self) -> None:
        n, p = self.numbers, self.params
        loss = parse(p["function"], ("w",))
        # Series colours that do not clash with the slope's sign (rising / falling).
        series = [self.theme.series[i] for i in RUN_COLOURS]
        runs = [Run(series[i % len(series)], list(r["points"][:SHOWN_STEPS + 1]),
                    list(r["gradients"][:SHOWN_STEPS + 1]),
                    [float(v) for v in r["losses"][:SHOWN_STEPS + 1]],
                    list(r["directions"][:SHOWN_STEPS]), r["verdict"])
                for i, r in enumerate(n["runs"])]
        (plot_w, plot_h, plot_c), (panel_w, panel_h, panel_c) = self.regions()
        every_w = [w for run in runs for w in run.points]
        x_window = nx.padded_range(every_w, pad=0.3, minimum_span=1.0)
        xs, ys = nx.sample(loss, *x_window, 240)
        y_window = nx.robust_range(ys, pad=0.08)
        axes = ct.axes_for(self, x_window, y_window, plot_w, plot_h).move_to(plot_c)
        curve = ct.curve_pieces(axes, xs, ys, y_window, self.colour("function"))
        formula = self.tex(f"L(w) = {n['function_latex']}",
                           color=self.theme.function, scale=0.8)
        derivative = self.tex(f"L'(w) = {n['derivative_latex']}",
                              color=self.theme.derivative, scale=0.8)
        for i, run in enumerate(runs):
            self.build_run(run, i, loss, axes, (*x_window, *y_window))
        self.layout_panel(runs, formula, derivative, panel_w, panel_h, panel_c)

        with self.beat("title"):
            self.title_card()

        with self.beat("setup"):
            self.header()
            self.play(mn.Create(axes), run_time=0.8)
            self.play(mn.Create(curve), mn.FadeIn(formula), run_time=1.2)
            self.play(mn.FadeIn(derivative), *[mn.FadeIn(run.ball, scale=1.5) for run in runs
                                               if run.ball is not None],
                      *[mn.FadeIn(run.heading) for run in runs],
                      run_time=0.8)

        first, second = runs[0], runs[1] if len(runs) > 1 else None
        with self.beat("right"):
            if first.steps > 0:
                self.step(first, 0)
            if first.steps > 1:
                self.step(first, 1)

        with self.beat("predict"):
            if second is not None:
                if second.steps > 0:
                    self.show_slope(second, 0)
                sign = self.numbers["runs"][1]["slope_signs"][0]
                question = self.ask(self.words("question", sign=sign), seconds=2.4)
            else:
                question = self.ask(self.words("question_single"), seconds=2.4)

        with self.beat("left"):
            self.play(mn.FadeOut(question), run_time=0.4)
            if second is not None and second.steps > 0:
                self.move(second, 0)
            elif first.steps > 2:
                self.step(first, 2)

        with self.beat("shrink"):
            done = {id(first): 2 if second is not None else 3}
            if second is not None:
                done[id(second)] = 1
            for k in range(1, SHOWN_STEPS):
                todo = [run for run in runs if done.get(id(run), 0) <= k < run.steps]
                if not todo:
                    continue
                self.play(*[a for run in todo for a in self.slope_animations(run, k)],
                          run_time=0.6)
                self.play(*[a for run in todo for a in self.move_animations(run, k)],
                          run_time=0.8)
            verdicts = [self.text(self.words("verdict", verdict=run.verdict), size=SMALL_SIZE,
                                  color=self.theme.bad if run.verdict == nx.Verdict.DIVERGING
                                  else self.theme.good)
                        .scale(float(getattr(run.heading, "font_size", SMALL_SIZE)) / SMALL_SIZE)
                        .next_to(run.heading, mn.RIGHT, buff=0.3)
                        for run in runs]
            for verdict in verdicts:
                if verdict.get_right()[0] > self.frame_width / 2 - 0.1:
                    overhang = verdict.get_right()[0] - self.frame_width / 2 + 0.15
                    verdict.shift(overhang * mn.LEFT)
            self.play(*[mn.FadeIn(v) for v in verdicts], run_time=0.6)

        with self.beat("takeaway"):
            self.takeaway(self.words("takeaway"))

    # ------------------------------------------------------------------ steps

    def step(self, run: Run, k: int) -> None:
        self.show_slope(run, k)
        self.move(run, k)

    def show_slope(self, run: Run, k: int) -> None:
        self.play(*self.slope_animations(run, k), run_time=0.8)

    def move(self, run: Run, k: int) -> None:
        self.play(*self.move_animations(run, k), run_time=1.2)

    def slope_animations(self, run: Run, k: int) -> list[mn.Animation]:
        """The tangent at w_k and the line that reads its slope and the step's direction."""
        out: list[mn.Animation] = []
        tangent, slope = run.tangents[k], run.slopes[k]
        if run.shown_tangent is None:
            out.append(mn.Create(tangent))
        else:
            out.append(mn.ReplacementTransform(run.shown_tangent, tangent))
        out.append(mn.FadeIn(slope) if run.shown_slope is None else
                   mn.ReplacementTransform(run.shown_slope, slope))
        run.shown_tangent, run.shown_slope = tangent, slope
        return out

    def move_animations(self, run: Run, k: int) -> list[mn.Animation]:
        """The update line, the step's arrow and the ball rolling to w_{k+1}."""
        out: list[mn.Animation] = [mn.GrowArrow(run.arrows[k])]
        update = run.updates[k]
        out.append(mn.FadeIn(update) if run.shown_update is None else
                   mn.ReplacementTransform(run.shown_update, update))
        run.shown_update = update
        if run.ball is not None:
            out.append(mn.MoveAlongPath(run.ball, run.paths[k]))
        if run.shown_tangent is not None:  # the tangent belongs to the point being left
            out.append(mn.FadeOut(run.shown_tangent))
            run.shown_tangent = None
        return out

    # ------------------------------------------------------------------ building

    def build_run(self, run: Run, index: int, loss: Formula, axes: mn.Axes,
                  box: tuple[float, float, float, float]) -> None:
        eta = float(self.params["eta"])
        points, gradients = run.points, run.gradients
        y_lo, y_hi = box[2], box[3]
        losses = run.losses
        run.ball = mn.Dot(axes.c2p(points[0], np.clip(losses[0], y_lo, y_hi)), radius=0.1,
                          color=mn.ManimColor(run.colour)).set_z_index(3)
        run.heading = self.text(self.words("heading", w=ct.text_number(self, points[0])),
                                size=SMALL_SIZE, color=run.colour)
        # Each run's arrows ride at their own height just above the w-axis.
        lift = (0.18 + 0.2 * index) * mn.UP
        base_y = max(y_lo, 0.0) if y_lo <= 0 <= y_hi else y_lo
        for k in range(run.steps):
            w, g, w_next = points[k], gradients[k], points[k + 1]
            # A small slope keeps its first significant digit: never "0 > 0".
            w_s = ct.tex_number(self, w)
            g_s = ct.tex_number(self, g, max(dec.exact_decimals(g), dec.readable_decimals(g)))
            direction = run.directions[k]
            sign, colour = {StepWay.LEFT: ("> 0", self.theme.rising),
                            StepWay.RIGHT: ("< 0", self.theme.falling)}.get(
                                direction, ("= 0", self.theme.flat))
            way = self.words("way", direction=direction)
            run.slopes.append(self.tex(rf"L'({w_s}) = {g_s} {sign} \Rightarrow \text{{{way}}}",
                                       color=colour, scale=MATH))
            g_term = g_s if g >= 0 else f"({g_s})"
            run.updates.append(self.tex(
                rf"w \leftarrow {w_s} - {ct.tex_number(self, eta)} \times {g_term}"
                rf" = {ct.tex_number(self, w_next)}", color=self.theme.step, scale=MATH))
            run.tangents.append(ct.tangent_line(axes, w, float(np.clip(losses[k], y_lo, y_hi)),
                                                g, 1.8, box, mn.ManimColor(colour)))
            start, end = axes.c2p(w, base_y) + lift, axes.c2p(w_next, base_y) + lift
            if np.linalg.norm(end - start) < 1e-3:
                end = start + 1e-3 * mn.RIGHT
            run.arrows.append(mn.Arrow(start, end, buff=0, color=mn.ManimColor(run.colour),
                                       stroke_width=4,
                                       max_tip_length_to_length_ratio=0.4,
                                       max_stroke_width_to_length_ratio=20))
            path_w = np.linspace(w, w_next, 30)
            path_l = np.clip(np.asarray(loss(path_w), dtype=np.float64), y_lo, y_hi)
            path = mn.VMobject()
            path.set_points_as_corners([axes.c2p(a, b) for a, b in zip(path_w, path_l,
                                                                        strict=True)])
            run.paths.append(path)

    def layout_panel(self, runs: list[Run], formula: mn.VMobject, derivative: mn.VMobject,
                     width: float, height: float, centre: np.ndarray) -> mn.VGroup:
        """Formula lines on top, then one block per run: heading, slope line, update line.

        Every step's lines are placed at their run's slots now, so later lines simply
        replace the earlier ones in place.
        """
        blocks = []
        for run in runs:
            slot_slope = max(run.slopes, key=lambda m: m.width) if run.slopes else mn.VGroup()
            slot_update = max(run.updates, key=lambda m: m.width) if run.updates else mn.VGroup()
            block = mn.VGroup(run.heading, slot_slope.copy(), slot_update.copy())
            block.arrange(mn.DOWN, aligned_edge=mn.LEFT, buff=0.14)
            blocks.append(block)
        panel = mn.VGroup(mn.VGroup(formula, derivative).arrange(mn.DOWN, aligned_edge=mn.LEFT,
                                                                 buff=0.14), *blocks)
        panel.arrange(mn.DOWN, aligned_edge=mn.LEFT, buff=0.35)
        scale = min(1.0, width / panel.width, height / panel.height)
        panel.scale(scale).move_to(centre).align_to(centre + height / 2 * mn.UP, mn.UP)
        for run, block in zip(runs, blocks, strict=True):
            for line in run.slopes:
                line.scale(scale).move_to(block[1]).align_to(block[1], mn.LEFT)
            for line in run.updates:
                line.scale(scale).move_to(block[2]).align_to(block[2], mn.LEFT)
        return panel
