"""The layout's interface strings: English defaults, overridden per language by `data/ui.yml`."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

from docsite.source.data import DataStore


@dataclass(frozen=True)
class UI:
    """Every string the layouts show; `ui.docsite.NAME` in a language's `data/ui.yml` wins."""

    in_this_article: str = "In this article"
    version: str = "Version"
    language: str = "Language"
    permissions: str = "Who can do this"
    home: str = "Home"
    contents: str = "Contents"
    skip: str = "Skip to content"
    breadcrumbs: str = "Breadcrumbs"
    product_navigation: str = "Product navigation"
    search: str = "Search"
    search_placeholder: str = "Search this version"
    search_no_results: str = "No results"
    previous: str = "Previous"
    next: str = "Next"
    not_in_version: str = "not in this version: opens its home page"
    # `{url}`: the page in the source language.
    translation_notice: str = (
        "This page is a translation, and the translation may lag behind. For the most current "
        'information, read the <a href="{url}">English page</a>.'
    )
    untranslated_notice: str = (
        'This page is not translated yet; it is shown from the <a href="{url}">English source</a>.'
    )
    # `{version}` and `{date}`.
    deprecation_notice: str = "{version} will be discontinued on {date}."
    deprecated_notice: str = (
        "{version} was discontinued on {date}. This documentation is no longer updated."
    )
    platform: str = "Platform"
    mac: str = "Mac"
    windows: str = "Windows"
    linux: str = "Linux"
    products: str = "Products"
    guides: str = "Guides"
    popular: str = "Popular"
    gettingStarted: str = "Getting started"
    guideCards: str = "More guides"
    quickstart: str = "Quickstart"
    reference: str = "Reference"
    overview: str = "Overview"
    learning_tracks: str = "Learning paths"
    changelog: str = "Changelog"
    not_found: str = "Page not found"
    not_found_text: str = (
        "There is no page at this address. Try the search, or start from the home page."
    )

    def label(self, key: str) -> str:
        """The label of a front matter key (`featuredLinks: {popular: ...}`), or the key itself."""
        value = getattr(self, key, None)
        return value if isinstance(value, str) else key.replace("_", " ").capitalize()


# Where GitHub's own `data/ui.yml` kept a string docsite shows: used when `ui.docsite` lacks it.
GITHUB_KEYS = {"translation_notice": "ui.header.notices.localization_complete"}
TO_ENGLISH = re.compile(r'href="/en/?"')


def strings(data: DataStore, language: str) -> UI:
    """The interface strings of a language, falling back to English key by key."""
    found = {}
    for item in fields(UI):
        value = data.get(language, f"ui.docsite.{item.name}")
        if value is None and item.name in GITHUB_KEYS:
            value = data.get(language, GITHUB_KEYS[item.name])
        if value is not None:  # GitHub's notice links to `/en`: docsite to the same page there
            found[item.name] = TO_ENGLISH.sub('href="{url}"', value.text.strip())
    return UI(**found)
