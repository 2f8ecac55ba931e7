"""Two balls on the same bowl with the same η: the far one takes bigger steps.

With a fixed learning rate the step is η times the slope, so it is large where the
curve is steep and shrinks as the curve flattens. The panels read out each ball's
last step and its loss to four decimals, and the reveal names the first step at
which each loss reads zero at that precision (computed by the core).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import manim as mn
import numpy as np

from scenes.core import decimals as dec
from scenes.core.formula import parse
from scenes.draw import descent_panels as dp
from scenes.draw.base import SMALL_SIZE
from scenes.words import speech as spoken

TICK = 0.16  # height of the marks left on the w-axis at each visited weight


class StepSizeShrinks(dp.PanelLesson):
    BEATS = ("title", "setup", "predict", "race", "reveal", "steps", "takeaway")

    @classmethod
    def spoken_values(cls, numbers: Mapping[str, Any],
                      params: Mapping[str, Any]) -> dict[str, str]:
        say = spoken.num
        runs: list[dict[str, Any]] = numbers["runs"]
        d = int(numbers["loss_decimals"])
        count = len(runs)
        starts = [say(r["points"][0]) for r in runs]
        loss, eta = spoken.formula(params["function"]), say(params["eta"])
        if count == 1:
            setup = (f"A ball sits on the loss {loss}, at {starts[0]}, with the learning "
                     f"rate {eta}.")
        else:
            where = ("one at {} and one at {}".format(*starts) if count == 2 else
                     f"at {spoken.listing(starts)}")
            setup = (f"{spoken.count(count).capitalize()} balls sit on the same loss, {loss}, "
                     f"{where}. {'Both' if count == 2 else 'All'} use the same learning "
                     f"rate, {eta}.")
        losses0 = [float(r["losses"][0]) for r in runs]
        high = int(np.argmax(losses0))
        if count == 1:
            predict = "How many steps will it take for the loss to read zero?"
        else:
            others = spoken.listing([say(v, d) for i, v in enumerate(losses0) if i != high])
            predict = (f"The ball at {starts[high]} starts higher up, with a loss of "
                       f"{say(losses0[high], d)} against {others}. Which ball reaches the "
                       "bottom first?")
        sizes = [[float(v) for v in r["step_sizes"]] for r in runs]
        firsts = [sz[0] if sz else 0.0 for sz in sizes]
        shrinking = all(all(b < a for a, b in zip(sz, sz[1:], strict=False)) for sz in sizes)
        if count == 1:
            race = f"Its first step is {say(firsts[0], d)}."
        elif count == 2:
            big = int(np.argmax(firsts))
            if firsts[0] == firsts[1]:
                race = (f"They step together. Their slopes are just as steep, so both first "
                        f"steps are {say(firsts[0], d)}.")
            else:
                race = (f"They step together. The ball at {starts[big]} starts on a steeper "
                        f"slope, so its first step is {say(firsts[big], d)}, against "
                        f"{say(firsts[1 - big], d)} for the ball at {starts[1 - big]}.")
        else:
            race = (f"They step together. Their first steps are "
                    f"{spoken.numbers(firsts, d)}: the steeper the slope, the bigger the step.")
        if shrinking:
            race += " Every step after that is smaller, and the marks on the axis crowd together."
        else:
            race += " But here the steps do not simply shrink."
        arrivals: list[int | None] = [r["first_epoch_reading_zero"] for r in runs]
        reached = [e for e in arrivals if e is not None]
        if not reached:
            subject = ("It never reads" if count == 1 else "Neither reads" if count == 2 else
                       "None of them reads")
            reveal = f"{subject} zero, to {d} decimals, within these steps."
        elif count > 1 and len(reached) == count and len(set(reached)) == 1:
            reveal = (f"It's a tie. Read to {d} decimals, {'both' if count == 2 else 'all'} "
                      f"losses show zero at step {reached[0]}.")
            points = [np.asarray(r["points"], dtype=np.float64) for r in runs]
            if count == 2 and points[0].shape == points[1].shape and np.all(points[0] != 0):
                ratio = points[1] / points[0]
                if np.allclose(ratio, ratio[0], rtol=1e-9):
                    far, near = (1, 0) if abs(ratio[0]) >= 1 else (0, 1)
                    r = abs(ratio[0]) if far == 1 else 1 / abs(ratio[0])
                    reveal += (f" The ball from {starts[far]} is always {say(r, 2)} times as "
                               "far out, but both distances shrink by the same factor each "
                               "step.")
        else:
            first = min(reached)
            who = [starts[i] for i, e in enumerate(arrivals) if e == first]
            reveal = (f"The {'ball' if len(who) == 1 else 'balls'} from {spoken.listing(who)} "
                      f"{'gets' if len(who) == 1 else 'get'} there first: the loss reads zero, "
                      f"to {d} decimals, at step {first}.")
            if count == 1:
                reveal = f"Its loss reads zero, to {d} decimals, at step {first}."
        listed = []
        for start, sz in zip(starts, sizes, strict=True):
            if sz:
                listed.append(", then ".join(say(v, d) for v in sz[:3]) + f" from {start}")
        steps = f"The steps tell the story: {spoken.listing(listed, sep='; ')}."
        ratios = [np.asarray(sz[1:]) / np.asarray(sz[:-1]) for sz in sizes
                  if len(sz) > 1 and all(v > 0 for v in sz[:-1])]
        common = (len(ratios) == count and all(np.allclose(q, ratios[0][0], rtol=1e-6)
                                                for q in ratios))
        if common and ratios[0][0] < 1:
            steps += (f" Each step is {say(float(ratios[0][0]), 3)} times the one before, "
                      "because the slope shrinks with the distance.")
        elif common:
            steps += (f" Each step is {say(float(ratios[0][0]), 3)} times the one before: "
                      "every jump lands on a steeper slope than the last.")
        elif shrinking:
            steps += " Each step is shorter than the one before, as the slope flattens."
        takeaway = ("With a fixed learning rate, a steep slope gives a big step and a flat "
                    "slope a small one, so descent slows down by itself near the minimum."
                    if shrinking else
                    "With a fixed learning rate the step follows the slope: steep slope, big "
                    "step; flat slope, small step.")
        return {"setup": setup, "predict": predict, "race": race, "reveal": reveal,
                "steps": steps, "takeaway": takeaway}

    def construct(self) -> None:
        n = self.numbers
        runs: list[dict[str, Any]] = n["runs"]
        loss = parse(self.params["function"], ("w",))
        decimals = int(n["loss_decimals"])
        view = dp.shared_view(loss, runs)
        steps = int(self.params["steps"])
        band: list[mn.Mobject] = []

        with self.beat("title"):
            self.title_card()

        with self.beat("setup"):
            panels, counter, rule = self.open_panels(runs, loss, view, steps, decimals)

        with self.beat("predict"):
            self.play(mn.FadeOut(rule), run_time=0.4)
            question = self.ask("Which ball reaches the bottom first?")

        with self.beat("race"):
            self.play(mn.FadeOut(question), run_time=0.4)
            self.race(panels, runs, counter, steps, decimals)

        with self.beat("reveal"):
            band = self.reveal(panels, runs, decimals)

        with self.beat("steps"):
            lines = []
            for run in runs:
                sizes = run["step_sizes"][:3]
                shown = ", ".join(self.fmt(s, decimals) for s in sizes)
                more = ", …" if len(run["step_sizes"]) > len(sizes) else ""
                lines.append(f"steps from w = {self.start_text(run)}: {shown}{more}")
            words = self.bottom_text(lines)
            self.play(*[mn.FadeOut(m) for m in band], run_time=0.4)
            self.play(mn.FadeIn(words), run_time=0.8)
            band = [words]

        with self.beat("takeaway"):
            self.play(*[mn.FadeOut(m) for m in band], run_time=0.4)
            self.takeaway("Same η: steep slope, big step; flat slope, small step.")

    # ------------------------------------------------------------------ pieces

    def start_text(self, run: dict[str, Any]) -> str:
        start = float(run["points"][0])
        return self.fmt(start, dec.exact_decimals(start, 2, 0))

    def info_item(self) -> mn.VMobject:
        eta = float(self.params["eta"])
        return self.text(f"η = {self.fmt(eta, dec.exact_decimals(eta, 3, 1))}", size=SMALL_SIZE)

    def on_start(self, panel: dp.Panel, run: dict[str, Any]) -> None:
        self.mark_axis(panel, run, 0)

    def build_panels(self, runs: list[dict[str, Any]], loss: Any, view: dp.View,
                     top: float, bottom: float, decimals: int) -> list[dp.Panel]:
        cells = dp.cells(self, len(runs), top, bottom)
        colours = dp.run_colours(self, len(runs))
        panels = []
        for cell, run, colour in zip(cells, runs, colours, strict=True):
            title = self.text(f"start w = {self.start_text(run)}", size=24,
                              color=colour.to_hex())
            losses = [float(v) for v in run["losses"]]
            reading = dp.Reading(self, "loss", losses[0], decimals, losses)
            sizes = [float(s) for s in run["step_sizes"]] or [0.0]
            last = dp.Reading(self, "last step", sizes[0], decimals, sizes)
            # No step has been taken yet: the number appears with the first one.
            last.hide_value()
            panels.append(dp.build_panel(self, cell, loss, view, run, title,
                                         [reading, last], colour))
        return panels

    def update_panel(self, panel: dp.Panel, run: dict[str, Any], k: int, passed: range,
                     decimals: int) -> None:
        """After step ``k``: loss and last step read out, marks where the ball landed."""
        for j in passed:
            if j < len(run["losses"]):
                self.mark_axis(panel, run, j)
        k = min(k, len(run["losses"]) - 1)
        if k == 0:
            return
        panel.readouts[0].read(float(run["losses"][k]))
        panel.readouts[1].read(float(run["step_sizes"][k - 1]))

    def mark_axis(self, panel: dp.Panel, run: dict[str, Any], k: int) -> None:
        """A tick on the w-axis where the ball landed: their spacing is the step size."""
        if panel.inside[k]:
            foot = panel.axes.x_axis.n2p(float(run["points"][k]))
            mark = mn.Line(foot + TICK / 2 * mn.DOWN, foot + TICK / 2 * mn.UP,
                           color=panel.colour, stroke_width=2.5)
            panel.trail.add(mark)

    def reveal(self, panels: list[dp.Panel], runs: list[dict[str, Any]],
               decimals: int) -> list[mn.Mobject]:
        """Each ball's first step reading zero, then who got there first (or a tie)."""
        zero = self.fmt(0.0, decimals)
        notes = []
        arrivals: list[int | None] = [run["first_epoch_reading_zero"] for run in runs]
        for panel, epoch in zip(panels, arrivals, strict=True):
            if epoch is None:
                words = f"never reads {zero}"
                colour = self.theme.bad
            else:
                words = f"reads {zero} at step {self.fmt(epoch, 0)}"
                colour = self.theme.good
            note = self.text(words, size=dp.PANEL_TEXT, color=colour)
            self.fit(note, width=panel.box.width - 0.16)
            notes.append(note.move_to(panel.note_anchor))
        self.play(*[mn.FadeIn(note) for note in notes], run_time=0.8)
        reached = [e for e in arrivals if e is not None]
        if not reached:
            answer = self.bottom_text([f"Neither reads {zero} within these steps."],
                                      self.theme.bad)
            self.play(mn.FadeIn(answer), run_time=0.6)
            return [answer]
        first = min(reached)
        winners = [i for i, e in enumerate(arrivals) if e == first]
        when = f"{zero} at step {self.fmt(first, 0)}"
        if len(winners) == len(runs):
            line = f"A tie: every ball reads {when}" if len(runs) > 2 else \
                f"A tie: both read {when}"
        else:
            names = " and ".join(f"w = {self.start_text(runs[i])}" for i in winners)
            line = f"From {names} first: {when}"
        answer = self.bottom_text([line], self.theme.good)
        boxes = [mn.SurroundingRectangle(panels[i].box, buff=0.04, corner_radius=0.14,
                                         color=self.colour("good"), stroke_width=4)
                 for i in winners]
        self.play(mn.FadeIn(answer), *[mn.Create(b) for b in boxes], run_time=0.8)
        return [answer, *boxes]
