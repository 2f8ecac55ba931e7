"""scenes.core.clip: segments and lines clipped to a box."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from scenes.core import clip

BOX = (-1.0, 1.0, -1.0, 1.0)
coord = st.floats(min_value=-5, max_value=5, allow_nan=False)
point = st.tuples(coord, coord)


@st.composite
def boxes(draw: st.DrawFn) -> tuple[float, float, float, float]:
    x_lo, y_lo = draw(coord), draw(coord)
    width = draw(st.floats(min_value=0.1, max_value=6))
    height = draw(st.floats(min_value=0.1, max_value=6))
    return x_lo, x_lo + width, y_lo, y_lo + height


def inside(x: float, y: float, box: tuple[float, float, float, float],
           tol: float = 1e-9) -> bool:
    x_lo, x_hi, y_lo, y_hi = box
    return x_lo - tol <= x <= x_hi + tol and y_lo - tol <= y <= y_hi + tol


# ------------------------------------------------------------------ segments


@pytest.mark.parametrize(("p", "q", "expected"), [
    ((0.0, 0.0), (0.5, 0.5), (0.0, 1.0)),  # wholly inside
    ((0.5, 0.5), (1.5, 0.5), (0.0, 0.5)),  # leaves through the right edge
    ((-3.0, 0.5), (1.0, 0.5), (0.5, 1.0)),  # enters through the left edge
    ((-2.0, -2.0), (2.0, 2.0), (0.25, 0.75)),  # crosses corner to corner
    ((0.0, 2.0), (0.0, -2.0), (0.25, 0.75)),  # vertical
    ((0.3, 0.3), (0.3, 0.3), (0.0, 1.0)),  # a point inside
])
def test_segment_span_exact(p: tuple[float, float], q: tuple[float, float],
                            expected: tuple[float, float]) -> None:
    assert clip.segment_span(p, q, BOX) == pytest.approx(expected)


@pytest.mark.parametrize(("p", "q"), [
    ((2.0, 2.0), (3.0, 2.0)),  # beyond the right edge
    ((-3.0, 0.0), (-2.0, 5.0)),  # left of the box
    ((0.0, 1.5), (3.0, 1.5)),  # parallel to the top edge, above it
    ((2.5, 0.0), (0.0, 2.5)),  # passes the corner outside
    ((2.0, 1.0), (1.0, 2.0)),  # touches the corner (1, 1) only
    ((3.0, 3.0), (3.0, 3.0)),  # a point outside
])
def test_segment_outside_gives_none(p: tuple[float, float], q: tuple[float, float]) -> None:
    assert clip.segment_span(p, q, BOX) is None
    assert clip.clip_segment(p, q, BOX) is None


def test_clip_segment_keeps_a_third_coordinate() -> None:
    ends = clip.clip_segment(np.array([0.5, 0.5, 7.0]), np.array([1.5, 0.5, 9.0]), BOX)
    assert ends is not None
    assert ends[0].tolist() == [0.5, 0.5, 7.0]
    assert ends[1].tolist() == pytest.approx([1.0, 0.5, 8.0])


@given(point, point, boxes())
def test_clipped_segment_lies_in_the_box_and_on_the_segment(
        p: tuple[float, float], q: tuple[float, float],
        box: tuple[float, float, float, float]) -> None:
    span = clip.segment_span(p, q, box)
    a, b = np.array(p), np.array(q)
    ts = np.linspace(0.0, 1.0, 201)
    samples = [a + t * (b - a) for t in ts]
    x_lo, x_hi, y_lo, y_hi = box
    strictly = [t for t, s in zip(ts, samples, strict=True)
                if x_lo + 1e-6 < s[0] < x_hi - 1e-6 and y_lo + 1e-6 < s[1] < y_hi - 1e-6]
    if span is None:
        assert strictly == []  # nothing of the segment is inside
        return
    t0, t1 = span
    assert 0.0 <= t0 < t1 <= 1.0
    for t in np.linspace(t0, t1, 11):
        x, y = a + t * (b - a)
        assert inside(float(x), float(y), box)
    # and it is the whole part inside: every sampled point inside lies in [t0, t1]
    assert all(t0 - 1e-9 <= t <= t1 + 1e-9 for t in strictly)
    ends = clip.clip_segment(p, q, box)
    assert ends is not None
    # the ends are on the segment: collinear with p and q
    for e in ends:
        cross = (b - a)[0] * (e - a)[1] - (b - a)[1] * (e - a)[0]
        assert abs(cross) <= 1e-9 * max(1.0, float(np.linalg.norm(b - a)) ** 2 * 10)


@given(point, point, boxes())
def test_segment_wholly_outside_one_edge_gives_none(
        p: tuple[float, float], q: tuple[float, float],
        box: tuple[float, float, float, float]) -> None:
    x_lo, x_hi, _, _ = box
    # shift the segment so that it lies entirely right of the box
    shift = x_hi - min(p[0], q[0]) + 0.01
    assert clip.segment_span((p[0] + shift, p[1]), (q[0] + shift, q[1]), box) is None


# ------------------------------------------------------------------ lines


def test_clip_line_exact() -> None:
    assert clip.clip_line(0, 0, 2, (-10, 10, -4, 4)) == ((-2.0, -4.0), (2.0, 4.0))
    assert clip.clip_line(0, 0.5, 0, BOX) == ((-1.0, 0.5), (1.0, 0.5))
    assert clip.clip_line(0, 5, 0, BOX) is None  # flat, above the box
    assert clip.clip_line(0, 3, 1, BOX) is None  # y = x + 3 misses the box
    assert clip.clip_line(2, 0, -1, BOX) is None  # y = 2 − x touches the corner only
    # y = 0.5·x + 0.25 enters through the left edge and leaves through the right
    assert clip.clip_line(1, 0.75, 0.5, BOX) == ((-1.0, -0.25), (1.0, 0.75))


@given(point, st.floats(min_value=-50, max_value=50), boxes())
def test_clipped_line_lies_in_the_box_and_on_the_line(
        through: tuple[float, float], slope: float,
        box: tuple[float, float, float, float]) -> None:
    x0, y0 = through
    ends = clip.clip_line(x0, y0, slope, box)
    x_lo, x_hi, y_lo, y_hi = box
    xs = np.linspace(x_lo, x_hi, 401)
    ys = y0 + slope * (xs - x0)
    strictly = xs[(ys > y_lo + 1e-6) & (ys < y_hi - 1e-6)]
    strictly = strictly[(strictly > x_lo + 1e-6) & (strictly < x_hi - 1e-6)]
    if ends is None:
        assert strictly.size == 0
        return
    (xa, ya), (xb, yb) = ends
    assert xa < xb
    tol = 1e-9 * max(1.0, abs(slope)) * 10
    for x, y in ends:
        assert inside(x, y, box, tol)
        assert y == pytest.approx(y0 + slope * (x - x0), abs=tol)
    assert all(xa - 1e-9 <= x <= xb + 1e-9 for x in strictly)


# Slopes well away from zero: a slope of 1e-38 through an edge is inside in floats
# along the segment and outside by 1e-38 along the line; both answers are right.
slopes = st.one_of(st.just(0.0), st.floats(min_value=1e-3, max_value=50),
                   st.floats(min_value=-50, max_value=-1e-3))


@given(point, slopes, boxes())
def test_clip_line_agrees_with_clipping_a_long_segment(
        through: tuple[float, float], slope: float,
        box: tuple[float, float, float, float]) -> None:
    x0, y0 = through
    x_lo, x_hi, _, _ = box
    p, q = (x_lo, y0 + slope * (x_lo - x0)), (x_hi, y0 + slope * (x_hi - x0))
    line = clip.clip_line(x0, y0, slope, box)
    segment = clip.clip_segment(p, q, box)
    assume((line is None) == (segment is None))  # differ only when grazing a corner
    if line is not None and segment is not None:
        assert np.allclose(np.array(line), np.array(segment), atol=1e-7)
