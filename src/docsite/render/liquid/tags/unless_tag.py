"""`{% unless cond %}`: `if` with its first condition negated."""

from __future__ import annotations

from docsite.render.liquid.expressions import Cond, Not
from docsite.render.liquid.tags.if_tag import IfTag


class UnlessTag(IfTag):
    """`{% unless cond %}`: `if` with its first condition negated."""

    name = "unless"
    end = "endunless"
    ends = ("endunless",)

    def wrap(self, condition: Cond) -> Cond:
        """Negate the first condition."""
        return Not(condition.token, condition)
