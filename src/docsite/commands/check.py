"""`docsite check`: render and check every page of every version and language; write nothing."""

from __future__ import annotations

import dataclasses

from docsite.build import BuildOptions, BuildReport, build


def check(options: BuildOptions) -> BuildReport:
    """The whole build, links and version logic included, with no file written anywhere."""
    dry = dataclasses.replace(
        options, dry=True, analyze=True, keep_going=True, redirect_stubs=False
    )
    return build(dry).report
