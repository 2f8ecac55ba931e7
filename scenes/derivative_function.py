"""f and f′ together: the height of f′ is the slope of f's tangent, its sign is f's direction.

Both curves are built once from the core's samples (the zeros of f′ are among them).
One tangent Line, one bar on f′ and one guide are moved by updaters that index the
samples with a single ValueTracker; the readouts are DecimalNumbers set in place.
"""

from __future__ import annotations

from typing import Any

import manim as mn
import numpy as np

from scenes.core import clip
from scenes.core import numerics as nx
from scenes.core.series import Stationary, Trend
from scenes.draw.base import SMALL_SIZE, LessonScene

Box = tuple[float, float, float, float]  # x_lo, x_hi, y_lo, y_hi in scene units
# MathTex digits look smaller than Text at the same font size; this matches them.
NUMBER_SIZE = 36


def spoken_decimals(value: float) -> int:
    """0 decimals for whole numbers, else 2."""
    return 0 if abs(value - round(value)) < 1e-9 else 2


class DerivativeFunction(LessonScene):
    taken: list[np.ndarray]
    taken_boxes: list[mn.Mobject]

    BEATS = ("title", "function", "derivative", "glide", "signs", "predict", "zero",
             "takeaway")

    # ------------------------------------------------------------------ layout

    def regions(self) -> tuple[tuple[float, float, np.ndarray, np.ndarray],
                               tuple[float, float, np.ndarray]]:
        """The two plots (width, height, centre of f, centre of f′) and the panel.

        f sits above f′ with the same width and left edge, so x lines up. The panel is
        beside them in landscape and square frames, below them in portrait. The bottom
        1.4 units stay free for the question and the takeaway.
        """
        w, h = self.frame_width, self.frame_height
        top, bottom = h / 2 - 0.75, -h / 2 + 1.4
        gap = 0.45
        if self.layout.portrait:
            plots_h = 0.62 * (top - bottom)
            plot_w = w - 1.3
            x = 0.2
            panel_h = top - bottom - plots_h - 0.4
            panel = (w - 0.8, panel_h, np.array([0.0, bottom + panel_h / 2, 0.0]))
        else:
            plots_h = top - bottom
            plot_w = w * (0.52 if self.layout.square else 0.58)
            x = -w / 2 + 0.7 + plot_w / 2
            panel_w = w - plot_w - (1.2 if self.layout.square else 1.6)
            panel = (panel_w, plots_h, np.array([w / 2 - 0.3 - panel_w / 2,
                                                 top - plots_h / 2, 0.0]))
        plot_h = (plots_h - gap) / 2
        f_centre = np.array([x, top - plot_h / 2, 0.0])
        d_centre = f_centre + (plot_h + gap) * mn.DOWN
        return (plot_w, plot_h, f_centre, d_centre), panel

    # ------------------------------------------------------------------ story

    def construct(self) -> None:
        n = self.numbers
        xs = np.asarray(n["samples"]["x"], dtype=np.float64)
        fs = np.asarray(n["samples"]["f"], dtype=np.float64)
        ds = np.asarray(n["samples"]["fprime"], dtype=np.float64)
        x_lo, x_hi = n["window"]["x"]
        f_lo, f_hi = n["window"]["f"]
        d_lo, d_hi = n["window"]["fprime"]
        zeros: list[float] = n["zeros"]
        (plot_w, plot_h, f_centre, d_centre), (panel_w, panel_h, panel_centre) = self.regions()
        panel_top = panel_centre + panel_h / 2 * mn.UP + panel_w / 2 * mn.LEFT

        with self.beat("title"):
            self.title_card()

        # -------------------------------------------------------------- f
        with self.beat("function"):
            self.header()
            f_axes = self.axes((x_lo, x_hi), (f_lo, f_hi), plot_w, plot_h, f_centre)
            d_axes = self.axes((x_lo, x_hi), (d_lo, d_hi), plot_w, plot_h, d_centre)
            f_name = self.tex("f", color=self.theme.function, scale=0.8)
            f_name.next_to(f_axes.y_axis.get_top(), mn.LEFT, buff=0.12)
            f_curve = self.curve(f_axes, xs, fs, (f_lo, f_hi), self.theme.function)
            f_formula = self.tex(f"f(x) = {n['function_latex']}", color=self.theme.function)
            self.fit(f_formula, width=panel_w)
            f_formula.move_to(panel_top + 0.1 * mn.DOWN, aligned_edge=mn.UL)
            self.play(mn.Create(f_axes), mn.FadeIn(f_name), run_time=0.8)
            self.play(mn.Create(f_curve), mn.Write(f_formula), run_time=1.5)

        # -------------------------------------------------------------- f′
        with self.beat("derivative"):
            d_name = self.tex("f'", color=self.theme.derivative, scale=0.8)
            d_name.next_to(d_axes.y_axis.get_top(), mn.LEFT, buff=0.12)
            d_curve = self.curve(d_axes, xs, ds, (d_lo, d_hi), self.theme.derivative)
            d_formula = self.tex(f"f'(x) = {n['derivative_latex']}",
                                 color=self.theme.derivative)
            self.fit(d_formula, width=panel_w)
            d_formula.next_to(f_formula, mn.DOWN, buff=0.3).align_to(f_formula, mn.LEFT)
            self.play(mn.Create(d_axes), mn.FadeIn(d_name), run_time=0.8)
            self.play(mn.Create(d_curve), mn.Write(d_formula), run_time=1.5)

        # -------------------------------------------------------------- glide
        index = mn.ValueTracker(0.0)
        f_box = self.box(f_axes)

        def at() -> int:
            return int(np.clip(round(index.get_value()), 0, len(xs) - 1))

        tangent = mn.Line(mn.LEFT, mn.RIGHT, color=self.colour("tangent"), stroke_width=5)
        touch = mn.Dot(radius=0.07, color=self.colour("point"))
        bar = mn.Line(mn.ORIGIN, mn.UP, color=self.colour("tangent"), stroke_width=6)
        tip = mn.Dot(radius=0.06, color=self.colour("tangent"))
        guide = mn.Line(mn.ORIGIN, mn.UP, color=self.colour("muted"), stroke_width=1.5)
        # The tangent's direction on screen: one unit of x, f′ units of y, in each
        # axis's own scale, so its drawn slope is the true one.
        x_unit = f_axes.x_axis.get_unit_size()
        y_unit = f_axes.y_axis.get_unit_size()
        half = min(1.1, plot_w / 5)

        def place_tangent(line: mn.Mobject) -> None:
            i = at()
            centre = f_axes.c2p(xs[i], fs[i])
            direction = np.array([x_unit, ds[i] * y_unit, 0.0])
            direction /= np.linalg.norm(direction)
            ends = clip.clip_segment(centre - half * direction, centre + half * direction, f_box)
            if ends is not None and np.linalg.norm(ends[1] - ends[0]) > 1e-3:
                line.put_start_and_end_on(ends[0], ends[1])

        def place_marks(_: mn.Mobject) -> None:
            i = at()
            touch.move_to(f_axes.c2p(xs[i], fs[i]))
            foot = d_axes.c2p(xs[i], 0.0)
            height = d_axes.c2p(xs[i], float(np.clip(ds[i], d_lo, d_hi)))
            bar.put_start_and_end_on(foot, height + 1e-4 * mn.UP)
            tip.move_to(height)
            guide.put_start_and_end_on(touch.get_center(), foot + 1e-4 * mn.DOWN)

        x_value = self.number(xs[0], 2, size=NUMBER_SIZE)
        slope_value = self.number(ds[0], 2, size=NUMBER_SIZE, color=self.theme.tangent)
        readout = self.readout(x_value, slope_value, panel_w)
        readout.next_to(d_formula, mn.DOWN, buff=0.45).align_to(f_formula, mn.LEFT)

        # Resetting a DecimalNumber is the costliest thing per frame here, so the readout
        # changes every few samples (still several times a second) and always lands
        # exactly on the ends and on the zeros of f′.
        stride = max(1, len(xs) // 60)
        exact = {0, len(xs) - 1, *(int(np.argmin(np.abs(xs - z))) for z in zeros)}
        shown_at = [0]

        def refresh(_: mn.Mobject) -> None:
            i = at()
            if i != shown_at[0] and (abs(i - shown_at[0]) >= stride or i in exact):
                x_value.set_value(xs[i])
                slope_value.set_value(ds[i])
                shown_at[0] = i

        with self.beat("glide"):
            place_tangent(tangent)
            place_marks(touch)
            self.play(mn.Create(guide), mn.FadeIn(touch), mn.Create(tangent), mn.Create(bar),
                      mn.FadeIn(tip), mn.FadeIn(readout), run_time=1.0)
            tangent.add_updater(place_tangent)
            touch.add_updater(place_marks)
            x_value.add_updater(refresh)
            self.play(index.animate.set_value(len(xs) - 1), run_time=6.0, rate_func=mn.linear)

        # -------------------------------------------------------------- signs
        with self.beat("signs"):
            bands = self.bands(f_axes, d_axes, n["regions"])
            self.add(bands)
            self.bring_to_back(bands)
            legend = self.legend(n["directions"], panel_w)
            if self.layout.portrait:
                # The panel is wide and short here: the legend goes at its right edge,
                # beside the formulas when they leave room, else beside the readout.
                right_edge = panel_top[0] + panel_w
                formulas = max(f_formula.get_right()[0], d_formula.get_right()[0])
                if right_edge - formulas - 0.5 >= legend.width:
                    legend.move_to(np.array([right_edge, f_formula.get_top()[1], 0.0]),
                                   aligned_edge=mn.UR)
                else:
                    self.fit(legend, width=right_edge - readout.get_right()[0] - 0.7)
                    legend.move_to(np.array([right_edge, readout.get_top()[1], 0.0]),
                                   aligned_edge=mn.UR)
            else:
                legend.next_to(readout, mn.DOWN, buff=0.45).align_to(f_formula, mn.LEFT)
            self.play(*[band.animate.set_fill(opacity=0.16) for band in bands],
                      mn.FadeIn(legend), run_time=1.2)
            # Sweep back so the viewer sees the bar flip sign as the band changes.
            self.play(index.animate.set_value(0), run_time=4.0, rate_func=mn.smooth)

        # -------------------------------------------------------------- predict
        with self.beat("predict"):
            question = self.ask(self.words("question"), seconds=2.5)

        # -------------------------------------------------------------- zero
        with self.beat("zero"):
            self.play(mn.FadeOut(question), run_time=0.4)
            above = min(legend.get_bottom()[1], readout.get_bottom()[1]) - 0.4
            room = above - (panel_centre[1] - panel_h / 2)
            points: list[dict[str, Any]] = n["points"]
            lines = [self.finding(p["x"], p["value"], p["kind"], panel_w)
                     for p in points[:n["listed"]]]
            if points:
                heading = self.text(self.words("zeros_heading"), size=SMALL_SIZE,
                                    color=self.theme.flat)
                heights = np.cumsum([heading.height] + [line.height + 0.18 for line in lines])
                listed = max(1, int(np.sum(heights[1:] <= room)))
            else:
                heading = self.text(self.words("no_zeros"), size=SMALL_SIZE,
                                    color=self.theme.flat, line_spacing=0.8)
                listed = 0
            findings = mn.VGroup(heading)
            # Labels must not land on the curves, the axes or each other.
            self.taken = [self.points(f_axes, xs, fs, (f_lo, f_hi)),
                          self.points(d_axes, xs, ds, (d_lo, d_hi))]
            self.taken_boxes = [f_axes.x_axis, f_axes.y_axis, d_axes.x_axis, d_axes.y_axis,
                                f_name, d_name]
            for point in points[:listed]:
                zero, value = point["x"], point["value"]
                target = int(np.argmin(np.abs(xs - zero)))
                self.play(index.animate.set_value(target), run_time=1.6, rate_func=mn.smooth)
                self.taken_boxes.append(tangent.copy())
                marks = self.zero_marks(f_axes, d_axes, target, zero, value)
                self.play(mn.FadeIn(marks), run_time=0.6)
                findings.add(lines.pop(0))
            rest = mn.VGroup(*[mn.Dot(d_axes.c2p(z, 0), radius=0.07, color=self.colour("flat"))
                               for z in zeros[listed:]])
            findings.arrange(mn.DOWN, aligned_edge=mn.LEFT, buff=0.18)
            self.fit(findings, width=panel_w, height=room)
            findings.move_to(np.array([panel_top[0], above, 0.0]), aligned_edge=mn.UL)
            self.play(mn.FadeIn(findings), mn.FadeIn(rest), run_time=0.8)
            for m in (tangent, touch, x_value):
                m.clear_updaters()

        with self.beat("takeaway"):
            self.takeaway(self.words("takeaway"))

    # ------------------------------------------------------------------ pieces

    def axes(self, x_range: tuple[float, float], y_range: tuple[float, float], width: float,
             height: float, centre: np.ndarray) -> mn.Axes:
        (x_lo, x_hi), (y_lo, y_hi) = x_range, y_range
        return mn.Axes(
            x_range=[x_lo, x_hi, nx.nice_step(x_hi - x_lo)],
            y_range=[y_lo, y_hi, nx.nice_step(y_hi - y_lo)],
            x_length=width, y_length=height, tips=False,
            axis_config={"color": self.colour("muted"), "stroke_width": 2},
        ).move_to(centre)

    @staticmethod
    def box(axes: mn.Axes) -> Box:
        (left, bottom), (right, top) = axes.c2p(axes.x_range[0], axes.y_range[0])[:2], \
            axes.c2p(axes.x_range[1], axes.y_range[1])[:2]
        return float(left), float(right), float(bottom), float(top)

    def curve(self, axes: mn.Axes, xs: np.ndarray, ys: np.ndarray,
              window: tuple[float, float], colour: str) -> mn.VGroup:
        """The sampled curve, split where it leaves the window or skips undefined x."""
        step = (xs[-1] - xs[0]) / max(len(xs) - 1, 1)
        inside = (ys >= window[0]) & (ys <= window[1])
        pieces = mn.VGroup()
        start = 0
        for i in range(1, len(xs) + 1):
            broken = i == len(xs) or not (inside[i] and inside[i - 1]) \
                or xs[i] - xs[i - 1] > 1.5 * step
            if broken:
                if i - start >= 2 and inside[start:i].all():
                    piece = mn.VMobject(color=mn.ManimColor(colour), stroke_width=4)
                    piece.set_points_as_corners([axes.c2p(x, y) for x, y in
                                                 zip(xs[start:i], ys[start:i], strict=True)])
                    pieces.add(piece)
                start = i
        return pieces

    def readout(self, x_value: mn.DecimalNumber, slope_value: mn.DecimalNumber,
                width: float) -> mn.VGroup:
        x_label = self.text(self.words("readout_x"), size=SMALL_SIZE + 4,
                            color=self.theme.point)
        slope_label = self.text(self.words("readout_slope"), size=SMALL_SIZE + 4,
                                color=self.theme.tangent)
        if slope_label.width + slope_value.width + 0.45 > width:
            slope_label = self.text(self.words("readout_slope_short"), size=SMALL_SIZE + 4,
                                    color=self.theme.tangent)
        x_row = mn.VGroup(x_label, x_value).arrange(mn.RIGHT, buff=0.15)
        slope_row = mn.VGroup(slope_label, slope_value).arrange(mn.RIGHT, buff=0.15)
        group = mn.VGroup(x_row, slope_row).arrange(mn.DOWN, aligned_edge=mn.LEFT, buff=0.2)
        # Leave room for the number to grow a sign and a digit as it changes.
        self.fit(group, width=width - 0.5)
        return group

    def bands(self, f_axes: mn.Axes, d_axes: mn.Axes,
              regions: list[dict[str, Any]]) -> mn.VGroup:
        """One translucent band per sign region, across both plots."""
        top = f_axes.c2p(f_axes.x_range[0], f_axes.y_range[1])[1]
        bottom = d_axes.c2p(d_axes.x_range[0], d_axes.y_range[0])[1]
        group = mn.VGroup()
        for region in regions:
            left = f_axes.c2p(region["from"], 0)[0]
            right = f_axes.c2p(region["to"], 0)[0]
            band = mn.Rectangle(width=max(right - left, 1e-3), height=top - bottom,
                                stroke_width=0, fill_opacity=0.0,
                                fill_color=self.colour(Trend(region["sign"]).value))
            band.move_to(np.array([(left + right) / 2, (top + bottom) / 2, 0.0]))
            group.add(band)
        return group

    def legend(self, directions: list[Trend], width: float) -> mn.VGroup:
        """One row per direction present: a swatch of its band's colour and its words."""
        rows = mn.VGroup()
        for direction in directions:
            swatch = mn.Square(0.28, stroke_width=0, fill_color=self.colour(direction.value),
                               fill_opacity=0.6)
            words = self.text(self.words(f"legend_{direction.value}"), size=SMALL_SIZE + 2,
                              color=getattr(self.theme, direction.value))
            rows.add(mn.VGroup(swatch, words).arrange(mn.RIGHT, buff=0.2))
        rows.arrange(mn.DOWN, aligned_edge=mn.LEFT, buff=0.15)
        self.fit(rows, width=width)
        return rows

    def finding(self, zero: float, value: float, kind: Stationary, width: float) -> mn.Text:
        """'x = 2: f = 1, lowest' on one line, or two when the panel is narrow."""
        values = {"x": zero, "value": value, "kind": kind,
                  "x_decimals": spoken_decimals(zero), "value_decimals": spoken_decimals(value)}
        line = self.text(self.words("finding", **values), size=SMALL_SIZE, color=self.theme.flat)
        if line.width > width:
            line = self.text(self.words("finding_split", **values), size=SMALL_SIZE,
                             color=self.theme.flat, line_spacing=0.8)
        return line

    @staticmethod
    def points(axes: mn.Axes, xs: np.ndarray, ys: np.ndarray,
               window: tuple[float, float]) -> np.ndarray:
        """The curve's samples on screen (inside its window), to keep labels off it."""
        inside = (ys >= window[0]) & (ys <= window[1])
        return np.array([axes.c2p(x, y) for x, y in zip(xs[inside], ys[inside], strict=True)])

    def free_side(self, label: mn.Mobject, anchor: mn.Mobject, sides: list[np.ndarray],
                  box: Box) -> bool:
        """Put ``label`` beside ``anchor`` on the first side that is clear; False if none."""
        for side in sides:
            label.next_to(anchor, side, buff=0.12)
            (l0, b0), (r0, t0) = label.get_corner(mn.DL)[:2], label.get_corner(mn.UR)[:2]
            if l0 < box[0] or r0 > box[1] or b0 < box[2] or t0 > box[3]:
                continue
            pad = 0.05
            hit = any(((cloud[:, 0] > l0 - pad) & (cloud[:, 0] < r0 + pad)
                       & (cloud[:, 1] > b0 - pad) & (cloud[:, 1] < t0 + pad)).any()
                      for cloud in self.taken if len(cloud))
            for other in self.taken_boxes:
                (l1, b1), (r1, t1) = other.get_corner(mn.DL)[:2], other.get_corner(mn.UR)[:2]
                hit = hit or bool(l0 < r1 and l1 < r0 and b0 < t1 and b1 < t0)
            if not hit:
                self.taken_boxes.append(label)
                return True
        return False

    def zero_marks(self, f_axes: mn.Axes, d_axes: mn.Axes, i: int, zero: float,
                   value: float) -> mn.VGroup:
        """Dots at (x, f(x)) and at (x, 0) on f′, with labels where there is room."""
        flat = self.colour("flat")
        on_f = mn.Dot(f_axes.c2p(zero, value), radius=0.08, color=flat)
        on_d = mn.Dot(d_axes.c2p(zero, 0), radius=0.08, color=flat)
        group = mn.VGroup(on_f, on_d)
        f_label = self.text(self.words("label_f", value=value, decimals=spoken_decimals(value)),
                            size=SMALL_SIZE, color=self.theme.flat)
        sides = [mn.DOWN, mn.UP, mn.DR, mn.UR, mn.DL, mn.UL]
        if self.free_side(f_label, on_f, sides, self.box(f_axes)):
            group.add(f_label)
        d_label = self.text(self.words("label_x", x=zero, decimals=spoken_decimals(zero)),
                            size=SMALL_SIZE, color=self.theme.flat)
        if self.free_side(d_label, on_d, [mn.UL, mn.UR, mn.DL, mn.DR, mn.UP, mn.DOWN],
                          self.box(d_axes)):
            group.add(d_label)
        return group

