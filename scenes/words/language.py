"""A language of the course: ``narration/<code>/language.toml`` and the scripts beside it.

Adding a language means adding a folder: its ``language.toml`` (how numbers, lists and
formulas are said and shown, which offline voice speaks it) and one script and one
screen-words file per scene. Nothing here imports Manim.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

NARRATION_DIR = Path(__file__).resolve().parents[2] / "narration"
DEFAULT = "en"
_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")


class LanguageError(ValueError):
    """A language that is not there, or whose files are broken: shown to the user as is."""


def available() -> list[str]:
    """The codes of every language with a ``language.toml``, sorted."""
    return sorted(p.parent.name for p in NARRATION_DIR.glob("*/language.toml"))


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    decimal: str
    espeak: str
    piper: str | None
    words_per_minute: float
    table: dict[str, Any]

    @property
    def folder(self) -> Path:
        return NARRATION_DIR / self.code

    def get(self, *path: str) -> Any:
        """A value from ``language.toml`` by its path, e.g. ``get("lists", "and")``."""
        node: Any = self.table
        for key in path:
            if not isinstance(node, dict) or key not in node:
                raise LanguageError(f"narration/{self.code}/language.toml has no "
                                    f"{'.'.join(path)}")
            node = node[key]
        return node

    def word(self, *path: str) -> str:
        value = self.get(*path)
        if not isinstance(value, str):
            raise LanguageError(f"narration/{self.code}/language.toml: {'.'.join(path)} "
                                "must be text")
        return value

    def words(self, *path: str) -> list[str]:
        value = self.get(*path)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise LanguageError(f"narration/{self.code}/language.toml: {'.'.join(path)} "
                                "must be a list of text")
        return list(value)

    def optional(self, *path: str) -> Any:
        try:
            return self.get(*path)
        except LanguageError:
            return None

    def suffix(self) -> str:
        """What output files carry in their names: nothing for English, ``.es`` otherwise."""
        return "" if self.code == DEFAULT else f".{self.code}"


@cache
def load(code: str = DEFAULT) -> Language:
    """The language ``code``; a clear :class:`LanguageError` if it is not there."""
    if not _CODE.match(code):
        raise LanguageError(f"--lang {code!r}: a language code is two or three letters "
                            f"(have: {', '.join(available())})")
    path = NARRATION_DIR / code / "language.toml"
    if not path.is_file():
        raise LanguageError(f"--lang {code!r}: no narration/{code}/language.toml "
                            f"(have: {', '.join(available())}; see 'Adding a language' "
                            "in the README)")
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise LanguageError(f"narration/{code}/language.toml: {error}") from None
    try:
        piper = table.get("piper")
        return Language(
            code=code,
            name=str(table["name"]),
            decimal=str(table["decimal"]),
            espeak=str(table["espeak"]),
            piper=str(piper) if piper else None,
            words_per_minute=float(table.get("words_per_minute", 150)),
            table=table,
        )
    except (KeyError, TypeError, ValueError) as error:
        raise LanguageError(f"narration/{code}/language.toml: missing or wrong {error}") \
            from None
