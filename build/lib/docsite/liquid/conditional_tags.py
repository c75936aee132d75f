"""The `if`, `unless` and `ifversion` tags, deciding conditions with docsite's own parser."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from liquid.ast import BlockNode, ConditionalBlockNode, Node
from liquid.builtin.tags.if_tag import IfNode
from liquid.parser import get_parser
from liquid.tag import Tag
from liquid.token import TOKEN_EOF, TOKEN_EXPRESSION, TOKEN_TAG, Token

from docsite.liquid.conditions import Cond, ConditionError, Not, Parser

if TYPE_CHECKING:
    from liquid.stream import TokenStream

    from docsite.liquid.environment import DocsEnvironment


class IfTag(Tag):
    """`{% if cond %}...{% elsif cond %}...{% else %}...{% endif %}` with version operators."""

    name = "if"
    end = "endif"
    ends: tuple[str, ...] = ("endif",)

    def condition(self, expr: Token) -> Cond:
        """Parse one branch condition, once per distinct text (pages repeat a few hundred)."""
        env = cast("DocsEnvironment", self.env)
        key = (self.name, expr.value)
        found = env.conditions.get(key)
        if found is None:
            warned = len(env.pending_warnings) + len(env.pending_tolerated)
            found = self.grammar(self.parser(expr))
            # A warning or tolerance must be located at each use.
            if len(env.pending_warnings) + len(env.pending_tolerated) == warned:
                env.conditions[key] = found
        return found

    def grammar(self, parser: Parser) -> Cond:
        """The condition grammar of this tag: Liquid's, with `ver_gt`/`ver_lt`."""
        return parser.liquid()

    def parser(self, expr: Token) -> Parser:
        """A condition parser that knows the site's versions and features."""
        env = cast("DocsEnvironment", self.env)
        return Parser(expr, env.registry, env.features, env.pending_warnings, env.tolerate)

    def parse(self, stream: TokenStream) -> Node:
        """Parse the tag, its branches and its end tag."""
        token = stream.eat(TOKEN_TAG)
        condition = self.condition(self.expression(stream, token))
        stop = frozenset(("elsif", "else", *self.ends))
        parse_block = get_parser(self.env).parse_block
        consequence = parse_block(stream, stop)
        alternatives: list[ConditionalBlockNode] = []
        while stream.current.is_tag("elsif"):
            branch = self.condition(self.expression(stream, next(stream)))
            block_token = stream.current
            alternatives.append(
                ConditionalBlockNode(
                    block_token, expression=branch, block=parse_block(stream, stop)
                )
            )
        default: BlockNode | None = None
        if stream.current.is_tag("else"):
            else_token = next(stream)
            if stream.current.kind == TOKEN_EXPRESSION:  # liquidjs ignored the words
                env = cast("DocsEnvironment", self.env)
                env.tolerate(
                    ConditionError("`else` takes no condition", else_token, "write `elsif`")
                )
                next(stream)
            default = parse_block(stream, stop)
        self.expect_end(stream, token)
        return IfNode(token, self.wrap(condition), consequence, alternatives, default)

    def wrap(self, condition: Cond) -> Cond:
        """Hook for `unless`, which negates its first condition."""
        return condition

    def expression(self, stream: TokenStream, tag: Token) -> Token:
        """The expression token after a tag name; an error when it is missing."""
        if stream.current.kind != TOKEN_EXPRESSION:
            raise ConditionError(f"`{tag.value}` needs a condition", tag)
        return next(stream)

    def expect_end(self, stream: TokenStream, opened: Token) -> None:
        """Require the end tag; an unclosed block is reported where it was opened."""
        current = stream.current
        if current.is_tag("else"):
            raise ConditionError(
                f"`{opened.value}` has a second `else`",
                current,
                "an `if` takes one `else`; use `elsif` for more branches",
            )
        if current.kind == TOKEN_EOF or not (
            current.kind == TOKEN_TAG and current.value in self.ends
        ):
            found = "the end of the file" if current.kind == TOKEN_EOF else f"`{current.value}`"
            raise ConditionError(
                f"`{opened.value}` opened here is never closed (found {found})",
                opened,
                f"add {{% {self.ends[0]} %}}",
            )


class UnlessTag(IfTag):
    """`{% unless cond %}`: `if` with its first condition negated."""

    name = "unless"
    end = "endunless"
    ends = ("endunless",)

    def wrap(self, condition: Cond) -> Cond:
        """Negate the first condition."""
        return Not(condition.token, condition)


class IfversionTag(IfTag):
    """`{% ifversion fpt or ghes > 3.0 %}`, closed by `endif` or `endifversion`."""

    name = "ifversion"
    end = "endifversion"
    ends = ("endif", "endifversion")

    def grammar(self, parser: Parser) -> Cond:
        """`fpt or ghes > 3.0`, with parentheses and `not`."""
        return parser.ifversion()
