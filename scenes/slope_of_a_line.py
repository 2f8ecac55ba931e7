"""Rise over run on a straight line: every pair of marked points gives the same slope.

The core computes the points on y = m·x + b and, for every pair, the rise, the run and
their ratio. The scene draws one rise/run triangle (two Lines) and moves it from pair to
pair; the readout is rebuilt per pair (a handful of short texts), never per frame.
"""

from __future__ import annotations

from typing import Any

import manim as mn
import numpy as np

from scenes.core import clip
from scenes.core import decimals as dec
from scenes.core import numerics as nx
from scenes.core.series import Direction, PairSlopes
from scenes.draw.base import BODY_SIZE, SMALL_SIZE, LessonScene

Region = tuple[float, float, np.ndarray]  # width, height, centre


class SlopeOfALine(LessonScene):
    obstacles: list[mn.Mobject]
    BEATS = ("title", "line", "points", "first-pair", "predict", "every-pair", "takeaway")

    # ------------------------------------------------------------------ layout

    def regions(self) -> tuple[Region, Region]:
        """(width, height, centre) of the plot and of the readout panel.

        Side by side in landscape and square frames, stacked in portrait. The bottom
        1.4 units stay free for the question and the takeaway box.
        """
        w, h = self.frame_width, self.frame_height
        top, bottom = h / 2 - 0.75, -h / 2 + 1.4
        if self.layout.portrait:
            plot_h = 0.45 * (top - bottom)
            plot = (w - 1.2, plot_h, np.array([0.15, top - plot_h / 2, 0.0]))
            panel_h = top - bottom - plot_h - 0.5
            panel = (w - 0.8, panel_h, np.array([0.0, bottom + panel_h / 2, 0.0]))
            return plot, panel
        plot_w = w * (0.45 if self.layout.square else 0.55)
        plot_h = top - bottom
        left = -w / 2 + 0.7
        plot = (plot_w, plot_h, np.array([left + plot_w / 2, top - plot_h / 2, 0.0]))
        panel_w = w - plot_w - (1.1 if self.layout.square else 1.9)
        panel = (panel_w, plot_h, np.array([w / 2 - 0.25 - panel_w / 2, top - plot_h / 2, 0.0]))
        return plot, panel

    # ------------------------------------------------------------------ numbers as text

    def g(self, value: float) -> str:
        """A recorded number as text, with as few decimals as it needs (at most 2)."""
        return self.fmt(value, dec.exact_decimals(value, 2))

    def num(self, value: float, decimals: int | None = None) -> str:
        """A recorded number for LaTeX (ASCII minus, the language's decimal mark)."""
        return self.tex_num(value, dec.exact_decimals(value, 2) if decimals is None else decimals)

    def equation(self, m: float, b: float) -> str:
        """y = m x + b in LaTeX, written as by hand (no 1x, no + 0)."""
        if m == 0:
            return f"y = {self.num(b)}"
        slope = {1.0: "", -1.0: "-"}.get(m)
        if slope is None:
            slope = self.num(m)
        else:
            self.shown(m)
        text = f"y = {slope}x"
        if b != 0:
            text += f" {'+' if b > 0 else '-'} {self.num(b).lstrip('-')}"
        return text

    # ------------------------------------------------------------------ story

    def construct(self) -> None:
        n, p = self.numbers, self.params
        m, b = float(p["m"]), float(p["b"])
        points = [(float(x), float(y)) for x, y in n["points"]]
        pairs: list[dict[str, Any]] = n["pairs"]
        direction: Direction = n["direction"]
        xs = [x for x, _ in points]
        ys = [y for _, y in points]
        d = dec.exact_decimals([m, b, *xs, *ys], 2)
        (plot_w, plot_h, plot_centre), (panel_w, panel_h, panel_centre) = self.regions()

        with self.beat("title"):
            self.title_card()

        # -------------------------------------------------------------- the line
        with self.beat("line"):
            self.header()
            x_lo, x_hi = nx.padded_range([*xs, 0.0], pad=0.15)
            y_lo, y_hi = nx.padded_range([*ys, 0.0], pad=0.15)
            axes = mn.Axes(
                x_range=[x_lo, x_hi, nx.nice_step(x_hi - x_lo)],
                y_range=[y_lo, y_hi, nx.nice_step(y_hi - y_lo)],
                x_length=plot_w, y_length=plot_h, tips=False,
                axis_config={"color": self.colour("muted"), "stroke_width": 2},
            ).move_to(plot_centre)
            x_name = self.text("x", size=SMALL_SIZE, color=self.theme.muted)
            x_name.next_to(axes.x_axis.get_right(), mn.UP, buff=0.1)
            y_name = self.text("y", size=SMALL_SIZE, color=self.theme.muted)
            y_name.next_to(axes.y_axis.get_top(), mn.RIGHT, buff=0.1)
            line = mn.Line(axes.c2p(x_lo, m * x_lo + b), axes.c2p(x_hi, m * x_hi + b),
                           color=self.colour("function"), stroke_width=4)
            self.clip_to_axes(line, axes, m, b, (x_lo, x_hi, y_lo, y_hi))
            formula = self.tex(self.equation(m, b), color=self.theme.function)
            self.fit(formula, width=panel_w)
            if self.layout.portrait or self.layout.square:
                formula.move_to(panel_centre).align_to(panel_centre + panel_h / 2 * mn.UP,
                                                       mn.UP)
            else:
                formula.move_to(panel_centre + (panel_h / 2 - 0.4) * mn.UP)
            self.play(mn.Create(axes), mn.FadeIn(x_name), mn.FadeIn(y_name), run_time=0.8)
            self.play(mn.Create(line), mn.Write(formula), run_time=1.2)

        # -------------------------------------------------------------- the points
        with self.beat("points"):
            dots = mn.VGroup(*[mn.Dot(axes.c2p(x, y), radius=0.07, color=self.colour("point"))
                               for x, y in points])
            labels = mn.VGroup()
            # Labels sit on the side of the line away from the triangles (which hang
            # below a rising line and above a falling one) unless that side is taken.
            side = mn.DL if direction is Direction.DOWN else mn.UL
            self.obstacles = [*dots, line, axes.x_axis, axes.y_axis]
            for dot, (x, y) in zip(dots, points, strict=True):
                label = self.text(self.words("point", x=self.g(x), y=self.g(y)), size=SMALL_SIZE,
                                  color=self.theme.point)
                self.place(label, dot, [side, -side, mn.UP, mn.DOWN, mn.LEFT, mn.RIGHT])
                labels.add(label)
                self.obstacles.append(label)
            self.play(mn.LaggedStart(*[mn.FadeIn(dot, scale=1.6) for dot in dots],
                                     lag_ratio=0.3), run_time=1.0)
            self.play(mn.LaggedStart(*[mn.FadeIn(label) for label in labels],
                                     lag_ratio=0.3), run_time=1.0)

        if n["slopes"] is PairSlopes.NO_RUN:
            # Every point shares one x: no run, no slope to show. Play the beats anyway.
            for beat in ("first-pair", "predict", "every-pair"):
                with self.beat(beat):
                    pass
            with self.beat("takeaway"):
                self.takeaway(self.words("takeaway"))
            return

        # -------------------------------------------------------------- first pair
        order: list[int] = n["tour"]
        run_leg = mn.Line(color=self.colour("text"), stroke_width=4)
        rise_leg = mn.Line(color=self.colour({Direction.UP: "rising", Direction.DOWN: "falling",
                                              Direction.FLAT: "flat"}[direction]),
                           stroke_width=4)
        first = pairs[order[0]]
        table_head, rows = self.table([pairs[k] for k in order], points, d,
                                      rise_leg.get_color().to_hex())
        with self.beat("first-pair"):
            self.place_triangle(axes, points, first, run_leg, rise_leg)
            leg_labels = self.leg_labels(first, run_leg, rise_leg)
            readout = self.readout(first, panel_w)
            readout.next_to(formula, mn.DOWN, buff=0.45).set_x(panel_centre[0])
            table = mn.VGroup(table_head, *rows)
            self.fit(table, width=panel_w,
                     height=formula.get_bottom()[1] - readout.height - 1.8
                     - (panel_centre[1] - panel_h / 2))
            table.next_to(readout, mn.DOWN, buff=0.45).set_x(panel_centre[0])
            self.play(mn.Create(run_leg), run_time=0.7)
            self.play(mn.Create(rise_leg), run_time=0.7)
            self.play(mn.FadeIn(leg_labels), run_time=0.5)
            self.play(mn.FadeIn(readout), run_time=0.9)
            self.play(mn.FadeIn(table_head), mn.FadeIn(rows[0], shift=0.1 * mn.LEFT),
                      run_time=0.6)

        # -------------------------------------------------------------- predict
        with self.beat("predict"):
            question = self.ask(self.words("question"), seconds=2.5)

        # -------------------------------------------------------------- every pair
        with self.beat("every-pair"):
            self.play(mn.FadeOut(question), run_time=0.4)
            for k, row in zip(order[1:], rows[1:], strict=True):
                pair = pairs[k]
                new_run, new_rise = run_leg.copy(), rise_leg.copy()
                self.place_triangle(axes, points, pair, new_run, new_rise)
                new_labels = self.leg_labels(pair, new_run, new_rise)
                new_readout = self.readout(pair, panel_w).move_to(readout)
                self.play(mn.Transform(run_leg, new_run), mn.Transform(rise_leg, new_rise),
                          mn.FadeOut(leg_labels), mn.FadeOut(readout), run_time=0.7)
                self.play(mn.FadeIn(new_labels), mn.FadeIn(new_readout),
                          mn.FadeIn(row, shift=0.1 * mn.LEFT), run_time=0.45)
                self.wait(0.25)
                leg_labels, readout = new_labels, new_readout
            verdict = self.text(self.words("verdict", slope=self.g(first["slope"])),
                                size=BODY_SIZE, color=self.theme.good)
            self.fit(verdict, width=panel_w)
            verdict.next_to(table, mn.DOWN, buff=0.3)
            box = mn.SurroundingRectangle(mn.VGroup(*[row[-1] for row in rows]), buff=0.08,
                                          color=self.colour("good"), stroke_width=2)
            self.play(mn.Create(box), mn.FadeIn(verdict, shift=0.2 * mn.UP), run_time=0.8)

        with self.beat("takeaway"):
            self.takeaway(self.words("takeaway"))

    # ------------------------------------------------------------------ pieces

    def table(self, pairs: list[dict[str, Any]], points: list[tuple[float, float]], d: int,
              rise_colour: str) -> tuple[mn.VGroup, list[mn.VGroup]]:
        """Heading and one row per visited pair: the x's, rise, run and slope."""
        size = SMALL_SIZE - 2
        head = [self.text(word, size=size, color=self.theme.muted)
                for word in self.words.items("table_head")]
        lines: list[list[mn.Text]] = [head]
        for pair in pairs:
            x1, x2 = points[pair["from"]][0], points[pair["to"]][0]
            lines.append([
                self.text(f"{self.fmt(x1, d)} → {self.fmt(x2, d)}", size=size),
                self.text(self.fmt(pair["rise"], d), size=size, color=rise_colour),
                self.text(self.fmt(pair["run"], d), size=size),
                self.text(self.fmt(pair["slope"], self.slope_decimals(pair["slope"], d)),
                          size=size, color=self.theme.derivative),
            ])
        widths = [max(line[c].width for line in lines) for c in range(4)]
        gap, step = 0.35, 0.46
        rows = []
        for i, line in enumerate(lines):
            x = 0.0
            for c, cell in enumerate(line):
                # Numbers are right-aligned under their heading; the first column reads left.
                if c == 0:
                    cell.move_to(np.array([x, -i * step, 0.0]), aligned_edge=mn.LEFT)
                else:
                    cell.move_to(np.array([x + widths[c], -i * step, 0.0]), aligned_edge=mn.RIGHT)
                x += widths[c] + gap
            rows.append(mn.VGroup(*line))
        rule = mn.Line(rows[0].get_corner(mn.DL) + 0.1 * mn.DOWN,
                       rows[0].get_corner(mn.DR) + 0.1 * mn.DOWN,
                       color=self.colour("muted"), stroke_width=1.5)
        return mn.VGroup(rows[0], rule), rows[1:]

    @staticmethod
    def slope_decimals(slope: float, d: int) -> int:
        return d if abs(slope - round(slope, d)) < 1e-9 else 2

    def clip_to_axes(self, line: mn.Line, axes: mn.Axes, m: float, b: float,
                     box: tuple[float, float, float, float]) -> None:
        """Shorten the line to the part of y = m·x + b inside the axes' box."""
        ends = clip.clip_line(0.0, b, m, box)
        if ends is not None:
            line.put_start_and_end_on(axes.c2p(*ends[0]), axes.c2p(*ends[1]))

    def place_triangle(self, axes: mn.Axes, points: list[tuple[float, float]],
                       pair: dict[str, Any], run_leg: mn.Line, rise_leg: mn.Line) -> None:
        """Run from the pair's first point across to the second's x, then rise to it."""
        (x1, y1), (x2, y2) = points[pair["from"]], points[pair["to"]]
        corner = axes.c2p(x2, y1)
        run_leg.put_start_and_end_on(axes.c2p(x1, y1), corner)
        # A flat line has no rise: keep a hair of length so the Line stays a Line.
        rise_leg.put_start_and_end_on(corner, axes.c2p(x2, y2) + (1e-3 if y2 == y1 else 0)
                                      * mn.UP)

    def leg_labels(self, pair: dict[str, Any], run_leg: mn.Line,
                   rise_leg: mn.Line) -> mn.VGroup:
        """'run 1' beside the run leg, 'rise 2' beside the rise leg, outside the triangle."""
        run_label = self.text(self.words("run_label", value=self.g(pair["run"])),
                              size=SMALL_SIZE)
        rise_label = self.text(self.words("rise_label", value=self.g(pair["rise"])),
                               size=SMALL_SIZE,
                               color=rise_leg.get_color().to_hex())
        group = mn.VGroup()
        run_side = mn.DOWN if pair["rise"] >= 0 else mn.UP
        if self.place(run_label, run_leg, [run_side, -run_side], fallback=False):
            group.add(run_label)
        rise_side = mn.RIGHT if pair["run"] > 0 else mn.LEFT
        if self.place(rise_label, rise_leg, [rise_side, -rise_side], fallback=False,
                      also=list(group)):
            group.add(rise_label)
        return group

    def readout(self, pair: dict[str, Any], width: float) -> mn.VGroup:
        """slope = rise / run = 2 / 1 = 2, typeset once for this pair (two lines if narrow)."""
        slope = pair["slope"]
        slope_word, rise_word, run_word = (self.words(k) for k in
                                           ("slope_word", "rise_word", "run_word"))
        definition = self.tex(rf"\text{{{slope_word}}} = \frac{{\text{{{rise_word}}}}}"
                              rf"{{\text{{{run_word}}}}}", scale=0.85)
        value = self.tex(
            rf"= \frac{{{self.num(pair['rise'])}}}{{{self.num(pair['run'])}}} =",
            self.num(slope), scale=0.85)
        value[1].set_color(self.colour("derivative"))
        group = mn.VGroup(definition, value).arrange(mn.RIGHT, buff=0.15)
        if group.width > width:
            group.arrange(mn.DOWN, buff=0.2)
        self.fit(group, width=width)
        return group

    def place(self, label: mn.Mobject, anchor: mn.Mobject, sides: list[np.ndarray],
              fallback: bool = True, also: list[mn.Mobject] | None = None) -> bool:
        """Put ``label`` beside ``anchor`` on the first side where it hits nothing.

        Returns whether a free side was found; without one the label goes on the first
        side when ``fallback`` is set.
        """
        obstacles = [*self.obstacles, *(also or [])]
        for side in sides:
            label.next_to(anchor, side, buff=0.1)
            if self.inside(label) and not any(self.hits(label, o) for o in obstacles):
                return True
        label.next_to(anchor, sides[0], buff=0.1)
        self.keep_in_frame(label)
        return fallback

    def inside(self, mobject: mn.Mobject, margin: float = 0.1) -> bool:
        half_w, half_h = self.frame_width / 2 - margin, self.frame_height / 2 - margin
        (left, bottom), (right, top) = mobject.get_corner(mn.DL)[:2], mobject.get_corner(mn.UR)[:2]
        return bool(left > -half_w and right < half_w and bottom > -half_h and top < half_h)

    @staticmethod
    def hits(label: mn.Mobject, other: mn.Mobject, pad: float = 0.04) -> bool:
        """Whether ``label``'s box meets ``other`` (a line is tested along its length)."""
        (l0, b0), (r0, t0) = label.get_corner(mn.DL)[:2], label.get_corner(mn.UR)[:2]
        l0, b0, r0, t0 = l0 - pad, b0 - pad, r0 + pad, t0 + pad
        if isinstance(other, mn.Line):
            start, end = other.get_start(), other.get_end()
            samples = [start + t * (end - start) for t in np.linspace(0, 1, 200)]
            return any(l0 <= x <= r0 and b0 <= y <= t0 for x, y, _ in samples)
        (l1, b1), (r1, t1) = other.get_corner(mn.DL)[:2], other.get_corner(mn.UR)[:2]
        return bool(l0 < r1 and l1 < r0 and b0 < t1 and b1 < t0)

