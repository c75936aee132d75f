"""The preview server's site: loaded once, then re-rendered output by output as sources change.

A change to a page's body, title or intro, or to a data file, re-renders exactly the outputs
that show it, in memory, writing each changed file in place; anything that moves the site's
structure (other front matter, added or deleted files, config, templates) runs the incremental
build.
Either way the output folder ends as a clean build would write it.
"""

from __future__ import annotations

import dataclasses
import os
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from docsite import incremental, stamps
from docsite.build import BuildOptions, BuildReport, Loaded, build
from docsite.checks import Rendered, check_links
from docsite.content import Page, load_page
from docsite.errors import DocsiteError
from docsite.incremental import Fingerprints
from docsite.links import page_url
from docsite.output import refuse_outside, write_new
from docsite.parallel import SERIAL_BELOW, Outcome, Worker, entry_of, render_targets
from docsite.site import Target, search
from docsite.site.files import part_of, search_files, site_files
from docsite.site.tree import TREE_TAG

Listener = Callable[[set[str]], None]


@dataclass
class Change:
    """What one batch of saved files did: outputs re-rendered, and how."""

    urls: set[str]
    full: bool
    seconds: float
    report: BuildReport | None = None
    errors: list[DocsiteError] = dataclasses.field(default_factory=list)


class InPlace:
    """Writes into the served output folder, one file at a time, each replaced atomically."""

    dry = False
    seeded = True

    def __init__(self, out: Path) -> None:
        self.out = out

    def write(self, rel: str, data: bytes) -> bool:
        """Write a file unless it holds these bytes already; True when written."""
        refuse_outside(rel)
        path = self.out / rel
        try:
            if path.read_bytes() == data:
                return False
        except OSError:
            path.parent.mkdir(parents=True, exist_ok=True)
        temporary = f"{path}.{os.getpid()}.tmp"
        write_new(temporary, data)
        os.replace(temporary, path)
        return True


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
        self.busy = False  # a batch is being applied
        self.last_change: Change | None = None
        self.listed_changed = False  # a title or intro changed since the site files were written
        self.search_stale: set[str] = set()  # shard parts whose search index is out of date
        self.indexing: set[str] = set()  # the parts being indexed now
        self.stopped = False  # `save` ran: the server is stopping
        self.searching = False
        self.search_done = threading.Condition()
        self.loaded: Loaded
        self.report = self.full()

    # -- whole builds ----------------------------------------------------------------------
    def full(self) -> BuildReport:
        """Run the incremental build and keep what it loaded."""
        with self.lock:
            report = build(self.options)
            assert report.loaded is not None
            self.loaded = report.loaded
            self.errors = {url: e.errors for url, e in self.loaded.entries.items() if e.errors}
            self.current = self.targets()
            self.pending.clear()
            self.rendered += len(report.rendered)
            self.queue_search(report.unindexed)
            return report

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
            self.settle()  # a build swaps the output folder: no index may be written meanwhile
            with self.lock:
                before = {u: e.fingerprint for u, e in self.loaded.entries.items()}
                report = self.full()
                after = self.loaded.entries
                urls = {u for u, e in after.items() if before.get(u) != e.fingerprint}
                urls |= set(before) - set(after)
                self.notify(urls)
                return Change(urls, True, time.perf_counter() - started, report)
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
        loaded = self.loaded
        # No redirect stubs: a stub names only its target, which does not move here.
        writer = InPlace(self.options.out)
        return Worker(loaded.renderer, loaded.layout, targets, writer, {}, loaded.prints)

    def record(self, target: Target, outcome: Outcome) -> bool:
        """Keep what the render said, as the manifest does; True if it was written before."""
        previous = self.loaded.entries.get(target.url)
        entry = self.loaded.entries[target.url] = entry_of(outcome)
        if previous is None or (previous.title, previous.summary) != (entry.title, entry.summary):
            self.listed_changed = True  # llms.txt lists titles and intros
        if outcome.errors:
            self.errors[target.url] = outcome.errors
        else:
            self.errors.pop(target.url, None)
        return previous is not None and not previous.errors

    def pages(self) -> dict[str, Target]:
        """The outputs written now (a failed render is not)."""
        entries = self.loaded.entries
        return {t.url: t for t in self.current if t.url in entries and not entries[t.url].errors}

    def refresh(self, urls: set[str]) -> None:
        """Rewrite the site-wide files if a title or intro changed; queue changed shards' search.

        The set of pages is the same (a page that starts or stops failing takes the build path),
        so only `llms.txt` can change, and only with a title or an intro.
        """
        loaded = self.loaded
        pages = self.pages()
        if self.listed_changed:
            files = site_files(loaded.layout, loaded.renderer.redirects, loaded.entries, pages)
            writer = InPlace(self.options.out)
            for rel, data in files.items():
                writer.write(rel, data)
            self.listed_changed = False
        self.queue_search({part_of(t) for t in pages.values() if t.url in urls})

    def queue_search(self, parts: set[str]) -> None:
        """Have these parts' search indexes rebuilt in the background."""
        with self.search_done:
            self.search_stale |= parts
            if self.search_stale and not self.searching:
                self.searching = True
                threading.Thread(target=self.index, daemon=True).start()

    def index(self) -> None:
        """Rebuild stale search indexes, off the lock, until none is stale.

        pagefind takes about a second per thousand pages; saves meanwhile add to the stale set.
        """
        while True:
            with self.lock, self.search_done:
                stale, self.search_stale = self.search_stale, set()
                if not stale or self.stopped:
                    self.searching = False
                    self.search_done.notify_all()
                    return
                self.indexing = stale
                pages, layout = self.pages(), self.loaded.layout
            out = self.options.out
            indexed, _, _ = search_files(out, layout, pages, stale, self.options.jobs)
            with self.lock:
                self.indexing = set()
                if self.stopped:  # `save` marked these indexes stale for the next build
                    continue
                for rel, data in indexed.items():
                    InPlace(out).write(rel, data)
                folders = {r.split(f"/{search.FOLDER}/")[0] + f"/{search.FOLDER}" for r in indexed}
                for folder in folders:  # a rebuilt index keeps none of its old files
                    for path in [p for p in (out / folder).rglob("*") if p.is_file()]:
                        if path.relative_to(out).as_posix() not in indexed:
                            path.unlink()

    def settle(self) -> None:
        """Wait until every search index is up to date."""
        with self.search_done:
            self.search_done.wait_for(lambda: not self.searching)

    def link_errors(self) -> list[DocsiteError]:
        """Links and anchors over the whole site, as the build checks them."""
        loaded, entries = self.loaded, self.loaded.entries
        rendered = [
            Rendered(t, entries[t.url].heading_ids, entries[t.url].links)
            for t in self.current
            if t.url in entries and not entries[t.url].errors
        ]
        return check_links(loaded.plan, rendered)

    def targets(self) -> list[Target]:
        """Every output of the served versions and languages."""
        loaded = self.loaded
        targets = loaded.plan.targets(loaded.versions, loaded.languages)
        return [t for t in targets if t.english.source not in loaded.skips]

    # -- invalidation ------------------------------------------------------------------------
    def invalidate(self, paths: set[Path]) -> list[Target] | None:
        """Apply saved files to the loaded site; the stale outputs, or None for a full build."""
        root = self.loaded.config.root.resolve()
        pages: set[str] = set()
        titled: set[str] = set()  # pages whose title or intro changed, not their structure
        data: set[str] = set()
        for path in paths:
            rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else ""
            kind = self.kind(rel)
            reloaded = self.reload_page(rel) if kind == "page" else None
            if reloaded is not None:
                pages.add(rel)
                titled |= {reloaded} if reloaded else set()
            elif kind == "data" and self.reload_data(rel):
                data.add(rel)
            elif kind != "ignored":
                return None
        if not pages and not data:
            return []
        loaded = self.loaded
        everything = any("/variables/" in d or d.endswith("ui.yml") for d in data)
        if everything or titled:  # in every output's fingerprint: variables, interface
            # strings and front matter (a build cannot tell who shows a title; we can)
            loaded.prints = Fingerprints(
                loaded.config,
                loaded.content,
                loaded.data.files(),
                self.options.markdown_engine,
                loaded.layout.nav.tree.signature(),
            )
        for rel in titled:
            loaded.renderer.forget_page(rel)
        for rel in data:
            loaded.prints.files.pop(rel, None)
        if pages:  # the targets of a saved page now hold its new text
            self.current = [self.retarget(t) if self.touches(t, pages) else t for t in self.current]
        return [t for t in self.current if everything or self.reads(t, pages, data, titled)]

    @staticmethod
    def touches(target: Target, pages: set[str]) -> bool:
        """Whether an output is made from one of the saved pages (English or translated)."""
        return target.page.source in pages or target.english.source in pages

    def retarget(self, target: Target) -> Target:
        """The same output, made from the pages now loaded."""
        content = self.loaded.content
        english = content.pages[target.english.rel]
        page = content.translations.get(target.language, {}).get(english.rel, english)
        return dataclasses.replace(target, english=english, page=page)

    def reads(self, target: Target, pages: set[str], data: set[str], titled: set[str]) -> bool:
        """Whether an output shows what changed: the page, a data file, a title or intro."""
        if self.touches(target, pages):
            return True
        entry = self.loaded.entries.get(target.url)
        return entry is None or not (data.isdisjoint(entry.data) and titled.isdisjoint(entry.pages))

    def kind(self, rel: str) -> str:
        """What a changed file is: a page, a data file, ignored, or something structural."""
        if not rel or rel.startswith(".") or "/." in rel or rel.endswith("~"):
            return "ignored"
        language = self.loaded.config.language_of(rel)
        inner = rel.removeprefix(language.prefix if language else "")
        if inner.startswith("content/") and inner.endswith(".md"):
            return "page"
        if inner.startswith("data/") and inner.endswith((".md", ".yml", ".yaml")):
            return "data"
        return "structural"

    def reload_page(self, rel: str) -> str | None:
        """Swap in a saved page whose structure did not move (None if it did).

        Returns "" for a body edit, or the page's key when its title or intro changed too.
        """
        config, content = self.loaded.config, self.loaded.content
        language = config.language_of(rel)
        prefix = language.prefix if language else ""
        folder = config.root / prefix / "content"
        key = rel.removeprefix(prefix).removeprefix("content/")
        pages = content.translations.get(language.code, {}) if language else content.pages
        old = pages.get(key)
        path = config.root / rel
        if old is None or not path.is_file():
            return None
        page, errors = load_page(config, folder, path, key, language.code if language else "en")
        if page is None or errors or structure(page) != structure(old):
            return None
        pages[key] = page
        if language is None:
            self.loaded.plan.by_route[page.route] = page
        renderer = self.loaded.renderer
        for field in [k for k in renderer.templates if k[0] == old.source]:
            del renderer.templates[field]
        return key if page.matter != old.matter else ""

    def reload_data(self, rel: str) -> bool:
        """Forget what was read from a saved data file; False if the file is new or gone."""
        loaded = self.loaded
        for tree in loaded.data.trees.values():
            for path in tree.files.values():
                if tree.display(path) != rel:
                    continue
                if not path.is_file():
                    return False
                tree.forget(path)
                loaded.data.forget(rel)
                loaded.renderer.env.forget(rel)
                loaded.renderer.forget(rel)
                return True
        return False

    def save(self) -> None:
        """Write the manifest, so that the next start reuses this session's renders.

        Only at the end: it takes most of a second on a large site, and an older manifest is
        safe (its fingerprints no longer match what changed, which is then rendered again).
        """
        with self.lock, self.search_done:
            self.stopped = True
            self.forget_indexes(self.search_stale | self.indexing)
            incremental.save(self.options.out, self.loaded.entries)

    def forget_indexes(self, parts: set[str]) -> None:
        """Remove the entry file of indexes not rebuilt yet: the next build rebuilds them.

        The server does not wait for pagefind when it stops (a variable edit can leave every
        version and language to re-index), and the manifest alone cannot say an index is stale.
        """
        for target in self.pages().values():
            if part_of(target) in parts:
                home = page_url(target.language, target.version, "")
                entry = self.options.out / search.folder(home) / "pagefind-entry.json"
                entry.unlink(missing_ok=True)

    # -- listeners ---------------------------------------------------------------------------
    def notify(self, urls: set[str]) -> None:
        """Tell open tabs (server-sent events) which outputs changed."""
        for listener in list(self.listeners):
            listener(urls)


SHOWN_ELSEWHERE = ("title", "shortTitle", "intro")  # what other pages show of a page


def structure(page: Page) -> dict[str, object]:
    """A page's front matter but the fields other pages only show, and its table of contents."""
    shown = {k: v for k, v in page.front.raw.items() if k not in SHOWN_ELSEWHERE}
    return shown | {"table of contents": TREE_TAG.findall(page.body)}
