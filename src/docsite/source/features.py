"""Feature flags: `data/features/NAME.yml` holds the versions a named feature is in.

A page's `ifversion` (or plain `if`) may name a feature; its front matter may add a feature's
versions to its own (`versions: {feature: NAME}`). Names the config declares as placeholders
(`features: {placeholders: [ghae-next, ghae-issue-*]}`) are false in every version, as GitHub's
engine read a feature no file defined.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from docsite.config import SiteConfig, Version
from docsite.config.versions import Registry
from docsite.config.yamlfile import load as load_yaml
from docsite.config.yamlfile import locate, problem_of
from docsite.errors import DocsiteError, FrontMatterError, Location, SourceError
from docsite.source.files import read_text
from docsite.source.frontmatter import check_versions

FOLDER = "data/features"


@dataclass(frozen=True)
class Feature:
    """One feature: where it is defined and the ids of the versions it is in."""

    name: str
    path: str  # `data/features/NAME.yml`, an input of every render that tests it
    versions: frozenset[str]

    def __call__(self, version: Version) -> bool:
        """Whether the feature is in a version."""
        return version.id in self.versions


@dataclass(frozen=True)
class Features:
    """Every feature of a site, and the placeholder names that are false everywhere."""

    found: Mapping[str, Feature] = field(default_factory=dict)
    placeholders: tuple[str, ...] = ()
    errors: tuple[DocsiteError, ...] = ()

    def get(self, name: str) -> Feature | None:
        """A feature by name; a placeholder is a feature in no version."""
        found = self.found.get(name)
        if found is None and any(fnmatch.fnmatchcase(name, p) for p in self.placeholders):
            return Feature(name, "", frozenset())
        return found

    def names(self) -> list[str]:
        """The names of the defined features."""
        return sorted(self.found)

    def values(self, version: Version) -> dict[str, bool]:
        """Each feature name as a Liquid context boolean (`{% if my-feature %}`)."""
        return {name: feature(version) for name, feature in self.found.items()}


def load_features(config: SiteConfig) -> Features:
    """Read `data/features/*.yml`; a broken file is an error at its line, not a feature."""
    folder = config.root / FOLDER
    found: dict[str, Feature] = {}
    errors: list[DocsiteError] = []
    paths = sorted(folder.glob("*.yml")) + sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    for path in paths:
        display = f"{FOLDER}/{path.name}"
        try:
            feature, problems = read_feature(path, display, config.registry)
        except DocsiteError as err:
            feature, problems = None, [err]
        errors += problems
        if feature is not None:
            found[path.stem] = feature
    return Features(found, config.placeholder_features, tuple(errors))


def read_feature(
    path: Path, display: str, registry: Registry
) -> tuple[Feature | None, list[DocsiteError]]:
    """One feature file: a mapping with a `versions` block, as a page's front matter has."""
    text = read_text(path, path.parent, display)
    try:
        data = load_yaml(text)
    except yaml.YAMLError as exc:
        problem, place = problem_of(exc, display, text)
        raise SourceError(f"feature file is not valid YAML: {problem}", place) from None
    spec = data.get("versions") if isinstance(data, dict) else None
    if not isinstance(spec, dict) and spec != "*":
        raise FrontMatterError(
            "a feature file holds a `versions` block",
            Location.at_line(display, text, 1),
            "for example: versions: {fpt: '*', ghes: '>3.1'}",
        )
    if isinstance(spec, dict):

        def where(*keys: str) -> Location:
            return locate(display, text, text, ("versions", *keys), value=True, first_line=1)

        problems = check_versions(spec, registry, where)
        if problems:
            return None, problems
        spec = {k: str(v) for k, v in spec.items() if k != "feature"}
    else:
        spec = {p.name: "*" for p in registry.plans}
    chosen, _ = registry.applicable(spec)
    return Feature(path.stem, display, frozenset(v.id for v in chosen)), []
