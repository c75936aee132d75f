"""`docsite merge DIR`: rewrite the site-wide files of shards copied into one folder.

The parts come from other jobs' outputs: each is checked (its fields, and that every path it
names stays inside DIR) before anything is written; every bad part is reported, located. Then
each language's search index is built from the pages of all its parts, as a full build does.
"""

from __future__ import annotations

import os
from pathlib import Path

from docsite.errors import DocsiteError, DocsiteErrors, Location, SourceError, UsageError
from docsite.output import search
from docsite.output.shards import PARTS, Part, PartError, merged
from docsite.output.staging import refuse_outside, replace_if_changed
from docsite.plan.urls import output_file


def merge(folder: Path) -> int:
    """Join the parts of every shard in `folder` into its redirect maps, sitemaps and llms.txt."""
    found = sorted((folder / PARTS).glob("*.json"))
    if not found:
        raise UsageError(f"{folder} holds no {PARTS}/*.json: is it a docsite output folder?")
    parts, problems = [], []
    for path in found:
        try:
            parts.append(read_part(path, folder))
        except DocsiteError as err:
            problems.append(err)
        else:
            problems += missing_pages(parts[-1], path, folder)
    if problems:
        raise DocsiteErrors(problems)
    for name, data in merged(parts).items():
        write_inside(folder, name, data)
    index(folder, parts)
    return 0


def index(folder: Path, parts: list[Part]) -> None:
    """Each language's search index, over the pages of its parts; no file of an old one left."""
    languages: dict[str, list[Part]] = {}
    for part in parts:
        if part.search:
            languages.setdefault(part.language, []).append(part)
    shards = [
        search.SearchShard.of(
            f"/{language}/",
            found[0].search,
            (
                search.Indexed(url, part.version, url.removeprefix(part.home).strip("/"))
                for part in found
                for url in part.urls()
            ),
        )
        for language, found in sorted(languages.items())
    ]
    files, _ = search.build(folder, shards, os.cpu_count() or 1, reuse=False)
    for name, data in files.items():
        write_inside(folder, name, data)  # refuses a folder on the way that leads out of DIR
    inside = folder.resolve()
    for shard in shards:  # then no file of an older index stays (nor is one outside DIR touched)
        old = folder / search.folder(shard.home)
        for path in [p for p in old.rglob("*") if p.is_file() and not p.is_symlink()]:
            stale = path.relative_to(folder).as_posix() not in files
            if stale and path.resolve().is_relative_to(inside):
                path.unlink()


def write_inside(folder: Path, name: str, data: bytes) -> None:
    """Write one merged file, refusing any path (or symlinked folder) that leads out of DIR."""
    refuse_outside(name)
    target = folder / name
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.parent.resolve().is_relative_to(folder.resolve()) or target.is_symlink():
        raise UsageError(f"{name} would be written outside {folder} (a symlink on its way)")
    replace_if_changed(str(target), data)


def missing_pages(part: Part, path: Path, folder: Path) -> list[SourceError]:
    """The first of a part's pages that is not in DIR (its shard was not copied whole)."""
    shown = path.relative_to(folder).as_posix()
    missing = next((u for u in part.urls() if not (folder / output_file(u)).is_file()), None)
    if missing is None:
        return []
    hint = "copy each shard's whole output folder into DIR, then merge"
    return [
        SourceError(f"{shown} lists {missing}, which is not in {folder}", Location(shown), hint)
    ]


def read_part(path: Path, folder: Path) -> Part:
    """One part file, checked; a located error for anything docsite would not have written."""
    shown = path.relative_to(folder).as_posix()
    hint = "copy the output folders of docsite builds into DIR, unchanged, then merge"
    if path.is_symlink() or not path.is_file():
        raise SourceError(f"{shown} is not a file", Location(shown), hint)
    raw = path.read_bytes()
    try:
        return Part.decode(raw)
    except PartError as err:
        text = raw.decode("utf-8", "replace")
        where = Location.at_offset(shown, text, err.offset) if err.offset >= 0 else None
        raise SourceError(f"not a docsite part: {err}", where or Location(shown), hint) from None
