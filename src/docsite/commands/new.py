"""`docsite new DIR`: write a small docs repository that builds and serves at once."""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

from docsite.errors import UsageError
from docsite.source.files import package_files

STARTER = resources.files("docsite.commands").joinpath("new_site")

RENAMED = {"gitignore.txt": ".gitignore"}  # a dot file would be left out of the wheel's data


def new(directory: Path) -> int:
    """Copy the starter tree into a new or empty folder; never overwrite anything."""
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise UsageError(f"{directory} exists and is not an empty folder; nothing was written")
    files = dict(package_files(STARTER))
    for rel, data in files.items():
        target = directory / RENAMED.get(rel, rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    print(
        f"wrote {len(files)} files to {directory}\n"
        f"next: cd {directory} && docsite build   (or `docsite serve` to preview)",
        file=sys.stderr,
    )
    return 0
