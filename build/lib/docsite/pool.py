"""`fork_map`: a function over many items on every core, in forked processes that share state."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_FUNCTION: Callable[[Any], Any] | None = None


def _call(item: Any) -> Any:
    assert _FUNCTION is not None
    return _FUNCTION(item)


def fork_map(
    function: Callable[[T], R], items: Sequence[T], jobs: int, *, serial_below: int = 200
) -> list[R]:
    """`[function(item) for item in items]`, split over `jobs` forked processes when it pays.

    The function is inherited by the children, not pickled, so it may be a closure over loaded
    state; items and results are pickled.
    """
    if jobs <= 1 or len(items) < serial_below or os.name != "posix":
        return [function(item) for item in items]
    global _FUNCTION
    _FUNCTION = function
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            chunk = max(1, len(items) // (jobs * 4))
            return pool.map(_call, items, chunksize=chunk)
    finally:
        _FUNCTION = None
