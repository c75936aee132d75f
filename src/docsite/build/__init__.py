"""Building: the recipe, the loaded site, workers, the manifest, stamps and whole-site checks."""

from docsite.build.options import BuildOptions, BuildReport
from docsite.build.recipe import Build, build
from docsite.build.site import Site, load_site

__all__ = ["Build", "BuildOptions", "BuildReport", "Site", "build", "load_site"]
