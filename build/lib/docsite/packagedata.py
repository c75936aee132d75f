"""Files shipped inside the package: the theme, the front matter schema, the starter tree."""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources
from importlib.resources.abc import Traversable

ROOT = resources.files("docsite")
THEME = ROOT.joinpath("theme")
STARTER = ROOT.joinpath("new_site")


def read_text(name: str) -> str:
    """One file at the package's top, such as `schema.yml`."""
    return ROOT.joinpath(name).read_text(encoding="utf-8")


def walk(folder: Traversable, prefix: str = "") -> Iterator[tuple[str, bytes]]:
    """Every file below a package folder as (relative path, bytes), in name order."""
    for item in sorted(folder.iterdir(), key=lambda i: i.name):
        if item.is_dir():
            yield from walk(item, f"{prefix}{item.name}/")
        elif item.is_file() and item.name != "__pycache__":
            yield f"{prefix}{item.name}", item.read_bytes()
