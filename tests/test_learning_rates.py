"""learning-rates: the trajectories, verdicts and the race to the bottom, and the scene."""

from __future__ import annotations

import json
import re
import tomllib
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scenes.core.catalog import lookup
from scenes.core.formula import parse
from scenes.core.numerics import Verdict
from scenes.core.series import FocusStory, LossFate, learning_rates
from scenes.draw import descent_panels as dp
from scenes.words.language import NARRATION_DIR
from scenes.words.language import load as language
from scenes.words.speech import Speech
from tests.helpers import dry_run, is_core_value, numbers_in


@pytest.fixture(scope="module")
def numbers() -> dict[str, Any]:
    return learning_rates(lookup("learning-rates").resolve({}))


def run_for(numbers: dict[str, Any], eta: float) -> dict[str, Any]:
    return next(r for r in numbers["runs"] if r["eta"] == eta)


@pytest.mark.parametrize(("eta", "factor", "verdict"), [
    (0.1, 0.8, "converging slowly"),
    (0.3, 0.4, "converging"),
    (0.9, -0.8, "oscillating"),
    (1.0, -1.0, "bouncing for ever"),
    (1.05, -1.1, "diverging"),
])
def test_each_run_multiplies_w_by_one_minus_two_eta(
        numbers: dict[str, Any], eta: float, factor: float, verdict: str) -> None:
    # On L = w², w ← w − η·2w = (1 − 2η)·w, so w_k = 10·(1 − 2η)^k.
    run = run_for(numbers, eta)
    k = np.arange(21)
    assert run["points"] == pytest.approx(10 * factor**k, rel=1e-9, abs=1e-12)
    assert run["losses"] == pytest.approx((10 * factor**k) ** 2, rel=1e-9, abs=1e-12)
    assert run["verdict"] == verdict
    assert run["overflow_step"] is None


def test_eta_one_bounces_between_ten_and_minus_ten_with_the_loss_frozen(
        numbers: dict[str, Any]) -> None:
    run = run_for(numbers, 1.0)
    assert list(run["points"][:3]) == [10.0, -10.0, 10.0]
    assert set(run["losses"].tolist()) == {100.0}


def test_eta_105_climbs_out(numbers: dict[str, Any]) -> None:
    run = run_for(numbers, 1.05)
    assert np.all(np.diff(run["losses"]) > 0)
    assert run["final_loss"] == pytest.approx(100 * 1.21**20)
    assert round(run["final_loss"], 2) == 4525.93


def test_slow_and_oscillating_runs_end_on_the_same_loss(numbers: dict[str, Any]) -> None:
    # |1 − 2·0.1| = |1 − 2·0.9| = 0.8: one crawls, one overshoots, same distance left.
    assert run_for(numbers, 0.1)["losses"] == pytest.approx(run_for(numbers, 0.9)["losses"])


def test_eta_03_reads_the_bottom_first_at_step_six(numbers: dict[str, Any]) -> None:
    assert numbers["first_to_bottom"] == [1]
    assert [r["first_step_at_bottom"] for r in numbers["runs"]] == [None, 6, None, None, None]
    losses = run_for(numbers, 0.3)["losses"]
    assert f"{losses[5]:.2f}" == "0.01"
    assert f"{losses[6]:.2f}" == "0.00"


def test_overflow_stops_the_run_and_numbers_stay_json() -> None:
    entry = lookup("learning-rates")
    out = entry.numbers({"etas": [10.0, 0.1], "steps": 200})
    text = json.dumps(out, allow_nan=False)
    assert "Infinity" not in text
    wild = out["runs"][0]
    assert wild["verdict"] == "diverging"
    assert wild["overflow_step"] is not None
    assert wild["overflow_step"] <= 200
    assert len(wild["points"]) == wild["overflow_step"]
    assert out["first_to_bottom"] == [1]


def test_shared_view_holds_the_steady_runs_and_lets_the_diverging_one_leave(
        numbers: dict[str, Any]) -> None:
    view = dp.shared_view(parse("w**2", ("w",)), numbers["runs"])
    for run in numbers["runs"][:4]:
        assert all(view.contains(w, v) for w, v in zip(run["points"], run["losses"],
                                                        strict=True))
    wild = run_for(numbers, 1.05)
    inside = [view.contains(w, v) for w, v in zip(wild["points"], wild["losses"], strict=True)]
    assert inside[0]
    assert not inside[-1]


def test_scene_shows_the_key_figures() -> None:
    scene = dry_run("learning-rates")
    shown = scene.displayed
    for value in (0.1, 0.3, 0.9, 1.0, 1.05, 10.0, -10.0, 100.0, 6.0, 20.0):
        assert any(v == pytest.approx(value) for v in shown), value
    assert any(v == pytest.approx(100 * 1.21**20) for v in shown)
    # Every ball ends inside its panel, the diverging one hidden at the edge.
    assert scene.out_of_frame == []


@pytest.mark.parametrize("params", [
    {"function": "w**4"},
    {"function": "log(1 + exp(w))"},
    {"etas": [0.01, 0.5, 2.0, 5.0, 9.5, 10.0], "steps": 200},
    {"function": "w**3 - 3*w", "w0": 2.0, "etas": [0.1, 0.4]},
])
def test_scene_works_for_other_parameters(params: dict[str, Any]) -> None:
    scene = dry_run("learning-rates", params, aspect="9:16")
    assert scene.out_of_frame == []
    assert [b for b, *_ in scene.beat_log] == list(scene.BEATS)


# ------------------------------------------------------------------ words, both languages

EN = Speech(language("en"))
ES = Speech(language("es"))


def spoken(params: dict[str, Any] | None = None, lang: str = "en") -> dict[str, str]:
    beats = lookup("learning-rates").scene_class().narration_for(params, lang)
    return {b.name: b.text for b in beats}


def test_the_verdicts_and_the_story_are_enumerations_from_the_core(
        numbers: dict[str, Any]) -> None:
    assert [r["verdict"] for r in numbers["runs"]] == [
        Verdict.SLOW, Verdict.CONVERGING, Verdict.OSCILLATING, Verdict.BOUNCING,
        Verdict.DIVERGING]
    assert [r["fate"] for r in numbers["runs"]] == [
        LossFate.FALLS, LossFate.FALLS, LossFate.FALLS, LossFate.STAYS, LossFate.CLIMBS]
    assert [r["settles"] for r in numbers["runs"]] == [True, True, True, False, False]
    assert [r["rises_every_step"] for r in numbers["runs"]] == [False] * 4 + [True]
    assert numbers["focus"] == 3
    assert numbers["focus_story"] == FocusStory.BOUNCES
    assert numbers["also_diverging"] == [4]
    assert (numbers["crawler"], numbers["swinger"]) == (0, 2)
    assert numbers["crawler_matches_swinger"] is True


def test_a_loss_with_no_bottom_falls_while_the_run_diverges() -> None:
    # On w³ − 3w from 2 with η = 0.4 the ball runs off to −∞: diverging, yet the loss falls.
    n = lookup("learning-rates").prepare(
        {"function": "w**3 - 3*w", "w0": 2.0, "etas": [0.1, 0.4]}).numbers
    wild = n["runs"][1]
    assert wild["verdict"] == Verdict.DIVERGING
    assert wild["fate"] == LossFate.FALLS
    assert n["focus_story"] == FocusStory.RUNS_AWAY
    text = " ".join(spoken({"function": "w**3 - 3*w", "w0": 2.0, "etas": [0.1, 0.4]}).values())
    assert "climb" not in text
    assert "both fall" in text
    assert f"fallen to {EN.num(wild['losses'][-1], 2)}" in text


def test_spanish_script_speaks_the_core_numbers_with_a_decimal_comma(
        numbers: dict[str, Any]) -> None:
    text = spoken(lang="es")
    assert text["reveal"].startswith("Gana 0,3: su pérdida marca 0 en el paso 6.")
    assert "con 0,9 se pasa del fondo" in text["reveal"]
    assert "se queda congelada en 100" in text["too-big"]
    assert "Súbela a 1,05" in text["too-big"]
    assert f"de 100 a {ES.num(numbers['runs'][4]['losses'][-1], 2)}" in text["too-big"]
    assert "4525,93" in text["too-big"]
    assert "en tres baja, en uno se queda igual y en uno sube" in text["run"]
    other = {"etas": [0.05, 0.4, 1.2], "w0": 4.0}
    n = lookup("learning-rates").prepare(other).numbers
    es = " ".join(spoken(other, "es").values())
    winner = n["runs"][n["first_to_bottom"][0]]
    assert f"Gana {ES.num(winner['eta'])}: su pérdida marca" in es
    for rate in ("0,4", "0,05", "1,2"):
        assert rate in es
    assert "w igual a 4" in es
    assert "congelada" not in es
    for beat in (*spoken(lang="es").values(), es):
        assert re.search(r"\d\.\d", beat) is None, beat


def _quoted(template: re.Match[str]) -> str:
    """The text quoted inside a ``{{ ... }}`` expression (its names and filters left out)."""
    return " ".join(a or b for a, b in re.findall(r"'([^']*)'|\"([^\"]*)\"", template.group(1)))


def english_words(scene: str) -> set[str]:
    """The words of the English screen file's values: their text, and the text quoted in
    their templates (names of values and filters left out)."""
    table = tomllib.loads((NARRATION_DIR / "en" / f"{scene}.toml").read_text(encoding="utf-8"))
    values = [v for value in table.values()
              for v in (value if isinstance(value, list) else [value])]
    body = " ".join(re.sub(r"\{\{(.*?)\}\}", _quoted, re.sub(r"\{%.*?%\}", " ", v), flags=re.S)
                    for v in values)
    return {w.lower() for w in re.findall(r"[A-Za-z]{3,}", body)}


@pytest.mark.parametrize(("aspect", "params"), [
    ("16:9", {}),
    ("9:16", {"etas": [0.05, 0.4, 1.2], "w0": -4.5, "steps": 12}),
])
def test_spanish_dry_run_shows_core_numbers_only_in_spanish_and_in_frame(
        aspect: str, params: dict[str, Any]) -> None:
    scene = dry_run("learning-rates", params, aspect=aspect, lang="es")
    seen = [t.original_text for t in scene.texts_drawn]
    assert scene.out_of_frame == []
    assert [b for b, *_ in scene.beat_log] == list(scene.BEATS)
    core = [*numbers_in(scene.numbers), *numbers_in(scene.params)]
    assert [v for v in scene.displayed if not is_core_value(v, core)] == []
    english = english_words("learning-rates")
    assert {"loss", "step", "start", "wins", "converging", "diverging"} <= english
    for text in seen:
        words = {w.lower() for w in re.findall(r"[A-Za-zÁÉÍÓÚÑáéíóúñ]{3,}", text)}
        assert not words & english, text
        assert re.search(r"\d\.\d", text) is None, text
    assert "Elegir la tasa de aprendizaje" in seen
    assert any(t.startswith("Gana η = 0,") or t == "Ninguna: todas divergen." for t in seen)


# ------------------------------------------------------------------ claims agree with the core

FUNCTIONS = ["w**2", "(w - 1)**2", "w**4", "log(1 + exp(w))", "w**2 + w", "w**3 - 3*w"]
COUNTS = {w: i for i, w in enumerate(language("en").words("numbers", "small"))}


@st.composite
def rate_params(draw: st.DrawFn) -> dict[str, Any]:
    etas = draw(st.lists(st.integers(1, 120).map(lambda k: k / 100), min_size=1, max_size=5,
                         unique=True))
    return {"function": draw(st.sampled_from(FUNCTIONS)),
            "w0": draw(st.integers(-40, 40).map(lambda k: k / 4)),
            "etas": etas, "steps": draw(st.integers(3, 30))}


def rate_of(text: str, runs: list[dict[str, Any]]) -> list[int]:
    """The runs whose rate is spoken as ``text``."""
    return [i for i, r in enumerate(runs) if EN.num(r["eta"]) == text]


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(rate_params())
def test_every_claim_of_the_narration_agrees_with_the_core(params: dict[str, Any]) -> None:
    n = lookup("learning-rates").prepare(params).numbers
    runs = n["runs"]
    beats = spoken(params)
    es = spoken(params, "es")
    first = [float(r["losses"][0]) for r in runs]
    last = [float(r["losses"][-1]) for r in runs]
    # What each loss does: the counts said ("three fall, one stays put...") are the core's.
    said = beats["run"].split(": ", 1)[1].rstrip(".")
    claimed = {"fall": 0, "stay put": 0, "climb out of the bowl": 0, "do not move": 0}
    for part in re.split(r", | and ", said):
        who, _, what = part.partition(" ")
        what = {"falls": "fall", "stays put": "stay put", "does not move": "do not move",
                "climbs out of the bowl": "climb out of the bowl"}.get(what, what)
        k = (len(runs) if who in ("it", "both") or part.startswith("all of them")
             else COUNTS[who])
        if part.startswith("all of them"):
            what = part.removeprefix("all of them ")
        claimed[what] += k
    unmoved = [r["verdict"] == Verdict.STATIONARY for r in runs]
    falling = [not u and r["overflow_step"] is None and b < a
               for u, r, a, b in zip(unmoved, runs, first, last, strict=True)]
    assert sum(claimed.values()) == len(runs)
    assert claimed["do not move"] == sum(unmoved)
    if all(r["overflow_step"] is None for r in runs):
        assert claimed["fall"] == sum(falling)
        assert claimed["climb out of the bowl"] == sum(
            not u and b > a for u, a, b in zip(unmoved, first, last, strict=True))
    # Who wins: the named rate first reads the lowest loss any steady run reached.
    steady = [i for i, r in enumerate(runs) if r["verdict"] != Verdict.DIVERGING]
    if not steady:
        assert beats["reveal"] == "None of them: every run diverges."
        assert es["reveal"] == "Ninguna: todas divergen."
    elif len(runs) > 1:
        named, verb = re.match(r"(.*?) (wins|tie):", beats["reveal"]).groups()  # type: ignore[union-attr]
        winners = sorted(i for rate in re.split(r", | and ", named) for i in rate_of(rate, runs))
        assert winners == n["first_to_bottom"]
        assert (verb == "tie") == (len(winners) > 1)
        bottom = min(min(runs[i]["losses"]) for i in steady)
        reads = [next((k for k, v in enumerate(runs[i]["losses"])
                       if f"{v:.2f}" == f"{bottom:.2f}"), None) for i in steady]
        assert runs[winners[0]]["first_step_at_bottom"] == min(r for r in reads if r is not None)
        assert es["reveal"].startswith(("Empatan " if len(winners) > 1 else "Gana ")
                                       + ES.listing([ES.num(runs[i]["eta"]) for i in winners]))
    crawl = re.search(r"(\S+) crawls", beats["reveal"])
    if crawl:
        (i,) = rate_of(crawl.group(1), runs)
        assert runs[i]["verdict"] in (Verdict.CONVERGING, Verdict.SLOW)
        assert runs[i]["eta"] < runs[n["first_to_bottom"][0]]["eta"]
    swing = re.search(r"(\S+) overshoots the bottom", beats["reveal"])
    if swing:
        (i,) = rate_of(swing.group(1), runs)
        assert runs[i]["verdict"] == Verdict.OSCILLATING
        moves = np.diff(runs[i]["points"])
        assert np.mean(moves[1:] * moves[:-1] < 0) > 0.5  # most steps turn back
    # The run read out: frozen only when its loss never changes; "higher" only when it rises.
    too_big = beats["too-big"]
    focus = runs[n["focus"]]
    if "stays frozen" in too_big:
        assert focus["verdict"] == Verdict.BOUNCING
        assert np.ptp(focus["losses"]) == pytest.approx(0, abs=1e-9 * max(1, first[0]))
        assert "congelada" in es["too-big"]
    else:
        assert n["focus"] == int(np.argmax([r["eta"] for r in runs]))
        assert "congelada" not in es["too-big"]
    if too_big.startswith(("Every jump lands higher", "The largest")) and \
            "Every jump lands higher" in too_big.split(". ", 1)[-1][:30]:
        assert np.all(np.diff(focus["losses"]) > 0)
    if "has climbed to" in too_big:
        assert focus["losses"][-1] > focus["losses"][0]
    if "has fallen to" in too_big:
        assert focus["losses"][-1] < focus["losses"][0]
        assert focus["verdict"] == Verdict.DIVERGING
    settled = re.search(r"its run is ([a-z ]+)\.", too_big)
    if settled:
        assert settled.group(1) == focus["verdict"]
        assert focus["verdict"] in (Verdict.CONVERGING, Verdict.SLOW, Verdict.OSCILLATING)
    nudge = re.search(r"(?:Nudge it to (.+?) and|At ([^,]+(?:, [^,]+)*?) too,) (every jump lands "
                      r"higher|the run diverges): the loss (climbs|falls|goes) from", too_big)
    if nudge:
        rates = re.split(r", | and ", nudge.group(1) or nudge.group(2))
        named = [i for rate in rates for i in rate_of(rate, runs)]
        assert named == n["also_diverging"]
        assert all(runs[j]["verdict"] == Verdict.DIVERGING for j in named)
        i = named[0]
        assert (nudge.group(3) == "every jump lands higher") == bool(
            np.all(np.diff(runs[i]["losses"]) > 0) and len(runs[i]["losses"]) > 1)
        if nudge.group(4) == "climbs":
            assert runs[i]["losses"][-1] > runs[i]["losses"][0] or runs[i]["overflow_step"]
    else:
        assert not any(r["verdict"] == Verdict.DIVERGING
                       for i, r in enumerate(runs) if i != n["focus"])
    wild = any(r["verdict"] in (Verdict.BOUNCING, Verdict.DIVERGING) for r in runs)
    assert ("bounces or diverges" in beats["takeaway"]) == wild
    assert ("rebota o diverge" in es["takeaway"]) == wild
