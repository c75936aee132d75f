"""Incremental builds: fingerprints of what each page's output depends on, kept in a manifest."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from docsite.config import SiteConfig
from docsite.content import Content
from docsite.links import Link
from docsite.site import Target

MANIFEST = ".docsite/manifest.json"
CODE = Path(__file__).resolve().parent


def digest(*parts: str | bytes) -> str:
    """A short content hash."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part.encode() if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


@dataclass(frozen=True)
class Entry:
    """What the previous build knew about one page: fingerprint, data used, headings, links."""

    fingerprint: str
    data: tuple[str, ...]
    heading_ids: tuple[str, ...]
    links: tuple[Link, ...]
    fallback: str


class Fingerprints:
    """Hashes of everything a page's HTML can depend on."""

    def __init__(self, config: SiteConfig, content: Content, data_files: list[str]) -> None:
        self.root = config.root
        self.files: dict[str, str] = {}
        shared = [self._tree(CODE, "*.py"), self._tree(config.templates, "*")]
        # Navigation, link tags, redirects and titles read every page's front matter, and most
        # pages read variables and interface strings: a change there rebuilds everything.
        shared += [p.matter for p in content.pages.values()]
        shared += [p.matter for t in content.translations.values() for p in t.values()]
        shared += sorted(data_files)
        shared += [self.file(f) for f in data_files if "/variables/" in f or f.endswith("ui.yml")]
        self.site = digest(*shared)

    def _tree(self, folder: Path, pattern: str) -> str:
        files = sorted(p for p in folder.rglob(pattern) if p.is_file())
        return digest(*(f"{p.relative_to(folder)}:{digest(p.read_bytes())}" for p in files))

    def file(self, rel: str) -> str:
        """The hash of one source file (relative to the source root), cached."""
        if rel not in self.files:
            try:
                self.files[rel] = digest((self.root / rel).read_bytes())
            except OSError:
                self.files[rel] = "missing"
        return self.files[rel]

    def of(self, target: Target, data: tuple[str, ...]) -> str:
        """The fingerprint of one target given the data files it read."""
        return digest(
            self.site,
            target.url,
            target.english.text,
            target.page.text,
            *(f"{d}:{self.file(d)}" for d in data),
        )


def load(out: Path) -> dict[str, Entry]:
    """The previous build's manifest, or nothing if it is missing, unreadable or not clean."""
    try:
        raw = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not raw.get("clean"):
        return {}
    return {
        url: Entry(
            e["fp"],
            tuple(e["data"]),
            tuple(e["headings"]),
            tuple(Link(*link) for link in e["links"]),
            e["fallback"],
        )
        for url, e in raw.get("pages", {}).items()
    }


def dump(entries: dict[str, Entry], clean: bool) -> str:
    """The manifest of this build."""
    pages = {
        url: {
            "fp": e.fingerprint,
            "data": list(e.data),
            "headings": list(e.heading_ids),
            "links": [[x.written, x.url, x.fragment] for x in e.links],
            "fallback": e.fallback,
        }
        for url, e in sorted(entries.items())
    }
    return (
        json.dumps({"clean": clean, "pages": pages}, ensure_ascii=False, separators=(",", ":"))
        + "\n"
    )
