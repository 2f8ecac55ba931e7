"""Narration speaks the core's numbers, for the defaults and for a user's own parameters.

Each script is a template over the core's numbers (``scenes/core/series.py``). These
tests read the filled-in script (no rendering) and check that what is said is what the
core computed, and that claims are only made when the core's results make them true.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

import pytest
from jinja2 import meta

from scenes.core.catalog import COURSE, lookup
from scenes.draw.base import LessonScene
from scenes.words import language, narration
from scenes.words.narration import say
from scenes.words.speech import formula, num
from tests.helpers import is_core_value, numbers_in

# For every scene: one parameter set that differs from the defaults in what is spoken.
OTHER: dict[str, dict[str, Any]] = {
    "slope-of-a-line": {"m": -1.5, "b": 0.5, "xs": [-2.0, 1.0, 4.0]},
    "secant-to-tangent": {"function": "x**3", "x0": 2.0},
    "derivative-function": {"function": "x**3 - 3*x", "x_range": [-2.5, 2.5]},
    "derivative-rules": {"examples": ["x**4", "sin(2*x)", "x*exp(x)"]},
    "critical-points": {"functions": ["x**3 - 3*x", "x**4"]},
    "tangent-sign": {"function": "(w - 1)**2", "starts": [4.0, -2.0], "eta": 0.2},
    "one-step": {"w0": 1.0},
    "learning-rates": {"etas": [0.05, 0.4, 1.2], "w0": 4.0},
    "step-size-shrinks": {"starts": [3.0, -8.0], "eta": 0.1},
    "gradient-2d": {"function": "2*x**2 + y**2", "start": [-1.5, 2.0], "eta": 0.2},
    "linear-regression": {"xs": [0.0, 1.0, 2.0, 3.0], "ys": [1.0, 2.5, 2.0, 4.5],
                          "w0": 1.0, "b0": -1.0, "eta": 0.05, "epochs": 300},
    "saddle-escape": {"start": [1.0, -0.02], "optimisers": ["gd", "adam"]},
}

SCRIPTED = [e.name for e in COURSE if narration.script_path(e.name).is_file()]


def script(name: str, params: Mapping[str, Any] | None = None) -> str:
    beats = lookup(name).scene_class().narration_for(params)
    return " ".join(b.text for b in beats)


def core(name: str, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
    return lookup(name).prepare(params or {}).numbers


def says(text: str, value: float, decimals: int = 4) -> bool:
    """``value`` is spoken as a whole number, not as part of a longer one."""
    spoken = re.escape(num(value, decimals))
    return re.search(rf"(?<![\d.]){spoken}(?![\d]|\.\d)", text) is not None


def test_every_course_scene_has_a_script_and_a_case() -> None:
    assert set(SCRIPTED) == set(OTHER)


@pytest.mark.parametrize("name", SCRIPTED)
@pytest.mark.parametrize("which", ["default", "other"])
def test_every_placeholder_is_filled_and_beats_keep_their_order(name: str, which: str) -> None:
    params = OTHER[name] if which == "other" else None
    beats = lookup(name).scene_class().narration_for(params)
    assert [b.name for b in beats] == list(lookup(name).scene_class().BEATS)
    for beat in beats:
        assert beat.sentences, f"{name}/{beat.name} has no words"
        assert "{" not in beat.text, beat.text
        assert "}" not in beat.text, beat.text


@pytest.mark.parametrize("name", SCRIPTED)
def test_scripts_type_no_numbers_of_their_own(name: str) -> None:
    """Numbers that depend on the parameters live in the core, never in the script."""
    text = narration.script_path(name).read_text(encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    words = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", "", body, flags=re.S)
    assert re.findall(r"\d", words) == []


@pytest.mark.parametrize("name", SCRIPTED)
def test_a_users_parameters_change_what_is_said(name: str) -> None:
    assert script(name) != script(name, OTHER[name])


# ------------------------------------------------------------------ the key numbers


def test_one_step_speaks_the_core_numbers() -> None:
    text = script("one-step")
    for value in (5, 4, 4.6, 2.56, 0.1):
        assert says(text, value), value
    assert "w minus 3, squared" in text
    assert "down from 4" in text


def test_one_step_with_another_start_speaks_the_new_step() -> None:
    n = core("one-step", {"w0": 1.0})
    text = script("one-step", {"w0": 1.0})
    assert n["w1"] == pytest.approx(1.4)
    assert says(text, n["w1"])
    assert says(text, n["slope"])
    assert says(text, n["loss1"])
    assert "4.6" not in text
    assert "Right." in text
    assert "negative" in text


def test_one_step_says_when_the_loss_rises() -> None:
    n = core("one-step", {"eta": 1.5})
    assert n["loss1"] > n["loss0"]
    text = script("one-step", {"eta": 1.5})
    assert f"up from {say(n['loss0'])}" in text
    assert "We never had to know where the bottom was" not in text


def test_slope_of_a_line() -> None:
    text = script("slope-of-a-line")
    assert "y equals 2 x plus 1" in text
    assert "0 comma 1, 1 comma 3, 2 comma 5 and 3 comma 7" in text
    assert "2 over 1, which is 2" in text
    other = OTHER["slope-of-a-line"]
    n = core("slope-of-a-line", other)
    text = script("slope-of-a-line", other)
    assert "minus 1.5 x plus 0.5" in text
    for x, y in n["points"]:
        assert f"{num(x)} comma {num(y)}" in text
    assert "the ratio stays minus 1.5" in text
    assert "falls at one constant rate" in text


def test_slope_of_a_line_without_a_run_says_so() -> None:
    text = script("slope-of-a-line", {"xs": [1.0, 1.0]})
    assert "run is zero" in text
    assert "ratio stays" not in text


def test_secant_to_tangent() -> None:
    other = OTHER["secant-to-tangent"]
    n = core("secant-to-tangent", other)
    text = script("secant-to-tangent", other)
    assert says(text, n["derivative"], n["decimals"])
    assert n["derivative"] == pytest.approx(12)
    assert says(text, n["rows"][0]["slope"], n["decimals"])


def test_derivative_function() -> None:
    text = script("derivative-function")
    assert "x squared minus 4 x plus 5, a bowl" in text
    assert "2 x minus 4, a straight line" in text
    assert "zero at x equals 2" in text
    assert "f of 2, is 1" in text
    other = OTHER["derivative-function"]
    n = core("derivative-function", other)
    text = script("derivative-function", other)
    assert n["zeros"] == pytest.approx([-1.0, 1.0])
    assert "a high point at x equals minus 1 and a low point at x equals 1" in text
    assert "a straight line" not in text
    assert "bowl" not in text


def test_derivative_function_without_zeros() -> None:
    text = script("derivative-function", {"function": "exp(x)"})
    assert "never reaches zero" in text


def test_derivative_rules() -> None:
    text = script("derivative-rules")
    assert "x cubed becomes 3 x squared" in text
    assert "3 x plus 1, squared becomes 18 x plus 6" in text
    worst = max(e["check_error"] for e in core("derivative-rules")["examples"])
    assert worst < 1e-9
    assert "to about 9 decimal places" in text
    other = OTHER["derivative-rules"]
    text = script("derivative-rules", other)
    assert "x to the fourth becomes 4 x cubed" in text
    assert "sine of 2 x becomes 2 times cosine of 2 x" in text
    assert "product rule" in text
    assert "x cubed becomes" not in text


def test_critical_points() -> None:
    text = script("critical-points")
    assert "x squared, minus x squared and x cubed" in text
    assert "it is 2, positive" in text
    assert "it is minus 2, negative" in text
    assert "minus 0.001" in text
    assert "stationary inflection point" in text
    other = OTHER["critical-points"]
    text = script("critical-points", other)
    assert "x cubed minus 3 x is flat at x equals minus 1 and 1" in text
    assert "at x equals minus 1 it is minus 6, negative: a maximum" in text
    # x⁴: f'' = 0, the neighbours decide: a minimum after all, not an inflection.
    assert "a minimum after all" in text
    assert "inflection" not in text


def test_tangent_sign() -> None:
    text = script("tangent-sign")
    for value in (2.2, 3, 1.4, 2, 2.8, 1.5, 2.65, 1.6):
        assert says(text, value), value
    other = OTHER["tangent-sign"]
    n = core("tangent-sign", other)
    text = script("tangent-sign", other)
    assert n["minima"] == pytest.approx([1.0])
    first, second = n["runs"]
    for value in (first["points"][0], first["points"][1], first["gradients"][0],
                  second["points"][1]):
        assert says(text, value), value
    assert "lowest point at 1" in text
    assert "2.2" not in text


def test_learning_rates_defaults() -> None:
    text = script("learning-rates")
    n = core("learning-rates")
    assert n["first_to_bottom"] == [1]
    assert "0.3 wins" in text
    assert "at step 6" in text
    assert "stays frozen at 100" in text
    assert "Nudge it to 1.05" in text
    assert "bounces or diverges" in text


def test_learning_rates_other() -> None:
    other = OTHER["learning-rates"]
    n = core("learning-rates", other)
    text = script("learning-rates", other)
    winner = n["runs"][n["first_to_bottom"][0]]
    assert f"{num(winner['eta'])} wins" in text
    assert f"at step {winner['first_step_at_bottom']}" in text
    assert n["runs"][2]["verdict"] == "diverging"
    assert "climbs out of the bowl" in text
    assert "frozen" not in text  # no run bounces for ever here
    assert "All three balls" in text
    assert says(text, 4)


def test_learning_rates_that_all_crawl_make_no_claim_of_bouncing_or_diverging() -> None:
    params = {"etas": [0.01, 0.02]}
    n = core("learning-rates", params)
    assert {r["verdict"] for r in n["runs"]} == {"converging slowly"}
    text = script("learning-rates", params).lower()
    for claim in ("bounc", "diverg", "climb", "frozen", "over the rim", "overshoot",
                  "stays put", "five", "0.3"):
        assert claim not in text, claim
    assert "both fall" in text


def test_step_size_shrinks() -> None:
    text = script("step-size-shrinks")
    assert "4, then 2.4, then 1.44 from 10" in text
    assert "6, then 3.6, then 2.16 from 15" in text
    assert "tie" in text
    assert "step 15" in text
    assert "1.5 times as far out" in text
    assert "0.6 times the one before" in text
    other = OTHER["step-size-shrinks"]
    n = core("step-size-shrinks", other)
    text = script("step-size-shrinks", other)
    for run in n["runs"]:
        assert says(text, run["step_sizes"][0]), run["step_sizes"][0]
    ratio = n["runs"][0]["step_sizes"][1] / n["runs"][0]["step_sizes"][0]
    assert f"{say(ratio, 3)} times the one before" in text
    assert "tie" not in text  # the balls read zero at different steps


def test_gradient_2d() -> None:
    text = script("gradient-2d")
    assert "2 x and 4 y" in text
    assert "the gradient is 5 comma 6" in text
    n = core("gradient-2d")
    norms = n["run"]["gradient_norms"]
    assert f"falls from {say(norms[0], 2)} to {say(norms[-1], 2)}" in text
    other = OTHER["gradient-2d"]
    n = core("gradient-2d", other)
    text = script("gradient-2d", other)
    gx, gy = n["run"]["gradients"][0]
    assert f"the gradient is {num(gx, 2)} comma {num(gy, 2)}" in text
    assert "4 x and 2 y" in text


def test_gradient_2d_diverging_says_so() -> None:
    params = {"eta": 0.6}
    n = core("gradient-2d", params)
    assert n["run"]["left_view_step"] is not None
    text = script("gradient-2d", params)
    assert f"leaves the view at step {n['run']['left_view_step']}" in text
    assert "shrink on their own" not in text


def test_linear_regression() -> None:
    text = script("linear-regression")
    assert "The loss is 139" in text
    assert "500 epochs at a learning rate of 0.01" in text
    assert "slope 3 and intercept 2" in text
    assert "3.0553 and 1.8003: close, but not there" in text
    other = OTHER["linear-regression"]
    n = core("linear-regression", other)
    text = script("linear-regression", other)
    assert says(text, n["losses"][0], 2)
    assert f"slope {say(n['least_squares']['w'], 4)}" in text
    assert f"{say(n['final']['w'], 4)} and {say(n['final']['b'], 4)}" in text
    assert "four points" in text
    assert "139" not in text


def test_linear_regression_diverging_says_so() -> None:
    text = script("linear-regression", {"eta": 0.1})
    assert "diverged" in text
    assert "close, but not there" not in text


def test_saddle_escape() -> None:
    text = script("saddle-escape")
    n = core("saddle-escape")
    assert "saddle in the middle" in text
    assert "loitering" in text
    for run in n["runs"]:
        assert says(text, run["final_loss"], 3), run["final_loss"]
    assert "both of them roll past the saddle" in text
    other = OTHER["saddle-escape"]
    n = core("saddle-escape", other)
    text = script("saddle-escape", other)
    assert "Momentum" not in text
    for run in n["runs"]:
        assert says(text, run["final_loss"], 3), run["final_loss"]


def test_formulas_are_read_aloud() -> None:
    assert formula("(w - 3)**2") == "w minus 3, squared"
    assert formula("1.25*(w - 2.2)**2") == "1.25 times the quantity w minus 2.2, squared"
    assert formula("x**2 - 4*x + 5") == "x squared minus 4 x plus 5"
    assert formula("exp(x)") == "e to the x"
    assert formula("x**2 + y**4/4 - y**2/2") == ("x squared plus y to the fourth over 4 "
                                                 "minus y squared over 2")
    assert num(-4.0) == "minus 4"
    assert num(2.5599999999999987) == "2.56"
    assert num(4.5e63) == "about 4.5 times 10 to the 63"


# ------------------------------------------------------------------ every language


def _core_values(lesson: Any) -> list[float]:
    """The numbers a script may say: the core's, the parameters, and counts of their lists."""
    values = [*numbers_in(lesson.numbers), *numbers_in(lesson.params)]

    def lengths(value: Any) -> Iterator[float]:
        if isinstance(value, list | tuple):
            yield float(len(value))
            for item in value:
                yield from lengths(item)
        elif isinstance(value, Mapping):
            for item in value.values():
                yield from lengths(item)

    return values + [*lengths(lesson.numbers), *lengths(lesson.params)]


LANGUAGE_CASES = [(code, e.name) for code in language.available() for e in COURSE
                  if narration.script_path(e.name, code).is_file()]


@pytest.mark.parametrize(("lang", "name"), LANGUAGE_CASES)
@pytest.mark.parametrize("which", ["default", "other"])
def test_every_language_fills_every_beat_and_says_only_the_cores_numbers(
        lang: str, name: str, which: str) -> None:
    entry = lookup(name)
    scene = entry.scene_class()
    lesson = entry.prepare(OTHER[name] if which == "other" else {})
    words = scene.words_for(lesson, lang)
    beats = words.script()
    assert [b.name for b in beats] == list(scene.BEATS)
    assert all(b.sentences for b in beats), "a beat has no words"
    core = _core_values(lesson)
    wrong = [(said, value) for said, value in words.spoken if not is_core_value(value, core)]
    assert wrong == []
    if scene.spoken_values.__qualname__.startswith(LessonScene.__name__):
        # Every digit said came through a filter from the core: none is typed or computed.
        text = " ".join(b.text for b in beats)
        for formula_said in words.formulas:
            text = text.replace(formula_said, " ", 1)
        for said, _ in sorted(words.spoken, key=lambda s: -len(s[0])):
            text = text.replace(said, " ", 1)
        assert re.findall(r"\d+", text) == [], text
        # The screen words of the scene fill too (a missing value would be an error);
        # words that take values the scene passes when it draws them are left to dry runs.
        table = narration._screen_table(name, lang)
        for key, value in table.items():
            sources = value if isinstance(value, list) else [value]
            needs = set().union(*(meta.find_undeclared_variables(words.env.parse(v))
                                  for v in sources if isinstance(v, str)))
            if needs - set(words.context):
                continue
            if isinstance(value, str):
                assert words(key) is not None
            elif isinstance(value, list):
                assert words.items(key) is not None


@pytest.mark.parametrize("lang", language.available())
def test_every_language_names_every_scene(lang: str) -> None:
    for entry in COURSE:
        if not narration.script_path(entry.name, lang).is_file():
            continue
        assert narration.title(entry.name, lang)
        assert narration.concept(entry.name, lang)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_shipped_languages_cover_the_whole_course(lang: str) -> None:
    assert lang in language.available()
    for entry in COURSE:
        assert narration.script_path(entry.name, lang).is_file(), entry.name
        assert narration.screen_path(entry.name, lang).is_file(), entry.name
