"""Site-wide files (redirect maps, sitemaps, llms.txt): one part per language and version, merged.

Shards built apart (`--version`, `--lang`) and copied together then equal one full build.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from docsite.output.redirects import maps
from docsite.output.sitemaps import sitemap, sitemap_index
from docsite.output.twins import llms_txt
from docsite.plan.redirects import Redirect

PARTS = ".docsite/parts"

PageInfo = tuple[str, str, str]  # (URL, title, intro)


def part_name(language: str, version: str) -> str:
    """Where one language and version keep their part: `.docsite/parts/en-ghes-2.22.json`."""
    return f"{PARTS}/{language}-{version}.json"


@dataclass(frozen=True)
class Part:
    """One built language and version: home, `llms.txt` title, pages and redirects to them."""

    base_url: str
    home: str  # `/cn/enterprise-server@2.22/`
    title: str  # `Docs (Enterprise Server 2.22, 简体中文)`
    pages: tuple[PageInfo, ...] = ()
    redirects: tuple[Redirect, ...] = ()

    def encode(self) -> bytes:
        """The part as the JSON file `.docsite/parts/NAME.json` holds."""
        data = {
            "base_url": self.base_url,
            "home": self.home,
            "title": self.title,
            "pages": [list(p) for p in self.pages],
            "redirects": [list(r) for r in self.redirects],
        }
        # compact: json's C encoder (an indent falls back to its Python one, 5 times slower)
        return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode()

    @classmethod
    def decode(cls, raw: bytes) -> Part:
        """A part read back from its file."""
        data = json.loads(raw)
        return cls(
            data["base_url"],
            data["home"],
            data["title"],
            tuple((str(u), str(t), str(i)) for u, t, i in data["pages"]),
            tuple(Redirect(*r) for r in data["redirects"]),
        )

    def urls(self) -> list[str]:
        """The URLs of its pages."""
        return [url for url, _, _ in self.pages]


def parts(
    redirects: Iterable[Redirect],
    pages: dict[str, tuple[str, str, str]],  # page URL -> (part name, title, intro)
    shards: dict[str, Part],  # part name -> its home and title
) -> dict[str, Part]:
    """Each built language and version's part, with its pages and redirects."""
    grouped: dict[str, tuple[list[Redirect], list[PageInfo]]] = {n: ([], []) for n in shards}
    for url, (name, title, intro) in pages.items():
        grouped[name][1].append((url, title, intro))
    for item in redirects:
        grouped[pages[item.target][0]][0].append(item)
    return {
        name: Part(
            shards[name].base_url,
            shards[name].home,
            shards[name].title,
            tuple(sorted(p)),
            tuple(sorted(r)),
        )
        for name, (r, p) in sorted(grouped.items())
    }


def merged(pieces: Iterable[Part]) -> dict[str, bytes]:
    """The site-wide files of some parts: redirect maps, `llms.txt` per shard, sitemaps."""
    redirects: list[Redirect] = []
    files: dict[str, bytes] = {}
    sitemaps: list[str] = []
    base_url = ""
    for part in pieces:
        redirects += part.redirects
        base_url = base_url or part.base_url
        folder = part.home.strip("/")
        files[f"{folder}/llms.txt"] = llms_txt(part.title, part.pages, base_url).encode()
        if base_url:
            files[f"{folder}/sitemap.xml"] = sitemap(base_url, part.urls()).encode()
            sitemaps.append(f"{part.home}sitemap.xml")
    files |= {name: text.encode() for name, text in maps(redirects).items()}
    if base_url:
        files["sitemap.xml"] = sitemap_index(base_url, sitemaps).encode()
    return dict(sorted(files.items()))
