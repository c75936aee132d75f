"""What every page's frame shows from the config: a logo, "Edit this page", footer links."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from docsite.config.yamlfile import Locator, text_value
from docsite.errors import ConfigError


def frame(raw: Mapping[str, object], where: Locator) -> dict[str, Any]:
    """What every page's frame shows from the config: logo, "Edit this page", footer links."""
    return {
        "logo": text_value(raw, "logo", "", where),
        "edit_url": _edit_url(raw, where),
        "footer": _footer(raw.get("footer"), where),
    }


def _edit_url(raw: Mapping[str, object], where: Locator) -> str:
    """`edit_url`: an address with `{path}` where the page's source path goes."""
    found = text_value(raw, "edit_url", "", where)
    if found and "{path}" not in found:
        raise ConfigError(
            "`edit_url` needs `{path}` where the page's file goes",
            where.at("edit_url", value=True),
            "for example https://github.com/ORG/REPO/edit/main/{path}",
        )
    return found


def _footer(raw: object, where: Locator) -> tuple[tuple[str, str], ...]:
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
