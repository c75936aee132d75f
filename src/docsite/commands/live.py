"""The preview server's site: loaded once, then re-rendered output by output as sources change.

A change to a page's body, title or intro, or to a data file, re-renders exactly the outputs
that show it, in memory, writing each changed file in place; anything that moves the site's
structure (other front matter, added or deleted files, config, templates) runs the incremental
build. Either way the output folder ends as a clean build would write it.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from docsite.build import Build, BuildOptions, BuildReport, Site, build, manifest, stamps
from docsite.build.manifest import Entry
from docsite.build.pool import SERIAL_BELOW
from docsite.build.workers import Outcome, Worker, render_targets
from docsite.commands.indexing import Indexer
from docsite.errors import DocsiteError
from docsite.output.site_files import part_of, site_files
from docsite.output.staging import InPlace
from docsite.plan import Target
from docsite.plan.redirects import Redirect

Listener = Callable[[set[str]], None]


@dataclass
class Change:
    """What one batch of saved files did: outputs re-rendered, and how."""

    urls: set[str]
    full: bool
    seconds: float
    report: BuildReport | None = None
    errors: list[DocsiteError] = dataclasses.field(default_factory=list)


class Live:
    """The loaded site of `serve`; one writer at a time (`lock`)."""

    def __init__(self, options: BuildOptions) -> None:
        # The server rewrites outputs in place: a later build must look at every input again.
        self.options = dataclasses.replace(options, reuse=False, search_later=True)
        stamps.forget(options.out)
        self.lock = threading.RLock()
        self.pending: dict[str, Target] = {}  # stale outputs not re-rendered yet
        self.errors: dict[str, tuple[DocsiteError, ...]] = {}  # URL -> errors of its last render
        self.rendered = 0  # outputs rendered since the start (a count: the server runs all day)
        self.listeners: list[Listener] = []
        self.last_url = ""  # the page a tab asked for last: re-rendered first
        self.generation = 0  # batches of changes applied
        self.notices = 0  # notifications sent to open tabs
        self.noticed: dict[str, int] = {}  # output URL -> the last notification naming it
        self.busy = False  # a batch is being applied
        self.last_change: Change | None = None
        self.listed_changed = False  # a title or intro changed since the site files were written
        self.site: Site
        self.entries: dict[str, Entry] = {}
        self.redirects: dict[str, Redirect] = {}  # to the pages written, as the maps list them
        self.current: list[Target] = []
        self.search = Indexer(
            self.lock, self.options.out, self.options.jobs, lambda: (self.pages(), self.site.layout)
        )
        self.report = self.full(first=True)

    # -- whole builds ----------------------------------------------------------------------
    def full(self, *, first: bool = False) -> BuildReport:
        """Run the incremental build and keep what it loaded.

        The first shows its progress: on a large site with no earlier output it is the writer's
        wait before anything is served.
        """
        options = dataclasses.replace(self.options, progress=True) if first else self.options
        with self.lock:
            done: Build = build(options)
            assert done.site is not None
            self.site, self.entries, self.redirects = done.site, done.entries, done.redirects
            self.errors = {url: e.errors for url, e in self.entries.items() if e.errors}
            self.current = self.site.targets()
            self.pending.clear()
            self.rendered += len(done.rendered)
            self.search.queue(done.unindexed)
            return done.report

    # -- changes ---------------------------------------------------------------------------
    def apply(self, paths: Iterable[Path], first: str = "", *, full: bool = False) -> Change:
        """Bring the output up to date with saved files; `first` is rendered before the rest."""
        self.busy = True
        try:
            change = self.changed(paths, first, full=full)
        finally:
            self.busy = False
        self.generation += 1
        self.last_change = change
        return change

    def changed(self, paths: Iterable[Path], first: str, *, full: bool) -> Change:
        """The work of `apply`."""
        started = time.perf_counter()
        with self.lock:
            stale = None if full else self.invalidate({Path(p).resolve() for p in paths})
            if stale is not None:
                self.pending.update((t.url, t) for t in stale)
        if stale is None:
            return self.rebuild(started)
        order = sorted(self.pending, key=lambda url: url != first)
        flipped = self.render_pending(order[0]) is not None if order else False
        if not flipped and len(order) > SERIAL_BELOW:
            flipped = self.render_many(order[1:])
        for url in order[1:]:
            flipped = flipped or self.render_pending(url) is not None
        if flipped:  # an output started or stopped failing: the redirect maps and sitemap
            return self.changed([], "", full=True)  # change with it
        changed = set(order)
        with self.lock:
            errors = self.link_errors()
            self.refresh(changed)
        return Change(changed, False, time.perf_counter() - started, errors=errors)

    def rebuild(self, started: float) -> Change:
        """Apply a change by the incremental build; the outputs whose fingerprint changed."""
        self.search.settle()  # a build swaps the output folder: no index may be written meanwhile
        with self.lock:
            before = {u: e.fingerprint for u, e in self.entries.items()}
            report = self.full()
            urls = {u for u, e in self.entries.items() if before.get(u) != e.fingerprint}
            urls |= set(before) - set(self.entries)
            self.notify(urls)
            return Change(urls, True, time.perf_counter() - started, report)

    def render_pending(self, url: str) -> Outcome | None:
        """Render one stale output now (a request for it, or its turn).

        Returns the outcome only when the output started or stopped failing.
        """
        with self.lock:
            target = self.pending.pop(url, None)
            if target is None:
                return None
            outcome = self.worker([target]).one(0)
            was_ok = self.record(target, outcome)
            self.rendered += 1
        self.notify({url})
        return outcome if was_ok != outcome.ok else None

    def render_many(self, urls: list[str]) -> bool:
        """Render many stale outputs on every core (forked from this loaded state)."""
        with self.lock:
            targets = [self.pending.pop(url) for url in urls if url in self.pending]
            flipped = False
            for outcomes in render_targets(self.worker(targets), self.options.jobs):
                for outcome in outcomes:
                    target = targets[outcome.index]
                    flipped |= self.record(target, outcome) != outcome.ok
                    self.rendered += 1
                self.notify({targets[o.index].url for o in outcomes})
        return flipped

    def worker(self, targets: list[Target]) -> Worker:
        """A renderer of outputs into the served folder, from the loaded site."""
        site = self.site
        # No redirect stubs: a stub names only its target, which does not move here.
        writer = InPlace(self.options.out)
        return Worker(site.renderer, site.layout, targets, writer, {}, site.prints)

    def record(self, target: Target, outcome: Outcome) -> bool:
        """Keep what the render said, as the manifest does; True if it was written before."""
        previous = self.entries.get(target.url)
        entry = self.entries[target.url] = outcome.entry
        if previous is None or (previous.title, previous.summary) != (entry.title, entry.summary):
            self.listed_changed = True  # llms.txt lists titles and intros
        if entry.errors:
            self.errors[target.url] = entry.errors
        else:
            self.errors.pop(target.url, None)
        return previous is not None and not previous.errors

    def pages(self) -> dict[str, Target]:
        """The outputs written now (a failed render is not)."""
        entries = self.entries
        return {t.url: t for t in self.current if t.url in entries and not entries[t.url].errors}

    def refresh(self, urls: set[str]) -> None:
        """Rewrite the site-wide files if a title or intro changed; queue changed shards' search.

        The set of pages is the same (a page that starts or stops failing takes the build path),
        so only `llms.txt` can change, and only with a title or an intro.
        """
        pages = self.pages()
        if self.listed_changed:
            listed = {url: (self.entries[url].title, self.entries[url].summary) for url in pages}
            found = site_files(self.site.layout, self.redirects, listed, pages)
            writer = InPlace(self.options.out)
            for rel, data in found.files.items():
                writer.write(rel, data)
            self.listed_changed = False
        self.search.queue({part_of(t) for t in pages.values() if t.url in urls})

    def link_errors(self) -> list[DocsiteError]:
        """Links and anchors over the whole site, as the build checks them."""
        entries = self.entries
        written = [
            (t, entries[t.url])
            for t in self.current
            if t.url in entries and not entries[t.url].errors
        ]
        return self.site.link_problems(written, set())  # the server shows a failed page's error

    # -- invalidation ------------------------------------------------------------------------
    def invalidate(self, paths: set[Path]) -> list[Target] | None:
        """Apply saved files to the loaded site; the stale outputs, or None for a full build."""
        site = self.site
        root = site.config.root.resolve()
        pages: set[str] = set()
        titled: set[str] = set()  # pages whose title or intro changed, not their structure
        data: set[str] = set()
        for path in paths:
            rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else ""
            if ignored(rel):
                continue
            what = site.invalidate(rel)
            if not what:
                return None
            (data if what == "data" else pages).add(rel)
            titled |= {rel} if what == "title" else set()
        if not pages and not data:
            return []
        everything = any("/variables/" in d or d.endswith("ui.yml") for d in data)
        if everything or titled:  # in every output's fingerprint: variables, interface
            # strings and front matter (a build cannot tell who shows a title; we can)
            site.prints = site.fingerprints()
        if pages:  # the targets of a saved page now hold its new text
            self.current = [self.retarget(t) if touches(t, pages) else t for t in self.current]
        shown = {site.page_key(rel) for rel in titled}
        return [t for t in self.current if everything or self.reads(t, pages, data, shown)]

    def retarget(self, target: Target) -> Target:
        """The same output, made from the pages now loaded."""
        content = self.site.content
        english = content.pages[target.english.rel]
        page = content.translations.get(target.language, {}).get(english.rel, english)
        return dataclasses.replace(target, english=english, page=page)

    def reads(self, target: Target, pages: set[str], data: set[str], titled: set[str]) -> bool:
        """Whether an output shows what changed: the page, a data file, a title or intro."""
        if touches(target, pages):
            return True
        entry = self.entries.get(target.url)
        return entry is None or not (data.isdisjoint(entry.data) and titled.isdisjoint(entry.pages))

    def settle(self) -> None:
        """Wait until every search index is up to date."""
        self.search.settle()

    def save(self) -> None:
        """Write the manifest, so that the next start reuses this session's renders.

        Only at the end: it takes most of a second on a large site, and an older manifest is
        safe (its fingerprints no longer match what changed, which is then rendered again).
        Returns once the background indexer has let go of the output folder.
        """
        with self.lock:
            self.search.stop()
            manifest.save(self.options.out, self.entries)
        self.search.settle()  # outside the lock, which the indexer takes to finish

    # -- listeners ---------------------------------------------------------------------------
    def notify(self, urls: set[str]) -> None:
        """Tell open tabs (server-sent events) which outputs changed, and remember it.

        A tab reloading connects again a moment after its page was served: a change in
        between is found by `changed_since`, not lost.
        """
        self.notices += 1
        for url in urls:
            self.noticed[url] = self.notices
        for listener in list(self.listeners):
            listener(urls)

    def changed_since(self, url: str, notice: int) -> bool:
        """Whether an output changed after the `notice`-th notification."""
        return self.noticed.get(url, 0) > notice


def ignored(rel: str) -> bool:
    """Files outside the tree, hidden files and editors' backups: not the site's."""
    return not rel or rel.startswith(".") or "/." in rel or rel.endswith("~")


def touches(target: Target, pages: set[str]) -> bool:
    """Whether an output is made from one of the saved pages (English or translated)."""
    return target.page.source in pages or target.english.source in pages
