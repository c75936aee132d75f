"""Reading files: sources only inside their folder, only UTF-8 text, located; and package data."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from importlib.resources.abc import Traversable
from pathlib import Path

from docsite.errors import Location, SourceError

SAFE_SEGMENT = re.compile(r"[^\x00-\x1f\x7f/\\?#]+")


PATH_LENGTH = 1000  # characters of a site path
SEGMENT_LENGTH = 200  # bytes of one of its folders (file systems stop at 255)


def path_problem(path: str) -> str | None:
    """Why a site path (a page's, a `redirect_from` entry) cannot become a file, or None."""
    if len(path) > PATH_LENGTH:
        return f"the path is longer than {PATH_LENGTH} characters"
    segments = path.strip().strip("/").split("/")
    for segment in segments if path.strip("/ ") else []:
        if segment in ("", ".", ".."):
            return f"the path has an empty, `.` or `..` segment ({segment or '//'})"
        if not SAFE_SEGMENT.fullmatch(segment):
            return f"the segment {segment!r} holds a control character, `\\`, `?` or `#`"
        if len(segment.encode()) > SEGMENT_LENGTH:
            return f"a segment is longer than {SEGMENT_LENGTH} bytes"
    return None


# What a build writes besides pages: no page or redirect stub may stand where one of them does.
SITE_FILES = (
    "sitemap.xml",
    "llms.txt",
    "redirects.json",
    "_redirects",
    "redirects.nginx.conf",
    "404.html",
    "index.html",
    "index.md",
)
SITE_FOLDERS = ("assets", ".docsite", "_pagefind")


def reserved(entry: str) -> str | None:
    """Why a `redirect_from` entry would stand where the site's own files are, or None."""
    if entry.strip().startswith("//"):
        return "it starts with `//`, which browsers read as another host"
    segments = [s for s in entry.strip().split("/") if s]
    if segments and segments[-1] in SITE_FILES:
        return f"`{segments[-1]}` is a file docsite writes"
    found = next((s for s in segments if s in SITE_FOLDERS), None)
    return f"`{found}/` is a folder of files docsite writes" if found else None


def reserved_route(route: str) -> str | None:
    """Why a page's route would stand where the site's own files are, or None.

    `content/index.md.md` would be the folder `en/index.md/`, where the home page's Markdown
    twin is a file; `content/_pagefind.md` would be the home's search index.
    """
    segments = [s for s in route.split("/") if s]
    if segments and segments[-1] in SITE_FILES:
        return f"`{segments[-1]}` is a file docsite writes"
    return "`_pagefind/` is the folder of a search index" if "_pagefind" in segments else None


@functools.lru_cache(maxsize=64)
def _real(folder: Path) -> Path:
    return folder.resolve()


def read_text(path: Path, folder: Path, display: str) -> str:
    """A file's text; raises SourceError unless it lies in `folder` and is UTF-8 text."""
    try:
        real = path.resolve()
    except RuntimeError:  # Python 3.11 raises this for a symlink loop
        raise SourceError(
            f"{display} is a symlink loop", Location(display), "make it a file"
        ) from None
    if not real.is_relative_to(_real(folder)):
        raise SourceError(
            f"{display} leads outside {folder.name}/ (to {real}); it is not read",
            Location(display),
            "copy the file into the tree instead of linking to it",
        )
    try:
        return decode(path.read_bytes(), display)
    except OSError as exc:  # a folder named `x.md`, a symlink to nowhere, no permission
        what = "a folder, not a file" if path.is_dir() else exc.strerror or "unreadable"
        raise SourceError(f"{display} cannot be read: {what}", Location(display)) from None


def decode(data: bytes, display: str) -> str:
    """UTF-8 text, or a SourceError at the first byte that is not text."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        problem = f"not UTF-8: byte 0x{data[exc.start]:02x}"
        raise _located(data, exc.start, display, problem) from None
    nul = text.find("\0")
    if nul >= 0:
        raise _located(data, len(text[:nul].encode()), display, "a binary file (NUL byte)")
    return text.removeprefix("\ufeff")


def _located(data: bytes, offset: int, display: str, message: str) -> SourceError:
    start = data.rfind(b"\n", 0, offset) + 1
    end = data.find(b"\n", offset)
    raw = data[start : end if end >= 0 else len(data)].decode("utf-8", "replace")
    line = "".join(c if c.isprintable() or c == "\t" else "\ufffd" for c in raw)
    column = len(data[start:offset].decode("utf-8", "replace")) + 1
    where = Location(display, data.count(b"\n", 0, offset) + 1, column, line)
    return SourceError(message, where, "save the file as UTF-8 text")


def package_files(folder: Traversable, prefix: str = "") -> Iterator[tuple[str, bytes]]:
    """Every file below a folder of docsite's package as (relative path, bytes), in name order."""
    for item in sorted(folder.iterdir(), key=lambda i: i.name):
        if item.is_dir():
            yield from package_files(item, f"{prefix}{item.name}/")
        elif item.is_file() and item.name != "__pycache__":
            yield f"{prefix}{item.name}", item.read_bytes()


def asset_files(root: Path) -> dict[str, Path]:
    """The files of the source's `assets/` folder (images), by their path in the site.

    `assets/images/a.png` is published at `/assets/images/a.png`; a file that leads outside
    the folder (a symlink) is left out, as sources are.
    """
    folder = root / "assets"
    if not folder.is_dir():
        return {}
    inside = _real(folder)
    return {
        f"assets/{path.relative_to(folder).as_posix()}": path
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.resolve().is_relative_to(inside)
    }
