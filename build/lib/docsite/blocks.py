"""Split Markdown into top-level blocks that render the same alone as in the whole text."""

from __future__ import annotations

import re

from markdown_it.rules_block.html_block import HTML_SEQUENCES

FENCE = re.compile(r"^ {0,3}(`{3,}(?=[^`]*$)|~{3,})")  # no backtick in a backtick fence's info
HTML_LINE = re.compile(r" *<")
LIST_ITEM = re.compile(r"^([-*+]|\d{1,9}[.)])(\s|$)")
# HTML blocks that run across blank lines until a closing sequence (CommonMark types 1 to 5),
# with markdown-it's own start and end patterns, so that both agree where they end.
SPANNING = [(start, end) for start, end, _ in HTML_SEQUENCES if not end.search("")]
# A line that may hold a link reference definition, also inside a quote or a list item: the
# definitions of a text apply to all of it, so they decide how it can be split.
MAYBE_DEFINITION = re.compile(r"^[ \t>*+\-\d.)]*\[.*\]:|^[^\[]*\]:")
DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:")


def split_blocks(text: str) -> list[str]:
    """Cut at blank lines followed by an unindented line that cannot continue the block before.

    The parts concatenate back to `text`. Lists stay whole (an item after a blank line joins the
    list above), fenced code and HTML blocks that span blank lines are never cut, anything
    indented belongs to what precedes it. Link reference definitions must stand in parts of
    their own (see `definitions`); when in doubt, the text stays whole.
    """
    lines = text.split("\n")
    parts: list[str] = []
    start, fence, indent, blank_before, defines, tagged = 0, "", 0, False, False, False
    html: re.Pattern[str] | None = None
    for i, line in enumerate(lines):
        if html is not None:  # inside an HTML block: raw lines until its closing sequence
            html = None if html.search(line) else html
            blank_before = False
            continue
        if fence:
            inset = len(line) - len(line.lstrip(" "))
            if inset < indent and line.strip(" \t"):
                return [text]  # this line may end the list item holding the fence, and the fence
            if _closes(line, fence):
                if inset != indent:
                    # Whether this closes the fence depends on the list around it: don't guess.
                    return [text]
                fence = ""
            blank_before = False
            continue
        if (
            blank_before
            and i > start
            and line[:1] not in ("", " ", "\t")
            and not LIST_ITEM.match(line)
        ):
            parts.append("\n".join(lines[start:i]) + "\n")
            start = i
        # After a line starting with a tag (an HTML block may run from it to the next blank
        # line, and hold this line as raw HTML), a line that would change what follows makes
        # the split a guess: then the text stays whole.
        opened = FENCE.match(line)
        if opened:
            if tagged:
                return [text]
            fence, indent = opened.group(1), len(line) - len(line.lstrip(" "))
        elif HTML_LINE.match(line):
            html = _html_block(line)
            if html is not None and (tagged or line[0] == " "):
                return [text]  # indented, it may belong to a list item and end with it
            tagged = True
        elif "]:" in line and MAYBE_DEFINITION.match(line):
            if tagged or not DEFINITION.match(line):
                return [text]
            defines = True
        blank_before = not line.strip(" \t")  # blank as markdown-it means it
        tagged = tagged and not blank_before
    if fence or html is not None:
        return [text]  # an unclosed fence or HTML block runs to the end of the text
    parts.append("\n".join(lines[start:]))
    return [text] if defines and not all(_alone(part) for part in parts) else parts


def _closes(line: str, fence: str) -> bool:
    """Whether `line` is a closing fence for `fence`: as long or longer, then only whitespace."""
    rest = line.lstrip(" ")
    run = len(rest) - len(rest.lstrip(fence[0]))
    return run >= len(fence) and not rest[run:].strip(" \t")


def _html_block(line: str) -> re.Pattern[str] | None:
    """The closing sequence of the HTML block `line` starts, if it continues past this line."""
    stripped = line.lstrip(" ")
    for start, end in SPANNING:
        if start.search(stripped):
            return None if end.search(stripped) else end
    return None


def _alone(part: str) -> bool:
    """Whether a part's definitions, if any, are all it holds (so they can be read first)."""
    return _only_definitions(part) or not any(DEFINITION.match(x) for x in part.split("\n"))


def _only_definitions(part: str) -> bool:
    lines = [line for line in part.split("\n") if line.strip(" \t")]
    return bool(lines) and all(DEFINITION.match(line) for line in lines)


def definitions(parts: list[str]) -> str:
    """The parts that hold link reference definitions, in order: they apply to every part."""
    return "".join(part for part in parts if "]:" in part and _only_definitions(part))
