"""gradient-2d: the contour helper, the gradient series and what the scene shows."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scenes.core import numerics as nx
from scenes.core.catalog import lookup
from scenes.core.formula import parse
from scenes.core.series import Centre, PathOutcome
from scenes.words.speech import speech
from tests.helpers import dry_run, is_core_value, numbers_in
from tests.screen_text import english_screen_words, recording, words_in

BOWL = parse("x**2 + 2*y**2", ("x", "y"))


def test_marching_squares_follows_a_circle() -> None:
    circle = parse("x**2 + y**2", ("x", "y"))
    result = nx.contours(circle, (-2, 2), (-2, 2), levels=[1.0], resolution=81)
    assert len(result.lines[0]) == 1
    ring = result.lines[0][0]
    assert np.allclose(ring[0], ring[-1])  # a closed loop
    radii = np.hypot(ring[:, 0], ring[:, 1])
    assert np.max(np.abs(radii - 1.0)) < 2e-3
    assert len(ring) > 40


def test_contours_lie_on_their_levels_and_split_at_the_box() -> None:
    result = nx.contours(BOWL, (-3, 3), (-2, 2), count=8)
    assert 5 <= len(result.levels) <= 8
    assert np.all(np.diff(result.levels) > 0)
    for level, polylines in zip(result.levels, result.lines, strict=True):
        assert polylines, f"level {level} drew nothing"
        for line in polylines:
            assert np.max(np.abs(BOWL(line[:, 0], line[:, 1]) - level)) < 0.01 * level + 0.01
    # Ellipses larger than the box are cut into open arcs that end on its edges.
    outer = result.lines[-1]
    assert len(outer) > 1
    for arc in outer:
        for end in (arc[0], arc[-1]):
            assert np.isclose(abs(end[0]), 3) or np.isclose(abs(end[1]), 2)


def test_marching_squares_skips_undefined_cells() -> None:
    f = parse("log(x)", ("x", "y"))
    result = nx.contours(f, (-1, 2), (-1, 1), levels=[0.0], resolution=31)
    xs = np.concatenate([line[:, 0] for line in result.lines[0]])
    assert np.allclose(xs, 1.0, atol=1e-9)


def test_stationary_point_kinds() -> None:
    assert nx.stationary_point(BOWL, [1.0, 1.0]).kind == "minimum"  # type: ignore[union-attr]
    saddle = nx.stationary_point(parse("x**2 - y**2", ("x", "y")), [0.3, -0.2])
    assert saddle is not None
    assert saddle.point == (0.0, 0.0)
    assert saddle.kind == "saddle"
    assert nx.stationary_point(parse("x + y", ("x", "y")), [1.0, 1.0]) is None


def test_default_numbers_match_the_formulas() -> None:
    n = lookup("gradient-2d").numbers()
    assert n["gradient_formula"] == ["2*x", "4*y"]
    points = np.asarray(n["run"]["points"])
    grads = np.asarray(n["run"]["gradients"])
    assert points.shape == (26, 2)
    assert points[0].tolist() == [2.5, 1.5]
    assert grads[0].tolist() == [5.0, 6.0]
    # Each step is exactly p - 0.1 * (2x, 4y): x shrinks by 0.8, y by 0.6.
    k = np.arange(26)
    assert np.allclose(points[:, 0], 2.5 * 0.8**k)
    assert np.allclose(points[:, 1], 1.5 * 0.6**k)
    assert np.allclose(n["run"]["losses"], points[:, 0] ** 2 + 2 * points[:, 1] ** 2)
    assert n["run"]["losses"][0] == pytest.approx(10.75)
    assert n["stationary"]["kind"] == "minimum"
    assert n["run"]["left_view_step"] is None
    x_range, y_range = n["view"]["x_range"], n["view"]["y_range"]
    assert x_range[0] < -2.5 < 2.5 < x_range[1]
    assert y_range[0] < -1.5 < 1.5 < y_range[1]


def test_scene_reads_out_every_step() -> None:
    scene = dry_run("gradient-2d")
    n = scene.numbers
    shown = set(np.round(scene.displayed, 9))
    for k in range(26):
        for value in (*n["run"]["gradients"][k], n["run"]["losses"][k]):
            assert round(float(value), 9) in shown
    assert round(float(n["run"]["gradient_norms"][0]), 9) in shown


def test_diverging_run_is_clipped_and_said() -> None:
    n = lookup("gradient-2d").numbers({"eta": 0.6})
    assert n["run"]["verdict"] == "diverging"
    assert n["run"]["left_view_step"] is not None
    scene = dry_run("gradient-2d", {"eta": 0.6})
    assert scene.out_of_frame == []
    assert float(n["run"]["left_view_step"]) in scene.displayed


def test_other_surface() -> None:
    scene = dry_run("gradient-2d", {"function": "(x - 1)**2 + 3*y**2 + x*y",
                                    "start": [-2.0, 2.0]})
    assert scene.out_of_frame == []


# ------------------------------------------------------------------ words, in two languages

NAME = "gradient-2d"
ES = speech("es")
EN = speech("en")
OTHER = {"function": "2*x**2 + y**2", "start": [-1.5, 2.0], "eta": 0.2}


def script(params: Mapping[str, Any] | None = None, lang: str = "en") -> str:
    return " ".join(b.text for b in lookup(NAME).scene_class().narration_for(params, lang))


@pytest.mark.parametrize("params", [{}, OTHER], ids=["defaults", "other"])
def test_spanish_script_speaks_the_core_numbers_with_a_decimal_comma(
        params: dict[str, Any]) -> None:
    n = lookup(NAME).prepare(params).numbers
    text = script(params, "es")
    gx, gy = n["run"]["gradients"][0]
    assert f"componentes {ES.num(gx, 2)} y {ES.num(gy, 2)}" in text
    assert f"baja de {ES.num(n['first_norm'], 2)} a {ES.num(n['last_norm'], 2)}" in text
    assert f"tasa de aprendizaje, {ES.num(params.get('eta', 0.1))}." in text
    assert "," in ES.num(n["first_norm"], 2)  # 7,81 / 7,21: a decimal comma, not a point
    assert not re.search(r"\d\.\d", text)
    assert "gradient is" not in text
    assert "the" not in text.split()


def test_spanish_reads_the_variable_y_as_a_letter() -> None:
    text = script({}, "es")
    assert "x al cuadrado más 2 ye al cuadrado" in text
    assert "respecto a ye, 4 ye" in text


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
    # The verdict carries the decimal comma: "|∇f| bajó de 7,81 a 0,02".
    assert any(f"bajó de {ES.screen(scene.numbers['first_norm'], 2)}" in t for t in seen)
    with recording(monkeypatch) as seen_in_english:
        dry_run(NAME, aspect=aspect, lang="en")
    english = words_in(seen_in_english)
    assert {"steepest", "ascent", "step", "gradient", "uphill"} <= english
    assert spanish & english == set(), spanish & english
    assert spanish & english_screen_words(NAME) == set()
    assert {"paso", "ascenso", "descenso", "gradiente"} <= spanish


# A small family of surfaces: bowls, ridges and saddles with random coefficients.
surfaces = st.builds(
    lambda a, b, c: f"{a}*x**2 + {b}*y**2 + {c}*x*y",
    st.sampled_from([0.5, 1.0, 2.0, 3.0]),
    st.sampled_from([-1.0, 0.5, 1.0, 2.5]),
    st.sampled_from([0.0, 0.5, -1.0]),
) | st.sampled_from(["x**2 + y**4/4 - y**2/2", "(x - 1)**2 + 3*y**2 + x*y", "x + y"])
starts = st.lists(st.sampled_from([-2.5, -1.0, 0.0, 0.5, 2.0]), min_size=2, max_size=2)


def claims(text: str, lang: str) -> Iterator[tuple[str, bool]]:
    """The judgements an English or Spanish script makes, as (claim, said?)."""
    en = lang == "en"
    yield "diverged", ("descent diverged" if en else "el descenso diverge") in text
    yield "left", ("leaves the view at step" if en else "se sale de la vista en el paso") in text
    yield "bowl", ("bottom of the bowl" if en else "fondo del cuenco") in text
    yield "lowest", ("lowest point sits" if en else "el punto más bajo está") in text
    yield "highest", ("highest point sits" if en else "el punto más alto está") in text
    yield "saddle", ("middle is a saddle" if en else "hay un punto de silla") in text
    yield "shrink", ("steps shrink on their own" if en else "los pasos se acortan solos") in text
    yield "no shrink", ("steps do not shrink" if en else "los pasos no se acortan") in text
    yield "still", ("never moves" if en else "no se mueve nunca") in text


@settings(max_examples=25)
@given(function=surfaces, start=starts, eta=st.sampled_from([0.05, 0.1, 0.3, 0.45, 0.6, 0.9]),
       steps=st.integers(1, 25))
def test_every_claim_of_the_script_agrees_with_the_core(function: str, start: list[float],
                                                         eta: float, steps: int) -> None:
    params = {"function": function, "start": start, "eta": eta, "steps": steps}
    n = lookup(NAME).prepare(params).numbers
    run, outcome, centre = n["run"], n["outcome"], n["centre"]
    norms = [float(v) for v in run["gradient_norms"]]
    view = n["view"]
    for lang, sp in (("en", EN), ("es", ES)):
        text = script(params, lang)
        said = dict(claims(text, lang))
        # A run said to diverge is one the core classifies as diverging, and vice versa.
        assert said["diverged"] == (outcome == PathOutcome.DIVERGED)
        if said["diverged"]:
            assert run["verdict"] == "diverging"
        # "Leaves the view at step k": point k is the first outside the view.
        assert said["left"] == (run["left_view_step"] is not None)
        if said["left"]:
            k = run["left_view_step"]
            x, y = run["points"][k]
            assert not (view["x_range"][0] <= x <= view["x_range"][1]
                        and view["y_range"][0] <= y <= view["y_range"][1])
            assert re.search(rf"\b{k}\b", text)
        # A minimum, maximum or saddle only where the core's curvatures say so.
        curvatures = None if n["stationary"] is None else n["stationary"]["curvatures"]
        assert said["lowest"] == (centre == Centre.MINIMUM)
        assert said["highest"] == (centre == Centre.MAXIMUM)
        assert said["saddle"] == (centre == Centre.SADDLE)
        if said["lowest"] or said["bowl"]:
            assert curvatures is not None
            assert min(curvatures) > 0
        if said["highest"]:
            assert curvatures is not None
            assert max(curvatures) < 0
        if said["saddle"]:
            assert curvatures is not None
            assert curvatures[0] < 0 < curvatures[1]
        # "The steps shrink" only when the gradient's length fell, with both lengths said.
        assert said["shrink"] == (outcome == PathOutcome.SHRINKING)
        if said["shrink"]:
            assert norms[-1] < norms[0]
            assert f"{sp.num(norms[0], 2)} {'to' if lang == 'en' else 'a'} " \
                   f"{sp.num(norms[-1], 2)}" in text
        if said["no shrink"]:
            assert norms[-1] >= norms[0]
            assert run["left_view_step"] is None
        assert said["still"] == (norms[0] == 0)
        # The first gradient is the core's.
        if norms[0]:
            gx, gy = run["gradients"][0]
            pair = (f"{sp.num(gx, 2)} comma {sp.num(gy, 2)}" if lang == "en"
                    else f"componentes {sp.num(gx, 2)} y {sp.num(gy, 2)}")
            assert pair in text
