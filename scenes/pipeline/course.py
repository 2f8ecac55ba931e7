"""Join rendered scenes into one lecture file, with a chapter per scene and subtitles.

Uses the ffmpeg program (installed by bootstrap.py) to concatenate without re-encoding,
since every clip of one render shares its codec, size and frame rate. The course is in
the jobs' language: ``course.es.mp4`` (with ``.es.srt``, ``.es.vtt``, ``.es.json``) and
chapter titles from ``narration/es/``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from scenes.words import narration
from scenes.words import voice as voices
from scenes.words.language import load as load_language


def _escape(text: str) -> str:
    """A value for ffmpeg's metadata file: ``=``, ``;``, ``#``, ``\\`` and newlines escaped."""
    return re.sub(r"([=;#\\\n])", r"\\\1", text)


def join(jobs: Sequence[Any], out_dir: Path) -> list[Path]:
    """Concatenate the jobs' videos (in course order) into ``out_dir/course[.<lang>].<fmt>``."""
    if shutil.which("ffmpeg") is None:
        raise RuntimeError("course: ffmpeg is not installed (python3 bootstrap.py installs it)")
    ordered = sorted(jobs, key=lambda job: job.index)
    fmt = ordered[0].fmt
    if fmt == "png":
        raise RuntimeError("course: a thumbnail format cannot be joined; use a video format")
    langs = {job.lang for job in ordered}
    if len(langs) != 1:
        raise RuntimeError(f"course: clips in several languages ({', '.join(sorted(langs))}) "
                           "cannot be joined")
    language = load_language(langs.pop())
    target = out_dir / f"course{language.suffix()}.{fmt}"
    chapters: list[dict[str, Any]] = []
    cues: list[voices.Cue] = []
    clock = 0.0
    for job in ordered:
        timeline = job.timeline()
        duration = float(timeline["duration"])
        title = narration.title(job.scene, language.code)
        chapters.append({"scene": job.scene, "title": title,
                         "start": round(clock, 3), "end": round(clock + duration, 3),
                         "file": job.output.name})
        cues += [voices.Cue(round(c["start"] + clock, 3), round(c["end"] + clock, 3), c["text"])
                 for c in timeline.get("cues", [])]
        clock += duration
    with tempfile.TemporaryDirectory(dir=out_dir, prefix=".course-") as scratch:
        work = Path(scratch)
        listing = work / "list.txt"
        listing.write_text("".join(f"file '{job.output.resolve()}'\n" for job in ordered))
        metadata = work / "chapters.txt"
        heading = language.word("screen", "course")
        metadata.write_text(
            f";FFMETADATA1\ntitle={_escape(heading)}\nlanguage={language.code}\n" + "".join(
                f"[CHAPTER]\nTIMEBASE=1/1000\nSTART={round(c['start'] * 1000)}\n"
                f"END={round(c['end'] * 1000)}\ntitle={_escape(c['title'])}\n"
                for c in chapters), encoding="utf-8")
        joined = work / target.name
        command = ["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "concat", "-safe",
                   "0", "-i", str(listing), "-i", str(metadata), "-map_metadata", "1",
                   "-map_chapters", "1", "-c", "copy", str(joined)]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise RuntimeError(f"course: ffmpeg could not join the clips: {result.stderr[-300:]}")
        outputs = [(joined, target)]
        if any(job.subtitle_paths for job in ordered):
            for suffix, text in ((".srt", voices.srt(cues)),
                                 (".vtt", voices.vtt(cues, language.code))):
                file = work / f"course{suffix}"
                file.write_text(text, encoding="utf-8")
                outputs.append((file, target.with_suffix(suffix)))
        manifest = work / "course.json"
        manifest.write_text(json.dumps({"lang": language.code, "title": heading,
                                        "duration": round(clock, 3), "chapters": chapters},
                                       indent=1, ensure_ascii=False) + "\n")
        outputs.append((manifest, target.with_suffix(".json")))
        for source, final in outputs:
            os.replace(source, final)
    return [final for _, final in outputs]
