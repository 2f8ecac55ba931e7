"""The rules of differentiation, one example at a time, each checked by measurement.

A table grows a row per example: the rule the first step uses, f and f′ typeset from
the core's LaTeX, and at one x the value the rule gives beside a central difference
measured from f alone. Rows are grouped under the beat of their rule (power-type rules,
chain rule, special functions); when the frame is full the table turns a page.
"""

from __future__ import annotations

import math
from typing import Any

import manim as mn
import numpy as np

from scenes.core.series import Rule, RuleGroup
from scenes.draw.base import SMALL_SIZE, LessonScene

CELL_SIZE = SMALL_SIZE - 2
ROW_GAP = 0.2
COLUMN_GAP = 0.32
TEX_SCALE = 0.7

# The general rule each beat states (symbols only: no computed values).
RULE_CARDS: dict[RuleGroup, tuple[str, ...]] = {
    RuleGroup.POWER: (r"\left(x^{n}\right)' = n\,x^{n-1}", r"\left(c\,f\right)' = c\,f'",
                      r"\left(f + g\right)' = f' + g'"),
    RuleGroup.CHAIN: (r"\big(f(g(x))\big)' = f'\big(g(x)\big)\, g'(x)",),
    RuleGroup.SPECIAL: (r"\left(e^{x}\right)' = e^{x}", r"\left(\ln x\right)' = \frac{1}{x}",
                        r"\sigma' = \sigma\,(1 - \sigma)"),
}

# Rules stated only when an example uses them.
EXTRA_CARDS: dict[RuleGroup, dict[Rule, str]] = {
    RuleGroup.POWER: {Rule.PRODUCT: r"\left(f\,g\right)' = f'\,g + f\,g'",
                      Rule.CONSTANT: r"\left(c\right)' = 0"},
}

SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def display_latex(latex: str) -> str:
    """The core's LaTeX as a lecture writes it: ln for the natural logarithm."""
    return latex.replace(r"\log", r"\ln")


class DerivativeRules(LessonScene):
    BEATS = ("title", "check", "power", "chain", "special", "takeaway")

    # ------------------------------------------------------------------ numbers as text

    def sci(self, value: float) -> str:
        """A small gap written as 1.4×10⁻¹⁰ (recorded)."""
        value = self.shown(value)
        if value == 0:
            return "0"
        exponent = math.floor(math.log10(abs(value)))
        mantissa = value / 10**exponent
        return f"{self.words.speech.screen(mantissa, 1)}×10{str(exponent).translate(SUPERSCRIPT)}"

    def g(self, value: float) -> str:
        """A check point as written by hand (recorded): 1.5, 0.7, -0.6."""
        return f"{self.shown(value):g}".replace(".", self.language.decimal).replace("-", "−")

    # ------------------------------------------------------------------ layout

    def content_box(self) -> tuple[float, float, float]:
        """Left edge, top and bottom of the area under the header, above the takeaway."""
        return -self.frame_width / 2 + 0.35, self.frame_height / 2 - 0.75, \
            -self.frame_height / 2 + 1.25

    # ------------------------------------------------------------------ story

    def construct(self) -> None:
        n = self.numbers
        examples: list[dict[str, Any]] = n["examples"]
        width = self.frame_width - 0.7
        left, top, bottom = self.content_box()
        cards = {g: self.card(g, width) for g in RuleGroup}
        # The table starts below the tallest card, so a later card never covers a row.
        table_top = top - 0.1 - max(c.height for c in cards.values()) - 0.35

        with self.beat("title"):
            self.title_card()

        # -------------------------------------------------------------- how we check
        with self.beat("check"):
            self.header()
            exponent = round(math.log10(self.shown(n["h"])))
            method = mn.VGroup(
                self.text(self.words("check"), size=SMALL_SIZE + 2, color=self.theme.muted),
                self.tex(r"f'(x) \approx \frac{f(x + h) - f(x - h)}{2h},\quad "
                         rf"h = 10^{{{exponent}}}", scale=0.8),
            ).arrange(mn.DOWN, buff=0.25)
            self.fit(method, width=width)
            method.move_to(np.array([0.0, top - 0.1, 0.0]), aligned_edge=mn.UP)
            self.play(mn.FadeIn(method[0]), run_time=0.6)
            self.play(mn.Write(method[1]), run_time=1.5)

        # Rows grouped by beat, in the user's order within each group.
        order = {g: [e for e in examples if e["group"] is g] for g in RuleGroup}
        rows = {g: [self.row(e) for e in order[g]] for g in RuleGroup}
        every_row = [r for g in RuleGroup for r in rows[g]]
        columns = self.column_layout(every_row, width)
        heading = self.heading(columns) if columns else mn.VGroup()
        if columns:
            heading.move_to(np.array([left, table_top, 0.0]), aligned_edge=mn.UL)
        first_top = (heading.get_bottom()[1] - 0.2) if columns else table_top
        laid = {g: [self.arrange_row(cells, columns, width) for cells in rows[g]]
                for g in RuleGroup}
        breaks = self.page_breaks([r for g in RuleGroup for r, *_ in laid[g]],
                                  first_top - bottom)
        page: list[mn.VGroup] = []
        card: mn.Mobject = method
        count = 0

        for group in RuleGroup:
            with self.beat(group.value):
                new_card = cards[group]
                new_card.move_to(np.array([0.0, top - 0.1, 0.0]), aligned_edge=mn.UP)
                self.play(mn.FadeOut(card), mn.FadeIn(new_card), run_time=0.8)
                card = new_card
                if columns and heading not in self.mobjects:
                    self.play(mn.FadeIn(heading), run_time=0.5)
                for cells, (row, with_f, with_check) in zip(rows[group], laid[group],
                                                             strict=True):
                    if count in breaks:
                        # The page is full: turn it, keeping the heading.
                        self.play(*[mn.FadeOut(r) for r in page], run_time=0.5)
                        page = []
                    y = (page[-1].get_bottom()[1] - ROW_GAP) if page else first_top
                    if y - row.height < bottom:  # a single row taller than the page
                        self.fit(row, width=width, height=y - bottom)
                    row.move_to(np.array([left, y, 0.0]), aligned_edge=mn.UL)
                    page.append(row)
                    self.reveal(cells, with_f, with_check)
                    count += 1

        with self.beat("takeaway"):
            self.takeaway(self.words("takeaway"))

    # ------------------------------------------------------------------ pieces

    @staticmethod
    def page_breaks(rows: list[mn.VGroup], room: float) -> set[int]:
        """Indices of the rows that start a new page, the pages as even as they can be.

        First find how many pages the rows need when each is filled up, then share the
        rows out evenly (so the last page is not a lonely row) while each page still fits.
        """
        def pages_for(most: int) -> list[int]:
            starts, used, on_page = [0], 0.0, 0
            for i, row in enumerate(rows):
                need = row.height + (ROW_GAP if on_page else 0.0)
                if on_page and (used + need > room or on_page == most):
                    starts.append(i)
                    used, on_page, need = 0.0, 0, row.height
                used += need
                on_page += 1
            return starts

        if not rows:
            return set()
        greedy = pages_for(len(rows))
        even = pages_for(-(-len(rows) // len(greedy)))
        return set((even if len(even) == len(greedy) else greedy)[1:])

    def card(self, group: RuleGroup, width: float) -> mn.VGroup:
        """The general rules of a beat, side by side (stacked when the frame is narrow)."""
        used: list[Rule] = self.numbers["rules"]
        extra = [tex for rule, tex in EXTRA_CARDS.get(group, {}).items() if rule in used]
        parts = mn.VGroup(*[self.tex(t, scale=0.8, color=self.theme.derivative)
                            for t in (*RULE_CARDS[group], *extra)])
        parts.arrange(mn.RIGHT, buff=0.8)
        if parts.width > width:
            parts.arrange_in_grid(cols=2, buff=(0.6, 0.25))
        if parts.width > width:
            parts.arrange(mn.DOWN, buff=0.25)
        self.fit(parts, width=width)
        return parts

    def row(self, e: dict[str, Any]) -> dict[str, mn.VMobject]:
        """The cells of one example (built once)."""
        return {
            "rule": self.text(self.words(f"rule_{Rule(e['rule']).name.lower()}"),
                              size=CELL_SIZE, color=self.theme.muted),
            "f": self.tex(display_latex(e["function_latex"]), color=self.theme.function,
                          scale=TEX_SCALE),
            "fprime": self.tex(display_latex(e["derivative_latex"]),
                               color=self.theme.derivative, scale=TEX_SCALE),
            "x": self.text(self.g(e["check_at"]), size=CELL_SIZE, color=self.theme.point),
            "symbolic": self.text(self.fmt(e["symbolic"], 4), size=CELL_SIZE,
                                  color=self.theme.derivative),
            "central": self.text(self.fmt(e["central_difference"], 4), size=CELL_SIZE,
                                 color=self.theme.tangent),
            "error": self.text(self.sci(e["check_error"]), size=CELL_SIZE,
                               color=self.theme.good),
        }

    COLUMNS = ("rule", "f", "fprime", "x", "symbolic", "central", "error")

    def headings(self) -> dict[str, str]:
        """Each column's heading, from the screen words."""
        titles = self.words.items("headings")
        if len(titles) != len(self.COLUMNS):
            raise ValueError(f"{self.name}: 'headings' needs {len(self.COLUMNS)} entries, "
                             f"one per column, not {len(titles)}")
        return dict(zip(self.COLUMNS, titles, strict=True))

    def column_layout(self, rows: list[dict[str, mn.VMobject]],
                      width: float) -> list[tuple[str, float, float]] | None:
        """(key, left, width) of each column, or None when they do not fit the width."""
        if not rows:
            return None
        spans = []
        for key, title in self.headings().items():
            heading = self.text(title, size=CELL_SIZE)
            spans.append(max(heading.width, *(r[key].width for r in rows)))
        if sum(spans) + COLUMN_GAP * (len(spans) - 1) > width:
            return None
        out, x = [], 0.0
        for key, span in zip(self.COLUMNS, spans, strict=True):
            out.append((key, x, span))
            x += span + COLUMN_GAP
        return out

    def heading(self, columns: list[tuple[str, float, float]]) -> mn.VGroup:
        titles = self.headings()
        cells = mn.VGroup()
        for key, x, span in columns:
            cell = self.text(titles[key], size=CELL_SIZE, color=self.theme.muted)
            if key in ("rule", "f", "fprime"):
                cell.move_to(np.array([x, 0.0, 0.0]), aligned_edge=mn.LEFT)
            else:
                cell.move_to(np.array([x + span, 0.0, 0.0]), aligned_edge=mn.RIGHT)
            cells.add(cell)
        rule = mn.Line(cells.get_corner(mn.DL) + 0.12 * mn.DOWN,
                       cells.get_corner(mn.DR) + 0.12 * mn.DOWN,
                       color=self.colour("muted"), stroke_width=1.5)
        return mn.VGroup(cells, rule)

    def arrange_row(self, cells: dict[str, mn.VMobject],
                    columns: list[tuple[str, float, float]] | None,
                    width: float) -> tuple[mn.VGroup, list[mn.VMobject], list[mn.VMobject]]:
        """Place the cells in their columns, or on several lines when the frame is narrow.

        Returns the whole row and the decorations that go with f (an arrow) and with the
        check (its labels), so each appears with its part.
        """
        if columns:
            for key, x, span in columns:
                cell = cells[key]
                if key in ("rule", "f", "fprime"):
                    cell.move_to(np.array([x, 0.0, 0.0]), aligned_edge=mn.LEFT)
                else:
                    cell.move_to(np.array([x + span, 0.0, 0.0]), aligned_edge=mn.RIGHT)
            return mn.VGroup(*cells.values()), [], []
        arrow = self.tex(r"\longrightarrow", scale=TEX_SCALE, color=self.theme.muted)
        first = mn.VGroup(cells["rule"], cells["f"], arrow, cells["fprime"])
        first.arrange(mn.RIGHT, buff=0.25)
        labels: list[mn.VMobject] = [self.text(w, size=CELL_SIZE, color=self.theme.muted)
                                     for w in self.words.items("labels")]
        pairs = [mn.VGroup(label, cells[key]).arrange(mn.RIGHT, buff=0.12)
                 for label, key in zip(labels, ("x", "symbolic", "central", "error"),
                                       strict=True)]
        self.fit(first, width=width)
        # The check flows onto as many indented lines as the width needs.
        indent, lines, line = 0.3, mn.VGroup(), mn.VGroup()
        for pair in pairs:
            if len(line) and line.width + 0.3 + pair.width > width - indent:
                lines.add(line)
                line = mn.VGroup()
            line.add(pair)
            line.arrange(mn.RIGHT, buff=0.3)
        lines.add(line)
        lines.arrange(mn.DOWN, aligned_edge=mn.LEFT, buff=0.12)
        self.fit(lines, width=width - indent)
        mn.VGroup(first, lines).arrange(mn.DOWN, aligned_edge=mn.LEFT, buff=0.15)
        lines.shift(indent * mn.RIGHT)
        second = [m for pair in pairs for m in pair]
        return mn.VGroup(*first, *second), [arrow], labels

    def reveal(self, cells: dict[str, mn.VMobject], with_f: list[mn.VMobject],
               with_check: list[mn.VMobject]) -> None:
        """f, then f′, then the check: the rule's value beside the measured one."""
        self.play(*[mn.FadeIn(m) for m in (cells["rule"], cells["f"], *with_f)], run_time=0.6)
        self.play(mn.Write(cells["fprime"]), run_time=0.8)
        self.play(*[mn.FadeIn(m, shift=0.1 * mn.LEFT) for m in
                    (*with_check, cells["x"], cells["symbolic"], cells["central"],
                     cells["error"])], run_time=0.7)
        self.wait(0.3)
