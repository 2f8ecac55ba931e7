"""Two balls on the same bowl with the same η: the far one takes bigger steps.

With a fixed learning rate the step is η times the slope, so it is large where the
curve is steep and shrinks as the curve flattens. The panels read out each ball's
last step and its loss to four decimals, and the reveal names the first step at
which each loss reads zero at that precision (computed by the core).
"""

from __future__ import annotations

from typing import Any

import manim as mn

from scenes.core.formula import parse
from scenes.core.series import ZeroRace
from scenes.draw import descent_panels as dp
from scenes.draw.base import SMALL_SIZE

TICK = 0.16  # height of the marks left on the w-axis at each visited weight


class StepSizeShrinks(dp.PanelLesson):
    BEATS = ("title", "setup", "predict", "race", "reveal", "steps", "takeaway")

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
            question = self.ask(self.words("question"))

        with self.beat("race"):
            self.play(mn.FadeOut(question), run_time=0.4)
            self.race(panels, runs, counter, steps, decimals)

        with self.beat("reveal"):
            band = self.reveal(panels, runs, decimals)

        with self.beat("steps"):
            words = self.bottom_text([self.words("steps_from", i=i) for i in range(len(runs))])
            self.play(*[mn.FadeOut(m) for m in band], run_time=0.4)
            self.play(mn.FadeIn(words), run_time=0.8)
            band = [words]

        with self.beat("takeaway"):
            self.play(*[mn.FadeOut(m) for m in band], run_time=0.4)
            self.takeaway(self.words("takeaway"))

    # ------------------------------------------------------------------ pieces

    def info_item(self) -> mn.VMobject:
        eta = float(self.params["eta"])
        return self.text(f"η = {dp.typed(self, eta)}", size=SMALL_SIZE)

    def on_start(self, panel: dp.Panel, run: dict[str, Any]) -> None:
        self.mark_axis(panel, run, 0)

    def build_panels(self, runs: list[dict[str, Any]], loss: Any, view: dp.View,
                     top: float, bottom: float, decimals: int) -> list[dp.Panel]:
        cells = dp.cells(self, len(runs), top, bottom)
        colours = dp.run_colours(self, len(runs))
        panels = []
        for i, (cell, run, colour) in enumerate(zip(cells, runs, colours, strict=True)):
            title = self.text(self.words("start", i=i), size=24,
                              color=colour.to_hex())
            losses = [float(v) for v in run["losses"]]
            reading = dp.Reading(self, self.words("loss"), losses[0], decimals, losses)
            sizes = [float(s) for s in run["step_sizes"]] or [0.0]
            last = dp.Reading(self, self.words("last_step"), sizes[0], decimals, sizes)
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
        notes = []
        for i, (panel, run) in enumerate(zip(panels, runs, strict=True)):
            reached = run["first_epoch_reading_zero"] is not None
            note = self.text(self.words("zero_note", i=i), size=dp.PANEL_TEXT,
                             color=self.theme.good if reached else self.theme.bad)
            self.fit(note, width=panel.box.width - 0.16)
            notes.append(note.move_to(panel.note_anchor))
        self.play(*[mn.FadeIn(note) for note in notes], run_time=0.8)
        if self.numbers["zero_race"] == ZeroRace.NOBODY:
            answer = self.bottom_text([self.words("answer")], self.theme.bad)
            self.play(mn.FadeIn(answer), run_time=0.6)
            return [answer]
        winners: list[int] = self.numbers["first_zero_runs"]
        line = self.words("answer")
        answer = self.bottom_text([line], self.theme.good)
        boxes = [mn.SurroundingRectangle(panels[i].box, buff=0.04, corner_radius=0.14,
                                         color=self.colour("good"), stroke_width=4)
                 for i in winners]
        self.play(mn.FadeIn(answer), *[mn.Create(b) for b in boxes], run_time=0.8)
        return [answer, *boxes]
