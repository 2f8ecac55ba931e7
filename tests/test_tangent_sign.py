"""The sign of the slope steers the step: 1.25(w − 2.2)² from w = 3 and w = 1.4, η = 0.1."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scenes.core import numerics as nx
from scenes.core.catalog import lookup
from scenes.words.narration import Beat
from scenes.words.speech import speech
from tests.helpers import dry_run, is_core_value, numbers_in
from tests.screen_text import english_screen_words, plain, recording, words_in


def test_right_start_follows_the_lecture_notes() -> None:
    right = lookup("tangent-sign").numbers()["runs"][0]
    # L′(w) = 2.5(w − 2.2): slope 2 at 3, then w = 2.8, slope 1.5, then w = 2.65.
    assert right["points"][:3] == pytest.approx([3.0, 2.8, 2.65])
    assert right["gradients"][:2] == pytest.approx([2.0, 1.5])
    assert right["directions"][:2] == ["left", "left"]


def test_left_start_steps_right() -> None:
    left = lookup("tangent-sign").numbers()["runs"][1]
    assert left["points"][:3] == pytest.approx([1.4, 1.6, 1.75])
    assert left["gradients"][:2] == pytest.approx([-2.0, -1.5])
    assert set(left["directions"]) == {"right"}


def test_steps_shrink_as_the_slope_flattens() -> None:
    for run in lookup("tangent-sign").numbers()["runs"]:
        points = run["points"]
        steps = [abs(b - a) for a, b in zip(points, points[1:], strict=False)]
        assert all(later < earlier for earlier, later in zip(steps, steps[1:], strict=False))
        # With η fixed, each step is η times the slope: 0.1 × 2.5(w − 2.2).
        for w, step in zip(points, steps, strict=False):
            assert step == pytest.approx(0.1 * 2.5 * abs(w - 2.2))


def test_scene_shows_slopes_and_weights() -> None:
    shown = dry_run("tangent-sign").displayed
    for value in (3.0, 2.0, 2.8, 1.5, 2.65, 1.4, -2.0, 1.6, 0.1):
        assert any(v == pytest.approx(value) for v in shown), value


@pytest.mark.parametrize("params", [
    {"function": "w**2", "starts": [-4.0], "eta": 0.3, "steps": 3},
    {"function": "(w - 1)**2", "starts": [3.0, -1.0, 0.5, 2.0], "eta": 1.05, "steps": 10},
    {"function": "w**4 - w**2", "starts": [1.5, -0.2], "eta": 0.05, "steps": 40},
    # Overflows on the first step: the window is so wide the tangent is a dot.
    {"function": "w**8", "starts": [100.0, 50.0], "eta": 10.0},
])
def test_other_parameters_stay_in_frame(params: dict[str, object]) -> None:
    for aspect in ("16:9", "9:16", "1:1"):
        scene = dry_run("tangent-sign", params, aspect=aspect)
        assert scene.out_of_frame == []


# ---------------------------------------------------------------- words: Spanish, claims

ES = speech("es")
OTHER = {"function": "(w - 1)**2", "starts": [4.0, -2.0], "eta": 0.2}


def beats(params: dict[str, Any] | None, lang: str) -> dict[str, Beat]:
    return {b.name: b for b in lookup("tangent-sign").scene_class().narration_for(params, lang)}


@pytest.mark.parametrize("params", [None, OTHER])
def test_spanish_script_speaks_the_core_numbers_with_a_decimal_comma(
        params: dict[str, Any] | None) -> None:
    n = lookup("tangent-sign").prepare(params).numbers
    said = beats(params, "es")
    first, second = n["runs"]
    assert f"punto más bajo en {ES.num(n['bottom'])}" in said["setup"].text
    right = said["right"].text
    for value in (first["points"][0], first["gradients"][0], first["points"][1],
                  first["gradients"][1], first["points"][2]):
        assert ES.num(value) in right, value
    left = said["left"].text
    assert f"pasa de {ES.num(second['points'][0])} a {ES.num(second['points'][1])}" in left
    text = " ".join(b.text for b in said.values())
    assert not re.search(r"\d\.\d", text), "a decimal point in the Spanish script"
    if params is None:
        assert "hasta 2,8" in right
        assert "2,65" in right
        assert "de 1,4 a 1,6" in left


@pytest.mark.parametrize("aspect", ["16:9", "9:16"])
def test_spanish_dry_run_shows_core_numbers_spanish_words_and_stays_in_frame(
        aspect: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with recording(monkeypatch) as seen:
        scene = dry_run("tangent-sign", aspect=aspect, lang="es")
    assert scene.out_of_frame == []
    core = [*numbers_in(scene.numbers), *numbers_in(scene.params)]
    assert scene.displayed
    assert [v for v in scene.displayed if not is_core_value(v, core)] == []
    shown = plain(seen)
    for english in ("step", "left", "right", "from", "slope", "Which", "converging", "the"):
        assert not re.search(rf"\b{english}\b", shown, re.I), english
    assert words_in(seen) & english_screen_words("tangent-sign") == set()
    assert "paso a la izquierda" in shown
    assert "paso a la derecha" in shown
    assert "desde w = 1,4" in shown
    assert "L'(2,8) = 1,5 > 0" in shown
    assert "converge despacio" in shown


# What each language says, beat by beat.
CLAIMS = {
    "en": {"up": "tilts up", "down": "tilts down", "goes left": "the step goes left",
           "goes right": "the step goes right", "gentler": "gentler", "steeper": "steeper",
           "shorter": "step is shorter", "longer": "step is longer",
           "on the left": "the ball on the left", "to left": "To the left.",
           "to right": "To the right.", "downhill": "downhill", "went up": "loss went up",
           "shrink": "every step is shorter than the last", "diverging": "diverging",
           "right of": "to the right of the bottom", "left of": "to the left of the bottom"},
    "es": {"up": "tangente sube", "down": "tangente baja",
           "goes left": "el paso va hacia la izquierda",
           "goes right": "el paso va hacia la derecha", "gentler": "más suave",
           "steeper": "más empinada", "shorter": "paso es más corto",
           "longer": "paso es más largo", "on the left": "la bola de la izquierda",
           "to left": "Hacia la izquierda.", "to right": "Hacia la derecha.",
           "downhill": "cuesta abajo", "went up": "pérdida subió",
           "shrink": "cada paso es más corto que el anterior", "diverging": "diverge",
           "right of": "a la derecha del fondo", "left of": "a la izquierda del fondo"},
}

LOSSES = st.one_of(
    st.builds(lambda a, b: f"{a}*(w - {b})**2", st.sampled_from([0.5, 1, 1.25, 2, 3]),
              st.sampled_from([-2, -1, 0, 1, 2.2])),
    st.sampled_from(["w**4 - w**2", "(w - 1)**4", "w**2 + w"]))


@settings(max_examples=25)
@given(function=LOSSES,
       starts=st.lists(st.sampled_from([-3.0, -1.5, -0.5, 0.5, 1.4, 2.0, 3.0]),
                       min_size=1, max_size=3, unique=True),
       eta=st.sampled_from([0.02, 0.1, 0.3, 0.6, 0.9, 1.1]),
       steps=st.integers(min_value=2, max_value=8))
def test_every_claim_of_the_narration_agrees_with_the_core(
        function: str, starts: list[float], eta: float, steps: int) -> None:
    params = {"function": function, "starts": starts, "eta": eta, "steps": steps}
    n = lookup("tangent-sign").prepare(params).numbers
    runs = n["runs"]
    first = runs[0]
    w, g = first["points"], first["gradients"]
    for lang, say in CLAIMS.items():
        said = beats(params, lang)
        setup, right = said["setup"].text, said["right"].text
        # Where the balls start, against the one bottom the core found.
        bottom = n["bottom"]
        assert (say["right of"] in setup) == (bottom is not None
                                              and any(s > bottom for s in starts))
        assert (say["left of"] in setup) == (bottom is not None
                                             and any(s < bottom for s in starts))
        # The first step: the tangent's tilt and the step's way follow the slope's sign.
        assert (say["up"] in right) == (g[0] > 0)
        assert (say["down"] in right) == (g[0] < 0)
        if len(w) > 1:
            assert (say["goes left"] in right) == (w[1] < w[0])
            assert (say["goes right"] in right) == (w[1] > w[0])
        if len(w) > 2 and g[0] != 0:
            assert (say["gentler"] in right) == (abs(g[1]) < abs(g[0]))
            assert (say["steeper"] in right) == (abs(g[1]) > abs(g[0]))
            sizes = [abs(w[1] - w[0]), abs(w[2] - w[1])]
            assert (say["shorter"] in right) == (sizes[1] < sizes[0])
            assert (say["longer"] in right) == (sizes[1] > sizes[0])
        left, shrink = said["left"].text, said["shrink"].text
        if len(runs) > 1:
            second = runs[1]
            assert (say["on the left"] in said["predict"].text) == (starts[1] < starts[0])
            a, b = second["points"][:2] if len(second["points"]) > 1 else (starts[1], None)
            assert (say["to left"] in left) == (b is not None and b < a)
            assert (say["to right"] in left) == (b is not None and b > a)
            if b is not None and b != a:
                l0, l1 = second["losses"][:2]
                assert (say["downhill"] in left) == (l1 < l0)
                assert (say["went up"] in left) == (l1 > l0)
        # Two shown steps or more, each shorter than the last, for every run: said only
        # when true.
        shown = [r["points"][:n["shown_steps"] + 1] for r in runs]
        shrinking = all(len(p) > 2 for p in shown) and all(
            abs(c - b) < abs(b - a) for p in shown
            for a, b, c in zip(p, p[1:], p[2:], strict=False))
        assert (say["shrink"] in shrink) == shrinking
        if not shrinking:
            diverging = any(r["verdict"] == nx.Verdict.DIVERGING for r in runs)
            assert (say["diverging"] in shrink) == diverging
