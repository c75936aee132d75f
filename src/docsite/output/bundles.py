"""A language's search documents in bundles, each indexed again only when its documents changed.

pagefind's memory grows with the documents it indexes at once (about 250 MB a thousand), so an
index comes in bundles of about `BUNDLE` documents, which the search box merges. A document
goes to the bundle its file's hash names, so adding, removing or editing a document changes
its own bundle only; each bundle's folder keeps the digest of the documents it was made from
(`DIGEST`), and a build whose bundle reads the same keeps the files it has. pagefind writes the
same files for the same documents, so a kept bundle is what indexing it again would write.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

BUNDLE = 1000  # documents per pagefind run, about
DIGEST = "docsite-bundle.txt"  # in a bundle's folder: the digest of its documents
ENTRY = "pagefind-entry.json"  # the file that makes an index whole: gone, it is rebuilt


@dataclass(frozen=True)
class Bundle:
    """One pagefind run: some of an index's documents, and where its files go in the output."""

    language: str  # the language pagefind splits words in
    where: str  # `en/_pagefind`, `en/_pagefind/1`, ...
    texts: dict[str, str]  # document file -> its HTML

    @cached_property
    def digest(self) -> str:
        """What the bundle's index is made from: its documents and their language."""
        h = hashlib.blake2b(self.language.encode(), digest_size=16)
        for rel in sorted(self.texts):
            h.update(b"\0" + rel.encode() + b"\0" + self.texts[rel].encode())
        return h.hexdigest()

    def kept(self, site: Path) -> set[str] | None:
        """The files of this bundle in `site` if they were made from the same documents."""
        folder = site / self.where
        try:
            same = (folder / DIGEST).read_text(encoding="utf-8") == self.digest
        except OSError:
            return None
        if not same or not (folder / ENTRY).is_file():
            return None
        own = (p for p in folder.rglob("*") if p.is_file() and not nested(p.relative_to(folder)))
        return {p.relative_to(site).as_posix() for p in own}


def nested(rel: Path) -> bool:
    """Whether a file under a bundle's folder belongs to another bundle (`1/`, `2/`, ...)."""
    return len(rel.parts) > 1 and rel.parts[0].isdigit()


def split(texts: dict[str, str]) -> list[dict[str, str]]:
    """A language's documents in bundles of about `BUNDLE`, each by its file's hash."""
    count = max(1, -(-len(texts) // BUNDLE))
    groups: list[dict[str, str]] = [{} for _ in range(count)]
    for rel in sorted(texts):
        groups[slot(rel, count)][rel] = texts[rel]
    return [group for group in groups if group] or [{}]


def slot(rel: str, count: int) -> int:
    """The bundle a document file goes to: the same one for as long as the count stays."""
    return int.from_bytes(hashlib.blake2b(rel.encode(), digest_size=8).digest(), "big") % count
