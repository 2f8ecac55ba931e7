"""Render every scene at low quality and check the file as a viewer's player would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from render import cli
from scenes import voice as voices
from scenes.style import layout
from tests.helpers import dry_run, probe
from tests.test_scenes import BUILT

pytestmark = pytest.mark.render


@pytest.mark.parametrize("name", BUILT)
def test_low_quality_render_is_a_complete_video(name: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["render", name, "-q", "low", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    paths = [Path(line) for line in result.stdout.splitlines()]
    assert [p.suffix for p in paths] == [".mp4", ".srt", ".vtt"]
    assert paths[0].name.endswith(f"-{name}.mp4")
    info = probe(paths[0])
    assert info.audio_streams == 1  # narrated by default
    frame = layout("low", "16:9")
    assert (info.width, info.height) == (frame.pixel_width, frame.pixel_height) == (854, 480)
    # Manim joins its partial movies with a frame timestamp or two off by a few ticks,
    # so the container's rate can read 15.00002: the frames themselves are 1/15 apart.
    assert float(info.fps) == pytest.approx(15, rel=1e-3)
    timeline = json.loads((tmp_path / ".stamps" / f"{paths[0].name}.json").read_text())
    assert info.duration == pytest.approx(timeline["duration"], abs=1.5 / 15)
    assert info.frames == pytest.approx(timeline["duration"] * 15, abs=1.5)
    # The real timeline is the planned one, give or take rounding to frames.
    planned = dry_run(name, voice=voices.choose("auto")).time
    assert timeline["duration"] == pytest.approx(planned, rel=0.02, abs=0.2)
    # Subtitles cover the narration and stay inside the video.
    cues = timeline["cues"]
    assert paths[1].read_text(encoding="utf-8").count(" --> ") == len(cues) > 0
    assert cues[-1]["end"] <= info.duration + 1e-3
    # Nothing half-written is left beside the results.
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != ".stamps") == sorted(
        p.name for p in paths)
