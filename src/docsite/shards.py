"""Site-wide files (redirect maps, sitemaps, llms.txt): one part per language and version, merged.

Shards built apart (`--version`, `--lang`) and copied together then equal one full build.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from docsite.errors import UsageError
from docsite.redirects import Redirect, maps
from docsite.site.seo import sitemap, sitemap_index
from docsite.site.twins import llms_txt

PARTS = ".docsite/parts"


def part_name(language: str, version: str) -> str:
    """Where one language and version keep their part: `.docsite/parts/en-ghes-2.22.json`."""
    return f"{PARTS}/{language}-{version}.json"


@dataclass(frozen=True)
class Shard:
    """One built language and version: where its home is and what its `llms.txt` is titled."""

    home: str  # `/cn/enterprise-server@2.22/`
    title: str  # `Docs (Enterprise Server 2.22, 简体中文)`


def part(
    redirects: Iterable[Redirect], pages: Iterable[list[str]], base_url: str, shard: Shard
) -> bytes:
    """One shard's part: its pages (URL, title, intro) and the redirects that land on them."""
    data = {
        "base_url": base_url,
        "home": shard.home,
        "title": shard.title,
        "pages": sorted(pages),
        "redirects": sorted([r.source, r.target, r.kind] for r in redirects),
    }
    # compact: json's C encoder (an indent falls back to its Python one, 5 times slower)
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def parts(
    redirects: Iterable[Redirect],
    pages: dict[str, tuple[str, str, str]],  # page URL -> (part name, title, intro)
    shards: dict[str, Shard],
    base_url: str,
) -> dict[str, bytes]:
    """Each built language and version's part."""
    grouped: dict[str, tuple[list[Redirect], list[list[str]]]] = {n: ([], []) for n in shards}
    for url, (name, title, intro) in pages.items():
        grouped[name][1].append([url, title, intro])
    for item in redirects:
        grouped[pages[item.target][0]][0].append(item)
    return {name: part(r, p, base_url, shards[name]) for name, (r, p) in sorted(grouped.items())}


def page_urls(raw: bytes) -> list[str]:
    """The page URLs of a part (none for an empty or missing one)."""
    return [page[0] for page in json.loads(raw)["pages"]] if raw else []


def merged(pieces: Iterable[bytes]) -> dict[str, bytes]:
    """The site-wide files of some parts: redirect maps, `llms.txt` per shard, sitemaps."""
    redirects: list[Redirect] = []
    files: dict[str, bytes] = {}
    sitemaps: list[str] = []
    base_url = ""
    for raw in pieces:
        data = json.loads(raw)
        redirects += [Redirect(*r) for r in data["redirects"]]
        base_url = base_url or data["base_url"]
        folder = data["home"].strip("/")
        files[f"{folder}/llms.txt"] = llms_txt(data["title"], data["pages"], base_url).encode()
        if base_url:
            urls = [url for url, _, _ in data["pages"]]
            files[f"{folder}/sitemap.xml"] = sitemap(base_url, urls).encode()
            sitemaps.append(f"{data['home']}sitemap.xml")
    files |= {name: text.encode() for name, text in maps(redirects).items()}
    if base_url:
        files["sitemap.xml"] = sitemap_index(base_url, sitemaps).encode()
    return dict(sorted(files.items()))


def merge(folder: Path) -> int:
    """`docsite merge DIR`: rewrite the site-wide files of shards copied into one folder."""
    found = sorted((folder / PARTS).glob("*.json"))
    if not found:
        raise UsageError(f"{folder} holds no {PARTS}/*.json: is it a docsite output folder?")
    for name, data in merged(p.read_bytes() for p in found).items():
        (folder / name).write_bytes(data)
    return 0
