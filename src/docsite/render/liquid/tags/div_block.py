"""Blocks rendered inside a classed `<div>`: the shape of callouts and platform blocks."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from liquid.ast import BlockNode, Node
from liquid.parser import get_parser
from liquid.tag import Tag
from liquid.token import TOKEN_EXPRESSION, TOKEN_TAG, Token

from docsite.render.liquid.problems import ConditionError

if TYPE_CHECKING:
    from liquid.context import RenderContext
    from liquid.stream import TokenStream


class DivNode(Node):
    """A block rendered inside a classed `<div>`, with blank lines so Markdown parses inside."""

    __slots__ = ("attrs", "block", "css", "head")

    def __init__(
        self, token: Token, css: str, block: BlockNode, attrs: str = "", head: str = ""
    ) -> None:
        super().__init__(token)
        self.css, self.block = css, block
        self.attrs, self.head = attrs, head  # more attributes; HTML before the block
        self.blank = False

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        """Write the div, the block's Markdown and the closing tag."""
        inner = context.get_buffer(buffer)
        self.block.render(context, inner)
        text = inner.getvalue()
        lead = "" if text.startswith("\n") else "\n\n"
        tail = "" if text.rstrip(" ").endswith("\n\n") else "\n\n"
        # The newline after </div> ends the HTML block even when the next line follows
        # directly (CommonMark HTML blocks run until a blank line; the 2021 parser differed).
        opening = f'<div class="extended-markdown {self.css}"{self.attrs}>{self.head}'
        return buffer.write(f"{opening}{lead}{text}{tail}</div>\n")


def div_tag(tag_name: str, css: str) -> type[Tag]:
    """Make the block tag class for one callout or platform name, its `<div>` of class `css`."""

    class DivTag(Tag):
        name = tag_name
        end = f"end{tag_name}"

        def parse(self, stream: TokenStream) -> Node:
            token = stream.eat(TOKEN_TAG)
            attrs, head = self.argument(stream, token)
            block = get_parser(self.env).parse_block(stream, (self.end,))
            if not stream.current.is_tag(self.end):
                raise ConditionError(
                    f"`{tag_name}` opened here is never closed", token, f"add {{% {self.end} %}}"
                )
            return DivNode(token, css, block, attrs, head)

        def argument(self, stream: TokenStream, token: Token) -> tuple[str, str]:
            """The attributes and leading HTML the tag's argument adds; by default it has none."""
            if stream.current.kind == TOKEN_EXPRESSION:
                raise ConditionError(f"`{tag_name}` takes no arguments", stream.current)
            return "", ""

    DivTag.__name__ = f"{tag_name.title()}Tag"
    return DivTag
