"""slope-of-a-line: the points on y = 2x + 1 and slope 2 between every pair."""

from __future__ import annotations

import itertools

import pytest

from scenes.core.catalog import lookup
from tests.helpers import dry_run


def test_default_points_and_pairs_match_the_course() -> None:
    n = lookup("slope-of-a-line").numbers()
    assert n["points"] == [[0.0, 1.0], [1.0, 3.0], [2.0, 5.0], [3.0, 7.0]]
    pairs = n["pairs"]
    assert [(p["from"], p["to"]) for p in pairs] == list(itertools.combinations(range(4), 2))
    for p in pairs:
        (x1, y1), (x2, y2) = n["points"][p["from"]], n["points"][p["to"]]
        assert p["rise"] == y2 - y1
        assert p["run"] == x2 - x1
        assert p["slope"] == 2.0
    assert n["all_slopes_equal"] is True


def test_any_line_has_its_own_slope_between_every_pair() -> None:
    n = lookup("slope-of-a-line").numbers({"m": -0.5, "b": 3, "xs": [4, -2, 1.5, 7]})
    assert [p["slope"] for p in n["pairs"]] == pytest.approx([-0.5] * 6)
    assert n["points"][1] == [-2.0, 4.0]


def test_repeated_x_gives_no_pair_with_zero_run() -> None:
    n = lookup("slope-of-a-line").numbers({"xs": [1, 1, 2]})
    assert [(p["from"], p["to"]) for p in n["pairs"]] == [(0, 2), (1, 2)]


def test_scene_shows_the_points_rise_run_and_slope() -> None:
    scene = dry_run("slope-of-a-line")
    shown = set(scene.displayed)
    # Coordinates of all four points, rises 2, 4, 6, runs 1, 2, 3, slope 2.
    assert {0.0, 1.0, 2.0, 3.0, 5.0, 7.0, 4.0, 6.0} <= shown
    assert scene.displayed.count(2.0) >= 6  # the slope, once per pair at least


def test_six_points_visit_a_short_tour_and_stay_in_frame() -> None:
    params = {"m": -0.5, "b": 3, "xs": [4, -2, 1.5, 7, 0, -6]}
    for aspect in ("16:9", "9:16", "1:1"):
        scene = dry_run("slope-of-a-line", params, aspect=aspect)
        assert scene.out_of_frame == []
    order = scene.numbers["tour"]
    assert len(order) == 6
    runs = [abs(scene.numbers["pairs"][k]["run"]) for k in order]
    assert runs[-1] == 13.0  # the widest pair comes last


def test_a_flat_line_and_a_single_x_still_play() -> None:
    flat = dry_run("slope-of-a-line", {"m": 0, "b": -2})
    assert 0.0 in flat.displayed
    assert -2.0 in flat.displayed
    lonely = dry_run("slope-of-a-line", {"xs": [1, 1]})
    assert [b for b, *_ in lonely.beat_log] == list(lonely.BEATS)
