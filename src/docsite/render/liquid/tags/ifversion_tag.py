"""`{% ifversion fpt or ghes > 3.0 %}`: conditions on versions and features."""

from __future__ import annotations

from docsite.render.liquid.expressions import Cond
from docsite.render.liquid.grammar import Parser
from docsite.render.liquid.tags.if_tag import IfTag


class IfversionTag(IfTag):
    """`{% ifversion fpt or ghes > 3.0 %}`, closed by `endif` or `endifversion`."""

    name = "ifversion"
    end = "endifversion"
    ends = ("endif", "endifversion")

    def grammar(self, parser: Parser) -> Cond:
        """`fpt or ghes > 3.0`, with parentheses and `not`."""
        return parser.ifversion()
