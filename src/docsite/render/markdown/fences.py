"""Where fenced code blocks are in a Markdown text, before it is rendered."""

from __future__ import annotations

import re

FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})", re.M)


def fenced_spans(text: str) -> list[tuple[int, int, int, int]]:
    """Each fenced code block: where its opening fence starts and ends, and its closing fence.

    An unclosed block is left out.
    """
    spans, opened = [], None
    for fence in FENCE.finditer(text):
        if opened is None:
            opened = fence
        elif fence[1][0] == opened[1][0] and len(fence[1]) >= len(opened[1]):
            spans.append((opened.start(), opened.end(), fence.start(), fence.end()))
            opened = None
    return spans
