"""The site-wide files of a build: redirect maps, sitemaps, llms.txt, 404 pages, assets, search."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from docsite.layout import Layout, templates
from docsite.output import ownership, search, twins
from docsite.output.shards import Part, PartError, merged, part_name, parts
from docsite.plan import Target
from docsite.plan.redirects import Redirect
from docsite.plan.urls import output_file, page_url
from docsite.source.files import asset_files


def part_of(target: Target) -> str:
    """The shard part a target belongs to."""
    return part_name(target.language, target.version.name)


def page_files(url: str) -> tuple[str, str]:
    """A page's HTML and its Markdown twin."""
    html = output_file(url)
    return html, twins.twin_file(html)


@dataclass(frozen=True)
class SiteFiles:
    """Everything but pages and search, and the parts (kept apart: a rebuild compares them)."""

    files: dict[str, bytes]
    parts: dict[str, Part]


def site_files(
    layout: Layout,
    redirects: Mapping[str, Redirect],
    listed: Mapping[str, tuple[str, str]],  # page URL -> (title, intro), for llms.txt
    pages: Mapping[str, Target],
) -> SiteFiles:
    """Redirect maps, sitemaps, llms.txt, 404 pages, assets: everything but pages and search."""
    config = layout.plan.config
    info = {url: (part_of(t), *listed[url]) for url, t in pages.items()}
    built = {part_of(t): shard_of(layout, t) for t in pages.values()}
    found = parts(redirects.values(), info, built)
    files = {name: part.encode() for name, part in found.items()}
    files |= merged(found.values())
    own = {rel: path.read_bytes() for rel, path in asset_files(config.root).items()}
    files |= own | templates.assets(config.root)  # the theme's and templates/ win
    files |= layout.not_found_pages(sorted({t.language for t in pages.values()}))
    files[ownership.MARKER] = ownership.MARKER_TEXT
    return SiteFiles(files, found)


def shard_of(layout: Layout, target: Target) -> Part:
    """A built language and version, without its pages yet: its home and `llms.txt` title."""
    config, version = layout.plan.config, target.version
    language = config.language(target.language)
    name = language.native if language else target.language
    title = f"{config.title} ({version.title}, {name})"
    home = page_url(target.language, version, "")
    words = search_language(layout, target.language) if config.search else ""
    return Part(config.base_url, home, title, target.language, version.id, words)


def by_search_home(layout: Layout, pages: Iterable[Target]) -> dict[str, list[Target]]:
    """The pages of each search index (one per language), by where the index lives."""
    grouped: dict[str, list[Target]] = {}
    for target in pages:
        grouped.setdefault(layout.search_home(target.language), []).append(target)
    return grouped


def search_shard(layout: Layout, home: str, targets: list[Target]) -> search.SearchShard:
    """The index at `home` of these pages (of one language), with the language of its words."""
    indexed = (search.Indexed(t.url, t.version.id, t.english.route) for t in targets)
    return search.SearchShard.of(home, search_language(layout, targets[0].language), indexed)


def search_language(layout: Layout, code: str) -> str:
    """The language pagefind splits a language's words in: ISO 639-1 (`zh` for `cn`)."""
    language = layout.plan.config.language(code)
    return (language.hreflang if language else code).split("-")[0]


def changed_parts(site: Path, found: Mapping[str, Part]) -> set[str]:
    """Parts whose pages differ from the site's (a page added or removed)."""
    changed = set()
    for name, part in found.items():
        old = site / name
        try:
            before = Part.decode(old.read_bytes()).urls() if old.is_file() else []
        except PartError:  # not what a build wrote: written again
            before = None
        if before != part.urls():
            changed.add(name)
    return changed


def indexes(layout: Layout) -> bool:
    """Whether this build writes search indexes: search is on, and it is no shard (`merge` does)."""
    return bool(layout.plan.config.search) and not layout.nav.built.shard


def missing_indexes(out: Path, layout: Layout, targets: list[Target]) -> set[str]:
    """The parts whose search index is missing (none in a shard: `merge` indexes).

    The preview server removes the entry of an index it stopped before rebuilding.
    """
    if not indexes(layout):
        return set()
    homes = {part_of(t): layout.search_home(t.language) for t in targets}
    return {name for name, home in homes.items() if not (out / search.entry(home)).is_file()}


def search_files(
    site: Path,
    layout: Layout,
    pages: Mapping[str, Target],
    stale: set[str],
    jobs: int,
    *,
    later: bool = False,
    halt: threading.Event = search.STOPPING,
) -> tuple[dict[str, bytes], set[str], set[str]]:
    """The search index of each language where a page changed; the files of the others, kept.

    `stale` names shard parts (a version and language); an index is built again when any of
    its parts is stale. With `later` (the preview server), nothing is indexed: the files there
    are kept, and the parts that need an index are returned, for a background thread. A shard
    indexes nothing: its language's other versions are in other shards, and `merge` indexes.
    Setting `halt` ends the indexing before its next bundle.
    """
    todo, kept_files, left = [], set(), set()
    grouped = by_search_home(layout, pages.values()) if indexes(layout) else {}
    for home, targets in sorted(grouped.items()):
        parts = {part_of(t) for t in targets}
        needed = bool(parts & stale) or not (site / search.entry(home)).is_file()
        if needed and later:
            left |= parts
        if needed and not later:
            todo.append(search_shard(layout, home, targets))
        else:
            kept = site / search.folder(home)
            kept_files |= {p.relative_to(site).as_posix() for p in kept.rglob("*")}
    files, reused = search.build(site, todo, jobs, halt=halt)
    return files, kept_files | reused, left
