"""The sign of the slope steers the step: 1.25(w − 2.2)² from w = 3 and w = 1.4, η = 0.1."""

from __future__ import annotations

import pytest

from scenes.core.catalog import lookup
from tests.helpers import dry_run


def test_right_start_follows_the_lecture_notes() -> None:
    right = lookup("tangent-sign").numbers()["runs"][0]
    # L′(w) = 2.5(w − 2.2): slope 2 at 3, then w = 2.8, slope 1.5, then w = 2.65.
    assert right["points"][:3] == pytest.approx([3.0, 2.8, 2.65])
    assert right["gradients"][:2] == pytest.approx([2.0, 1.5])
    assert right["directions"][:2] == ["left", "left"]


def test_left_start_steps_right() -> None:
    left = lookup("tangent-sign").numbers()["runs"][1]
    assert left["points"][:3] == pytest.approx([1.4, 1.6, 1.75])
    assert left["gradients"][:2] == pytest.approx([-2.0, -1.5])
    assert set(left["directions"]) == {"right"}


def test_steps_shrink_as_the_slope_flattens() -> None:
    for run in lookup("tangent-sign").numbers()["runs"]:
        points = run["points"]
        steps = [abs(b - a) for a, b in zip(points, points[1:], strict=False)]
        assert all(later < earlier for earlier, later in zip(steps, steps[1:], strict=False))
        # With η fixed, each step is η times the slope: 0.1 × 2.5(w − 2.2).
        for w, step in zip(points, steps, strict=False):
            assert step == pytest.approx(0.1 * 2.5 * abs(w - 2.2))


def test_scene_shows_slopes_and_weights() -> None:
    shown = dry_run("tangent-sign").displayed
    for value in (3.0, 2.0, 2.8, 1.5, 2.65, 1.4, -2.0, 1.6, 0.1):
        assert any(v == pytest.approx(value) for v in shown), value


@pytest.mark.parametrize("params", [
    {"function": "w**2", "starts": [-4.0], "eta": 0.3, "steps": 3},
    {"function": "(w - 1)**2", "starts": [3.0, -1.0, 0.5, 2.0], "eta": 1.05, "steps": 10},
    {"function": "w**4 - w**2", "starts": [1.5, -0.2], "eta": 0.05, "steps": 40},
])
def test_other_parameters_stay_in_frame(params: dict[str, object]) -> None:
    for aspect in ("16:9", "9:16", "1:1"):
        scene = dry_run("tangent-sign", params, aspect=aspect)
        assert scene.out_of_frame == []
