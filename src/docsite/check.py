"""`check`: build every page in a temporary folder, report every problem, keep nothing."""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import tempfile
from pathlib import Path

from docsite.build import BuildOptions, BuildReport, build
from docsite.ownership import alive

PREFIX = "docsite-check-"
OWNED = re.compile(re.escape(PREFIX) + r"(\d+)-")


def check(options: BuildOptions) -> BuildReport:
    """Run the whole build, links included, without touching `options.out`."""
    sweep_checks(Path(tempfile.gettempdir()))
    tmp = tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-")
    try:
        scratch = dataclasses.replace(
            options, out=Path(tmp) / "site", keep_going=True, analyze=True
        )
        report = build(scratch)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    report.committed = False
    return report


def sweep_checks(folder: Path) -> None:
    """Delete the temporary folders of `check` runs that were killed."""
    for entry in folder.glob(f"{PREFIX}*"):
        owner = OWNED.match(entry.name)
        if owner and entry.is_dir() and not alive(int(owner[1])):
            shutil.rmtree(entry, ignore_errors=True)
