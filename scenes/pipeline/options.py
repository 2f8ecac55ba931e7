"""The command line's shared options, each defined once, and the one-line error rule.

``render`` and ``course`` take the same output options (:func:`render_options`);
``--lang`` is on ``list``, ``render``, ``course`` and ``script`` (:func:`lang_option`);
``--set`` and ``--config`` on every command that takes parameters
(:func:`param_options`).

Option defaults from ``--config FILE`` go through click's ``default_map``: the eager
``--config`` callback reads the TOML once, puts its top-level keys in
``ctx.default_map`` and gives the command the rest (one table of parameters per
scene). A value that came from the file is checked like one from the command line,
and a mistake names the file's key (``quality='ultra': use one of ...``).
"""

from __future__ import annotations

import os
import sys
import tomllib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click
from click.core import ParameterSource

from scenes.core.catalog import COURSE, Entry, lookup
from scenes.core.params import ParamError, parse_value, suggest
from scenes.draw.style import ASPECTS, QUALITIES
from scenes.pipeline.job import FORMATS
from scenes.words.language import DEFAULT as DEFAULT_LANGUAGE
from scenes.words.language import LanguageError, available
from scenes.words.language import load as load_language

F = TypeVar("F", bound=Callable[..., Any])

# The option defaults a config file may set, by the file's key; and the parameter each
# goes to where the two differ.
OPTION_KEYS = ("quality", "fps", "aspect", "theme", "format", "out", "jobs", "narrate", "voice",
               "takes", "burn_subtitles", "transparent", "lang")
PARAMETER_NAMES = {"theme": "theme_name", "format": "fmt"}
CONFIG_KEYS = {PARAMETER_NAMES.get(key, key): key for key in OPTION_KEYS}


class InputError(click.ClickException):
    """A user's mistake: one line on stderr, exit status 2."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(f"error: {self.format_message()}", err=True)


def log(message: str) -> None:
    click.echo(message, err=True)


class OneLineErrors(click.Group):
    """A click group whose usage errors are one line on stderr, exit status 2."""

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             **extra: Any) -> Any:
        try:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as error:
            hint = f" (see '{error.ctx.command_path} --help')" if error.ctx else ""
            click.echo(f"error: {error.format_message()}{hint}", err=True)
            sys.exit(2)
        except click.ClickException as error:
            error.show()
            sys.exit(error.exit_code)
        except click.Abort as error:
            stop = error.__cause__
            if isinstance(stop, KeyboardInterrupt):
                signum = int(getattr(stop, "signum", 2))
                log("interrupted; no half-written file was left behind")
                sys.exit(128 + signum)
            log("aborted")
            sys.exit(1)


# --------------------------------------------------------------------------- config file


def read_config(path: str) -> dict[str, Any]:
    """A TOML file: option defaults at the top level, one table of parameters per scene."""
    file = Path(path)
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"--config {path}: no such file") from None
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise InputError(f"--config {path}: not valid TOML ({error})") from None
    names = [e.name for e in COURSE]
    for key, value in data.items():
        if key in names:
            if not isinstance(value, dict):
                raise InputError(f"--config {path}: [{key}] must be a table of parameters")
        elif key not in OPTION_KEYS:
            raise InputError(f"--config {path}: unknown key {key!r}"
                             f"{suggest(key, [*OPTION_KEYS, *names])} "
                             f"(options: {', '.join(OPTION_KEYS)}; or a table named after a scene)")
    return data


def _load_config(ctx: click.Context, param: click.Parameter,
                 value: str | None) -> dict[str, dict[str, Any]]:
    """Eager ``--config``: option defaults into ``ctx.default_map``; returns the scene tables."""
    if value is None or ctx.resilient_parsing:
        return {}
    data = read_config(value)
    defaults = {PARAMETER_NAMES.get(k, k): v for k, v in data.items() if k in OPTION_KEYS}
    ctx.default_map = {**(ctx.default_map or {}), **defaults}
    return {k: v for k, v in data.items() if k not in OPTION_KEYS}


class ConfigOption(click.Option):
    """An option whose default may come from ``--config``: such a value is checked first."""

    def __init__(self, *args: Any, check: Callable[[str, Any], None] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.check = check

    def process_value(self, ctx: click.Context, value: Any) -> Any:
        source = ctx.get_parameter_source(self.name or "")
        if self.check is not None and self.name and source is ParameterSource.DEFAULT_MAP:
            self.check(CONFIG_KEYS.get(self.name, self.name), value)
        return super().process_value(ctx, value)


def _one_of(allowed: Sequence[str]) -> Callable[[str, Any], None]:
    def check(key: str, value: Any) -> None:
        if value not in allowed:
            raise InputError(f"{key}={value!r}: use one of {', '.join(allowed)}"
                             f"{suggest(str(value), list(allowed))}")
    return check


def _true_or_false(key: str, value: Any) -> None:
    if not isinstance(value, bool):
        raise InputError(f"{key}={value!r}: use true or false")


def _whole_number(low: int, high: int) -> Callable[[str, Any], None]:
    def check(key: str, value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise InputError(f"{key}={value!r}: use a whole number ≥ {low}")
        if value > high:
            raise InputError(f"{key}={value!r}: use a whole number ≤ {high}")
    return check


def _text(what: str) -> Callable[[str, Any], None]:
    def check(key: str, value: Any) -> None:
        if not isinstance(value, str):
            raise InputError(f"{key}={value!r}: use {what}")
    return check


def _language(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """``--lang``: a folder ``narration/<code>/`` with a ``language.toml``."""
    try:
        return load_language(value).code
    except LanguageError as error:
        raise InputError(str(error)) from None


# --------------------------------------------------------------------------- decorators


def _apply(decorators: Sequence[Callable[[F], F]]) -> Callable[[F], F]:
    def wrap(function: F) -> F:
        for decorator in reversed(decorators):
            function = decorator(function)
        return function
    return wrap


def _option(*names: str, **kwargs: Any) -> Callable[[F], F]:
    return click.option(*names, cls=ConfigOption, **kwargs)


def lang_option(function: F) -> F:
    """``--lang CODE``: the language of the words and the voice."""
    return _option("--lang", default=DEFAULT_LANGUAGE, show_default=True, callback=_language,
                   check=_text(f"a language code ({', '.join(available())})"),
                   help="Language of the narration, subtitles and on-screen words "
                   "(a folder of narration/).")(function)


def param_options(help_config: str = "TOML file of parameters and option defaults.",
                  help_set: str = "Set a parameter; NAME.KEY=VALUE with several scenes.",
                  ) -> Callable[[F], F]:
    """``--set KEY=VALUE`` and ``--config FILE`` (eager: its defaults reach every option)."""
    return _apply([
        click.option("--set", "sets", multiple=True, metavar="KEY=VALUE", help=help_set),
        click.option("--config", "config", type=click.Path(dir_okay=False), is_eager=True,
                     expose_value=True, callback=_load_config, help=help_config),
    ])


def render_options(function: F) -> F:
    """Every option of ``render`` and ``course``: how the files look, where they go."""
    return _apply([
        _option("-q", "--quality", type=click.Choice(list(QUALITIES)), default="low",
                show_default=True, check=_one_of(list(QUALITIES)),
                help="low 480p15, medium 720p30, high 1080p60, production 1440p60, "
                "4k 2160p60."),
        _option("--fps", type=click.IntRange(1, 240), check=_whole_number(1, 240),
                help="Frame rate, overriding the quality's."),
        _option("--aspect", type=click.Choice(list(ASPECTS)), default="16:9",
                show_default=True, check=_one_of(list(ASPECTS)),
                help="Frame shape; the layout reflows."),
        _option("--theme", "theme_name", default="dark", show_default=True,
                check=_text("dark, light or a TOML file"),
                help="dark, light, or a TOML file of colours by meaning."),
        _option("--format", "fmt", type=click.Choice(FORMATS), default="mp4",
                show_default=True, check=_one_of(FORMATS),
                help="png saves only the last frame, as a thumbnail."),
        _option("--transparent", is_flag=True, check=_true_or_false,
                help="Transparent background (mov, webm, png)."),
        _option("--narrate/--no-narrate", default=True, show_default=True,
                check=_true_or_false, help="Spoken voice-over with .srt and .vtt subtitles."),
        _option("--voice", default="auto", show_default=True,
                check=_text("piper, espeak, silent or recorded"),
                help="piper, espeak, silent, recorded, or a command template with {text}, "
                "{out} and {lang}; auto picks piper if the language has an installed model, "
                "else espeak with the language's voice."),
        _option("--takes", type=click.Path(file_okay=False), check=_text("a folder name"),
                help="Folder of recorded takes for --voice recorded (default: takes/; "
                "takes/<lang>/ for a language other than English)."),
        _option("--burn-subtitles", is_flag=True, check=_true_or_false,
                help="Draw the subtitles into the picture."),
        _option("-o", "--out", type=click.Path(file_okay=False), default="media",
                show_default=True, check=_text("a folder name"),
                help="Where finished files go."),
        _option("-j", "--jobs", type=click.IntRange(1, 64), default=os.cpu_count() or 1,
                show_default="number of cores", check=_whole_number(1, 64),
                help="Scenes rendered at once."),
        lang_option,
        param_options(),
        click.option("--force", is_flag=True, help="Render even if an up-to-date file exists."),
    ])(function)


# --------------------------------------------------------------------------- scenes


def choose(names: Sequence[str], all_scenes: bool) -> list[Entry]:
    """The scenes named on the command line, or all of them."""
    if all_scenes and names:
        raise InputError("give scene names or --all, not both")
    if all_scenes:
        return list(COURSE)
    if not names:
        raise InputError("name at least one scene, or use --all (see 'render.py list')")
    return [lookup(name) for name in names]


def split_sets(sets: Sequence[str], chosen: Sequence[Entry]) -> dict[str, dict[str, Any]]:
    """``--set KEY=VALUE`` (or ``NAME.KEY=VALUE``) as parameters per scene."""
    per_scene: dict[str, dict[str, Any]] = {e.name: {} for e in chosen}
    for item in sets:
        key, sep, raw = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise InputError(f"--set {item!r}: expected KEY=VALUE, e.g. --set eta=0.1")
        value = parse_value(raw.strip())
        scene, dot, name = key.rpartition(".")
        if dot and scene:
            target = lookup(scene)
            if target.name not in per_scene:
                raise InputError(f"--set {item!r}: scene {scene!r} is not being rendered")
            per_scene[target.name][name] = value
            continue
        owners = [e for e in chosen if any(p.name == key for p in e.params)]
        if not owners:
            if len(chosen) == 1:
                chosen[0].resolve({key: value})  # raises the scene's own message
            known = sorted({p.name for e in chosen for p in e.params})
            raise InputError(f"--set {item!r}: no chosen scene has a parameter {key!r}"
                             f"{suggest(key, known)}")
        for entry in owners:
            per_scene[entry.name][key] = value
    return per_scene


def given_params(chosen: Sequence[Entry], config: Mapping[str, Mapping[str, Any]],
                 sets: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Each chosen scene's parameters as given: its config table, then ``--set``."""
    per_scene = split_sets(sets, chosen)
    return {e.name: {**config.get(e.name, {}), **per_scene[e.name]} for e in chosen}


__all__ = ["InputError", "OneLineErrors", "ParamError", "choose", "given_params",
           "lang_option", "log", "param_options", "render_options", "split_sets"]
