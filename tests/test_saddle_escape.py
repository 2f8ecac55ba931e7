"""saddle-escape: plain descent stalls near the saddle, momentum and Adam reach a valley."""

from __future__ import annotations

import numpy as np
import pytest

from scenes.core.catalog import lookup
from tests.helpers import dry_run


def test_default_surface_and_runs() -> None:
    n = lookup("saddle-escape").numbers()
    assert n["stationary"]["kind"] == "saddle"
    assert n["stationary"]["point"] == [0.0, 0.0]
    assert n["stationary"]["curvatures"] == pytest.approx([-1.0, 2.0])
    gd, momentum, adam = n["runs"]
    assert [r["optimiser"] for r in n["runs"]] == ["gd", "momentum", "adam"]
    # Plain descent: x shrinks by 0.9 a step, y grows by about 1.05 a step from 0.01.
    assert gd["points"][-1][0] == pytest.approx(1.5 * 0.9**60)
    assert 0.1 < gd["points"][-1][1] < 0.3
    assert gd["final_loss"] == pytest.approx(-0.0166, abs=5e-4)
    # The minima are at (0, ±1) with f = -1/4; momentum and Adam end near one.
    for run in (momentum, adam):
        assert run["final_loss"] == pytest.approx(-0.245, abs=3e-3)
        assert np.hypot(run["points"][-1][0], run["points"][-1][1] - 1) < 0.1
    assert all(r["left_view_step"] is None for r in n["runs"])


def test_scene_shows_each_final_loss() -> None:
    scene = dry_run("saddle-escape")
    shown = set(np.round(scene.displayed, 9))
    for run in scene.numbers["runs"]:
        assert round(float(run["final_loss"]), 9) in shown


def test_unbounded_saddle_leaves_the_view() -> None:
    params = {"function": "x**2 - y**2"}
    n = lookup("saddle-escape").numbers(params)
    assert n["stationary"]["kind"] == "saddle"
    assert any(r["left_view_step"] is not None for r in n["runs"])
    scene = dry_run("saddle-escape", params)
    assert scene.out_of_frame == []
    for run in n["runs"]:
        if run["left_view_step"] is not None:
            assert float(run["left_view_step"]) in scene.displayed


def test_two_optimisers_and_another_start() -> None:
    scene = dry_run("saddle-escape", {"optimisers": ["adam", "gd"], "start": [-1.0, -0.02]},
                    aspect="1:1")
    assert scene.out_of_frame == []
