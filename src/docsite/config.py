"""The site configuration: where sources live, the version registry and the languages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from docsite.errors import ConfigError, Location
from docsite.versions import Registry, registry_from_data

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DEFAULT_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# URL codes docs.github.com used that are not BCP 47 tags; `<html lang>` needs the real tag.
HREFLANG = {"cn": "zh-Hans", "zh": "zh-Hans", "jp": "ja", "br": "pt-BR", "kr": "ko"}


@dataclass(frozen=True)
class Language:
    """A published language: its URL code and the folder holding its translated tree."""

    code: str
    name: str
    native: str
    source: str
    hreflang: str

    @property
    def is_source(self) -> bool:
        """Whether this is the source language (English), not a translation."""
        return not self.source


@dataclass(frozen=True)
class SiteConfig:
    """Everything about a source tree that is not content."""

    root: Path
    registry: Registry
    languages: tuple[Language, ...]
    templates: Path

    def language(self, code: str) -> Language | None:
        """Find a language by its URL code."""
        return next((lang for lang in self.languages if lang.code == code), None)


def find_versions_file(root: Path) -> Path:
    """`data/versions.yml`, or `versions.yml` at the root (the corpus keeps it there)."""
    for candidate in (root / "data" / "versions.yml", root / "versions.yml"):
        if candidate.is_file():
            return candidate
    raise ConfigError(
        "no versions file found",
        Location(str(root)),
        "create data/versions.yml with a `plans:` list (see README), or pass --versions-file",
    )


def load_config(root: Path, versions_file: Path | None = None) -> SiteConfig:
    """Read the versions file (plans and languages) of a source tree."""
    path = versions_file or find_versions_file(root)
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)
        registry = registry_from_data(raw)
    except (yaml.YAMLError, ValueError, KeyError, TypeError) as exc:
        raise ConfigError(f"cannot read versions file: {exc}", Location(str(path))) from exc
    langs = raw.get("languages") or {"en": {"name": "English", "source": ""}}
    languages = tuple(_language(code, spec or {}) for code, spec in langs.items())
    templates = root / "templates"
    return SiteConfig(
        root, registry, languages, templates if templates.is_dir() else DEFAULT_TEMPLATES
    )


def _language(code: str, spec: dict[str, str]) -> Language:
    return Language(
        code=code,
        name=spec.get("name", code),
        native=spec.get("native", spec.get("name", code)),
        source=spec.get("source", ""),
        hreflang=spec.get("hreflang", HREFLANG.get(code, code)),
    )
