"""step-size-shrinks: steps proportional to the slope, and both losses reading 0.0000 together."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from scenes.core.catalog import lookup
from scenes.core.series import step_size_shrinks
from tests.helpers import dry_run


@pytest.fixture(scope="module")
def numbers() -> dict[str, Any]:
    return step_size_shrinks(lookup("step-size-shrinks").resolve({}))


def test_each_step_is_six_tenths_of_the_last(numbers: dict[str, Any]) -> None:
    # w ← w − 0.2·2w = 0.6·w, so the k-th step is 0.4·w0·0.6^(k−1).
    for run, w0 in zip(numbers["runs"], (10.0, 15.0), strict=True):
        k = np.arange(20)
        assert run["step_sizes"] == pytest.approx(0.4 * w0 * 0.6**k, rel=1e-9)
        assert run["points"] == pytest.approx(w0 * 0.6 ** np.arange(21), rel=1e-9)
    near, far = numbers["runs"]
    assert near["step_sizes"][:3] == pytest.approx([4.0, 2.4, 1.44])
    assert far["step_sizes"][:3] == pytest.approx([6.0, 3.6, 2.16])
    assert all(f > n for f, n in zip(far["step_sizes"], near["step_sizes"], strict=True))


def test_both_losses_first_read_zero_at_epoch_15(numbers: dict[str, Any]) -> None:
    # The note says both reach zero loss at epoch 15; to four decimals that holds:
    # 10·0.6^15 → loss 2.2e-5 and 15·0.6^15 → loss 4.97e-5, both below 5e-5,
    # while at epoch 14 both still read 0.0001.
    near, far = numbers["runs"]
    assert near["first_epoch_reading_zero"] == 15
    assert far["first_epoch_reading_zero"] == 15
    assert f"{near['losses'][14]:.4f}" == f"{far['losses'][14]:.4f}" == "0.0001"
    assert far["losses"][15] == pytest.approx(225 * 0.36**15)
    assert far["losses"][15] < 5e-5
    # The far ball is never actually level: always 1.5 times as far from the bottom.
    assert far["points"] / near["points"] == pytest.approx(np.full(21, 1.5))


def test_scene_shows_the_key_figures() -> None:
    scene = dry_run("step-size-shrinks")
    shown = scene.displayed
    for value in (4.0, 6.0, 2.4, 3.6, 15.0, 0.2, 225.0, 100.0, 0.0):
        assert any(v == pytest.approx(value) for v in shown), value


@pytest.mark.parametrize("params", [
    {"function": "log(1 + exp(w))", "starts": [10.0, -3.0]},
    {"starts": [1.0, -2.0, 5.0, 50.0], "eta": 0.05, "steps": 120},
    {"function": "w**4", "starts": [10.0, 15.0]},
])
def test_scene_works_for_other_parameters(params: dict[str, Any]) -> None:
    scene = dry_run("step-size-shrinks", params, aspect="1:1")
    assert scene.out_of_frame == []
