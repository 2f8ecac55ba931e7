"""f and f′ together: the height of f′ is the slope of f's tangent, its sign is f's direction.

Both curves are built once from the core's samples (the zeros of f′ are among them).
One tangent Line, one bar on f′ and one guide are moved by updaters that index the
samples with a single ValueTracker; the readouts are DecimalNumbers set in place.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import manim as mn
import numpy as np

from scenes.core import clip
from scenes.core import numerics as nx
from scenes.draw.base import SMALL_SIZE, LessonScene
from scenes.words import speech as spoken

Box = tuple[float, float, float, float]  # x_lo, x_hi, y_lo, y_hi in scene units
MAX_LABELLED_ZEROS = 3
# MathTex digits look smaller than Text at the same font size; this matches them.
NUMBER_SIZE = 36


def spoken_decimals(value: float) -> int:
    """0 decimals for whole numbers, else 2."""
    return 0 if abs(value - round(value)) < 1e-9 else 2


class DerivativeFunction(LessonScene):
    taken: list[np.ndarray]
    taken_boxes: list[mn.Mobject]
    @classmethod
    def spoken_values(cls, numbers: Mapping[str, Any],
                      params: Mapping[str, Any]) -> dict[str, str]:
        n = numbers
        say = spoken.num
        fs = np.asarray(n["samples"]["f"], dtype=np.float64)
        xs = np.asarray(n["samples"]["x"], dtype=np.float64)
        signs: list[str] = []
        for region in n["regions"]:  # a flat point between two rises is one long rise
            if region["sign"] != "flat" and (not signs or signs[-1] != region["sign"]):
                signs.append(region["sign"])
        if signs == ["falling", "rising"]:
            shape = ", a bowl that dips and comes back up"
        elif signs == ["rising", "falling"]:
            shape = ", a hill that climbs and comes back down"
        elif signs == ["rising"]:
            shape = ", which climbs all the way across"
        elif signs == ["falling"]:
            shape = ", which falls all the way across"
        else:
            shape = ", which rises and falls in turn"
        zeros, values = list(n["zeros"]), list(n["values_at_zeros"])
        low, high = float(np.nanmin(fs)), float(np.nanmax(fs))

        def kind(zero: float) -> str:
            what = cls.kind(fs, int(np.argmin(np.abs(xs - zero))))
            name = {"lowest": "a low point", "highest": "a high point"}.get(what, "a level spot")
            return f"{name} at x equals {say(zero, 2)}"

        if not zeros:
            way = "rises" if signs == ["rising"] else "falls" if signs == ["falling"] else "moves"
            zero = (f"Here f prime never reaches zero, so the tangent never lies flat, and f "
                    f"{way} all the way without levelling off.")
        elif len(zeros) == 1:
            z, v = zeros[0], values[0]
            what = cls.kind(fs, int(np.argmin(np.abs(xs - z))))
            zero = (f"The derivative is zero at x equals {say(z, 2)}, and there the tangent "
                    "lies flat.")
            if what == "lowest":
                best = ("its lowest value" if abs(v - low) <= 1e-9 * max(1.0, abs(low))
                        else "a low point")
                zero += (f" f has stopped falling and not yet started rising: {best}, f of "
                         f"{say(z, 2)}, is {say(v, 2)}.")
            elif what == "highest":
                best = ("its highest value" if abs(v - high) <= 1e-9 * max(1.0, abs(high))
                        else "a high point")
                zero += (f" f has stopped rising and not yet started falling: {best}, f of "
                         f"{say(z, 2)}, is {say(v, 2)}.")
            else:
                zero += (f" f levels off for a moment, at f of {say(z, 2)} equals "
                         f"{say(v, 2)}, then carries on the same way.")
        else:
            shown = zeros[:MAX_LABELLED_ZEROS]
            more = len(zeros) - len(shown)
            zero = (f"The derivative is zero in {spoken.count(len(zeros))} places, and at each "
                    f"the tangent lies flat. f has "
                    + spoken.listing([kind(z) for z in shown])
                    + (f", and levels off {spoken.count(more)} more times." if more else "."))
        return {
            "function": spoken.formula(params["function"]),
            "function_shape": shape,
            "derivative": spoken.formula(n["derivative_formula"]),
            "derivative_shape": ", a straight line" if n["derivative_is_straight"] else "",
            "zero": zero,
        }

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
            legend = self.legend(n["regions"], panel_w)
            if self.layout.portrait:
                # The panel is wide and short here: legend beside the readout.
                legend.next_to(readout, mn.RIGHT, buff=0.7).align_to(readout, mn.UP)
            else:
                legend.next_to(readout, mn.DOWN, buff=0.45).align_to(f_formula, mn.LEFT)
            self.play(*[band.animate.set_fill(opacity=0.16) for band in bands],
                      mn.FadeIn(legend), run_time=1.2)
            # Sweep back so the viewer sees the bar flip sign as the band changes.
            self.play(index.animate.set_value(0), run_time=4.0, rate_func=mn.smooth)

        # -------------------------------------------------------------- predict
        with self.beat("predict"):
            question = self.ask("Where f′ = 0, what does f do?", seconds=2.5)

        # -------------------------------------------------------------- zero
        with self.beat("zero"):
            self.play(mn.FadeOut(question), run_time=0.4)
            above = min(legend.get_bottom()[1], readout.get_bottom()[1]) - 0.4
            room = above - (panel_centre[1] - panel_h / 2)
            lines = [self.finding(zero, value, self.kind(fs, int(np.argmin(np.abs(xs - zero)))),
                                  panel_w)
                     for zero, value in list(zip(zeros, n["values_at_zeros"],
                                                 strict=True))[:MAX_LABELLED_ZEROS]]
            if zeros:
                heading = self.text("f′ = 0, tangent flat:", size=SMALL_SIZE,
                                    color=self.theme.flat)
                heights = np.cumsum([heading.height] + [line.height + 0.18 for line in lines])
                listed = max(1, int(np.sum(heights[1:] <= room)))
            else:
                heading = self.text("f′ is never 0 here:\nf never levels off",
                                    size=SMALL_SIZE, color=self.theme.flat, line_spacing=0.8)
                listed = 0
            findings = mn.VGroup(heading)
            # Labels must not land on the curves, the axes or each other.
            self.taken = [self.points(f_axes, xs, fs, (f_lo, f_hi)),
                          self.points(d_axes, xs, ds, (d_lo, d_hi))]
            self.taken_boxes = [f_axes.x_axis, f_axes.y_axis, d_axes.x_axis, d_axes.y_axis,
                                f_name, d_name]
            for zero, value in list(zip(zeros, n["values_at_zeros"], strict=True))[:listed]:
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
            self.takeaway("f′ > 0: f rises.  f′ < 0: f falls.  f′ = 0: f is flat.")

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
        x_label = self.text("x =", size=SMALL_SIZE + 4, color=self.theme.point)
        slope_label = self.text("slope = f′(x) =", size=SMALL_SIZE + 4,
                                color=self.theme.tangent)
        if slope_label.width + slope_value.width + 0.45 > width:
            slope_label = self.text("slope =", size=SMALL_SIZE + 4, color=self.theme.tangent)
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
        colours = {"rising": "rising", "falling": "falling", "flat": "flat"}
        group = mn.VGroup()
        for region in regions:
            left = f_axes.c2p(region["from"], 0)[0]
            right = f_axes.c2p(region["to"], 0)[0]
            band = mn.Rectangle(width=max(right - left, 1e-3), height=top - bottom,
                                stroke_width=0, fill_opacity=0.0,
                                fill_color=self.colour(colours[region["sign"]]))
            band.move_to(np.array([(left + right) / 2, (top + bottom) / 2, 0.0]))
            group.add(band)
        return group

    def legend(self, regions: list[dict[str, Any]], width: float) -> mn.VGroup:
        words = {"rising": ("f′ > 0: f rises", "rising"),
                 "falling": ("f′ < 0: f falls", "falling"),
                 "flat": ("f′ = 0: f is flat", "flat")}
        present = [s for s in ("rising", "falling", "flat")
                   if any(r["sign"] == s for r in regions)]
        rows = mn.VGroup()
        for sign in present:
            text, colour = words[sign]
            swatch = mn.Square(0.28, stroke_width=0, fill_color=self.colour(colour),
                               fill_opacity=0.6)
            rows.add(mn.VGroup(swatch, self.text(text, size=SMALL_SIZE + 2,
                                                 color=getattr(self.theme, colour)))
                     .arrange(mn.RIGHT, buff=0.2))
        rows.arrange(mn.DOWN, aligned_edge=mn.LEFT, buff=0.15)
        self.fit(rows, width=width)
        return rows

    def finding(self, zero: float, value: float, kind: str, width: float) -> mn.Text:
        """'x = 2: f = 1, lowest' on one line, or two when the panel is narrow."""
        where = f"x = {self.fmt(zero, spoken_decimals(zero))}"
        what = f"f = {self.fmt(value, spoken_decimals(value))}, {kind}"
        line = self.text(f"{where}: {what}", size=SMALL_SIZE, color=self.theme.flat)
        if line.width > width:
            line = self.text(f"{where}:\n   {what}", size=SMALL_SIZE, color=self.theme.flat,
                             line_spacing=0.8)
        return line

    @staticmethod
    def kind(fs: np.ndarray, i: int) -> str:
        """What the samples either side say about a zero of f′."""
        left = fs[max(i - 1, 0)] - fs[i]
        right = fs[min(i + 1, len(fs) - 1)] - fs[i]
        if left > 0 and right > 0:
            return "lowest"
        if left < 0 and right < 0:
            return "highest"
        return "level, then on"

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
        f_label = self.text(f"f = {self.fmt(value, spoken_decimals(value))}", size=SMALL_SIZE,
                            color=self.theme.flat)
        sides = [mn.DOWN, mn.UP, mn.DR, mn.UR, mn.DL, mn.UL]
        if self.free_side(f_label, on_f, sides, self.box(f_axes)):
            group.add(f_label)
        d_label = self.text(f"x = {self.fmt(zero, spoken_decimals(zero))}", size=SMALL_SIZE,
                            color=self.theme.flat)
        if self.free_side(d_label, on_d, [mn.UL, mn.UR, mn.DL, mn.DR, mn.UP, mn.DOWN],
                          self.box(d_axes)):
            group.add(d_label)
        return group

