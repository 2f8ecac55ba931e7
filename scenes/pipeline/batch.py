"""Run a batch of render jobs: one after another, or several at once in worker processes.

Up-to-date jobs are skipped (see :meth:`Job.up_to_date`). Each finished file is
reported through ``report`` (the driver prints it on stdout) as soon as its job is
done; progress lines go through ``log`` (stderr). A job that fails is logged and the
others go on.

Stopping: Ctrl-C or SIGTERM stops the batch. Only this process decides; workers ignore
Ctrl-C and are sent SIGTERM, which interrupts a render in progress so that its private
working folder is removed (a finished file is complete or absent). The interruption
then reaches the caller as :class:`Stopped` (a ``KeyboardInterrupt``).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from multiprocessing import get_context
from pathlib import Path
from types import FrameType
from typing import NoReturn

from scenes.pipeline.job import Job, render_or_skip

Report = Callable[[str], None]


class Stopped(KeyboardInterrupt):
    """The batch was stopped by a signal; ``signum`` says which."""

    def __init__(self, signum: int = signal.SIGINT) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _raise_stopped(signum: int, frame: FrameType | None) -> None:
    raise Stopped(signum)


@contextlib.contextmanager
def _signals_stop() -> Iterator[None]:
    """While the batch runs, SIGTERM stops it the way Ctrl-C does (cleanly)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_stopped)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


# ---------------------------------------------------------------- in a worker process

_busy = False


def _leave(status: int) -> NoReturn:
    """End this worker now, not through the pool's queue (another worker may hold its lock).

    The exit hooks run first, so locks the render made (tqdm's) are released properly."""
    atexit._run_exitfuncs()
    os._exit(status)


def _worker_stop(signum: int, frame: FrameType | None) -> None:
    if _busy:
        raise Stopped(signum)  # unwinds the render, which removes its working folder
    _leave(128 + signum)  # idle: nothing to clean up


def _worker_setup() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the driver decides about Ctrl-C
    signal.signal(signal.SIGTERM, _worker_stop)


def _timed_render(job: Job, force: bool) -> tuple[list[Path], bool, float]:
    global _busy
    _busy = True
    try:
        t0 = time.perf_counter()
        paths, rendered = render_or_skip(job, force)
        return paths, rendered, time.perf_counter() - t0
    except Stopped as stop:
        # The render's own clean-up has run; leave now rather than wait for more work.
        _leave(128 + stop.signum)
    finally:
        _busy = False


# ---------------------------------------------------------------- the driver's side


def run(todo: Sequence[Job], jobs: int, force: bool, report: Report, log: Report) -> int:
    """Render every job (``jobs`` at a time); returns the number that failed."""
    total = len(todo)
    started = time.perf_counter()

    def done(job: Job, paths: list[Path], rendered: bool, seconds: float) -> None:
        what = f"rendered in {seconds:.1f} s" if rendered else "up to date, skipped"
        log(f"[{job.index:02d}] {job.scene}: {what}")
        for path in paths:
            report(str(path))

    def failed(job: Job, error: BaseException) -> None:
        log(f"[{job.index:02d}] {job.scene}: FAILED: {error}")

    with _signals_stop():
        if jobs <= 1 or total == 1:
            failures = _one_by_one(todo, force, done, failed, log)
        else:
            failures = _in_parallel(todo, jobs, force, done, failed, log)
    log(f"finished {total - failures} of {total} in {time.perf_counter() - started:.1f} s")
    return failures


Done = Callable[[Job, list[Path], bool, float], None]
Failed = Callable[[Job, BaseException], None]


def _one_by_one(todo: Sequence[Job], force: bool, done: Done, failed: Failed,
                log: Report) -> int:
    failures = 0
    for number, job in enumerate(todo, start=1):
        log(f"[{number}/{len(todo)}] {job.scene}: rendering ({job.quality}, {job.aspect})")
        t0 = time.perf_counter()
        try:
            paths, rendered = render_or_skip(job, force)
        except Exception as error:  # noqa: BLE001 - report and go on with the rest
            failures += 1
            failed(job, error)
            continue
        done(job, paths, rendered, time.perf_counter() - t0)
    return failures


def _in_parallel(todo: Sequence[Job], jobs: int, force: bool, done: Done, failed: Failed,
                 log: Report) -> int:
    log(f"rendering {len(todo)} scenes, {jobs} at a time")
    os.environ["DERIV_PROGRESS"] = "none"  # workers' bars would interleave
    failures = 0
    pool = ProcessPoolExecutor(max_workers=min(jobs, len(todo)),
                               mp_context=get_context("spawn"), initializer=_worker_setup)
    futures: dict[Future[tuple[list[Path], bool, float]], Job] = {}
    try:
        futures = {pool.submit(_timed_render, job, force): job for job in todo}
        for future in as_completed(futures):
            job = futures[future]
            try:
                paths, rendered, seconds = future.result()
            except Exception as error:  # noqa: BLE001 - report and go on
                failures += 1
                failed(job, error)
                continue
            done(job, paths, rendered, seconds)
    except BaseException:
        _stop(pool, futures)
        raise
    pool.shutdown(wait=True)
    return failures


def _stop(pool: ProcessPoolExecutor, futures: dict[Future[tuple[list[Path], bool, float]], Job],
          ) -> None:
    """Cancel what has not started, stop every worker (a render in progress removes its
    working folder first) and wait until they are gone."""
    for future in futures:
        future.cancel()
    # The executor keeps its workers private; SIGTERM lets each clean up and exit.
    workers = list(getattr(pool, "_processes", {}).values())
    for process in workers:
        if process.is_alive():
            process.terminate()
    for process in workers:
        process.join(timeout=30)
        if process.is_alive():  # stuck: it cannot be waited for
            process.kill()
            process.join()
    pool.shutdown(wait=True, cancel_futures=True)
