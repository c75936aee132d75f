"""GitHub's alerts (`> [!NOTE]`) for markdown-it-py, as comrak's `alerts` extension renders them.

A block quote whose first line is `[!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]` or
`[!CAUTION]` (any case; text after the marker is a title of its own) becomes
`<div class="markdown-alert markdown-alert-note"><p class="markdown-alert-title">Note</p>…</div>`.
"""

from __future__ import annotations

import html
import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

KINDS = ("note", "tip", "important", "warning", "caution")
MARKER = re.compile(r"\[!(" + "|".join(KINDS) + r")\][ \t]*([^\n]*)(?:\n|$)", re.I)


def alerts_plugin(md: MarkdownIt) -> None:
    """Turn marked block quotes into alerts, before their inline content is parsed."""
    md.core.ruler.after("block", "alerts", _alerts)
    md.add_render_rule("alert_title", _title)


def _alerts(state: StateCore) -> None:
    tokens = state.tokens
    index = 0
    while index < len(tokens):
        if tokens[index].type == "blockquote_open":
            _maybe_alert(tokens, index)
        index += 1


def _maybe_alert(tokens: list[Token], index: int) -> None:
    if index + 2 >= len(tokens) or tokens[index + 1].type != "paragraph_open":
        return
    inline = tokens[index + 2]
    found = MARKER.match(inline.content)
    if found is None:
        return
    kind = found[1].lower()
    opened = tokens[index]
    close = _closing(tokens, index)
    opened.tag = tokens[close].tag = "div"
    opened.attrs = {"class": f"markdown-alert markdown-alert-{kind}"}
    title = Token("alert_title", "", 0, content=found[2].strip() or kind.title())
    inline.content = inline.content[found.end() :]
    if inline.content.strip():
        tokens.insert(index + 1, title)
    else:  # the marker was the whole paragraph
        tokens[index + 1 : index + 4] = [title]


def _closing(tokens: list[Token], index: int) -> int:
    depth = 0
    for at in range(index, len(tokens)):
        depth += tokens[at].nesting if tokens[at].type.startswith("blockquote") else 0
        if depth == 0:
            return at
    return len(tokens) - 1


def _title(self: object, tokens: list[Token], idx: int, *_: object) -> str:
    return f'<p class="markdown-alert-title">{html.escape(tokens[idx].content, quote=False)}</p>\n'
