"""Render targets on every core: forked workers share the loaded site and write pages directly."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain

import jinja2

from docsite.build.manifest import Entry, Fingerprints, salted
from docsite.build.pool import SERIAL_BELOW, forked
from docsite.config.limits import PAGE_SECONDS, PageTimeout, wall_clock
from docsite.errors import DocsiteError, Location, TemplateError, problems_of
from docsite.layout import Layout
from docsite.output.redirects import stub
from docsite.output.staging import Writer
from docsite.output.twins import twin, twin_file
from docsite.plan import Target
from docsite.plan.urls import output_file
from docsite.render import RenderedPage, Renderer, Trace
from docsite.render.liquid.state import BranchLog
from docsite.render.references import anchors

BATCH = 8  # pages (with every version and language of each) sent to a worker at a time
GC_THRESHOLD = 50_000  # allocations between young collections (Python's default: 700)


@dataclass(frozen=True)
class Outcome:
    """What the parent gets of one render: no HTML, its manifest entry and what it wrote."""

    index: int
    entry: Entry
    written: int = 0
    branches: BranchLog | None = None  # while `check` analyses version logic
    empty: bool = False  # an article whose body rendered to nothing

    @property
    def ok(self) -> bool:
        """Whether the page was written."""
        return not self.entry.errors


@dataclass
class Worker:
    """The state a forked worker inherits: renderer, layout, targets, where pages go."""

    renderer: Renderer
    layout: Layout
    targets: list[Target]
    staging: Writer
    stubs: dict[str, list[str]]  # page URL -> redirect sources that land on it
    prints: Fingerprints
    analyze: bool = False  # `check`: log the branch each `if` takes
    # Pages whose render ran out of time: their other versions and languages are not tried
    # (one budget per page, not per render), and say the same.
    stopped: dict[str, DocsiteError] = field(default_factory=dict)

    def run(self, indexes: list[int]) -> list[Outcome]:
        """Render some targets; return their outcomes."""
        return [self.one(i) for i in indexes]

    def one(self, index: int) -> Outcome:
        """Render, lay out and write one target; every failure becomes a located error."""
        target = self.targets[index]
        trace = Trace(branches={} if self.analyze else None)
        if target.english.rel in self.stopped:
            failed = self.entry(target, trace, errors=(self.stopped[target.english.rel],))
            return Outcome(index, failed)
        try:
            with wall_clock():
                page = self.renderer.pages.render(target, trace)
                html = self.layout.document(page, trace)
        except Exception as err:
            problem = self.problem(target, err)
            if isinstance(err, PageTimeout):
                self.stopped[target.english.rel] = problem
            failed = self.entry(target, trace, errors=tuple(problems_of(problem)))
            return Outcome(index, failed, branches=trace.branches)
        written = self.write(target, page, html)
        front = target.english.front
        listing = target.english.is_index or front.children or front.raw.get("mapTopic")
        empty = not page.body.strip() and not listing and not front.raw.get("layout")
        return Outcome(index, self.entry(target, trace, page), written, trace.branches, empty)

    def entry(
        self,
        target: Target,
        trace: Trace,
        page: RenderedPage | None = None,
        errors: tuple[DocsiteError, ...] = (),
    ) -> Entry:
        """The manifest entry of a render: its fingerprint and what it read and said."""
        used = tuple(sorted(trace.data))
        # Laid out without the pages a `--keep-going` build left out: reused while they fail.
        return Entry(
            salted(self.prints.of(target, used), self.layout.nav.failures),
            used,
            ids_of(page) if page else (),
            page.links if page else (),
            page.fallback if page else "",
            tuple(trace.warnings),
            errors,
            tuple(sorted(trace.pages)),
            page.title if page else "",
            page.summary if page else "",
            page.images if page else (),
        )

    @staticmethod
    def problem(target: Target, err: Exception) -> DocsiteError:
        """A failed render as a located error."""
        if isinstance(err, DocsiteError):
            return err
        if isinstance(err, PageTimeout):
            message = f"rendering took longer than {PAGE_SECONDS:g} s and was stopped here"
            hint = "look for a loop that never ends, a huge range, or reusables that multiply"
            return TemplateError(message, stopped_at(err, target), hint)
        if isinstance(err, jinja2.TemplateError):
            where = Location(str(getattr(err, "filename", "templates")), getattr(err, "lineno", 0))
            return TemplateError(f"layout: {err}", where)
        return TemplateError(
            f"internal error while rendering: {type(err).__name__}: {err}",
            Location(target.page.source),
            "please report this as a docsite bug",
        )

    def write(self, target: Target, page: RenderedPage, html: str) -> int:
        """Write a page, its Markdown twin and the redirect stubs landing on it."""
        html_file = output_file(target.url)
        written = int(self.staging.write(html_file, html.encode("utf-8")))
        markdown = twin(page, self.renderer.rewriter).encode("utf-8")
        written += self.staging.write(twin_file(html_file), markdown)
        sources = self.stubs.get(target.url, [])
        redirect = stub(target.url).encode() if sources else b""
        for source in sources:
            written += self.staging.write(output_file(source), redirect)
        return written


def stopped_at(timeout: PageTimeout, target: Target) -> Location:
    """Where a render was when its time ran out: the tag, in the page or the reusable."""
    if timeout.where is None:
        return Location.at_line(target.page.source, target.page.text, 1)
    path, token = timeout.where
    source, start = getattr(token, "source", ""), getattr(token, "start_index", -1)
    if start < 0:
        return Location(path or target.page.source)
    return Location.at_offset(path or target.page.source, source, start, len(token.value))  # type: ignore[attr-defined]


def ids_of(page: RenderedPage) -> tuple[str, ...]:
    """The ids a link may name on a page: its headings', then any other, in order."""
    headings = [h.id for h in page.headings]
    return tuple(dict.fromkeys([*headings, *sorted(anchors(page.body))]))


def grouped(targets: list[Target], indexes: Iterable[int], size: int) -> list[list[int]]:
    """Indexes grouped so that every version and language of a page goes to one worker."""
    by_page: dict[str, list[int]] = {}
    for i in indexes:
        by_page.setdefault(targets[i].english.rel, []).append(i)
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
    groups = grouped(worker.targets, range(len(worker.targets)), BATCH)
    jobs = jobs if len(worker.targets) >= SERIAL_BELOW else 1
    with fewer_collections():
        yield from forked(worker.run, groups, jobs, ordered=False)
