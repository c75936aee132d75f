"""Building: the recipe, the loaded site, workers, the manifest, stamps and whole-site checks.

Names are imported on first use (PEP 562): `docsite build` with nothing changed replays its
report without loading Liquid, Markdown or Jinja.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docsite.build.options import BuildOptions, BuildReport
    from docsite.build.recipe import build
    from docsite.build.result import Build
    from docsite.build.site import Site, load_site

__all__ = ["Build", "BuildOptions", "BuildReport", "Site", "build", "load_site"]
WHERE = {
    "Build": "result",
    "BuildOptions": "options",
    "BuildReport": "options",
    "Site": "site",
    "build": "recipe",
    "load_site": "site",
}


def __getattr__(name: str) -> object:
    """A name of the package, imported from its module when first asked for."""
    if name not in WHERE:
        raise AttributeError(f"module 'docsite.build' has no attribute {name!r}")
    return getattr(importlib.import_module(f"docsite.build.{WHERE[name]}"), name)
