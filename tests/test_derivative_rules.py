"""derivative-rules: each derivative, and its check against a central difference."""

from __future__ import annotations

import math

import pytest

from scenes.core.catalog import lookup
from tests.helpers import dry_run

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
