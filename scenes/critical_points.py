"""Flat is not always a minimum: f′ = 0, the second-derivative test, and where it stops.

One panel per function (x², −x², x³ by default). Each critical point the core found
on its search interval gets a horizontal tangent and f′ = 0; then f″ there and the
test's verdict; where the test is silent (f″ = 0) the values on both sides decide,
and for x³ they show the curve still rising: a stationary inflection point, not an
extremum. Every panel, line and label is built once, before the first beat.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import manim as mn
import numpy as np

from scenes.core import decimals as dec
from scenes.core import numerics as nx
from scenes.core.formula import parse
from scenes.core.series import CRITICAL_DETAILED as DETAILED
from scenes.core.series import Neighbour
from scenes.core.series import SecondDerivativeTest as Test
from scenes.draw import curve_tools as ct
from scenes.draw.base import SMALL_SIZE, LessonScene

MATH = 0.7
LINE_GAP = 0.16
SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def plain(formula: str, mark: str = ".") -> str:
    """A formula as a learner reads it on screen: x**3 → x³, * → ·, - → −, 1.5 → 1,5."""
    text = re.sub(r"\*\*(\d+)", lambda m: m.group(1).translate(SUPERSCRIPTS), formula)
    text = re.sub(r"(?<=\d)\.(?=\d)", mark, text)
    return text.replace("*", "·").replace("-", "−").replace(" ", "")


@dataclass
class Panel:
    """Everything drawn for one function, built once."""

    label: mn.VMobject
    axes: mn.Axes
    curve: mn.VGroup
    xs: ct.FloatArray
    ys: ct.FloatArray
    y_window: tuple[float, float]
    points: list[dict[str, Any]]
    dots: list[mn.Dot] = field(default_factory=list)
    tangents: list[mn.Line] = field(default_factory=list)
    flat_lines: list[mn.VMobject] = field(default_factory=list)
    test_lines: list[mn.VMobject] = field(default_factory=list)
    verdicts: list[mn.VMobject] = field(default_factory=list)  # one per detailed point
    finals: list[mn.VMobject | None] = field(default_factory=list)  # the neighbours' verdict
    sides: list[mn.VGroup | None] = field(default_factory=list)  # curve either side, coloured
    general: list[mn.VMobject] = field(default_factory=list)  # f′(x) = …, f″(x) = …
    full: list[mn.VMobject] = field(default_factory=list)  # the column with the formulas
    compact: list[mn.VMobject] = field(default_factory=list)  # without them, for tight frames
    column: mn.VGroup = field(default_factory=mn.VGroup)


class CriticalPoints(LessonScene):
    BEATS = ("title", "curves", "flat", "predict", "test", "neighbours", "takeaway")

    # ------------------------------------------------------------------ layout

    def cells(self, count: int, text_w: float, text_h: float
              ) -> tuple[float, list[np.ndarray], float, float, bool, float]:
        """Score, centres and size of the panels' cells, text beside the axes?, text scale.

        Every arrangement of rows and columns is tried, with the working under or
        beside the axes; the one that leaves the largest axes wins, as long as the
        text keeps at least 85 % of its size (so it stays legible at 480p).
        """
        w, h = self.frame_width, self.frame_height
        top, bottom = h / 2 - 0.7, -h / 2 + self.band()
        best: tuple[float, int, bool, float] = (-1e9, 1, False, 1.0)
        for cols in range(1, count + 1):
            rows = -(-count // cols)
            cw, ch = (w - 0.4) / cols, (top - bottom) / rows
            for beside in (False, True):
                if beside:
                    scale = min(1.0, 0.55 * (cw - 0.5) / text_w, (ch - 0.6) / text_h)
                    axes_w, axes_h = cw - 0.5 - scale * text_w - 0.3, ch - 0.8
                else:
                    scale = min(1.0, (cw - 0.5) / text_w, 0.5 * (ch - 0.8) / text_h)
                    axes_w, axes_h = cw - 0.5, ch - 0.8 - scale * text_h - 0.2
                score = min(axes_w, 1.5 * axes_h) - (100.0 if scale < 0.85 else 0.0)
                if score > best[0]:
                    best = (score, cols, beside, scale)
        score, cols, beside, scale = best
        rows = -(-count // cols)
        cw, ch = (w - 0.4) / cols, (top - bottom) / rows
        centres = []
        for i in range(count):
            r, c = divmod(i, cols)
            in_row = min(cols, count - r * cols)  # centre a short last row
            x = -(in_row - 1) * cw / 2 + c * cw
            centres.append(np.array([x, top - ch / 2 - r * ch, 0.0]))
        return score, centres, cw, ch, beside, scale

    def band(self) -> float:
        """Height kept free at the bottom for the question, the evidence and the takeaway."""
        return 2.3 if self.layout.portrait else 1.6

    # ------------------------------------------------------------------ story

    def construct(self) -> None:
        functions: list[dict[str, Any]] = self.numbers["functions"]
        texts: list[str] = self.params["functions"]
        lo, hi = self.numbers["search_interval"]
        panels = [self.build_panel(f, text, lo, hi) for f, text in zip(functions, texts,
                                                                         strict=True)]
        self.place(panels)
        target = self.target()

        with self.beat("title"):
            self.title_card()

        with self.beat("curves"):
            self.header()
            self.play(*[mn.Create(p.axes) for p in panels], run_time=0.8)
            self.play(*[mn.Create(p.curve) for p in panels],
                      *[mn.FadeIn(p.label) for p in panels], run_time=1.4)

        with self.beat("flat"):
            self.play_all(*[mn.FadeIn(d, scale=1.6) for p in panels for d in p.dots],
                      *[mn.Create(t) for p in panels for t in p.tangents], run_time=1.2)
            self.play_all(*[mn.FadeIn(line) for p in panels for line in p.flat_lines],
                      run_time=1.0)

        with self.beat("predict"):
            question = self.ask(self.question(functions, texts, target), seconds=3.0)

        with self.beat("test"):
            self.play(mn.FadeOut(question), run_time=0.4)
            self.play_all(*[mn.FadeIn(line) for p in panels for line in p.test_lines],
                      run_time=1.2)
            self.play_all(*[mn.FadeIn(v, shift=0.1 * mn.UP) for p in panels for v in p.verdicts],
                      run_time=0.8)

        with self.beat("neighbours"):
            caption = self.caption(functions, target)
            # The test settled the others; where it was silent the neighbours decide.
            silent = [(p, k) for p in panels for k, final in enumerate(p.finals)
                      if final is not None]
            if silent:
                sides = [p.sides[k] for p, k in silent]
                self.play_all(*[mn.Create(side) for side in sides if side is not None],
                          run_time=1.2)
                self.play_all(*[mn.ReplacementTransform(p.verdicts[k], final) for p, k in silent
                            if (final := p.finals[k]) is not None], run_time=0.8)
            elif target is not None:
                panel = panels[target[0]]
                side = panel.sides[target[1]]
                if side is not None:
                    self.play(mn.Create(side), run_time=1.2)
            self.play(mn.FadeIn(caption), run_time=1.0)

        with self.beat("takeaway"):
            self.play(mn.FadeOut(caption), run_time=0.4)
            self.takeaway(self.words("takeaway"))

    def play_all(self, *animations: mn.Animation, run_time: float) -> None:
        """Play these animations together, or just wait if there are none."""
        if animations:
            self.play(*animations, run_time=run_time)
        else:
            self.wait(run_time)

    # ------------------------------------------------------------------ pieces

    def build_panel(self, f: dict[str, Any], text: str, lo: float, hi: float) -> Panel:
        formula = parse(text)
        points: list[dict[str, Any]] = f["critical_points"]
        xs_of_interest = [c["x"] for c in points] or [0.0]
        x_lo, x_hi = nx.padded_range(xs_of_interest, minimum_span=3.0)
        x_lo, x_hi = max(x_lo, lo - 0.5), min(x_hi, hi + 0.5)
        xs, ys = nx.sample(formula, x_lo, x_hi, 240)
        y_window = nx.robust_range(ys, pad=0.12, include=[c["value"] for c in points])
        axes = ct.axes_for(self, (x_lo, x_hi), y_window, 3.0, 2.0)
        panel = Panel(
            label=self.tex(f"f(x) = {f['function_latex']}",
                           color=self.theme.function, scale=0.75),
            axes=axes, curve=mn.VGroup(), xs=xs, ys=ys, y_window=y_window, points=points,
        )
        first_general = self.tex(f"f'(x) = {f['derivative_latex']}",
                                 color=self.theme.derivative, scale=MATH)
        second_general = self.tex(
            f"f''(x) = {f['second_derivative_latex']}",
            color=self.theme.derivative, scale=MATH)
        panel.general = [first_general, second_general]
        detailed = points[:f["detailed"]]
        if detailed:
            # One line for all the flat points: f′(−1) = f′(1) = 0.
            xs_s = [ct.tex_number(self, c["x"], dec.exact_decimals(c["x"], most=2))
                    for c in detailed]
            zero = ct.tex_number(self, detailed[0]["first_derivative"], 0)
            flat: mn.VMobject = self.tex(" = ".join(f"f'({x_s})" for x_s in xs_s) + f" = {zero}",
                            color=self.theme.flat, scale=MATH)
        else:
            flat = self.text(self.words("no_flat", lo=ct.text_number(self, lo),
                                        hi=ct.text_number(self, hi)), size=SMALL_SIZE,
                             color=self.theme.muted)
        flat_lines: list[mn.VMobject] = [first_general, flat]
        test_lines: list[mn.VMobject] = [second_general]
        rows: list[mn.VMobject] = []
        for c, x_s in zip(detailed, xs_s if detailed else [], strict=True):
            second = c["second_derivative"]
            # "> 0" or "< 0" says why the test decides; a zero needs no comparison.
            relation = {Test.MINIMUM: " > 0", Test.MAXIMUM: " < 0"}.get(
                c["second_derivative_test"], "")
            test = self.tex(
                f"f''({x_s}) = {ct.tex_number(self, second, dec.exact_decimals(second, 2))}"
                f"{relation}", color=self.theme.text, scale=MATH)
            decided = c["second_derivative_test"] != Test.INCONCLUSIVE
            verdict = self.text(self.words("verdict", kind=c["second_derivative_test"]),
                                size=SMALL_SIZE,
                                color=self.theme.good if decided else self.theme.bad)
            test_lines.append(test)
            panel.verdicts.append(verdict)
            extremum = c["verdict"] != nx.CriticalKind.NEITHER
            panel.finals.append(None if decided else self.text(
                self.words("verdict", kind=c["verdict"]), size=SMALL_SIZE,
                color=self.theme.good if extremum else self.theme.bad))
            rows.append(mn.VGroup(test, verdict).arrange(mn.RIGHT, buff=0.25))
        if not detailed:
            nothing = self.text(self.words("nothing_to_test"), size=SMALL_SIZE,
                                color=self.theme.muted)
            panel.verdicts.append(nothing)
            panel.finals.append(None)
            rows.append(nothing)
        if f["more_points"]:
            more = self.text(self.words("more_points"), size=SMALL_SIZE - 2, color=self.theme.muted)
            flat_lines.append(more)
            rows.append(more)
        panel.flat_lines, panel.test_lines = flat_lines, test_lines
        # The column reads f′(x), the flat points, f″(x), then each point's f″(x₀) and verdict.
        panel.full = [first_general, flat, second_general, *rows]
        panel.compact = [flat, *rows]
        return panel

    def place(self, panels: list[Panel]) -> None:
        """Size every panel's axes to its cell, then build the curve and the marks on it."""
        for mode in ("full", "compact"):
            for panel in panels:
                lines = panel.full if mode == "full" else panel.compact
                panel.column = mn.VGroup(*lines).arrange(mn.DOWN, aligned_edge=mn.LEFT,
                                                         buff=LINE_GAP)
            text_w = max(p.column.width for p in panels)
            text_h = max(p.column.height for p in panels)
            score, centres, cw, ch, beside, scale = self.cells(len(panels), text_w, text_h)
            if score > 0:
                break
        for panel in panels:
            shown = set(map(id, panel.column.submobjects))
            panel.flat_lines = [m for m in panel.flat_lines if id(m) in shown]
            panel.test_lines = [m for m in panel.test_lines
                                if id(m) in shown or m not in panel.general]
            panel.column.scale(scale)
        text_w, text_h = scale * text_w, scale * text_h
        label_h = max(p.label.height for p in panels) + 0.15
        for panel, centre in zip(panels, centres, strict=True):
            avail_w, avail_h = cw - 0.5, ch - 0.3
            if beside:
                axes_h = avail_h - label_h
                axes_w = min(avail_w - text_w - 0.3, 2.0 * axes_h)
            else:
                axes_h = avail_h - label_h - text_h - 0.2
                axes_w = min(avail_w, 2.2 * axes_h)
            axes_w, axes_h = max(axes_w, 1.0), max(axes_h, 0.7)
            (x_lo, x_hi), (y_lo, y_hi) = (panel.axes.x_range[:2], panel.axes.y_range[:2])
            panel.axes = ct.axes_for(self, (x_lo, x_hi), (y_lo, y_hi), axes_w, axes_h)
            self.fit(panel.label, width=avail_w)
            if beside:
                block = mn.VGroup(panel.axes, panel.column).arrange(mn.RIGHT, buff=0.3)
                whole = mn.VGroup(panel.label, block).arrange(mn.DOWN, buff=0.15)
                panel.label.align_to(panel.axes, mn.LEFT)
            else:
                whole = mn.VGroup(panel.label, panel.axes, panel.column).arrange(
                    mn.DOWN, buff=0.15)
                panel.column.align_to(panel.axes, mn.LEFT)
            self.fit(whole, width=cw - 0.2, height=ch - 0.1)
            whole.move_to(centre)
            for verdict, final in zip(panel.verdicts, panel.finals, strict=True):
                if final is not None:  # same type size as the verdict it replaces
                    final.scale(float(getattr(verdict, "font_size", 1.0))
                                / float(getattr(final, "font_size", 1.0)))
                    final.move_to(verdict).align_to(verdict, mn.LEFT)
            self.mark_points(panel)

    def mark_points(self, panel: Panel) -> None:
        axes = panel.axes
        xs, ys, y_window = panel.xs, panel.ys, panel.y_window
        box = (float(axes.x_range[0]), float(axes.x_range[1]), *y_window)
        panel.curve = ct.curve_pieces(axes, xs, ys, y_window, self.colour("function"))
        span = float(axes.x_range[1] - axes.x_range[0])
        tangent_length = min(1.6, 0.4 * axes.width)
        for k, c in enumerate(panel.points):
            panel.dots.append(mn.Dot(axes.c2p(c["x"], c["value"]), radius=0.07,
                                     color=self.colour("flat")).set_z_index(2))
            panel.tangents.append(ct.tangent_line(axes, c["x"], c["value"], 0.0,
                                                  tangent_length, box, self.colour("tangent")))
            if k < DETAILED:
                panel.sides.append(self.sides(panel, c, 0.3 * span))

    def sides(self, panel: Panel, c: dict[str, Any], reach: float) -> mn.VGroup:
        """The curve just left and right of a critical point, coloured by where it goes."""
        xs, ys = panel.xs, panel.ys
        group = mn.VGroup()
        for a, b, rises in ((c["x"] - reach, c["x"], c["left_side"] == Neighbour.BELOW),
                            (c["x"], c["x"] + reach, c["right_side"] == Neighbour.ABOVE)):
            keep = (xs >= a) & (xs <= b)
            colour = self.colour("rising" if rises else "falling")
            group.add(ct.curve_pieces(panel.axes, xs[keep], ys[keep],
                                      panel.y_window, colour, stroke_width=8))
        return group

    def phrase_lines(self, phrases: list[str], size: float, colour: str) -> list[mn.Text]:
        """One line if it fits the frame's width, else one line per phrase."""
        line = self.text(" ".join(phrases), size=size, color=colour)
        if line.width <= self.frame_width - 0.6:
            return [line]
        return [self.text(phrase, size=size, color=colour) for phrase in phrases]

    def target(self) -> tuple[int, int] | None:
        """The point the question is about, as the core chose it."""
        target = self.numbers["target"]
        return None if target is None else (int(target["function"]), int(target["point"]))

    def question(self, functions: list[dict[str, Any]], texts: list[str],
                 target: tuple[int, int] | None) -> str:
        if target is None:
            return self.words("question_none")
        i, k = target
        c = functions[i]["critical_points"][k]
        x_s = ct.text_number(self, c["x"], dec.exact_decimals(c["x"], most=2))
        return self.words("question", x=x_s, function=plain(texts[i], self.language.decimal))

    def caption(self, functions: list[dict[str, Any]],
                target: tuple[int, int] | None) -> mn.VGroup:
        """The neighbours' evidence at the target point, in the band under the panels."""
        if target is None:
            lo, hi = self.numbers["search_interval"]
            words = self.text(self.words("no_flat_caption", lo=ct.text_number(self, lo),
                                         hi=ct.text_number(self, hi)), size=SMALL_SIZE + 2)
            group = mn.VGroup(words)
        else:
            i, k = target
            c = functions[i]["critical_points"][k]
            (xl, yl), (xr, yr), x0, y0 = c["left"], c["right"], c["x"], c["value"]

            def arg(x: float) -> str:
                return ct.tex_number(self, x, dec.exact_decimals(x, most=3))

            def val(y: float) -> str:
                return ct.tex_number(self, y, dec.readable_decimals(y))

            left_rel = {Neighbour.BELOW: "<", Neighbour.ABOVE: ">"}.get(c["left_side"], "=")
            right_rel = {Neighbour.ABOVE: "<", Neighbour.BELOW: ">"}.get(c["right_side"], "=")
            values = self.tex(
                f"f({arg(xl)}) = {val(yl)} \\;{left_rel}\\; f({arg(x0)}) = {val(y0)}"
                f" \\;{right_rel}\\; f({arg(xr)}) = {val(yr)}", scale=0.75)
            about = {"kind": c["verdict"], "test": c["second_derivative_test"],
                     "trend": c["trend"], "left": c["left_side"], "right": c["right_side"]}
            first = self.words.items("evidence", **about)
            second = self.words.items("reason", **about)
            extremum = c["verdict"] != nx.CriticalKind.NEITHER
            colour = self.theme.good if extremum else self.theme.bad
            group = mn.VGroup(values, *self.phrase_lines(first, SMALL_SIZE + 2, colour),
                              *self.phrase_lines(second, SMALL_SIZE, self.theme.muted))
        group.arrange(mn.DOWN, buff=0.12)
        self.fit(group, width=self.frame_width - 0.6, height=self.band() - 0.25)
        group.to_edge(mn.DOWN, buff=0.15)
        return group


