"""What counts as a finite value in the core, and the array type it uses."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

# A value whose magnitude passes this is treated as having left the finite range:
# squaring it (as a loss does) would overflow a float64.
OVERFLOW_LIMIT = 1e150


def is_finite_point(values: FloatArray) -> bool:
    return bool(np.all(np.isfinite(values)) and np.all(np.abs(values) < OVERFLOW_LIMIT))

