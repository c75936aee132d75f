"""`{% octicon "name" aria-label="..." %}`: inline SVG icons from octicons-pack."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, TextIO

from liquid.ast import Node
from liquid.tag import Tag
from liquid.token import TOKEN_EXPRESSION, TOKEN_TAG, Token

from docsite.errors import did_you_mean
from docsite.render.icons import icon_names, svg
from docsite.render.liquid.problems import ConditionError

if TYPE_CHECKING:
    from liquid.context import RenderContext
    from liquid.stream import TokenStream

ARGS = re.compile(r'\s*"(?P<name>[^"]+)"(?P<attrs>(?:\s+[\w-]+\s*=\s*"[^"]*")*)\s*')
ATTR = re.compile(r'([\w-]+)\s*=\s*"([^"]*)"')


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
