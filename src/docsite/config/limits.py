"""Bounds on one page's work: python-liquid's resource limits and a wall-clock limit."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterator
from types import FrameType

# The slowest real page renders in well under a second; DOCSITE_PAGE_SECONDS overrides.
PAGE_SECONDS = float(os.environ.get("DOCSITE_PAGE_SECONDS", "30"))
LOOP_ITERATIONS = 1_000_000  # per template render, summed over every loop
NAMESPACE_BYTES = 64 * 1024 * 1024  # `assign` and `capture` values of one render
OUTPUT_BYTES = 64 * 1024 * 1024  # one render's output
REUSABLE_DEPTH = 50  # reusables inside reusables (the corpus nests three deep)


class PageTimeout(Exception):
    """Rendering one page took longer than PAGE_SECONDS."""


def _expired(signum: int, frame: FrameType | None) -> None:
    raise PageTimeout


@contextlib.contextmanager
def wall_clock(seconds: float = PAGE_SECONDS) -> Iterator[None]:
    """Raise PageTimeout in the block after `seconds` (main thread only, where signals go)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
