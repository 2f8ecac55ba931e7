"""secant-to-tangent: the figures it shows, and its layout with a user's own function."""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers import dry_run


def test_shows_the_slope_table_and_the_derivative() -> None:
    scene = dry_run("secant-to-tangent")
    shown = [round(v, 9) for v in scene.displayed]
    for slope in (3, 2.5, 2.1, 2.01, 2.001):
        assert slope in shown
    assert 2 in shown  # the derivative
    assert scene.numbers["difference_quotient"] == "h + 2"
    assert [b for b, *_ in scene.beat_log][-1] == "takeaway"


@pytest.mark.parametrize("aspect", ["16:9", "9:16", "1:1"])
@pytest.mark.parametrize("params", [
    {"function": "x**3 - 3*x", "x0": -1.5, "hs": [1, 0.1, 0.01]},
    {"function": "sin(x)", "x0": 0.5},
    {"function": "exp(x)", "x0": -2, "hs": [-1, -0.5, -0.1]},
])
def test_a_users_function_stays_in_frame(params: dict[str, Any], aspect: str) -> None:
    scene = dry_run("secant-to-tangent", params, aspect=aspect)
    assert scene.out_of_frame == []
    assert scene.numbers["rows"][-1]["h"] == params.get("hs", [0.001])[-1]


def test_narration_speaks_the_computed_numbers() -> None:
    scene = dry_run("secant-to-tangent", {"function": "x**3", "x0": 2})
    text = " ".join(beat.text for beat in scene.script)
    assert "equals 2" in text  # x0
    assert "12" in text  # f'(2) = 12, from the core
    assert "{" not in text


def test_the_sweep_waits_for_its_word_in_the_narration() -> None:
    scene = dry_run("secant-to-tangent")
    beats = {b: (start, end) for b, start, end in scene.beat_log}
    start, end = beats["shrink"]
    (sentence, *_) = scene.plans["shrink"].sentences
    assert sentence.text.startswith("Now watch")
    assert start < scene.markers["slide"] < end
    assert scene.markers["slide"] == start + sentence.duration * len("Now ") / len(sentence.text)
