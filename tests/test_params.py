"""Parameters, themes, layouts and formats: what a creator can change without code."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from render import cli
from scenes.core.catalog import COURSE, lookup
from scenes.core.params import Param, ParamError, parse_value
from scenes.draw.style import DARK, LIGHT, layout, load_theme
from tests.helpers import probe

FORMULAS = {
    ("x",): ["x**2", "x**3 - 3*x", "sin(x)", "exp(x) - 2*x", "sigmoid(x)", "x**4 - x**2"],
    ("w",): ["w**2", "(w - 3)**2", "w**4", "log(1 + exp(w))", "0.5*w**2 + sin(w)"],
    ("x", "y"): ["x**2 + 2*y**2", "x**2 - y**2", "(x - 1)**2 + y**4", "x**2 + y**2/10"],
}


def values_for(param: Param) -> st.SearchStrategy[Any]:
    """Random valid values of one parameter, drawn from its declared type and range."""
    low = param.low if param.low is not None else -100.0
    high = param.high if param.high is not None else 100.0
    number = st.floats(low, high, allow_nan=False, exclude_min=param.low_open)
    if param.nonzero:
        number = number.filter(lambda v: v != 0)
    if param.kind == "float":
        return number
    if param.kind == "int":
        return st.integers(int(low), min(int(high), 60))
    if param.kind == "floats":
        return st.lists(number, min_size=param.min_items, max_size=min(param.max_items, 4))
    if param.kind == "interval":
        return st.tuples(number, st.floats(0.5, 20)).map(
            lambda pair: [pair[0], pair[0] + pair[1]]).filter(lambda pair: pair[1] <= high)
    if param.kind == "point":
        return st.lists(st.floats(-5, 5), min_size=2, max_size=2)
    if param.kind == "formula":
        return st.sampled_from(FORMULAS[param.variables])
    if param.kind == "formulas":
        return st.lists(st.sampled_from(FORMULAS[param.variables]), min_size=1, max_size=3)
    return st.lists(st.sampled_from(param.options), min_size=1, max_size=3, unique=True)


@st.composite
def scene_and_params(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    entry = draw(st.sampled_from(COURSE))
    chosen = draw(st.sets(st.sampled_from([p.name for p in entry.params])))
    return entry.name, {p.name: draw(values_for(p)) for p in entry.params if p.name in chosen}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scene_and_params())
# A ball that starts at the minimum beside one that does not: no "times as far out".
@example(("step-size-shrinks", {"function": "w**2", "starts": [1.0, 0.0]}))
def test_random_valid_parameters_give_finite_numbers_and_verdicts(
        case: tuple[str, dict[str, Any]]) -> None:
    name, params = case
    try:
        data = lookup(name).numbers(params)
    except ParamError as error:
        refusal = str(error)
    else:
        refusal = ""
    if refusal:
        # Only a mathematical impossibility (log of a negative, say) may refuse, clearly.
        assert refusal.startswith(f"{name}: cannot compute the numbers: ")
        return
    text = json.dumps(data, allow_nan=False)  # finite numbers only
    for run in data.get("runs", []):
        if "verdict" in run:
            assert run["verdict"] in {"converging", "converging slowly", "oscillating",
                                      "bouncing for ever", "diverging", "stationary"}
    assert json.loads(text)["scene"] == name


def test_toml_values() -> None:
    assert parse_value("0.1") == 0.1
    assert parse_value("[0.1, 1.0]") == [0.1, 1.0]
    assert parse_value('"x**3"') == "x**3"
    assert parse_value("x**3") == "x**3"  # not TOML: taken as text
    assert parse_value("nan") != parse_value("nan")


@pytest.mark.parametrize(("quality", "aspect", "size", "rate"), [
    ("low", "16:9", (854, 480), 15),
    ("medium", "16:9", (1280, 720), 30),
    ("high", "16:9", (1920, 1080), 60),
    ("production", "16:9", (2560, 1440), 60),
    ("4k", "16:9", (3840, 2160), 60),
    ("low", "9:16", (480, 854), 15),
    ("high", "9:16", (1080, 1920), 60),
    ("low", "1:1", (480, 480), 15),
])
def test_layouts_change_the_frame_itself(quality: str, aspect: str, size: tuple[int, int],
                                         rate: int) -> None:
    frame = layout(quality, aspect)
    assert (frame.pixel_width, frame.pixel_height) == size
    assert frame.frame_rate == rate
    assert frame.frame_width / frame.frame_height == pytest.approx(size[0] / size[1], rel=0.01)
    assert min(frame.frame_width, frame.frame_height) == 8


def test_theme_files(tmp_path: Path) -> None:
    assert load_theme("dark") is DARK
    assert load_theme("light") is LIGHT
    mine = tmp_path / "brand.toml"
    mine.write_text('base = "light"\nsecant = "#123456"\n')
    theme = load_theme(str(mine))
    assert theme.secant == "#123456"
    assert theme.tangent == LIGHT.tangent
    bad = tmp_path / "bad.toml"
    bad.write_text('secnat = "#123456"\n')
    with pytest.raises(ParamError, match="unknown colour 'secnat'; did you mean 'secant'"):
        load_theme(str(bad))
    bad.write_text('secant = "red"\n')
    with pytest.raises(ParamError, match='a colour is "#rrggbb"'):
        load_theme(str(bad))


# ------------------------------------------------------------------ renders

SHORT = "one-step"


def render(tmp_path: Path, *extra: str) -> list[Path]:
    result = CliRunner().invoke(cli, ["render", SHORT, "-q", "low", "--voice", "silent",
                                      "-o", str(tmp_path), *extra])
    assert result.exit_code == 0, result.stderr
    return [Path(line) for line in result.stdout.splitlines()]


@pytest.mark.render
@pytest.mark.parametrize(("aspect", "size"), [("9:16", (480, 854)), ("1:1", (480, 480))])
def test_aspect_renders_have_the_frame_size(tmp_path: Path, aspect: str,
                                            size: tuple[int, int]) -> None:
    video = render(tmp_path, "--aspect", aspect)[0]
    info = probe(video)
    assert (info.width, info.height) == size


@pytest.mark.render
def test_light_theme_render_has_a_light_background(tmp_path: Path) -> None:
    import av

    video = render(tmp_path, "--theme", "light")[0]
    with av.open(str(video)) as container:
        frame = next(container.decode(video=0)).to_ndarray(format="rgb24")
    assert frame[2, 2].min() > 240  # the corner is the theme's white background


@pytest.mark.render
@pytest.mark.parametrize("fmt", ["webm", "gif", "mov"])
def test_other_formats_open_with_the_right_size(tmp_path: Path, fmt: str) -> None:
    paths = render(tmp_path, "--format", fmt)
    assert paths[0].suffix == f".{fmt}"
    info = probe(paths[0])
    assert (info.width, info.height) == (854, 480)
    assert info.frames > 100


@pytest.mark.render
def test_png_thumbnail_is_the_last_frame(tmp_path: Path) -> None:
    from PIL import Image

    (png,) = render(tmp_path, "--format", "png")
    assert png.suffix == ".png"
    with Image.open(png) as image:
        assert image.size == (854, 480)


@pytest.mark.render
def test_transparent_mov_has_an_alpha_channel(tmp_path: Path) -> None:
    import av

    video = render(tmp_path, "--format", "mov", "--transparent")[0]
    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        assert "a" in str(stream.codec_context.pix_fmt)  # e.g. argb, yuva444p
        frame = next(container.decode(stream)).to_ndarray(format="rgba")
    assert frame[2, 2, 3] == 0  # the background is see-through
