"""The layout's interface strings: docsite's English (`strings/en.yml`), then the site's own.

A language's `data/ui.yml` overrides any string under `docsite:`, else the key GitHub's own
`ui.yml` used for it; what neither has stays English.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from importlib import resources

from docsite.config import Language
from docsite.config.yamlfile import load as load_yaml
from docsite.config.yamlfile import locate
from docsite.errors import DocsiteError, Location, SourceError, did_you_mean, warning
from docsite.source.data import DataStore

# Where GitHub's own `data/ui.yml` kept a string docsite shows: used when `ui.docsite` lacks it.
GITHUB_KEYS = {
    "translation_notice": "ui.header.notices.localization_complete",
    "in_this_article": "ui.pages.miniToc",
    "version": "ui.homepage.version_picker",
    "popular": "ui.toc.popular_articles",
    "guides": "ui.toc.guides",
    "gettingStarted": "ui.toc.getting_started",
    "quickstart": "ui.product_landing.quick_start",
    "overview": "ui.product_landing.overview",
    "reference": "ui.product_landing.reference_guides",
    "guideCards": "ui.product_sublanding.more_guides",
}
TO_ENGLISH = re.compile(r'href="/en/?"')
# Chinese tags docsite's Simplified Chinese serves (`zh-Hant`, `zh-TW` are another script).
SIMPLIFIED = ("zh", "zh-hans", "zh-cn", "zh-sg", "zh-my")


@functools.cache
def shipped(name: str) -> Mapping[str, str]:
    """One of docsite's string files (`en`, `zh-Hans`), or nothing if docsite has no such file."""
    path = resources.files("docsite.layout").joinpath(f"strings/{name}.yml")
    if not path.is_file():
        return {}
    found = load_yaml(path.read_text("utf-8"))
    assert isinstance(found, dict)
    return {str(k): str(v) for k, v in found.items()}


def english() -> Mapping[str, str]:
    """The strings docsite shows, in English."""
    return shipped("en")


def translated(hreflang: str) -> Mapping[str, str]:
    """Docsite's own strings for a language tag: `zh-Hans` for every Simplified Chinese tag."""
    tag = hreflang.lower()
    if tag in SIMPLIFIED or tag.startswith("zh-hans"):
        return shipped("zh-Hans")
    return shipped(hreflang) or shipped(tag.split("-")[0])


class UI:
    """Every string the layouts show, by name: `ui.search` in a template."""

    def __init__(self, strings: Mapping[str, str]) -> None:
        self.strings = dict(strings)

    def __getattr__(self, name: str) -> str:
        try:
            return self.strings[name]
        except KeyError:
            raise AttributeError(name) from None

    def label(self, key: str) -> str:
        """The label of a front matter key (`featuredLinks: {popular: ...}`), or the key itself."""
        value = self.strings.get(key)
        return value if value is not None else key.replace("_", " ").capitalize()


def own(data: DataStore, language: str, name: str) -> str | None:
    """A string from the language's own `data/ui.yml`: `docsite: {NAME}`, else GitHub's key."""
    for key in (f"ui.docsite.{name}", GITHUB_KEYS.get(name)):
        value = data.get(language, key) if key else None
        if value is not None and value.language == language:
            return TO_ENGLISH.sub('href="{url}"', value.text.strip())  # GitHub's `/en`: the page
    return None


def strings(data: DataStore, language: Language) -> UI:
    """The interface strings of a language, each from the first that has it.

    The language's own `data/ui.yml`, docsite's translation of the language, the English
    site's `data/ui.yml`, docsite's English.
    """
    ours = {} if language.is_source else translated(language.hreflang)
    found = {}
    for name, english_text in english().items():
        text = own(data, language.code, name)
        if text is None:
            text = ours.get(name) or own(data, "en", name) or english_text
        found[name] = text
    return UI(found)


def untranslated(data: DataStore, language: Language) -> list[str]:
    """The names of the strings a translation shows in English."""
    if language.is_source:
        return []
    ours = translated(language.hreflang)
    return [n for n in english() if n not in ours and own(data, language.code, n) is None]


def check(data: DataStore, languages: list[Language]) -> list[DocsiteError]:
    """What is wrong with each language's `data/ui.yml` as far as docsite's strings go.

    And which strings a built translation would show in English: one warning per language.
    """
    found: list[DocsiteError] = []
    for language in languages:
        missing = untranslated(data, language)
        if missing:
            found.append(untranslated_warning(language, missing))
    for tree in data.trees.values():
        path = tree.files.get("ui")
        if path is None:
            continue
        value, shown = tree.load(path), tree.display(path)
        if shown in tree.broken:
            found.append(tree.broken[shown])
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        own = value.get("docsite") if isinstance(value, dict) else None
        if not isinstance(value, dict) or (own is not None and not isinstance(own, dict)):
            where = locate(shown, text, text, ("docsite",), value=True, first_line=1)
            found.append(
                SourceError(
                    "interface strings are a mapping `docsite: {NAME: text}`",
                    where,
                    "for example docsite: {search: Suche}",
                )
            )
            continue
        for key in own or {}:
            if str(key) not in english():
                where = locate(shown, text, text, ("docsite", str(key)), value=False, first_line=1)
                hint = (
                    did_you_mean(str(key), english()) or "the names are in docsite's strings/en.yml"
                )
                found.append(warning(f"docsite shows no interface string `{key}`", where, hint))
    return found


def untranslated_warning(language: Language, missing: list[str]) -> DocsiteError:
    """One warning per language: the strings it shows in English, by name."""
    path = f"{language.prefix}data/ui.yml"
    names = ", ".join(missing[:8]) + (f" and {len(missing) - 8} more" if len(missing) > 8 else "")
    return warning(
        f"{len(missing)} interface strings untranslated in {language.name}: {names}",
        Location(path),
        f"translate them under `docsite:` in {path}, for example docsite: {{{missing[0]}: …}}",
    )
