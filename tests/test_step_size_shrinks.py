"""step-size-shrinks: steps proportional to the slope, and both losses reading 0.0000 together."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from scenes.core.catalog import lookup
from scenes.core.formula import parse
from scenes.core.series import StepTrend, ZeroRace, step_size_shrinks
from scenes.words.language import load as language
from scenes.words.speech import Speech
from tests.helpers import dry_run, is_core_value, numbers_in
from tests.test_learning_rates import english_words


@pytest.fixture(scope="module")
def numbers() -> dict[str, Any]:
    return step_size_shrinks(lookup("step-size-shrinks").resolve({}))


def test_each_step_is_six_tenths_of_the_last(numbers: dict[str, Any]) -> None:
    # w ← w − 0.2·2w = 0.6·w, so the k-th step is 0.4·w0·0.6^(k−1).
    for run, w0 in zip(numbers["runs"], (10.0, 15.0), strict=True):
        k = np.arange(20)
        assert run["step_sizes"] == pytest.approx(0.4 * w0 * 0.6**k, rel=1e-9)
        assert run["points"] == pytest.approx(w0 * 0.6 ** np.arange(21), rel=1e-9)
    near, far = numbers["runs"]
    assert near["step_sizes"][:3] == pytest.approx([4.0, 2.4, 1.44])
    assert far["step_sizes"][:3] == pytest.approx([6.0, 3.6, 2.16])
    assert all(f > n for f, n in zip(far["step_sizes"], near["step_sizes"], strict=True))


def test_both_losses_first_read_zero_at_epoch_15(numbers: dict[str, Any]) -> None:
    # The note says both reach zero loss at epoch 15; to four decimals that holds:
    # 10·0.6^15 → loss 2.2e-5 and 15·0.6^15 → loss 4.97e-5, both below 5e-5,
    # while at epoch 14 both still read 0.0001.
    near, far = numbers["runs"]
    assert near["first_epoch_reading_zero"] == 15
    assert far["first_epoch_reading_zero"] == 15
    assert f"{near['losses'][14]:.4f}" == f"{far['losses'][14]:.4f}" == "0.0001"
    assert far["losses"][15] == pytest.approx(225 * 0.36**15)
    assert far["losses"][15] < 5e-5
    # The far ball is never actually level: always 1.5 times as far from the bottom.
    assert far["points"] / near["points"] == pytest.approx(np.full(21, 1.5))


def test_scene_shows_the_key_figures() -> None:
    scene = dry_run("step-size-shrinks")
    shown = scene.displayed
    for value in (4.0, 6.0, 2.4, 3.6, 15.0, 0.2, 225.0, 100.0, 0.0):
        assert any(v == pytest.approx(value) for v in shown), value


@pytest.mark.parametrize("params", [
    {"function": "log(1 + exp(w))", "starts": [10.0, -3.0]},
    {"starts": [1.0, -2.0, 5.0, 50.0], "eta": 0.05, "steps": 120},
    {"function": "w**4", "starts": [10.0, 15.0]},
])
def test_scene_works_for_other_parameters(params: dict[str, Any]) -> None:
    scene = dry_run("step-size-shrinks", params, aspect="1:1")
    assert scene.out_of_frame == []


# ------------------------------------------------------------------ words, both languages

EN = Speech(language("en"))
ES = Speech(language("es"))


def spoken(params: dict[str, Any] | None = None, lang: str = "en") -> dict[str, str]:
    beats = lookup("step-size-shrinks").scene_class().narration_for(params, lang)
    return {b.name: b.text for b in beats}


def test_the_judgements_are_the_cores(numbers: dict[str, Any]) -> None:
    assert numbers["zero_race"] == ZeroRace.TIE
    assert numbers["first_zero_step"] == 15
    assert numbers["first_zero_runs"] == [0, 1]
    assert numbers["step_trend"] == StepTrend.SHRINK_BY_A_FACTOR
    assert numbers["step_ratio"] == pytest.approx(0.6)
    assert (numbers["far"], numbers["near"]) == (1, 0)
    assert numbers["far_ratio"] == pytest.approx(1.5)
    assert numbers["highest_start"] == 1
    assert numbers["steepest"] == 1
    mirrored = lookup("step-size-shrinks").prepare({"starts": [3.0, -3.0]}).numbers
    assert mirrored["highest_start"] is None
    assert mirrored["same_start_loss"] is True
    assert mirrored["far_ratio"] is None  # as far out as each other: no "1 times as far"


def test_spanish_script_speaks_the_core_numbers_with_a_decimal_comma() -> None:
    text = spoken(lang="es")
    assert "La bola de 15 empieza más arriba, con una pérdida de 225 frente a 100." \
        in text["predict"]
    assert "desde 10, primero 4, luego 2,4 y luego 1,44; y desde 15, primero 6, luego 3,6 " \
           "y luego 2,16" in text["steps"]
    assert "0,6 veces el anterior" in text["steps"]
    assert "1,5 veces más lejos" in text["reveal"]
    assert "Empate" in text["reveal"]
    assert "en el paso 15" in text["reveal"]
    other = {"starts": [3.0, -8.0], "eta": 0.1}
    n = lookup("step-size-shrinks").prepare(other).numbers
    es = spoken(other, "es")
    for run in n["runs"]:
        assert ES.num(run["step_sizes"][0]) in es["race"]
    assert "0,6" in es["race"]
    assert "menos 8" in es["setup"]
    ratio = n["step_ratio"]
    assert f"{ES.num(ratio, 3)} veces el anterior" in es["steps"]
    assert "Empate" not in es["reveal"]
    for beat in (*text.values(), *es.values()):
        assert re.search(r"\d\.\d", beat) is None, beat


@pytest.mark.parametrize(("aspect", "params"), [
    ("16:9", {}),
    ("9:16", {"starts": [1.0, -2.5, 5.0], "eta": 0.15, "steps": 30}),
])
def test_spanish_dry_run_shows_core_numbers_only_in_spanish_and_in_frame(
        aspect: str, params: dict[str, Any]) -> None:
    scene = dry_run("step-size-shrinks", params, aspect=aspect, lang="es")
    seen = [t.original_text for t in scene.texts_drawn]
    assert scene.out_of_frame == []
    assert [b for b, *_ in scene.beat_log] == list(scene.BEATS)
    core = [*numbers_in(scene.numbers), *numbers_in(scene.params)]
    assert [v for v in scene.displayed if not is_core_value(v, core)] == []
    english = english_words("step-size-shrinks")
    assert {"loss", "step", "start", "reads", "never", "tie"} <= english
    for text in seen:
        words = {w.lower() for w in re.findall(r"[A-Za-zÁÉÍÓÚÑáéíóúñ]{3,}", text)}
        assert not words & english, text
        assert re.search(r"\d\.\d", text) is None, text
    assert "Los pasos se encogen cuando la pendiente se aplana" in seen
    assert any(t.startswith("pasos desde w = ") for t in seen)


# ------------------------------------------------------------------ claims agree with the core

FUNCTIONS = ["w**2", "(w - 1)**2", "w**4", "log(1 + exp(w))", "w**2 + w"]


@st.composite
def shrink_params(draw: st.DrawFn) -> dict[str, Any]:
    starts = draw(st.lists(st.integers(-40, 40).map(lambda k: k / 4), min_size=1, max_size=4))
    return {"function": draw(st.sampled_from(FUNCTIONS)), "starts": starts,
            "eta": draw(st.integers(1, 60).map(lambda k: k / 100)),
            "steps": draw(st.integers(3, 40))}


def runs_from(text: str, runs: list[dict[str, Any]]) -> list[int]:
    """The runs whose start is spoken as ``text``."""
    return [i for i, r in enumerate(runs) if EN.num(r["points"][0]) == text]


def reads_zero(value: float) -> bool:
    return f"{abs(value):.4f}" == "0.0000"


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(shrink_params())
# Steps of 0.0005 shrinking by 0.9995: the ratio must not be said as "1 times".
@example({"function": "log(1 + exp(w))", "starts": [-3.0], "eta": 0.01, "steps": 3})
def test_every_claim_of_the_narration_agrees_with_the_core(params: dict[str, Any]) -> None:
    n = lookup("step-size-shrinks").prepare(params).numbers
    runs = n["runs"]
    beats = spoken(params)
    es = spoken(params, "es")
    slope = parse(params["function"], ("w",)).diff()
    # Who starts higher up: that ball's loss is above every other.
    high = re.search(r"The ball at (\S+(?: \S+)?) starts higher up", beats["predict"])
    if high:
        (i,) = set(runs_from(high.group(1), runs))
        assert all(runs[i]["losses"][0] > r["losses"][0] for j, r in enumerate(runs) if j != i)
        assert "empieza más arriba" in es["predict"]
    elif len(runs) > 1:
        assert "empieza más arriba" not in es["predict"]
    # The steeper start takes the bigger first step, and it is η times the slope.
    steep = re.search(r"The ball at (.+?) starts on a steeper slope, so its first step is "
                      r"(\S+), against (\S+) for the ball at (.+?)\.(?: |$)", beats["race"])
    if steep:
        (i,) = set(runs_from(steep.group(1), runs))
        (j,) = set(runs_from(steep.group(4), runs)) - {i}
        assert abs(float(slope(runs[i]["points"][0]))) > abs(float(slope(runs[j]["points"][0])))
        assert steep.group(2) == EN.num(params["eta"] * abs(float(slope(runs[i]["points"][0]))))
    shrinking = all(np.all(np.diff(r["step_sizes"]) < 0) for r in runs)
    assert ("Every step after that is smaller" in beats["race"]) == shrinking
    assert ("do not simply shrink" in beats["race"]) == (not shrinking)
    assert ("se limitan a encogerse" in es["race"]) == (not shrinking)
    # Reading zero: who, and when, checked on the losses themselves.
    arrivals = [next((k for k, v in enumerate(r["losses"]) if reads_zero(v)), None)
                for r in runs]
    reveal = beats["reveal"]
    if "zero, to 4 decimals, within these steps" in reveal:
        assert all(a is None for a in arrivals)
    else:
        step = int(re.search(r"at step (\d+)", reveal).group(1))  # type: ignore[union-attr]
        assert step == min(a for a in arrivals if a is not None)
        assert f"paso {step}" in es["reveal"]
        if "It's a tie" in reveal:
            assert len(runs) > 1
            assert all(a == step for a in arrivals)
            assert "Empate" in es["reveal"]
        elif len(runs) > 1:
            who = re.match(r"The balls? from (.+?) gets? there first", reveal)
            assert who is not None
            named = {i for s in re.split(r", | and ", who.group(1)) for i in runs_from(s, runs)}
            assert named == {i for i, a in enumerate(arrivals) if a == step}
            assert any(a != step for a in arrivals)
    far = re.search(r"always (\S+) times as far out", reveal)
    if far:
        ratio = np.asarray(runs[1]["points"]) / np.asarray(runs[0]["points"])
        expected = max(abs(ratio[0]), 1 / abs(ratio[0]))
        assert far.group(1) == EN.num(expected, 2)
        assert np.allclose(np.abs(ratio), abs(ratio[0]), rtol=1e-9)
    # The steps said are the core's, and the common ratio is each step over the last.
    for run in runs:
        said = ", then ".join(EN.num(v, 4) for v in run["step_sizes"][:3])
        if said:
            assert f"{said} from {EN.num(run['points'][0])}" in beats["steps"]
    times = re.search(r"Each step is (\S+) times the one before", beats["steps"])
    if times:
        for run in runs:
            sizes = np.asarray(run["step_sizes"])
            assert np.allclose(sizes[1:] / sizes[:-1], float(times.group(1)), rtol=5e-3,
                               atol=5e-4)
        assert ("because the slope shrinks" in beats["steps"]) == (float(times.group(1)) < 1)
    assert ("slows down by itself" in beats["takeaway"]) == shrinking
    assert ("se frena solo" in es["takeaway"]) == shrinking
