"""What a build is asked to do (`BuildOptions`), and what it tells the user (`BuildReport`).

The versions and languages a command line names are checked against the config here too.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from docsite.config import SiteConfig, Version
from docsite.config.engines import DEFAULT_ENGINE
from docsite.errors import DocsiteError, UsageError


@dataclass(frozen=True)
class BuildOptions:
    """What to build and how strictly."""

    source: Path
    out: Path
    versions: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    strict: bool = False
    keep_going: bool = False
    shard: bool = False  # one part of a merged site: switchers offer every version and language
    config: Path | None = None
    progress: bool = True
    jobs: int = os.cpu_count() or 1
    skip_file: Path | None = None
    redirect_stubs: bool = True
    share: bool = True  # render each distinct text of a page once, not once per version
    force: bool = False
    analyze: bool = False  # `check`: version logic, empty pages, Liquid in code
    dry: bool = False  # `check`: render and check everything, write nothing
    markdown_engine: str = DEFAULT_ENGINE
    reuse: bool = True  # inputs as at the last build: say again what it said, touch nothing
    search_later: bool = False  # `serve`: leave the search indexes to a background thread


@dataclass
class BuildReport:
    """What a build did and what went wrong: what the user is told."""

    errors: list[DocsiteError] = field(default_factory=list)
    warnings: list[DocsiteError] = field(default_factory=list)
    tolerated: list[DocsiteError] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    fallbacks: list[str] = field(default_factory=list)
    written: int = 0
    renders: int = 0
    seconds: float = 0.0
    committed: bool = False
    reused: int = 0
    removed: int = 0
    redirects: Counter[str] = field(default_factory=Counter)
    matrix: str = ""
    bundles: tuple[int, int] = (0, 0)  # search bundles indexed, and kept as they were


def choose_versions(config: SiteConfig, names: tuple[str, ...]) -> list[Version]:
    """Resolve command-line version names; all versions when none are given."""
    if not names:
        return list(config.registry.versions)
    chosen = {config.registry.resolve(name) for name in names}
    return [v for v in config.registry.versions if v in chosen]


def choose_languages(config: SiteConfig, codes: tuple[str, ...]) -> list[str]:
    """Check command-line language codes; all languages when none are given."""
    known = [lang.code for lang in config.languages]
    for code in codes:
        if code not in known:
            raise UsageError(f"unknown language {code!r}; valid languages: {', '.join(known)}")
    return [code for code in known if not codes or code in codes]
