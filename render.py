#!/usr/bin/env python3
"""Render the derivatives and gradient-descent course with Manim.

    python render.py list [--lang es]         the course in order
    python render.py numbers NAME             the numbers a scene animates, as JSON
    python render.py render NAME... | --all   render scenes to video files
    python render.py course                   the whole course as one file, with chapters
    python render.py script NAME              the sentences to record for --voice recorded

On first use this installs what it needs (see bootstrap.py). Results go to stdout,
one per line; progress and logs go to stderr. A mistake in the input exits with
status 2 and one line saying what was wrong.

This file only parses and delegates: the shared options and the config file are
scenes/pipeline/options.py, running a batch of renders is scenes/pipeline/batch.py.
"""

from __future__ import annotations

if __name__ == "__main__":
    import bootstrap

    bootstrap.ensure()

import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import click

from scenes.core.catalog import COURSE, Entry, Lesson, lookup
from scenes.core.params import ParamError
from scenes.pipeline.options import (
    InputError,
    OneLineErrors,
    choose,
    given_params,
    lang_option,
    log,
    param_options,
    render_options,
)
from scenes.words import narration
from scenes.words.language import LanguageError
from scenes.words.language import load as load_language


@click.group(cls=OneLineErrors, context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Render lecture videos on derivatives and gradient descent."""


@cli.command("list")
@click.argument("name", required=False)
@lang_option
def list_command(name: str | None, lang: str) -> None:
    """List the course in teaching order, or one scene's parameters."""
    from scenes.pipeline.job import require_words

    language = load_language(lang)
    try:
        if name is not None:
            entry = lookup(name)
            require_words(entry.name, lang)
            click.echo(f"{entry.name}: {narration.title(entry.name, lang)} "
                       f"({narration.concept(entry.name, lang)})")
            for p in entry.params:
                default = json.dumps(p.default, ensure_ascii=False)
                click.echo(f"  {p.name:<11} {default:<44} {p.help}; {p.accepts}")
            return
    except (ParamError, LanguageError) as error:
        raise InputError(str(error)) from None
    for number, entry in enumerate(COURSE, start=1):
        try:
            require_words(entry.name, lang)
        except LanguageError:
            click.echo(f"{number:>2}  {entry.name:<20}    — s  "
                       f"(not yet in {language.name})")
            continue
        try:
            beats = entry.scene_class().narration_for(lang=lang)
        except LanguageError as error:
            raise InputError(str(error)) from None
        seconds = sum(narration.estimated_durations(beats, language.words_per_minute).values())
        click.echo(f"{number:>2}  {entry.name:<20} ~{seconds:>3.0f} s  "
                   f"{narration.title(entry.name, lang)}: {narration.concept(entry.name, lang)}")


@cli.command()
@click.argument("name")
@param_options(help_config="TOML file of parameters.", help_set="Set a parameter.")
def numbers(name: str, sets: tuple[str, ...], config: dict[str, dict[str, Any]]) -> None:
    """Print every number scene NAME animates, as one JSON object."""
    try:
        entry = lookup(name)
        result = entry.numbers(given_params([entry], config, sets)[entry.name])
    except ParamError as error:
        raise InputError(str(error)) from None
    click.echo(json.dumps(result, indent=2, ensure_ascii=False, allow_nan=False))


def prepare(chosen: Sequence[Entry], config: Mapping[str, Mapping[str, Any]],
            sets: Sequence[str], lang: str) -> list[Lesson]:
    """Each chosen scene's lesson, parameters checked and numbers computed once; every
    scene must have its words in ``lang``."""
    from scenes.pipeline.job import require_words

    given = given_params(chosen, config, sets)
    for entry in chosen:
        require_words(entry.name, lang)
    lessons = [entry.prepare(given[entry.name]) for entry in chosen]
    for lesson in lessons:  # a mistake in the words is found before anything renders
        lesson.entry.scene_class().words_for(lesson, lang).check()
    return lessons


@cli.command()
@click.argument("names", nargs=-1)
@click.option("--all", "all_scenes", is_flag=True, help="Render the whole course in order.")
@render_options
def render(names: tuple[str, ...], all_scenes: bool, **options: Any) -> None:
    """Render scenes NAME... (or --all) to video files; prints each finished path."""
    run_render(names, all_scenes, join=False, **options)


@cli.command()
@render_options
def course(**options: Any) -> None:
    """Render the whole course and join it into one file with chapters and subtitles."""
    run_render((), True, join=True, **options)


def run_render(names: Sequence[str], all_scenes: bool, *, join: bool, quality: str,
               fps: int | None, aspect: str, theme_name: str, fmt: str, transparent: bool,
               narrate: bool, voice: str, takes: str | None, burn_subtitles: bool, out: str,
               jobs: int, lang: str, sets: tuple[str, ...], config: dict[str, dict[str, Any]],
               force: bool) -> None:
    """What ``render`` and ``course`` do: check everything, render, maybe join."""
    from scenes.draw.style import load_theme
    from scenes.pipeline import batch
    from scenes.pipeline.job import Job
    from scenes.words import voice as voices

    try:
        chosen = choose(names, all_scenes)
        lessons = prepare(chosen, config, sets, lang)
        theme = load_theme(theme_name)
        todo = [Job(lesson.name, lesson.params, quality, fps, fmt, aspect, theme, out, narrate,
                    voice, takes, burn_subtitles, transparent, lang, lesson)
                for lesson in lessons]
        if narrate and fmt != "png":
            chosen_voice = voices.choose(voice, Path(takes) if takes else None, lang)
            if isinstance(chosen_voice, voices.RecordedVoice):
                for job in todo:
                    missing = missing_takes(job.prepared(), chosen_voice)
                    if missing:
                        path, text = missing[0]
                        raise InputError(f"missing recording {path} for: {text} "
                                         f"({len(missing)} missing in {job.scene}; "
                                         f"'render.py script {job.scene}"
                                         f"{'' if lang == 'en' else ' --lang ' + lang} "
                                         "--missing' lists them)")
    except (ParamError, LanguageError, voices.VoiceError) as error:
        raise InputError(str(error)) from None
    failures = batch.run(todo, jobs, force, report=click.echo, log=log)
    if failures:
        raise click.ClickException(f"{failures} of {len(todo)} scenes failed (see above)")
    if join:
        from scenes.pipeline.course import join as join_clips

        try:
            for path in join_clips(todo, Path(out)):
                click.echo(str(path))
        except RuntimeError as error:
            raise click.ClickException(str(error)) from None


def missing_takes(lesson: Lesson, voice: Any) -> list[tuple[Path, str]]:
    """(path, sentence) for every take the recorded voice lacks for the lesson."""
    return [(path, text) for path, text in takes_for(lesson, voice) if not path.is_file()]


def takes_for(lesson: Lesson, voice: Any) -> list[tuple[Path, str]]:
    """(path, sentence) for every sentence of the lesson, in the voice's language."""
    from scenes.words import voice as voices

    beats = lesson.entry.scene_class().words_for(lesson, voice.lang).script()
    return [(voice.take(lesson.name, beat.name, number), voices.strip_markers(sentence)[0])
            for beat in beats for number, sentence in enumerate(beat.sentences, start=1)]


@cli.command()
@click.argument("names", nargs=-1)
@click.option("--all", "all_scenes", is_flag=True, help="Every scene of the course.")
@click.option("--takes", type=click.Path(file_okay=False), default="takes", show_default=True,
              help="Folder the recordings go in (a language other than English: its "
              "subfolder, e.g. takes/es/).")
@click.option("--missing", is_flag=True, help="Only the takes not yet recorded.")
@lang_option
@param_options(help_config="TOML file of parameters.", help_set="Set a parameter.")
def script(names: tuple[str, ...], all_scenes: bool, takes: str, missing: bool, lang: str,
           sets: tuple[str, ...], config: dict[str, dict[str, Any]]) -> None:
    """List the sentences to record for --voice recorded: file, tab, sentence."""
    from scenes.words import voice as voices

    try:
        lessons = prepare(choose(names, all_scenes), config, sets, lang)
    except (ParamError, LanguageError) as error:
        raise InputError(str(error)) from None
    recorder = voices.RecordedVoice(Path(takes), lang)
    for lesson in lessons:
        rows = missing_takes(lesson, recorder) if missing else takes_for(lesson, recorder)
        for path, text in rows:
            click.echo(f"{path}\t{text}")


def main() -> None:
    try:
        cli(standalone_mode=True)
    except KeyboardInterrupt:
        log("interrupted; no half-written file was left behind")
        sys.exit(130)


if __name__ == "__main__":
    main()
