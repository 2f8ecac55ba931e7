"""render.py as a user runs it: results on stdout, one-line errors with exit status 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from render import cli
from scenes.core.catalog import COURSE

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def assert_refused(result: Result, message: str) -> None:
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0] == f"error: {message}"
    assert "Traceback" not in result.stderr


def test_list_shows_the_course_in_order() -> None:
    result = run("list")
    assert result.exit_code == 0
    names = [line.split()[1] for line in result.stdout.splitlines()]
    assert names == [e.name for e in COURSE]
    assert result.stdout.splitlines()[0].split()[0] == "1"


def test_list_name_shows_parameters_with_defaults() -> None:
    result = run("list", "learning-rates")
    assert result.exit_code == 0
    assert "etas" in result.stdout
    assert "[0.1, 0.3, 0.9, 1.0, 1.05]" in result.stdout
    assert "learning rate" in result.stdout


def test_numbers_prints_one_json_object_with_the_spec_figures() -> None:
    result = run("numbers", "secant-to-tangent")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [round(r["slope"], 9) for r in data["rows"]] == [3, 2.5, 2.1, 2.01, 2.001]
    assert data["derivative"] == 2
    assert data["parameters"]["x0"] == 1


def test_numbers_learning_rates_bounce_and_diverge() -> None:
    data = json.loads(run("numbers", "learning-rates").stdout)
    by_eta = {r["eta"]: r for r in data["runs"]}
    assert by_eta[1.0]["points"][:3] == [10, -10, 10]
    assert set(by_eta[1.0]["losses"]) == {100}
    assert by_eta[1.0]["verdict"] == "bouncing for ever"
    assert by_eta[1.05]["verdict"] == "diverging"


def test_numbers_with_set_and_toml_values() -> None:
    result = run("numbers", "one-step", "--set", "w0=1", "--set", "eta=0.25",
                 "--set", "function=w**2")
    data = json.loads(result.stdout)
    assert data["parameters"] == {"function": "w**2", "w0": 1.0, "eta": 0.25}
    assert data["slope"] == 2
    assert data["w1"] == 0.5


def test_numbers_overflow_is_reported_not_nan() -> None:
    result = run("numbers", "learning-rates", "--set", "function=w**4", "--set", "etas=[5]")
    assert result.exit_code == 0
    run_ = json.loads(result.stdout)["runs"][0]
    assert run_["verdict"] == "diverging"
    assert run_["overflow_step"] >= 1
    assert "NaN" not in result.stdout
    assert "Infinity" not in result.stdout


def test_numbers_from_a_config_file(tmp_path: Path) -> None:
    config = tmp_path / "my.toml"
    config.write_text('[one-step]\nw0 = 4\n')
    data = json.loads(run("numbers", "one-step", "--config", str(config)).stdout)
    assert data["w0"] == 4
    assert data["slope"] == 2


@pytest.mark.parametrize(("args", "message"), [
    (["numbers", "secant"],
     "unknown scene 'secant' (run 'render.py list' to see the course)"),
    (["numbers", "secant-to-tangnet"],
     "unknown scene 'secant-to-tangnet'; did you mean 'secant-to-tangent'? "
     "(run 'render.py list' to see the course)"),
    (["numbers", "one-step", "--set", "etaa=0.1"],
     "one-step has no parameter 'etaa'; did you mean 'eta'? (its parameters: function, w0, eta)"),
    (["numbers", "one-step", "--set", "eta=0"],
     "eta=0: out of range; eta takes a number (> 0, ≤ 10)"),
    (["numbers", "one-step", "--set", "eta=-0.1"],
     "eta=-0.1: out of range; eta takes a number (> 0, ≤ 10)"),
    (["numbers", "one-step", "--set", "eta=nan"],
     "eta=nan: must be finite; eta takes a number (> 0, ≤ 10)"),
    (["numbers", "one-step", "--set", "eta=inf"],
     "eta=inf: must be finite; eta takes a number (> 0, ≤ 10)"),
    (["numbers", "one-step", "--set", "eta=fast"],
     'eta="fast": "fast" is not a number; eta takes a number (> 0, ≤ 10)'),
    (["numbers", "learning-rates", "--set", "etas=[]"],
     "etas=[]: the list is empty; etas takes a list of 1 to 6 numbers (> 0, ≤ 10)"),
    (["numbers", "learning-rates", "--set", "steps=2.5"],
     "steps=2.5: 2.5 is not an integer; steps takes an integer (≥ 1, ≤ 200)"),
    (["numbers", "secant-to-tangent", "--set", "hs=[1, 0]"],
     "hs=[1, 0]: must not be 0; hs takes a list of 1 to 8 numbers (≥ -5, ≤ 5, not 0)"),
    (["numbers", "secant-to-tangent", "--set", "function=__import__('os')"],
     "function: formula \"__import__('os')\": unknown function '__import__'; "
     "use the variable x, numbers, + - * / ** and exp log sin cos tanh sqrt sigmoid"),
    (["numbers", "one-step", "--set", "function=x**2"],
     "function: formula 'x**2': unknown name 'x'; "
     "use the variable w, numbers, + - * / ** and exp log sin cos tanh sqrt sigmoid"),
    (["numbers", "one-step", "--set", "eta"],
     "--set 'eta': expected KEY=VALUE, e.g. --set eta=0.1"),
    (["numbers", "saddle-escape", "--set", "optimisers=[\"gd\", \"adma\"]"],
     'optimisers=["gd", "adma"]: "adma" is not an option; did you mean \'adam\'?; '
     "optimisers takes a list drawn from gd, momentum, adam"),
    (["render"], "name at least one scene, or use --all (see 'render.py list')"),
    (["render", "one-step", "--all"], "give scene names or --all, not both"),
    (["render", "one-step", "--set", "steps=3"],
     "one-step has no parameter 'steps' (its parameters: function, w0, eta)"),
    (["render", "one-step", "--theme", "blue"],
     "--theme 'blue': not a theme; use dark, light or a TOML file"),
])
def test_mistakes_exit_2_with_one_line(args: list[str], message: str) -> None:
    assert_refused(run(*args), message)


def test_config_file_mistakes(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[one-step\n")
    result = run("numbers", "one-step", "--config", str(bad))
    assert result.exit_code == 2
    assert "not valid TOML" in result.stderr
    unknown = tmp_path / "unknown.toml"
    unknown.write_text('qualty = "high"\n')
    assert_refused(run("render", "one-step", "--config", str(unknown)),
                   f"--config {unknown}: unknown key 'qualty'; did you mean 'quality'? "
                   "(options: quality, fps, aspect, theme, format, out, jobs, narrate, voice, "
                   "takes, burn_subtitles, transparent, lang; or a table named after a scene)")
    wrong = tmp_path / "wrong.toml"
    wrong.write_text('quality = "ultra"\n')
    assert_refused(run("render", "one-step", "--config", str(wrong)),
                   "quality='ultra': use one of low, medium, high, production, 4k")
    assert_refused(run("numbers", "one-step", "--config", str(tmp_path / "none.toml")),
                   f"--config {tmp_path / 'none.toml'}: no such file")


def test_set_with_several_scenes_needs_the_scene_name_for_ambiguity() -> None:
    # A plain key applies to every chosen scene that has it; NAME.KEY targets one.
    assert_refused(run("render", "one-step", "learning-rates", "--set", "hs=[1]"),
                   "--set 'hs=[1]': no chosen scene has a parameter 'hs'")
    assert_refused(run("render", "one-step", "--set", "learning-rates.eta=0.1"),
                   "--set 'learning-rates.eta=0.1': scene 'learning-rates' is not being rendered")


def test_click_usage_errors_are_one_line_too() -> None:
    assert_refused(run("render", "one-step", "-q", "ultra"),
                   "Invalid value for '-q' / '--quality': 'ultra' is not one of 'low', "
                   "'medium', 'high', 'production', '4k'. (see 'cli render --help')")
    assert_refused(run("render", "one-step", "--fps", "0"),
                   "Invalid value for '--fps': 0 is not in the range 1<=x<=240. "
                   "(see 'cli render --help')")
    assert_refused(run("paint"), "No such command 'paint'. (see 'cli --help')")


def test_script_runs_as_a_user_would() -> None:
    """The real entry point: a subprocess, results on stdout, nothing else there."""
    env_python = sys.executable
    ok = subprocess.run([env_python, "render.py", "numbers", "one-step"], cwd=ROOT,
                        capture_output=True, text=True, check=False,
                        env={"DERIV_SKIP_BOOTSTRAP": "1", "PATH": "/usr/bin:/bin"})
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["w1"] == pytest.approx(4.6)
    bad = subprocess.run([env_python, "render.py", "numbers", "one-step", "--set", "eta=0"],
                         cwd=ROOT, capture_output=True, text=True, check=False,
                         env={"DERIV_SKIP_BOOTSTRAP": "1", "PATH": "/usr/bin:/bin"})
    assert bad.returncode == 2
    assert bad.stdout == ""
    assert bad.stderr.strip() == "error: eta=0: out of range; eta takes a number (> 0, ≤ 10)"
