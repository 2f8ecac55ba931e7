"""Critical points of x², −x², x³: f′ = 0, f″ there, the verdicts, and x³'s neighbours."""

from __future__ import annotations

from typing import Any

import pytest

from scenes.core.catalog import lookup
from tests.helpers import dry_run


def only_point(function: dict[str, Any]) -> dict[str, Any]:
    points: list[dict[str, Any]] = function["critical_points"]
    assert len(points) == 1
    return points[0]


def test_default_verdicts_follow_the_second_derivative() -> None:
    n = lookup("critical-points").numbers()
    square, negative, cube = (only_point(f) for f in n["functions"])
    for point in (square, negative, cube):
        assert point["x"] == pytest.approx(0.0, abs=1e-12)
        assert point["first_derivative"] == pytest.approx(0.0, abs=1e-12)
    assert square["second_derivative"] == pytest.approx(2.0)
    assert (square["second_derivative_test"], square["verdict"]) == ("minimum", "minimum")
    assert negative["second_derivative"] == pytest.approx(-2.0)
    assert (negative["second_derivative_test"], negative["verdict"]) == ("maximum", "maximum")
    assert cube["second_derivative"] == pytest.approx(0.0, abs=1e-12)
    assert cube["second_derivative_test"] == "inconclusive"
    assert cube["verdict"] == "not an extremum"


def test_cube_keeps_rising_through_its_flat_point() -> None:
    cube = only_point(lookup("critical-points").numbers()["functions"][2])
    (x_left, y_left), (x_right, y_right) = cube["left"], cube["right"]
    assert (x_left, x_right) == pytest.approx((-0.1, 0.1))
    # f(−0.1) = −0.001 < f(0) = 0 < f(0.1) = 0.001, as the lecture notes compute.
    assert y_left == pytest.approx(-0.001)
    assert y_right == pytest.approx(0.001)
    assert y_left < cube["value"] < y_right
    # The third derivative (6) is the first that is not zero: odd order, no extremum.
    # The notes call this a "saddle point"; for one variable it is a stationary
    # inflection point, and the core's verdict says only what is true: no extremum.
    assert cube["first_nonzero_derivative_order"] == 3


def test_user_functions_with_several_or_no_critical_points() -> None:
    n = lookup("critical-points").numbers({"functions": ["x**3 - 3*x", "exp(x)", "x**4"]})
    cubic, exponential, quartic = n["functions"]
    assert [p["x"] for p in cubic["critical_points"]] == pytest.approx([-1.0, 1.0])
    assert [p["verdict"] for p in cubic["critical_points"]] == ["maximum", "minimum"]
    assert [p["second_derivative"] for p in cubic["critical_points"]] == pytest.approx([-6, 6])
    assert exponential["critical_points"] == []
    point = only_point(quartic)
    assert (point["second_derivative_test"], point["verdict"]) == ("inconclusive", "minimum")
    assert n["search_interval"] == [-5.0, 5.0]


def test_sine_critical_points_found_numerically() -> None:
    n = lookup("critical-points").numbers({"functions": ["sin(x)"]})
    xs = [p["x"] for p in n["functions"][0]["critical_points"]]
    assert xs == pytest.approx([-3 * 3.141592653589793 / 2, -3.141592653589793 / 2,
                                3.141592653589793 / 2, 3 * 3.141592653589793 / 2], abs=1e-9)


def test_scene_shows_the_key_figures() -> None:
    shown = dry_run("critical-points").displayed
    for value in (2.0, -2.0, -0.1, 0.1, -0.001, 0.001):
        assert any(v == pytest.approx(value) for v in shown), value


@pytest.mark.parametrize("functions", [
    ["x**3 - 3*x", "exp(x)", "sin(x)", "x**4"],  # several points, none, many, f″ = 0
    ["exp(x)"],  # nothing flat at all
    ["log(x)", "1/x"],  # undefined on part of the axis, a pole
])
def test_user_functions_stay_in_frame(functions: list[str]) -> None:
    for aspect in ("16:9", "9:16", "1:1"):
        scene = dry_run("critical-points", {"functions": functions}, aspect=aspect)
        assert scene.out_of_frame == []
