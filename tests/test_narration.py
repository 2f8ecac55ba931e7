"""Narration: scripts, timing by voice, markers, subtitles, recorded takes and the cache."""

from __future__ import annotations

import json
import math
import wave
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from render import cli
from scenes.core.catalog import COURSE
from scenes.words import narration
from scenes.words import voice as voices
from tests.helpers import dry_run, probe

SCENE = "one-step"  # the shortest clip: render tests stay quick


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cache = tmp_path / "voice-cache"
    monkeypatch.setenv("DERIV_CACHE_DIR", str(cache))
    return cache


# ------------------------------------------------------------------ scripts and timing


def test_scripts_split_into_beats_and_sentences() -> None:
    beats = narration.parse_script("# T\n\n## one\nFirst one. Second [[go]] here!\n\n## two\nA.\n")
    assert [b.name for b in beats] == ["one", "two"]
    assert beats[0].sentences == ("First one.", "Second [[go]] here!")


def test_every_script_has_a_heading_per_beat_and_no_numbers_left_unfilled() -> None:
    for entry in COURSE:
        path = narration.script_path(entry.name)
        if path.is_file():
            beats = entry.scene_class().narration_for()
            assert beats, entry.name
            assert len({b.name for b in beats}) == len(beats), f"{entry.name}: repeated beat"


def test_silent_voice_times_sentences_exactly() -> None:
    beats = narration.parse_script("## a\nOne two three four five. Six seven.\n## b\nEight.\n")
    plan = voices.plan(beats, voices.SilentVoice(words_per_minute=60), "x")
    first, second = plan["a"].sentences
    assert (first.start, first.duration) == (0.0, 5.0)
    assert second.start == 5.0 + narration.SENTENCE_PAUSE
    assert second.duration == 2.0
    assert plan["a"].length == pytest.approx(5 + narration.SENTENCE_PAUSE + 2
                                             + narration.BEAT_PAUSE)
    assert plan["b"].length == pytest.approx(1 + narration.BEAT_PAUSE)


def test_numbers_take_longer_to_say() -> None:
    assert narration.spoken_seconds("w is 4.6", 60) == 4.0


def test_markers_fire_where_they_stand_in_the_sentence() -> None:
    beats = narration.parse_script("## a\nNow watch [[secant]] the secant turn.\n")
    plan = voices.plan(beats, voices.SilentVoice(words_per_minute=60), "x")
    (sentence,) = plan["a"].sentences
    assert sentence.text == "Now watch the secant turn."
    assert plan["a"].markers["secant"] == pytest.approx(
        sentence.duration * len("Now watch ") / len(sentence.text))


def test_cues_are_at_most_two_balanced_lines() -> None:
    text = ("Pick a second point, a distance h to the right, and join the two with a straight "
            "line, a secant, which goes on for a while longer than that.")
    cues = voices.cues_for(text, 10.0, 19.0)
    assert cues[0].start == 10.0
    assert cues[-1].end == 19.0
    for cue in cues:
        lines = cue.text.split("\n")
        assert len(lines) <= 2
        assert all(len(line) <= voices.LINE for line in lines)
    assert " ".join(c.text.replace("\n", " ") for c in cues) == text
    for a, b in zip(cues, cues[1:], strict=False):
        assert a.end == b.start


def test_srt_and_vtt_format() -> None:
    cues = [voices.Cue(0.0, 1.5, "Hello"), voices.Cue(61.25, 3725.5, "two\nlines")]
    assert voices.srt(cues) == ("1\n00:00:00,000 --> 00:00:01,500\nHello\n\n"
                                "2\n00:01:01,250 --> 01:02:05,500\ntwo\nlines\n")
    assert voices.vtt(cues).startswith("WEBVTT\n\n00:00:00.000 --> 00:00:01.500\nHello\n")


def test_command_template_is_never_run_through_a_shell(tmp_path: Path) -> None:
    with pytest.raises(voices.VoiceError, match="needs {text} and {out}"):
        voices.CommandVoice("espeak-ng {text}")
    with pytest.raises(voices.VoiceError, match="no program"):
        voices.CommandVoice("no-such-tts {text} {out}")
    engine = voices.CommandVoice("espeak-ng -w {out} {text}")
    out = tmp_path / "x.wav"
    engine.synthesize("hello; touch /tmp/pwned-by-test", out)
    assert out.is_file()
    assert not Path("/tmp/pwned-by-test").exists()


def test_unknown_voice_is_refused() -> None:
    with pytest.raises(voices.VoiceError, match="use piper, espeak, silent, recorded"):
        voices.choose("robot")


def test_scene_cues_follow_its_beats() -> None:
    scene = dry_run(SCENE)
    assert scene.cues
    starts = {b: s for b, s, _ in scene.beat_log}
    for beat, plan in scene.plans.items():
        first = plan.sentences[0]
        assert any(math.isclose(c.start, starts[beat] + first.start, abs_tol=1e-3)
                   for c in scene.cues)
    assert scene.cues[-1].end <= scene.time


# ------------------------------------------------------------------ renders


def render(tmp_path: Path, *extra: str) -> list[Path]:
    result = CliRunner().invoke(cli, ["render", SCENE, "-q", "low", "-o", str(tmp_path),
                                      *extra])
    assert result.exit_code == 0, result.stderr
    return [Path(line) for line in result.stdout.splitlines()]


def audio_rms(path: Path) -> tuple[float, float]:
    """(root-mean-square level, seconds) of a file's first audio stream."""
    import av

    total, count, seconds = 0.0, 0, 0.0
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        for frame in container.decode(stream):
            samples = frame.to_ndarray().astype(np.float64)
            total += float((samples**2).sum())
            count += samples.size
            seconds += frame.samples / frame.sample_rate
    return math.sqrt(total / max(count, 1)), seconds


@pytest.mark.render
def test_silent_voice_video_lasts_as_the_script_says(tmp_path: Path) -> None:
    video, srt_path, vtt_path = render(tmp_path, "--voice", "silent")
    assert (srt_path.suffix, vtt_path.suffix) == (".srt", ".vtt")
    timeline = json.loads((tmp_path / ".stamps" / f"{video.name}.json").read_text())
    info = probe(video)
    assert info.audio_streams == 0
    planned = dry_run(SCENE).time
    assert info.duration == pytest.approx(planned, abs=2 / 15)
    cues = timeline["cues"]
    assert srt_path.read_text().count(" --> ") == len(cues)
    assert vtt_path.read_text().startswith("WEBVTT")
    assert cues[-1]["end"] <= info.duration


@pytest.mark.render
def test_espeak_voice_is_real_sound_as_long_as_the_video(tmp_path: Path,
                                                         private_cache: Path) -> None:
    video, *_ = render(tmp_path, "--voice", "espeak")
    info = probe(video)
    assert info.audio_streams == 1
    level, seconds = audio_rms(video)
    assert level > 0.01  # speech, not silence
    assert seconds == pytest.approx(info.duration, abs=2 / 15)
    made = sorted(private_cache.glob("espeak-*.wav"))
    assert made
    stamps = {p: p.stat().st_mtime_ns for p in made}

    # Again, from scratch: the audio comes from the cache, and the sound is still there.
    calls = []
    original = voices.EspeakVoice.synthesize

    def counting(self: voices.EspeakVoice, text: str, out: Path) -> None:
        calls.append(text)
        original(self, text, out)

    pytest.MonkeyPatch().setattr(voices.EspeakVoice, "synthesize", counting)
    again, *_ = render(tmp_path, "--voice", "espeak", "--force")
    assert calls == []
    assert {p: p.stat().st_mtime_ns for p in made} == stamps
    assert audio_rms(again)[0] > 0.01


@pytest.mark.render
def test_recorded_takes(tmp_path: Path) -> None:
    takes = tmp_path / "takes"
    listing = CliRunner().invoke(cli, ["script", SCENE, "--takes", str(takes)])
    assert listing.exit_code == 0
    rows = [line.split("\t") for line in listing.stdout.splitlines()]
    assert rows
    assert all(Path(path).parent == takes / SCENE for path, _ in rows)
    # No folder, then a take missing: clear refusals before anything renders.
    no_folder = CliRunner().invoke(cli, ["render", SCENE, "--voice", "recorded", "--takes",
                                         str(takes)])
    assert no_folder.exit_code == 2
    assert f"no folder '{takes}' of takes" in no_folder.stderr
    takes.mkdir()
    refused = CliRunner().invoke(cli, ["render", SCENE, "--voice", "recorded", "--takes",
                                       str(takes), "-o", str(tmp_path / "out")])
    assert refused.exit_code == 2
    assert refused.stderr.startswith(f"error: missing recording {rows[0][0]} for: {rows[0][1]}")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").glob("*.mp4"))
    # Record a tone of known length per sentence.
    for number, (path, _) in enumerate(rows):
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        seconds = 1.0 + 0.1 * number
        t = np.arange(int(22050 * seconds)) / 22050
        tone = (0.3 * np.sin(2 * np.pi * 440 * t) * 32767).astype(np.int16)
        with wave.open(path, "wb") as audio:
            audio.setnchannels(1)
            audio.setsampwidth(2)
            audio.setframerate(22050)
            audio.writeframes(tone.tobytes())
    video, srt_path, _ = render(tmp_path / "out", "--voice", "recorded", "--takes", str(takes))
    timeline = json.loads((tmp_path / "out" / ".stamps" / f"{video.name}.json").read_text())
    assert timeline["voice"] == "recorded"
    assert audio_rms(video)[0] > 0.05
    # Each sentence's cue lasts as long as its take.
    first_beat = timeline["beats"][0]
    first_cues = [c for c in timeline["cues"] if c["start"] < first_beat["end"]]
    assert first_cues[0]["start"] == pytest.approx(first_beat["start"], abs=1e-3)
    assert sum(c["end"] - c["start"] for c in first_cues
               if c["start"] < first_beat["start"] + 1.0) == pytest.approx(1.0, abs=1e-3)


@pytest.mark.render
def test_burned_subtitles_and_no_narration(tmp_path: Path) -> None:
    plain = render(tmp_path / "plain", "--no-narrate")
    assert len(plain) == 1  # no subtitle files without narration
    burned, *_ = render(tmp_path / "burned", "--voice", "silent", "--burn-subtitles")
    timeline = json.loads((tmp_path / "burned" / ".stamps" / f"{burned.name}.json").read_text())
    cue = timeline["cues"][0]
    moment = (cue["start"] + cue["end"]) / 2

    def bottom_band(path: Path) -> np.ndarray:
        import av

        with av.open(str(path)) as container:
            for frame in container.decode(video=0):
                if frame.time is not None and frame.time >= moment:
                    image = frame.to_ndarray(format="rgb24")
                    return image[int(image.shape[0] * 0.85):]
        raise AssertionError("no frame at the cue")

    # White caption text appears in the bottom band only when burned in.
    assert (bottom_band(burned) > 240).all(axis=2).sum() > 200
    assert (bottom_band(plain[0]) > 240).all(axis=2).sum() < 50
