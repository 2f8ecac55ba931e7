"""A zero gradient that is not a minimum: plain gradient descent creeps into a saddle and
stalls there, while momentum and Adam carry on to a valley."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import manim as mn
import numpy as np

from scenes.draw.base import SMALL_SIZE, LessonScene
from scenes.draw.plane import Plane, lay_out_panel, split_frame
from scenes.words import speech as spoken

MATH = 0.66
NAMES = {"gd": "gradient descent", "momentum": "momentum", "adam": "Adam"}
SPOKEN_NAMES = {"gd": "plain gradient descent", "momentum": "momentum", "adam": "Adam"}
UPDATES = {
    "momentum": [r"v \leftarrow \beta v + \nabla f", r"p \leftarrow p - \eta\, v"],
    "adam": [r"m \leftarrow \beta_1 m + (1-\beta_1)\nabla f",
             r"s \leftarrow \beta_2 s + (1-\beta_2)(\nabla f)^2",
             r"p \leftarrow p - \eta\, \hat m / (\sqrt{\hat s} + \epsilon)"],
}


class SaddleEscape(LessonScene):
    BEATS = ("title", "surface", "ask", "plain", "updates", "escape", "compare", "takeaway")

    @classmethod
    def spoken_values(cls, numbers: Mapping[str, Any],
                      params: Mapping[str, Any]) -> dict[str, str]:
        say = spoken.num
        runs: list[dict[str, Any]] = numbers["runs"]
        stationary = numbers["stationary"]
        kind = None if stationary is None else str(stationary["kind"])
        names = [SPOKEN_NAMES.get(r["optimiser"], r["optimiser"]) for r in runs]
        function = spoken.formula(params["function"])
        surface = {
            "saddle": (f"This surface, f of x and y equals {function}, has a saddle in the "
                       "middle: it curves up one way and down the other. Right at the saddle "
                       "the gradient is exactly zero."),
            "minimum": (f"This surface, f of x and y equals {function}, has a low point in "
                        "the middle, and there the gradient is exactly zero."),
            "maximum": (f"This surface, f of x and y equals {function}, has a peak in the "
                        "middle, and there the gradient is exactly zero."),
        }.get(str(kind), f"This surface is f of x and y equals {function}.")
        centre = np.asarray(stationary["point"] if stationary else runs[0]["points"][0])

        def outcome(run: dict[str, Any]) -> str:
            """'left' the view, ended 'near' the flat point, or 'away' from it."""
            if run["left_view_step"] is not None:
                return "left"
            distance = np.linalg.norm(np.asarray(run["points"]) - centre, axis=1)
            return "near" if distance[-1] < 0.25 * max(distance[0], 1e-12) else "away"

        outcomes = [outcome(r) for r in runs]
        steps = len(runs[0]["points"]) - 1
        first, final0 = runs[0], say(runs[0]["final_loss"], 3)
        if outcomes[0] == "left":
            plain = f"It runs off and leaves the view at step {first['left_view_step']}."
        elif kind == "saddle" and outcomes[0] == "near":
            plain = ("It slides towards the saddle. There the gradient almost vanishes, so "
                     f"the steps become tiny, and after {steps} steps it is still loitering "
                     "near the flat spot.")
        elif kind == "minimum" and outcomes[0] == "near":
            plain = ("It slides down to the low point, where the gradient vanishes, and "
                     "settles there.")
        else:
            plain = f"After {steps} steps it ends at f equals {final0}."
        notes = []
        optimisers = [r["optimiser"] for r in runs]
        if "momentum" in optimisers:
            notes.append("Momentum keeps a running velocity, so past steps keep pushing.")
        if "adam" in optimisers:
            notes.append(f"Adam {'also ' if notes else ''}divides each step by the recent size "
                         "of the gradient, so even a tiny slope gives a real step.")
        if not notes:
            notes.append("Plain gradient descent has nothing else to push it: each step is "
                         "the learning rate times the slope, no more.")
        others = list(range(1, len(runs)))
        if not others:
            escape = f"There is no other optimiser in this race: {names[0]} is on its own."
        else:
            groups: dict[str, list[str]] = {}
            for i in others:
                run = runs[i]
                if outcomes[i] == "left":
                    verb = ("fly out of view", "flies out of view")
                elif kind == "saddle" and outcomes[i] == "away" and stationary is not None \
                        and run["final_loss"] < stationary["value"]:
                    verb = ("roll past the saddle and settle lower down",
                            "rolls past the saddle and settles lower down")
                elif kind == "saddle" and outcomes[i] == "near":
                    verb = ("stall near the saddle too", "stalls near the saddle too")
                elif kind == "minimum" and outcomes[i] == "near":
                    verb = ("settle at the low point too", "settles at the low point too")
                else:
                    verb = ("end somewhere else", "ends somewhere else")
                groups.setdefault(verb[0] + "|" + verb[1], []).append(names[i])
            parts = []
            for key, who in groups.items():
                many, one = key.split("|")
                if len(who) == len(others) and len(who) == 2:
                    parts.append(f"both of them {many}")
                else:
                    parts.append(f"{spoken.listing(who)} {many if len(who) > 1 else one}")
            escape = f"From the same start, {spoken.listing(parts, sep='; ')}."
        ends = [f"{names[i]} {'reaches' if i else 'ends at f equals'} "
                f"{say(runs[i]['final_loss'], 3)}" if outcomes[i] != "left" else
                f"{names[i]} leaves the view" for i in range(len(runs))]
        compare = f"{ends[0][0].upper()}{ends[0][1:]}."
        if len(ends) > 1:
            compare += f" {ends[1][0].upper()}{ends[1][1:]}"
            compare += f", and {ends[2]}." if len(ends) > 2 else "."
        kept = [i for i in range(len(runs)) if outcomes[i] != "left"]
        if len(kept) > 1:
            best = min(kept, key=lambda i: runs[i]["final_loss"])
            compare += f" The lowest is {names[best]}."
        escaped = any("roll past" in key for key in (groups if others else {}))
        if kind == "saddle" and outcomes[0] == "near" and escaped:
            takeaway = ("A zero gradient is not always a minimum: momentum and adaptive steps "
                        "carry you past a saddle.")
        elif kind == "saddle":
            takeaway = "A zero gradient is not always a minimum: a saddle can stall descent."
        else:
            takeaway = ("Where the gradient is zero, ask what kind of point it is: a minimum, "
                        "or a saddle to escape.")
        return {"surface": surface, "x0": say(params["start"][0]), "y0": say(params["start"][1]),
                "first": names[0], "plain": plain, "updates": " ".join(notes),
                "escape": escape, "compare": compare, "takeaway": takeaway}

    def construct(self) -> None:
        n = self.numbers
        runs = n["runs"]
        plot_box, panel_box = split_frame(self)
        plane = Plane(self, n["view"], plot_box)

        formula = self.tex("f(x, y) = " + n["function_latex"], color=self.theme.function,
                           scale=MATH)
        updates = mn.VGroup()
        for run in runs:
            for i, line in enumerate(UPDATES.get(run["optimiser"], [])):
                prefix = r"\text{" + NAMES[run["optimiser"]] + r":}\ " if i == 0 else r"\qquad "
                updates.add(self.tex(prefix + line, scale=MATH,
                                     color=self._hex(runs.index(run))))
        paths, dots, rows, values = [], [], [], []
        for i, run in enumerate(runs):
            path, left = self._path(plane, run, i)
            paths.append(path)
            dots.append(mn.Dot(plane.point(*run["points"][0]), radius=0.08,
                               color=self.series_colour(i)))
            swatch = mn.Line(mn.ORIGIN, 0.5 * mn.RIGHT, stroke_width=6,
                             color=self.series_colour(i))
            name = self.text(NAMES[run["optimiser"]], size=SMALL_SIZE, color=self._hex(i))
            if left is None:
                value = self.text(f"f = {self.fmt(run['final_loss'], 3)}", size=SMALL_SIZE)
            else:
                value = self.text(f"left the view at step {self.fmt(left, 0)}", size=SMALL_SIZE,
                                  color=self.theme.bad)
            rows.append(mn.VGroup(swatch, name).arrange(mn.RIGHT, buff=0.15))
            values.append(value)
        legend = mn.VGroup(*[mn.VGroup(r, v) for r, v in zip(rows, values, strict=True)])
        name_w = max(r.width for r in rows) + 0.3
        for row, value in zip(rows, values, strict=True):
            value.next_to(row, mn.RIGHT, buff=name_w - row.width)
        legend.arrange(mn.DOWN, aligned_edge=mn.LEFT, buff=0.18)
        verdict = self._verdict(runs)
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
                    self.text(stationary["kind"] + ": ∇f = 0", size=SMALL_SIZE,
                              color=self.theme.text))
                mark[0].move_to(where)
                self._clear_spot(mark[1], mark[0], plane, runs)
                self.play(mn.FadeIn(mark), run_time=0.8)

        with self.beat("ask"):
            self.play(*[mn.FadeIn(d) for d in dots], run_time=0.5)
            question = self.ask("Where will plain gradient descent end up?")

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
            self.takeaway("A zero gradient may be a saddle: momentum carries you past it.")

    # ---------------------------------------------------------------- pieces

    def _path(self, plane: Plane, run: dict[str, Any], index: int) -> tuple[mn.VMobject, Any]:
        """The run's path as one polyline, cut where it leaves the view (and that step)."""
        points = np.asarray(run["points"], dtype=np.float64)
        segments, left = plane.path(points.tolist(), self.series_colour(index), width=4)
        corners = [plane.point(*points[0])] + [s.get_end() for s in segments]
        path = mn.VMobject(stroke_color=self.series_colour(index), stroke_width=4)
        path.set_points_as_corners(corners if len(corners) > 1 else corners * 2)
        left_step = None if left is None else run.get("left_view_step", left)
        return path, left_step

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
            if runs[i].get("left_view_step") is not None:
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

    def _verdict(self, runs: list[dict[str, Any]]) -> mn.VMobject:
        """Which optimiser ends lowest (of those still in view), in words."""
        kept = [r for r in runs if r.get("left_view_step") is None]
        if not kept:
            return self.text("every run left the view", size=SMALL_SIZE, color=self.theme.bad)
        best = min(kept, key=lambda r: r["final_loss"])
        colour = self._hex(runs.index(best))
        return self.text(f"lowest: {NAMES[best['optimiser']]}, "
                         f"f = {self.fmt(best['final_loss'], 3)}", size=SMALL_SIZE,
                         color=colour)
