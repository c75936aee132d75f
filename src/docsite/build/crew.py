"""A crew of forked workers kept between rounds of work, each round's items routed by affinity.

`pool.forked` forks a pool for one map, and its workers' caches go with it. A build has two
rounds: every changed page, then (`--keep-going`) the pages laid out again without the ones
that failed. The second round's pages were rendered by the first round's workers, whose caches
still hold that work (the page's Liquid outcomes, its Markdown, the snippets and titles it
read). A crew keeps its workers for both rounds, and sends an item of a later round back to the
worker the caller names; a worker with nothing of its own left takes another's, the longest
queue first, so that no core waits while another has work.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from types import TracebackType
from typing import Generic, TypeVar

from docsite.build.pool import quiet

T = TypeVar("T")
R = TypeVar("R")

DEPTH = 2  # items sent ahead to each worker, so that none waits for the parent between two


def _serve(function: Callable[[T], R], tasks: Connection, results: Connection) -> None:
    """A worker's loop: each item's result, or the exception it raised, until told to stop."""
    quiet()
    while True:
        try:
            item = tasks.recv()
        except EOFError:  # the parent is gone
            return
        if item is None:
            return
        try:
            results.send((True, function(item)))
        except BaseException as err:  # raised again in the parent, as a pool does
            try:
                results.send((False, err))
            except Exception:  # not picklable: its text is
                results.send((False, RuntimeError(f"{type(err).__name__}: {err}")))


def ended() -> RuntimeError:
    """The error of a worker process that is gone (killed, or out of memory)."""
    return RuntimeError("a worker process ended before its work was done")


class Crew(Generic[T, R]):
    """`function` over items on `jobs` forked processes, kept until the crew is closed.

    The function is inherited by the workers, not pickled: it may be a closure over loaded
    state. With one job, or where there is no fork, items are done here, in order.
    """

    def __init__(self, function: Callable[[T], R], jobs: int) -> None:
        self.function = function
        self.jobs = jobs if os.name == "posix" else 1
        self.processes: list[BaseProcess] = []
        self.tasks: list[Connection] = []
        self.results: list[Connection] = []

    def __enter__(self) -> Crew[T, R]:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close(at_once=kind is not None)

    def start(self) -> None:
        """Fork the workers (once): they inherit the parent's state as it is now."""
        if self.processes or self.jobs <= 1:
            return
        context = multiprocessing.get_context("fork")
        for _ in range(self.jobs):
            task_out, task_in = context.Pipe(duplex=False)
            result_out, result_in = context.Pipe(duplex=False)
            process = context.Process(
                target=_serve, args=(self.function, task_out, result_in), daemon=True
            )
            process.start()
            task_out.close()
            result_in.close()
            self.processes.append(process)
            self.tasks.append(task_in)
            self.results.append(result_out)

    def close(self, *, at_once: bool = False) -> None:
        """Stop the workers: told to, and ended if they do not within a second.

        After an error they are ended at once: what they have left to do is of no use.
        """
        for tasks in self.tasks:
            with contextlib.suppress(OSError):  # a worker that died took its end with it
                tasks.send(None)
        for process in self.processes:
            process.join(0 if at_once else 1)
            if process.is_alive():
                process.terminate()
                process.join()
        for connection in self.tasks + self.results:
            connection.close()
        self.processes, self.tasks, self.results = [], [], []

    def map(
        self, items: Sequence[T], where: Sequence[int | None] = (), *, fork: bool = True
    ) -> Iterator[tuple[int, R]]:
        """Each item's result with the number of the worker that did it, as soon as it is done.

        `where[i]` names the worker item `i` goes to (None: any). With `fork` false and no
        workers forked yet, the items are done here; once forked, every round goes to them.
        """
        if fork:
            self.start()
        if not self.processes:
            yield from ((0, self.function(item)) for item in items)
            return
        yield from Round(self, items, where).results()


class Round(Generic[T, R]):
    """One map over a crew's workers: queues by worker, items sent ahead, results read."""

    def __init__(self, crew: Crew[T, R], items: Sequence[T], where: Sequence[int | None]) -> None:
        self.crew = crew
        self.own: list[deque[T]] = [deque() for _ in crew.processes]
        self.anyone: deque[T] = deque()
        for index, item in enumerate(items):
            worker = where[index] if index < len(where) else None
            if worker is not None and 0 <= worker < len(self.own):
                self.own[worker].append(item)
            else:
                self.anyone.append(item)
        self.sent = [0] * len(crew.processes)
        self.left = len(items)

    def next_for(self, worker: int) -> T | None:
        """The worker's own next item, else anyone's, else the end of the longest queue."""
        if self.own[worker]:
            return self.own[worker].popleft()
        if self.anyone:
            return self.anyone.popleft()
        longest = max(self.own, key=len)
        return longest.pop() if longest else None

    def feed(self, worker: int) -> None:
        """Send the worker items until it has `DEPTH` under way or there are none."""
        while self.sent[worker] < DEPTH:
            item = self.next_for(worker)
            if item is None:
                return
            try:
                self.crew.tasks[worker].send(item)
            except OSError:  # its end of the pipe is closed
                raise ended() from None
            self.sent[worker] += 1

    def results(self) -> Iterator[tuple[int, R]]:
        """Each result as it comes; a worker's exception is raised here, its death too."""
        results = self.crew.results
        for worker in range(len(results)):
            self.feed(worker)
        while self.left:
            for ready in wait(results):
                worker = next(i for i, r in enumerate(results) if r is ready)
                try:
                    ok, value = results[worker].recv()
                except EOFError:
                    raise ended() from None
                if not ok:
                    raise value
                self.sent[worker] -= 1
                self.left -= 1
                self.feed(worker)
                yield worker, value
