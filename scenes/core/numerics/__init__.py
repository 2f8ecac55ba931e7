"""The numeric core: every number the course shows, computed with numpy and sympy."""

from scenes.core.numerics.descent import *  # noqa: F403
from scenes.core.numerics.descent import _numeric_roots  # noqa: F401
