"""The same bowl under several learning rates, side by side, all balls stepping together.

Each panel runs gradient descent on the same loss from the same start with its own η:
its ball hops along each step, leaving a trail of visited points, while the panel reads
out the loss. A run that diverges flies over the rim and is hidden at the edge. The
verdicts (converging, oscillating, bouncing for ever, diverging…) come from the core.
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

GOOD_VERDICTS = ("converging", "converging slowly", "oscillating")


class LearningRates(dp.PanelLesson):
    BEATS = ("title", "setup", "predict", "run", "reveal", "too-big", "takeaway")

    @classmethod
    def spoken_values(cls, numbers: Mapping[str, Any],
                      params: Mapping[str, Any]) -> dict[str, str]:
        say = spoken.num
        runs: list[dict[str, Any]] = numbers["runs"]
        d = int(numbers["loss_decimals"])
        steps = int(params["steps"])
        count = len(runs)
        verdicts = [str(r["verdict"]) for r in runs]
        etas = [float(r["eta"]) for r in runs]
        wild = [v for v in verdicts if v in ("bouncing for ever", "diverging")]
        everyone = "both" if count == 2 else f"all {spoken.count(count)}"
        values = {
            "panels": "Every panel holds" if count > 1 else "The panel holds",
            "loss": spoken.formula(params["function"]),
            "w0": say(params["w0"]),
            "run_intro": (f"The ball takes {say(steps)} steps" if count == 1 else
                          f"{everyone.capitalize()} balls step together, {say(steps)} steps "
                          "each"),
            "where": "Watch the loss" if count == 1 else "Watch the loss in every panel",
        }
        # What each panel's loss does, grouped: "three fall, one stays put, one climbs".
        groups = (("fall", "falls", sum(v in GOOD_VERDICTS for v in verdicts)),
                  ("stay put", "stays put", verdicts.count("bouncing for ever")),
                  ("climb out of the bowl", "climbs out of the bowl", verdicts.count("diverging")),
                  ("do not move", "does not move", verdicts.count("stationary")))
        parts = []
        for many, one, k in groups:
            if k == 0:
                continue
            if count == 1:
                parts.append(f"it {one}")
            elif k == count:
                parts.append(f"{'both' if count == 2 else 'all of them'} {many}")
            else:
                parts.append(f"{spoken.count(k)} {many if k > 1 else one}")
        values["behaviour"] = spoken.listing(parts)
        # The race: who first reads the lowest loss.
        winners: list[int] = numbers["first_to_bottom"]
        if not winners:
            reveal = ["None of them: every run diverges."]
        else:
            names = spoken.listing([say(etas[i]) for i in winners])
            first = runs[winners[0]]
            verb = "tie" if len(winners) > 1 else "wins"
            reading = (f"loss reads {say(numbers['bottom_loss'], d)} at step "
                       f"{first['first_step_at_bottom']}")
            reveal = [f"{names} {verb}: {'their' if len(winners) > 1 else 'its'} {reading}."
                      if count > 1 else f"Its {reading}, the lowest it gets."]
            crawler = next((i for i in range(count) if i not in winners and
                            verdicts[i] in ("converging", "converging slowly")
                            and etas[i] < etas[winners[0]]), None)
            swinger = next((i for i in range(count) if i not in winners and
                            verdicts[i] == "oscillating"), None)
            if crawler is not None and swinger is not None:
                a, b = np.asarray(runs[crawler]["losses"]), np.asarray(runs[swinger]["losses"])
                same = a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-9, atol=0.0))
                both = (f"{say(etas[crawler])} crawls, and {say(etas[swinger])} overshoots the "
                        "bottom on every step")
                if same:
                    reveal.append(f"{both.capitalize()}, yet after {steps} steps they show the "
                                  "same loss. Each one shrinks the distance to the bottom by "
                                  "the same factor.")
                else:
                    reveal.append(f"{both.capitalize()}, back and forth.")
            elif crawler is not None:
                reveal.append(f"{say(etas[crawler])} crawls: its steps are too small.")
            elif swinger is not None:
                reveal.append(f"{say(etas[swinger])} overshoots the bottom on every step, "
                              "back and forth.")
        values["reveal"] = " ".join(reveal)
        # The run the scene reads out: the first that bounces, else the largest rate.
        bouncing = [i for i, v in enumerate(verdicts) if v == "bouncing for ever"]
        focus = bouncing[0] if bouncing else int(np.argmax(etas))
        run = runs[focus]
        ws = [say(w, 2) for w in run["points"][:3]]
        losses = [say(v, d) for v in run["losses"][:3]]
        diverging = [i for i, v in enumerate(verdicts) if v == "diverging" and i != focus]
        too_big = []
        if bouncing:
            too_big.append(f"At {say(etas[focus])}, the ball jumps from {ws[0]} to {ws[1]} "
                           f"and back again, and the loss stays frozen at {losses[0]}.")
        else:
            moves = " to ".join(ws)
            rate = (f"The largest rate, {say(etas[focus])}," if count > 1 else
                    f"The rate {say(etas[focus])}")
            too_big.append(f"{rate} takes w from {moves}, and its loss reads "
                           f"{spoken.listing(losses)}.")
            if verdicts[focus] in GOOD_VERDICTS:
                too_big.append(f"{'Even that one' if count > 1 else 'It'} is not too big here: "
                               f"its run is {verdicts[focus]}.")
            elif verdicts[focus] == "diverging":
                end = run["losses"][-1]
                too_big.append(f"Every jump lands higher, and after {len(run['losses']) - 1} "
                               f"steps the loss has climbed to {say(end, d)}.")
        if diverging:
            worst = runs[diverging[0]]
            rates = spoken.listing([say(etas[i]) for i in diverging])
            climb = (f"the loss climbs from {say(worst['losses'][0], d)} to "
                     f"{say(worst['losses'][-1], d)}")
            too_big.append(f"Nudge it to {rates} and every jump lands higher: {climb}."
                           if bouncing else f"At {rates} too, every jump lands higher: {climb}.")
        values["too_big"] = " ".join(too_big)
        if wild:
            values["takeaway"] = ("Too small a learning rate crawls, too large a one bounces "
                                  "or diverges. The best choice sits in between.")
        else:
            values["takeaway"] = ("Too small a learning rate crawls; a larger one gets to the "
                                  "bottom sooner, as long as it is not too large.")
        return values

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
            question = self.ask("Which learning rate reaches the bottom first?")

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
            self.takeaway("Too small crawls; too large bounces or diverges.")

    # ------------------------------------------------------------------ pieces

    def info_item(self) -> mn.VMobject:
        w0 = self.params["w0"]
        return self.text(f"start w = {self.fmt(w0, dec.exact_decimals(w0, 2, 0))}", size=SMALL_SIZE)

    def build_panels(self, runs: list[dict[str, Any]], loss: Any, view: dp.View,
                     top: float, bottom: float, decimals: int) -> list[dp.Panel]:
        cells = dp.cells(self, len(runs), top, bottom)
        panels = []
        colours = dp.run_colours(self, len(runs))
        for cell, run, colour in zip(cells, runs, colours, strict=True):
            eta = float(run["eta"])
            title = self.text(f"η = {self.fmt(eta, dec.exact_decimals(eta, 3, 1))}", size=24,
                              color=colour.to_hex())
            losses = [float(v) for v in run["losses"]]
            reading = dp.Reading(self, "loss", losses[0], decimals, losses)
            panels.append(dp.build_panel(self, cell, loss, view, run, title, [reading], colour))
        return panels

    def update_panel(self, panel: dp.Panel, run: dict[str, Any], k: int, passed: range,
                     decimals: int) -> None:
        """After step ``k``: the loss read out, and a note once the ball has left the chart."""
        if k < len(run["losses"]):
            panel.readouts[0].read(float(run["losses"][k]))
        if panel.left_at is not None and k >= panel.left_at and panel.note is None:
            note = self.text("over the rim", size=dp.PANEL_TEXT, color=self.theme.bad)
            self.fit(note, width=panel.box.width - 0.16)
            note.move_to(panel.note_anchor)
            panel.note = note
            self.add(note)

    def verdict_note(self, panel: dp.Panel, run: dict[str, Any]) -> mn.Text:
        verdict = str(run["verdict"])
        colour = self.theme.good if verdict in GOOD_VERDICTS else self.theme.bad
        if verdict == "stationary":
            colour = self.theme.muted
        note = self.text(verdict, size=dp.PANEL_TEXT, color=colour)
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
            answer = self.bottom_text(["None of them: every run diverges."], self.theme.bad)
            self.play(mn.FadeIn(answer), run_time=0.6)
            return []
        names = " and ".join(
            f"η = {self.fmt(runs[i]['eta'], dec.exact_decimals(float(runs[i]['eta']), 3, 1))}"
            for i in winners)
        first = runs[winners[0]]
        step = first["first_step_at_bottom"]
        reading = f"loss {self.fmt(n['bottom_loss'], decimals)}"
        verb = "tie" if len(winners) > 1 else "wins"
        answer = self.bottom_text(
            [f"{names} {verb}: {reading} at step {self.fmt(step, 0)}"], self.theme.good)
        boxes = [mn.SurroundingRectangle(panels[i].box, buff=0.04, corner_radius=0.14,
                                         color=self.colour("good"), stroke_width=4)
                 for i in winners]
        self.play(mn.FadeIn(answer), *[mn.Create(b) for b in boxes], run_time=0.8)
        return list(boxes)

    def too_big(self, panels: list[dp.Panel], runs: list[dict[str, Any]],
                decimals: int, highlights: list[mn.Mobject]) -> None:
        """The first steps of the run that bounces (or else the largest η), read out."""
        bouncing = [i for i, r in enumerate(runs) if r["verdict"] == "bouncing for ever"]
        focus = bouncing[0] if bouncing else int(np.argmax([r["eta"] for r in runs]))
        run = runs[focus]
        count = min(3, len(run["points"]))
        ws = " → ".join(self.fmt(w, 2) for w in run["points"][:count])
        losses = " → ".join(self.fmt(v, decimals) for v in run["losses"][:count])
        eta = self.fmt(run["eta"], dec.exact_decimals(float(run["eta"]), 3, 1))
        lines = [f"η = {eta}:  w = {ws}", f"loss = {losses}"]
        old = [m for m in self.mobjects if getattr(m, "_bottom_band", False)]
        words = self.bottom_text(lines, self.theme.text)
        # The run read out, and every run that flies away, framed as warnings.
        marked = [focus, *[i for i, r in enumerate(runs)
                           if r["verdict"] == "diverging" and i != focus]]
        boxes = [mn.SurroundingRectangle(panels[i].box, buff=0.04, corner_radius=0.14,
                                         color=self.colour("bad"), stroke_width=4)
                 for i in marked]
        fading = [mn.FadeOut(m) for m in old + highlights]
        self.play(*fading, run_time=0.4)
        self.play(mn.FadeIn(words), *[mn.Create(b) for b in boxes], run_time=0.8)
        for m in [words, *boxes]:
            m._bottom_band = True  # type: ignore[attr-defined]
