"""Shared test helpers: construct a scene without rendering, and probe a video file."""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from scenes.draw.style import DARK, Theme, layout


def dry_run(name: str, params: Mapping[str, Any] | None = None, aspect: str = "16:9",
            theme: Theme = DARK, voice: Any = None, lang: str = "en") -> Any:
    """Play a scene's construct with animations skipped; returns the scene to inspect."""
    import manim as mn

    from scenes.core.catalog import lookup

    frame = layout("low", aspect)
    settings = {
        "dry_run": True, "verbosity": "ERROR", "progress_bar": "none",
        "disable_caching": True, "pixel_width": frame.pixel_width,
        "pixel_height": frame.pixel_height, "frame_width": frame.frame_width,
        "frame_height": frame.frame_height, "frame_rate": frame.frame_rate,
    }
    with mn.tempconfig(settings):
        scene = lookup(name).scene_class()(params=params, theme=theme, voice=voice,
                                           lang=lang, skip_animations=True)
        scene.render()
    return scene


def numbers_in(value: Any) -> Iterator[float]:
    """Every number in a nested structure of dicts, lists, tuples and arrays."""
    import numpy as np

    if isinstance(value, bool):
        return
    if isinstance(value, int | float | np.floating | np.integer):
        yield float(value)
    elif isinstance(value, np.ndarray):
        yield from (float(v) for v in value.ravel())
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from numbers_in(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from numbers_in(item)


def is_core_value(shown: float, core: list[float]) -> bool:
    return any(math.isclose(shown, c, rel_tol=1e-9, abs_tol=1e-12) for c in core)


@dataclass(frozen=True)
class VideoInfo:
    width: int
    height: int
    fps: Fraction
    duration: float
    frames: int
    audio_streams: int
    subtitle_streams: int


def probe(path: Path) -> VideoInfo:
    """Open a video with PyAV and read its real properties (decoding every frame)."""
    import av

    with av.open(str(path)) as container:
        video = container.streams.video[0]
        width, height = video.codec_context.width, video.codec_context.height
        rate = video.guessed_rate or video.base_rate or video.average_rate
        fps = Fraction(rate) if rate else Fraction(0)
        frames = sum(1 for _ in container.decode(video=0))
        duration = float(container.duration / 1_000_000) if container.duration else 0.0
        return VideoInfo(width, height, fps, duration, frames, len(container.streams.audio),
                         len(container.streams.subtitles))
