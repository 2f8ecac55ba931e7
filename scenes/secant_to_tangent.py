"""The red secant through (x0, f(x0)) and (x0 + h, f(x0 + h)) turns into the green tangent.

Everything that moves is built once: one Line for the secant, two for rise and run, one
Dot, three DecimalNumbers. A single ValueTracker (the sweep's progress) drives them by
indexing the sweep that the numeric core computed in advance.
"""

from __future__ import annotations

from typing import Any

import manim as mn
import numpy as np

from scenes.core import clip
from scenes.core import decimals as dec
from scenes.core import numerics as nx
from scenes.core.formula import parse
from scenes.draw.base import BODY_SIZE, SMALL_SIZE, LessonScene


class SecantToTangent(LessonScene):
    BEATS = ("title", "setup", "secant", "predict", "shrink", "tangent", "takeaway")

    # ------------------------------------------------------------------ layout

    def regions(self) -> tuple[tuple[float, float, np.ndarray], tuple[float, float, np.ndarray]]:
        """(width, height, centre) of the plot area and of the readout panel."""
        w, h = self.frame_width, self.frame_height
        top = h / 2 - 0.75  # below the header
        # In a narrow frame the header reaches over the plot's corner: leave a line for
        # the f(x) = ... label above the plot.
        lowered = 0.5 if self.layout.portrait or self.layout.square else 0.0
        top -= lowered
        if self.layout.portrait:
            plot_h = h * 0.42
            plot = (w - 0.9, plot_h, np.array([0.0, top - plot_h / 2, 0.0]))
            panel_top = top - plot_h - 0.4
            panel_h = panel_top - (-h / 2 + 0.4)
            panel = (w - 0.8, panel_h, np.array([0.0, panel_top - panel_h / 2, 0.0]))
        else:
            plot_w = w * (0.56 if not self.layout.square else 0.54)
            plot_h = h - 1.7 - lowered
            left = -w / 2 + 0.55
            plot = (plot_w, plot_h, np.array([left + plot_w / 2, top - plot_h / 2, 0.0]))
            panel_w = w - plot_w - 1.4
            panel = (panel_w, plot_h, np.array([w / 2 - 0.4 - panel_w / 2, top - plot_h / 2, 0.0]))
        return plot, panel

    # ------------------------------------------------------------------ story

    def construct(self) -> None:
        n, p = self.numbers, self.params
        f = parse(p["function"])
        x0, y0 = n["point"]
        rows = n["rows"]
        decimals = n["decimals"]
        (x_lo, x_hi), (y_lo, y_hi) = n["window"]["x"], n["window"]["y"]
        box = (x_lo, x_hi, y_lo, y_hi)
        sweep = nx.secant_sweep(f, x0, p["hs"])
        (plot_w, plot_h, plot_centre), (panel_w, panel_h, panel_centre) = self.regions()

        with self.beat("title"):
            self.title_card()

        # -------------------------------------------------------------- setup
        with self.beat("setup"):
            self.header()
            axes = self.axes((x_lo, x_hi), (y_lo, y_hi), n["ticks"], plot_w, plot_h)
            axes.move_to(plot_centre)
            xs, ys = nx.sample(f, x_lo, x_hi)
            curve = self.curve(axes, xs, ys, (y_lo, y_hi))
            label = self.tex(f"f(x) = {n['function_latex']}", color=self.theme.function)
            self.fit(label, width=plot_w * 0.6)
            label.next_to(axes, mn.UP, buff=0.05).align_to(axes, mn.LEFT)
            point = mn.Dot(axes.c2p(x0, y0), color=self.colour("point"), radius=0.07)
            point_label = self.tex(rf"x_0 = {self.tex_num(x0)}",
                                   color=self.theme.point, scale=0.7)
            point_label.next_to(point, mn.DR, buff=0.08)
            self.play(mn.Create(axes), run_time=0.8)
            self.play(mn.Create(curve), mn.FadeIn(label), run_time=1.2)
            self.play(mn.FadeIn(point, scale=1.5), mn.FadeIn(point_label), run_time=0.6)

        # -------------------------------------------------------------- secant
        progress = mn.ValueTracker(0.0)

        def at(key: str) -> float:
            return float(np.interp(progress.get_value(), sweep.progress, getattr(sweep, key)))

        with self.beat("secant"):
            second = mn.Dot(axes.c2p(rows[0]["x1"], rows[0]["y1"]), color=self.colour("secant"),
                            radius=0.06)
            secant = mn.Line(color=self.colour("secant"), stroke_width=4)
            run_leg = mn.Line(color=self.colour("muted"), stroke_width=3)
            rise_leg = mn.Line(color=self.colour("step"), stroke_width=3)

            def place_secant(line: mn.Mobject) -> None:
                ends = clip.clip_line(x0, y0, at("slope"), box)
                if ends is not None:
                    line.put_start_and_end_on(axes.c2p(*ends[0]), axes.c2p(*ends[1]))

            def place_legs(_: mn.Mobject) -> None:
                x1, y1 = at("x1"), float(np.clip(at("y1"), y_lo, y_hi))
                corner = axes.c2p(x1, y0)
                run_leg.put_start_and_end_on(axes.c2p(x0, y0), corner + 1e-4 * mn.RIGHT)
                rise_leg.put_start_and_end_on(corner, axes.c2p(x1, y1) + 1e-4 * mn.UP)
                second.move_to(axes.c2p(x1, y1))

            place_secant(secant)
            place_legs(second)
            readout = self.readout(rows[0], decimals)
            self.fit(readout, width=panel_w)
            readout.move_to(panel_centre).align_to(panel_centre + panel_h / 2 * mn.UP, mn.UP)
            self.play(mn.FadeIn(second), mn.Create(run_leg), mn.Create(rise_leg), run_time=0.8)
            self.play(mn.Create(secant), mn.FadeIn(readout), run_time=1.0)

        # -------------------------------------------------------------- predict
        with self.beat("predict"):
            table, table_rows, limit_row = self.table(rows, decimals, n["derivative"])
            self.fit(table, width=panel_w, height=panel_h - readout.height - 0.5)
            table.next_to(readout, mn.DOWN, buff=0.45).align_to(readout, mn.LEFT)
            self.play(mn.FadeIn(table[0]), mn.FadeIn(table_rows[0]), run_time=0.6)
            question = self.ask(self.words("question"), seconds=2.5)

        # -------------------------------------------------------------- shrink
        with self.beat("shrink"):
            self.play(mn.FadeOut(question), run_time=0.4)
            self.until("slide")  # the sweep starts as the narration says "watch"
            h_value, rise_value, slope_value = readout[1], readout[3], readout[5]
            h_value.add_updater(lambda m: m.set_value(at("h")))
            rise_value.add_updater(lambda m: m.set_value(at("rise")))
            slope_value.add_updater(lambda m: m.set_value(at("slope")))
            secant.add_updater(place_secant)
            second.add_updater(place_legs)
            for k in range(1, len(rows)):
                self.play(progress.animate.set_value(float(k)), run_time=1.6,
                          rate_func=mn.smooth)
                self.play(mn.FadeIn(table_rows[k], shift=0.1 * mn.LEFT), run_time=0.4)
            for m in (h_value, rise_value, slope_value, secant, second):
                m.clear_updaters()

        # -------------------------------------------------------------- tangent
        with self.beat("tangent"):
            ends = clip.clip_line(x0, y0, n["derivative"], box)
            tangent = mn.Line(color=self.colour("tangent"), stroke_width=5)
            if ends is not None:
                tangent.put_start_and_end_on(axes.c2p(*ends[0]), axes.c2p(*ends[1]))
            limit = self.tex(
                r"f'(x_0) = \lim_{h \to 0} \frac{f(x_0 + h) - f(x_0)}{h}",
                color=self.theme.tangent, scale=0.75)
            quotient = self.tex(
                rf"\frac{{f({self.tex_num(x0)} + h) - f({self.tex_num(x0)})}}{{h}} = "
                rf"{n['difference_quotient_latex']} \;\to\; "
                rf"{self.tex_num(n['derivative'], decimals)}",
                scale=0.75)
            # The limit takes the place of the readout, whose job is done.
            maths = mn.VGroup(limit, quotient).arrange(mn.DOWN, buff=0.3)
            self.fit(maths, width=panel_w, height=readout.height + 0.25)
            maths.move_to(readout, aligned_edge=mn.UL)
            self.keep_inside(maths, panel_centre, panel_w, panel_h)
            self.play(mn.Create(tangent), mn.FadeIn(limit_row), run_time=1.2)
            self.play(mn.FadeOut(run_leg), mn.FadeOut(rise_leg), mn.FadeOut(second),
                      mn.FadeOut(readout), run_time=0.5)
            self.play(mn.Write(maths), run_time=1.6)

        with self.beat("takeaway"):
            self.takeaway(self.words("takeaway"))

    # ------------------------------------------------------------------ pieces

    def curve(self, axes: mn.Axes, xs: np.ndarray, ys: np.ndarray,
              y_window: tuple[float, float]) -> mn.VGroup:
        """The sampled curve, split where it leaves the window (built once)."""
        inside = np.isfinite(ys) & (ys >= y_window[0]) & (ys <= y_window[1])
        pieces = mn.VGroup()
        start = None
        for i, ok in enumerate([*inside, False]):
            if ok and start is None:
                start = i
            elif not ok and start is not None:
                if i - start >= 2:
                    points = [axes.c2p(x, y) for x, y in zip(xs[start:i], ys[start:i],
                                                              strict=True)]
                    piece = mn.VMobject(color=self.colour("function"), stroke_width=4)
                    piece.set_points_smoothly(points)
                    pieces.add(piece)
                start = None
        return pieces

    def readout(self, row: dict[str, Any], decimals: int) -> mn.VGroup:
        """h, rise and slope, as labels with numbers that will be updated in place."""
        size = BODY_SIZE
        h_label = self.text(self.words("h_label"), size=size, color=self.theme.muted)
        h_value = self.number(row["h"], decimals, size=size)
        rise_label = self.text(self.words("rise_label"), size=size, color=self.theme.step)
        rise_value = self.number(row["rise"], decimals, size=size, color=self.theme.step)
        slope_label = self.text(self.words("slope_label"), size=size, color=self.theme.secant)
        slope_value = self.number(row["slope"], decimals, size=size, color=self.theme.secant)
        group = mn.VGroup(h_label, h_value, rise_label, rise_value, slope_label, slope_value)
        for label, value in ((h_label, h_value), (rise_label, rise_value),
                             (slope_label, slope_value)):
            value.next_to(label, mn.RIGHT, buff=0.15)
        mn.VGroup(mn.VGroup(h_label, h_value), mn.VGroup(rise_label, rise_value),
                  mn.VGroup(slope_label, slope_value)).arrange(mn.DOWN, aligned_edge=mn.LEFT,
                                                               buff=0.22)
        return group

    def table(self, rows: list[dict[str, Any]], decimals: int,
              derivative: float) -> tuple[mn.VGroup, list[mn.VGroup], mn.VGroup]:
        """The table of slopes, one row per h, and the limit row (all built now)."""
        size = SMALL_SIZE + 2
        header = mn.VGroup(*[self.text(word, size=size, color=self.theme.muted)
                             for word in self.words.items("table_head")])
        lines = [header]
        for row in rows:
            lines.append(mn.VGroup(self.text(self.fmt(row["h"], decimals), size=size),
                                   self.text(self.fmt(row["slope"], decimals), size=size,
                                             color=self.theme.secant)))
        limit = mn.VGroup(self.text(self.words("limit_label"), size=size,
                                    color=self.theme.tangent),
                          self.text(self.fmt(derivative, decimals), size=size,
                                    color=self.theme.tangent))
        lines.append(limit)
        column = max(line[0].width for line in lines) + 0.6
        for i, line in enumerate(lines):
            line[0].move_to(i * 0.5 * mn.DOWN, aligned_edge=mn.LEFT)
            line[1].move_to(i * 0.5 * mn.DOWN + column * mn.RIGHT, aligned_edge=mn.LEFT)
        rule = mn.Line(header.get_corner(mn.DL) + 0.08 * mn.DOWN,
                       header.get_corner(mn.DR) + 0.08 * mn.DOWN + 0.4 * mn.RIGHT,
                       color=self.colour("muted"), stroke_width=1.5)
        table = mn.VGroup(mn.VGroup(header, rule), *lines[1:])
        return table, lines[1:-1], limit

    def axes(self, x_window: tuple[float, float], y_window: tuple[float, float],
             ticks: dict[str, list[float]], width: float, height: float) -> mn.Axes:
        """Axes over the windows, labelled at the core's round tick values.

        The labels are the scene's own numbers (Manim's would ignore the decimal mark).
        """
        axes = mn.Axes(
            x_range=[x_window[0], x_window[1], nx.nice_step(x_window[1] - x_window[0])],
            y_range=[y_window[0], y_window[1], nx.nice_step(y_window[1] - y_window[0])],
            x_length=width, y_length=height, tips=False,
            axis_config={"color": self.colour("muted"), "stroke_width": 2},
        )
        for axis, window, values, side in ((axes.x_axis, x_window, ticks["x"], mn.DOWN),
                                           (axes.y_axis, y_window, ticks["y"], mn.LEFT)):
            places = dec.first_digit_decimals([nx.nice_step(window[1] - window[0])], minimum=0)
            labels = mn.VGroup()
            for value in values:
                label = self.number(value, places, size=20, color=self.theme.muted)
                label.next_to(axis.number_to_point(value), side, buff=mn.MED_SMALL_BUFF)
                if value < 0 and side is mn.DOWN:
                    label.shift(label[0].width * mn.LEFT / 2)  # centre the digits, not the sign
                labels.add(label)
            axis.add(labels)
        return axes
