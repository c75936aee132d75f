"""The site configuration: `docsite.yml` (or an older versions file), read and checked."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from docsite.config.schema import FieldSpecError, Schema, builtin
from docsite.config.switchers import PLATFORMS, TOOLS, Switchers, names_of
from docsite.config.versions import Registry, plans_from_data
from docsite.config.yamlfile import load as load_yaml
from docsite.config.yamlfile import locate, problem_of
from docsite.errors import ConfigError, Location, UsageError, did_you_mean

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
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config file: {exc}", Location(shown)) from exc
    try:
        raw = load_yaml(text)
    except yaml.YAMLError as exc:
        problem, place = problem_of(exc, shown, text)
        hint = "quote values that contain `:` or start with `{`, `*`, `&` or `'`"
        raise ConfigError(f"the config file is not valid YAML: {problem}", place, hint) from None
    where = _Locator(shown, text)
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
        title=_text(raw, "title", "Documentation", where),
        base_url=str(raw.get("base_url") or "").rstrip("/"),
        output=path.parent / str(output) if output else None,
        search=search,
        placeholder_features=_placeholders(raw.get("features"), where),
        switchers=chosen,
        logo=_text(raw, "logo", "", where),
        edit_url=_edit_url(raw, where),
        footer=_footer(raw.get("footer"), where),
    )


def _edit_url(raw: Mapping[str, object], where: _Locator) -> str:
    """`edit_url`: an address with `{path}` where the page's source path goes."""
    found = _text(raw, "edit_url", "", where)
    if found and "{path}" not in found:
        raise ConfigError(
            "`edit_url` needs `{path}` where the page's file goes",
            where.at("edit_url", value=True),
            "for example https://github.com/ORG/REPO/edit/main/{path}",
        )
    return found


def _footer(raw: object, where: _Locator) -> tuple[tuple[str, str], ...]:
    """`footer: [{title: Privacy, url: https://…}]`: links at the foot of every page."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise ConfigError("`footer` is a list of {title, url}", where.at("footer", value=True))
    links = []
    for item in raw:
        if not isinstance(item, Mapping) or not all(
            isinstance(item.get(k), str) and item.get(k) for k in ("title", "url")
        ):
            raise ConfigError(
                "each `footer` link needs a `title` and a `url`, both text",
                where.at("footer", value=True),
                "for example footer: [{title: Privacy, url: https://example.com/privacy}]",
            )
        links.append((str(item["title"]), str(item["url"])))
    return tuple(links)


def _switchers(raw: Mapping[str, object], where: _Locator) -> Switchers:
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


def _text(raw: Mapping[str, object], key: str, default: str, where: _Locator) -> str:
    """A key whose value is text (a number reads as text too)."""
    value = raw.get(key)
    if value is None:
        return default
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise ConfigError(f"`{key}` must be text", where.at(key, value=True))
    return str(value)


def _placeholders(raw: object, where: _Locator) -> tuple[str, ...]:
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


def _registry(raw: Mapping[str, object], where: _Locator) -> Registry:
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


@dataclass(frozen=True)
class _Locator:
    """Locates keys of the config file for its error messages."""

    path: str
    text: str

    def at(self, *keys: str, value: bool = False) -> Location:
        """The location of a key (or of its value) in the config file."""
        return locate(self.path, self.text, self.text, keys, value=value, first_line=1)

    def unknown(self, raw: object, known: tuple[str, ...], at: tuple[str, ...]) -> None:
        """Refuse a key the config does not know, with the closest known one."""
        if not isinstance(raw, Mapping):
            raise ConfigError("expected a mapping of keys", self.at(*at, value=True))
        for key in raw:
            if str(key) not in known:
                hint = did_you_mean(str(key), known) or "keys: " + ", ".join(known)
                raise ConfigError(f"unknown key `{key}`", self.at(*at, str(key)), hint)


def _mode(value: object, where: _Locator, keys: tuple[str, ...]) -> str:
    if value not in MODES:
        raise ConfigError(
            f"Liquid mode must be one of {', '.join(MODES)}, not {value!r}",
            where.at(*keys, value=True),
        )
    return str(value)


def _check_code(name: str, where: _Locator, keys: tuple[str, ...], what: str) -> None:
    if not CODE.fullmatch(name) or ".." in name:
        raise ConfigError(
            f"{what}: {name!r} cannot be part of a URL",
            where.at(*keys),
            "use letters, digits, `.`, `-` and `_`, starting and ending with a letter or digit",
        )


def _language(code: str, spec: Mapping[str, str], mode: str, where: _Locator) -> Language:
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
