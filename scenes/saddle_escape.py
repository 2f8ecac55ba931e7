"""A zero gradient that is not a minimum: plain gradient descent creeps into a saddle and
stalls there, while momentum and Adam carry on to a valley."""

from __future__ import annotations

from typing import Any

import manim as mn
import numpy as np

from scenes.core.series import Fate
from scenes.draw.base import SMALL_SIZE, LessonScene
from scenes.draw.plane import Plane, lay_out_panel, split_frame

MATH = 0.66
UPDATES = {
    "momentum": [r"v \leftarrow \beta v + \nabla f", r"p \leftarrow p - \eta\, v"],
    "adam": [r"m \leftarrow \beta_1 m + (1-\beta_1)\nabla f",
             r"s \leftarrow \beta_2 s + (1-\beta_2)(\nabla f)^2",
             r"p \leftarrow p - \eta\, \hat m / (\sqrt{\hat s} + \epsilon)"],
}


class SaddleEscape(LessonScene):
    BEATS = ("title", "surface", "ask", "plain", "updates", "escape", "compare", "takeaway")

    def construct(self) -> None:
        n = self.numbers
        runs = n["runs"]
        plot_box, panel_box = split_frame(self)
        plane = Plane(self, n["view"], plot_box)

        formula = self.tex("f(x, y) = " + n["function_latex"], color=self.theme.function,
                           scale=MATH)
        updates = mn.VGroup()
        for index, run in enumerate(runs):
            for i, line in enumerate(UPDATES.get(run["optimiser"], [])):
                prefix = (r"\text{" + self._name(index) + r":}\ ") if i == 0 else r"\qquad "
                updates.add(self.tex(prefix + line, scale=MATH, color=self._hex(index)))
        paths, dots, rows, values = [], [], [], []
        for i, run in enumerate(runs):
            path = self._path(plane, run, i)
            paths.append(path)
            dots.append(mn.Dot(plane.point(*run["points"][0]), radius=0.08,
                               color=self.series_colour(i)))
            swatch = mn.Line(mn.ORIGIN, 0.5 * mn.RIGHT, stroke_width=6,
                             color=self.series_colour(i))
            name = self.text(self._name(i), size=SMALL_SIZE, color=self._hex(i))
            left = run["fate"] is Fate.LEFT_VIEW
            value = self.text(self.words("legend", run=i), size=SMALL_SIZE,
                              color=self.theme.bad if left else self.theme.text)
            rows.append(mn.VGroup(swatch, name).arrange(mn.RIGHT, buff=0.15))
            values.append(value)
        legend = mn.VGroup(*[mn.VGroup(r, v) for r, v in zip(rows, values, strict=True)])
        name_w = max(r.width for r in rows) + 0.3
        for row, value in zip(rows, values, strict=True):
            value.next_to(row, mn.RIGHT, buff=name_w - row.width)
        legend.arrange(mn.DOWN, aligned_edge=mn.LEFT, buff=0.18)
        verdict = self._verdict()
        lay_out_panel(self, panel_box, [formula, *updates], [legend, verdict])

        with self.beat("title"):
            self.title_card()

        with self.beat("surface"):
            self.header()
            self.add(plane.frame, plane.ticks)
            # Muted contours: the compared runs use the series colours, one of which is
            # the function's colour.
            self.play(mn.Create(plane.contours(n["contours"], "muted"), lag_ratio=0.05),
                      run_time=1.6)
            self.play(mn.FadeIn(formula), run_time=0.6)
            stationary = n["stationary"]
            if stationary is not None and plane.inside(*stationary["point"]):
                where = plane.point(*stationary["point"])
                mark = mn.VGroup(
                    mn.Circle(radius=0.12, stroke_width=3, color=self.colour("text")),
                    # On two lines when the plot is narrower than the words.
                    self.wrapped(self.words("flat_mark"), SMALL_SIZE, plane.frame.width - 0.2))
                mark[0].move_to(where)
                self._clear_spot(mark[1], mark[0], plane, runs)
                self.play(mn.FadeIn(mark), run_time=0.8)

        with self.beat("ask"):
            self.play(*[mn.FadeIn(d) for d in dots], run_time=0.5)
            question = self.ask(self.words("question"))

        with self.beat("plain"):
            self.play(mn.FadeOut(question), run_time=0.4)
            self._run(plane, [0], paths, dots, runs)
            self.play(mn.FadeIn(legend[0]), run_time=0.6)

        with self.beat("updates"):
            if len(updates):
                self.play(mn.LaggedStart(*[mn.FadeIn(u) for u in updates], lag_ratio=0.4),
                          run_time=1.6)

        with self.beat("escape"):
            others = list(range(1, len(runs)))
            if others:
                self._run(plane, others, paths, dots, runs)
                self.play(*[mn.FadeIn(legend[i]) for i in others], run_time=0.6)

        with self.beat("compare"):
            self.play(mn.FadeIn(verdict), run_time=0.8)

        with self.beat("takeaway"):
            self.takeaway(self.words("takeaway"))

    # ---------------------------------------------------------------- pieces

    def _name(self, index: int) -> str:
        """The optimiser of run ``index`` as the screen names it."""
        return self.words("name", run=index)

    def _path(self, plane: Plane, run: dict[str, Any], index: int) -> mn.VMobject:
        """The run's path as one polyline, cut where it leaves the view."""
        points = np.asarray(run["points"], dtype=np.float64)
        segments, _ = plane.path(points.tolist(), self.series_colour(index), width=4)
        corners = [plane.point(*points[0])] + [s.get_end() for s in segments]
        path = mn.VMobject(stroke_color=self.series_colour(index), stroke_width=4)
        path.set_points_as_corners(corners if len(corners) > 1 else corners * 2)
        return path

    def _run(self, plane: Plane, which: list[int], paths: list[mn.VMobject],
             dots: list[mn.Dot], runs: list[dict[str, Any]]) -> None:
        """Draw the paths step by step (each step gets the same time), dots at their tips."""
        for i in which:
            path = paths[i]
            dots[i].add_updater(lambda d, p=path: d.move_to(p.get_end()))
        steps = max(len(runs[i]["points"]) for i in which)
        self.play(*[mn.Create(paths[i], rate_func=mn.linear) for i in which],
                  run_time=min(9.0, max(3.0, 0.15 * steps)))
        for i in which:
            dots[i].clear_updaters()
            self.add(dots[i])  # keep the dot above its path
            if runs[i]["fate"] is Fate.LEFT_VIEW:
                self.play(mn.FadeOut(dots[i]), run_time=0.3)

    def _hex(self, index: int) -> str:
        return self.theme.series[index % len(self.theme.series)]

    def _clear_spot(self, label: mn.Mobject, anchor: mn.Mobject, plane: Plane,
                    runs: list[dict[str, Any]]) -> None:
        """Put ``label`` beside ``anchor`` on the side the paths cross least, inside the plot."""
        screen = np.array([plane.point(*p)[:2] for r in runs for p in r["points"]])
        lo, hi = plane.frame.get_corner(mn.DL)[:2], plane.frame.get_corner(mn.UR)[:2]
        best, best_cost = mn.DOWN, float("inf")
        for side in (mn.DOWN, mn.UP, mn.DR, mn.DL, mn.UR, mn.UL, mn.LEFT, mn.RIGHT):
            label.next_to(anchor, side, buff=0.08)
            a, b = label.get_corner(mn.DL)[:2], label.get_corner(mn.UR)[:2]
            hits = int(np.sum(np.all((screen >= a) & (screen <= b), axis=1)))
            outside = float(np.sum(np.maximum(lo - a, 0) + np.maximum(b - hi, 0)))
            cost = hits + 100 * outside
            if cost < best_cost:
                best, best_cost = side, cost
        label.next_to(anchor, best, buff=0.08)

    def _verdict(self) -> mn.VMobject:
        """Which optimiser ends lowest (of those still in view), as the core judged it."""
        lowest = self.numbers["lowest"]
        colour = self.theme.bad if lowest is None else self._hex(lowest)
        return self.text(self.words("verdict"), size=SMALL_SIZE, color=colour)
