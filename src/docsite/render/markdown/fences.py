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


BREAK_LINE = re.compile(r"[ \t]*<br\s*/?>[ \t]*")
BLOCK_START = re.compile(r"[ \t]*(?:[-*+>#|<]|\d+[.)]|`{3}|~{3}|$)")


def inline_breaks(text: str) -> str:
    """A `<br>` alone on a line after a blank one, text below it: the `<br>` joins that text.

    CommonMark opens an HTML block there, and the Markdown below it (links, emphasis) would stay
    literal up to the next blank line; GitHub's translations write the break so, and its site
    showed the Markdown rendered. Lines are kept, so every line number stays right.
    """
    if "<br" not in text:
        return text
    lines = text.split("\n")
    fenced = [(text.count("\n", 0, a), text.count("\n", 0, d)) for a, _, _, d in fenced_spans(text)]
    for i in range(len(lines) - 1):
        if not BREAK_LINE.fullmatch(lines[i]) or (i and lines[i - 1].strip()):
            continue
        if BLOCK_START.match(lines[i + 1]) or any(a <= i <= d for a, d in fenced):
            continue
        below = lines[i + 1]
        indent = below[: len(below) - len(below.lstrip())]
        lines[i], lines[i + 1] = "", f"{indent}{lines[i].strip()}{below.lstrip()}"
    return "\n".join(lines)
