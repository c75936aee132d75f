"""Static search: one pagefind index per language, each distinct page in it once.

Most pages read the same in several versions. The index holds each distinct text once, with
the versions that show it and its route as metadata: the search box keeps the results of the
reader's version and opens each in it (`docsite.js`). Metadata, not a pagefind filter: with
filters pagefind writes a different index for the same pages at each run, and a site must
build to the same bytes from the same sources. A build for one part of a merged site
(`--shard`) indexes nothing: `docsite merge` indexes each language once its parts are together.

pagefind's Python API polls its service every 100 ms per answer (a site of 10,000 pages would
take 17 minutes), so docsite runs pagefind's binary (from `pagefind_bin_extended`, which
segments Chinese) once per bundle of about a thousand documents (memory, cores), over a tree
holding one small document per distinct text; a bundle whose documents did not change keeps
its files (`bundles.py`).
"""

from __future__ import annotations

import contextlib
import html
import json
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pagefind_bin_extended import get_executable

from docsite.errors import Location, SiteError
from docsite.output.bundles import DIGEST, ENTRY, Bundle, split
from docsite.output.staging import SCRATCH
from docsite.plan.urls import output_file

FOLDER = "_pagefind"
PARTS = "docsite-parts.json"  # the index's other bundles (`1/`, ...), merged by the search box
# The pagefind processes running now, so that a stopping preview server can end them.
RUNNING: set[subprocess.Popen[bytes]] = set()
STOPPING = threading.Event()

# docsite's own search box talks to pagefind.js: pagefind's UI bundles are not published.
UI_BUNDLES = ("pagefind-ui", "pagefind-component-ui", "pagefind-modular-ui", "pagefind-highlight")


INDEXED = re.compile(r"<(\w+)\b[^>]*\bdata-pagefind-body\b[^>]*>")


@dataclass(frozen=True)
class Indexed:
    """A page an index holds: its URL, the id of its version, its route."""

    url: str
    version: str
    route: str


@dataclass(frozen=True)
class SearchShard:
    """The pages of one index, and the language its words are split in."""

    home: str  # `/cn/`
    language: str  # ISO 639-1, `zh` for Chinese (pagefind's extended binary segments it)
    pages: tuple[Indexed, ...]

    @classmethod
    def of(cls, home: str, language: str, pages: Iterable[Indexed]) -> SearchShard:
        """The pages of one index in the order of their URLs: the same index from the same pages."""
        return cls(home, language, tuple(sorted(pages, key=lambda p: p.url)))


def folder(home: str) -> str:
    """Where a shard's index lives, relative to the output folder."""
    return f"{home.strip('/')}/{FOLDER}".lstrip("/")


def entry(home: str) -> str:
    """The entry file of a shard's index, relative to the output folder."""
    return f"{folder(home)}/{ENTRY}"


def published(rel: str) -> bool:
    """Whether a file of pagefind's bundle is needed by docsite's search box."""
    return not rel.startswith(UI_BUNDLES)


def indexed_part(page: str) -> str:
    """The element of a page that pagefind reads (`data-pagefind-body`), else its `<body>`."""
    found = indexed_tag(page)
    if found is None:
        start, end = page.find("<body"), page.rfind("</body>")
        return page[start:end] if 0 <= start < end else page
    depth = 0
    for tag in re.compile(rf"<(/?){found[1]}\b[^>]*>").finditer(page, found.start()):
        depth += -1 if tag[1] else 1
        if depth == 0:
            return page[found.start() : tag.end()]
    return page[found.start() :]


def indexed_tag(page: str) -> re.Match[str] | None:
    """The first tag holding `data-pagefind-body`, as `INDEXED.search(page)` finds it.

    A tag cannot span a `>`, so the search starts after the last one before the first time
    the attribute's name is written: the page's sidebar and header are not scanned.
    """
    at = page.find("data-pagefind-body")
    return None if at < 0 else INDEXED.search(page, page.rfind(">", 0, at) + 1)


def without_hrefs(part: str) -> str:
    """`part` with every ` href="…"` dropped, and the whitespace before it.

    The regex that says so opens with a whitespace class, so it would be tried at every
    character of every page; the literal `href="` is found by `str.find` instead, and
    `str.isspace` is the class (a property test compares the two).
    """
    pieces, start = [], 0
    at = part.find('href="')
    while at >= 0:
        if at > 0 and part[at - 1].isspace():
            end = part.find('"', at + 6)
            if end < 0:  # unclosed: no later `href="` can close either
                break
            pieces.append(part[start : at - 1])
            start = end + 1
            at = part.find('href="', start)
        else:
            at = part.find('href="', at + 1)
    pieces.append(part[start:])
    return "".join(pieces)


def documents(site: Path, shard: SearchShard) -> dict[str, str]:
    """One document per distinct text among the shard's pages, by the file it is written to.

    Pages whose indexed parts differ only in their links' targets (the version in each URL)
    read alike: one document holds the text, the ids of their versions and their route.
    """
    texts: dict[str, tuple[Indexed, list[str], str]] = {}  # key -> (first page, versions, part)
    for page in shard.pages:
        part = indexed_part((site / output_file(page.url)).read_text(encoding="utf-8"))
        key = f"{page.route}\n{without_hrefs(part)}"
        texts.setdefault(key, (page, [], part))[1].append(page.version)
    found = {}
    for first, versions, part in texts.values():
        meta = (
            f'<span data-pagefind-meta="versions">{html.escape(" ".join(versions))}</span>'
            f'<span data-pagefind-meta="route">{html.escape(first.route)}</span>'
        )
        found[output_file(first.url)] = (
            f'<!DOCTYPE html><html lang="{shard.language}"><head><meta charset="utf-8"></head>'
            f"<body><div hidden>{meta}</div>\n{part}\n</body></html>\n"
        )
    return found


def write_documents(texts: dict[str, str], into: Path) -> None:
    """The tree pagefind reads for one bundle: its documents, by file."""
    for rel, text in texts.items():
        (into / rel).parent.mkdir(parents=True, exist_ok=True)
        (into / rel).write_text(text, encoding="utf-8")


def command(tree: Path, out: Path, language: str) -> list[str]:
    """Pagefind over one shard's tree, into `out`, splitting words as `language` does."""
    return [
        str(get_executable()),
        *("--site", str(tree), "--output-path", str(out)),
        *("--force-language", language, "--silent"),
    ]


def planned(site: Path, shards: Iterable[SearchShard]) -> tuple[list[Bundle], dict[str, bytes]]:
    """Each index's documents in bundles, and the file listing each index's other bundles."""
    found, lists = [], {}
    for shard in shards:
        parts = split(documents(site, shard))
        lists[f"{folder(shard.home)}/{PARTS}"] = json.dumps(
            [f"{i}/" for i in range(1, len(parts))]
        ).encode()
        found += [
            Bundle(shard.language, folder(shard.home) + (f"/{i}" if i else ""), texts)
            for i, texts in enumerate(parts)
        ]
    return found, lists


def build(
    site: Path,
    shards: Iterable[SearchShard],
    jobs: int,
    *,
    reuse: bool = True,
    halt: threading.Event = STOPPING,
) -> tuple[dict[str, bytes], set[str]]:
    """Index each shard's pages as staged in `site`: new files by path, and the files kept.

    A bundle whose documents are those its files in `site` were made from keeps them (with
    `reuse`; `merge` does not reuse: what is in its folder came from elsewhere). Once `halt`
    (or the process-wide `STOPPING`) is set, no more bundles start: the preview server's
    indexer halts its own runs that way.
    """
    todo, files = planned(site, shards)
    files |= {f"{bundle.where}/{DIGEST}": bundle.digest.encode() for bundle in todo}
    again, kept = unchanged(site, todo) if reuse else (todo, set())
    # Inside the site, where the next build's prune removes it if this process dies first:
    # the preview server stops without waiting for pagefind.
    (site / SCRATCH).mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(dir=site / SCRATCH))
    try:
        running: list[tuple[Bundle, Path, subprocess.Popen[bytes]]] = []
        for number, bundle in enumerate(again):
            tree, out = temporary / f"{number}", temporary / f"{number}-index"
            if halt.is_set() or STOPPING.is_set():
                raise SiteError("stopped", Location(bundle.where))
            write_documents(bundle.texts, tree)
            process = subprocess.Popen(
                command(tree, out, bundle.language),
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
            )
            RUNNING.add(process)
            running.append((bundle, out, process))
            if len(running) >= jobs:
                files |= collect(*running.pop(0))
        for item in running:
            files |= collect(*item)
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
        with contextlib.suppress(OSError):  # others may be at work in it
            (site / SCRATCH).rmdir()
    return files, kept


def unchanged(site: Path, todo: list[Bundle]) -> tuple[list[Bundle], set[str]]:
    """The bundles to index, and the files of those `site` holds as their documents make them."""
    again, kept = [], set()
    for bundle in todo:
        found = bundle.kept(site)
        if found is None:
            again.append(bundle)
        else:
            kept |= found
    return again, kept


def collect(bundle: Bundle, out: Path, process: subprocess.Popen[bytes]) -> dict[str, bytes]:
    """Wait for one bundle's pagefind; its files in the output, or an error naming the index."""
    said, _ = process.communicate()
    RUNNING.discard(process)
    if process.returncode != 0:
        message = f"search index {bundle.where} failed: {said.decode(errors='replace').strip()}"
        raise SiteError(
            message, Location(bundle.where), "is the pagefind-bin-extended install whole?"
        )
    return {
        f"{bundle.where}/{rel}": path.read_bytes()
        for path in sorted(p for p in out.rglob("*") if p.is_file())
        if published(rel := path.relative_to(out).as_posix())
    }


def stop(site: Path) -> None:
    """End every pagefind run of this process and remove the scratch they worked in.

    The preview server calls this when it stops: its background indexer may be mid-run.
    """
    STOPPING.set()
    for process in list(RUNNING):
        with contextlib.suppress(OSError):
            process.kill()
    for process in list(RUNNING):
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=5)
    shutil.rmtree(site / SCRATCH, ignore_errors=True)
