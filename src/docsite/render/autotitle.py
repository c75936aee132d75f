"""`[AUTOTITLE](/path#anchor)`: a link whose text is its target page's title.

GitHub wrote links this way from 2023 on. The title is the page's full title (never its
`shortTitle`), rendered through Liquid for the reader's version and language.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from docsite.errors import Location, TemplateError
from docsite.render.markdown.fences import fenced_spans
from docsite.source.pages import Page

AUTOTITLE = re.compile(r"\[AUTOTITLE\]\(\s*<?([^)\s>]*)>?[^)]*\)")
MARKDOWN_PUNCTUATION = re.compile(r"([\\\[\]*_<>])")

# href -> the target's title, or None where the link leads to no page in this version (the
# link check reports it there, with its location).
TitleOf = Callable[[str], str | None]


def autotitles(text: str, page: Page, title_of: TitleOf) -> str:
    """The Markdown with each AUTOTITLE link's text replaced by its target's title."""
    fenced = [(start, end) for start, _, _, end in fenced_spans(text)]

    def title(m: re.Match[str]) -> str:
        if any(a <= m.start() < b for a, b in fenced):
            return m[0]
        href = m[1]
        if not href or href.startswith("#"):
            raise same_page(page, m[0])
        found = title_of(href)
        if found is None:
            return m[0]
        return f"[{escape(found)}]" + m[0][len("[AUTOTITLE]") :]

    return AUTOTITLE.sub(title, text)


def same_page(page: Page, written: str) -> TemplateError:
    """AUTOTITLE needs another page: a heading's title is not a page's."""
    index = page.text.find(written)
    where = Location.at_offset(page.source, page.text, index + 1, 9) if index >= 0 else None
    return TemplateError(
        "AUTOTITLE links to a page, not to a heading of this one",
        where or Location(page.source),
        "write the heading's text as the link text",
    )


def escape(title: str) -> str:
    """A title as Markdown link text: punctuation that would make links or emphasis escaped."""
    return MARKDOWN_PUNCTUATION.sub(r"\\\1", title)
