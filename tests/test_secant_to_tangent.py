"""secant-to-tangent: the figures it shows, and its layout with a user's own function."""

from __future__ import annotations

import math
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scenes.core.catalog import lookup
from scenes.core.formula import parse
from scenes.core.numerics import central_difference
from scenes.core.series import Approach, Side
from scenes.words.speech import num, speech
from tests.helpers import dry_run, is_core_value, numbers_in
from tests.screen_text import english_screen_words, recording, words_in


def test_shows_the_slope_table_and_the_derivative() -> None:
    scene = dry_run("secant-to-tangent")
    shown = [round(v, 9) for v in scene.displayed]
    for slope in (3, 2.5, 2.1, 2.01, 2.001):
        assert slope in shown
    assert 2 in shown  # the derivative
    assert scene.numbers["difference_quotient"] == "h + 2"
    assert [b for b, *_ in scene.beat_log][-1] == "takeaway"


@pytest.mark.parametrize("aspect", ["16:9", "9:16", "1:1"])
@pytest.mark.parametrize("params", [
    {"function": "x**3 - 3*x", "x0": -1.5, "hs": [1, 0.1, 0.01]},
    {"function": "sin(x)", "x0": 0.5},
    {"function": "exp(x)", "x0": -2, "hs": [-1, -0.5, -0.1]},
])
def test_a_users_function_stays_in_frame(params: dict[str, Any], aspect: str) -> None:
    scene = dry_run("secant-to-tangent", params, aspect=aspect)
    assert scene.out_of_frame == []
    assert scene.numbers["rows"][-1]["h"] == params.get("hs", [0.001])[-1]


def test_narration_speaks_the_computed_numbers() -> None:
    scene = dry_run("secant-to-tangent", {"function": "x**3", "x0": 2})
    text = " ".join(beat.text for beat in scene.script)
    assert "equals 2" in text  # x0
    assert "12" in text  # f'(2) = 12, from the core
    assert "{" not in text


def test_the_sweep_waits_for_its_word_in_the_narration() -> None:
    scene = dry_run("secant-to-tangent")
    beats = {b: (start, end) for b, start, end in scene.beat_log}
    start, end = beats["shrink"]
    (sentence, *_) = scene.plans["shrink"].sentences
    assert sentence.text.startswith("Now watch")
    assert start < scene.markers["slide"] < end
    assert scene.markers["slide"] == start + sentence.duration * len("Now ") / len(sentence.text)


# ---------------------------------------------------------------- words and languages

OTHER = {"function": "x**3", "x0": 2.5, "hs": [-1.0, -0.5, -0.05]}


def beats(params: dict[str, Any], lang: str) -> dict[str, str]:
    scene = lookup("secant-to-tangent").scene_class()
    return {b.name: b.text for b in scene.narration_for(params, lang)}


def test_the_core_judges_how_the_secants_approach() -> None:
    def judged(params: dict[str, Any]) -> tuple[Approach, Side]:
        n = lookup("secant-to-tangent").prepare(params).numbers
        return n["approach"], n["side"]

    assert judged({}) == (Approach.STEADY, Side.RIGHT)
    assert judged({"function": "3*x + 1"}) == (Approach.EXACT, Side.RIGHT)
    # Errors 1, 0.1 for x² at 1: the wider gap last is no closer.
    assert judged({"hs": [0.1, 1.0]}) == (Approach.NOT_CLOSER, Side.RIGHT)
    # Errors 1, 0.1, 0.5: closer in the end, not step by step.
    assert judged({"hs": [1.0, 0.1, -0.5, 0.01]}) == (Approach.UNEVEN, Side.BOTH)
    assert judged({"hs": [-1.0, -0.1]}) == (Approach.STEADY, Side.LEFT)
    assert judged({"hs": [0.5]}) == (Approach.NOT_CLOSER, Side.RIGHT)


@pytest.mark.parametrize("params", [{}, OTHER])
def test_spanish_script_speaks_the_core_numbers_with_a_decimal_comma(
        params: dict[str, Any]) -> None:
    lesson = lookup("secant-to-tangent").prepare(params)
    n, d = lesson.numbers, lesson.numbers["decimals"]
    es = speech("es")
    said = beats(params, "es")
    assert f"x sub cero igual a {es.num(lesson.params['x0'])}." in said["setup"]
    first, last = n["rows"][0], n["rows"][-1]
    assert (f"Con h igual a {es.num(first['h'], d)}, la subida entre el avance da una "
            f"pendiente de {es.num(first['slope'], d)}.") in said["secant"]
    assert f"Con h igual a {es.num(last['h'], d)}, la pendiente marca " \
           f"{es.num(last['slope'], d)}." in said["shrink"]
    assert f"aquí vale {es.num(n['derivative'], d)}." in said["tangent"]
    text = " ".join(said.values())
    assert not re.search(r"\d\.\d", text)
    if params:
        assert "x sub cero igual a 2,5." in said["setup"]
        assert "hacia la izquierda" in said["secant"]
        assert "Con h igual a menos 0,05, la pendiente marca 18,38." in said["shrink"]
        assert "aquí vale 18,75." in said["tangent"]


@pytest.mark.parametrize("aspect", ["16:9", "9:16"])
def test_a_spanish_dry_run_shows_core_numbers_in_spanish_only(
        aspect: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with recording(monkeypatch) as shown:
        scene = dry_run("secant-to-tangent", OTHER, aspect=aspect, lang="es")
    assert scene.out_of_frame == []
    assert [b for b, *_ in scene.beat_log] == list(scene.BEATS)
    core = [*numbers_in(scene.numbers), *numbers_in(scene.params)]
    assert scene.displayed
    assert [v for v in scene.displayed if not is_core_value(v, core)] == []
    on_screen = words_in(shown)
    assert {"pendiente", "subida", "avance", "secante"} <= on_screen
    assert on_screen & english_screen_words("secant-to-tangent") == set()
    assert "18,75" in shown  # the derivative in the table, with the decimal comma
    assert any("2{,}5" in s for s in shown)  # x0 in the maths
    assert not any(re.search(r"\d\.\d", s) for s in shown)


# ---------------------------------------------------------------- claims agree with the core

FUNCTIONS = ["x**2", "x**3 - 3*x", "sin(x)", "exp(x)", "3*x + 1", "x**2 - x", "1/(1 + x**2)"]
gaps = st.integers(-200, 200).filter(lambda k: k != 0).map(lambda k: k / 100)
secant_params = st.fixed_dictionaries({
    "function": st.sampled_from(FUNCTIONS),
    "x0": st.integers(-300, 300).map(lambda k: k / 100),
    "hs": st.lists(gaps, min_size=1, max_size=5, unique=True),
})


@settings(max_examples=25)
@given(secant_params)
def test_every_claim_of_the_narration_agrees_with_the_core(params: dict[str, Any]) -> None:
    n = lookup("secant-to-tangent").prepare(params).numbers
    en, es = beats(params, "en"), beats(params, "es")
    hs = [row["h"] for row in n["rows"]]
    # Which side the second point is on: the sign of every h.
    assert ("to the right" in en["secant"]) == all(h > 0 for h in hs) \
        == ("hacia la derecha" in es["secant"])
    assert ("to the left" in en["secant"]) == all(h < 0 for h in hs) \
        == ("hacia la izquierda" in es["secant"])
    # The derivative said is the slope of the function at x0, checked numerically.
    f = parse(params["function"])
    assert math.isclose(n["derivative"], central_difference(f, params["x0"]),
                        rel_tol=1e-6, abs_tol=1e-6)
    assert f"here it equals {num(n['derivative'])}." in en["tangent"]  # exactly, not to d
    # How the secants approach it, from the rows' slopes themselves.
    errors = [abs(row["slope"] - n["derivative"]) for row in n["rows"]]
    tolerance = 1e-9 * max(1.0, abs(n["derivative"]))
    exact = max(errors) <= tolerance
    steady = not exact and len(errors) > 1 and all(
        b < a for a, b in zip(errors, errors[1:], strict=False))
    closer = not exact and len(errors) > 1 and errors[-1] < errors[0]
    assert ("does not turn at all" in en["shrink"]) == exact \
        == ("no gira en absoluto" in es["shrink"])
    assert ("changes less and less" in en["shrink"]) == steady \
        == ("cambia cada vez menos" in es["shrink"])
    assert ("wavers, but it closes in" in en["shrink"]) == (closer and not steady)
    assert en["tangent"].startswith("The secants settle") == (exact or closer)
    assert es["tangent"].startswith("Las secantes acaban") == (exact or closer)
