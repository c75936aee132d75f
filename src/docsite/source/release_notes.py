"""Release notes pages (`layout: release-notes`): generated from `data/release-notes/<release>/`."""

from __future__ import annotations

from pathlib import Path

import yaml

from docsite.config.versions import Version, release_key
from docsite.config.yamlfile import Loader
from docsite.errors import Location, SourceError
from docsite.source.files import read_text

SECTIONS = {
    "features": "Features",
    "changes": "Changes",
    "deprecations": "Deprecations",
    "security_fixes": "Security fixes",
    "bugs": "Bug fixes",
    "known_issues": "Known issues",
    "backups": "Backups",
}


def release_notes_markdown(data_root: Path, version: Version) -> tuple[str, str]:
    """Markdown (with Liquid) for every patch of a release, newest first, and its folder."""
    folder = data_root / "release-notes" / version.release.replace(".", "-")
    if version.plan != "enterprise-server" or not folder.is_dir():
        return "", str(folder)
    patches = sorted(folder.glob("*.yml"), key=lambda p: release_key(p.stem), reverse=True)
    return "\n\n".join(_patch(version, p, data_root) for p in patches), str(folder)


def _patch(version: Version, path: Path, data_root: Path) -> str:
    display = f"data/{path.relative_to(data_root).as_posix()}"
    try:
        notes = yaml.load(read_text(path, data_root, display), Loader=Loader) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = Location(display, mark.line + 1, mark.column + 1) if mark else Location(display)
        raise SourceError(f"release notes are not valid YAML: {exc}", where) from None
    if not isinstance(notes, dict):
        raise SourceError(
            "release notes must be a mapping (date, intro, sections)", Location(display)
        )
    number = f"{version.release}.{path.stem}"
    out = [
        f'<h2 id="{number}">{version.title}.{path.stem}</h2>',
        "",
        str(notes.get("date", "")),
        "",
        str(notes.get("intro", "")),
    ]
    for key, title in SECTIONS.items():
        items = (notes.get("sections") or {}).get(key) or []
        if items:
            out += ["", f"### {title}", ""] + [_item(item) for item in items]
    return "\n".join(out)


def _item(item: object) -> str:
    if isinstance(item, dict):
        heading = f"**{item.get('heading', '')}**\n\n" if item.get("heading") else ""
        return heading + "\n".join(_note(str(n)) for n in item.get("notes") or [])
    return _note(str(item))


def _note(text: str) -> str:
    lines = text.strip().split("\n")
    return "- " + "\n  ".join(lines) + "\n"
