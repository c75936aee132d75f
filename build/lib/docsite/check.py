"""`check`: build every page in a temporary folder, report every problem, keep nothing."""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

from docsite.build import BuildOptions, BuildReport, build


def check(options: BuildOptions) -> BuildReport:
    """Run the whole build, links included, without touching `options.out`."""
    with tempfile.TemporaryDirectory(prefix="docsite-check-") as tmp:
        report = build(dataclasses.replace(options, out=Path(tmp) / "site", keep_going=True))
    report.committed = False
    return report
