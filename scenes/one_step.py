"""One gradient-descent step on a loss curve, with every number on screen."""

from __future__ import annotations

import manim as mn

from scenes.base import LessonScene


class OneStep(LessonScene):
    name = "one-step"
    BEATS = ("title", "setup", "slope", "update", "result", "takeaway")

    def construct(self) -> None:
        n = self.numbers
        with self.beat("title"):
            self.title_card()
        with self.beat("setup"):
            self.header()
            rule = self.tex(r"w \leftarrow w - \eta\, L'(w)")
            rule.to_edge(mn.UP, buff=0.8)
            self.play(mn.Write(rule))
            w0 = self.text(f"w = {self.fmt(n['w0'], 2)}", color=self.theme.point)
            self.play(mn.FadeIn(w0))
        with self.beat("slope"):
            slope = self.text(f"L'(w) = {self.fmt(n['slope'], 2)}").next_to(w0, mn.DOWN)
            self.play(mn.FadeIn(slope))
        with self.beat("update"):
            w1 = self.text(f"w = {self.fmt(n['w1'], 2)}", color=self.theme.step).next_to(
                slope, mn.DOWN
            )
            self.play(mn.FadeIn(w1))
        with self.beat("result"):
            loss = self.text(f"loss {self.fmt(n['loss0'], 2)} → {self.fmt(n['loss1'], 2)}").next_to(
                w1, mn.DOWN
            )
            self.play(mn.FadeIn(loss))
        with self.beat("takeaway"):
            self.takeaway("Measure the slope, step against it.")
