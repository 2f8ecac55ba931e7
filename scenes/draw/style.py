"""Colours by meaning, themes, qualities and frame layouts for every aspect ratio.

Nothing here imports Manim: colours are hex strings that Manim accepts as they are,
so themes can be checked and loaded without a renderer.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from scenes.core.params import ParamError, suggest

HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True)
class Theme:
    """Every colour a scene may use, named by what it means."""

    name: str
    background: str
    text: str
    muted: str  # axes, grid, secondary labels
    function: str  # the curve f(x) or the loss L(w)
    derivative: str  # the curve f′(x)
    secant: str
    tangent: str
    point: str  # the point under study, the ball
    step: str  # a descent step, the update
    rising: str  # f′ > 0
    falling: str  # f′ < 0
    flat: str  # f′ = 0, critical points
    good: str  # verdicts that converge
    bad: str  # verdicts that fail
    panel: str  # boxes behind takeaways
    rate_1: str  # colours of compared runs (learning rates, starts, optimisers)
    rate_2: str
    rate_3: str
    rate_4: str
    rate_5: str
    rate_6: str

    @property
    def series(self) -> tuple[str, ...]:
        return (self.rate_1, self.rate_2, self.rate_3, self.rate_4, self.rate_5, self.rate_6)


DARK = Theme(
    name="dark", background="#101418", text="#f2f2f2", muted="#8a949e",
    function="#58c4dd", derivative="#f4a259", secant="#fc6255", tangent="#83c167",
    point="#ffff66", step="#ff9f1c", rising="#83c167", falling="#fc6255", flat="#ffff66",
    good="#83c167", bad="#fc6255", panel="#1f2933",
    rate_1="#9a72ac", rate_2="#83c167", rate_3="#58c4dd", rate_4="#f4a259",
    rate_5="#fc6255", rate_6="#ffff66",
)

LIGHT = Theme(
    name="light", background="#ffffff", text="#111111", muted="#5f6b76",
    function="#1565c0", derivative="#c05600", secant="#c62828", tangent="#2e7d32",
    point="#6a1b9a", step="#d84315", rising="#2e7d32", falling="#c62828", flat="#6a1b9a",
    good="#2e7d32", bad="#c62828", panel="#eef1f4",
    rate_1="#6a1b9a", rate_2="#2e7d32", rate_3="#1565c0", rate_4="#c05600",
    rate_5="#c62828", rate_6="#00838f",
)

THEMES = {"dark": DARK, "light": LIGHT}
COLOUR_NAMES = tuple(f.name for f in fields(Theme) if f.name != "name")


def load_theme(spec: str) -> Theme:
    """``dark``, ``light``, or a TOML file of colours by meaning over a ``base`` theme."""
    if spec in THEMES:
        return THEMES[spec]
    path = Path(spec)
    if not path.is_file():
        raise ParamError(f"--theme {spec!r}: not a theme; use dark, light or a TOML file"
                         f"{suggest(spec, list(THEMES))}")
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ParamError(f"--theme {spec}: not valid TOML ({error})") from None
    base_name = data.pop("base", "dark")
    if base_name not in THEMES:
        raise ParamError(f"--theme {spec}: base={base_name!r}; use dark or light")
    changes = {}
    for key, value in data.items():
        if key not in COLOUR_NAMES:
            raise ParamError(f"--theme {spec}: unknown colour {key!r}"
                             f"{suggest(key, COLOUR_NAMES)} (colours: {', '.join(COLOUR_NAMES)})")
        if not isinstance(value, str) or not HEX.match(value):
            raise ParamError(f"--theme {spec}: {key}={value!r}; a colour is \"#rrggbb\"")
        changes[key] = value
    return replace(THEMES[base_name], name=path.stem, **changes)


# ------------------------------------------------------------------------ qualities

QUALITIES: dict[str, tuple[int, int]] = {  # name -> (short side in pixels, frame rate)
    "low": (480, 15),
    "medium": (720, 30),
    "high": (1080, 60),
    "production": (1440, 60),
    "4k": (2160, 60),
}

ASPECTS: dict[str, tuple[int, int]] = {"16:9": (16, 9), "9:16": (9, 16), "1:1": (1, 1)}

# Manim units on the frame's short side; text sizes are chosen for this.
SHORT_SIDE_UNITS = 8.0


@dataclass(frozen=True)
class Layout:
    """The frame: its size in Manim units and pixels, and where things go."""

    aspect: str
    pixel_width: int
    pixel_height: int
    frame_width: float
    frame_height: float
    frame_rate: int

    @property
    def portrait(self) -> bool:
        return self.frame_height > self.frame_width

    @property
    def square(self) -> bool:
        return self.frame_height == self.frame_width

    def grid(self, panels: int) -> tuple[int, int]:
        """Rows and columns for ``panels`` side-by-side panels in this frame."""
        if panels <= 1:
            return 1, 1
        if self.portrait:
            cols = 1 if panels <= 3 else 2
        elif self.square:
            cols = 2 if panels <= 4 else 3
        else:
            cols = panels if panels <= 3 else (3 if panels <= 6 else 4)
        rows = -(-panels // cols)
        return rows, cols


def layout(quality: str = "low", aspect: str = "16:9", fps: int | None = None) -> Layout:
    short, rate = QUALITIES[quality]
    w, h = ASPECTS[aspect]
    # Pixel sizes stay even: H.264 needs it.
    if w >= h:
        pixel_height, pixel_width = short, 2 * round(short * w / h / 2)
        frame_height, frame_width = SHORT_SIDE_UNITS, SHORT_SIDE_UNITS * w / h
    else:
        pixel_width, pixel_height = short, 2 * round(short * h / w / 2)
        frame_width, frame_height = SHORT_SIDE_UNITS, SHORT_SIDE_UNITS * h / w
    return Layout(aspect, pixel_width, pixel_height, frame_width, frame_height, fps or rate)
