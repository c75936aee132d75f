"""The site configuration: `docsite.yml` (or an older versions file), read and checked."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from docsite.config.frame import frame
from docsite.config.schema import FieldSpecError, Schema, builtin
from docsite.config.switchers import PLATFORMS, TOOLS, Switchers, names_of
from docsite.config.versions import Registry, plans_from_data
from docsite.config.yamlfile import Locator, problem_of, text_value
from docsite.config.yamlfile import load as load_yaml
from docsite.errors import ConfigError, Location, UsageError

# The config file at a source root; then the versions files of earlier trees (the corpus keeps
# its own at the root), which hold only `plans:` and `languages:` but are read the same way.
CONFIG_FILES = ("docsite.yml", "docsite.yaml", "data/versions.yml", "versions.yml")
KEYS = (
    "title",
    "base_url",
    "output",
    "default_version",
    "plans",
    "languages",
    "front_matter",
    "liquid",
    "search",
    "features",
    "platforms",
    "tools",
    "logo",
    "edit_url",
    "footer",
)
LANGUAGE_KEYS = ("name", "native", "source", "hreflang", "liquid")
MODES = ("strict", "warn", "lax")
# Language codes, plan names and releases become folder names of the site.
CODE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?")
# URL codes docs.github.com used that are not BCP 47 tags; `<html lang>` needs the real tag.
HREFLANG = {"cn": "zh-Hans", "zh": "zh-Hans", "jp": "ja", "br": "pt-BR", "kr": "ko"}


@dataclass(frozen=True)
class Language:
    """A published language: its URL code, the folder of its translated tree, its Liquid mode."""

    code: str
    name: str
    native: str
    source: str
    hreflang: str
    liquid: str = "strict"

    @property
    def is_source(self) -> bool:
        """Whether this is the source language (English), not a translation."""
        return not self.source

    @property
    def prefix(self) -> str:
        """The start of the paths of its files, relative to the root (`translations/cn/`)."""
        return f"{self.source.rstrip('/')}/" if self.source else ""


@dataclass(frozen=True)
class SiteConfig:
    """Everything about a source tree that is not content."""

    root: Path
    file: Path
    registry: Registry
    languages: tuple[Language, ...]
    schema: Schema
    title: str = "Documentation"
    base_url: str = ""
    output: Path | None = None
    search: bool = True  # a pagefind index per version and language
    # Feature names that are false in every version (globs): GitHub's `ghae-next` placeholders.
    placeholder_features: tuple[str, ...] = ()
    switchers: Switchers = field(default_factory=Switchers)
    logo: str = ""  # a site path shown before the title in the header (`/assets/logo.svg`)
    edit_url: str = ""  # `https://…/edit/main/{path}`: "Edit this page", {path} the source file
    footer: tuple[tuple[str, str], ...] = ()  # (title, url) links at the foot of every page

    def language(self, code: str) -> Language | None:
        """Find a language by its URL code."""
        return next((lang for lang in self.languages if lang.code == code), None)

    def language_of(self, path: str) -> Language | None:
        """The language whose tree holds a source file (relative to the root): None for English."""
        return next(
            (lang for lang in self.languages if lang.source and path.startswith(lang.prefix)),
            None,
        )

    def mode_of(self, path: str) -> str:
        """The Liquid strictness of a source file: its language's (translations live apart)."""
        found = self.language_of(path)
        if found is not None:
            return found.liquid
        return next((lang.liquid for lang in self.languages if lang.is_source), "strict")


def find_config(root: Path) -> Path:
    """The config file of a source tree: `docsite.yml`, else an older versions file."""
    for name in CONFIG_FILES:
        if (root / name).is_file():
            return root / name
    raise ConfigError(
        "no docsite.yml found",
        Location(str(root)),
        "run `docsite new DIR` for a working example, or pass --config FILE",
    )


def load_config(root: Path, file: Path | None = None) -> SiteConfig:
    """Read and check a site's config file; every problem is a located ConfigError."""
    path = file or find_config(root)
    if file is not None and not file.is_file():  # named on the command line
        raise UsageError(f"--config {file}: no such file")
    shown = _display(path, root)
    text, raw = _read(path, shown)
    where = Locator(shown, text)
    if not isinstance(raw, Mapping):
        raise ConfigError("the config file must be a mapping of keys", where.at())
    where.unknown(raw, KEYS, ())
    registry = _registry(raw, where)
    fields = raw.get("front_matter") or {}
    where.unknown(fields, (*fields,), ("front_matter",))  # only checks that it is a mapping
    chosen = _switchers(raw, where)
    try:
        schema = builtin().extend(defaults_of(chosen)).extend(fields)
    except FieldSpecError as exc:
        raise ConfigError(str(exc), where.at("front_matter", exc.name, value=True)) from exc
    default_mode = _mode(raw.get("liquid", "strict"), where, ("liquid",))
    langs = raw.get("languages") or {"en": {"name": "English", "source": ""}}
    languages = tuple(
        _language(str(code), spec or {}, default_mode, where) for code, spec in langs.items()
    )
    output = raw.get("output")
    search = raw.get("search", True)
    if not isinstance(search, bool):
        raise ConfigError("`search` must be true or false", where.at("search", value=True))
    return SiteConfig(
        root=root,
        file=path,
        registry=registry,
        languages=languages,
        schema=schema,
        title=text_value(raw, "title", "Documentation", where),
        base_url=str(raw.get("base_url") or "").rstrip("/"),
        output=path.parent / str(output) if output else None,
        search=search,
        placeholder_features=_placeholders(raw.get("features"), where),
        switchers=chosen,
        **frame(raw, where),
    )


def _read(path: Path, shown: str) -> tuple[str, object]:
    """The config file's text and its YAML."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config file: {exc}", Location(shown)) from exc
    try:
        return text, load_yaml(text)
    except yaml.YAMLError as exc:
        problem, place = problem_of(exc, shown, text)
        hint = "quote values that contain `:` or start with `{`, `*`, `&` or `'`"
        raise ConfigError(f"the config file is not valid YAML: {problem}", place, hint) from None


def _switchers(raw: Mapping[str, object], where: Locator) -> Switchers:
    """`platforms:` and `tools:`, each a mapping of names to labels (GitHub's by default)."""
    kinds = {}
    for key, kind, default in (("platforms", "platform", PLATFORMS), ("tools", "tool", TOOLS)):
        try:
            kinds[kind] = names_of(raw.get(key), default)
        except ValueError as exc:
            raise ConfigError(f"`{key}` must be {exc}", where.at(key, value=True)) from exc
    return Switchers(kinds)


def defaults_of(chosen: Switchers) -> dict[str, object]:
    """`defaultPlatform` and `defaultTool` accept the configured names."""
    return {
        "defaultPlatform": {"enum": list(chosen.kinds["platform"])},
        "defaultTool": {"enum": list(chosen.kinds["tool"])},
    }


def _placeholders(raw: object, where: Locator) -> tuple[str, ...]:
    """`features: {placeholders: [ghae-next, ghae-issue-*]}`: names false in every version."""
    if raw is None:
        return ()
    where.unknown(raw, ("placeholders",), ("features",))
    names = raw.get("placeholders") or []  # type: ignore[attr-defined]
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise ConfigError(
            "`features.placeholders` must be a list of feature names",
            where.at("features", "placeholders", value=True),
            "for example placeholders: [ghae-next, ghae-issue-*]",
        )
    return tuple(names)


def _registry(raw: Mapping[str, object], where: Locator) -> Registry:
    """The plans, their releases and the default version, checked."""
    try:
        plans = plans_from_data(raw)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ConfigError(f"bad `plans`: {exc}", where.at("plans")) from exc
    for index, plan in enumerate(plans):
        for name in (plan.name, plan.short, *plan.known_releases()):
            _check_code(name, where, ("plans",), f"plans[{index}]")
    default = raw.get("default_version")
    try:
        return Registry(plans, None if default is None else str(default))
    except UsageError as exc:
        raise ConfigError(str(exc), where.at("default_version", value=True)) from exc


def _display(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def _mode(value: object, where: Locator, keys: tuple[str, ...]) -> str:
    if value not in MODES:
        raise ConfigError(
            f"Liquid mode must be one of {', '.join(MODES)}, not {value!r}",
            where.at(*keys, value=True),
        )
    return str(value)


def _check_code(name: str, where: Locator, keys: tuple[str, ...], what: str) -> None:
    if not CODE.fullmatch(name) or ".." in name:
        raise ConfigError(
            f"{what}: {name!r} cannot be part of a URL",
            where.at(*keys),
            "use letters, digits, `.`, `-` and `_`, starting and ending with a letter or digit",
        )


def _language(code: str, spec: Mapping[str, str], mode: str, where: Locator) -> Language:
    _check_code(code, where, ("languages", code), "language code")
    where.unknown(spec, LANGUAGE_KEYS, ("languages", code))
    return Language(
        code=code,
        name=spec.get("name", code),
        native=spec.get("native", spec.get("name", code)),
        source=spec.get("source", ""),
        hreflang=spec.get("hreflang", HREFLANG.get(code, code)),
        liquid=_mode(spec.get("liquid", mode), where, ("languages", code, "liquid")),
    )
