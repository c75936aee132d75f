"""The build recipe: load everything, check everything, render, write atomically."""

from __future__ import annotations

import os
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from docsite import analysis, incremental, ownership, stamps
from docsite.checks import Rendered, check_links
from docsite.config import SiteConfig, load_config
from docsite.content import Content, Page, load_content
from docsite.data import DataStore, DataTree
from docsite.errors import DocsiteError, UsageError
from docsite.incremental import Entry, Fingerprints
from docsite.layout import Layout
from docsite.links import output_file
from docsite.liquid.environment import BranchLog, DocsEnvironment
from docsite.markdown import DEFAULT_ENGINE, Markdown
from docsite.output import Staging
from docsite.parallel import Worker, entry_of, render_targets
from docsite.progress import Progress
from docsite.redirects import RedirectMap
from docsite.render import Renderer
from docsite.site import SitePlan, Target
from docsite.site.files import (
    changed_parts,
    missing_indexes,
    page_files,
    part_of,
    search_files,
    site_files,
)
from docsite.site.tree import build_tree
from docsite.versions import Version


@dataclass(frozen=True)
class BuildOptions:
    """What to build and how strictly."""

    source: Path
    out: Path
    versions: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    strict: bool = False
    keep_going: bool = False
    config: Path | None = None
    progress: bool = True
    jobs: int = os.cpu_count() or 1
    skip_file: Path | None = None
    redirect_stubs: bool = True
    force: bool = False
    analyze: bool = False  # `check`: version logic, empty pages, Liquid in code
    dry: bool = False  # `check`: render and check everything, write nothing
    markdown_engine: str = DEFAULT_ENGINE
    reuse: bool = True  # inputs as at the last build: say again what it said, touch nothing
    search_later: bool = False  # `serve`: leave the search indexes to a background thread


@dataclass
class BuildReport:
    """What a build did and what went wrong."""

    errors: list[DocsiteError] = field(default_factory=list)
    warnings: list[DocsiteError] = field(default_factory=list)
    tolerated: list[DocsiteError] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    fallbacks: list[str] = field(default_factory=list)
    written: int = 0
    renders: int = 0
    seconds: float = 0.0
    committed: bool = False
    reused: int = 0
    removed: int = 0
    redirects: Counter[str] = field(default_factory=Counter)
    branches: BranchLog = field(default_factory=dict)
    empty: dict[str, tuple[Page, list[str]]] = field(default_factory=dict)
    matrix: str = ""
    loaded: Loaded | None = None  # what the build read, for the preview server to keep
    rendered: list[str] = field(default_factory=list)  # the URLs rendered (not reused)
    unindexed: set[str] = field(default_factory=set)  # parts whose search index is left to do


@dataclass
class Loaded:
    """Everything a build read and computed; the preview server keeps it between changes."""

    config: SiteConfig
    versions: list[Version]
    languages: list[str]
    content: Content
    plan: SitePlan
    data: DataStore
    renderer: Renderer
    layout: Layout
    prints: Fingerprints
    entries: dict[str, Entry]
    skips: dict[str, str]  # pages not rendered (`--skip-file`)


def build(options: BuildOptions) -> BuildReport:
    """Build the site for the chosen versions and languages into `options.out`."""
    started = time.perf_counter()
    config = load_config(options.source, options.config)
    if not options.dry:
        ownership.sweep(options.out)
        ownership.claim(options.out, options.source, input_folders(config), force=options.force)
    versions = choose_versions(config, options.versions)
    languages = choose_languages(config, options.languages)
    stamp = input_stamp(config, options)
    said = stamps.replay(options.out, stamp) if stamp else None
    if said is not None:
        return BuildReport(
            **said, committed=not said["errors"], seconds=time.perf_counter() - started
        )
    content = load_content(config, options.jobs, languages)
    plan = SitePlan(config, content)
    redirects = RedirectMap(plan)
    plan.follow(redirects.resolve)
    tree = build_tree(plan)
    data = load_data(config)
    env = DocsEnvironment(config.registry, data, mode_of=config.mode_of)
    env.branch_log = {} if options.analyze else None
    renderer = Renderer(plan, env, Markdown(options.markdown_engine), redirects)
    layout = Layout(plan, renderer, data, tree)
    report = BuildReport(
        errors=content.errors + plan.errors + redirects.errors,
        warnings=list(content.warnings),
    )
    for problem in tree.problems:
        (report.errors if problem.kind == "error" else report.warnings).append(problem)
    skips = read_skips(options.skip_file)
    report.skipped = [f"{path}: {reason}" for path, reason in skips.items()]
    targets = [t for t in plan.targets(versions, languages) if t.english.source not in skips]
    prints = Fingerprints(config, content, data.files(), options.markdown_engine, tree.signature())
    previous = {} if options.dry else incremental.load(options.out)
    fresh = [t for t in targets if not unchanged(previous.get(t.url), prints, t)]
    unindexed = missing_indexes(options.out, config, targets) if not options.dry else set()
    # The preview server indexes in the background: a missing index alone needs no build.
    nothing_changed = (
        not fresh
        and set(previous) == {t.url for t in targets}
        and (options.search_later or not unindexed)
    )
    staging = (
        None if nothing_changed else Staging(options.out, seed=bool(previous), dry=options.dry)
    )
    fresh_urls = {t.url for t in fresh}
    entries = {t.url: previous[t.url] for t in targets if t.url not in fresh_urls}
    if staging is not None:
        render_all(renderer, layout, fresh, staging, report, options, prints, entries)
    for url, entry in entries.items():  # what reused pages said last time, they say again
        if url not in fresh_urls:
            report.warnings += entry.warnings
            report.errors += entry.errors
            report.failed += [url] if entry.errors else []
    written = {url: e for url, e in entries.items() if not e.errors}
    rendered = [
        Rendered(t, written[t.url].heading_ids, written[t.url].links)
        for t in targets
        if t.url in written
    ]
    report.errors += check_links(plan, rendered)
    if options.analyze:
        report.matrix = analysis.matrix(plan)
        every = len(versions) == len(plan.config.registry.versions)
        report.warnings += analysis.findings(plan, report.empty, report.branches, every)
    report.fallbacks += [f"{url}: {e.fallback}" for url, e in written.items() if e.fallback]
    report.fallbacks = sorted(set(report.fallbacks))
    report.tolerated = [w for w in report.warnings if w.kind == "tolerated"]
    report.warnings = [w for w in report.warnings if w.kind != "tolerated"]
    if options.strict:
        for warning in report.warnings:
            warning.kind = "error"
        report.errors, report.warnings = report.errors + report.warnings, []
    report.reused = len(targets) - len(fresh)
    report.failed.sort()
    pages = {t.url: t for t in targets if t.url in written}
    finish(staging, layout, report, options, redirects, entries, pages, fresh)
    if options.search_later:
        report.unindexed |= unindexed
    if (report.committed or staging is None) and not options.dry:  # the output is this tree's
        if stamp:
            stamps.save(options.out, stamp, report)
        else:
            stamps.forget(options.out)
    report.loaded = Loaded(
        config, versions, languages, content, plan, data, renderer, layout, prints, entries, skips
    )
    report.seconds = time.perf_counter() - started
    return report


def input_folders(config: SiteConfig) -> list[Path]:
    """The folders docsite reads: the output may be beside them, never inside."""
    folders = ["content", "data", "templates", "translations"]
    folders += [lang.source for lang in config.languages if lang.source]
    return [config.root / folder for folder in folders]


def input_stamp(config: SiteConfig, options: BuildOptions) -> str:
    """The stamp of this build's inputs, or "" when the build must run whatever they are."""
    if not options.reuse or options.dry or options.analyze:
        return ""
    folders = sorted(set(input_folders(config)))
    outer = [f for f in folders if not any(o in f.parents for o in folders)]
    files = [config.file] + ([options.skip_file] if options.skip_file else [])
    return stamps.inputs(outer, files, options)


def unchanged(entry: Entry | None, prints: Fingerprints, target: Target) -> bool:
    """Whether the previous build's output for a target is still right."""
    return entry is not None and entry.fingerprint == prints.of(target, entry.data)


def read_skips(path: Path | None) -> dict[str, str]:
    """An explicit skip list: `content/path.md  reason` per line, `#` comments."""
    if path is None:
        return {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise UsageError(f"cannot read skip file {path}: {exc.strerror}") from exc
    entries = (line.split("#", 1)[0].strip().split(None, 1) for line in lines)
    return {e[0]: (e[1] if len(e) > 1 else "no reason given") for e in entries if e}


def choose_versions(config: SiteConfig, names: tuple[str, ...]) -> list[Version]:
    """Resolve command-line version names; all versions when none are given."""
    if not names:
        return list(config.registry.versions)
    chosen = {config.registry.resolve(name) for name in names}
    return [v for v in config.registry.versions if v in chosen]


def choose_languages(config: SiteConfig, codes: tuple[str, ...]) -> list[str]:
    """Check command-line language codes; all languages when none are given."""
    known = [lang.code for lang in config.languages]
    for code in codes:
        if code not in known:
            raise UsageError(f"unknown language {code!r}; valid languages: {', '.join(known)}")
    return [code for code in known if not codes or code in codes]


def load_data(config: SiteConfig) -> DataStore:
    """Index `data/` of English and of each translation."""
    return DataStore(
        {
            lang.code: DataTree(config.root / lang.source / "data", Path(lang.source) / "data")
            for lang in config.languages
        }
    )


def render_all(
    renderer: Renderer,
    layout: Layout,
    targets: list[Target],
    staging: Staging,
    report: BuildReport,
    options: BuildOptions,
    prints: Fingerprints,
    entries: dict[str, Entry],
) -> None:
    """Render targets into the staging folder, recording each one's manifest entry."""
    progress = Progress(len(targets)) if options.progress else None
    stubs = renderer.redirects.by_target() if options.redirect_stubs else {}
    worker = Worker(renderer, layout, targets, staging, stubs, prints)
    for outcomes in render_targets(worker, options.jobs):
        for outcome in outcomes:
            target = targets[outcome.index]
            report.errors += outcome.errors
            report.warnings += outcome.warnings
            if outcome.branches:
                analysis.merge_logs(report.branches, outcome.branches)
            if outcome.empty:
                page = target.english
                report.empty.setdefault(page.source, (page, []))[1].append(target.version.name)
            report.written += outcome.written
            entries[target.url] = entry_of(outcome)
            report.rendered.append(target.url)
            if not outcome.ok:
                report.failed.append(target.url)
        report.renders += len(outcomes)
        if progress:
            progress.advance(len(outcomes))
    if progress:
        progress.close()


def finish(
    staging: Staging | None,
    layout: Layout,
    report: BuildReport,
    options: BuildOptions,
    redirects: RedirectMap,
    entries: dict[str, Entry],
    pages: dict[str, Target],
    fresh: list[Target],
) -> None:
    """Swap the staged site in, unless errors stop it (and `--keep-going` was not given)."""
    redirects.keep(lambda target: target in pages)
    report.redirects = redirects.counts()
    if options.dry:
        return
    if staging is None:  # nothing changed: the output folder is already this site
        report.committed = not report.errors
        return
    if report.errors and not options.keep_going:
        staging.discard()
        return
    files = site_files(layout, redirects, entries, pages)
    stale = {part_of(t) for t in fresh} | changed_parts(staging.dir, files)
    try:
        indexed, kept, report.unindexed = search_files(
            staging.dir, layout, pages, stale, options.jobs, later=options.search_later
        )
    except DocsiteError as err:
        report.errors.append(err)
        staging.discard()
        return
    files |= indexed
    report.written += sum(staging.write(rel, data) for rel, data in files.items())
    keep = set(files) | kept | {f for url in pages for f in page_files(url)}
    if options.redirect_stubs:
        keep |= {output_file(r.source) for r in redirects.map.values()}
    report.removed = staging.prune(keep) if staging.seeded else 0
    staging.commit()
    report.committed = True
    # After the swap: a crash in between leaves an older manifest, which only causes re-renders.
    incremental.save(options.out, entries)
