"""Blocks around tables and code: `{% rowheaders %}` and `{% codetabs %}` with `{% codetab %}`.

`rowheaders` makes the first cell of each body row of the tables inside a row header
(`<th scope="row">`, done by the Markdown pass). `codetabs` holds one `codetab LABEL` block per
language or tool; readers see tabs (the page script makes them), or every block under its label
without JavaScript.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from liquid.token import TOKEN_EXPRESSION, Token

from docsite.render.liquid.problems import ConditionError
from docsite.render.liquid.tags.div_block import div_tag

if TYPE_CHECKING:
    from liquid.stream import TokenStream

RowheadersTag = div_tag("rowheaders", "rowheaders")
CodetabsTag = div_tag("codetabs", "codetabs")


class CodetabTag(div_tag("codetab", "codetab")):  # type: ignore[misc]
    """`{% codetab Python %}`: one tab, labelled."""

    def argument(self, stream: TokenStream, token: Token) -> tuple[str, str]:
        """The tab's label, shown above its block."""
        if stream.current.kind != TOKEN_EXPRESSION or not stream.current.value.strip():
            raise ConditionError("`codetab` needs a label", token, "{% codetab Python %}")
        label = html.escape(next(stream).value.strip().strip("'\""))
        return f' data-label="{label}"', f'<p class="codetab-label">{label}</p>'
