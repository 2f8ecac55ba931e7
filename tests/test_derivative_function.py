"""derivative-function: f′(x) = 2x − 4, its zero at x = 2 with f(2) = 1, the sign regions."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scenes.core.catalog import lookup
from scenes.core.params import ParamError
from scenes.words.speech import speech
from tests.helpers import dry_run, is_core_value, numbers_in


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


# ------------------------------------------------------------------ words in two languages

ES = speech("es")


def _beats(params: dict[str, Any] | None = None, lang: str = "en") -> dict[str, str]:
    beats = lookup("derivative-function").scene_class().narration_for(params, lang)
    return {b.name: b.text for b in beats}


def test_spanish_script_speaks_the_core_numbers_with_a_decimal_comma() -> None:
    said = _beats(lang="es")
    assert "x al cuadrado menos 4 x más 5: un valle" in said["function"]
    assert "2 x menos 4, que es una recta" in said["derivative"]
    assert "cero en x igual a 2," in said["zero"]
    assert "su valor más bajo, f de 2, es 1." in said["zero"]
    params = {"function": "0.5*x**2 - 1.5*x"}
    n = lookup("derivative-function").prepare(params).numbers
    (point,) = n["points"]
    assert point["x"] == 1.5
    assert point["value"] == pytest.approx(-1.125)
    said = _beats(params, lang="es")
    assert "0,5 x al cuadrado menos 1,5 x" in said["function"]
    assert f"cero en x igual a {ES.num(point['x'], 2)}," in said["zero"]
    assert f"es {ES.num(point['value'], 2)}." in said["zero"]
    assert ES.num(point["value"], 2) == "menos 1,12"
    assert "1.5" not in " ".join(said.values())
    # A function with a contraction: "igual al seno", never "igual a el seno".
    said = _beats({"function": "sin(x)", "x_range": [-4, 9]}, lang="es")
    assert "igual al seno de x" in said["function"]
    assert "igual al coseno de x" in said["derivative"]
    assert "Y hay otro punto donde se queda plana." in said["zero"]


ENGLISH_ON_SCREEN = ("slope", "rises", "falls", "isflat", "lowest", "highest", "level,",
                     "tangentflat", "never", "Where", "what", "derivativeas")


@pytest.mark.parametrize("aspect", ["16:9", "9:16"])
@pytest.mark.parametrize("params", [None, {"function": "x**3 - 3*x", "x_range": [-2.5, 2.5]},
                                    {"function": "exp(x)"}])
def test_spanish_dry_run_shows_spanish_words_and_core_numbers(
        aspect: str, params: dict[str, Any] | None) -> None:
    scene = dry_run("derivative-function", params, aspect=aspect, lang="es")
    assert scene.out_of_frame == []
    core = [*numbers_in(scene.numbers), *numbers_in(scene.params)]
    assert scene.displayed
    assert [v for v in scene.displayed if not is_core_value(v, core)] == []
    drawn = [m.text for m in scene.texts_drawn]  # Text drops spaces
    assert "Laderivadacomofunción" in drawn
    assert not [t for t in drawn for w in ENGLISH_ON_SCREEN if w in t], drawn
    assert not [t for t in drawn if re.search(r"\d\.\d", t)], drawn  # decimal comma only
    assert scene.words("legend_rising") == "f′ > 0: f sube"
    if params is None:
        assert "x=2:f=1,mínimo" in drawn


# ------------------------------------------------------------------ claims against the core

# What each language says for a claim about f (see narration/<lang>/derivative-function.md).
CLAIMS = {
    "en": {"bowl": "a bowl", "hill": "a hill", "rises": "climbs all the way",
           "falls": "falls all the way", "waves": "rises and falls in turn",
           "none": "never reaches zero", "low": "a low point at x equals {x}",
           "high": "a high point at x equals {x}", "level": "a level spot at x equals {x}",
           "lowest": "its lowest value", "highest": "its highest value",
           "one_low": "stopped falling", "one_high": "stopped rising",
           "one_level": "levels off for a moment", "count": "zero in {n} places"},
    "es": {"bowl": "un valle", "hill": "una colina", "rises": "que sube de un extremo",
           "falls": "que baja de un extremo", "waves": "que sube y baja varias veces",
           "none": "nunca llega a cero", "low": "un mínimo en x igual a {x}",
           "high": "un máximo en x igual a {x}",
           "level": "un punto donde se detiene en x igual a {x}",
           "lowest": "su valor más bajo", "highest": "su valor más alto",
           "one_low": "dejado de bajar", "one_high": "dejado de subir",
           "one_level": "se detiene un instante", "count": "cero en {n} puntos"},
}


def _turns(fprime: np.ndarray) -> list[int]:
    """The signs of f′ across the samples, repeats and zeros dropped."""
    out: list[int] = []
    for s in np.sign(fprime):
        if s != 0 and (not out or out[-1] != s):
            out.append(int(s))
    return out


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(c3=st.integers(-2, 2), c2=st.integers(-3, 3), c1=st.integers(-4, 4),
       lo=st.integers(-4, -1), span=st.integers(2, 7))
def test_every_claim_of_the_narration_agrees_with_the_core(c3: int, c2: int, c1: int,
                                                            lo: int, span: int) -> None:
    function = f"{c3}*x**3 + {c2}*x**2 + {c1}*x"
    params = {"function": function, "x_range": [lo, lo + span]}
    n = lookup("derivative-function").prepare(params).numbers
    fs, ds = np.asarray(n["samples"]["f"]), np.asarray(n["samples"]["fprime"])
    points = n["points"]
    # The core's judgements, checked against the maths they stand for.
    shape = {(-1, 1): "bowl", (1, -1): "hill", (1,): "rises", (-1,): "falls"}
    assert n["shape"] == shape.get(tuple(_turns(ds)), "waves")
    for p in points:
        curvature = 6 * c3 * p["x"] + 2 * c2  # f″ at the zero
        inside = lo < p["x"] < lo + span
        if inside and curvature > 1e-9:
            assert p["kind"] == "low"
        if inside and curvature < -1e-9:
            assert p["kind"] == "high"
        if p["kind"] == "low":
            assert p["extreme"] == (p["value"] <= fs.min() + 1e-9 * max(1.0, abs(fs.min())))
        if p["kind"] == "high":
            assert p["extreme"] == (p["value"] >= fs.max() - 1e-9 * max(1.0, abs(fs.max())))
    # The narration claims exactly what the core judged, in both languages.
    for lang, claim in CLAIMS.items():
        said = _beats(params, lang)
        say = speech(lang)
        assert claim[n["shape"]] in said["function"], (lang, said["function"])
        others = [claim[s] for s in ("bowl", "hill", "rises", "falls", "waves")
                  if s != n["shape"]]
        assert not [c for c in others if c in said["function"]], (lang, said["function"])
        zero = said["zero"]
        assert (claim["none"] in zero) == (not points), (lang, zero)
        if len(points) == 1:
            (p,) = points
            assert claim[f"one_{p['kind']}"] in zero, (lang, zero)
            assert (claim["lowest"] in zero) == (p["kind"] == "low" and p["extreme"])
            assert (claim["highest"] in zero) == (p["kind"] == "high" and p["extreme"])
            assert f"{say.num(p['x'], 2)}," in zero
            assert f"{say.num(p['value'], 2)}" in zero
        elif points:
            assert claim["count"].format(n=say.count(len(points))) in zero, (lang, zero)
            for p in points[:n["listed"]]:
                assert claim[p["kind"]].format(x=say.num(p["x"], 2)) in zero, (lang, zero)
            for kind in ("low", "high", "level"):
                named = [p for p in points[:n["listed"]] if p["kind"] == kind]
                assert zero.count(claim[kind].format(x="")) == len(named), (lang, zero)
