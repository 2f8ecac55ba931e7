"""Render one scene to a finished file: configure Manim, render, move into place.

A finished file is complete or absent: Manim writes into a private working folder,
and only a fully written file is moved (atomically) to its final path. A stamp
beside it records what it was rendered from, so an unchanged request is skipped.

A job is in one language: a language other than English carries its code in the file
names (``07-one-step.es.mp4``, ``.es.srt``, ``.es.vtt``). The lesson (parameters
checked, numbers computed) is prepared once per job and handed to the scene.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from scenes.core.catalog import COURSE, Lesson, lookup
from scenes.draw.style import Theme, layout
from scenes.words import narration
from scenes.words import voice as voices
from scenes.words.language import DEFAULT as DEFAULT_LANGUAGE
from scenes.words.language import LanguageError
from scenes.words.language import load as load_language

FORMATS = ("mp4", "webm", "mov", "gif", "png")
SCENES_DIR = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Job:
    """Everything that decides what one rendered file looks like."""

    scene: str
    params: dict[str, Any]
    quality: str = "low"
    fps: int | None = None
    fmt: str = "mp4"
    aspect: str = "16:9"
    theme: Theme | None = None
    out_dir: str = "media"
    narrate: bool = True
    voice: str = "auto"
    takes: str | None = None
    burn_subtitles: bool = False
    transparent: bool = False
    lang: str = DEFAULT_LANGUAGE
    # The lesson prepared from ``params`` (checked, numbers computed), when the caller
    # already has it; not part of the request's identity.
    lesson: Lesson | None = field(default=None, compare=False, repr=False)

    @property
    def index(self) -> int:
        return [e.name for e in COURSE].index(self.scene) + 1

    @property
    def suffix(self) -> str:
        """``""`` for English, ``".es"`` for Spanish: what file names carry."""
        return "" if self.lang == DEFAULT_LANGUAGE else f".{self.lang}"

    @property
    def output(self) -> Path:
        return Path(self.out_dir) / f"{self.index:02d}-{self.scene}{self.suffix}.{self.fmt}"

    @property
    def subtitle_paths(self) -> list[Path]:
        if not self.narrate or self.fmt == "png":
            return []
        return [self.output.with_suffix(".srt"), self.output.with_suffix(".vtt")]

    @property
    def outputs(self) -> list[Path]:
        return [self.output, *self.subtitle_paths]

    @property
    def stamp_path(self) -> Path:
        return self.output.parent / ".stamps" / f"{self.output.name}.json"

    def words_files(self) -> list[Path]:
        """The files in ``narration/`` this job's words come from, in its language."""
        return [narration.script_path(self.scene, self.lang),
                narration.screen_path(self.scene, self.lang),
                narration.script_path(self.scene, self.lang).with_name("language.toml")]

    def prepared(self) -> Lesson:
        """The lesson: the one handed in, else prepared now from ``params``."""
        return self.lesson if self.lesson is not None else lookup(self.scene).prepare(self.params)

    def fingerprint(self) -> str:
        """A hash of the request, the scene code and the words it is made of and paced by."""
        digest = hashlib.sha256()
        request = {k: v for k, v in asdict(replace(self, lesson=None)).items()
                   if k not in ("out_dir", "lesson")}
        digest.update(json.dumps(request, sort_keys=True, default=str).encode())
        for path in sorted(SCENES_DIR.rglob("*.py")):
            digest.update(path.read_bytes())
        for path in self.words_files():
            digest.update(path.name.encode())
            if path.is_file():
                digest.update(path.read_bytes())
        if self.narrate and self.voice == "recorded":
            folder = voices.RecordedVoice(Path(self.takes or "takes"), self.lang)
            for take in sorted(folder.scene_folder(self.scene).glob("*")):
                digest.update(f"{take.name}:{take.stat().st_size}:{take.stat().st_mtime_ns}"
                              .encode())
        return digest.hexdigest()

    def up_to_date(self) -> bool:
        if not (all(p.is_file() for p in self.outputs) and self.stamp_path.is_file()):
            return False
        try:
            stamp = json.loads(self.stamp_path.read_text())
        except (OSError, ValueError):
            return False
        return isinstance(stamp, dict) and stamp.get("fingerprint") == self.fingerprint()

    def timeline(self) -> dict[str, Any]:
        """What the last render recorded: its duration and when each beat ran."""
        return json.loads(self.stamp_path.read_text())  # type: ignore[no-any-return]


def _manim_config(job: Job, media_dir: Path) -> dict[str, Any]:
    frame = layout(job.quality, job.aspect, job.fps)
    still = job.fmt == "png"
    return {
        "pixel_width": frame.pixel_width,
        "pixel_height": frame.pixel_height,
        "frame_width": frame.frame_width,
        "frame_height": frame.frame_height,
        "frame_rate": frame.frame_rate,
        "media_dir": str(media_dir),
        # LaTeX output is kept between renders; one folder per scene, so scenes rendered
        # at the same time never write the same file.
        "tex_dir": str(voices.cache_dir().parent / "tex" / job.scene),
        "format": None if still else job.fmt,
        "transparent": job.transparent,
        "disable_caching": True,
        "write_to_movie": not still,
        "save_last_frame": still,
        "verbosity": "WARNING",
        # Several scenes at once would interleave their bars: the driver reports instead.
        "progress_bar": os.environ.get("DERIV_PROGRESS", "display"),
        "output_file": job.scene,
    }


def require_words(scene: str, lang: str) -> None:
    """Refuse, before anything renders, a scene that has no words in ``lang``."""
    language = load_language(lang)
    missing = [path for path in (narration.script_path(scene, lang),
                                 narration.screen_path(scene, lang)) if not path.is_file()]
    if missing:
        ready = [e.name for e in COURSE if narration.script_path(e.name, lang).is_file()
                 and narration.screen_path(e.name, lang).is_file()]
        raise LanguageError(f"{scene} is not written in {language.name} yet: no "
                            f"{' or '.join(f'narration/{lang}/{p.name}' for p in missing)} "
                            f"(in {language.name}: {', '.join(ready) or 'no scene yet'})")


def voice_for(job: Job) -> voices.Voice:
    if not job.narrate or job.fmt == "png":
        return voices.SilentVoice(load_language(job.lang).words_per_minute)
    return voices.choose(job.voice, Path(job.takes) if job.takes else None, job.lang)


def render(job: Job) -> list[Path]:
    """Render ``job``; returns the finished files (video, then subtitles)."""
    import manim as mn

    from scenes.draw.style import DARK

    entry = lookup(job.scene)
    lesson = job.prepared()
    final = job.output
    final.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{job.scene}-", dir=final.parent))
    try:
        # Manim logs to stdout; results alone go there, so its output is sent to stderr
        # before the configuration (which can warn) is applied.
        with contextlib.redirect_stdout(sys.stderr), mn.tempconfig(_manim_config(job, work)):
            scene = entry.scene_class()(lesson=lesson, lang=job.lang,
                                        theme=job.theme or DARK, voice=voice_for(job),
                                        burn_subtitles=job.burn_subtitles and job.narrate,
                                        skip_animations=job.fmt == "png")
            scene.render()
        produced = sorted(work.rglob(f"{job.scene}*.{job.fmt}"))
        if not produced:
            raise RuntimeError(f"Manim produced no {job.fmt} file for {job.scene}")
        finished = [(produced[0], final)]
        staged = work / "subtitles"
        staged.mkdir()
        for path in job.subtitle_paths:
            text = voices.srt(scene.cues) if path.suffix == ".srt" \
                else voices.vtt(scene.cues, job.lang)
            (staged / path.name).write_text(text, encoding="utf-8")
            finished.append((staged / path.name, path))
        # Move each file in whole: a partial file never sits at a final path.
        for source, target in finished:
            partial = target.with_name(f".{target.name}.part")
            shutil.move(str(source), partial)
            os.replace(partial, target)
        job.stamp_path.parent.mkdir(parents=True, exist_ok=True)
        timeline = {
            "fingerprint": job.fingerprint(),
            "duration": scene.time,
            "voice": scene.voice.name,
            "lang": job.lang,
            "beats": [{"beat": b, "start": s, "end": e} for b, s, e in scene.beat_log],
            "markers": scene.markers,
            "cues": [{"start": c.start, "end": c.end, "text": c.text} for c in scene.cues],
        }
        job.stamp_path.write_text(json.dumps(timeline, indent=1) + "\n")
        return job.outputs
    finally:
        shutil.rmtree(work, ignore_errors=True)


def render_or_skip(job: Job, force: bool = False) -> tuple[list[Path], bool]:
    """Render unless up-to-date files exist; returns (paths, rendered?)."""
    if not force and job.up_to_date():
        return job.outputs, False
    return render(job), True


def job_from_dict(data: Mapping[str, Any]) -> Job:
    return Job(**data)
