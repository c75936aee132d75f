"""`{% include name %}`: GitHub's static partials, by bare name as liquidjs read them.

docsite ships the one partial content used for its own sake, `tool-switcher`: its layout shows
a switcher wherever a page has blocks for several tools, so the include writes nothing. Other
names (`rest_operation`, `graphql-query`) were GitHub's generated reference: each is an error
where it renders.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from liquid.ast import Node
from liquid.tag import Tag
from liquid.token import TOKEN_EXPRESSION, TOKEN_TAG, Token

from docsite.render.liquid.problems import ConditionError

if TYPE_CHECKING:
    from liquid.context import RenderContext
    from liquid.stream import TokenStream

SHOWN_BY_THE_LAYOUT = ("tool-switcher", "platform-switcher")


class IncludeNode(Node):
    """An include of a partial docsite does not have: an error when it renders."""

    __slots__ = ("name", "where")

    def __init__(self, token: Token, name: str, where: Token) -> None:
        super().__init__(token)
        self.name, self.where = name, where
        self.blank = name in SHOWN_BY_THE_LAYOUT

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        """Nothing for a switcher; an error for anything else."""
        if self.name in SHOWN_BY_THE_LAYOUT:
            return 0
        raise ConditionError(
            f"include: no template {self.name!r} (generated data is not in the source)",
            self.where,
            "docsite has no partials but `tool-switcher`: write the text, or use a reusable",
        )


class IncludeTag(Tag):
    """`{% include tool-switcher %}`, `{% include "name" %}`."""

    name = "include"
    block = False

    def parse(self, stream: TokenStream) -> Node:
        """Read the partial's name: the first word, quoted or not."""
        token = stream.eat(TOKEN_TAG)
        if stream.current.kind != TOKEN_EXPRESSION or not stream.current.value.split():
            raise ConditionError("`include` needs a name", token, "{% include tool-switcher %}")
        expr = stream.current
        name = expr.value.split()[0].strip("'\"")
        return IncludeNode(token, name, expr)
