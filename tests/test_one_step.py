"""One gradient step on (w − 3)² from w0 = 5 with η = 0.1: the figures of the lecture notes."""

from __future__ import annotations

import pytest

from scenes.core.catalog import lookup
from tests.helpers import dry_run


def test_core_numbers_match_the_update_rule() -> None:
    n = lookup("one-step").numbers()
    # L(w) = (w − 3)², L′(w) = 2(w − 3): exact values, computed independently here.
    assert n["slope"] == pytest.approx(2 * (5 - 3))
    assert n["slope"] == pytest.approx(4.0)
    assert n["w1"] == pytest.approx(5 - 0.1 * 4)
    assert n["w1"] == pytest.approx(4.6)
    assert n["step"] == pytest.approx(-0.4)
    assert n["loss0"] == pytest.approx(4.0)
    assert n["loss1"] == pytest.approx((4.6 - 3) ** 2)
    assert n["loss1"] == pytest.approx(2.56)
    assert n["derivative_latex"] == "2 w - 6"


def test_decimal_coefficients_typeset_as_written() -> None:
    n = lookup("one-step").numbers({"function": "1.25*(w - 2.2)**2"})
    assert n["function_latex"] == r"1.25 \left(w - 2.2\right)^{2}"
    assert n["derivative_latex"] == "2.5 w - 5.5"


def test_scene_shows_every_number_of_the_step() -> None:
    shown = dry_run("one-step").displayed
    for value in (5.0, 0.1, 4.0, 4.6, 2.56):
        assert any(v == pytest.approx(value) for v in shown), value


@pytest.mark.parametrize("params", [
    {"function": "w**2", "w0": -3.0, "eta": 0.3},  # negative slope: steps right
    {"function": "(w - 3)**2", "w0": 5.0, "eta": 1.5},  # overshoots: the loss rises
    {"function": "w**4 - 2*w**2", "w0": 0.5, "eta": 0.05},
])
def test_other_parameters_stay_in_frame(params: dict[str, object]) -> None:
    for aspect in ("16:9", "9:16"):
        scene = dry_run("one-step", params, aspect=aspect)
        assert scene.out_of_frame == []
    n = scene.numbers
    assert any(v == pytest.approx(n["w1"]) for v in scene.displayed)
    assert any(v == pytest.approx(n["loss1"]) for v in scene.displayed)
