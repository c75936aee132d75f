"""The site-wide files of a build: redirect maps, sitemaps, llms.txt, 404 pages, assets, search."""

from __future__ import annotations

from pathlib import Path

from docsite import ownership, shards, templates
from docsite.config import SiteConfig
from docsite.incremental import Entry
from docsite.layout import Layout
from docsite.links import output_file, page_url
from docsite.redirects import RedirectMap
from docsite.site import search, twins
from docsite.site.plan import Target


def part_of(target: Target) -> str:
    """The shard part a target belongs to."""
    return shards.part_name(target.language, target.version.name)


def page_files(url: str) -> tuple[str, str]:
    """A page's HTML and its Markdown twin."""
    html = output_file(url)
    return html, twins.twin_file(html)


def site_files(
    layout: Layout, redirects: RedirectMap, entries: dict[str, Entry], pages: dict[str, Target]
) -> dict[str, bytes]:
    """Redirect maps, sitemaps, llms.txt, 404 pages, assets: everything but pages and search."""
    config = layout.plan.config
    info = {url: (part_of(t), entries[url].title, entries[url].summary) for url, t in pages.items()}
    built = {part_of(t): shard_of(layout, t) for t in pages.values()}
    files = shards.parts(redirects.map.values(), info, built, config.base_url)
    files |= shards.merged(files.values())
    files |= templates.assets(config.root)
    files |= layout.not_found_pages(sorted({t.language for t in pages.values()}))
    files[ownership.MARKER] = ownership.MARKER_TEXT
    return files


def shard_of(layout: Layout, target: Target) -> shards.Shard:
    """A built language and version: its home and the title of its `llms.txt`."""
    config, version = layout.plan.config, target.version
    language = config.language(target.language)
    name = language.native if language else target.language
    return shards.Shard(
        page_url(target.language, version, ""), f"{config.title} ({version.title}, {name})"
    )


def changed_parts(site: Path, files: dict[str, bytes]) -> set[str]:
    """Parts whose pages differ from the site's (a page added or removed)."""
    changed = set()
    for name, data in files.items():
        if name.startswith(shards.PARTS):
            old = site / name
            before = old.read_bytes() if old.is_file() else b""
            if shards.page_urls(before) != shards.page_urls(data):
                changed.add(name)
    return changed


def missing_indexes(out: Path, config: SiteConfig, targets: list[Target]) -> set[str]:
    """The parts whose search index is missing.

    The preview server removes the entry of an index it stopped before rebuilding.
    """
    if not config.search:
        return set()
    homes = {part_of(t): page_url(t.language, t.version, "") for t in targets}
    entry = "pagefind-entry.json"
    return {
        name for name, home in homes.items() if not (out / search.folder(home) / entry).is_file()
    }


def search_files(
    site: Path,
    layout: Layout,
    pages: dict[str, Target],
    stale: set[str],
    jobs: int,
    *,
    later: bool = False,
) -> tuple[dict[str, bytes], set[str], set[str]]:
    """The search index of each shard where a page changed; the files of the others, kept.

    With `later` (the preview server), nothing is indexed: the files there are kept, and the
    parts that need an index are returned, for a background thread.
    """
    grouped: dict[str, list[Target]] = {}
    for target in pages.values():
        grouped.setdefault(part_of(target), []).append(target)
    todo, kept_files, left = [], set(), set()
    if not layout.plan.config.search:
        grouped = {}
    for name, targets in sorted(grouped.items()):
        home = page_url(targets[0].language, targets[0].version, "")
        kept = site / search.folder(home)
        needed = name in stale or not (kept / "pagefind-entry.json").is_file()
        if needed and later:
            left.add(name)
        if needed and not later:
            language = layout.plan.config.language(targets[0].language)
            code = (language.hreflang if language else targets[0].language).split("-")[0]
            todo.append(search.SearchShard(home, code, tuple(sorted(t.url for t in targets))))
        else:
            kept_files |= {p.relative_to(site).as_posix() for p in kept.rglob("*")}
    return search.build(site, todo, jobs), kept_files, left
