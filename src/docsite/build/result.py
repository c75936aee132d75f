"""What a build returns: the report users see, and what the preview server keeps of the site."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from docsite.build.options import BuildReport

if TYPE_CHECKING:
    from docsite.build.manifest import Entry
    from docsite.build.site import Site
    from docsite.plan.redirects import Redirect


@dataclass
class Build:
    """A build's result: the report users see, and the loaded site the preview server keeps."""

    report: BuildReport
    site: Site | None = None  # None when the build only said again what the last one said
    entries: dict[str, Entry] = field(default_factory=dict)  # URL -> what its render said
    redirects: dict[str, Redirect] = field(default_factory=dict)  # those to written pages
    rendered: list[str] = field(default_factory=list)  # the URLs rendered (not reused)
    unindexed: set[str] = field(default_factory=set)  # parts whose search index is left to do
