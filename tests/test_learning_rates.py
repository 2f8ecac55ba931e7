"""learning-rates: the trajectories, verdicts and the race to the bottom, and the scene."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest

from scenes.core.catalog import lookup
from scenes.core.formula import parse
from scenes.core.series import learning_rates
from scenes.draw import descent_panels as dp
from tests.helpers import dry_run


@pytest.fixture(scope="module")
def numbers() -> dict[str, Any]:
    return learning_rates(lookup("learning-rates").resolve({}))


def run_for(numbers: dict[str, Any], eta: float) -> dict[str, Any]:
    return next(r for r in numbers["runs"] if r["eta"] == eta)


@pytest.mark.parametrize(("eta", "factor", "verdict"), [
    (0.1, 0.8, "converging slowly"),
    (0.3, 0.4, "converging"),
    (0.9, -0.8, "oscillating"),
    (1.0, -1.0, "bouncing for ever"),
    (1.05, -1.1, "diverging"),
])
def test_each_run_multiplies_w_by_one_minus_two_eta(
        numbers: dict[str, Any], eta: float, factor: float, verdict: str) -> None:
    # On L = w², w ← w − η·2w = (1 − 2η)·w, so w_k = 10·(1 − 2η)^k.
    run = run_for(numbers, eta)
    k = np.arange(21)
    assert run["points"] == pytest.approx(10 * factor**k, rel=1e-9, abs=1e-12)
    assert run["losses"] == pytest.approx((10 * factor**k) ** 2, rel=1e-9, abs=1e-12)
    assert run["verdict"] == verdict
    assert run["overflow_step"] is None


def test_eta_one_bounces_between_ten_and_minus_ten_with_the_loss_frozen(
        numbers: dict[str, Any]) -> None:
    run = run_for(numbers, 1.0)
    assert list(run["points"][:3]) == [10.0, -10.0, 10.0]
    assert set(run["losses"].tolist()) == {100.0}


def test_eta_105_climbs_out(numbers: dict[str, Any]) -> None:
    run = run_for(numbers, 1.05)
    assert np.all(np.diff(run["losses"]) > 0)
    assert run["final_loss"] == pytest.approx(100 * 1.21**20)
    assert round(run["final_loss"], 2) == 4525.93


def test_slow_and_oscillating_runs_end_on_the_same_loss(numbers: dict[str, Any]) -> None:
    # |1 − 2·0.1| = |1 − 2·0.9| = 0.8: one crawls, one overshoots, same distance left.
    assert run_for(numbers, 0.1)["losses"] == pytest.approx(run_for(numbers, 0.9)["losses"])


def test_eta_03_reads_the_bottom_first_at_step_six(numbers: dict[str, Any]) -> None:
    assert numbers["first_to_bottom"] == [1]
    assert [r["first_step_at_bottom"] for r in numbers["runs"]] == [None, 6, None, None, None]
    losses = run_for(numbers, 0.3)["losses"]
    assert f"{losses[5]:.2f}" == "0.01"
    assert f"{losses[6]:.2f}" == "0.00"


def test_overflow_stops_the_run_and_numbers_stay_json() -> None:
    entry = lookup("learning-rates")
    out = entry.numbers({"etas": [10.0, 0.1], "steps": 200})
    text = json.dumps(out, allow_nan=False)
    assert "Infinity" not in text
    wild = out["runs"][0]
    assert wild["verdict"] == "diverging"
    assert wild["overflow_step"] is not None
    assert wild["overflow_step"] <= 200
    assert len(wild["points"]) == wild["overflow_step"]
    assert out["first_to_bottom"] == [1]


def test_shared_view_holds_the_steady_runs_and_lets_the_diverging_one_leave(
        numbers: dict[str, Any]) -> None:
    view = dp.shared_view(parse("w**2", ("w",)), numbers["runs"])
    for run in numbers["runs"][:4]:
        assert all(view.contains(w, v) for w, v in zip(run["points"], run["losses"],
                                                        strict=True))
    wild = run_for(numbers, 1.05)
    inside = [view.contains(w, v) for w, v in zip(wild["points"], wild["losses"], strict=True)]
    assert inside[0]
    assert not inside[-1]


def test_scene_shows_the_key_figures() -> None:
    scene = dry_run("learning-rates")
    shown = scene.displayed
    for value in (0.1, 0.3, 0.9, 1.0, 1.05, 10.0, -10.0, 100.0, 6.0, 20.0):
        assert any(v == pytest.approx(value) for v in shown), value
    assert any(v == pytest.approx(100 * 1.21**20) for v in shown)
    # Every ball ends inside its panel, the diverging one hidden at the edge.
    assert scene.out_of_frame == []


@pytest.mark.parametrize("params", [
    {"function": "w**4"},
    {"function": "log(1 + exp(w))"},
    {"etas": [0.01, 0.5, 2.0, 5.0, 9.5, 10.0], "steps": 200},
    {"function": "w**3 - 3*w", "w0": 2.0, "etas": [0.1, 0.4]},
])
def test_scene_works_for_other_parameters(params: dict[str, Any]) -> None:
    scene = dry_run("learning-rates", params, aspect="9:16")
    assert scene.out_of_frame == []
    assert [b for b, *_ in scene.beat_log] == list(scene.BEATS)
