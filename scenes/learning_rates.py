"""The same bowl under several learning rates, side by side, all balls stepping together.

Each panel runs gradient descent on the same loss from the same start with its own η:
its ball hops along each step, leaving a trail of visited points, while the panel reads
out the loss. A run that diverges flies over the rim and is hidden at the edge. The
verdicts (converging, oscillating, bouncing for ever, diverging…) come from the core.
"""

from __future__ import annotations

from typing import Any

import manim as mn

from scenes.core.formula import parse
from scenes.core.numerics import Verdict
from scenes.core.series import FocusStory
from scenes.draw import descent_panels as dp
from scenes.draw.base import SMALL_SIZE

# The screen word of each verdict in the scene's words file.
VERDICT_KEY = {
    Verdict.CONVERGING: "verdict_converging", Verdict.SLOW: "verdict_slow",
    Verdict.OSCILLATING: "verdict_oscillating", Verdict.BOUNCING: "verdict_bouncing",
    Verdict.DIVERGING: "verdict_diverging", Verdict.STATIONARY: "verdict_stationary",
}


class LearningRates(dp.PanelLesson):
    BEATS = ("title", "setup", "predict", "run", "reveal", "too-big", "takeaway")

    def construct(self) -> None:
        n = self.numbers
        runs: list[dict[str, Any]] = n["runs"]
        loss = parse(self.params["function"], ("w",))
        decimals = int(n["loss_decimals"])
        view = dp.shared_view(loss, runs)
        steps = int(self.params["steps"])

        with self.beat("title"):
            self.title_card()

        with self.beat("setup"):
            panels, counter, rule = self.open_panels(runs, loss, view, steps, decimals)

        with self.beat("predict"):
            self.play(mn.FadeOut(rule), run_time=0.4)
            question = self.ask(self.words("question"))

        with self.beat("run"):
            self.play(mn.FadeOut(question), run_time=0.4)
            self.race(panels, runs, counter, steps, decimals)

        with self.beat("reveal"):
            highlights = self.reveal(panels, runs, n, decimals)

        with self.beat("too-big"):
            self.too_big(panels, runs, decimals, highlights)

        with self.beat("takeaway"):
            leaving = [m for m in self.mobjects if getattr(m, "_bottom_band", False)]
            if leaving:
                self.play(*[mn.FadeOut(m) for m in leaving], run_time=0.4)
            self.takeaway(self.words("takeaway"))

    # ------------------------------------------------------------------ pieces

    def info_item(self) -> mn.VMobject:
        return self.text(self.words("start"), size=SMALL_SIZE)

    def build_panels(self, runs: list[dict[str, Any]], loss: Any, view: dp.View,
                     top: float, bottom: float, decimals: int) -> list[dp.Panel]:
        cells = dp.cells(self, len(runs), top, bottom)
        panels = []
        colours = dp.run_colours(self, len(runs))
        for cell, run, colour in zip(cells, runs, colours, strict=True):
            eta = float(run["eta"])
            title = self.text(f"η = {dp.typed(self, eta)}", size=24,
                              color=colour.to_hex())
            losses = [float(v) for v in run["losses"]]
            reading = dp.Reading(self, self.words("loss"), losses[0], decimals, losses)
            panels.append(dp.build_panel(self, cell, loss, view, run, title, [reading], colour))
        return panels

    def update_panel(self, panel: dp.Panel, run: dict[str, Any], k: int, passed: range,
                     decimals: int) -> None:
        """After step ``k``: the loss read out, and a note once the ball has left the chart."""
        if k < len(run["losses"]):
            panel.readouts[0].read(float(run["losses"][k]))
        if panel.left_at is not None and k >= panel.left_at and panel.note is None:
            note = self.text(self.words("over_rim"), size=dp.PANEL_TEXT, color=self.theme.bad)
            self.fit(note, width=panel.box.width - 0.16)
            note.move_to(panel.note_anchor)
            panel.note = note
            self.add(note)

    def verdict_note(self, panel: dp.Panel, run: dict[str, Any]) -> mn.Text:
        verdict = Verdict(run["verdict"])
        # Runs that settle (the core says which) in the good colour, a ball that never moves
        # muted, the others as warnings.
        colour = (self.theme.good if run["settles"] else
                  self.theme.muted if verdict == Verdict.STATIONARY else self.theme.bad)
        note = self.text(self.words(VERDICT_KEY[verdict]), size=dp.PANEL_TEXT, color=colour)
        self.fit(note, width=panel.box.width - 0.16)
        return note.move_to(panel.note_anchor)

    def bottom_text(self, lines: list[str], colour: str | None = None) -> mn.VGroup:
        group = super().bottom_text(lines, colour)
        group._bottom_band = True  # type: ignore[attr-defined]
        return group

    def reveal(self, panels: list[dp.Panel], runs: list[dict[str, Any]], n: dict[str, Any],
               decimals: int) -> list[mn.Mobject]:
        """Every verdict, then the answer: who first read the lowest loss, at which step."""
        notes = []
        for panel, run in zip(panels, runs, strict=True):
            note = self.verdict_note(panel, run)
            notes.append(mn.FadeTransform(panel.note, note) if panel.note else mn.FadeIn(note))
            panel.note = note
        self.play(*notes, run_time=0.8)
        winners: list[int] = n["first_to_bottom"]
        if not winners:
            answer = self.bottom_text([self.words("answer")], self.theme.bad)
            self.play(mn.FadeIn(answer), run_time=0.6)
            return []
        answer = self.bottom_text([self.words("answer")], self.theme.good)
        boxes = [mn.SurroundingRectangle(panels[i].box, buff=0.04, corner_radius=0.14,
                                         color=self.colour("good"), stroke_width=4)
                 for i in winners]
        self.play(mn.FadeIn(answer), *[mn.Create(b) for b in boxes], run_time=0.8)
        return list(boxes)

    def too_big(self, panels: list[dp.Panel], runs: list[dict[str, Any]],
                decimals: int, highlights: list[mn.Mobject]) -> None:
        """The first steps of the run that bounces (or else the largest η), read out."""
        focus: int = self.numbers["focus"]
        lines = self.words.items("readout")
        old = [m for m in self.mobjects if getattr(m, "_bottom_band", False)]
        words = self.bottom_text(lines, self.theme.text)
        # The run read out, and every run that flies away, framed as warnings.
        marked = [focus, *self.numbers["also_diverging"]]
        # The run read out is a warning unless even the largest rate settles.
        settles = self.numbers["focus_story"] == FocusStory.SETTLES
        boxes = [mn.SurroundingRectangle(
                     panels[i].box, buff=0.04, corner_radius=0.14, stroke_width=4,
                     color=self.colour("good" if settles and i == focus else "bad"))
                 for i in marked]
        fading = [mn.FadeOut(m) for m in old + highlights]
        self.play(*fading, run_time=0.4)
        self.play(mn.FadeIn(words), *[mn.Create(b) for b in boxes], run_time=0.8)
        for m in [words, *boxes]:
            m._bottom_band = True  # type: ignore[attr-defined]
