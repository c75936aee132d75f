"""`{% octicon "name" aria-label="..." %}`: inline SVG icons from octicons-pack."""

from __future__ import annotations

import functools
import html
import re
from typing import TYPE_CHECKING, TextIO

import octicons_pack
from liquid.ast import Node
from liquid.tag import Tag
from liquid.token import TOKEN_EXPRESSION, TOKEN_TAG, Token

from docsite.errors import did_you_mean
from docsite.render.liquid.problems import ConditionError

if TYPE_CHECKING:
    from liquid.context import RenderContext
    from liquid.stream import TokenStream

ARGS = re.compile(r'\s*"(?P<name>[^"]+)"(?P<attrs>(?:\s+[\w-]+\s*=\s*"[^"]*")*)\s*')
ATTR = re.compile(r'([\w-]+)\s*=\s*"([^"]*)"')
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


class OcticonNode(Node):
    """A pre-rendered icon."""

    __slots__ = ("svg",)

    def __init__(self, token: Token, markup: str) -> None:
        super().__init__(token)
        self.svg = markup
        self.blank = False

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        """Write the SVG."""
        return buffer.write(self.svg)


class OcticonTag(Tag):
    """Parses the icon name and attributes once; an unknown icon is an error."""

    name = "octicon"
    block = False

    def parse(self, stream: TokenStream) -> Node:
        """Check the name against octicons and render the SVG at parse time."""
        token = stream.eat(TOKEN_TAG)
        expr = stream.current
        match = ARGS.fullmatch(expr.value) if expr.kind == TOKEN_EXPRESSION else None
        if match is None:
            raise ConditionError(
                "malformed octicon tag",
                token,
                'write {% octicon "name" aria-label="What it shows" %}',
            )
        markup = svg(match["name"], dict(ATTR.findall(match["attrs"])))
        if markup is None:
            raise ConditionError(
                f"unknown octicon `{match['name']}`",
                expr,
                did_you_mean(match["name"], icon_names()) or "see primer.style/octicons",
            )
        return OcticonNode(token, markup)
