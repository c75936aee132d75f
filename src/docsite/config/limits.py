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
    """Rendering one page took longer than PAGE_SECONDS; `where` is what it was rendering."""

    def __init__(self, where: tuple[str, object] | None = None) -> None:
        super().__init__()
        self.where = where  # (file, Liquid token) of the innermost tag, when one was found


def _expired(signum: int, frame: FrameType | None) -> None:
    raise PageTimeout(rendering(frame))


def rendering(frame: FrameType | None) -> tuple[str, object] | None:
    """The innermost Liquid tag the interrupted render was in, and the file it came from.

    The file is the reusable a `{% data %}` tag was rendering (its local `value`), if any.
    """
    token, path = None, ""
    while frame is not None and not path:
        owner = frame.f_locals.get("self")
        block = type(owner).__name__ == "BlockNode"  # a tag's body: its token is not the tag
        if token is None and hasattr(owner, "render_to_output") and not block:
            token = getattr(owner, "token", None)
        value = frame.f_locals.get("value")
        if token is not None and hasattr(owner, "key") and hasattr(value, "path"):
            path = str(getattr(value, "path", ""))
        frame = frame.f_back
    return (path, token) if token is not None else None


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
