#!/usr/bin/env python3
"""Measure how long each scene takes to render, against how long its video runs.

    python benchmarks/bench.py                      every scene at low quality
    python benchmarks/bench.py -q high secant-to-tangent learning-rates

Scenes render one after another in this process, each into a scratch folder, so the
figures are comparable. Prints one row per scene: render seconds, video seconds and
their ratio (render time over video time; under 1 is faster than real time).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bootstrap  # noqa: E402

if __name__ == "__main__":
    bootstrap.ensure()

from scenes.core.catalog import COURSE  # noqa: E402
from scenes.draw.style import QUALITIES  # noqa: E402


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="scenes to measure (default: all)")
    parser.add_argument("-q", "--quality", choices=list(QUALITIES), default="low")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)

    from scenes.pipeline.job import Job, render

    names = args.names or [e.name for e in COURSE]
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        for name in names:
            job = Job(name, {}, quality=args.quality, out_dir=scratch)
            print(f"[bench] {name} at {args.quality}…", file=sys.stderr, flush=True)
            started = time.perf_counter()
            render(job)
            seconds = time.perf_counter() - started
            video = float(job.timeline()["duration"])
            rows.append({"scene": name, "quality": args.quality, "render_s": round(seconds, 2),
                         "video_s": round(video, 2), "ratio": round(seconds / video, 2)})
    if args.json:
        print(json.dumps(rows, indent=1))
    else:
        print(f"{'scene':<20} {'render s':>9} {'video s':>8} {'ratio':>6}")
        for row in rows:
            print(f"{row['scene']:<20} {row['render_s']:>9.1f} {row['video_s']:>8.1f} "
                  f"{row['ratio']:>6.2f}")
        total_r = sum(float(r["render_s"]) for r in rows)
        total_v = sum(float(r["video_s"]) for r in rows)
        print(f"{'all':<20} {total_r:>9.1f} {total_v:>8.1f} {total_r / total_v:>6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
