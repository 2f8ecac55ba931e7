"""Test settings shared by every module, and the test tiers.

A test that builds a scene (calls ``dry_run``) is marked ``scene``; tests that write
video files are marked ``render`` in their modules. The fast tier is everything else:
``python test.py --fast``.
"""

from __future__ import annotations

import inspect
import os

import pytest
from hypothesis import settings

# Rendering tests share the machine with property tests: time limits per example would
# make results depend on load, not on correctness. The examples are drawn from a seed
# fixed by each test, so a run here and a run in CI try the same cases; a case found to
# fail is kept as an @example. HYPOTHESIS_PROFILE=explore draws new cases every run.
settings.register_profile("project", deadline=None, derandomize=True)
settings.register_profile("explore", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "project"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        function = getattr(item, "function", None)
        if function is None or item.get_closest_marker("render"):
            continue
        try:
            source = inspect.getsource(function)
        except (OSError, TypeError):
            continue
        if "dry_run(" in source or "scene_class()(" in source:
            item.add_marker(pytest.mark.scene)
