"""The `if` tag, deciding conditions with its own parser (`unless`, `ifversion` extend it)."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO, cast

from liquid.ast import BlockNode, ConditionalBlockNode, Node
from liquid.builtin.tags.if_tag import IfNode
from liquid.parser import get_parser
from liquid.tag import Tag
from liquid.token import TOKEN_EOF, TOKEN_EXPRESSION, TOKEN_TAG, Token

from docsite.config import Version
from docsite.errors import Location
from docsite.render.liquid.expressions import (
    Compare,
    Cond,
    Const,
    FeatureTest,
    Logic,
    Not,
    Var,
    VersionTest,
)
from docsite.render.liquid.grammar import Parser
from docsite.render.liquid.probe import Decided
from docsite.render.liquid.problems import ConditionError
from docsite.render.liquid.state import trace_of

if TYPE_CHECKING:
    from liquid.context import RenderContext
    from liquid.expression import Expression
    from liquid.stream import TokenStream

    from docsite.render.liquid.environment import DocsEnvironment


VERSION_NAMES = frozenset(("currentVersion", "enterpriseServerVersions"))


def versioned(cond: object, names: frozenset[str]) -> bool:
    """Whether a condition reads nothing but the version (so `check` may call it dead)."""
    if isinstance(cond, VersionTest | FeatureTest):  # a feature's value is its versions'
        return True
    if isinstance(cond, Var):
        return bool(cond.value) and cond.value[0] in names  # type: ignore[index]
    if isinstance(cond, Const):
        return True
    if isinstance(cond, Not):
        return versioned(cond.inner, names)
    if isinstance(cond, Logic | Compare):
        return versioned(cond.left, names) and versioned(cond.right, names)
    return False


class TrackedIf(IfNode):
    """An `if` that, while `check` analyses version logic, records the branch each render takes."""

    __slots__ = ("origin",)
    origin: str  # the file it was parsed from; empty when the condition reads more than versions

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        """Note which branch this version takes, then render as python-liquid does."""
        log = trace_of(context).branches
        if log is not None and self.origin:
            taken = next((i for i, c in enumerate(self.conditions()) if c.evaluate(context)), -1)
            version = cast(Version, context.resolve("currentVersionObj"))
            key = (self.origin, self.token.start_index)
            if key not in log:
                where = Location.at_offset(self.origin, self.token.source, key[1], 2)
                log[key] = (where, len(self.alternatives) + 1, set())
            log[key][2].add((taken, version.name))
        return super().render_to_output(context, buffer)

    def conditions(self) -> list[Expression]:
        """The condition of each branch, in order."""
        return [self.condition, *(a.expression for a in self.alternatives)]


class IfTag(Tag):
    """`{% if cond %}...{% elsif cond %}...{% else %}...{% endif %}` with version operators."""

    name = "if"
    end = "endif"
    ends: tuple[str, ...] = ("endif",)
    parser_class: type[Parser] = Parser

    def condition(self, expr: Token) -> Cond:
        """Parse one branch condition, once per distinct text (pages repeat a few hundred)."""
        env = cast("DocsEnvironment", self.env)
        key = (self.name, expr.value)
        found = env.conditions.get(key)
        if found is None:
            warned = env.noted()
            found = self.grammar(self.parser(expr))
            # A warning or tolerance must be located at each use.
            if env.noted() == warned:
                env.conditions[key] = found
        return found

    def grammar(self, parser: Parser) -> Cond:
        """The condition grammar of this tag: Liquid's, with `ver_gt`/`ver_lt`."""
        return parser.liquid()

    def parser(self, expr: Token) -> Parser:
        """A condition parser that knows the site's versions and features."""
        env = cast("DocsEnvironment", self.env)
        kind = self.parser_class
        return kind(expr, env.registry, env.features, env.pending_warnings, env.tolerate)

    def parse(self, stream: TokenStream) -> Node:
        """Parse the tag, its branches and its end tag."""
        token = stream.eat(TOKEN_TAG)
        condition = self.condition(self.expression(stream, token))
        stop = frozenset(("elsif", "else", *self.ends))
        parse_block = get_parser(self.env).parse_block
        consequence = parse_block(stream, stop)
        alternatives: list[ConditionalBlockNode] = []
        branches = [condition]
        while stream.current.is_tag("elsif"):
            branches.append(self.condition(self.expression(stream, next(stream))))
            block_token = stream.current
            alternatives.append(
                ConditionalBlockNode(
                    block_token, expression=Decided(branches[-1]), block=parse_block(stream, stop)
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
        node = TrackedIf(token, Decided(self.wrap(condition)), consequence, alternatives, default)
        env = cast("DocsEnvironment", self.env)
        names = VERSION_NAMES | {p.short for p in env.registry.plans}
        node.origin = env.origin()[0] if all(versioned(b, names) for b in branches) else ""
        return node

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
