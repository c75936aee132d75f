"""`{% data key %}`: a variable or reusable, rendered through Liquid again, cycle-checked.

A reusable's text is kept across pages and versions where nothing ties it to its page
(`snippets.py`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO, cast

from liquid.ast import Node
from liquid.builtin.content import ContentNode
from liquid.exceptions import LiquidError
from liquid.tag import Tag
from liquid.token import TOKEN_EXPRESSION, TOKEN_TAG, Token

from docsite.config.limits import REUSABLE_DEPTH
from docsite.render.liquid.problems import ConditionError
from docsite.render.liquid.snippets import writes
from docsite.render.liquid.state import at_render, trace_of
from docsite.source.data import DataMiss, DataValue

if TYPE_CHECKING:
    from liquid.context import RenderContext
    from liquid.stream import TokenStream
    from liquid.template import BoundTemplate

    from docsite.render.liquid.environment import DocsEnvironment

KEY = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_./\-]*(?:\[[\w.]+\][A-Za-z0-9_./\-]*)*")
INDEX = re.compile(r"\[([\w.]+)\]")
STACK = "docsite_data_stack"


class DataNode(Node):
    """Renders the data value at a key through Liquid again, in the same scope."""

    __slots__ = ("indent", "key", "origin", "where")

    def __init__(
        self, token: Token, key: str, where: Token, indent: int | None, env: DocsEnvironment
    ) -> None:
        super().__init__(token)
        self.key, self.where, self.indent = key, where, indent
        self.origin = env.origin()
        self.blank = False

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        """Look up the value, guard against cycles, and render it where the tag stands."""
        env = cast("DocsEnvironment", context.env)
        language = str(context.resolve("currentLanguage", default="en"))
        key = INDEX.sub(lambda m: "." + _index(context, m.group(1)), self.key)
        try:
            value = env.data.lookup(language, key)
        except DataMiss as miss:
            # GitHub's engine rendered nothing: lax Liquid does too.
            at_render(context, ConditionError(miss.message, self.where, miss.hint), self.origin)
            return 0
        trace = trace_of(context)
        trace.data.add(value.path)
        stack: list[str] = context.tag_namespace.setdefault(STACK, [])
        self.check_nesting(stack)
        template = env.data_template(value, self.indent, trace)
        stack.append(self.key)
        try:
            return self.write(context, buffer, language, value, template)
        except LiquidError as err:
            if not err.template_name and not self.raised_here(err):
                err.template_name = value.path
            raise
        finally:
            stack.pop()

    def write(
        self,
        context: RenderContext,
        buffer: TextIO,
        language: str,
        value: DataValue,
        template: BoundTemplate,
    ) -> int:
        """Write the value's text: its kept text when it has one that fits (`snippets.py`).

        Text alone, a render that is not shared and a value that writes the page's scope
        render in place.
        """
        trace = trace_of(context)
        probe = trace.probe
        if probe is None or not probe.share or trace.branches is not None or plain(template):
            return sum(node.render(context, buffer) for node in template.nodes)
        if writes(value.text):
            probe.local = True  # the writes must happen, here and in any snippet around it
            return sum(node.render(context, buffer) for node in template.nodes)
        env = cast("DocsEnvironment", context.env)
        key = (language, value.path, value.key, self.indent)
        return buffer.write(env.snippets.render(key, template, context, trace, nodes_of(template)))

    def raised_here(self, err: LiquidError) -> bool:
        """Whether an error belongs at this tag (a limit has no place), not in the text."""
        return err.token is None or err.token.source == self.token.source

    def check_nesting(self, stack: list[str]) -> None:
        """Refuse a reusable that includes itself, or nesting without end."""
        if len(stack) >= REUSABLE_DEPTH:
            raise ConditionError(
                f"reusables nested more than {REUSABLE_DEPTH} deep: {stack[0]} -> … -> {self.key}",
                self.where,
                "a reusable that includes another that includes another ... is hard to read too",
            )
        if self.key in stack:
            cycle = " -> ".join([*stack[stack.index(self.key) :], self.key])
            raise ConditionError(
                f"reusable includes itself: {cycle}",
                self.where,
                "break the cycle: a reusable must not include itself",
            )


def plain(template: BoundTemplate) -> bool:
    """Whether a data value is text alone (most variables): nothing to decide or keep."""
    return all(isinstance(node, ContentNode) for node in template.nodes)


def nodes_of(template: BoundTemplate) -> Callable[[RenderContext, TextIO], object]:
    """A writer of the template's nodes, in the scope of the render around it."""
    return lambda context, buffer: sum(node.render(context, buffer) for node in template.nodes)


def _index(context: RenderContext, expr: str) -> str:
    """The value of a `[...]` segment in a data key: a number or a variable such as a loop index."""
    if expr.isdigit():
        return expr
    return str(context.get(list[object](expr.split(".")), token=None, default=""))


class DataTag(Tag):
    """`{% data variables.product.prodname_dotcom %}`."""

    name = "data"
    block = False

    def parse(self, stream: TokenStream) -> Node:
        """Read the dotted key; the stream stays on the expression."""
        token = stream.eat(TOKEN_TAG)
        where = self.key_token(stream, token)
        return DataNode(token, where.value.strip(), where, None, cast("DocsEnvironment", self.env))

    def key_token(self, stream: TokenStream, tag: Token) -> Token:
        """The expression holding the key, checked for shape."""
        if stream.current.kind != TOKEN_EXPRESSION:
            raise ConditionError(
                f"`{tag.value}` needs a data key",
                tag,
                "for example {% data variables.product.prodname_dotcom %}",
            )
        expr = stream.current
        key = expr.value.split()[0] if expr.value.split() else ""
        if not KEY.fullmatch(key) or (self.name == "data" and key != expr.value.strip()):
            raise ConditionError(
                f"malformed data key {expr.value.strip()!r}",
                expr,
                "keys look like variables.FILE.KEY or reusables.DIR.NAME",
            )
        return expr
