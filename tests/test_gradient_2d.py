"""gradient-2d: the contour helper, the gradient series and what the scene shows."""

from __future__ import annotations

import numpy as np
import pytest

from scenes.core import numerics as nx
from scenes.core.catalog import lookup
from scenes.core.formula import parse
from tests.helpers import dry_run

BOWL = parse("x**2 + 2*y**2", ("x", "y"))


def test_marching_squares_follows_a_circle() -> None:
    circle = parse("x**2 + y**2", ("x", "y"))
    result = nx.contours(circle, (-2, 2), (-2, 2), levels=[1.0], resolution=81)
    assert len(result.lines[0]) == 1
    ring = result.lines[0][0]
    assert np.allclose(ring[0], ring[-1])  # a closed loop
    radii = np.hypot(ring[:, 0], ring[:, 1])
    assert np.max(np.abs(radii - 1.0)) < 2e-3
    assert len(ring) > 40


def test_contours_lie_on_their_levels_and_split_at_the_box() -> None:
    result = nx.contours(BOWL, (-3, 3), (-2, 2), count=8)
    assert 5 <= len(result.levels) <= 8
    assert np.all(np.diff(result.levels) > 0)
    for level, polylines in zip(result.levels, result.lines, strict=True):
        assert polylines, f"level {level} drew nothing"
        for line in polylines:
            assert np.max(np.abs(BOWL(line[:, 0], line[:, 1]) - level)) < 0.01 * level + 0.01
    # Ellipses larger than the box are cut into open arcs that end on its edges.
    outer = result.lines[-1]
    assert len(outer) > 1
    for arc in outer:
        for end in (arc[0], arc[-1]):
            assert np.isclose(abs(end[0]), 3) or np.isclose(abs(end[1]), 2)


def test_marching_squares_skips_undefined_cells() -> None:
    f = parse("log(x)", ("x", "y"))
    result = nx.contours(f, (-1, 2), (-1, 1), levels=[0.0], resolution=31)
    xs = np.concatenate([line[:, 0] for line in result.lines[0]])
    assert np.allclose(xs, 1.0, atol=1e-9)


def test_stationary_point_kinds() -> None:
    assert nx.stationary_point(BOWL, [1.0, 1.0]).kind == "minimum"  # type: ignore[union-attr]
    saddle = nx.stationary_point(parse("x**2 - y**2", ("x", "y")), [0.3, -0.2])
    assert saddle is not None
    assert saddle.point == (0.0, 0.0)
    assert saddle.kind == "saddle"
    assert nx.stationary_point(parse("x + y", ("x", "y")), [1.0, 1.0]) is None


def test_default_numbers_match_the_formulas() -> None:
    n = lookup("gradient-2d").numbers()
    assert n["gradient_formula"] == ["2*x", "4*y"]
    points = np.asarray(n["run"]["points"])
    grads = np.asarray(n["run"]["gradients"])
    assert points.shape == (26, 2)
    assert points[0].tolist() == [2.5, 1.5]
    assert grads[0].tolist() == [5.0, 6.0]
    # Each step is exactly p - 0.1 * (2x, 4y): x shrinks by 0.8, y by 0.6.
    k = np.arange(26)
    assert np.allclose(points[:, 0], 2.5 * 0.8**k)
    assert np.allclose(points[:, 1], 1.5 * 0.6**k)
    assert np.allclose(n["run"]["losses"], points[:, 0] ** 2 + 2 * points[:, 1] ** 2)
    assert n["run"]["losses"][0] == pytest.approx(10.75)
    assert n["stationary"]["kind"] == "minimum"
    assert n["run"]["left_view_step"] is None
    x_range, y_range = n["view"]["x_range"], n["view"]["y_range"]
    assert x_range[0] < -2.5 < 2.5 < x_range[1]
    assert y_range[0] < -1.5 < 1.5 < y_range[1]


def test_scene_reads_out_every_step() -> None:
    scene = dry_run("gradient-2d")
    n = scene.numbers
    shown = set(np.round(scene.displayed, 9))
    for k in range(26):
        for value in (*n["run"]["gradients"][k], n["run"]["losses"][k]):
            assert round(float(value), 9) in shown
    assert round(float(n["run"]["gradient_norms"][0]), 9) in shown


def test_diverging_run_is_clipped_and_said() -> None:
    n = lookup("gradient-2d").numbers({"eta": 0.6})
    assert n["run"]["verdict"] == "diverging"
    assert n["run"]["left_view_step"] is not None
    scene = dry_run("gradient-2d", {"eta": 0.6})
    assert scene.out_of_frame == []
    assert float(n["run"]["left_view_step"]) in scene.displayed


def test_other_surface() -> None:
    scene = dry_run("gradient-2d", {"function": "(x - 1)**2 + 3*y**2 + x*y",
                                    "start": [-2.0, 2.0]})
    assert scene.out_of_frame == []
