"""The layout keeps its rules: the core and the words never import Manim; the top of
``scenes/`` holds the lessons and nothing else; lesson text lives in ``narration/``."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from scenes.core.catalog import COURSE

ROOT = Path(__file__).resolve().parent.parent
SCENES = ROOT / "scenes"
NO_MANIM = ("core", "words")


def _modules(package: str) -> list[str]:
    return sorted(f"scenes.{package}.{p.stem}" for p in (SCENES / package).glob("*.py")
                  if p.stem != "__init__") + sorted(
        f"scenes.{package}.{p.parent.name}.{p.stem}"
        for p in (SCENES / package).glob("*/*.py") if p.stem != "__init__")


@pytest.mark.parametrize("package", NO_MANIM)
def test_core_and_words_never_import_manim(package: str) -> None:
    modules = _modules(package)
    assert modules
    code = (f"import sys, importlib; [importlib.import_module(m) for m in {modules!r}]; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'manim'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout
    assert out.strip() == "[]"


def test_the_top_of_scenes_holds_the_lessons_and_nothing_else() -> None:
    lessons = {entry.scene.split(":")[0] for entry in COURSE}
    top = {p.stem for p in SCENES.glob("*.py")} - {"__init__"}
    assert top == lessons
    packages = {p.name for p in SCENES.iterdir() if (p / "__init__.py").is_file()}
    assert packages == {"core", "words", "draw", "pipeline"}


def _lesson_text(path: Path) -> list[str]:
    """String literals of four or more words that are not docstrings or error messages."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    allowed: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant):
            allowed.add(id(body[0].value))  # a docstring
        if isinstance(node, ast.Raise) and node.exc is not None:
            allowed.update(id(n) for n in ast.walk(node.exc))  # an error message
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and id(node) not in allowed and "\\" not in node.value:  # LaTeX is maths
            words = [w for w in node.value.split() if any(c.isalpha() for c in w)]
            if len(words) >= 4:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value[:60]!r}")
    return found


DRAWING = sorted([*SCENES.glob("*.py"), *(SCENES / "draw").glob("*.py")])


@pytest.mark.parametrize("path", DRAWING,
                         ids=lambda p: str(p.relative_to(SCENES)))
def test_lessons_write_no_lesson_text_in_code(path: Path) -> None:
    assert _lesson_text(path) == []
