"""Release notes pages (`layout: release-notes`), generated from `data/release-notes/`.

Two layouts of the folder, as GitHub's source had them:
- per plan (2021-07 on): `release-notes/enterprise-server/3-1/0.yml` for a numbered plan (the
  patches of the version's release), `release-notes/github-ae/2021-03/2021-03-03.yml` for a plan
  without numbers (every release folder, newest first);
- flat (2021-04): `release-notes/3-0/1.yml`, Enterprise Server's releases.
Each patch is `date`, `intro` and `sections` (`features`, `bugs`, ... of notes, or of
`{heading, notes}` groups); a patch marked `deprecated: true` is not shown, as on GitHub.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from docsite.config.versions import Version
from docsite.config.yamlfile import load as load_yaml
from docsite.config.yamlfile import problem_of
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
PATCH = re.compile(r"(\d+)(?:-rc(\d+))?")


def folders(data_root: Path, version: Version) -> list[Path]:
    """The release folders whose notes a version's page shows, newest first."""
    base = data_root / "release-notes"
    own = base / version.plan
    if version.release == "latest":
        found = [f for f in own.iterdir() if f.is_dir()] if own.is_dir() else []
        return sorted(found, key=lambda f: f.name, reverse=True)
    name = version.release.replace(".", "-")
    for folder in (own / name, base / name):  # per plan; the flat 2021-04 form
        if folder.is_dir() and (folder == own / name or version.plan == "enterprise-server"):
            return [folder]
    return []


def patch_order(path: Path) -> tuple[int, int]:
    """Newest first: `2` before `1` before `0` before `0-rc2`; a date name sorts as text."""
    found = PATCH.fullmatch(path.stem)
    if found is None:
        return (0, 0)
    return (int(found[1]), int(found[2]) if found[2] else 1_000_000)


def release_notes_markdown(data_root: Path, version: Version) -> tuple[str, list[str]]:
    """Markdown (with Liquid) for every patch a version's page shows, and the files read."""
    parts, files = [], []
    for folder in folders(data_root, version):
        patches = sorted(folder.glob("*.yml"), key=lambda p: (patch_order(p), p.stem))
        for path in reversed(patches):
            display = f"data/{path.relative_to(data_root).as_posix()}"
            files.append(display)
            notes = read_notes(path, data_root, display)
            if not notes.get("deprecated"):
                parts.append(patch_markdown(version, path, notes))
    return "\n\n".join(parts), files


def read_notes(path: Path, data_root: Path, display: str) -> dict[str, object]:
    """One patch's YAML, checked to be a mapping."""
    text = read_text(path, data_root, display)
    try:
        notes = load_yaml(text) or {}
    except yaml.YAMLError as exc:
        problem, where = problem_of(exc, display, text)
        raise SourceError(f"release notes are not valid YAML: {problem}", where) from None
    if not isinstance(notes, dict):
        raise SourceError(
            "release notes must be a mapping (date, intro, sections)", Location(display)
        )
    return notes


def patch_markdown(version: Version, path: Path, notes: dict[str, object]) -> str:
    """One patch: its heading (anchored as GitHub's pages were), date, intro and sections."""
    if version.release == "latest":  # releases named by date: the patch's own title
        anchor = str(notes.get("date") or path.stem)
        heading = str(notes.get("title") or anchor)
    else:
        anchor = f"{version.release}.{path.stem.replace('-', '.')}"
        heading = f"{version.title}.{path.stem}"
    out = [f'<h2 id="{anchor}">{heading}</h2>', "", str(notes.get("date", ""))]
    out += ["", str(notes.get("intro", ""))]
    sections = notes.get("sections")
    for key, title in SECTIONS.items():
        items = (sections.get(key) if isinstance(sections, dict) else None) or []
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
