"""The no-change fast path: a stamp of every input file's metadata, and the report it gave."""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections import Counter
from pathlib import Path
from typing import Any

from docsite.build.options import BuildOptions, BuildReport
from docsite.errors import as_rows, from_rows
from docsite.output.staging import write_atomically

CODE = Path(__file__).resolve().parents[1]  # docsite's own code: an input of every page
STAMP = ".docsite/stamp.json"  # inside the output folder, like the manifest
FORMAT = 2
# File times come from the kernel's coarse clock: two edits of the same size within one tick
# look alike. A file written this recently may still change unseen, so its tree gets no stamp
# (git's "racy" index entries, the same problem).
RACY_NS = 100_000_000


def stamp_path(out: Path) -> Path:
    """Where the stamp of an output folder lives: `.docsite/stamp.json` inside it."""
    return out / STAMP


def inputs(folders: list[Path], files: list[Path], options: BuildOptions) -> str:
    """A digest of the options and of each input file's path, size, time and inode.

    Reading metadata only, it costs a directory walk; an edit, a new, deleted or renamed file,
    and a new docsite (its code is an input) all change it. "" when a file was written in the
    last `RACY_NS`: then the build runs and leaves no stamp.
    """
    h = hashlib.blake2b(digest_size=16)
    chosen = (
        options.versions,
        options.languages,
        options.strict,
        options.keep_going,
        options.shard,
    )
    h.update(repr((*chosen, options.redirect_stubs, options.markdown_engine)).encode())
    now, newest = time.time_ns(), 0
    for path in [*files, *folders, CODE]:
        for name, stat in _walk(path):
            h.update(os.fsencode(name))  # a name need not be UTF-8
            h.update(f"\0{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_ino}\n".encode())
            newest = max(newest, stat.st_mtime_ns or 0)  # 0: a missing file
    return "" if now - newest < RACY_NS else h.hexdigest()


def _walk(path: Path) -> list[tuple[str, os.stat_result]]:
    found: list[tuple[str, os.stat_result]] = []
    try:
        found.append((str(path), os.stat(path)))
    except OSError:
        return [(str(path), os.stat_result((0,) * 10))]
    for root, dirs, names in os.walk(path):
        dirs.sort()
        for name in sorted(names):
            full = os.path.join(root, name)
            try:
                found.append((full, os.stat(full)))
            except OSError:  # a dangling link: its name alone
                found.append((full, os.stat_result((0,) * 10)))
    return found


def save(out: Path, stamp: str, report: BuildReport) -> None:
    """Remember the stamp of the inputs this output was built from, with what the build said."""
    said = {
        "errors": as_rows(tuple(report.errors)),
        "warnings": as_rows(tuple(report.warnings)),
        "tolerated": as_rows(tuple(report.tolerated)),
        "failed": report.failed,
        "skipped": report.skipped,
        "fallbacks": report.fallbacks,
        "redirects": dict(report.redirects),
    }
    stamp_path(out).parent.mkdir(exist_ok=True)
    write_atomically(
        stamp_path(out), json.dumps({"format": FORMAT, "stamp": stamp, "report": said})
    )


def forget(out: Path) -> None:
    """Drop the stamp: the output is being changed by something other than a build."""
    stamp_path(out).unlink(missing_ok=True)


def replay(out: Path, stamp: str) -> dict[str, Any] | None:
    """What the last build said, if its inputs had this stamp and its output is still there."""
    try:
        raw = json.loads(stamp_path(out).read_text())
    except (OSError, ValueError):
        return None
    if raw.get("format") != FORMAT or raw.get("stamp") != stamp or not out.is_dir():
        return None
    said: dict[str, Any] = raw["report"]
    return {
        "errors": list(from_rows(said["errors"])),
        "warnings": list(from_rows(said["warnings"])),
        "tolerated": list(from_rows(said["tolerated"])),
        "failed": said["failed"],
        "skipped": said["skipped"],
        "fallbacks": said["fallbacks"],
        "redirects": Counter(said["redirects"]),
    }
