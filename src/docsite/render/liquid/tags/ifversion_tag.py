"""`{% ifversion fpt or ghes > 3.0 %}`: conditions on versions and features."""

from __future__ import annotations

from docsite.render.liquid.expressions import Cond
from docsite.render.liquid.grammar import Parser
from docsite.render.liquid.tags.if_tag import IfTag
from docsite.render.liquid.version_grammar import VersionParser


class IfversionTag(IfTag):
    """`{% ifversion fpt or ghes > 3.0 %}`, closed by `endif` or `endifversion`."""

    name = "ifversion"
    end = "endifversion"
    ends = ("endif", "endifversion")

    parser_class = VersionParser

    def grammar(self, parser: Parser) -> Cond:
        """`fpt or ghes > 3.0`, with parentheses and `not`."""
        assert isinstance(parser, VersionParser)
        return parser.ifversion()
