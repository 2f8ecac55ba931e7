"""Render the whole course at low quality, as the README's first command does, and check
every file as a viewer's player would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from render import cli
from scenes.core.catalog import COURSE
from scenes.draw.style import layout
from scenes.words import voice as voices
from tests.helpers import dry_run, probe

pytestmark = pytest.mark.render

NAMES = [entry.name for entry in COURSE]


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    """``render --all`` once, two scenes at a time, with the default (narrated) settings."""
    out = tmp_path_factory.mktemp("course")
    result = CliRunner().invoke(cli, ["render", "--all", "-q", "low", "-j", "2", "-o", str(out)])
    assert result.exit_code == 0, result.stderr[-2000:]
    return out, [Path(line) for line in result.stdout.splitlines()]


def test_all_renders_twelve_clips_in_course_order(course: tuple[Path, list[Path]]) -> None:
    out, paths = course
    videos = sorted(p for p in paths if p.suffix == ".mp4")
    assert [p.name for p in videos] == [f"{i:02d}-{name}.mp4" for i, name in
                                        enumerate(NAMES, start=1)]
    assert len(paths) == 3 * len(NAMES)  # each video with .srt and .vtt
    # Nothing half-written is left beside the results.
    assert sorted(p.name for p in out.iterdir() if p.name != ".stamps") == sorted(
        p.name for p in paths)


def test_running_again_skips_what_is_up_to_date(course: tuple[Path, list[Path]]) -> None:
    out, paths = course
    before = {p: p.stat().st_mtime_ns for p in paths}
    result = CliRunner().invoke(cli, ["render", "one-step", "secant-to-tangent", "-q", "low",
                                      "-o", str(out)])
    assert result.exit_code == 0
    assert result.stderr.count("up to date, skipped") == 2
    assert {p: p.stat().st_mtime_ns for p in paths} == before


@pytest.mark.parametrize("name", NAMES)
def test_each_clip_is_a_complete_narrated_video(course: tuple[Path, list[Path]],
                                                name: str) -> None:
    out, paths = course
    video = next(p for p in paths if p.name.endswith(f"-{name}.mp4"))
    info = probe(video)
    frame = layout("low", "16:9")
    assert (info.width, info.height) == (frame.pixel_width, frame.pixel_height) == (854, 480)
    # Manim joins its partial movies with a frame timestamp or two off by a few ticks,
    # so the container's rate can read 15.00002: the frames themselves are 1/15 apart.
    assert float(info.fps) == pytest.approx(15, rel=1e-3)
    assert info.audio_streams == 1  # narrated by default
    timeline = json.loads((out / ".stamps" / f"{video.name}.json").read_text())
    assert info.duration == pytest.approx(timeline["duration"], abs=1.5 / 15)
    assert info.frames == pytest.approx(timeline["duration"] * 15, abs=1.5)
    # The real timeline is the planned one, give or take rounding to frames.
    planned = dry_run(name, voice=voices.choose("auto")).time
    assert timeline["duration"] == pytest.approx(planned, rel=0.02, abs=0.2)
    # Subtitles cover the narration and stay inside the video.
    cues = timeline["cues"]
    srt = video.with_suffix(".srt").read_text(encoding="utf-8")
    assert srt.count(" --> ") == len(cues) > 0
    assert cues[-1]["end"] <= info.duration + 1e-3
    assert video.with_suffix(".vtt").read_text(encoding="utf-8").startswith("WEBVTT")
