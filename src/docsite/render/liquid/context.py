"""The Liquid context GitHub's engine gave a page: the current version, language and page."""

from __future__ import annotations

from typing import Any

from docsite.config import Registry, Version
from docsite.render.liquid.state import INDEX, TRACE, PageIndex, Trace
from docsite.source.data import DataStore, DataView
from docsite.source.pages import Page


class Globals:
    """Builds the render globals of a page in a version and language."""

    def __init__(self, registry: Registry, data: DataStore, index: PageIndex) -> None:
        self.registry = registry
        self.data = data
        self.index = index
        ghes = registry.plan("enterprise-server")
        self.supported = list(ghes.releases) if ghes else []
        self.all_versions = {
            v.id: {
                "version": v.id,
                "versionTitle": v.title,
                "currentRelease": v.release,
                "plan": v.plan,
                "shortName": v.short,
            }
            for v in registry.versions
        }

    def of(self, page: Page, version: Version, language: str, trace: Trace) -> dict[str, Any]:
        """The globals of one render; `trace` records what it reads."""
        supported = self.supported
        return {
            "currentVersion": version.id,
            "currentVersionObj": version,
            "currentLanguage": language,
            "currentProduct": page.route.split("/")[0],
            "currentPath": page.route,
            "enterpriseServerVersions": [f"enterprise-server@{r}" for r in supported],
            "enterpriseServerReleases": {
                "supported": supported,
                "latest": supported[0] if supported else None,
            },
            version.short: True,
            "currentPageFile": page.rel,
            "allVersions": self.all_versions,
            "page": {"relativePath": page.rel, **page.front.raw},
            "site": {"data": DataView(self.data, language, trace.data)},
            TRACE: trace,
            INDEX: self.index,
        }
