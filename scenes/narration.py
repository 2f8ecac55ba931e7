"""Narration scripts: ``narration/<scene>.md``, one ``## beat`` section per beat.

The scene and its script name the same beats, in the same order. A beat lasts at
least as long as its sentences take to say; without a voice the time is estimated
from a speaking rate, so drafts and tests are paced like the spoken video.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

NARRATION_DIR = Path(__file__).resolve().parent.parent / "narration"
WORDS_PER_MINUTE = 150.0
SENTENCE_PAUSE = 0.35  # seconds between sentences
BEAT_PAUSE = 0.6  # seconds of breath at the end of a beat

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9“\"(\[])")


@dataclass(frozen=True)
class Beat:
    name: str
    sentences: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.sentences)


def script_path(scene: str) -> Path:
    return NARRATION_DIR / f"{scene}.md"


def split_sentences(paragraph: str) -> list[str]:
    flat = " ".join(paragraph.split())
    return [s.strip() for s in _SENTENCE_END.split(flat) if s.strip()]


def parse_script(text: str) -> list[Beat]:
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


_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


def fill(text: str, values: Mapping[str, str]) -> str:
    """Replace ``{name}`` placeholders with the scene's computed values, spoken as text."""

    def value(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in values:
            raise KeyError(f"narration placeholder {{{key}}} has no value "
                           f"(the scene provides: {', '.join(sorted(values)) or 'none'})")
        return values[key]

    return _PLACEHOLDER.sub(value, text)


def placeholders(scene: str) -> set[str]:
    path = script_path(scene)
    return set(_PLACEHOLDER.findall(path.read_text(encoding="utf-8"))) if path.is_file() else set()


def load(scene: str, values: Mapping[str, str] | None = None) -> list[Beat]:
    """The scene's script, with ``{name}`` placeholders filled from ``values``.

    Numbers that depend on the parameters are never written into a script: the script
    names them, and the scene supplies them from the numeric core.
    """
    path = script_path(scene)
    if not path.is_file():
        return []
    text = path.read_text(encoding="utf-8")
    return parse_script(fill(text, values or {}) if values is not None else text)


def say(value: float, decimals: int = 2) -> str:
    """A number as the narration says it: rounded, trailing zeros dropped, plain minus."""
    text = f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


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
