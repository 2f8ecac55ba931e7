"""Every word of a lesson, as data: ``narration/<lang>/<scene>.md`` and ``<scene>.toml``.

The ``.md`` file is what the voice says and the subtitles show, one ``## beat``
section per beat, in the scene's order. The ``.toml`` file holds what the screen shows
in words: the title, the concept, questions, labels, verdict names and the takeaway.
Both are Jinja2 templates over the numbers the core computed for this render: a
sentence that depends on the results is written there with ``{% if %}`` and
``{% for %}``, and numbers, formulas, lists and plurals go through filters (``num``,
``formula``, ``join_and``, ``plural``...) that say them the language's way.

Templates run in Jinja2's immutable sandbox with strict undefined values: a missing
value is an error naming the file and line, never an empty string, and a template
cannot run code or change the numbers. Nothing here imports Manim.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import meta
from jinja2.sandbox import ImmutableSandboxedEnvironment

from scenes.words.language import DEFAULT, NARRATION_DIR, Language, LanguageError
from scenes.words.language import load as language
from scenes.words.speech import Speech, digits

WORDS_PER_MINUTE = 150.0
SENTENCE_PAUSE = 0.35  # seconds between sentences
BEAT_PAUSE = 0.6  # seconds of breath at the end of a beat

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÁÉÍÓÚÑ¿¡0-9“\"(\[])")

say = digits  # a number as plain digits, trailing zeros dropped


class NarrationError(LanguageError):
    """A script or screen-words file that cannot be filled: file, line and why."""


@dataclass(frozen=True)
class Beat:
    name: str
    sentences: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.sentences)


def script_path(scene: str, lang: str = DEFAULT) -> Path:
    return NARRATION_DIR / lang / f"{scene}.md"


def screen_path(scene: str, lang: str = DEFAULT) -> Path:
    return NARRATION_DIR / lang / f"{scene}.toml"


def split_sentences(paragraph: str) -> list[str]:
    flat = " ".join(paragraph.split())
    return [s.strip() for s in _SENTENCE_END.split(flat) if s.strip()]


def parse_script(text: str) -> list[Beat]:
    """``## name`` sections into beats; ``#`` headings and blank lines are not spoken."""
    beats: list[Beat] = []
    name: str | None = None
    lines: list[str] = []

    def close() -> None:
        if name is not None:
            beats.append(Beat(name, tuple(split_sentences(" ".join(lines)))))

    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("## "):
            close()
            name, lines = line[3:].strip(), []
        elif line.startswith("#") or line.startswith("<!--"):
            continue
        elif name is not None and line:
            lines.append(line)
    close()
    return beats


def beat_names(scene: str, lang: str = DEFAULT) -> list[str]:
    """The ``## beat`` names of a script, in order, without filling it."""
    path = script_path(scene, lang)
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    return [line.strip()[3:].strip() for line in text.splitlines()
            if line.strip().startswith("## ")]


def _plain(value: Any) -> Any:
    """Enumerations as their values, so templates compare them with text."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


@cache
def _screen_table(scene: str, lang: str) -> dict[str, Any]:
    path = screen_path(scene, lang)
    if not path.is_file():
        raise LanguageError(f"{scene}: no narration/{lang}/{scene}.toml "
                            f"(the {language(lang).name} words for the screen)")
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise NarrationError(f"narration/{lang}/{scene}.toml: {error}") from None


def title(scene: str, lang: str = DEFAULT) -> str:
    return str(_screen_table(scene, lang).get("title", scene))


def concept(scene: str, lang: str = DEFAULT) -> str:
    return str(_screen_table(scene, lang).get("concept", ""))


class Words:
    """The words of one scene in one language, filled from one render's numbers.

    ``script()`` gives the spoken beats; ``words(key)`` a screen text from the
    ``.toml`` file. Every number a filter writes is recorded: ``spoken`` for the
    voice, and ``on_screen`` (a callback, e.g. the scene's record of shown numbers)
    for text drawn in the picture.
    """

    def __init__(self, scene: str, lang: str = DEFAULT,
                 context: Mapping[str, Any] | None = None,
                 on_screen: Callable[[float], float] | None = None) -> None:
        self.scene = scene
        self.language: Language = language(lang)
        self.speech = Speech(self.language)
        self.context: dict[str, Any] = _plain(dict(context or {}))
        self.spoken: list[tuple[str, float]] = []
        self.formulas: list[str] = []  # formulas read aloud (their numbers are the user's)
        self._on_screen = on_screen or (lambda value: value)
        self._speaking = False
        self.env = self._environment()

    # ------------------------------------------------------------ filters

    def _environment(self) -> ImmutableSandboxedEnvironment:
        env = ImmutableSandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=False,
                                            trim_blocks=False, lstrip_blocks=True,
                                            keep_trailing_newline=True)
        sp = self.speech

        def num(value: float, decimals: int = 4) -> str:
            text = sp.num(float(value), decimals) if self._speaking \
                else sp.digits(self._on_screen(float(value)), decimals).replace("-", "−")
            if self._speaking:
                self.spoken.append((text, float(value)))
            return text

        def fmt(value: float, decimals: int = 2) -> str:
            """A number with fixed decimals, as a label shows it (recorded)."""
            shown = self._on_screen(float(value))
            text = sp.screen(shown, decimals)
            if self._speaking:
                self.spoken.append((text, float(value)))
            return text

        def plural(n: int, one: str, many: str | None = None) -> str:
            if self._speaking:
                self.spoken.append((str(int(n)), float(n)))
            return sp.plural(int(n), one, many)

        def formula(text: str) -> str:
            said = sp.formula(str(text))
            if self._speaking:
                self.formulas.append(said)
            return said

        def said_as_digits(text: str, n: float) -> str:
            if self._speaking and any(ch.isdigit() for ch in text):
                self.spoken.append((str(int(n)), float(n)))
            return text

        env.filters.update(
            num=num,
            fmt=fmt,
            digits=lambda v, d=2: num(v, d),
            formula=formula,
            count=lambda n: said_as_digits(sp.count(int(n)), n),
            ordinal=lambda n: said_as_digits(sp.ordinal(int(n)), n),
            join_and=lambda items: sp.listing([str(i) for i in items], "and"),
            join_or=lambda items: sp.listing([str(i) for i in items], "or"),
            plural=plural,
            sign=lambda v: sp.sign(float(v)),
            word=lambda key, *path: self.language.word(*path, key) if path
            else self.language.word(key),
        )
        env.globals.update(lang=self.language.code)
        return env

    def _render(self, source: str, where: str, extra: Mapping[str, Any]) -> str:
        try:
            template = self.env.from_string(source)
            return template.render({**self.context, **_plain(dict(extra))})
        except jinja2.TemplateSyntaxError as error:
            raise NarrationError(f"{where} line {error.lineno}: {error.message}") from None
        except jinja2.UndefinedError as error:
            raise NarrationError(f"{where}: {error.message} (values this scene gives: "
                                 f"{', '.join(sorted(self.context))})") from None
        except jinja2.exceptions.SecurityError as error:
            raise NarrationError(f"{where}: not allowed in a template: {error}") from None
        except (TypeError, ValueError, LanguageError) as error:
            raise NarrationError(f"{where}: {error}") from None

    # ------------------------------------------------------------ spoken

    def script(self) -> list[Beat]:
        """The spoken beats, filled from the numbers."""
        path = script_path(self.scene, self.language.code)
        if not path.is_file():
            raise LanguageError(f"{self.scene}: no narration/{self.language.code}/"
                                f"{self.scene}.md (the {self.language.name} script)")
        where = f"narration/{self.language.code}/{self.scene}.md"
        self._speaking = True
        self.spoken, self.formulas = [], []
        try:
            return parse_script(self._render(path.read_text(encoding="utf-8"), where, {}))
        finally:
            self._speaking = False

    # ------------------------------------------------------------ screen

    def has(self, key: str) -> bool:
        return key in _screen_table(self.scene, self.language.code)

    def __call__(self, key: str, **extra: Any) -> str:
        """The screen text ``key`` from the scene's ``.toml``, filled in."""
        table = _screen_table(self.scene, self.language.code)
        where = f"narration/{self.language.code}/{self.scene}.toml, {key}"
        if key not in table:
            raise NarrationError(f"narration/{self.language.code}/{self.scene}.toml "
                                 f"has no {key!r}")
        value = table[key]
        if not isinstance(value, str):
            raise NarrationError(f"{where}: must be text")
        return self._render(value, where, extra).strip()

    def items(self, key: str, **extra: Any) -> list[str]:
        """A list of screen texts (e.g. labels) from the scene's ``.toml``."""
        table = _screen_table(self.scene, self.language.code)
        value = table.get(key)
        where = f"narration/{self.language.code}/{self.scene}.toml, {key}"
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise NarrationError(f"{where}: must be a list of text")
        return [self._render(v, where, extra).strip() for v in value]

    def check(self) -> list[Beat]:
        """Fill the script and every screen word that needs no drawing-time value, and
        parse the others: a mistake in the words stops a render before it starts."""
        beats = self.script()
        table = _screen_table(self.scene, self.language.code)
        for key, value in table.items():
            sources = value if isinstance(value, list) else [value]
            where = f"narration/{self.language.code}/{self.scene}.toml, {key}"
            needs: set[str] = set()
            for source in sources:
                if not isinstance(source, str):
                    raise NarrationError(f"{where}: must be text or a list of text")
                try:
                    needs |= meta.find_undeclared_variables(self.env.parse(source))
                except jinja2.TemplateSyntaxError as error:
                    raise NarrationError(f"{where} line {error.lineno}: {error.message}") \
                        from None
            if not needs - set(self.context):
                _ = self.items(key) if isinstance(value, list) else self(key)
        return beats

    def common(self, key: str) -> str:
        """A screen word shared by every scene (``[screen]`` in ``language.toml``)."""
        return self.language.word("screen", key)


def load(scene: str, values: Mapping[str, Any] | None = None,
         lang: str = DEFAULT) -> list[Beat]:
    """The scene's script filled from ``values`` (beats without a script: none)."""
    if not script_path(scene, lang).is_file():
        return []
    return Words(scene, lang, values or {}).script()


def spoken_seconds(sentence: str, words_per_minute: float = WORDS_PER_MINUTE) -> float:
    """The time a sentence takes at ``words_per_minute``; numbers count as two words."""
    words = sentence.split()
    weight = sum(2 if any(ch.isdigit() for ch in word) else 1 for word in words)
    return weight * 60.0 / words_per_minute


def estimated_durations(beats: list[Beat],
                        words_per_minute: float = WORDS_PER_MINUTE) -> dict[str, float]:
    """Seconds each beat needs for its sentences, with pauses."""
    return {
        beat.name: sum(spoken_seconds(s, words_per_minute) + SENTENCE_PAUSE
                       for s in beat.sentences) + BEAT_PAUSE
        for beat in beats
    }
