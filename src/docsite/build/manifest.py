"""Incremental builds: fingerprints of what each page's output depends on, kept in a manifest."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docsite.build.stamps import CODE
from docsite.config import SiteConfig
from docsite.errors import DocsiteError, as_rows, from_rows
from docsite.layout import templates
from docsite.output.staging import write_atomically
from docsite.plan import Target
from docsite.render.links import Link
from docsite.source.pages import Content

MANIFEST = ".docsite/manifest.json"  # inside the output folder, with the marker
FORMAT = 9  # bump when entries change shape


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
    heading_ids: tuple[str, ...]  # every id on the page a `#fragment` may name
    links: tuple[Link, ...]
    fallback: str
    warnings: tuple[DocsiteError, ...] = ()
    errors: tuple[DocsiteError, ...] = ()  # a failed render: same inputs, same errors
    pages: tuple[str, ...] = ()  # other pages whose title or intro the output shows
    title: str = ""  # what llms.txt lists
    summary: str = ""
    images: tuple[str, ...] = ()  # the site paths of the images it shows

    @property
    def base(self) -> str:
        """The fingerprint of the inputs, without the failed pages' digest."""
        return self.fingerprint.partition("~")[0]

    @property
    def salt(self) -> str:
        """The digest of the failed pages the output was laid out without ("" when none)."""
        return self.fingerprint.partition("~")[2]


def failures_digest(failed: set[str]) -> str:
    """What the pages laid out without these failed pages carry in their fingerprint."""
    if not failed:
        return ""
    return hashlib.blake2b("\n".join(sorted(failed)).encode(), digest_size=8).hexdigest()


def salted(fingerprint: str, digest: str) -> str:
    """A fingerprint with the digest of the failed pages its output was laid out without."""
    return f"{fingerprint}~{digest}" if digest else fingerprint


class Fingerprints:
    """Hashes of everything a page's HTML can depend on."""

    def __init__(
        self,
        config: SiteConfig,
        content: Content,
        data_files: list[str],
        engine: str,
        tree: str = "",
        structural: tuple[str, ...] = (),
    ) -> None:
        self.root = config.root
        self.structural = structural
        self.files: dict[str, str] = {}
        layout = templates.files(config.root)
        shared: list[str | bytes] = [self._tree(CODE, "*.py"), self._tree(CODE, "*.yml")]
        shared += [config.file.read_bytes(), engine]  # another Markdown engine, other HTML
        shared += [f"{name}:{digest(data)}" for name, data in layout.items()]
        # Navigation, link tags, redirects and titles read every page's front matter, and most
        # pages read variables and interface strings: a change there rebuilds everything.
        shared += [p.matter for p in content.pages.values()] + [tree]
        shared += sorted(data_files)
        shared += [self.file(f) for f in data_files if "/variables/" in f or f.endswith("ui.yml")]
        # Data that decides which pages exist in which version: the features pages name.
        shared += [f"{f}:{self.file(f)}" for f in structural]
        self.site = digest(*shared)
        # A language's pages show its own translations' titles, never another language's: an
        # English build needs no translation loaded, and its fingerprints do not change with one.
        self.language = {
            code: digest(*(p.matter for p in pages.values()))
            for code, pages in content.translations.items()
        }

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
            self.language.get(target.language, ""),
            target.url,
            target.english.text,
            target.page.text,
            *(f"{d}:{self.file(d)}" for d in data),
        )


def manifest_path(out: Path) -> Path:
    """Where the manifest of an output folder lives: `.docsite/manifest.json` inside it."""
    return out / MANIFEST


def save(out: Path, entries: dict[str, Entry]) -> None:
    """Write the manifest of the build now in `out` (atomically)."""
    manifest_path(out).parent.mkdir(exist_ok=True)
    write_atomically(manifest_path(out), dump(entries))


def load(out: Path) -> dict[str, Entry]:
    """The previous build's manifest, or nothing if it is missing, unreadable or outdated."""
    if not out.is_dir():  # the site was deleted: its manifest describes nothing that exists
        return {}
    try:
        raw = json.loads(manifest_path(out).read_text(encoding="utf-8"))
        if raw.get("format") != FORMAT:
            return {}
        lists = [tuple(items) for items in raw["lists"]]
        return {url: _entry(e, lists) for url, e in raw["pages"].items()}
    except (OSError, ValueError, LookupError, TypeError, AttributeError):  # not a manifest
        return {}


def _entry(raw: dict[str, Any], lists: list[tuple[str, ...]]) -> Entry:
    links = tuple(Link(*link) for link in raw["links"])
    return Entry(
        raw["fp"],
        lists[raw["data"]],
        tuple(raw["headings"]),
        links,
        raw["fallback"],
        from_rows(raw["warnings"]),
        from_rows(raw["errors"]),
        lists[raw["pages"]],
        raw["title"],
        raw["summary"],
        tuple(raw["images"]),
    )


def dump(entries: dict[str, Entry]) -> str:
    """The manifest of this build: each page's entry, its warnings included.

    The data files a page read and the pages whose titles it shows are the same lists for
    many pages (a sidebar's pages, for all of a product's): each distinct list is written once,
    in `lists`, and entries name it by its index. The corpus's manifest is 18 MB, not 44.
    """
    lists: dict[tuple[str, ...], int] = {}
    pages = {
        url: {
            "fp": e.fingerprint,
            "data": lists.setdefault(e.data, len(lists)),
            "headings": list(e.heading_ids),
            "links": [[x.written, x.url, x.fragment] for x in e.links],
            "fallback": e.fallback,
            "warnings": as_rows(e.warnings),
            "errors": as_rows(e.errors),
            "pages": lists.setdefault(e.pages, len(lists)),
            "title": e.title,
            "summary": e.summary,
            "images": list(e.images),
        }
        for url, e in sorted(entries.items())
    }
    manifest = {"format": FORMAT, "lists": [list(items) for items in lists], "pages": pages}
    return json.dumps(manifest, ensure_ascii=False, separators=(",", ":")) + "\n"
