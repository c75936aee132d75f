"""The Markdown stage: an engine renders HTML, then docsite's own pass, once for every engine."""

from __future__ import annotations

import hashlib

from markdown_it import MarkdownIt

from docsite.config.engines import DEFAULT_ENGINE
from docsite.render.markdown.engines import (
    ENGINES,
    Engine,
    TooDeep,
    title_parser,
)
from docsite.render.markdown.fences import inline_breaks
from docsite.render.markdown.html_pass import (
    PARAGRAPH,
    Heading,
    Rendered,
    finish,
    github_slug,
    inline_positions_dropped,
    protect_code,
)

__all__ = [
    "DEFAULT_ENGINE",
    "ENGINES",
    "Heading",
    "Markdown",
    "Rendered",
    "TooDeep",
    "github_slug",
]


class Markdown:
    """The Markdown stage: one engine behind it, and a cache keyed by the text."""

    def __init__(self, engine: str = DEFAULT_ENGINE) -> None:
        self.engine: Engine = ENGINES[engine]()
        self.cache: dict[bytes, Rendered] = {}
        self.inlines: dict[bytes, str] = {}
        self.titles: dict[str, str] = {}
        self.title_md: MarkdownIt | None = None

    def render(self, text: str) -> Rendered:
        """Render a Markdown text to HTML and its headings; each distinct text is rendered once."""
        key = hashlib.blake2b(text.encode(), digest_size=16).digest()
        found = self.cache.get(key)
        if found is None:
            found = self.cache[key] = finish(text, self.engine.html(inline_breaks(text)))
        return found

    def inline(self, text: str) -> str:
        """Render a one-paragraph text without the `<p>` wrapper (titles, intros)."""
        if "\n\n" in text.strip():  # more than a paragraph: render the blocks
            return self.render(text).html.strip()
        key = hashlib.blake2b(text.encode(), digest_size=16, person=b"inline").digest()
        if key not in self.inlines:
            self.inlines[key] = protect_code(self._inline(text.strip()))
        return self.inlines[key]

    def title(self, text: str) -> str:
        """A title's inline HTML: its Markdown rendered, any HTML in it shown as text."""
        found = self.titles.get(text)
        if found is None:
            if self.title_md is None:
                self.title_md = title_parser()
            found = self.titles[text] = protect_code(str(self.title_md.renderInline(text.strip())))
        return found

    def _inline(self, text: str) -> str:
        # A text that parses as one paragraph is that paragraph's content; anything else (a
        # heading, a list marker, a reference definition) is parsed as inline text alone.
        block = inline_positions_dropped(self.engine.html(text))
        one = PARAGRAPH.fullmatch(block)
        if one is not None and "<p>" not in one[1]:
            return one[1]
        return self.engine.inline(text)
