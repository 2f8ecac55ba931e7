"""First-use setup for a fresh Debian machine, using the standard library only.

``render.py`` and ``test.py`` call :func:`ensure` before anything else. It
installs what is missing and skips what is already there:

* Debian packages: Cairo and Pango headers, pkg-config, LaTeX with
  ``standalone`` and ``dvisvgm``, espeak-ng and ffmpeg;
* a virtual environment in ``.venv`` with this project and its dependencies,
  reinstalled only when ``pyproject.toml`` changes;

then re-executes the calling script inside that environment. Progress goes to
stderr; stdout is left to the results of the command that was asked for.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".project-stamp"

# Debian package -> why we need it.
SYSTEM_PACKAGES = {
    "pkg-config": "builds pycairo and manimpango",
    "libcairo2-dev": "Cairo headers for pycairo",
    "libpango1.0-dev": "Pango headers for manimpango",
    "texlive-latex-base": "LaTeX for MathTex",
    "texlive-latex-extra": "the standalone class used by MathTex",
    "texlive-fonts-recommended": "fonts for typeset formulas",
    "dvisvgm": "turns LaTeX output into SVG for Manim",
    "fonts-dejavu-core": "the sans-serif face of on-screen text",
    "espeak-ng": "the offline fallback voice",
    "ffmpeg": "probing and converting finished videos",
}


def _say(message: str) -> None:
    print(f"[setup] {message}", file=sys.stderr, flush=True)


def _in_venv() -> bool:
    return Path(sys.prefix).resolve() == VENV.resolve()


def missing_system_packages() -> list[str]:
    """Debian packages from :data:`SYSTEM_PACKAGES` that are not installed."""
    if shutil.which("dpkg-query") is None:
        return []
    missing = []
    for name in SYSTEM_PACKAGES:
        result = subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", name],
            capture_output=True,
            text=True,
            check=False,
        )
        if "install ok installed" not in result.stdout:
            missing.append(name)
    return missing


def install_system_packages(names: list[str]) -> None:
    """Install Debian packages with apt-get (through sudo when not root)."""
    if shutil.which("apt-get") is None:
        raise SystemExit(
            "setup: apt-get not found; install these packages by hand: " + " ".join(names)
        )
    prefix: list[str] = []
    if os.geteuid() != 0:
        if shutil.which("sudo") is None:
            raise SystemExit(
                "setup: need root or sudo to install: " + " ".join(names)
            )
        prefix = ["sudo"]
    _say("installing Debian packages: " + " ".join(names))
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    out = sys.stderr
    subprocess.run([*prefix, "apt-get", "update", "-qq"], check=True, env=env, stdout=out)
    subprocess.run(
        [*prefix, "apt-get", "install", "-y", "-qq", "--no-install-recommends", *names],
        check=True,
        env=env,
        stdout=out,
    )


def _project_hash() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def ensure_venv() -> Path:
    """Create ``.venv`` and install the project into it if it is out of date."""
    python = VENV / "bin" / "python"
    wanted = _project_hash()
    if python.exists() and STAMP.exists() and STAMP.read_text().strip() == wanted:
        return python
    if not python.exists():
        _say(f"creating the virtual environment in {VENV}")
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    log = VENV / "pip.log"
    _say(f"installing the Python dependencies, a few minutes on first use (log: {log})")
    pip = [str(python), "-m", "pip", "--disable-pip-version-check", "-q"]
    with log.open("w") as out:
        for step in (["install", "--upgrade", "pip"], ["install", "-e", f"{ROOT}[dev]"]):
            result = subprocess.run([*pip, *step], stdout=out, stderr=subprocess.STDOUT,
                                    check=False)
            if result.returncode != 0:
                tail = log.read_text(errors="replace").splitlines()[-15:]
                raise SystemExit("setup: pip failed:\n" + "\n".join(tail))
    STAMP.write_text(wanted + "\n")
    _say("the Python environment is ready")
    return python


def ensure() -> None:
    """Make sure everything is installed, then run the caller inside ``.venv``."""
    if os.environ.get("DERIV_SKIP_BOOTSTRAP") == "1":
        return
    missing = missing_system_packages()
    if missing:
        install_system_packages(missing)
    python = ensure_venv()
    if not _in_venv():
        os.execv(str(python), [str(python), *sys.argv])


if __name__ == "__main__":
    ensure()
    _say("everything is installed")
