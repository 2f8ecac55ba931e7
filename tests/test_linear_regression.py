"""linear-regression: the fit after 500 epochs is close to, but not, the least-squares line."""

from __future__ import annotations

import numpy as np
import pytest

from scenes.core.catalog import lookup
from tests.helpers import dry_run


def test_first_epoch_by_hand() -> None:
    n = lookup("linear-regression").numbers()
    # At w = b = 0 every error is -y: dJ/dw = 2/5 * -(5+16+33+56+85) = -78, dJ/db = -22.
    assert n["grad_w"][0] == pytest.approx(-78.0)
    assert n["grad_b"][0] == pytest.approx(-22.0)
    assert n["ws"][1] == pytest.approx(0.78)
    assert n["bs"][1] == pytest.approx(0.22)
    assert n["losses"][0] == pytest.approx((25 + 64 + 121 + 196 + 289) / 5)


def test_lecture_note_claim_is_wrong() -> None:
    """The note prints 3.0000·x + 2.0000 after 500 epochs at η = 0.01; it is not."""
    n = lookup("linear-regression").numbers()
    assert len(n["ws"]) == 501
    assert n["final"]["w"] == pytest.approx(3.0553, abs=5e-5)
    assert n["final"]["b"] == pytest.approx(1.8003, abs=5e-5)
    assert n["final"]["loss"] == pytest.approx(0.00726, abs=5e-5)
    assert f"{n['final']['w']:.4f}" != "3.0000"
    assert n["least_squares"]["w"] == pytest.approx(3.0)
    assert n["least_squares"]["b"] == pytest.approx(2.0)
    # It does get there eventually: the loss keeps falling.
    assert np.all(np.diff(n["losses"][50:]) < 0)


def test_replays_the_update_rule() -> None:
    n = lookup("linear-regression").numbers()
    x = np.array([1.0, 2, 3, 4, 5])
    y = np.array([5.0, 8, 11, 14, 17])
    w = b = 0.0
    for epoch in range(500):
        err = w * x + b - y
        w, b = w - 0.01 * 2 / 5 * err @ x, b - 0.01 * 2 / 5 * err.sum()
        assert n["ws"][epoch + 1] == pytest.approx(w, rel=1e-12)
        assert n["bs"][epoch + 1] == pytest.approx(b, rel=1e-12)


def test_scene_shows_the_sampled_epochs_and_the_comparison() -> None:
    scene = dry_run("linear-regression")
    n = scene.numbers
    assert n["sample_epochs"] == [0, 1, 2, 5, 10, 20, 50, 100, 200, 500]
    shown = set(np.round(scene.displayed, 9))
    for e in n["sample_epochs"]:
        for value in (e, n["ws"][e], n["bs"][e], n["losses"][e]):
            assert round(float(value), 9) in shown
    for value in (n["least_squares"]["w"], n["least_squares"]["b"]):
        assert round(float(value), 9) in shown


def test_diverging_rate_stays_in_frame() -> None:
    n = lookup("linear-regression").numbers({"eta": 0.1})
    assert n["diverged"]
    assert dry_run("linear-regression", {"eta": 0.1}, aspect="9:16").out_of_frame == []


def test_other_data() -> None:
    scene = dry_run("linear-regression", {"xs": [-3.0, 0.0, 2.0, 7.0],
                                          "ys": [40.0, 31.0, 20.0, -2.0], "epochs": 50})
    assert scene.out_of_frame == []
    assert scene.numbers["sample_epochs"][-1] == 50


def test_reaching_least_squares_is_judged_by_the_core() -> None:
    from scenes.core.catalog import lookup

    assert lookup("linear-regression").numbers()["reached_least_squares"] is False
    assert lookup("linear-regression").numbers({"epochs": 5000})["reached_least_squares"] is True
