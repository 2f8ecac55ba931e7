"""scenes.core.decimals: how many decimals a number is shown with, and how it is written."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scenes.core import decimals as dec

# A number written with exactly `places` decimals: k / 10**places, k not a multiple of 10.
places_st = st.integers(min_value=0, max_value=6)


@st.composite
def written(draw: st.DrawFn) -> tuple[float, int]:
    places = draw(places_st)
    k = draw(st.integers(min_value=-10**7, max_value=10**7).filter(lambda k: k % 10 != 0))
    return k / 10**places, places


# ------------------------------------------------------------------ exact_decimals


@pytest.mark.parametrize(("values", "most", "least", "expected"), [
    (3.0, 4, 0, 0), (0.5, 4, 0, 1), (0.25, 4, 0, 2), (-1.75, 4, 0, 2),
    (0.1 + 0.2, 4, 0, 1), (0.125, 2, 0, 2), (1 / 3, 3, 0, 3),
    (2.0, 3, 1, 1),  # least: a learning rate is written 2.0, not 2
    ([1, 0.5, 0.25], 4, 0, 2), ([1, 2, 3], 2, 0, 0), ([], 2, 1, 1),
    ([math.inf, 0.5], 4, 0, 1),
])
def test_exact_decimals(values: float | list[float], most: int, least: int,
                        expected: int) -> None:
    assert dec.exact_decimals(values, most, least) == expected


@given(written())
def test_exact_decimals_finds_the_places_a_number_was_written_with(case: tuple[float, int]) -> None:
    value, places = case
    assert dec.exact_decimals(value, most=6) == places
    # and writing it with that many gives it back
    assert float(dec.fixed(value, places, minus="-")) == value


@given(st.lists(written(), min_size=1, max_size=6, unique_by=lambda c: c[0]))
def test_exact_decimals_shows_distinct_values_distinctly(cases: list[tuple[float, int]]) -> None:
    values = [v for v, _ in cases]
    places = dec.exact_decimals(values, most=6)
    assert places == max(p for _, p in cases)
    assert len({dec.fixed(v, places) for v in values}) == len(values)


@given(st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=6),
       st.integers(0, 8), st.integers(0, 8))
def test_exact_decimals_stays_within_its_bounds(values: list[float], a: int, b: int) -> None:
    least, most = min(a, b), max(a, b)
    assert least <= dec.exact_decimals(values, most, least) <= most


# ------------------------------------------------------------------ first_digit_decimals


@pytest.mark.parametrize(("values", "minimum", "maximum", "expected"), [
    ([1, 0.5, 0.001], 1, 6, 3), ([0.1, 0.01, 0.001], 1, 6, 3), ([0.06], 1, 6, 2),
    ([0.0001], 1, 3, 3), ([250.0], 1, 6, 1), ([250.0], 0, 6, 0), ([0.0, math.nan], 2, 6, 2),
    ([-0.004, 2.0], 1, 6, 3), (0.02, 0, 6, 2),
])
def test_first_digit_decimals(values: float | list[float], minimum: int, maximum: int,
                              expected: int) -> None:
    assert dec.first_digit_decimals(values, minimum, maximum) == expected


@given(st.lists(st.floats(min_value=1e-6, max_value=1e6), min_size=1, max_size=6),
       st.lists(st.booleans(), min_size=6, max_size=6))
def test_first_digit_decimals_never_shows_a_non_zero_value_as_zero(
        magnitudes: list[float], negative: list[bool]) -> None:
    values = [-m if neg else m for m, neg in zip(magnitudes, negative, strict=False)]
    places = dec.first_digit_decimals(values, minimum=0, maximum=6)
    assert 0 <= places <= 6
    for v in values:
        shown = float(dec.fixed(v, places, minus="-"))
        assert shown != 0
        assert math.copysign(1, shown) == math.copysign(1, v)
    smallest = min(magnitudes)
    assert abs(abs(float(f"{smallest:.{places}f}")) - smallest) <= smallest / 2 + 1e-12


@given(st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=6),
       st.integers(0, 8), st.integers(0, 8))
def test_first_digit_decimals_stays_within_its_bounds(values: list[float], a: int,
                                                      b: int) -> None:
    minimum, maximum = min(a, b), max(a, b)
    assert minimum <= dec.first_digit_decimals(values, minimum, maximum) <= maximum


# ------------------------------------------------------------------ readable_decimals


@pytest.mark.parametrize(("value", "most", "expected"), [
    (0.0, 6, 0), (3.0, 6, 0), (0.5, 6, 1), (0.125, 6, 2), (12.75, 6, 2), (0.001, 6, 3),
    (0.000123, 6, 4), (1e-9, 6, 6), (math.inf, 6, 0), (-0.05, 6, 2),
])
def test_readable_decimals(value: float, most: int, expected: int) -> None:
    assert dec.readable_decimals(value, most) == expected


@given(st.floats(min_value=-1e6, max_value=1e6).filter(lambda v: abs(v) >= 1e-6))
def test_readable_decimals_shows_a_non_zero_value_as_non_zero(value: float) -> None:
    places = dec.readable_decimals(value)
    assert places <= 6
    assert float(dec.fixed(value, places, minus="-")) != 0


# ------------------------------------------------------------------ writing


def test_fixed_uses_the_mark_and_a_true_minus() -> None:
    assert dec.fixed(4.6, 2) == "4.60"
    assert dec.fixed(4.6, 1, ",") == "4,6"
    assert dec.fixed(-1.5, 2, ",") == "−1,50"
    assert dec.fixed(-1.5, 0, minus="-") == "-2"
    assert dec.fixed(-0.001, 2) == "0.00"  # never "−0.00"
    assert dec.fixed(-0.0, 1) == "0.0"


def test_trimmed_drops_trailing_zeros() -> None:
    assert dec.trimmed(4.60, 2) == "4.6"
    assert dec.trimmed(4.6, 2, ",") == "4,6"
    assert dec.trimmed(3.0, 4) == "3"
    assert dec.trimmed(-0.00001, 2) == "0"
    assert dec.trimmed(-2.125, 2) == "-2.12"


def test_scientific() -> None:
    assert dec.scientific(1.5e-7) == "1.50×10⁻⁷"
    assert dec.scientific(-2.345e12, 1, ",") == "−2,3×10¹²"
    assert dec.scientific(9.999e5) == "1.00×10⁶"  # the mantissa never reads 10.00
    assert dec.scientific(0.0) == "0.00"


@given(st.floats(min_value=1e-300, max_value=1e300), st.booleans())
def test_scientific_mantissa_is_between_one_and_ten(magnitude: float, negative: bool) -> None:
    value = -magnitude if negative else magnitude
    text = dec.scientific(value, 2)
    mantissa_text, exponent_text = text.split("×10")
    mantissa = float(mantissa_text.replace("−", "-"))
    assert 1 <= abs(mantissa) < 10
    exponent = int(exponent_text.translate(str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")))
    assert mantissa * 10.0**exponent == pytest.approx(value, rel=6e-3)
