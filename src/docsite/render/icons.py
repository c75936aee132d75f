"""Octicons, as inline SVG from octicons-pack: for `{% octicon %}` and the alerts' titles."""

from __future__ import annotations

import functools
import html

import octicons_pack

# Renamed since octicons 12; the 2021 docs still use the old names.
RENAMED = {"trashcan": "trash", "clippy": "copy"}


@functools.cache
def icon_names() -> list[str]:
    """Every 16px icon name in the installed octicons."""
    return sorted(
        v.slug.removesuffix("-16")
        for v in vars(octicons_pack).values()
        if isinstance(v, octicons_pack.Icon) and v.slug.endswith("-16")
    )


def svg(name: str, attrs: dict[str, str]) -> str | None:
    """The icon's SVG with docsite's classes and the author's attributes, or None if unknown."""
    icon = octicons_pack.get_icon(f"{RENAMED.get(name, name)}-16")
    if icon is None:
        return None
    extra = {"class": f"octicon octicon-{name}", "width": "16", "height": "16", **attrs}
    if "aria-label" in attrs or "label" in attrs:
        extra.setdefault("aria-label", attrs.get("label", ""))
        extra["role"] = "img"
    else:
        extra["aria-hidden"] = "true"
    extra.pop("label", None)
    rendered = " ".join(f'{k}="{html.escape(v)}"' for k, v in extra.items())
    return icon.svg.replace("<svg ", f"<svg {rendered} ", 1)
