"""The layout's files: docsite's theme (package data), overridden file by file by `templates/`."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import jinja2

from docsite.errors import Location, SourceError
from docsite.source.files import package_files

THEME = resources.files("docsite.layout").joinpath("theme")


def overrides(root: Path) -> Path:
    """A site's own templates folder (it may not exist)."""
    return root / "templates"


def loader(root: Path) -> jinja2.BaseLoader:
    """The site's templates first, then the theme's (as MkDocs' `custom_dir` overrides a theme)."""
    return jinja2.ChoiceLoader(
        [
            jinja2.FileSystemLoader(str(overrides(root))),
            jinja2.PackageLoader("docsite.layout", "theme"),
        ]
    )


def files(root: Path) -> dict[str, bytes]:
    """Every file of the layout by its path (`page.html`, `assets/docsite.css`), overrides won."""
    found = dict(package_files(THEME))
    own = overrides(root)
    if own.is_dir():
        for path in sorted(p for p in own.rglob("*") if p.is_file()):
            rel = path.relative_to(own).as_posix()
            if not path.resolve().is_relative_to(own.resolve()):
                raise SourceError(
                    f"templates/{rel} leads outside templates/ (to {path.resolve()})",
                    Location(f"templates/{rel}"),
                    "copy the file into the tree instead of linking to it",
                )
            found[rel] = path.read_bytes()
    return dict(sorted(found.items()))


def assets(root: Path) -> dict[str, bytes]:
    """The files copied to `/assets/` of the site."""
    return {path: data for path, data in files(root).items() if path.startswith("assets/")}
