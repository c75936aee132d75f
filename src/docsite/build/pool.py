"""The fork pool: a function over many items on every core, in forked processes sharing state."""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

SERIAL_BELOW = 200  # forking costs more than it saves on small sites

_FUNCTION: Callable[[Any], Any] | None = None


def quiet() -> None:
    """A forked worker ignores Ctrl-C: the parent gets it too, and ends its workers itself."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _call(item: Any) -> Any:
    assert _FUNCTION is not None
    return _FUNCTION(item)


def forked(
    function: Callable[[T], R],
    items: Sequence[T],
    jobs: int,
    *,
    ordered: bool = True,
    chunk: int = 1,
) -> Iterator[R]:
    """`function(item)` for each item, on `jobs` forked processes (or here, when `jobs` is 1).

    The function is inherited by the children, not pickled, so it may be a closure over loaded
    state; items and results are pickled. Unordered results come as soon as each is done.
    """
    if jobs <= 1 or os.name != "posix":
        yield from map(function, items)
        return
    global _FUNCTION
    _FUNCTION = function
    try:
        with multiprocessing.get_context("fork").Pool(jobs, initializer=quiet) as pool:
            if ordered:
                yield from pool.map(_call, items, chunksize=chunk)
            else:
                yield from pool.imap_unordered(_call, items)
    finally:
        _FUNCTION = None


def fork_map(function: Callable[[T], R], items: Sequence[T], jobs: int) -> list[R]:
    """`[function(item) for item in items]`, in order, split over forked processes when it pays."""
    if len(items) < SERIAL_BELOW:
        jobs = 1
    return list(forked(function, items, jobs, chunk=max(1, len(items) // (jobs * 4))))
