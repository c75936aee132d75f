"""Static search: one pagefind index per version and language, under its home's `_pagefind/`.

pagefind's Python API polls its service every 100 ms per answer (a site of 10,000 pages would
take 17 minutes), so docsite runs pagefind's binary (from `pagefind_bin_extended`, which
segments Chinese) once per shard over a tree of hard links to that shard's pages.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pagefind_bin_extended import get_executable

from docsite.errors import Location, SiteError
from docsite.plan.urls import output_file

FOLDER = "_pagefind"
ENTRY = "pagefind-entry.json"  # the file that makes an index whole: gone, it is rebuilt
SCRATCH = ".docsite/search"
# The pagefind processes running now, so that a stopping preview server can end them.
RUNNING: set[subprocess.Popen[bytes]] = set()
STOPPING = threading.Event()

# docsite's own search box talks to pagefind.js: pagefind's UI bundles are not published.
UI_BUNDLES = ("pagefind-ui", "pagefind-component-ui", "pagefind-modular-ui", "pagefind-highlight")


@dataclass(frozen=True)
class SearchShard:
    """The pages of one version and language, and the language its words are split in."""

    home: str  # `/cn/enterprise-server@2.22/`
    language: str  # ISO 639-1, `zh` for Chinese (pagefind's extended binary segments it)
    urls: tuple[str, ...]


def folder(home: str) -> str:
    """Where a shard's index lives, relative to the output folder."""
    return f"{home.strip('/')}/{FOLDER}".lstrip("/")


def entry(home: str) -> str:
    """The entry file of a shard's index, relative to the output folder."""
    return f"{folder(home)}/{ENTRY}"


def published(rel: str) -> bool:
    """Whether a file of pagefind's bundle is needed by docsite's search box."""
    return not rel.startswith(UI_BUNDLES)


def link_pages(site: Path, shard: SearchShard, into: Path) -> None:
    """A tree holding only the shard's pages (hard links, so nothing is copied)."""
    for url in shard.urls:
        rel = output_file(url)
        (into / rel).parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(site / rel, into / rel)
        except OSError:  # another file system: copy
            (into / rel).write_bytes((site / rel).read_bytes())


def command(tree: Path, out: Path, language: str) -> list[str]:
    """Pagefind over one shard's tree, into `out`, splitting words as `language` does."""
    return [
        str(get_executable()),
        *("--site", str(tree), "--output-path", str(out)),
        *("--force-language", language, "--silent"),
    ]


def build(site: Path, shards: Iterable[SearchShard], jobs: int) -> dict[str, bytes]:
    """Index each shard's pages as staged in `site`; the bundle files by path in the output."""
    files: dict[str, bytes] = {}
    # Inside the site (hard links need one file system), where the next build's prune removes
    # it if this process dies first: the preview server stops without waiting for pagefind.
    (site / SCRATCH).mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(dir=site / SCRATCH))
    try:
        running: list[tuple[SearchShard, Path, subprocess.Popen[bytes]]] = []
        for number, shard in enumerate(shards):
            tree, out = temporary / f"{number}", temporary / f"{number}-index"
            link_pages(site, shard, tree)
            if STOPPING.is_set():
                raise SiteError("stopped", Location(shard.home))
            process = subprocess.Popen(
                command(tree, out, shard.language), stdout=subprocess.PIPE, stderr=subprocess.STDOUT
            )
            RUNNING.add(process)
            running.append((shard, out, process))
            if len(running) >= jobs:
                files |= collect(*running.pop(0))
        for item in running:
            files |= collect(*item)
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
        with contextlib.suppress(OSError):  # others may be at work in it
            (site / SCRATCH).rmdir()
    return files


def collect(shard: SearchShard, out: Path, process: subprocess.Popen[bytes]) -> dict[str, bytes]:
    """Wait for one shard's pagefind; its files, or an error naming the shard."""
    said, _ = process.communicate()
    RUNNING.discard(process)
    if process.returncode != 0:
        message = f"search index of {shard.home} failed: {said.decode(errors='replace').strip()}"
        raise SiteError(
            message, Location(shard.home), "is the pagefind-bin-extended install whole?"
        )
    return {
        f"{folder(shard.home)}/{rel}": path.read_bytes()
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
