"""linear-regression: the fit after 500 epochs is close to, but not, the least-squares line."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from scenes.core.catalog import lookup
from scenes.core.series import Fit
from scenes.words.speech import speech
from tests.helpers import dry_run, is_core_value, numbers_in
from tests.screen_text import english_screen_words, recording, words_in

NAME = "linear-regression"
EN = speech("en")
ES = speech("es")
OTHER = {"xs": [0.0, 1.0, 2.0, 3.0], "ys": [1.0, 2.5, 2.0, 4.5], "w0": 1.0, "b0": -1.0,
         "eta": 0.05, "epochs": 300}


def test_first_epoch_by_hand() -> None:
    n = lookup("linear-regression").numbers()
    # At w = b = 0 every error is -y: dJ/dw = 2/5 * -(5+16+33+56+85) = -78, dJ/db = -22.
    assert n["grad_w"][0] == pytest.approx(-78.0)
    assert n["grad_b"][0] == pytest.approx(-22.0)
    assert n["ws"][1] == pytest.approx(0.78)
    assert n["bs"][1] == pytest.approx(0.22)
    assert n["losses"][0] == pytest.approx((25 + 64 + 121 + 196 + 289) / 5)


def test_lecture_note_claim_is_wrong() -> None:
    """The note prints 3.0000·x + 2.0000 after 500 epochs at η = 0.01; it is not."""
    n = lookup("linear-regression").numbers()
    assert len(n["ws"]) == 501
    assert n["final"]["w"] == pytest.approx(3.0553, abs=5e-5)
    assert n["final"]["b"] == pytest.approx(1.8003, abs=5e-5)
    assert n["final"]["loss"] == pytest.approx(0.00726, abs=5e-5)
    assert f"{n['final']['w']:.4f}" != "3.0000"
    assert n["least_squares"]["w"] == pytest.approx(3.0)
    assert n["least_squares"]["b"] == pytest.approx(2.0)
    # It does get there eventually: the loss keeps falling.
    assert np.all(np.diff(n["losses"][50:]) < 0)


def test_replays_the_update_rule() -> None:
    n = lookup("linear-regression").numbers()
    x = np.array([1.0, 2, 3, 4, 5])
    y = np.array([5.0, 8, 11, 14, 17])
    w = b = 0.0
    for epoch in range(500):
        err = w * x + b - y
        w, b = w - 0.01 * 2 / 5 * err @ x, b - 0.01 * 2 / 5 * err.sum()
        assert n["ws"][epoch + 1] == pytest.approx(w, rel=1e-12)
        assert n["bs"][epoch + 1] == pytest.approx(b, rel=1e-12)


def test_scene_shows_the_sampled_epochs_and_the_comparison() -> None:
    scene = dry_run("linear-regression")
    n = scene.numbers
    assert n["sample_epochs"] == [0, 1, 2, 5, 10, 20, 50, 100, 200, 500]
    shown = set(np.round(scene.displayed, 9))
    for e in n["sample_epochs"]:
        for value in (e, n["ws"][e], n["bs"][e], n["losses"][e]):
            assert round(float(value), 9) in shown
    for value in (n["least_squares"]["w"], n["least_squares"]["b"]):
        assert round(float(value), 9) in shown


def test_diverging_rate_stays_in_frame() -> None:
    n = lookup("linear-regression").numbers({"eta": 0.1})
    assert n["diverged"]
    assert dry_run("linear-regression", {"eta": 0.1}, aspect="9:16").out_of_frame == []


def test_other_data() -> None:
    scene = dry_run("linear-regression", {"xs": [-3.0, 0.0, 2.0, 7.0],
                                          "ys": [40.0, 31.0, 20.0, -2.0], "epochs": 50})
    assert scene.out_of_frame == []
    assert scene.numbers["sample_epochs"][-1] == 50


def test_reaching_least_squares_is_judged_by_the_core() -> None:
    from scenes.core.catalog import lookup

    assert lookup("linear-regression").numbers()["reached_least_squares"] is False
    assert lookup("linear-regression").numbers({"epochs": 5000})["reached_least_squares"] is True


# ------------------------------------------------------------------ words, in two languages


def script(params: Mapping[str, Any] | None = None, lang: str = "en") -> str:
    return " ".join(b.text for b in lookup(NAME).scene_class().narration_for(params, lang))


@pytest.mark.parametrize("params", [{}, OTHER], ids=["defaults", "other"])
def test_spanish_script_speaks_the_core_numbers_with_a_decimal_comma(
        params: dict[str, Any]) -> None:
    n = lookup(NAME).prepare(params).numbers
    text = script(params, "es")
    final, best = n["final"], n["least_squares"]
    assert f"La pérdida vale {ES.num(n['losses'][0], 2)}." in text
    assert f"pendiente {ES.num(best['w'], 4)} y ordenada en el origen " \
           f"{ES.num(best['b'], 4)}" in text
    assert f"ha llegado a {ES.num(final['w'], 4)} y {ES.num(final['b'], 4)}: cerca, " \
           "pero todavía no" in text
    assert f"tasa de aprendizaje de {ES.num(params.get('eta', 0.01))}" in text
    assert not re.search(r"\d\.\d", text)
    assert re.search(r"\d,\d", text)


def test_spanish_defaults_in_words() -> None:
    text = script({}, "es")
    assert "Aquí tenemos cinco puntos." in text
    assert "Tras 500 épocas con una tasa de aprendizaje de 0,01" in text
    assert "ha llegado a 3,0553 y 1,8003: cerca, pero todavía no, y la pérdida sigue " \
           "bajando." in text
    assert "hasta el cuarto decimal" in script({"epochs": 5000}, "es")
    diverging = script({"eta": 0.1}, "es")
    assert "con una tasa de aprendizaje de 0,1, diverge." in diverging
    assert "cerca, pero" not in diverging


@pytest.mark.parametrize("aspect", ["16:9", "9:16"])
def test_spanish_dry_run_shows_core_numbers_in_frame_and_no_english(
        aspect: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with recording(monkeypatch) as seen:
        scene = dry_run(NAME, aspect=aspect, lang="es")
    spanish = words_in(seen)
    assert scene.out_of_frame == []
    core = [*numbers_in(scene.numbers), *numbers_in(scene.params)]
    assert scene.displayed
    assert [v for v in scene.displayed if not is_core_value(v, core)] == []
    n = scene.numbers
    assert f"mínimos cuadrados: w = {ES.screen(n['least_squares']['w'], 4)}, " \
           f"b = {ES.screen(n['least_squares']['b'], 4)}" in seen
    assert f"tras 500 épocas: w = {ES.screen(n['final']['w'], 4)}, " \
           f"b = {ES.screen(n['final']['b'], 4)}" in seen
    assert "3,0553" in ES.screen(n["final"]["w"], 4)
    with recording(monkeypatch) as seen_in_english:
        dry_run(NAME, aspect=aspect, lang="en")
    english = words_in(seen_in_english)
    assert {"epoch", "epochs", "least", "squares", "close"} <= english
    # "error" is a Spanish word too (error cuadrático medio).
    assert spanish & english == {"error"}, spanish & english
    assert spanish & english_screen_words(NAME) <= {"error"}
    assert {"época", "épocas", "mínimos", "cuadrados", "cerca"} <= spanish


def claims(text: str, lang: str) -> dict[str, bool]:
    """The judgements an English or Spanish script makes."""
    en = lang == "en"
    return {
        "diverged": ("it diverged" if en else "diverge.") in text,
        "climbs": ("loss climbs instead of falling" if en else "la pérdida sube") in text,
        "reached": ("the same, to 4 decimals" if en else "lo mismo, hasta el cuarto") in text,
        "not there": ("close, but not there" if en else "cerca, pero todavía no") in text,
        "falling": ("loss is still falling" if en else "la pérdida sigue bajando") in text,
    }


points = st.lists(st.sampled_from([-4.0, -2.0, -1.0, 0.0, 0.5, 1.0, 2.0, 3.0, 5.0]),
                  min_size=2, max_size=6, unique=True)


@settings(max_examples=25)
@given(xs=points, data=st.data(), w0=st.sampled_from([0.0, -1.0, 2.5]),
       b0=st.sampled_from([0.0, 1.0, -3.0]),
       eta=st.sampled_from([0.001, 0.01, 0.03, 0.05, 0.1, 0.2]),
       epochs=st.sampled_from([1, 5, 50, 300, 2000]))
def test_every_claim_of_the_script_agrees_with_the_core(
        xs: list[float], data: st.DataObject, w0: float, b0: float, eta: float,
        epochs: int) -> None:
    ys = data.draw(st.lists(st.integers(-20, 20).map(float), min_size=len(xs),
                            max_size=len(xs)))
    params = {"xs": xs, "ys": ys, "w0": w0, "b0": b0, "eta": eta, "epochs": epochs}
    n = lookup(NAME).prepare(params).numbers
    assume(len(n["losses"]) > 1)
    losses = np.asarray(n["losses"])
    final, best, fit = n["final"], n["least_squares"], n["fit"]
    for lang, sp in (("en", EN), ("es", ES)):
        text = script(params, lang)
        said = claims(text, lang)
        # Diverged: it overflowed, or the loss ended above where it started.
        assert said["diverged"] == said["climbs"] == (fit == Fit.DIVERGED)
        if said["diverged"]:
            assert n["overflow_epoch"] is not None or losses[-1] > losses[0]
        else:
            assert losses[-1] <= losses[0]
        # "The same to 4 decimals" only when w and b agree with least squares to 4 decimals.
        assert said["reached"] == (fit == Fit.REACHED)
        if said["reached"]:
            assert abs(final["w"] - best["w"]) < 5e-5
            assert abs(final["b"] - best["b"]) < 5e-5
        if said["not there"]:
            assert max(abs(final["w"] - best["w"]), abs(final["b"] - best["b"])) >= 5e-5
        # "Still falling" exactly when the last epoch lowered the loss.
        assert said["falling"] == (fit == Fit.STILL_FALLING)
        if said["falling"]:
            assert losses[-1] < losses[-2]
        # The numbers said are the core's.
        assert sp.num(losses[0], 2) in text
        assert f"{sp.num(best['w'], 4)} " in text
        if not said["diverged"]:
            assert f"{sp.num(final['w'], 4)} {'and' if lang == 'en' else 'y'} " \
                   f"{sp.num(final['b'], 4)}" in text
