"""A build's rounds of renders on one crew: the changed pages, then those laid out again.

A `--keep-going` build learns which pages fail only once they are rendered, and then lays out
again the pages that would link to them. That second round goes to the workers of the first,
each page to the worker that rendered it: its Liquid outcomes, Markdown and the titles its
sidebar shows are still in that worker's caches, where a new pool started cold.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from types import TracebackType

from docsite.build.crew import Crew
from docsite.build.pool import SERIAL_BELOW
from docsite.build.workers import BATCH, Outcome, Worker, fewer_collections, grouped
from docsite.plan import Target


@dataclass(frozen=True)
class Task:
    """Targets (indexes into the worker's list) to render, with the pages left out by then."""

    indexes: tuple[int, ...]
    failed: frozenset[str] = frozenset()
    digest: str = ""


def leave_out(worker: Worker, failed: frozenset[str], digest: str) -> None:
    """Lay out from now on without these failed pages (once per set of them)."""
    nav = worker.layout.nav
    if digest and nav.failures != digest:
        nav.left_out |= failed
        nav.failures = digest
        worker.renderer.titles.forget_shown("sidebar")  # the sidebars showed them


def perform(worker: Worker, task: Task) -> list[Outcome]:
    """A task on a worker: what failed is left out first."""
    leave_out(worker, task.failed, task.digest)
    return worker.run(list(task.indexes))


class Rounds:
    """The worker over every target of a build, and the crew that keeps it between rounds."""

    def __init__(self, worker: Worker, jobs: int) -> None:
        self.worker = worker
        self.crew: Crew[Task, list[Outcome]] = Crew(lambda task: perform(worker, task), jobs)
        self.where: dict[str, int] = {}  # page file -> the worker that rendered it
        self.position = {id(t): i for i, t in enumerate(worker.targets)}  # target -> its index
        self.held = contextlib.ExitStack()

    def __enter__(self) -> Rounds:
        self.held.enter_context(fewer_collections())
        self.held.push(self.dismiss)  # first out: the crew ends before collections resume
        return self

    def __exit__(
        self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.held.__exit__(kind, err, tb)

    def dismiss(
        self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None
    ) -> None:
        """End the crew: its workers finish their tasks, or stop at once after an error."""
        self.crew.close(at_once=kind is not None)

    def index(self, target: Target) -> int:
        """A target's index in the worker's list, found by identity: hashing hashes every field."""
        return self.position[id(target)]

    def run(
        self, indexes: list[int], failed: frozenset[str] = frozenset(), digest: str = ""
    ) -> Iterator[list[Outcome]]:
        """Render these targets, batch by batch; each page back on the worker that had it."""
        targets = self.worker.targets
        by_worker: dict[int | None, list[int]] = {}
        for i in indexes:
            by_worker.setdefault(self.where.get(targets[i].english.rel), []).append(i)
        tasks, where = [], []
        for worker, mine in by_worker.items():
            for batch in grouped(targets, mine, BATCH):
                tasks.append(Task(tuple(batch), failed, digest))
                where.append(worker)
        fork = len(indexes) >= SERIAL_BELOW  # forking costs more than it saves on a few
        for worker, outcomes in self.crew.map(tasks, where, fork=fork):
            for outcome in outcomes:
                self.where[targets[outcome.index].english.rel] = worker
            yield outcomes
