"""The layout's files: docsite's theme (package data), overridden file by file by `templates/`."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import jinja2
from pygments.formatters import HtmlFormatter

from docsite.errors import Location, SourceError
from docsite.source.files import package_files

THEME = resources.files("docsite.layout").joinpath("theme")
# Code colours: Pygments' styles for the reader's scheme (WCAG AA on the code background).
CODE_STYLES = {"light": "default", "dark": "github-dark"}


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
    found = dict(package_files(THEME)) | {"assets/pygments.css": pygments_css()}
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


def pygments_css() -> bytes:
    """The colours of highlighted code, light and dark, from Pygments' own styles."""

    def rules(style: str) -> str:
        formatter = HtmlFormatter(style=style)
        found = formatter.get_style_defs("pre code").splitlines()  # type: ignore[no-untyped-call]
        return "\n".join(line for line in found if line.startswith("pre code ."))

    light, dark = rules(CODE_STYLES["light"]), rules(CODE_STYLES["dark"])
    head = "/* Generated from Pygments' styles " + ", ".join(CODE_STYLES.values()) + ". */\n"
    return f"{head}{light}\n@media (prefers-color-scheme: dark) {{\n{dark}\n}}\n".encode()
