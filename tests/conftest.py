"""Test settings shared by every module."""

from hypothesis import settings

# Rendering tests share the machine with property tests: time limits per example would
# make results depend on load, not on correctness.
settings.register_profile("project", deadline=None)
settings.load_profile("project")
