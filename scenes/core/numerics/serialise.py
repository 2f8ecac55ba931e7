"""Core results as JSON-safe values, for ``render.py numbers``."""

from __future__ import annotations

import math
from enum import StrEnum
from typing import Any

import numpy as np

from scenes.core.formula import Formula
from scenes.core.numerics.descent import Trajectory


def jsonable(value: Any) -> Any:
    """Convert core results to JSON-safe values (finite floats only)."""
    if isinstance(value, Formula):
        return value.text
    if isinstance(value, StrEnum):
        return str(value)
    if isinstance(value, np.ndarray):
        return jsonable(value.tolist())
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, np.floating | float):
        number = float(value)
        if not math.isfinite(number):
            raise ValueError("non-finite value reached the JSON output")
        return number
    if isinstance(value, np.integer):
        return int(value)
    return value


def trajectory_json(t: Trajectory) -> dict[str, Any]:
    one_d = t.points.shape[1] == 1
    return {
        "optimiser": t.optimiser,
        "eta": t.eta,
        "verdict": str(t.verdict),
        "overflow_step": t.overflow_step,
        "points": t.points[:, 0] if one_d else t.points,
        "losses": t.losses,
        "gradients": t.gradients[:, 0] if one_d else t.gradients,
        "final_loss": t.final_loss,
    }
