"""Critical points of x², −x², x³: f′ = 0, f″ there, the verdicts, and x³'s neighbours."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scenes.core import numerics as nx
from scenes.core.catalog import lookup
from scenes.core.series import SecondDerivativeTest as SecondTest
from scenes.words.narration import Beat
from scenes.words.speech import speech
from tests.helpers import dry_run, is_core_value, numbers_in
from tests.screen_text import english_screen_words, plain, recording, words_in


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


# ---------------------------------------------------------------- words: Spanish, claims

ES = speech("es")


def beats(params: dict[str, Any] | None, lang: str) -> dict[str, Beat]:
    return {b.name: b for b in lookup("critical-points").scene_class().narration_for(params,
                                                                                      lang)}


def detailed(numbers: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    return [(f, c) for f in numbers["functions"] for c in f["critical_points"][:f["detailed"]]]


@pytest.mark.parametrize("params", [None, {"functions": ["x**3 - 3*x", "x**4"]}])
def test_spanish_script_speaks_the_core_numbers_with_a_decimal_comma(
        params: dict[str, Any] | None) -> None:
    n = lookup("critical-points").prepare(params).numbers
    said = beats(params, "es")
    text = " ".join(b.text for b in said.values())
    target = n["functions"][n["target"]["function"]]["critical_points"][n["target"]["point"]]
    (x_left, y_left), (x_right, y_right) = target["left"], target["right"]
    for value, decimals in ((x_left, 3), (x_right, 3), (y_left, 6), (y_right, 6)):
        assert ES.num(value, decimals) in said["neighbours"].text, value
    assert "menos 0,1" in said["neighbours"].text
    for f, c in detailed(n):
        if c["second_derivative_test"] != SecondTest.INCONCLUSIVE:  # a zero is said "cero"
            assert ES.num(c["second_derivative"], 2) in said["test"].text
        assert ES.formula(f["function"]) in text
    assert not re.search(r"\d\.\d", text), "a decimal point in the Spanish script"


@pytest.mark.parametrize("aspect", ["16:9", "9:16"])
def test_spanish_dry_run_shows_core_numbers_spanish_words_and_stays_in_frame(
        aspect: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with recording(monkeypatch) as seen:
        scene = dry_run("critical-points", aspect=aspect, lang="es")
    assert scene.out_of_frame == []
    core = [*numbers_in(scene.numbers), *numbers_in(scene.params)]
    assert scene.displayed
    assert [v for v in scene.displayed if not is_core_value(v, core)] == []
    english = english_screen_words("critical-points")
    assert {"minimum", "inconclusive", "neighbours"} <= english
    shown = plain(seen)
    assert "Un punto plano no siempre es un mínimo" in shown
    assert "ni mínimo ni máximo" in shown
    assert words_in(seen) & english == set()
    assert "f(-0,1) = -0,001" in shown  # the neighbours, with a decimal comma


POLYNOMIALS = st.builds(
    lambda a, b, n, c: f"{a}*(x - {b})**{n} + {c}*x",
    st.sampled_from([-2, -1, 1, 2, 3]), st.sampled_from([-2, -1, 0, 1, 2]),
    st.sampled_from([2, 3, 4]), st.sampled_from([0, 0, 0, -3, 1]))
FUNCTIONS = st.one_of(POLYNOMIALS, st.sampled_from(["exp(x)", "sin(x)", "x**3", "-x**4"]))

# What each language says about a point, from the test beat and the neighbours beat.
CLAIMS = {
    "en": {"minimum": "a minimum.", "maximum": "a maximum.",
           "inconclusive": "nothing to say.", "positive": "positive", "negative": "negative",
           "inflection": "inflection point", "rising": "keeps rising",
           "falling": "keeps falling", "after all": "after all", "higher": "Both are higher",
           "lower": "Both are lower"},
    "es": {"minimum": "es un mínimo.", "maximum": "es un máximo.",
           "inconclusive": "no dice nada.", "positive": "positiva", "negative": "negativa",
           "inflection": "punto de inflexión", "rising": "sigue subiendo",
           "falling": "sigue bajando", "after all": "al final", "higher": "por encima",
           "lower": "por debajo"},
}


@settings(max_examples=25)
@given(functions=st.lists(FUNCTIONS, min_size=1, max_size=3))
def test_every_claim_of_the_narration_agrees_with_the_core(functions: list[str]) -> None:
    params = {"functions": functions}
    n = lookup("critical-points").prepare(params).numbers
    points = detailed(n)
    for lang, say in CLAIMS.items():
        said = beats(params, lang)
        # One verdict sentence per detailed point, in order: the test's verdict.
        verdicts = list(said["test"].sentences[1:])
        assert len(verdicts) == len(points)
        for sentence, (_, c) in zip(verdicts, points, strict=True):
            test = c["second_derivative_test"]
            assert sentence.endswith(say[str(test)]), (sentence, test)
            assert (say["positive"] in sentence) == (test == SecondTest.MINIMUM)
            assert (say["negative"] in sentence) == (test == SecondTest.MAXIMUM)
        words = said["neighbours"].text
        if n["target"] is None:
            assert points == []
            continue
        c = n["functions"][n["target"]["function"]]["critical_points"][n["target"]["point"]]
        neither = c["verdict"] == nx.CriticalKind.NEITHER
        assert (say["inflection"] in words) == neither
        assert (say["rising"] in words) == (neither and c["right"][1] > c["value"])
        assert (say["falling"] in words) == (neither and c["right"][1] < c["value"])
        if not neither:
            inconclusive = c["second_derivative_test"] == SecondTest.INCONCLUSIVE
            assert (say["after all"] in words) == inconclusive
            assert (say["higher"] in words) == (c["left"][1] > c["value"] < c["right"][1])
            assert (say["lower"] in words) == (c["left"][1] < c["value"] > c["right"][1])
            kind = {"en": {"minimum": "a minimum", "maximum": "a maximum"},
                    "es": {"minimum": "un mínimo", "maximum": "un máximo"}}[lang]
            assert kind[str(c["verdict"])] in words
            other = "maximum" if c["verdict"] == nx.CriticalKind.MINIMUM else "minimum"
            assert kind[other] not in words
