"""Render targets on every core: forked workers share the loaded site and write pages directly."""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
from collections.abc import Iterator
from dataclasses import dataclass, replace
from itertools import chain

import jinja2

from docsite.errors import DocsiteError, Location, TemplateError
from docsite.incremental import Entry, Fingerprints
from docsite.layout import Layout
from docsite.limits import PAGE_SECONDS, PageTimeout, wall_clock
from docsite.links import Link, output_file
from docsite.liquid.environment import BranchLog
from docsite.output import Writer
from docsite.redirects import stub
from docsite.render import Renderer
from docsite.site import Target, twins

SERIAL_BELOW = 200  # forking costs more than it saves on small sites
GC_THRESHOLD = 50_000  # allocations between young collections (Python's default: 700)


@dataclass(frozen=True)
class Outcome:
    """What the parent needs from one render: no HTML, just facts for the whole-site checks."""

    index: int
    ok: bool
    heading_ids: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    fallback: str = ""
    errors: tuple[DocsiteError, ...] = ()
    written: int = 0
    data: tuple[str, ...] = ()
    warnings: tuple[DocsiteError, ...] = ()
    fingerprint: str = ""
    branches: BranchLog | None = None  # while `check` analyses version logic
    empty: bool = False  # an article whose body rendered to nothing
    pages: tuple[str, ...] = ()  # pages whose title or intro it shows
    title: str = ""  # for llms.txt
    summary: str = ""


def entry_of(outcome: Outcome) -> Entry:
    """The manifest entry of a render."""
    return Entry(
        outcome.fingerprint,
        outcome.data,
        outcome.heading_ids,
        outcome.links,
        outcome.fallback,
        outcome.warnings,
        outcome.errors,
        outcome.pages,
        outcome.title,
        outcome.summary,
    )


@dataclass
class Worker:
    """The state a forked worker inherits: renderer, layout, targets, staging folder."""

    renderer: Renderer
    layout: Layout
    targets: list[Target]
    staging: Writer
    stubs: dict[str, list[str]]  # page URL -> redirect sources that land on it
    prints: Fingerprints

    def run(self, indexes: list[int]) -> list[Outcome]:
        """Render some targets; return their outcomes."""
        return [self.one(i) for i in indexes]

    def one(self, index: int) -> Outcome:
        """Render one target; the parse-time warnings it caused travel with its outcome."""
        env = self.renderer.env
        env.warnings = []
        self.renderer.pages_read = set()
        env.branch_log = None if env.branch_log is None else {}
        outcome = self.render(index)
        used = tuple(sorted(env.data.used))
        return replace(
            outcome,
            warnings=tuple(env.warnings),
            data=used,
            fingerprint=self.prints.of(self.targets[index], used),
            branches=env.branch_log,
            pages=tuple(sorted(self.renderer.pages_read)),
        )

    def render(self, index: int) -> Outcome:
        """Render, lay out and write one target, turning every failure into located errors."""
        target = self.targets[index]
        self.renderer.env.data.used = set()
        try:
            with wall_clock():
                page = self.renderer.render(target)
                html = self.layout.document(page)
        except DocsiteError as err:
            return Outcome(index, False, errors=(err,))
        except PageTimeout:
            where = Location(target.page.source)
            message = f"rendering took longer than {PAGE_SECONDS:g} s and was stopped"
            hint = "look for a loop that never ends, or a huge range"
            return Outcome(index, False, errors=(TemplateError(message, where, hint),))
        except jinja2.TemplateError as err:
            where = Location(str(getattr(err, "filename", "templates")), getattr(err, "lineno", 0))
            return Outcome(index, False, errors=(TemplateError(f"layout: {err}", where),))
        except Exception as err:
            return Outcome(
                index,
                False,
                errors=(
                    TemplateError(
                        f"internal error while rendering: {type(err).__name__}: {err}",
                        Location(target.page.source),
                        "please report this as a docsite bug",
                    ),
                ),
            )
        html_file = output_file(target.url)
        written = int(self.staging.write(html_file, html.encode("utf-8")))
        markdown = twins.twin(page, self.renderer.rewriter).encode("utf-8")
        written += self.staging.write(twins.twin_file(html_file), markdown)
        sources = self.stubs.get(target.url, [])
        redirect = stub(target.url).encode() if sources else b""
        for source in sources:
            written += self.staging.write(output_file(source), redirect)
        ids = tuple(h.id for h in page.headings)
        front = target.english.front
        listing = target.english.is_index or front.children or front.raw.get("mapTopic")
        empty = not page.body.strip() and not listing and not front.raw.get("layout")
        return Outcome(
            index,
            True,
            ids,
            page.links,
            page.fallback,
            written=written,
            empty=empty,
            title=page.title,
            summary=page.summary,
        )


_WORKER: Worker | None = None


def _run_in_child(indexes: list[int]) -> list[Outcome]:
    assert _WORKER is not None
    return _WORKER.run(indexes)


def batches(targets: list[Target], size: int) -> list[list[int]]:
    """Indexes grouped so that all versions and languages of a page go to one worker."""
    by_page: dict[str, list[int]] = {}
    for i, target in enumerate(targets):
        by_page.setdefault(target.english.rel, []).append(i)
    groups = list(by_page.values())
    return [list(chain.from_iterable(groups[i : i + size])) for i in range(0, len(groups), size)]


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """Keep the loaded site out of the garbage collector's way while pages render.

    Rendering allocates millions of short-lived objects (tokens, nodes) that reference counting
    frees; each automatic collection would also walk every loaded page and parsed template.
    Freezing moves those to a generation the collector skips (and forked workers then do not
    copy their pages by touching them), and a larger threshold makes collections rarer.
    """
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(GC_THRESHOLD, *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def render_targets(worker: Worker, jobs: int) -> Iterator[list[Outcome]]:
    """Yield outcomes batch by batch, from forked workers when it pays."""
    global _WORKER
    groups = batches(worker.targets, 8)
    with fewer_collections():
        if jobs <= 1 or len(worker.targets) < SERIAL_BELOW or os.name != "posix":
            yield from (worker.run(group) for group in groups)
            return
        _WORKER = worker
        try:
            with multiprocessing.get_context("fork").Pool(jobs) as pool:
                yield from pool.imap_unordered(_run_in_child, groups)
        finally:
            _WORKER = None
