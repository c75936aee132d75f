"""The steps of the recipe once the site is loaded: render what changed, check, write, swap.

Imported only when a build has work to do: a build whose inputs did not change replays its
report without loading Liquid, Markdown or the layout (`recipe.py`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from docsite.build import analysis, manifest, stamps
from docsite.build.manifest import Entry, failures_digest
from docsite.build.options import BuildReport
from docsite.build.progress import Progress
from docsite.build.result import Build
from docsite.build.rounds import Rounds, leave_out
from docsite.build.site import Site
from docsite.build.workers import Outcome, Worker
from docsite.errors import DocsiteError
from docsite.output.bundles import ENTRY
from docsite.output.site_files import (
    changed_parts,
    missing_indexes,
    page_files,
    part_of,
    search_files,
    site_files,
)
from docsite.output.staging import Staging
from docsite.plan import Target
from docsite.plan.redirects import counts
from docsite.plan.urls import output_file
from docsite.render.liquid.state import BranchLog
from docsite.source.pages import Page


@dataclass
class Done:
    """What `render_and_write` did, and whether the output folder was already this site."""

    build: Build
    unchanged: bool

    @property
    def report(self) -> BuildReport:
        """The report of the build."""
        return self.build.report


def render_and_write(site: Site) -> Done:
    """Render what changed since the last build, check every page, then swap the output in."""
    options = site.options
    targets = site.targets()
    previous = {} if options.dry else manifest.load(options.out)
    fresh = [t for t in targets if not unchanged(previous.get(t.url), site, t)]
    unindexed = set() if options.dry else missing_indexes(options.out, site.layout, targets)
    nothing = (
        not fresh
        and set(previous) == {t.url for t in targets}
        and (options.search_later or not unindexed)
    )
    staging = None if nothing else Staging(options.out, seed=bool(previous), dry=options.dry)
    fresh_urls = {t.url for t in fresh}
    reused = {t.url: previous[t.url] for t in targets if t.url not in fresh_urls}
    outcomes: list[Outcome] = []
    if staging is not None:
        with Rounds(worker_of(site, targets, staging), options.jobs) as rounds:
            outcomes = render(site, rounds, fresh)
            if options.keep_going and not options.dry:
                fresh, outcomes = without_failed(site, rounds, fresh, reused, outcomes)
    entries = reused | {fresh[o.index].url: o.entry for o in outcomes}
    report = assemble(site, targets, entries, outcomes, fresh)
    result = Build(report, site, entries, rendered=[fresh[o.index].url for o in outcomes])
    pages = {t.url: t for t in targets if t.url in entries and not entries[t.url].errors}
    result.redirects = site.plan.redirects.kept(lambda target: target in pages)
    report.redirects = counts(result.redirects)
    if staging is not None and not options.dry:
        swapped = finish(site, staging, result, pages, fresh)
        report.committed, report.removed = swapped.committed, swapped.removed
        report.bundles = swapped.bundles
        report.written += swapped.written
        report.errors += [swapped.error] if swapped.error else []
        result.unindexed = swapped.unindexed
    if options.search_later:
        result.unindexed |= unindexed
    if staging is None and not options.dry:  # nothing changed: the output is this site already
        report.committed = not report.errors
    return Done(result, staging is None)


def worker_of(site: Site, targets: list[Target], staging: Staging) -> Worker:
    """The worker of a build: every target, written into the staging folder."""
    stubs = site.plan.redirects.by_target() if site.options.redirect_stubs else {}
    analyze = site.options.analyze
    return Worker(site.renderer, site.layout, targets, staging, stubs, site.prints, analyze=analyze)


def render(
    site: Site, rounds: Rounds, some: list[Target], failed: set[str] | None = None
) -> list[Outcome]:
    """Render some targets on every core; each outcome's index is its target's in `some`."""
    progress = Progress(len(some)) if site.options.progress else None
    back = {rounds.index(t): i for i, t in enumerate(some)}
    left_out = frozenset(failed or ())
    digest = failures_digest(failed) if failed else ""
    outcomes: list[Outcome] = []
    for batch in rounds.run(sorted(back), left_out, digest):
        outcomes += [replace(o, index=back[o.index]) for o in batch]
        if progress:
            progress.advance(len(batch))
    if progress:
        progress.close()
    return outcomes


def without_failed(
    site: Site,
    rounds: Rounds,
    fresh: list[Target],
    reused: dict[str, Entry],
    outcomes: list[Outcome],
) -> tuple[list[Target], list[Outcome]]:
    """`--keep-going`: lay out again the pages that would link to a page left out.

    Their sidebars, lists, previous/next and switchers then skip it and a link to it in the
    text is text (and a warning), so the output never links to a page it does not hold. A page
    laid out so carries the digest of the failed pages in its fingerprint: the next build
    reuses it while the same pages fail, and lays it out again when they change.
    """
    failed = {fresh[o.index].url for o in outcomes if not o.ok}
    failed |= {url for url, entry in reused.items() if entry.errors}
    digest = failures_digest(failed)
    # Reused, but laid out without another set of failed pages (or with none failing now).
    stale = {url for url, entry in reused.items() if entry.salt not in ("", digest)}
    if not failed and not stale:
        return fresh, outcomes
    targets = rounds.worker.targets
    entries = reused | {fresh[o.index].url: o.entry for o in outcomes}
    again = [t for t in affected(targets, failed, entries) if entries[t.url].salt != digest]
    redo = {t.url for t in again}
    again += [t for t in targets if t.url in stale and t.url not in redo]
    leave_out(rounds.worker, frozenset(failed), digest)  # here too: the 404 pages are laid out here
    redo |= stale
    kept = [o for o in outcomes if fresh[o.index].url not in redo]
    done = [replace(o, index=i) for i, o in enumerate(kept)]
    done += [replace(o, index=len(kept) + o.index) for o in render(site, rounds, again, failed)]
    return [fresh[o.index] for o in kept] + again, done


def affected(targets: list[Target], failed: set[str], entries: dict[str, Entry]) -> list[Target]:
    """The written pages that show or link to a failed page, or are another version of one."""
    if not failed:
        return []
    by_url = {t.url: t for t in targets}
    shown = {(by_url[u].version.id, by_url[u].language, by_url[u].english.rel) for u in failed}
    routes = {by_url[u].english.route for u in failed}  # the switchers of the same page
    return [
        t
        for t in targets
        if t.url not in failed
        and t.url in entries
        and (
            t.english.route in routes
            or any((t.version.id, t.language, rel) in shown for rel in entries[t.url].pages)
            or any(link.url.partition("?")[0] in failed for link in entries[t.url].links)
        )
    ]


def assemble(
    site: Site,
    targets: list[Target],
    entries: dict[str, Entry],
    outcomes: list[Outcome],
    fresh: list[Target],
) -> BuildReport:
    """The report: every problem of the sources, the renders, the links and the analysis."""
    options = site.options
    problems = site.problems()
    for target in targets:  # what reused pages said last time, they say again
        entry = entries.get(target.url)
        problems += [*entry.warnings, *entry.errors] if entry else []
    written = [
        (t, entries[t.url]) for t in targets if t.url in entries and not entries[t.url].errors
    ]
    failed = {t.url for t in targets if t.url in entries and entries[t.url].errors}
    left_out = failed if options.keep_going and not options.dry else set()  # not --skip-file's
    problems += site.link_problems(written, left_out)
    report = BuildReport(written=sum(o.written for o in outcomes), renders=len(outcomes))
    if options.analyze:
        report.matrix = analysis.matrix(site.plan)
        problems += analyze(site, outcomes, fresh)
    if options.strict:
        problems = [p.with_severity("error") if p.severity == "warning" else p for p in problems]
    report.errors = [p for p in problems if p.severity == "error"]
    report.warnings = [p for p in problems if p.severity == "warning"]
    report.tolerated = [p for p in problems if p.severity == "tolerated"]
    report.failed = sorted(t.url for t in targets if t.url in entries and entries[t.url].errors)
    report.skipped = [f"{path}: {reason}" for path, reason in site.skips.items()]
    fallbacks = {f"{t.url}: {e.fallback}" for t, e in written if e.fallback}
    report.fallbacks = sorted(fallbacks)
    report.reused = len(targets) - len(fresh)
    return report


def analyze(site: Site, outcomes: list[Outcome], fresh: list[Target]) -> list[DocsiteError]:
    """`check`'s findings: dead branches, empty pages, ranges matching nothing, code Liquid."""
    branches: BranchLog = {}
    empty: dict[str, tuple[Page, list[str]]] = {}
    for outcome in outcomes:
        target = fresh[outcome.index]
        if outcome.branches:
            analysis.merge_logs(branches, outcome.branches)
        if outcome.empty:
            page = target.english
            empty.setdefault(page.source, (page, []))[1].append(target.version.name)
    every = len(site.versions) == len(site.config.registry.versions)
    return analysis.findings(site.plan, empty, branches, every)


@dataclass
class Swapped:
    """What writing the site-wide files and swapping the staged site in did."""

    committed: bool = False
    written: int = 0
    removed: int = 0
    unindexed: set[str] = field(default_factory=set)  # parts left to the background indexer
    error: DocsiteError | None = None  # the search index failed: nothing was swapped in
    bundles: tuple[int, int] = (0, 0)  # search bundles indexed, and kept as they were


def finish(
    site: Site, staging: Staging, result: Build, pages: dict[str, Target], fresh: list[Target]
) -> Swapped:
    """Write the site-wide files and search, prune what is gone, and swap the staged site in."""
    options = site.options
    if result.report.errors and not options.keep_going:
        staging.discard()
        return Swapped()
    listed = {url: (result.entries[url].title, result.entries[url].summary) for url in pages}
    found = site_files(site.layout, result.redirects, listed, pages)
    stale = {part_of(t) for t in fresh} | changed_parts(staging.dir, found.parts)
    try:
        indexed, kept, unindexed = search_files(
            staging.dir, site.layout, pages, stale, options.jobs, later=options.search_later
        )
    except DocsiteError as err:
        staging.discard()
        return Swapped(error=err)
    files = found.files | indexed
    written = sum(staging.write(rel, data) for rel, data in files.items())
    keep = set(files) | kept | {f for url in pages for f in page_files(url)}
    keep |= {manifest.MANIFEST, stamps.STAMP}  # docsite's state: replaced after the swap
    if options.redirect_stubs:
        keep |= {output_file(r.source) for r in result.redirects.values()}
    removed = staging.prune(keep) if staging.seeded else 0
    staging.commit()
    # After the swap: a crash in between leaves an older manifest, which only causes re-renders.
    manifest.save(options.out, result.entries)
    bundles = (entries(indexed), entries(kept))
    return Swapped(True, written, removed, unindexed, bundles=bundles)


def entries(files: Iterable[str]) -> int:
    """How many search bundles these files hold (each has one entry file)."""
    return sum(1 for rel in files if rel.endswith(f"/{ENTRY}"))


def unchanged(entry: Entry | None, site: Site, target: Target) -> bool:
    """Whether the previous build's output for a target is still right.

    One laid out without failed pages is, for now, with `--keep-going`: `without_failed`
    renders it again unless the same pages fail.
    """
    if entry is None:
        return False
    reusable = site.options.keep_going or not entry.salt
    return reusable and entry.base == site.prints.of(target, entry.data)
