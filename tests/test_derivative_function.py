"""derivative-function: f′(x) = 2x − 4, its zero at x = 2 with f(2) = 1, the sign regions."""

from __future__ import annotations

import numpy as np
import pytest

from scenes.core.catalog import lookup
from scenes.core.params import ParamError
from tests.helpers import dry_run


def test_default_derivative_zero_and_regions_match_the_course() -> None:
    n = lookup("derivative-function").numbers()
    assert n["derivative_formula"] == "2*x - 4"
    assert n["zeros"] == [2.0]
    assert n["values_at_zeros"] == [1.0]
    assert n["regions"] == [{"from": -1.0, "to": 2.0, "sign": "falling"},
                            {"from": 2.0, "to": 5.0, "sign": "rising"}]


def test_samples_are_f_and_its_derivative_with_the_zero_among_them() -> None:
    n = lookup("derivative-function").numbers()
    xs = np.array(n["samples"]["x"])
    assert xs[0] == -1.0
    assert xs[-1] == 5.0
    assert 2.0 in xs
    assert np.allclose(n["samples"]["f"], xs**2 - 4 * xs + 5)
    assert np.allclose(n["samples"]["fprime"], 2 * xs - 4)
    lo, hi = n["window"]["fprime"]
    assert lo < 0 < hi  # the zero line of f′ is always in view


def test_a_derivative_without_zeros_no_longer_crashes_the_core() -> None:
    # solveset returns EmptySet here; real_roots used to raise TypeError on it.
    n = lookup("derivative-function").numbers({"function": "exp(x)"})
    assert n["zeros"] == []
    assert n["regions"] == [{"from": -1.0, "to": 5.0, "sign": "rising"}]


def test_undefined_points_are_left_out_of_the_samples() -> None:
    n = lookup("derivative-function").numbers({"function": "log(x)"})
    assert min(n["samples"]["x"]) > 0


def test_reversed_range_is_refused_with_a_message() -> None:
    with pytest.raises(ParamError, match="the first number must be below the second"):
        lookup("derivative-function").numbers({"x_range": [5, -1]})


def test_scene_shows_the_zero_and_the_minimum_value() -> None:
    scene = dry_run("derivative-function")
    assert 2.0 in scene.displayed  # x = 2
    assert 1.0 in scene.displayed  # f(2) = 1
    assert -6.0 in scene.displayed  # the slope readout starts at f′(−1) = −6


@pytest.mark.parametrize("params", [
    {"function": "x**3 - 3*x", "x_range": [-2.5, 2.5]},
    {"function": "sin(x)", "x_range": [-4, 9]},
    {"function": "1/x"},
])
def test_other_functions_play_and_stay_in_frame(params: dict[str, object]) -> None:
    for aspect in ("16:9", "9:16"):
        scene = dry_run("derivative-function", params, aspect=aspect)
        assert scene.out_of_frame == []
        assert [b for b, *_ in scene.beat_log] == list(scene.BEATS)
