"""`{% indented_data_reference reusables.x.y spaces=3 %}`: a reusable with every line indented."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, cast

from liquid.ast import Node
from liquid.token import TOKEN_TAG, Token

from docsite.errors import clip
from docsite.render.liquid.problems import ConditionError
from docsite.render.liquid.tags.data_tag import DataNode, DataTag

if TYPE_CHECKING:
    from liquid.stream import TokenStream

    from docsite.render.liquid.environment import DocsEnvironment

SPACES = re.compile(r"\s*spaces\s*=\s*(\d+)\s*$")
MAX_SPACES = 64


class IndentedDataReferenceTag(DataTag):
    """`{% indented_data_reference reusables.x.y spaces=3 %}`: every line indented first."""

    name = "indented_data_reference"

    def parse(self, stream: TokenStream) -> Node:
        """Read the key and the `spaces=N` argument (default 2)."""
        token = stream.eat(TOKEN_TAG)
        where = self.key_token(stream, token)
        key, _, rest = where.value.strip().partition(" ")
        match = SPACES.fullmatch(rest) if rest.strip() else None
        if rest.strip() and match is None:
            raise ConditionError(
                f"malformed argument {rest.strip()!r}",
                where,
                "write spaces=N, for example spaces=3",
            )
        key_token = Token(where.kind, key, where.start_index, where.source)
        written = match.group(1) if match else "2"
        if len(written) > 3 or int(written) > MAX_SPACES:
            at = where.start_index + where.value.find("spaces")
            raise ConditionError(
                f"spaces={clip(written, 20)} is more than {MAX_SPACES}",
                Token(where.kind, rest.strip(), at, where.source),
                "indent a reusable by the width of a list item's marker, such as spaces=3",
            )
        indent = int(written)
        return DataNode(token, key, key_token, indent, cast("DocsEnvironment", self.env))
