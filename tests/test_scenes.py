"""Every scene that exists: beats agree with narration, numbers come from the core,
nothing leaves the frame at any beat, in every aspect ratio and theme."""

from __future__ import annotations

import importlib.util
from dataclasses import fields

import pytest

from scenes.core.catalog import COURSE
from scenes.draw.style import DARK, LIGHT, Theme
from scenes.words import narration
from tests.helpers import dry_run, is_core_value, numbers_in

BUILT = [e.name for e in COURSE
         if importlib.util.find_spec(f"scenes.{e.scene.split(':')[0]}") is not None]


@pytest.mark.parametrize("name", BUILT)
def test_beats_match_the_narration_script(name: str) -> None:
    scene_beats = next(e for e in COURSE if e.name == name).scene_class().BEATS
    assert list(scene_beats) == narration.beat_names(name)
    beats = next(e for e in COURSE if e.name == name).scene_class().narration_for()
    assert [b.name for b in beats] == list(scene_beats)
    assert all(b.sentences for b in beats), "a beat has no words"


@pytest.mark.parametrize("name", BUILT)
def test_scene_plays_every_beat_and_shows_only_core_numbers(name: str) -> None:
    scene = dry_run(name)
    assert [b for b, *_ in scene.beat_log] == list(scene.BEATS)
    core = [*numbers_in(scene.numbers), *numbers_in(scene.params)]
    wrong = [v for v in scene.displayed if not is_core_value(v, core)]
    assert scene.displayed, "the scene shows no recorded number"
    assert wrong == []
    # Each beat lasts as long as its narration needs, to the nearest frame.
    half_frame = 0.5 / scene.camera.frame_rate
    for beat, start, end in scene.beat_log:
        assert end - start >= scene.beat_durations[beat] - half_frame - 1e-6


@pytest.mark.parametrize("aspect", ["16:9", "9:16", "1:1"])
@pytest.mark.parametrize("name", BUILT)
def test_nothing_leaves_the_frame(name: str, aspect: str) -> None:
    scene = dry_run(name, aspect=aspect)
    assert scene.out_of_frame == []


@pytest.mark.parametrize("theme", [DARK, LIGHT], ids=["dark", "light"])
@pytest.mark.parametrize("name", BUILT)
def test_scenes_use_their_theme_colours_only(name: str, theme: Theme) -> None:
    # Manim's default white is in neither palette, so a forgotten colour is caught.
    scene = dry_run(name, theme=theme)
    assert scene.camera.background_color.to_hex().lower() == theme.background
    palette = {getattr(theme, f.name).lower() for f in fields(theme) if f.name != "name"}
    assert scene.colours_seen, "no colour was recorded"
    assert scene.colours_seen <= palette, scene.colours_seen - palette
