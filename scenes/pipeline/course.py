"""Join rendered scenes into one lecture file, with a chapter per scene and subtitles.

Uses the ffmpeg program (installed by bootstrap.py) to concatenate without re-encoding,
since every clip of one render shares its codec, size and frame rate.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from scenes.words import narration
from scenes.words import voice as voices


def join(jobs: Sequence[Any], out_dir: Path) -> list[Path]:
    """Concatenate the jobs' videos (in course order) into ``out_dir/course.<fmt>``."""
    if shutil.which("ffmpeg") is None:
        raise RuntimeError("course: ffmpeg is not installed (python3 bootstrap.py installs it)")
    ordered = sorted(jobs, key=lambda job: job.index)
    fmt = ordered[0].fmt
    if fmt == "png":
        raise RuntimeError("course: a thumbnail format cannot be joined; use a video format")
    target = out_dir / f"course.{fmt}"
    chapters: list[dict[str, Any]] = []
    cues: list[voices.Cue] = []
    clock = 0.0
    for job in ordered:
        timeline = job.timeline()
        duration = float(timeline["duration"])
        title = narration.title(job.scene, getattr(job, "lang", "en"))
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
        metadata.write_text(";FFMETADATA1\ntitle=Derivatives and gradient descent\n" + "".join(
            f"[CHAPTER]\nTIMEBASE=1/1000\nSTART={round(c['start'] * 1000)}\n"
            f"END={round(c['end'] * 1000)}\ntitle={c['title']}\n" for c in chapters))
        joined = work / target.name
        command = ["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "concat", "-safe",
                   "0", "-i", str(listing), "-i", str(metadata), "-map_metadata", "1",
                   "-map_chapters", "1", "-c", "copy", str(joined)]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise RuntimeError(f"course: ffmpeg could not join the clips: {result.stderr[-300:]}")
        outputs = [(joined, target)]
        if any(job.subtitle_paths for job in ordered):
            for suffix, writer in ((".srt", voices.srt), (".vtt", voices.vtt)):
                file = work / f"course{suffix}"
                file.write_text(writer(cues), encoding="utf-8")
                outputs.append((file, target.with_suffix(suffix)))
        manifest = work / "course.json"
        manifest.write_text(json.dumps({"duration": round(clock, 3), "chapters": chapters},
                                       indent=1) + "\n")
        outputs.append((manifest, target.with_suffix(".json")))
        for source, final in outputs:
            os.replace(source, final)
    return [final for _, final in outputs]
