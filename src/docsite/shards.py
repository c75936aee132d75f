"""Site-wide files (redirect maps, sitemap) as the merge of one part per language and version.

Shards built apart (`--version`, `--lang`) and copied together then equal one full build.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import escape

from docsite.errors import UsageError
from docsite.redirects import Redirect, maps

PARTS = ".docsite/parts"


def part_name(language: str, version: str) -> str:
    """Where one language and version keep their part: `.docsite/parts/en-ghes-2.22.json`."""
    return f"{PARTS}/{language}-{version}.json"


def part(redirects: Iterable[Redirect], pages: Iterable[str], base_url: str) -> bytes:
    """One shard's part: its pages and the redirects that land on them."""
    data = {
        "base_url": base_url,
        "pages": sorted(pages),
        "redirects": sorted([r.source, r.target, r.kind] for r in redirects),
    }
    # compact: json's C encoder (an indent falls back to its Python one, 5 times slower)
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def parts(
    redirects: Iterable[Redirect], shard_of: dict[str, str], base_url: str
) -> dict[str, bytes]:
    """Each built language and version's part: page URL -> part name in `shard_of`."""
    grouped: dict[str, tuple[list[Redirect], list[str]]] = {n: ([], []) for n in shard_of.values()}
    for url, name in shard_of.items():
        grouped[name][1].append(url)
    for item in redirects:
        grouped[shard_of[item.target]][0].append(item)
    return {name: part(r, p, base_url) for name, (r, p) in sorted(grouped.items())}


def merged(pieces: Iterable[bytes]) -> dict[str, bytes]:
    """The site-wide files of some parts: three redirect maps and, with a base URL, a sitemap."""
    redirects: list[Redirect] = []
    pages: list[str] = []
    base_url = ""
    for raw in pieces:
        data = json.loads(raw)
        redirects += [Redirect(*r) for r in data["redirects"]]
        pages += data["pages"]
        base_url = base_url or data["base_url"]
    files = {name: text.encode() for name, text in maps(redirects).items()}
    if base_url:
        files["sitemap.xml"] = sitemap(base_url, pages).encode()
    return files


def sitemap(base_url: str, urls: Iterable[str]) -> str:
    """`sitemap.xml`: every page as an absolute URL under the site's base URL, in URL order."""
    entries = "".join(f"<url><loc>{escape(base_url + url)}</loc></url>\n" for url in sorted(urls))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{entries}</urlset>\n"
    )


def merge(folder: Path) -> int:
    """`docsite merge DIR`: rewrite the site-wide files of shards copied into one folder."""
    found = sorted((folder / PARTS).glob("*.json"))
    if not found:
        raise UsageError(f"{folder} holds no {PARTS}/*.json: is it a docsite output folder?")
    for name, data in merged(p.read_bytes() for p in found).items():
        (folder / name).write_bytes(data)
    return 0
