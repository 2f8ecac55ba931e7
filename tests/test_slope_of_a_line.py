"""slope-of-a-line: the points on y = 2x + 1 and slope 2 between every pair."""

from __future__ import annotations

import itertools
import math
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scenes.core.catalog import lookup
from scenes.core.series import Direction, PairSlopes
from scenes.words.speech import num, speech
from tests.helpers import dry_run, is_core_value, numbers_in
from tests.screen_text import english_screen_words, recording, words_in


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


# ---------------------------------------------------------------- words and languages

OTHER = {"m": -1.5, "b": 0.5, "xs": [-2.0, 1.0, 4.0]}


def beats(params: dict[str, Any], lang: str) -> dict[str, str]:
    scene = lookup("slope-of-a-line").scene_class()
    return {b.name: b.text for b in scene.narration_for(params, lang)}


def test_the_core_judges_direction_pair_slopes_and_the_tour() -> None:
    n = lookup("slope-of-a-line").prepare({"m": -0.5, "b": 3, "xs": [4, -2, 1.5, 7]}).numbers
    assert n["direction"] is Direction.DOWN
    assert n["slopes"] is PairSlopes.EQUAL
    assert n["equation"] == "-0.5*x + 3.0"
    # Pairs by index: (4,-2) (4,1.5) (4,7) (-2,1.5) (-2,7) (1.5,7); runs -6 -2.5 3 3.5 9 5.5.
    assert n["tour"] == [1, 2, 3, 5, 0, 4]
    assert [p["climb"] for p in n["pairs"]] == [Direction.UP, Direction.UP, Direction.DOWN,
                                              Direction.DOWN, Direction.DOWN, Direction.DOWN]
    flat = lookup("slope-of-a-line").prepare({"m": 0, "b": -2}).numbers
    assert flat["direction"] is Direction.FLAT
    assert flat["equation"] == "-2.0"
    assert lookup("slope-of-a-line").prepare({"xs": [1, 1]}).numbers["slopes"] \
        is PairSlopes.NO_RUN
    assert lookup("slope-of-a-line").prepare({"m": 1, "b": 0}).numbers["equation"] == "x"


@pytest.mark.parametrize("params", [{}, OTHER])
def test_spanish_script_speaks_the_core_numbers_with_a_decimal_comma(
        params: dict[str, Any]) -> None:
    lesson = lookup("slope-of-a-line").prepare(params)
    n, m, b = lesson.numbers, lesson.params["m"], lesson.params["b"]
    said = beats(params, "es")
    es = speech("es")
    text = " ".join(said.values())
    assert "{" not in text
    assert "[" not in text
    assert f"y igual a {es.formula(n['equation'])}." in said["line"]
    assert f"El número que multiplica a x, {es.num(m)}, es su pendiente" in said["line"]
    assert f"corta el eje vertical en {es.num(b)}" in said["line"]
    for x, y in n["points"]:
        assert es.num(x) in said["points"]
        assert es.num(y) in said["points"]
    first = n["pairs"][n["tour"][0]]
    assert (f"{es.num(first['rise'])} entre {es.num(first['run'])}, "
            f"que da {es.num(first['slope'])}") in said["first-pair"]
    assert f"sigue siendo {es.num(m)}" in said["every-pair"]
    if params:
        assert "menos 1,5 x más 0,5" in said["line"]
        assert "Sus alturas son 3,5; menos 1 y menos 5,5." in said["points"]
        assert "hacia abajo" in said["first-pair"]
        assert "baja" in said["takeaway"]
        assert not re.search(r"\d\.\d", text)


@pytest.mark.parametrize("aspect", ["16:9", "9:16"])
def test_a_spanish_dry_run_shows_core_numbers_in_spanish_only(
        aspect: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with recording(monkeypatch) as shown:
        scene = dry_run("slope-of-a-line", OTHER, aspect=aspect, lang="es")
    assert scene.out_of_frame == []
    assert [b for b, *_ in scene.beat_log] == list(scene.BEATS)
    core = [*numbers_in(scene.numbers), *numbers_in(scene.params)]
    assert scene.displayed
    assert [v for v in scene.displayed if not is_core_value(v, core)] == []
    on_screen = words_in(shown)
    assert {"pendiente", "subida", "avance"} <= on_screen
    assert on_screen & english_screen_words("slope-of-a-line") == set()
    assert "(−2; 3,5)" in shown  # a point, with the decimal comma
    assert not any(re.search(r"\d\.\d", s) for s in shown)


# ---------------------------------------------------------------- claims agree with the core

hundredths = st.integers(-1000, 1000).map(lambda k: k / 100)
line_params = st.fixed_dictionaries({
    "m": st.one_of(st.just(0.0), hundredths),
    "b": hundredths,
    "xs": st.lists(st.integers(-40, 40).map(lambda k: k / 4), min_size=2, max_size=6),
})


@settings(max_examples=25)
@given(line_params)
def test_every_claim_of_the_narration_agrees_with_the_core(params: dict[str, Any]) -> None:
    n = lookup("slope-of-a-line").prepare(params).numbers
    points, pairs = n["points"], n["pairs"]
    en, es = beats(params, "en"), beats(params, "es")
    m = params["m"]
    # Whether any pair has a run: only when two points have different x.
    has_run = len({x for x, _ in points}) > 1
    assert ("run is zero" in en["first-pair"]) == (not has_run)
    assert ("el avance es cero" in es["first-pair"]) == (not has_run)
    if not has_run:
        return
    # Flat, climbing or falling: the sign of every pair's slope, not only of m.
    flat = all(p["rise"] == 0 for p in pairs)
    assert ("It is flat" in en["line"]) == flat == ("Es horizontal" in es["line"])
    rising = all(p["rise"] / p["run"] > 0 for p in pairs)
    falling = all(p["rise"] / p["run"] < 0 for p in pairs)
    assert ("A line climbs" in en["takeaway"]) == rising == ("Una recta sube" in es["takeaway"])
    assert ("A line falls" in en["takeaway"]) == falling == ("Una recta baja" in es["takeaway"])
    assert ("bigger rise" in en["every-pair"]) == (rising and len(n["tour"]) > 1)
    assert ("bigger drop" in en["every-pair"]) == (falling and len(n["tour"]) > 1)
    # The first pair's rise: going up exactly when its second point is higher.
    first = pairs[n["tour"][0]]
    higher = points[first["to"]][1] > points[first["from"]][1]
    lower = points[first["to"]][1] < points[first["from"]][1]
    assert ("going up" in en["first-pair"]) == higher == ("hacia arriba" in es["first-pair"])
    assert ("going down" in en["first-pair"]) == lower == ("hacia abajo" in es["first-pair"])
    # The slope said for every pair is the line's m, and every pair's slope is m.
    assert all(math.isclose(p["slope"], m, rel_tol=1e-9, abs_tol=1e-12) for p in pairs)
    assert f"{num(m)} every single time" in en["every-pair"] or len(n["tour"]) == 1
    assert f"again be {num(m)}." in en["every-pair"] or len(n["tour"]) > 1
    # "every pair" only when the tour visits every pair.
    assert ("measure every pair" in en["every-pair"]) == (len(n["tour"]) == len(pairs) > 1)
    assert ("up to rounding" in en["every-pair"]) == (
        len(n["tour"]) > 1 and m != 0 and max(p["slope"] for p in pairs)
        - min(p["slope"] for p in pairs) >= 1e-12)
