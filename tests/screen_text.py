"""The words a dry run put on screen, and the test that none of them is English.

Every ``Text`` and ``MathTex`` a scene builds goes through ``LessonScene.text`` and
``LessonScene.tex``; recording their content during a dry run gives the screen's words
without rendering a frame.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from scenes.draw.base import LessonScene
from scenes.words import narration

_WORD = re.compile(r"[^\W\d_]{3,}")


def words_of(text: str) -> set[str]:
    """Words of three letters or more, lower case; LaTeX commands and templates dropped."""
    text = re.sub(r"\{[{%#].*?[}%#]\}", " ", text)
    text = re.sub(r"\\[A-Za-z]+", " ", text)
    return {w.lower() for w in _WORD.findall(text)}


def words_in(shown: Iterable[str]) -> set[str]:
    """The words of every string in ``shown``, as ``words_of`` finds them."""
    return set().union(*(words_of(s) for s in shown))


def plain(shown: Iterable[str]) -> str:
    """The strings joined by spaces, LaTeX commands dropped and ``{,}`` read as a comma."""
    return re.sub(r"\\[A-Za-z]+", " ", " ".join(shown)).replace("{,}", ",")


def english_screen_words(scene: str) -> set[str]:
    """Every word of the scene's English screen file, and of the shared screen words."""
    table = tomllib.loads(narration.screen_path(scene, "en").read_text(encoding="utf-8"))
    language = tomllib.loads((narration.screen_path(scene, "en").parent / "language.toml")
                             .read_text(encoding="utf-8"))
    texts = [*language["screen"].values()]
    for value in table.values():
        texts += value if isinstance(value, list) else [value]
    return set().union(*(words_of(t) for t in texts))


@contextmanager
def recording(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Collect the content of every Text and every MathTex part built inside the block.

    The spies are removed when the block ends, so two blocks in one test (a Spanish run,
    then an English one) each collect only their own run.
    """
    shown: list[str] = []
    text, tex = LessonScene.text, LessonScene.tex

    def record_text(self: LessonScene, content: str, *args: Any, **kwargs: Any) -> Any:
        shown.append(content)
        return text(self, content, *args, **kwargs)

    def record_tex(self: LessonScene, *parts: str, **kwargs: Any) -> Any:
        shown.extend(parts)
        return tex(self, *parts, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(LessonScene, "text", record_text)
        patch.setattr(LessonScene, "tex", record_tex)
        yield shown
