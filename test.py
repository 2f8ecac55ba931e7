#!/usr/bin/env python3
"""Run every check: ruff, mypy (strict) and the whole pytest suite, render tests included.

    python test.py                 everything (what CI runs)
    python test.py --fast          the fast tier: core, words, command line (under a minute)
    python test.py --scenes        the fast tier and the scene dry runs, no video rendered
    python test.py -k one_step     extra arguments go to pytest

On first use it installs what it needs, like render.py (see bootstrap.py).
"""

from __future__ import annotations

import subprocess
import sys

import bootstrap

TIERS = {"--fast": ["-m", "not scene and not render"], "--scenes": ["-m", "not render"]}


def main(argv: list[str]) -> int:
    bootstrap.ensure()
    python = sys.executable
    argv = [arg for a in argv for arg in TIERS.get(a, [a])]
    steps = [
        ("ruff", [python, "-m", "ruff", "check", "."]),
        ("mypy", [python, "-m", "mypy"]),
        ("pytest", [python, "-m", "pytest", *argv]),
    ]
    for name, command in steps:
        print(f"[test] {name}", file=sys.stderr, flush=True)
        code = subprocess.run(command, cwd=bootstrap.ROOT, check=False).returncode
        if code != 0:
            print(f"[test] {name} failed (exit {code})", file=sys.stderr)
            return code
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
