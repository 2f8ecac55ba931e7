"""The words layer: Jinja2 templates in a sandbox, filters that speak a language."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from scenes.words import language, narration
from scenes.words.language import LanguageError
from scenes.words.narration import NarrationError, Words
from scenes.words.speech import Speech

EN = Speech(language.load("en"))
ES = Speech(language.load("es"))


@pytest.fixture
def scene_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A throwaway narration folder with one English scene, ``demo``."""
    root = tmp_path / "narration"
    (root / "en").mkdir(parents=True)
    (root / "en" / "language.toml").write_bytes(
        (language.NARRATION_DIR / "en" / "language.toml").read_bytes())
    monkeypatch.setattr(language, "NARRATION_DIR", root)
    monkeypatch.setattr(narration, "NARRATION_DIR", root)
    language.load.cache_clear()
    narration._screen_table.cache_clear()
    yield root / "en"
    language.load.cache_clear()
    narration._screen_table.cache_clear()


def test_numbers_are_said_with_the_languages_decimal_mark() -> None:
    assert EN.num(4.6) == "4.6"
    assert ES.num(4.6) == "4,6"
    assert ES.num(-0.25) == "menos 0,25"
    assert EN.num(-4.0) == "minus 4"
    assert EN.num(2.5599999999999987) == "2.56"
    assert EN.num(4.5e63) == "about 4.5 times 10 to the 63"
    assert ES.num(-4.5e63) == "menos unos 4,5 por 10 elevado a 63"
    assert ES.screen(-1.5, 2) == "−1,50"


def test_counts_ordinals_lists_and_signs() -> None:
    assert EN.count(5) == "five"
    assert ES.count(3) == "tres"
    assert EN.count(40) == "40"
    assert ES.ordinal(2) == "segundo"
    assert EN.ordinal(14) == "number 14"
    assert EN.listing(["a", "b", "c"]) == "a, b and c"
    assert ES.listing(["a", "b"], "or") == "a o b"
    # A decimal comma inside the items: semicolons keep the numbers apart.
    assert ES.listing(["0,1", "0,3", "0,9"]) == "0,1; 0,3 y 0,9"
    assert ES.sign(-2) == "negativa"
    assert EN.sign(0) == "zero"


def test_formulas_are_read_in_each_language() -> None:
    assert EN.formula("(w - 3)**2") == "w minus 3, squared"
    assert ES.formula("(w - 3)**2") == "w menos 3, al cuadrado"
    assert ES.formula("x**4 + 0.5*x") == "x elevado a la cuarta más 0,5 x"
    assert EN.formula("1.25*(w - 2.2)**2") == "1.25 times the quantity w minus 2.2, squared"
    assert ES.formula("exp(x)") == "e elevado a x"
    assert EN.formula("sin(2*x)") == "sine of 2 x"
    # A number before a function is said with "times": "2 por el coseno", not "2 el coseno".
    assert ES.formula("2*cos(2*x)") == "2 por el coseno de 2 x"
    assert EN.formula("3*x**2") == "3 x squared"


def test_a_template_fills_values_through_filters_and_records_spoken_numbers(
        scene_words: Path) -> None:
    (scene_words / "demo.md").write_text(
        "# Demo\n\n## one\nThe slope is {{ slope | num }}. "
        "{% if slope > 0 %}It climbs.{% else %}It falls.{% endif %}\n"
        "## two\n{{ runs | map(attribute='eta') | map('num') | join_and }} ran "
        "{{ steps | plural('step') }}.\n", encoding="utf-8")
    words = Words("demo", "en", {"slope": -4.0, "steps": 6,
                                 "runs": [{"eta": 0.1}, {"eta": 0.3}]})
    beats = words.script()
    assert [b.name for b in beats] == ["one", "two"]
    assert beats[0].text == "The slope is minus 4. It falls."
    assert beats[1].text == "0.1 and 0.3 ran 6 steps."
    assert [value for _, value in words.spoken] == [-4.0, 0.1, 0.3, 6.0]


def test_a_missing_value_is_an_error_naming_the_file(scene_words: Path) -> None:
    (scene_words / "demo.md").write_text("## one\nThe slope is {{ slop }}.\n", encoding="utf-8")
    with pytest.raises(NarrationError, match=r"narration/en/demo.md: 'slop' is undefined"):
        Words("demo", "en", {"slope": 1.0}).script()


def test_a_syntax_error_names_the_line(scene_words: Path) -> None:
    (scene_words / "demo.md").write_text("## one\nFine.\n\n## two\n{% if x %}no end\n",
                                         encoding="utf-8")
    with pytest.raises(NarrationError, match=r"demo.md line 5"):
        Words("demo", "en", {"x": 1}).script()


@pytest.mark.parametrize("source", [
    "{{ ''.__class__.__mro__ }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ runs.append(3) }}",
    "{{ values.clear() }}",
])
def test_a_template_cannot_run_code_or_change_the_numbers(scene_words: Path,
                                                          source: str) -> None:
    (scene_words / "demo.md").write_text(f"## one\n{source}\n", encoding="utf-8")
    runs = [1, 2]
    values = {"a": 1}
    with pytest.raises(NarrationError):
        Words("demo", "en", {"runs": runs, "values": values}).script()
    assert runs == [1, 2]
    assert values == {"a": 1}


def test_screen_words_come_from_the_toml_file(scene_words: Path) -> None:
    (scene_words / "demo.toml").write_text(
        'title = "Demo"\nverdict = "slope {{ slope | fmt(1) }}: {{ slope | sign }}"\n'
        'labels = ["a {{ n }}", "b"]\n', encoding="utf-8")
    shown: list[float] = []

    def record(value: float) -> float:
        shown.append(value)
        return value

    words = Words("demo", "en", {"slope": -2.0, "n": 3}, on_screen=record)
    assert words("title") == "Demo"
    assert words("verdict") == "slope −2.0: negative"
    assert words.items("labels") == ["a 3", "b"]
    assert shown == [-2.0]
    with pytest.raises(NarrationError, match="has no 'missing'"):
        words("missing")


def test_a_language_that_is_not_there_is_a_clear_error() -> None:
    with pytest.raises(LanguageError, match=r"no narration/xx/language.toml \(have: en, es"):
        language.load("xx")
    with pytest.raises(LanguageError, match="two or three letters"):
        language.load("../etc")


def test_every_language_says_every_number_word_the_course_needs() -> None:
    for code in language.available():
        lang = language.load(code)
        for path in (("lists", "and"), ("lists", "or"), ("signs", "positive"),
                     ("signs", "negative"), ("signs", "zero"), ("numbers", "negative"),
                     ("numbers", "large"), ("formula", "plus"), ("formula", "squared"),
                     ("screen", "predict_hint"), ("screen", "course")):
            assert lang.word(*path), (code, path)
        assert len(lang.words("numbers", "small")) >= 11
        assert lang.decimal in (".", ",")
