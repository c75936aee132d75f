"""Split Markdown into top-level blocks that render the same alone as in the whole text."""

from __future__ import annotations

import re

# Constructs whose effect crosses blank lines: link reference definitions (used anywhere in the
# text) and the HTML blocks that only end at a closing tag. Texts with them are not split.
UNSAFE = re.compile(
    r"^ {0,3}(\[[^\]]+\]:|<(script|pre|style|textarea)\b|<!--|<\?|<![A-Za-z]|<!\[CDATA\[)",
    re.M | re.I,
)
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
LIST_ITEM = re.compile(r"^([-*+]|\d{1,9}[.)])(\s|$)")


def split_blocks(text: str) -> list[str]:
    """Cut at blank lines followed by an unindented line that cannot continue the block before.

    The parts concatenate back to `text`. Lists stay whole (an item after a blank line joins the
    list above), fenced code is never cut, and anything indented belongs to what precedes it.
    """
    if UNSAFE.search(text):
        return [text]
    lines = text.split("\n")
    parts: list[str] = []
    start, fence, indent, blank_before = 0, "", 0, False
    for i, line in enumerate(lines):
        if fence:
            if line.lstrip(" ").startswith(fence) and not line.strip(" `~"):
                if len(line) - len(line.lstrip(" ")) != indent:
                    # Whether this closes the fence depends on the list around it: don't guess.
                    return [text]
                fence = ""
            blank_before = False
            continue
        if (
            blank_before
            and i > start
            and line[:1] not in ("", " ", "\t")
            and not (LIST_ITEM.match(line))
        ):
            parts.append("\n".join(lines[start:i]) + "\n")
            start = i
        opened = FENCE.match(line)
        if opened:
            fence, indent = opened.group(1), len(line) - len(line.lstrip(" "))
        blank_before = not line.strip(" \t")  # blank as markdown-it means it
    if fence:
        return [text]  # an unclosed fence makes everything after it code
    parts.append("\n".join(lines[start:]))
    return parts
