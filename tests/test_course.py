"""The whole lecture in one file: clips joined in order, a chapter each, subtitles shifted."""

from __future__ import annotations

import json
from pathlib import Path

import av
import pytest
from click.testing import CliRunner

from render import cli
from scenes.core.catalog import lookup
from scenes.draw.style import DARK
from scenes.pipeline.course import join
from scenes.pipeline.job import Job
from tests.helpers import probe

pytestmark = pytest.mark.render


def test_join_makes_chapters_and_shifts_subtitles(tmp_path: Path) -> None:
    names = ["slope-of-a-line", "one-step"]
    result = CliRunner().invoke(cli, ["render", *names, "--voice", "silent", "-j", "1",
                                      "-o", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    jobs = [Job(name, lookup(name).resolve({}), theme=DARK, out_dir=str(tmp_path),
                voice="silent") for name in names]
    assert all(job.up_to_date() for job in jobs)
    video, srt, vtt, manifest = join(jobs, tmp_path)
    assert video.name == "course.mp4"
    durations = [float(job.timeline()["duration"]) for job in jobs]
    info = probe(video)
    assert info.duration == pytest.approx(sum(durations), abs=0.2)
    chapters = json.loads(manifest.read_text())["chapters"]
    assert [c["scene"] for c in chapters] == names
    assert chapters[1]["start"] == pytest.approx(durations[0], abs=1e-3)
    with av.open(str(video)) as container:
        assert [c["metadata"].get("title") for c in container.chapters()] == [
            "The slope of a line", "One step of gradient descent"]
    text = srt.read_text()
    assert text.count(" --> ") == sum(len(job.timeline()["cues"]) for job in jobs)
    # The second clip's first cue is shifted by the first clip's length.
    shifted = jobs[1].timeline()["cues"][0]["start"] + durations[0]
    millis = round(shifted * 1000)
    stamp = f"00:{millis // 60000:02d}:{millis // 1000 % 60:02d},{millis % 1000:03d} --> "
    assert stamp in text
    assert vtt.read_text().startswith("WEBVTT")
