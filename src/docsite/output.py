"""Atomic output: write the new site beside the old one and swap it in only on success."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


class Staging:
    """A staging folder next to the output folder."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.dir = out.parent / f".{out.name}.staging-{os.getpid()}"
        if self.dir.exists():
            shutil.rmtree(self.dir)
        self.dir.mkdir(parents=True)
        self.written = 0

    def write(self, rel: str, data: bytes) -> None:
        """Write one file below the staging folder."""
        path = self.dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.written += 1

    def copy_tree(self, source: Path, rel: str) -> None:
        """Copy a folder of static files (CSS) into the site."""
        if source.is_dir():
            shutil.copytree(source, self.dir / rel, dirs_exist_ok=True)

    def commit(self) -> None:
        """Replace the output folder with the staged one."""
        old = self.out.parent / f".{self.out.name}.old-{os.getpid()}"
        if self.out.exists():
            self.out.rename(old)
        self.dir.rename(self.out)
        if old.exists():
            shutil.rmtree(old)

    def discard(self) -> None:
        """Throw the staged site away; the previous output stays as it was."""
        shutil.rmtree(self.dir, ignore_errors=True)
