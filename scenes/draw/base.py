"""The lesson scene every clip derives from: beats, titles, takeaways, recorded numbers.

A lesson reads its parameters once, asks the numeric core for its series, then plays
its beats. Everything it writes on screen that is a number goes through
:meth:`LessonScene.shown`, so tests can check that it is one of the core's values.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, ClassVar, TypeVar

import manim as mn

from scenes.core.catalog import Entry, Lesson, entry_of, lookup
from scenes.draw.style import DARK, Layout, Theme
from scenes.words import narration
from scenes.words import voice as voices
from scenes.words.language import DEFAULT as DEFAULT_LANGUAGE

TITLE_SIZE = 44
BODY_SIZE = 30
SMALL_SIZE = 24
MATH_SCALE = 0.9
FONT = "DejaVu Sans"  # a clear sans face that Debian installs with fontconfig
# MathTex digits (DecimalNumber) come out smaller than Text digits at the same font size.
NUMBER_TO_TEXT = 1.45


M = TypeVar("M", bound=mn.Mobject)
_DECIMAL_POINT = re.compile(r"(?<=\d)\.(?=\d)")

_GLYPHS: dict[str, mn.VMobject] = {}


class FastDecimal(mn.DecimalNumber):
    """A DecimalNumber whose digits are copied from plain cached outlines.

    Manim deep-copies a whole MathTex for every character on each ``set_value``;
    copying bare outlines makes updating a readout about three times faster.
    ``decimal_mark`` shows the language's decimal mark ("4,6").
    """

    decimal_mark = "."

    def __init__(self, *args: Any, decimal_mark: str = ".", **kwargs: Any) -> None:
        self.decimal_mark = decimal_mark
        super().__init__(*args, **kwargs)

    def _get_num_string(self, number: float | complex) -> str:
        text: str = super()._get_num_string(number)
        return text.replace(".", self.decimal_mark) if self.decimal_mark != "." else text

    def _string_to_mob(self, string: str, mob_class: Any = None, **kwargs: Any) -> mn.VMobject:
        if string not in _GLYPHS:
            tex = (mob_class or self.mob_class)(string, **kwargs)
            plain = mn.VMobject()
            for part in tex.family_members_with_points():
                piece = mn.VMobject()
                piece.set_points(part.points.copy())
                plain.add(piece)
            _GLYPHS[string] = plain
        mob = _GLYPHS[string].copy()
        mob.scale(self._font_size / mn.DEFAULT_FONT_SIZE, about_point=mn.ORIGIN)
        return mob


class SubtitleCard(mn.VGroup):
    """One burned-in subtitle: a dark band and its lines, shown from start to end."""

    def __init__(self, band: mn.VMobject, lines: mn.VGroup, start: float, end: float) -> None:
        super().__init__(band, lines)
        self.band, self.lines, self.start, self.end = band, lines, start, end

    def show_at(self, now: float) -> None:
        visible = self.start <= now < self.end
        self.band.set_fill(opacity=0.75 if visible else 0.0)
        self.lines.set_opacity(1.0 if visible else 0.0)


class LessonScene(mn.Scene):
    """Base class of every scene in the course.

    Subclasses set ``name`` (the catalogue name) and ``BEATS`` (the beat names, in the
    order of the narration script) and implement :meth:`construct` as a sequence of
    ``with self.beat(NAME):`` blocks.
    """

    name: ClassVar[str]
    BEATS: ClassVar[tuple[str, ...]]

    def __init__(
        self,
        lesson: Lesson | None = None,
        theme: Theme = DARK,
        voice: voices.Voice | None = None,
        burn_subtitles: bool = False,
        lang: str = DEFAULT_LANGUAGE,
        params: Mapping[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.displayed: list[float] = []
        self.texts_drawn: list[mn.Text] = []  # every Text built, for tests of the words
        self.lesson = lesson if lesson is not None else self.entry.prepare(params or {})
        self.params: dict[str, Any] = self.lesson.params
        self.numbers: dict[str, Any] = self.lesson.numbers
        self.theme = theme
        self.words = self.words_for(self.lesson, lang, on_screen=self.shown)
        self.language = self.words.language
        self.script = self.words.script()
        self.voice = voice or voices.SilentVoice()
        self.plans = voices.plan(self.script, self.voice, self.name,
                                 words_per_minute=self.language.words_per_minute)
        self.beat_durations = {name: plan.length for name, plan in self.plans.items()}
        self.burn_subtitles = burn_subtitles
        self.cues: list[voices.Cue] = []
        self.subtitle_layer: mn.VGroup | None = None
        self.beat_log: list[tuple[str, float, float]] = []
        self.markers: dict[str, float] = {}
        self.out_of_frame: list[str] = []
        self.colours_seen: set[str] = set()
        self.kept: list[mn.Mobject] = []  # stays through clear_scene (the header)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """A lesson's name comes from its catalogue entry: it is written once, there."""
        super().__init_subclass__(**kwargs)
        entry = entry_of(cls, missing_ok=True)
        if entry is not None:
            cls.name = entry.name

    @property
    def entry(self) -> Entry:
        return lookup(self.name)

    @classmethod
    def spoken_values(cls, numbers: Mapping[str, Any],
                      params: Mapping[str, Any]) -> dict[str, str]:
        """Extra values for the narration templates (older scenes compute words here)."""
        return {}

    @classmethod
    def words_for(cls, lesson: Lesson, lang: str = DEFAULT_LANGUAGE,
                  on_screen: Callable[[float], float] | None = None) -> narration.Words:
        context = {**lesson.context(), **cls.spoken_values(lesson.numbers, lesson.params)}
        return narration.Words(lesson.name, lang, context, on_screen=on_screen)

    @classmethod
    def narration_for(cls, params: Mapping[str, Any] | None = None,
                      lang: str = DEFAULT_LANGUAGE) -> list[narration.Beat]:
        """The filled-in script for ``params``, without building the scene."""
        return cls.words_for(entry_of(cls).prepare(params or {}), lang).script()

    # ------------------------------------------------------------------ frame

    @property
    def layout(self) -> Layout:
        cfg = mn.config
        return Layout(
            "custom",
            cfg.pixel_width,
            cfg.pixel_height,
            cfg.frame_width,
            cfg.frame_height,
            int(cfg.frame_rate),
        )

    @property
    def frame_width(self) -> float:
        return float(mn.config.frame_width)

    @property
    def frame_height(self) -> float:
        return float(mn.config.frame_height)

    def setup(self) -> None:
        self.camera.background_color = mn.ManimColor(self.theme.background)  # type: ignore[union-attr]

    # ------------------------------------------------------------------ beats

    def wait(self, duration: float = 1.0, *args: Any, **kwargs: Any) -> None:
        """Wait a whole number of frames (Manim drops the fraction, which adds up)."""
        frames = round(duration * float(mn.config.frame_rate))
        if frames > 0:
            super().wait((frames + 1e-6) / float(mn.config.frame_rate), *args, **kwargs)

    @contextmanager
    def beat(self, name: str) -> Iterator[None]:
        """A beat of the lesson; it lasts at least as long as its narration."""
        if name not in self.BEATS:
            raise ValueError(f"{self.name}: beat {name!r} is not in BEATS {self.BEATS}")
        expected = self.BEATS[len(self.beat_log)] if len(self.beat_log) < len(self.BEATS) else None
        if name != expected:
            raise ValueError(
                f"{self.name}: beat {name!r} played out of order (expected {expected!r})"
            )
        start = self.time
        self.speak(name, start)
        yield
        wanted = self.beat_durations.get(name, 0.0)
        elapsed = self.time - start
        if wanted > elapsed + 1e-6:
            self.wait(wanted - elapsed)
        self.beat_log.append((name, start, self.time))
        self.check_in_frame(name)

    def note_colours(self, mobject: mn.Mobject) -> None:
        """Collect the visible colours of ``mobject`` (tests check they are the theme's)."""
        for part in mobject.family_members_with_points():
            if not isinstance(part, mn.VMobject):
                continue
            stroke, fill = part.get_stroke_color(), part.get_fill_color()
            if stroke is not None and part.get_stroke_width() > 0 \
                    and part.get_stroke_opacity() > 0.05:
                self.colours_seen.add(stroke.to_hex().lower())
            if fill is not None and part.get_fill_opacity() > 0.05:
                self.colours_seen.add(fill.to_hex().lower())

    def check_in_frame(self, where: str, margin: float = 0.02) -> None:
        """Note every visible mobject that pokes out of the frame (tests read this)."""
        half_w = self.frame_width / 2 + margin
        half_h = self.frame_height / 2 + margin
        for mobject in self.mobjects:
            if not mobject.get_family() or mobject.width == 0 and mobject.height == 0:
                continue
            if not any(m.has_points() for m in mobject.get_family()):
                continue
            self.note_colours(mobject)
            left, bottom = mobject.get_corner(mn.DL)[:2]
            right, top = mobject.get_corner(mn.UR)[:2]
            if left < -half_w or right > half_w or bottom < -half_h or top > half_h:
                self.out_of_frame.append(
                    f"{where}: {type(mobject).__name__} spans x [{left:.2f}, {right:.2f}], "
                    f"y [{bottom:.2f}, {top:.2f}] in a {2 * half_w:.2f} × {2 * half_h:.2f} frame"
                )

    def speak(self, name: str, start: float) -> None:
        """Queue the beat's sentences as sound, and their subtitles, from ``start``."""
        plan = self.plans.get(name)
        if plan is None:
            return
        beat_cues = []
        for sentence in plan.sentences:
            if sentence.audio is not None:
                self.add_sound(str(sentence.audio), time_offset=sentence.start)
            beat_cues += voices.cues_for(sentence.text, start + sentence.start,
                                         start + sentence.start + sentence.duration)
        for marker, offset in plan.markers.items():
            self.markers[marker] = start + offset
        self.cues += beat_cues
        if self.burn_subtitles:
            self.burn(beat_cues)

    def tear_down(self) -> None:
        """Carry the soundtrack to the last frame, so audio and video end together."""
        if any(s.audio is not None for plan in self.plans.values() for s in plan.sentences):
            silence = voices.silence(0.05)
            self.add_sound(str(silence), time_offset=-0.05)

    def until(self, marker: str) -> None:
        """Wait until the narration reaches ``[[marker]]`` (no wait if it is past)."""
        if marker not in self.markers:
            raise ValueError(f"{self.name}: no marker [[{marker}]] in the current beat's script")
        remaining = self.markers[marker] - self.time
        if remaining > 0:
            self.wait(remaining)

    def burn(self, cues: Sequence[voices.Cue]) -> None:
        """Draw ``cues`` into the picture, each shown during its time (for --burn-subtitles)."""
        if self.subtitle_layer is None:
            self.subtitle_layer = mn.VGroup()
            self.add_foreground_mobject(self.subtitle_layer)

            def show_current(layer: mn.Mobject) -> None:
                now = self.time
                for card in layer.submobjects:
                    if isinstance(card, SubtitleCard):
                        card.show_at(now)

            self.subtitle_layer.add_updater(show_current)
        for cue in cues:
            # White on a dark band, as captions are, whatever the theme.
            lines = mn.VGroup(*[self.text(line, size=SMALL_SIZE + 2, color="#ffffff") for line in
                                cue.text.split("\n")]).arrange(mn.DOWN, buff=0.08)
            self.fit(lines, width=self.frame_width - 1.0)
            band = mn.BackgroundRectangle(lines, color=mn.ManimColor("#000000"),
                                          fill_opacity=0.75, buff=0.12)
            card = SubtitleCard(band, lines, cue.start, cue.end)
            card.to_edge(mn.DOWN, buff=0.15)
            card.show_at(-1.0)
            self.subtitle_layer.add(card)

    # ------------------------------------------------------------------ numbers

    def shown(self, value: float) -> float:
        """Record a number that is about to appear on screen, and return it."""
        self.displayed.append(float(value))
        return float(value)

    def number(
        self,
        value: float,
        decimals: int = 2,
        size: float = BODY_SIZE,
        color: str | None = None,
        **kwargs: Any,
    ) -> FastDecimal:
        """A DecimalNumber showing ``value`` (recorded), to be updated in place later."""
        return FastDecimal(
            self.shown(value),
            num_decimal_places=decimals,
            font_size=size * NUMBER_TO_TEXT,
            color=mn.ManimColor(color or self.theme.text),
            decimal_mark=self.language.decimal,
            **kwargs,
        )

    def tex_num(self, value: float, decimals: int | None = None) -> str:
        """A number for MathTex (recorded): ASCII minus, as LaTeX wants; ``None``: as typed."""
        shown = self.shown(value)
        text = f"{shown:g}" if decimals is None else f"{shown:.{decimals}f}"
        # A decimal comma in braces, so LaTeX does not space it as punctuation.
        return text.replace(".", "{" + self.language.decimal + "}") \
            if self.language.decimal != "." else text

    def fmt(self, value: float, decimals: int = 2) -> str:
        """A number as text for a label (recorded); trailing zeros are kept."""
        return self.words.speech.screen(self.shown(value), decimals)

    # ------------------------------------------------------------------ text

    def text(
        self, content: str, size: float = BODY_SIZE, color: str | None = None, **kwargs: Any
    ) -> mn.Text:
        kwargs.setdefault("font", FONT)
        made = mn.Text(
            content, font_size=size, color=mn.ManimColor(color or self.theme.text), **kwargs
        )
        self.texts_drawn.append(made)
        return made

    def tex(
        self, *parts: str, color: str | None = None, scale: float = MATH_SCALE, **kwargs: Any
    ) -> mn.MathTex:
        if self.language.decimal != ".":
            # The core's LaTeX writes 1.25; this language writes 1{,}25 (no space after it).
            mark = "{" + self.language.decimal + "}"
            parts = tuple(_DECIMAL_POINT.sub(mark, part) for part in parts)
        math = mn.MathTex(*parts, color=mn.ManimColor(color or self.theme.text), **kwargs)
        return math.scale(scale)

    def fit(self, mobject: M, width: float | None = None, height: float | None = None) -> M:
        """Scale ``mobject`` down (never up) to fit within the given size."""
        max_w = width if width is not None else self.frame_width - 0.8
        if mobject.width > max_w:
            mobject.scale_to_fit_width(max_w)
        if height is not None and mobject.height > height:
            mobject.scale_to_fit_height(height)
        return mobject

    def keep_inside(self, mobject: M, centre: Any, width: float, height: float) -> M:
        """Shift ``mobject`` the least distance that puts it inside the box (if it fits)."""
        for axis, size in ((0, width), (1, height)):
            low, high = centre[axis] - size / 2, centre[axis] + size / 2
            start = mobject.get_corner(mn.DL)[axis]
            end = mobject.get_corner(mn.UR)[axis]
            shift = max(0.0, low - start) - max(0.0, end - high)
            if shift:
                mobject.shift(shift * (mn.RIGHT if axis == 0 else mn.UP))
        return mobject

    def keep_in_frame(self, mobject: M, margin: float = 0.15) -> M:
        """Nudge ``mobject`` back inside the frame, ``margin`` from its edges."""
        return self.keep_inside(mobject, mn.ORIGIN, self.frame_width - 2 * margin,
                                self.frame_height - 2 * margin)

    # ------------------------------------------------------------------ layout pieces

    def title_card(self, title: str | None = None, subtitle: str | None = None) -> None:
        """Show the lesson's title and concept, then clear them."""
        heading = self.text(title or self.words("title"), size=TITLE_SIZE, weight=mn.BOLD)
        sub = self.text(subtitle or self.words("concept"), size=BODY_SIZE, color=self.theme.muted)
        group = mn.VGroup(heading, sub).arrange(mn.DOWN, buff=0.35)
        self.fit(group)
        self.play(mn.FadeIn(heading, shift=0.3 * mn.UP), run_time=0.8)
        self.play(mn.FadeIn(sub), run_time=0.6)
        self.wait(0.6)
        self.play(mn.FadeOut(group), run_time=0.5)

    def header(self, content: str | None = None) -> mn.Text:
        """A small title kept at the top edge while the lesson plays."""
        head = self.text(content or self.words("title"), size=SMALL_SIZE, color=self.theme.muted)
        self.fit(head)
        head.to_edge(mn.UP, buff=0.25)
        self.add(head)
        self.kept.append(head)
        return head

    def panel_box(self, content: mn.Mobject) -> mn.SurroundingRectangle:
        """An opaque rounded box behind ``content`` so it reads over anything."""
        return mn.SurroundingRectangle(content, buff=0.25, corner_radius=0.12,
                                       color=mn.ManimColor(self.theme.muted),
                                       fill_color=mn.ManimColor(self.theme.panel),
                                       fill_opacity=0.96, stroke_width=2)

    def takeaway(self, content: str, keep: Sequence[mn.Mobject] = ()) -> mn.VGroup:
        """The one-line lesson: everything else but ``keep`` fades, the line stays centred.

        Long lines wrap onto two lines at a word boundary to stay legible in portrait.
        """
        self.clear_scene(keep=[*keep, *self.kept])
        words = self.wrapped(content, BODY_SIZE + 4, self.frame_width - 1.4)
        group = mn.VGroup(self.panel_box(words), words)
        if keep:
            group.to_edge(mn.DOWN, buff=0.4)
        self.play(mn.FadeIn(group, shift=0.2 * mn.UP), run_time=0.8)
        return group

    def wrapped(self, content: str, size: float, width: float) -> mn.VMobject:
        """Text on one line if it fits ``width`` at a legible size, else on two or three."""
        one = self.text(content, size=size)
        if one.width <= width:
            return one
        words = content.split()
        for lines in (2, 3):
            per = -(-len(words) // lines)
            rows = [" ".join(words[i:i + per]) for i in range(0, len(words), per)]
            block = mn.VGroup(*[self.text(r, size=size) for r in rows]).arrange(
                mn.DOWN, buff=0.15)
            if block.width <= width:
                return block
        return self.fit(block, width=width)

    def ask(self, question: str, seconds: float = 3.0) -> mn.VGroup:
        """Pose a prediction question over the picture and give the viewer time to think."""
        words = self.wrapped(question, BODY_SIZE, self.frame_width - 1.4)
        words.set_color(self.colour("point"))
        hint = self.text(self.words.common("predict_hint"), size=SMALL_SIZE, color=self.theme.muted)
        inner = mn.VGroup(words, hint).arrange(mn.DOWN, buff=0.15)
        group = mn.VGroup(self.panel_box(inner), inner).to_edge(mn.DOWN, buff=0.35)
        self.play(mn.FadeIn(group), run_time=0.6)
        self.wait(seconds)
        return group

    def clear_scene(self, run_time: float = 0.6, keep: Sequence[mn.Mobject] = ()) -> None:
        leaving = [m for m in self.mobjects if m not in keep and m not in self.kept]
        if leaving:
            self.play(*[mn.FadeOut(m) for m in leaving], run_time=run_time)

    # ------------------------------------------------------------------ helpers

    def colour(self, name: str) -> mn.ManimColor:
        return mn.ManimColor(getattr(self.theme, name))

    def series_colour(self, index: int) -> mn.ManimColor:
        return mn.ManimColor(self.theme.series[index % len(self.theme.series)])
