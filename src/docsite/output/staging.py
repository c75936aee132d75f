"""Atomic output: stage the new site beside the old one, write only what changed, swap it in."""

from __future__ import annotations

import ctypes
import errno
import itertools
import os
import shutil
import subprocess
from pathlib import Path
from typing import Protocol

# Where search indexing works inside a site (`output/search.py`): scratch, never seeded.
SCRATCH = ".docsite/search"

_TRASH = itertools.count()


# A site is tens of thousands of small files (pages and redirect stubs, each in its own folder):
# plain system calls write one in half the time of `os.makedirs` and `open()`.
def make_folder(folder: str) -> None:
    """Create a folder whose parent usually exists already."""
    try:
        os.mkdir(folder)
    except FileExistsError:
        pass
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)


def refuse_outside(rel: str) -> None:
    """The writers' last line of defence (URLs are checked where they are read)."""
    if rel.startswith("/") or (".." in rel and ".." in rel.split("/")):
        raise ValueError(f"refusing to write outside the output folder: {rel}")


def write_new(path: str, data: bytes) -> None:
    """Write a file's bytes (replacing any file there)."""
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view) :]
    finally:
        os.close(handle)


def replace_if_changed(path: str, data: bytes) -> bool:
    """Give a file these bytes through a new file and a rename, unless it holds them already.

    Readers of the old file never see a half-written one. True when the file was written.
    """
    try:
        if os.path.getsize(path) == len(data):
            with open(path, "rb") as handle:
                if handle.read() == data:
                    return False
    except FileNotFoundError:
        pass
    temporary = f"{path}.{os.getpid()}.tmp"
    write_new(temporary, data)
    os.replace(temporary, path)
    return True


def write_atomically(path: Path, text: str) -> None:
    """Write a text file through a temporary file and a rename (a manifest, a stamp)."""
    temporary = path.with_suffix(".tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


def exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one atomic step (Linux renameat2); False where that is unsupported."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


class Writer(Protocol):
    """Where rendered files go: a staging folder, or the served folder itself."""

    dry: bool

    def write(self, rel: str, data: bytes) -> bool:
        """Write one file unless it holds these bytes already; True when written."""
        ...


class InPlace:
    """Writes into the served output folder itself, one file at a time, each replaced atomically."""

    dry = False
    seeded = True

    def __init__(self, out: Path) -> None:
        self.out = out

    def write(self, rel: str, data: bytes) -> bool:
        """Write a file unless it holds these bytes already; True when written."""
        refuse_outside(rel)
        path = self.out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        return replace_if_changed(str(path), data)


class Staging:
    """A staging folder next to the output folder, seeded with hard links to the previous site.

    Unchanged files stay hard links (same bytes, same timestamps); a changed file is written to a
    new file and renamed over its link, so the previous site is never modified in place.
    """

    def __init__(self, out: Path, *, seed: bool = True, dry: bool = False) -> None:
        self.out = out
        self.dry = dry  # `check`: render everything, write nothing
        self.dir = out.parent / f".{out.name}.staging-{os.getpid()}"
        self.folders: set[str] = set()
        self.seeded = False
        if dry:
            return
        if self.dir.exists():
            shutil.rmtree(self.dir)
        self.dir.mkdir(parents=True)
        self.seeded = seed and out.is_dir()
        if self.seeded:
            self._link_tree(out)

    def _link_tree(self, source: Path) -> None:
        """Hard-link every file of `source` into the staging folder, folders made alike."""
        skip = os.path.join(source, SCRATCH)  # another run's search work: not the site
        todo = [(str(source), str(self.dir))]
        while todo:
            here, there = todo.pop()
            self.folders.add(there)
            with os.scandir(here) as entries:
                for entry in entries:
                    into = f"{there}/{entry.name}"
                    if entry.is_dir(follow_symlinks=False):
                        if entry.path != skip:
                            os.mkdir(into)
                            todo.append((entry.path, into))
                    else:
                        os.link(entry.path, into)

    def write(self, rel: str, data: bytes) -> bool:
        """Write one file unless it already holds these bytes; True when it was written."""
        if self.dry:
            return True
        refuse_outside(rel)
        path = os.path.join(self.dir, rel)
        folder = os.path.dirname(path)
        if folder not in self.folders:
            make_folder(folder)
            self.folders.add(folder)
        if not self.seeded:  # nothing to compare with, nothing shared with the old site
            write_new(path, data)
            return True
        return replace_if_changed(path, data)

    def prune(self, keep: set[str]) -> int:
        """Delete staged files this build did not produce (pages that are gone); return how many."""
        return self._prune(str(self.dir), "", keep)

    def _prune(self, folder: str, rel: str, keep: set[str]) -> int:
        """Prune one folder (`rel` its path in the site, "" or ending in `/`); empty, it goes."""
        removed = 0
        with os.scandir(folder) as entries:
            found = list(entries)
        for entry in found:
            if entry.is_dir(follow_symlinks=False):
                removed += self._prune(entry.path, f"{rel}{entry.name}/", keep)
            elif f"{rel}{entry.name}" not in keep:
                os.unlink(entry.path)
                removed += 1
        if rel and not os.listdir(folder):
            os.rmdir(folder)
        return removed

    def commit(self) -> None:
        """Swap the staged site in; the output path names a complete site at every instant."""
        trash = self.out.parent / f".{self.out.name}.trash-{os.getpid()}-{next(_TRASH)}"
        if not self.out.exists():
            self.dir.rename(self.out)
            return
        if exchange(self.dir, self.out):  # the staging path now holds the previous site
            self.dir.rename(trash)
        else:  # a kill between these two renames is repaired by the next build's sweep
            old = self.out.parent / f".{self.out.name}.old-{os.getpid()}"
            self.out.rename(old)
            self.dir.rename(self.out)
            old.rename(trash)
        # Deleting thousands of files takes seconds; nobody needs to wait for it.
        subprocess.Popen(
            ["rm", "-rf", str(trash)],
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def discard(self) -> None:
        """Throw the staged site away; the previous output stays as it was."""
        shutil.rmtree(self.dir, ignore_errors=True)
