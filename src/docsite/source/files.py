"""Reading files: sources only inside their folder, only UTF-8 text, located; and package data."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from importlib.resources.abc import Traversable
from pathlib import Path

from docsite.errors import Location, SourceError


@functools.lru_cache(maxsize=64)
def _real(folder: Path) -> Path:
    return folder.resolve()


def read_text(path: Path, folder: Path, display: str) -> str:
    """A file's text; raises SourceError unless it lies in `folder` and is UTF-8 text."""
    real = path.resolve()
    if not real.is_relative_to(_real(folder)):
        raise SourceError(
            f"{display} leads outside {folder.name}/ (to {real}); it is not read",
            Location(display),
            "copy the file into the tree instead of linking to it",
        )
    return decode(path.read_bytes(), display)


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
