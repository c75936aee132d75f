"""The preview server's search indexes: rebuilt by a background thread, off the writers' lock.

pagefind takes about a second per thousand pages; saves meanwhile add to the stale set, and the
first answer after a start never waits for it.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from pathlib import Path

from docsite.errors import DocsiteError
from docsite.layout import Layout
from docsite.output import search
from docsite.output.site_files import part_of, search_files
from docsite.output.staging import InPlace
from docsite.plan import Target

# The pages written now, and the layout that wrote them (the server swaps both on a build).
Served = Callable[[], tuple[dict[str, Target], Layout]]


class Indexer:
    """Keeps the served site's search indexes up to date in the background."""

    def __init__(self, lock: threading.RLock, out: Path, jobs: int, served: Served) -> None:
        self.lock, self.out, self.jobs, self.served = lock, out, jobs, served
        self.stale: set[str] = set()  # shard parts whose search index is out of date
        self.indexing: set[str] = set()  # the parts being indexed now
        self.stopped = False  # the server is stopping
        self.halt = threading.Event()  # ends a run in progress between two bundles
        self.running = False
        self.done = threading.Condition()

    def queue(self, parts: set[str]) -> None:
        """Have these parts' search indexes rebuilt in the background."""
        with self.done:
            self.stale |= parts
            if self.stale and not self.running:
                self.running = True
                threading.Thread(target=self.run, daemon=True).start()

    def run(self) -> None:
        """Rebuild stale search indexes, off the lock, until none is stale."""
        while True:
            with self.lock, self.done:
                stale, self.stale = self.stale, set()
                if not stale or self.stopped:
                    self.running = False
                    self.done.notify_all()
                    return
                self.indexing = stale
                pages, layout = self.served()
            out = self.out
            try:
                indexed, kept, _ = search_files(
                    out, layout, pages, stale, self.jobs, halt=self.halt
                )
            except (DocsiteError, OSError) as err:
                if not (self.stopped or search.STOPPING.is_set()):  # else: ended on purpose
                    print(err.render() if isinstance(err, DocsiteError) else err, file=sys.stderr)
                indexed, kept = {}, set()
            with self.lock:
                self.indexing = set()
                if self.stopped:  # `stop` marked these indexes stale for the next build
                    continue
                for rel, data in indexed.items():
                    InPlace(out).write(rel, data)
                folders = {r.split(f"/{search.FOLDER}/")[0] + f"/{search.FOLDER}" for r in indexed}
                for folder in folders:  # a rebuilt index keeps none of its old files
                    for path in [p for p in (out / folder).rglob("*") if p.is_file()]:
                        rel = path.relative_to(out).as_posix()
                        if rel not in indexed and rel not in kept:  # kept: a bundle unchanged
                            path.unlink()

    def settle(self) -> None:
        """Wait until every search index is up to date."""
        with self.done:
            self.done.wait_for(lambda: not self.running)

    def stop(self) -> None:
        """Stop without waiting: the indexes not rebuilt lose their entry file.

        A variable edit can leave every version and language to re-index, and the manifest
        alone cannot say an index is stale: the next build (or start) rebuilds exactly those.
        A run in progress starts no more bundles; `settle` waits for it to end.
        """
        with self.done:
            self.stopped = True
            self.halt.set()
            parts = self.stale | self.indexing
            served, layout = self.served()
            for target in served.values():
                if part_of(target) in parts:
                    home = layout.search_home(target.language)
                    (self.out / search.entry(home)).unlink(missing_ok=True)
