"""Liquid and Markdown problems, located in the file that holds the text (page, reusable, YAML)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from liquid.exceptions import LiquidError, LoopIterationLimitError, OutputStreamLimitError
from liquid.token import Token

from docsite.config import limits
from docsite.errors import DocsiteError, Location, TemplateError, did_you_mean
from docsite.render.markdown import TooDeep
from docsite.source.frontmatter import key_location
from docsite.source.pages import Page

EXPECTED_END = re.compile(r"expected tag end(\w+), found end of")
TAG_NAME = re.compile(r"\{%-?\s*(\w+)")
UNEXPECTED = re.compile(r"unexpected tag '(\w+)'")
CLOSERS = ("else", "elsif", "when")


def unexpected(
    name: str, token: Token, path: str, tags: Mapping[str, tuple[str, ...]]
) -> DocsiteError | None:
    """An unknown tag (with the closest name), or an end tag met while another block is open.

    The second is reported at the block left open, with the tag that would close it.
    """
    text, at = token.source, token.start_index
    if not (name.startswith("end") or name in CLOSERS):
        close = did_you_mean(name, [t for t in tags if t.isidentifier()])
        where = Location.at_offset(path, text, at, len(name))
        return TemplateError(f"unknown tag `{name}`", where, close or "see the Liquid reference")
    opened = open_block(text, at, tags)
    if opened is None or name in tags.get(opened[1], ()):
        return None
    line = text.count("\n", 0, at) + 1
    end = tags[opened[1]][0]
    return TemplateError(
        f"`{opened[1]}` opened here is never closed",
        Location.at_offset(path, text, opened.start(1), len(opened[1])),
        f"add {{% {end} %}} before the {{% {name} %}} of line {line}",
    )


def open_block(text: str, until: int, tags: Mapping[str, tuple[str, ...]]) -> re.Match[str] | None:
    """The innermost block tag still open at an offset of a template's text."""
    stack: list[re.Match[str]] = []
    for tag in TAG_NAME.finditer(text, 0, until):
        name = tag[1]
        if tags.get(name):
            stack.append(tag)
        elif name.startswith("end"):
            for depth in range(len(stack) - 1, -1, -1):
                if name in tags[stack[depth][1]]:
                    del stack[depth:]
                    break
    return stack[-1] if stack else None


LIMIT_HINTS: dict[type[LiquidError], str] = {
    OutputStreamLimitError: f"one render may write {limits.OUTPUT_BYTES // 2**20} MB at most: "
    "look for a loop or a reusable that repeats its text without end",
    LoopIterationLimitError: f"loops may run {limits.LOOP_ITERATIONS:,} times in one render "
    "at most: look for a range that is larger than meant",
}


def liquid_error(
    err: LiquidError, page: Page, field: str, root: Path, tags: Mapping[str, tuple[str, ...]]
) -> DocsiteError:
    """A Liquid error as a docsite error, located in the file that holds the text.

    `tags` maps the tag names Liquid knows to the tags that end their block (none for a tag
    that has no block).
    """
    message = str(err.message or "")
    hint = str(getattr(err, "hint", "")) or LIMIT_HINTS.get(type(err), "")
    unknown = UNEXPECTED.fullmatch(message)
    if unknown and err.token is not None and err.token.start_index >= 0:
        found = unexpected(unknown[1], err.token, str(err.template_name or page.source), tags)
        if found is not None:
            return found
    path = str(err.template_name or page.source)
    token = err.token
    if path == page.source and field != "body":
        return TemplateError(
            f"in `{field}`: {message}",
            key_location(page.source, page.text, field, value=True),
            hint,
        )
    if token is None or token.start_index < 0:
        text = page.text if path == page.source else (root / path).read_text("utf-8", "replace")
        return unclosed(message, path, text) or TemplateError(message, Location(path), hint)
    where = Location.at_offset(path, token.source, token.start_index, len(token.value))
    if path.endswith((".yml", ".yaml")):
        where = yaml_location(root, path, where)
    return TemplateError(message, where, hint)


def unclosed(message: str, path: str, text: str) -> DocsiteError | None:
    """python-liquid reports an unclosed block at the end of the text: point at its start."""
    expected = EXPECTED_END.match(message)
    if expected is None:
        return None
    name = expected[1]
    depth: list[re.Match[str]] = []
    for tag in TAG_NAME.finditer(text):
        if tag[1] == name:
            depth.append(tag)
        elif tag[1] == f"end{name}" and depth:
            depth.pop()
    if not depth:
        return None
    opened = depth[-1]
    return TemplateError(
        f"`{name}` opened here is never closed",
        Location.at_offset(path, text, opened.start(1), len(name)),
        f"add {{% end{name} %}}",
    )


def yaml_location(root: Path, path: str, inner: Location) -> Location:
    """A place in a YAML value's text, found again in the YAML file."""
    text = (root / Path(path)).read_text(encoding="utf-8")
    index = text.find(inner.source_line.strip()) if inner.source_line.strip() else -1
    if index < 0:
        return Location(path)
    return Location.at_offset(
        path,
        text,
        index + inner.column - 1 - (len(inner.source_line) - len(inner.source_line.lstrip())),
        inner.width,
    )


def too_deep(deep: TooDeep, page: Page) -> DocsiteError:
    """Markdown nested deeper than the engine goes, at the first line it would lose."""
    line = deep.line.rstrip("\n")
    index = page.text.find(f"\n{line}\n") if line.strip() else -1
    start = index + 1 + len(line) - len(line.lstrip())
    where = Location.at_offset(page.source, page.text, start) if index >= 0 else None
    return TemplateError(
        f"Markdown nests more than {deep.limit} levels deep; the text from here on would be lost",
        where or Location(page.source),
        "flatten the lists or quotes",
    )
