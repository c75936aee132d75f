"""`{{ ... }}` that, outside strict Liquid, reads a malformed variable as GitHub's engine did."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, TextIO, cast

from liquid.builtin.expressions import FilteredExpression, tokenize
from liquid.builtin.output import Output, OutputNode
from liquid.exceptions import LiquidSyntaxError
from liquid.stream import TokenStream
from liquid.stringify import to_liquid_string
from liquid.token import TOKEN_EXPRESSION, TOKEN_OUTPUT, Token
from liquid.undefined import Undefined

from docsite.errors import did_you_mean
from docsite.render.liquid.problems import ConditionError
from docsite.render.liquid.state import at_render
from docsite.source.data import DataPathError

if TYPE_CHECKING:
    from liquid.context import RenderContext
    from liquid.expression import Expression

    from docsite.render.liquid.environment import DocsEnvironment

# Ruby Liquid's lax variable grammar, which the 2021 engine's Liquid followed: the name is the
# first run without spaces, commas, pipes or quotes, and its parts are the word runs in it, so
# a translator's `site.data.reusables/x/y` still named `site.data.reusables.x.y`.
NAME = re.compile(r"\s*([^\s,|'\"]+)(.*)", re.S)
PART = re.compile(r"\[[^\]]+\]|[\w-]+\??")


def undefined(context: RenderContext, left: Expression) -> ConditionError:
    """`{{ name }}` naming nothing: the error, with the closest name the context has."""
    written = str(left)
    parent, _, last = written.rpartition(".")
    if parent:
        found = context.resolve(parent.split(".")[0], default=None)
        for part in parent.split(".")[1:]:
            found = found.get(part) if isinstance(found, Mapping) else None
        names = [str(k) for k in found] if isinstance(found, Mapping) else []
    else:
        names = [str(k) for k in context.globals if " " not in str(k)] + list(context.locals)
    hint = did_you_mean(last, names) or "it renders as nothing; in a code block, wrap it in raw"
    return ConditionError(f"`{written}` is not defined", left.token, hint)


def lax_reading(expression: str) -> str | None:
    """The expression the lax grammar reads, when it differs from what was written."""
    found = NAME.match(expression)
    if found is None:
        return None
    parts = PART.findall(found.group(1))
    if not parts:
        return None
    name = "".join(p if p.startswith("[") else f".{p}" for p in parts).lstrip(".")
    rest = found.group(2).strip()
    return f"{name} {rest}" if rest.startswith("|") else name


class LaxOutputNode(OutputNode):
    """`{{ ... }}`: an undefined name or a missing `site.data` key is an error in strict Liquid.

    Where its file's mode tolerates it, it renders nothing, as in GitHub's engine.
    """

    __slots__ = ("origin",)

    def __init__(self, token: Token, expression: Expression, origin: tuple[str, str]) -> None:
        super().__init__(token, expression)
        self.origin = origin

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        """Render the value, its filters applied; an undefined name writes nothing."""
        expression = self.expression
        left = expression.left if isinstance(expression, FilteredExpression) else expression
        try:
            value = left.evaluate(context)
            if isinstance(value, Undefined):
                at_render(context, undefined(context, left), self.origin)
                return 0
            for each in getattr(expression, "filters", None) or ():
                value = each.evaluate(value, context)
        except DataPathError as err:
            err.token = err.token or self.token
            at_render(context, err, self.origin)
            return 0
        return buffer.write(to_liquid_string(value, context.autoescape))


class LaxOutput(Output):
    """An output statement; a syntax error is tolerated when the file's mode allows it."""

    def parse(self, stream: TokenStream) -> OutputNode:
        """Parse strictly; when that fails and the mode allows, parse the lax reading."""
        token = stream.eat(TOKEN_OUTPUT)
        expr = stream.expect(TOKEN_EXPRESSION)
        try:
            return self.node(token, expr, expr.value)
        except LiquidSyntaxError as err:
            reading = lax_reading(expr.value)
            if reading is None or reading == expr.value:
                raise
            err.hint = f"GitHub's engine read it as `{{{{ {reading} }}}}`"  # type: ignore[attr-defined]
            cast("DocsEnvironment", self.env).tolerate(err)
            return self.node(token, expr, reading)

    def node(self, token: Token, expr: Token, text: str) -> OutputNode:
        """An output node for an expression text, located at the written expression."""
        located = Token(expr.kind, text, expr.start_index, expr.source)
        parsed = FilteredExpression.parse(self.env, TokenStream(tokenize(text, located)))
        return LaxOutputNode(token, parsed, cast("DocsEnvironment", self.env).origin())
