"""Liquid and Markdown problems, located in the file that holds the text (page, reusable, YAML)."""

from __future__ import annotations

import re
from pathlib import Path

from liquid.exceptions import LiquidError

from docsite.errors import DocsiteError, Location, TemplateError
from docsite.render.markdown import TooDeep
from docsite.source.frontmatter import key_location
from docsite.source.pages import Page

EXPECTED_END = re.compile(r"expected tag end(\w+), found end of")
TAG_NAME = re.compile(r"\{%-?\s*(\w+)")


def liquid_error(err: LiquidError, page: Page, field: str, root: Path) -> DocsiteError:
    """A Liquid error as a docsite error, located in the file that holds the text."""
    message = str(err.message or "")
    hint = str(getattr(err, "hint", ""))
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
