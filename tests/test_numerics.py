"""The numeric core against exact formulas, the course spec's figures and properties."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from scenes.core import numerics as nx
from scenes.core.catalog import COURSE, lookup
from scenes.core.clip import clip_line
from scenes.core.formula import parse

X2 = parse("x**2")
W2 = parse("w**2", ("w",))


def test_core_does_not_import_manim() -> None:
    code = ("import sys; import scenes.core.numerics, scenes.core.series, scenes.core.catalog, "
            "scenes.core.formula, scenes.core.params, scenes.draw.style, scenes.words.narration; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'manim'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


# ------------------------------------------------------------------ slopes


def test_line_points_and_every_pair_has_the_same_slope() -> None:
    line = nx.line_slopes(2, 1, [0, 1, 2, 3])
    assert line.points == [(0, 1), (1, 3), (2, 5), (3, 7)]
    assert len(line.pair_slopes) == 6
    assert all(slope == 2 for *_, slope in line.pair_slopes)


@given(st.floats(-50, 50), st.floats(1e-4, 5))
def test_secant_slope_of_x_squared_is_2x_plus_h(x: float, h: float) -> None:
    assert nx.secant_slope(X2, x, h) == pytest.approx(2 * x + h, rel=1e-6, abs=1e-6)


def test_secant_table_matches_the_course_spec() -> None:
    table = nx.secant_table(X2, 1, [1, 0.5, 0.1, 0.01, 0.001])
    np.testing.assert_allclose([r.slope for r in table.rows], [3, 2.5, 2.1, 2.01, 2.001],
                               rtol=1e-9)
    assert table.derivative == 2
    np.testing.assert_allclose([r.error for r in table.rows], [1, 0.5, 0.1, 0.01, 0.001],
                               rtol=1e-6)


def test_difference_quotient_is_simplified_symbolically() -> None:
    assert str(nx.difference_quotient(X2, 1)) == "h + 2"
    assert str(nx.difference_quotient(parse("x**3"), 2)) == "h**2 + 6*h + 12"


def test_secant_sweep_passes_through_the_table_values() -> None:
    hs = [1, 0.5, 0.1, 0.01, 0.001]
    sweep = nx.secant_sweep(X2, 1, hs)
    for k, h in enumerate(hs):
        i = int(np.argmin(np.abs(sweep.progress - k)))
        assert sweep.h[i] == pytest.approx(h)
        assert sweep.slope[i] == pytest.approx(2 + h)
    assert np.all(np.diff(sweep.h) < 0)


def test_clip_line_keeps_the_part_inside_the_box() -> None:
    ends = clip_line(0, 0, 2, (-10, 10, -4, 4))
    assert ends == ((-2, -4), (2, 4))
    assert clip_line(0, 5, 0, (-1, 1, -1, 1)) is None


# ---------------------------------------------------------- derivative function, rules


def test_derivative_function_of_the_parabola() -> None:
    result = nx.derivative_function(parse("x**2 - 4*x + 5"), [-1, 5])
    assert result.fprime.text == "2*x - 4"
    assert result.zeros == [2.0]
    assert result.values_at_zeros == [1.0]
    assert [(r.start, r.end, r.sign) for r in result.regions] == [(-1, 2, -1), (2, 5, 1)]


def test_numeric_roots_when_sympy_cannot_solve() -> None:
    g = parse("cos(x) - x")
    assert nx._numeric_roots(g, 0, 1) == [pytest.approx(0.7390851332151607, abs=1e-12)]


@pytest.mark.parametrize(("text", "derivative", "rule"), [
    ("x**3", "3*x**2", "power"),
    ("3*x**2", "6*x", "constant multiple"),
    ("x**2 + x", "2*x + 1", "sum"),
    ("(3*x + 1)**2", "18*x + 6", "chain"),
    ("exp(x)", "exp(x)", "exponential"),
    ("log(x)", "1/x", "logarithm"),
    ("sigmoid(x)", "(1 - sigmoid(x))*sigmoid(x)", "sigmoid"),
])
def test_rules_give_exact_derivatives_that_agree_with_central_differences(
        text: str, derivative: str, rule: str) -> None:
    (example,) = nx.derivative_rules([parse(text)])
    assert example.derivative.text == derivative
    assert example.rule == rule
    assert example.check_error < 1e-8


# ------------------------------------------------------------------ critical points


@pytest.mark.parametrize(("text", "second", "test", "verdict"), [
    ("x**2", 2.0, "minimum", nx.CriticalKind.MINIMUM),
    ("-x**2", -2.0, "maximum", nx.CriticalKind.MAXIMUM),
    ("x**3", 0.0, "inconclusive", nx.CriticalKind.NEITHER),
    ("x**4", 0.0, "inconclusive", nx.CriticalKind.MINIMUM),
])
def test_second_derivative_test_and_its_limit(text: str, second: float, test: str,
                                              verdict: nx.CriticalKind) -> None:
    (point,) = nx.critical_points(parse(text))
    assert point.x == 0
    assert point.second_derivative == second
    assert point.second_derivative_test == test
    assert point.kind == verdict


def test_x_cubed_rises_through_its_flat_point() -> None:
    (point,) = nx.critical_points(parse("x**3"))
    assert point.left_value == pytest.approx(-0.001)
    assert point.right_value == pytest.approx(0.001)
    assert point.left_value < point.value < point.right_value


def test_cubic_with_two_critical_points() -> None:
    points = nx.critical_points(parse("x**3 - 3*x"))
    assert [(p.x, p.kind) for p in points] == [(-1, nx.CriticalKind.MAXIMUM),
                                               (1, nx.CriticalKind.MINIMUM)]


# ------------------------------------------------------------------ descent


@given(st.floats(-100, 100), st.floats(0.001, 0.99), st.integers(1, 40))
def test_descent_on_w_squared_is_geometric(w0: float, eta: float, steps: int) -> None:
    run = nx.descent_1d(W2, w0, eta, steps)
    expected = w0 * (1 - 2 * eta) ** np.arange(steps + 1)
    np.testing.assert_allclose(run.points[:, 0], expected, rtol=1e-9, atol=1e-12)


@settings(max_examples=60)
@given(st.floats(0.1, 5), st.floats(-20, 20), st.floats(0.01, 0.999))
def test_descent_on_a_bowl_with_small_eta_decreases_monotonically(
        a: float, w0: float, fraction: float) -> None:
    assume(abs(w0) > 1e-3)
    eta = fraction / a  # η < 1/a
    loss = parse(f"{a!r}*w**2", ("w",))
    run = nx.descent_1d(loss, w0, eta, 15)
    assert np.all(np.diff(run.losses) <= 1e-12)


@pytest.mark.parametrize(("eta", "verdict"), [
    (0.1, nx.Verdict.SLOW),
    (0.3, nx.Verdict.CONVERGING),
    (0.9, nx.Verdict.OSCILLATING),
    (1.0, nx.Verdict.BOUNCING),
    (1.05, nx.Verdict.DIVERGING),
])
def test_learning_rate_verdicts_on_w_squared(eta: float, verdict: nx.Verdict) -> None:
    assert nx.descent_1d(W2, 10, eta, 20).verdict == verdict


def test_eta_one_bounces_between_plus_and_minus_ten_for_ever() -> None:
    run = nx.descent_1d(W2, 10, 1.0, 20)
    assert list(run.points[:5, 0]) == [10, -10, 10, -10, 10]
    assert set(run.losses) == {100.0}


def test_overflow_is_caught_and_reported_not_nan() -> None:
    run = nx.descent_1d(parse("w**4", ("w",)), 10, 5.0, 50)
    assert run.verdict == nx.Verdict.DIVERGING
    assert run.overflow_step is not None
    assert run.overflow_step <= 5
    assert np.all(np.isfinite(run.points))
    assert np.all(np.isfinite(run.losses))
    assert len(run.points) == run.overflow_step
    data = lookup("learning-rates").numbers({"function": "w**4", "etas": [5.0]})
    json.dumps(data, allow_nan=False)
    assert data["runs"][0]["overflow_step"] == run.overflow_step


def test_tangent_sign_figures_from_the_notes() -> None:
    loss = parse("1.25*(w - 2.2)**2", ("w",))
    right = nx.descent_1d(loss, 3, 0.1, 6)
    assert right.gradients[0, 0] == pytest.approx(2)
    assert right.points[1, 0] == pytest.approx(2.8)
    assert right.gradients[1, 0] == pytest.approx(1.5)
    assert right.points[2, 0] == pytest.approx(2.65)
    left = nx.descent_1d(loss, 1.4, 0.1, 6)
    assert left.gradients[0, 0] < 0
    assert np.all(np.diff(left.points[:, 0]) > 0)


def test_one_step_figures() -> None:
    step = nx.one_step(parse("(w - 3)**2", ("w",)), 5, 0.1)
    assert step.slope == 4
    assert step.w1 == pytest.approx(4.6)
    assert step.loss0 == 4
    assert step.loss1 == pytest.approx(2.56)


def test_near_and_far_starts_read_zero_at_the_same_epoch() -> None:
    epochs = [nx.first_epoch_reading_zero(nx.descent_1d(W2, w0, 0.2, 20).losses)
              for w0 in (10, 15)]
    # loss_k = w0² · 0.36^k; 100·0.36^15 ≈ 2.2e-5 and 225·0.36^15 ≈ 5.0e-5 both print 0.0000
    assert epochs == [15, 15]


def test_first_epoch_reading_zero_uses_the_printed_value() -> None:
    assert nx.first_epoch_reading_zero(np.array([1.0, 0.00006, 0.00004])) == 2
    assert nx.first_epoch_reading_zero(np.array([1.0, 0.5])) is None


def test_first_index_reading_reads_as_a_label_does() -> None:
    # −0.00001 is shown 0.0000, so it reads as the target 0.00002 does
    assert nx.first_index_reading([0.5, -0.00001, 0.0], 0.00002, 4) == 1
    assert nx.first_index_reading([0.5, 0.25], 0.2500001, 4) == 1
    assert nx.first_index_reading([0.5, 0.25], 0.2, 4) is None


@pytest.mark.parametrize("optimiser", nx.OPTIMISERS)
def test_optimisers_reach_the_minimum_of_a_bowl(optimiser: str) -> None:
    run = nx.descend(parse("x**2 + 2*y**2", ("x", "y")), [2.5, 1.5], 0.05, 300, optimiser)
    assert run.final_loss < 1e-3


def test_adam_first_step_has_size_eta_per_coordinate() -> None:
    run = nx.descend(parse("x**2 + 2*y**2", ("x", "y")), [2.5, 1.5], 0.1, 1, "adam")
    np.testing.assert_allclose(run.points[1] - run.points[0], [-0.1, -0.1], rtol=1e-6)


def test_momentum_matches_the_heavy_ball_recurrence() -> None:
    run = nx.descend(W2, [1.0], 0.1, 3, "momentum")
    w, v = 1.0, 0.0
    for k in range(1, 4):
        v = 0.9 * v + 2 * w
        w = w - 0.1 * v
        assert run.points[k, 0] == pytest.approx(w)


def test_gradient_2d_path() -> None:
    run = nx.descend(parse("x**2 + 2*y**2", ("x", "y")), [2.5, 1.5], 0.1, 25)
    np.testing.assert_allclose(run.gradients[0], [5.0, 6.0])
    k = np.arange(26)
    np.testing.assert_allclose(run.points[:, 0], 2.5 * 0.8**k, rtol=1e-9)
    np.testing.assert_allclose(run.points[:, 1], 1.5 * 0.6**k, rtol=1e-9)


def test_saddle_gd_stalls_while_momentum_and_adam_escape() -> None:
    data = lookup("saddle-escape").numbers()
    final = {run["optimiser"]: run["final_loss"] for run in data["runs"]}
    assert final["gd"] > -0.05  # still near the saddle, where the loss is 0
    assert final["momentum"] < -0.2
    assert final["adam"] < -0.2


# ------------------------------------------------------------------ regression


def test_regression_follows_the_update_rule_exactly() -> None:
    x = np.array([1.0, 2, 3, 4, 5])
    y = np.array([5.0, 8, 11, 14, 17])
    r = nx.linear_regression(list(x), list(y), 0, 0, 0.01, 500)
    w = b = 0.0
    for epoch in range(1, 501):
        error = w * x + b - y
        w, b = w - 0.01 * 2 / 5 * float(error @ x), b - 0.01 * 2 / 5 * float(error.sum())
        if epoch in (1, 2, 100, 500):
            assert (r.ws[epoch], r.bs[epoch]) == (pytest.approx(w, rel=1e-12),
                                                  pytest.approx(b, rel=1e-12))
    assert r.ws[1] == pytest.approx(0.01 * 2 / 5 * float(y @ x))


def test_regression_after_500_epochs_is_close_to_but_not_the_exact_line() -> None:
    # The lecture note prints ŷ = 3.0000·x + 2.0000; the update rule gives this instead.
    r = nx.linear_regression([1, 2, 3, 4, 5], [5, 8, 11, 14, 17], 0, 0, 0.01, 500)
    assert round(float(r.ws[-1]), 4) == 3.0553
    assert round(float(r.bs[-1]), 4) == 1.8003
    assert float(r.losses[-1]) == pytest.approx(0.0072569, rel=1e-4)
    np.testing.assert_allclose(r.least_squares, (3, 2))


def test_regression_overflow_is_reported() -> None:
    r = nx.linear_regression([1, 2, 3], [1, 2, 3], 0, 0, 5.0, 2000)
    assert r.overflow_epoch is not None
    assert np.all(np.isfinite(r.losses))


# ------------------------------------------------------------------ axes and JSON


def test_nice_steps_and_ticks() -> None:
    assert nx.nice_step(10) == 2
    assert nx.nice_step(0.37) == 0.1
    assert nx.axis_ticks(-1.2, 11.5) == [5, 10]
    assert nx.axis_ticks(-3, 3) == [-2, 2]


@pytest.mark.parametrize("entry", COURSE, ids=lambda e: e.name)
def test_every_scene_has_json_numbers_with_its_parameters(entry: object) -> None:
    data = lookup(entry.name).numbers()  # type: ignore[attr-defined]
    text = json.dumps(data, allow_nan=False)
    assert json.loads(text)["parameters"] == {p.name: p.default
                                              for p in entry.params}  # type: ignore[attr-defined]
