"""derivative-rules: each derivative, and its check against a central difference."""

from __future__ import annotations

import math
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scenes.core.catalog import lookup
from scenes.core.series import Rule
from scenes.words.speech import speech
from tests.helpers import dry_run, is_core_value, numbers_in

EXPECTED = {  # f: (f′ as the core writes it, rule, f′(1.5) exactly)
    "x**3": ("3*x**2", "power", 6.75),
    "3*x**2": ("6*x", "constant multiple", 9.0),
    "x**2 + x": ("2*x + 1", "sum", 4.0),
    "(3*x + 1)**2": ("18*x + 6", "chain", 33.0),
    "exp(x)": ("exp(x)", "exponential", math.exp(1.5)),
    "log(x)": ("1/x", "logarithm", 1 / 1.5),
    "sigmoid(x)": ("(1 - sigmoid(x))*sigmoid(x)", "sigmoid",
                   math.exp(-1.5) / (1 + math.exp(-1.5)) ** 2),
}


def test_each_default_example_has_its_derivative_rule_and_check() -> None:
    n = lookup("derivative-rules").numbers()
    assert n["h"] == 1e-5
    assert [e["function"] for e in n["examples"]] == list(EXPECTED)
    for e in n["examples"]:
        derivative, rule, value = EXPECTED[e["function"]]
        assert e["derivative"] == derivative
        assert e["rule"] == rule
        assert e["check_at"] == 1.5
        assert e["symbolic"] == pytest.approx(value, rel=1e-12)
        assert e["central_difference"] == pytest.approx(value, rel=1e-8)
        assert e["check_error"] == pytest.approx(abs(e["symbolic"] - e["central_difference"]))
        assert e["check_error"] < 1e-8


def test_scene_shows_every_rule_value_measurement_and_gap() -> None:
    scene = dry_run("derivative-rules")
    shown = scene.displayed
    for e in scene.numbers["examples"]:
        assert e["symbolic"] in shown
        assert e["central_difference"] in shown
        assert e["check_error"] in shown


def test_sci_writes_tiny_gaps_with_a_power_of_ten() -> None:
    scene = dry_run("derivative-rules")
    assert scene.sci(1.4413981119787422e-10) == "1.4×10⁻¹⁰"
    assert scene.sci(0.0) == "0"


EIGHT = ["x**12 - 7*x**5 + 3*x", "sin(x**2)*exp(x)", "sqrt(x)", "tanh(3*x)", "5",
         "log(x**2 + 1)", "x*exp(-x)", "1/(1 + x**2)"]


@pytest.mark.parametrize("aspect", ["16:9", "9:16", "1:1"])
def test_a_users_eight_examples_fit_the_frame(aspect: str) -> None:
    scene = dry_run("derivative-rules", {"examples": EIGHT}, aspect=aspect)
    assert scene.out_of_frame == []
    assert len([v for v in scene.displayed if v == 1.5]) == 8  # every row's check point
    rules = {e["rule"] for e in scene.numbers["examples"]}
    assert {"product", "constant", "chain", "power", "sum"} <= rules


def test_page_breaks_share_rows_evenly() -> None:
    from scenes.derivative_rules import DerivativeRules

    class Row:
        def __init__(self, height: float) -> None:
            self.height = height

    rows = [Row(1.0) for _ in range(7)]
    # Room for three rows a page: seven rows need three pages whichever way (3, 3, 1).
    assert DerivativeRules.page_breaks(rows, 3.5) == {3, 6}  # type: ignore[arg-type]
    # Room for five: greedy 5 + 2 becomes 4 + 3.
    assert DerivativeRules.page_breaks(rows, 5.9) == {4}  # type: ignore[arg-type]
    assert DerivativeRules.page_breaks([], 5.0) == set()


# ------------------------------------------------------------------ words in two languages


def _beats(params: dict[str, Any] | None = None, lang: str = "en") -> dict[str, str]:
    beats = lookup("derivative-rules").scene_class().narration_for(params, lang)
    return {b.name: b.text for b in beats}


def test_spanish_script_reads_each_example_and_the_agreement() -> None:
    said = _beats(lang="es")
    assert "Así, x al cubo pasa a ser 3 x al cuadrado; 3 x al cuadrado pasa a ser 6 x; y " \
        "x al cuadrado más x pasa a ser 2 x más 1." in said["power"]
    assert "3 x más 1, al cuadrado pasa a ser 18 x más 6." in said["chain"]
    assert "hasta unos 9 decimales." in said["takeaway"]
    assert "Y " not in said["special"]  # e^x, ln x and σ(x) are the cards themselves
    said = _beats({"examples": ["0.5*x**2", "x*sin(x)", "5"]}, lang="es")
    assert "0,5 x al cuadrado pasa a ser x" in said["power"]
    assert "regla del producto" in said["power"]
    assert "su derivada es cero" in said["power"]
    assert "0.5" not in " ".join(said.values())


def test_the_gap_is_written_with_the_languages_decimal_mark() -> None:
    scene = dry_run("derivative-rules", lang="es", aspect="9:16")
    assert scene.sci(1.4413981119787422e-10) == "1,4×10⁻¹⁰"
    assert scene.g(1.5) == "1,5"


ENGLISH_ON_SCREEN = ("rule", "measured", "gap", "Check", "measuring", "power", "multiple",
                     "logarithm", "exponential", "agrees", "Rules", "atx", "standard")


@pytest.mark.parametrize("aspect", ["16:9", "9:16"])
@pytest.mark.parametrize("params", [None, {"examples": EIGHT}])
def test_spanish_dry_run_shows_spanish_words_and_core_numbers(
        aspect: str, params: dict[str, Any] | None) -> None:
    scene = dry_run("derivative-rules", params, aspect=aspect, lang="es")
    assert scene.out_of_frame == []
    core = [*numbers_in(scene.numbers), *numbers_in(scene.params)]
    assert [v for v in scene.displayed if not is_core_value(v, core)] == []
    drawn = [m.text for m in scene.texts_drawn]  # Text drops spaces
    assert "Reglasdederivación" in drawn
    assert not [t for t in drawn for w in ENGLISH_ON_SCREEN if w in t], drawn
    assert not [t for t in drawn if re.search(r"\d\.\d", t)], drawn
    # Each row's rule is named in Spanish ("factor constante", "cadena"...).
    names = {scene.words(f"rule_{Rule(e['rule']).name.lower()}").replace(" ", "")
             for e in scene.numbers["examples"]}
    assert names <= set(drawn), names - set(drawn)


# ------------------------------------------------------------------ claims against the core

POOL = ["x**3", "3*x**2", "x**2 + x", "(3*x + 1)**2", "exp(x)", "log(x)", "sigmoid(x)",
        "x*exp(x)", "sin(2*x)", "5", "x**4", "tanh(x)", "sqrt(x)", "2*exp(x)", "exp(3*x)",
        "x*sin(x)", "1/x", "cos(x)"]
# Where each language says an example and the agreement.
BECOMES = {"en": "{f} becomes {d}", "es": "{f} pasa a ser {d}"}
PRODUCT = {"en": "product rule", "es": "regla del producto"}
CONSTANT = {"en": "its derivative is zero", "es": "su derivada es cero"}
EXACT = {"en": "matches the rule exactly", "es": "coincide exactamente con la regla"}
PLACES = {"en": "to about {n} decimal places", "es": "hasta unos {n} decimales"}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(POOL), min_size=1, max_size=8, unique=True))
def test_every_claim_of_the_narration_agrees_with_the_core(examples: list[str]) -> None:
    params = {"examples": examples}
    n = lookup("derivative-rules").prepare(params).numbers
    worst = max(abs(e["symbolic"] - e["central_difference"]) for e in n["examples"])
    assert n["worst_error"] == worst
    if n["agreement"] == "close":
        assert 10.0 ** -(n["agreement_places"] + 1) <= worst < 10.0 ** -n["agreement_places"]
    assert (n["agreement"] == "exact") == (worst == 0.0)
    for lang in ("en", "es"):
        said = _beats(params, lang)
        say = speech(lang)
        for e in n["examples"]:
            pair = BECOMES[lang].format(f=say.formula(e["function"]),
                                        d=say.formula(e["derivative"]))
            # Each example is read in the beat of its rule, and only there, unless it is
            # e^x, ln x or σ(x) itself, which the special beat's card already states.
            beats_saying = [b for b, text in said.items() if pair in text]
            assert beats_saying == ([] if e["own_card"] else [e["group"].value]), (lang, pair)
            assert e["own_card"] == (e["function"] in ("exp(x)", "log(x)", "sigmoid(x)"))
        assert (PRODUCT[lang] in said["power"]) == ("product" in n["rules"])
        assert (CONSTANT[lang] in said["power"]) == ("constant" in n["rules"])
        assert (EXACT[lang] in said["takeaway"]) == (n["agreement"] == "exact")
        places = PLACES[lang].format(n=n["agreement_places"])
        assert (places in said["takeaway"]) == (n["agreement"] == "close"), said["takeaway"]
