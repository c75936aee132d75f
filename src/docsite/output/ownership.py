"""The output folder is docsite's alone: which folders it may replace, and its leftovers."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from docsite.errors import UsageError

MARKER = ".docsite/README"  # inside every output folder docsite wrote
MARKER_TEXT = b"Written by docsite. Every build replaces this folder as a whole.\n"
# Beside the output: `.<out>.staging-PID` (being built), `.<out>.old-PID` (the previous site
# between the two renames of a swap), `.<out>.trash-PID-N` (being deleted).
LEGACY = (".docsite-manifest.json", ".docsite-stamp.json")
LEFTOVER = re.compile(r"\.(?P<name>.+)\.(?P<kind>staging|old|trash)-(?P<pid>\d+)(?:-\d+)?")


def claim(out: Path, source: Path, inputs: list[Path], *, force: bool) -> None:
    """Refuse an output folder that holds sources or files docsite did not write."""
    target, root = out.resolve(), source.resolve()
    if target == root or root.is_relative_to(target):
        raise UsageError(
            f"--out {out} would replace the source tree {source}; choose a folder of its own "
            "such as _site"
        )
    for folder in inputs:
        if target.is_relative_to(folder.resolve()):
            raise UsageError(f"--out {out} is inside the source folder {folder}; choose another")
    if target.exists() and not target.is_dir():
        raise UsageError(f"--out {out} is a file, not a folder")
    if force or not target.is_dir() or owned(target) or not any(target.iterdir()):
        return
    raise UsageError(
        f"--out {out} holds files docsite did not write (no {MARKER} marker in it); every build "
        "replaces the output folder as a whole, so it would delete them. Choose an empty or new "
        "folder, or pass --force to replace it anyway"
    )


def owned(folder: Path) -> bool:
    """Whether docsite wrote this folder: the marker inside it, holding docsite's words.

    Only what is inside a folder speaks for it: a file beside it (which anyone may leave in a
    shared parent) never makes a folder docsite's to replace.
    """
    try:
        with (folder / MARKER).open("rb") as marker:
            return marker.read(len(MARKER_TEXT) + 1) == MARKER_TEXT
    except OSError:
        return False


def alive(pid: int) -> bool:
    """Whether a process still runs (a build that owns its staging folder)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep(out: Path) -> int:
    """Remove what killed builds left beside the output folder; restore a site lost mid-swap.

    Returns how many leftovers were removed.
    """
    parent = out.parent
    if not parent.is_dir():
        return 0
    found = []
    for entry in parent.iterdir():
        match = LEFTOVER.fullmatch(entry.name)
        if match and match["name"] == out.name and entry.is_dir() and not alive(int(match["pid"])):
            found.append(entry)
    olds = [e for e in found if LEFTOVER.fullmatch(e.name)["kind"] == "old"]  # type: ignore[index]
    if not out.exists() and olds:  # killed between two renames: the old site is complete
        olds.pop().rename(out)
    for entry in found:
        if entry.exists():
            shutil.rmtree(entry, ignore_errors=True)
    if owned(out):  # state older docsites kept beside the output; it lives inside it now
        for old in LEGACY:
            (parent / f".{out.name}{old}").unlink(missing_ok=True)
    return len(found)
