"""One gradient step on (w − 3)² from w0 = 5 with η = 0.1: the figures of the lecture notes."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scenes.core.catalog import lookup
from tests.helpers import dry_run


def test_core_numbers_match_the_update_rule() -> None:
    n = lookup("one-step").numbers()
    # L(w) = (w − 3)², L′(w) = 2(w − 3): exact values, computed independently here.
    assert n["slope"] == pytest.approx(2 * (5 - 3))
    assert n["slope"] == pytest.approx(4.0)
    assert n["w1"] == pytest.approx(5 - 0.1 * 4)
    assert n["w1"] == pytest.approx(4.6)
    assert n["step"] == pytest.approx(-0.4)
    assert n["loss0"] == pytest.approx(4.0)
    assert n["loss1"] == pytest.approx((4.6 - 3) ** 2)
    assert n["loss1"] == pytest.approx(2.56)
    assert n["derivative_latex"] == "2 w - 6"


def test_decimal_coefficients_typeset_as_written() -> None:
    n = lookup("one-step").numbers({"function": "1.25*(w - 2.2)**2"})
    assert n["function_latex"] == r"1.25 \left(w - 2.2\right)^{2}"
    assert n["derivative_latex"] == "2.5 w - 5.5"


def test_scene_shows_every_number_of_the_step() -> None:
    shown = dry_run("one-step").displayed
    for value in (5.0, 0.1, 4.0, 4.6, 2.56):
        assert any(v == pytest.approx(value) for v in shown), value


@pytest.mark.parametrize("params", [
    {"function": "w**2", "w0": -3.0, "eta": 0.3},  # negative slope: steps right
    {"function": "(w - 3)**2", "w0": 5.0, "eta": 1.5},  # overshoots: the loss rises
    {"function": "w**4 - 2*w**2", "w0": 0.5, "eta": 0.05},
])
def test_other_parameters_stay_in_frame(params: dict[str, object]) -> None:
    for aspect in ("16:9", "9:16"):
        scene = dry_run("one-step", params, aspect=aspect)
        assert scene.out_of_frame == []
    n = scene.numbers
    assert any(v == pytest.approx(n["w1"]) for v in scene.displayed)
    assert any(v == pytest.approx(n["loss1"]) for v in scene.displayed)


# ------------------------------------------------------------------ words in two languages


def _said(params: dict[str, object] | None = None, lang: str = "en") -> str:
    beats = lookup("one-step").scene_class().narration_for(params, lang)
    return " ".join(b.text for b in beats)


def test_spanish_script_speaks_the_core_numbers_with_a_decimal_comma() -> None:
    text = _said(lang="es")
    assert "w menos 3, al cuadrado" in text
    assert "5 menos 0,1 por 4 da 4,6" in text
    assert "la pérdida vale 2,56; antes valía 4" in text
    assert "4.6" not in text
    other = _said({"w0": 1.0}, lang="es")
    assert "A la derecha." in other
    assert "menos 4" in other  # the slope at 1 is −4


def test_spanish_screen_words_and_numbers() -> None:
    scene = dry_run("one-step", lang="es", aspect="9:16")
    assert scene.out_of_frame == []
    words = scene.words
    assert words("question") == "¿Hacia dónde debe moverse w para que baje la pérdida?"
    assert words("verdict") == "pérdida 4 → 2,56: ha bajado"
    assert words("title") == "Un paso de descenso de gradiente"
    # Every word drawn as text is Spanish: none of the English screen words remain.
    english = {"loss", "slope", "downhill", "Which", "Read the slope"}
    drawn = " ".join(m.text for m in scene.texts_drawn)
    assert not [w for w in english if w in drawn], drawn


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
@given(w0=st.floats(-20, 20, allow_nan=False).map(lambda v: round(v, 2)),
       eta=st.floats(0.01, 2.0).map(lambda v: round(v, 3)),
       centre=st.integers(-5, 5))
def test_every_claim_of_the_narration_agrees_with_the_core(w0: float, eta: float,
                                                           centre: int) -> None:
    params = {"function": f"(w - {centre})**2", "w0": w0, "eta": eta}
    n = lookup("one-step").prepare(params).numbers
    for lang, down, up, left, right in (("en", "down from", "up from", "Left.", "Right."),
                                        ("es", "antes valía", "ha subido", "A la izquierda.",
                                         "A la derecha.")):
        text = _said(params, lang)
        # The direction named is the one that lowers the loss: against the slope.
        assert (left in text) == (n["slope"] > 0), (lang, text)
        assert (right in text) == (n["slope"] < 0), (lang, text)
        # The loss is said to fall only when the core's loss fell, to rise only when it rose.
        if n["loss1"] < n["loss0"]:
            assert down in text
            assert up not in text
        elif n["loss1"] > n["loss0"]:
            assert up in text
        else:
            assert down not in text
            assert up not in text
