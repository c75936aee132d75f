"""The layout's interface strings: docsite's English (`strings/en.yml`), then the site's own.

A language's `data/ui.yml` overrides any string under `docsite:`, else the key GitHub's own
`ui.yml` used for it; what neither has stays English.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from importlib import resources

from docsite.config.yamlfile import load as load_yaml
from docsite.config.yamlfile import locate
from docsite.errors import DocsiteError, SourceError, did_you_mean, warning
from docsite.source.data import DataStore

# Where GitHub's own `data/ui.yml` kept a string docsite shows: used when `ui.docsite` lacks it.
GITHUB_KEYS = {"translation_notice": "ui.header.notices.localization_complete"}
TO_ENGLISH = re.compile(r'href="/en/?"')


@functools.cache
def english() -> Mapping[str, str]:
    """The strings docsite shows, in English."""
    text = resources.files("docsite.layout").joinpath("strings/en.yml").read_text("utf-8")
    found = load_yaml(text)
    assert isinstance(found, dict)
    return {str(k): str(v) for k, v in found.items()}


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


def strings(data: DataStore, language: str) -> UI:
    """The interface strings of a language, falling back to English key by key."""
    found = dict(english())
    for name in found:
        value = data.get(language, f"ui.docsite.{name}")
        if value is None and name in GITHUB_KEYS:
            value = data.get(language, GITHUB_KEYS[name])
        if value is not None:  # GitHub's notice links to `/en`: docsite to the same page there
            found[name] = TO_ENGLISH.sub('href="{url}"', value.text.strip())
    return UI(found)


def check(data: DataStore) -> list[DocsiteError]:
    """What is wrong with each language's `data/ui.yml` as far as docsite's strings go."""
    found: list[DocsiteError] = []
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
