#!/usr/bin/env python3
"""Render the derivatives and gradient-descent course with Manim.

    python render.py list                     the course in order
    python render.py numbers NAME             the numbers a scene animates, as JSON
    python render.py render NAME... | --all   render scenes to video files

On first use this installs what it needs (see bootstrap.py). Results go to stdout,
one per line; progress and logs go to stderr. A mistake in the input exits with
status 2 and one line saying what was wrong.
"""

from __future__ import annotations

if __name__ == "__main__":
    import bootstrap

    bootstrap.ensure()

import json
import os
import sys
import time
import tomllib
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import click

from scenes.core.catalog import COURSE, Entry, lookup
from scenes.core.params import ParamError, parse_value, suggest
from scenes.draw.style import ASPECTS, QUALITIES, load_theme
from scenes.pipeline.job import FORMATS
from scenes.words import narration

OPTION_KEYS = ("quality", "fps", "aspect", "theme", "format", "out", "jobs", "narrate", "voice",
               "takes", "burn_subtitles", "transparent")


class InputError(click.ClickException):
    """A user's mistake: one line on stderr, exit status 2."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(f"error: {self.format_message()}", err=True)


def log(message: str) -> None:
    click.echo(message, err=True)


# --------------------------------------------------------------------------- inputs


def read_config(path: str | None) -> dict[str, Any]:
    """A TOML file: option defaults at the top level, one table of parameters per scene."""
    if path is None:
        return {}
    file = Path(path)
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"--config {path}: no such file") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
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


def scene_params(entry: Entry, config: Mapping[str, Any],
                 sets: Mapping[str, dict[str, Any]]) -> dict[str, Any]:
    given = {**config.get(entry.name, {}), **sets.get(entry.name, {})}
    return entry.resolve(given)


def choose(names: Sequence[str], all_scenes: bool) -> list[Entry]:
    if all_scenes and names:
        raise InputError("give scene names or --all, not both")
    if all_scenes:
        return list(COURSE)
    if not names:
        raise InputError("name at least one scene, or use --all (see 'render.py list')")
    return [lookup(name) for name in names]


def option(ctx: click.Context, name: str, value: Any, config: Mapping[str, Any]) -> Any:
    """An option's value: the command line first, then the config file, then the default."""
    source = ctx.get_parameter_source(name)
    if source is None and ctx.parent is not None:  # forwarded from 'course'
        source = ctx.parent.get_parameter_source(name)
    config_key = "out" if name == "out" else name
    if source is click.core.ParameterSource.DEFAULT and config_key in config:
        return config[config_key]
    return value


# --------------------------------------------------------------------------- commands


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
        except click.Abort:
            log("aborted")
            sys.exit(1)


@click.group(cls=OneLineErrors, context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Render lecture videos on derivatives and gradient descent."""


@cli.command("list")
@click.argument("name", required=False)
def list_command(name: str | None) -> None:
    """List the course in teaching order, or one scene's parameters."""
    try:
        if name is not None:
            entry = lookup(name)
            click.echo(f"{entry.name}: {narration.title(entry.name)} "
                       f"({narration.concept(entry.name)})")
            for p in entry.params:
                default = json.dumps(p.default, ensure_ascii=False)
                click.echo(f"  {p.name:<11} {default:<44} {p.help}; {p.accepts}")
            return
    except ParamError as error:
        raise InputError(str(error)) from None
    for number, entry in enumerate(COURSE, start=1):
        seconds = sum(narration.estimated_durations(entry.scene_class().narration_for()).values())
        click.echo(f"{number:>2}  {entry.name:<20} ~{seconds:>3.0f} s  "
                   f"{narration.title(entry.name)}: {narration.concept(entry.name)}")


@cli.command()
@click.argument("name")
@click.option("--set", "sets", multiple=True, metavar="KEY=VALUE", help="Set a parameter.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="TOML file of parameters.")
def numbers(name: str, sets: tuple[str, ...], config_path: str | None) -> None:
    """Print every number scene NAME animates, as one JSON object."""
    try:
        entry = lookup(name)
        config = read_config(config_path)
        per_scene = split_sets(sets, [entry])
        result = entry.numbers({**config.get(entry.name, {}), **per_scene[entry.name]})
    except ParamError as error:
        raise InputError(str(error)) from None
    click.echo(json.dumps(result, indent=2, ensure_ascii=False, allow_nan=False))


@cli.command()
@click.argument("names", nargs=-1)
@click.option("--all", "all_scenes", is_flag=True, help="Render the whole course in order.")
@click.option("-q", "--quality", type=click.Choice(list(QUALITIES)), default="low",
              show_default=True, help="low 480p15, medium 720p30, high 1080p60, "
              "production 1440p60, 4k 2160p60.")
@click.option("--fps", type=click.IntRange(1, 240), help="Frame rate, overriding the quality's.")
@click.option("--aspect", type=click.Choice(list(ASPECTS)), default="16:9", show_default=True,
              help="Frame shape; the layout reflows.")
@click.option("--theme", "theme_name", default="dark", show_default=True,
              help="dark, light, or a TOML file of colours by meaning.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="mp4", show_default=True,
              help="png saves only the last frame, as a thumbnail.")
@click.option("--transparent", is_flag=True, help="Transparent background (mov, webm, png).")
@click.option("--narrate/--no-narrate", default=True, show_default=True,
              help="Spoken voice-over with .srt and .vtt subtitles.")
@click.option("--voice", default="auto", show_default=True,
              help="piper, espeak, silent, recorded, or a command template with {text} and "
              "{out}; auto picks piper, else espeak.")
@click.option("--takes", type=click.Path(file_okay=False),
              help="Folder of recorded takes for --voice recorded (default: takes/).")
@click.option("--burn-subtitles", is_flag=True, help="Draw the subtitles into the picture.")
@click.option("-o", "--out", type=click.Path(file_okay=False), default="media",
              show_default=True, help="Where finished files go.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=os.cpu_count() or 1,
              show_default="number of cores", help="Scenes rendered at once.")
@click.option("--set", "sets", multiple=True, metavar="KEY=VALUE",
              help="Set a parameter; NAME.KEY=VALUE with several scenes.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="TOML file of parameters and option defaults.")
@click.option("--force", is_flag=True, help="Render even if an up-to-date file exists.")
@click.pass_context
def render(ctx: click.Context, names: tuple[str, ...], all_scenes: bool, quality: str,
           fps: int | None, aspect: str, theme_name: str, fmt: str, transparent: bool,
           narrate: bool, voice: str, takes: str | None, burn_subtitles: bool, out: str,
           jobs: int, sets: tuple[str, ...], config_path: str | None, force: bool) -> None:
    """Render scenes NAME... (or --all) to video files; prints each finished path."""
    from scenes.pipeline.job import Job
    from scenes.words import voice as voices

    try:
        chosen = choose(names, all_scenes)
        config = read_config(config_path)
        values = {k: option(ctx, k, v, config) for k, v in
                  {"quality": quality, "fps": fps, "aspect": aspect, "theme": theme_name,
                   "format": fmt, "out": out, "jobs": jobs, "narrate": narrate,
                   "voice": voice, "takes": takes, "burn_subtitles": burn_subtitles,
                   "transparent": transparent}.items()}
        checked = _check_options(values)
        per_scene = split_sets(sets, chosen)
        theme = load_theme(str(checked["theme"]))
        todo = [Job(e.name, scene_params(e, config, per_scene), checked["quality"],
                    checked["fps"], checked["format"], checked["aspect"], theme,
                    str(checked["out"]), checked["narrate"], checked["voice"],
                    checked["takes"], checked["burn_subtitles"], checked["transparent"])
                for e in chosen]
        if checked["narrate"] and checked["format"] != "png":
            chosen_voice = voices.choose(str(checked["voice"]),
                                         Path(checked["takes"]) if checked["takes"] else None)
            if isinstance(chosen_voice, voices.RecordedVoice):
                for job in todo:
                    missing = missing_takes(job.scene, job.params, chosen_voice)
                    if missing:
                        path, text = missing[0]
                        raise InputError(f"missing recording {path} for: {text} "
                                         f"({len(missing)} missing in {job.scene}; "
                                         f"'render.py script {job.scene} --missing' lists them)")
    except (ParamError, voices.VoiceError) as error:
        raise InputError(str(error)) from None
    failures = run_jobs(todo, int(checked["jobs"]), force)
    if failures:
        raise click.ClickException(f"{failures} of {len(todo)} scenes failed (see above)")
    if ctx.obj == "course":
        from scenes.pipeline.course import join

        try:
            for path in join(todo, Path(str(checked["out"]))):
                click.echo(str(path))
        except RuntimeError as error:
            raise click.ClickException(str(error)) from None


@cli.command()
@click.pass_context
def course(ctx: click.Context, /, **options: Any) -> None:
    """Render the whole course and join it into one file with chapters and subtitles."""
    ctx.obj = "course"
    ctx.forward(render, all_scenes=True, names=())


# ``course`` takes the same options as ``render`` (its scenes are always all of them).
course.params = [p for p in render.params if p.name not in ("names", "all_scenes")]


def missing_takes(scene: str, params: Mapping[str, Any], voice: Any) -> list[tuple[Path, str]]:
    """(path, sentence) for every take the recorded voice lacks for ``scene``."""
    from scenes.words import voice as voices

    missing = []
    for beat in lookup(scene).scene_class().narration_for(params):
        for number, sentence in enumerate(beat.sentences, start=1):
            path = voice.take(scene, beat.name, number)
            if not path.is_file():
                missing.append((path, voices.strip_markers(sentence)[0]))
    return missing


@cli.command()
@click.argument("names", nargs=-1)
@click.option("--all", "all_scenes", is_flag=True, help="Every scene of the course.")
@click.option("--takes", type=click.Path(file_okay=False), default="takes", show_default=True,
              help="Folder the recordings go in.")
@click.option("--missing", is_flag=True, help="Only the takes not yet recorded.")
@click.option("--set", "sets", multiple=True, metavar="KEY=VALUE", help="Set a parameter.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="TOML file of parameters.")
def script(names: tuple[str, ...], all_scenes: bool, takes: str, missing: bool,
           sets: tuple[str, ...], config_path: str | None) -> None:
    """List the sentences to record for --voice recorded: file, tab, sentence."""
    from scenes.words import voice as voices

    try:
        chosen = choose(names, all_scenes)
        config = read_config(config_path)
        per_scene = split_sets(sets, chosen)
    except ParamError as error:
        raise InputError(str(error)) from None
    recorder = voices.RecordedVoice(Path(takes))
    for entry in chosen:
        params = scene_params(entry, config, per_scene)
        if missing:
            rows = missing_takes(entry.name, params, recorder)
        else:
            rows = [(recorder.take(entry.name, beat.name, n), voices.strip_markers(s)[0])
                    for beat in entry.scene_class().narration_for(params)
                    for n, s in enumerate(beat.sentences, start=1)]
        for path, text in rows:
            click.echo(f"{path}\t{text}")


def _check_options(values: dict[str, Any]) -> dict[str, Any]:
    """Options that may have come from a config file are checked like the command line's."""
    choices = {"quality": list(QUALITIES), "aspect": list(ASPECTS), "format": list(FORMATS)}
    for key, allowed in choices.items():
        if values[key] not in allowed:
            raise InputError(f"{key}={values[key]!r}: use one of {', '.join(allowed)}"
                             f"{suggest(str(values[key]), allowed)}")
    for key in ("narrate", "burn_subtitles", "transparent"):
        if not isinstance(values[key], bool):
            raise InputError(f"{key}={values[key]!r}: use true or false")
    if values["takes"] is not None and not isinstance(values["takes"], str):
        raise InputError(f"takes={values['takes']!r}: use a folder name")
    if not isinstance(values["voice"], str):
        raise InputError(f"voice={values['voice']!r}: use piper, espeak, silent or recorded")
    for key, low in (("fps", 1), ("jobs", 1)):
        value = values[key]
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)
                                  or value < low):
            raise InputError(f"{key}={value!r}: use a whole number ≥ {low}")
    if not isinstance(values["theme"], str) or not isinstance(values["out"], str):
        raise InputError("theme and out must be text")
    return values


def run_jobs(todo: Sequence[Any], jobs: int, force: bool) -> int:
    """Render every job, printing each finished path; returns the number that failed."""
    from scenes.pipeline.job import render_or_skip

    failures = 0
    total = len(todo)
    started = time.perf_counter()

    def done(job: Any, paths: list[Path], rendered: bool, seconds: float) -> None:
        what = f"rendered in {seconds:.1f} s" if rendered else "up to date, skipped"
        log(f"[{job.index:02d}] {job.scene}: {what}")
        for path in paths:
            click.echo(str(path))

    if jobs <= 1 or total == 1:
        for number, job in enumerate(todo, start=1):
            log(f"[{number}/{total}] {job.scene}: rendering ({job.quality}, {job.aspect})")
            t0 = time.perf_counter()
            try:
                path, rendered = render_or_skip(job, force)
            except Exception as error:  # noqa: BLE001 - report and go on with the rest
                failures += 1
                log(f"[{job.index:02d}] {job.scene}: FAILED: {error}")
                continue
            done(job, path, rendered, time.perf_counter() - t0)
    else:
        log(f"rendering {total} scenes, {jobs} at a time")
        os.environ["DERIV_PROGRESS"] = "none"
        with ProcessPoolExecutor(max_workers=min(jobs, total),
                                 mp_context=get_context("spawn")) as pool:
            futures = {pool.submit(_timed_render, job, force): job for job in todo}
            for future in as_completed(futures):
                job = futures[future]
                try:
                    path, rendered, seconds = future.result()
                except Exception as error:  # noqa: BLE001 - report and go on
                    failures += 1
                    log(f"[{job.index:02d}] {job.scene}: FAILED: {error}")
                    continue
                done(job, path, rendered, seconds)
    log(f"finished {total - failures} of {total} in {time.perf_counter() - started:.1f} s")
    return failures


def _timed_render(job: Any, force: bool) -> tuple[list[Path], bool, float]:
    from scenes.pipeline.job import render_or_skip

    t0 = time.perf_counter()
    path, rendered = render_or_skip(job, force)
    return path, rendered, time.perf_counter() - t0


def main() -> None:
    try:
        cli(standalone_mode=True)
    except KeyboardInterrupt:
        log("interrupted; no half-written file was left behind")
        sys.exit(130)


if __name__ == "__main__":
    main()
