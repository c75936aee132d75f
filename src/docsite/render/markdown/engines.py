"""Markdown engines: comrak (native, the default) and markdown-it-py (the reference)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, Protocol

import comrak
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from docsite.config.engines import ENGINE_NAMES
from docsite.render.markdown.alerts import alerts_plugin
from docsite.render.markdown.cjk import cjk_friendly


class Engine(Protocol):
    """CommonMark with tables, strikethrough and raw HTML, to HTML.

    `html` marks every heading and code block it makes from Markdown with
    `data-sourcepos="LINE:COLUMN-..."` (1-based, the column in characters), on the `<hN>` and
    `<pre>` tags; docsite's own pass (`markdown.finish`) works from those positions.
    """

    def html(self, text: str) -> str:
        """The HTML of a whole text."""
        ...

    def inline(self, text: str) -> str:
        """The HTML of a text parsed as inline content only (no blocks)."""
        ...


class TooDeep(Exception):
    """Markdown nested past markdown-it's limit, which drops the rest of the text silently."""

    def __init__(self, line: str, limit: int) -> None:
        super().__init__(line)
        self.line = line
        self.limit = limit


MAX_NESTING = 20  # markdown-it-py's `maxNesting` in CommonMark mode
DEEP_QUOTES = re.compile(rf"^(?:[ \t]*>){{{MAX_NESTING + 1}}}", re.M)


class Comrak:
    """comrak, the Rust CommonMark/GFM parser: about 30 times markdown-it-py's speed."""

    def __init__(self) -> None:
        self.extensions = comrak.ExtensionOptions()
        self.extensions.table = True
        self.extensions.strikethrough = True
        self.extensions.alerts = True  # `> [!NOTE]`, as GitHub renders it
        self.extensions.cjk_friendly_emphasis = True  # `**注：**文字` bold, as GitHub showed it
        self.parse = comrak.ParseOptions()
        self.parse.sourcepos_chars = True
        self.render = comrak.RenderOptions()
        self.render.unsafe_ = True  # raw HTML, as the docs have always written it
        self.render.sourcepos = True
        self.reference = MarkdownItPy()

    def html(self, text: str) -> str:
        """The HTML of a whole text; TooDeep where quotes nest past markdown-it's limit.

        comrak would render them, slowly (400,000 nested `>` take minutes it cannot be stopped
        in); both engines refuse the same texts.
        """
        deep = DEEP_QUOTES.search(text) if ">" in text else None
        if deep is not None:
            raise TooDeep(whole_line(text, deep.start()), MAX_NESTING)
        return str(comrak.render_markdown(text, self.extensions, self.parse, self.render))

    def inline(self, text: str) -> str:
        """Inline-only parsing, which comrak does not offer: the reference engine's."""
        return self.reference.inline(text)


class MarkdownItPy:
    """markdown-it-py, the reference engine: what docsite rendered with first."""

    def __init__(self) -> None:
        md = MarkdownIt("commonmark", {"html": True})
        md.enable(["table", "strikethrough"])
        md.use(alerts_plugin)
        md.use(cjk_friendly)
        md.core.ruler.push("sourcepos", _sourcepos)
        md.add_render_rule("fence", _fence)
        md.add_render_rule("code_block", _code_block)
        md.add_render_rule("s_open", lambda *_: "<del>")  # as comrak and GitHub: not <s>
        md.add_render_rule("s_close", lambda *_: "</del>")
        _watch_nesting(md)
        self.md = md

    def html(self, text: str) -> str:
        """The HTML of a whole text; TooDeep where markdown-it would drop the rest of it."""
        env: dict[str, Any] = {}
        tokens = self.md.parse(text, env)
        if "docsite_too_deep" in env:
            raise TooDeep(str(env["docsite_too_deep"]), self.md.options["maxNesting"])
        return str(self.md.renderer.render(tokens, self.md.options, env))

    def inline(self, text: str) -> str:
        """The HTML of a text parsed as inline content only."""
        return str(self.md.renderInline(text))


def title_parser() -> MarkdownIt:
    """Inline Markdown for titles: code, emphasis, strike-through; raw HTML shown as text."""
    md = MarkdownIt("commonmark", {"html": False})
    md.enable(["strikethrough"])
    md.use(cjk_friendly)
    md.add_render_rule("s_open", lambda *_: "<del>")
    md.add_render_rule("s_close", lambda *_: "</del>")
    return md


def _sourcepos(state: StateCore) -> None:
    """Mark headings and fences with their line and column, as comrak does."""
    lines: list[str] = []
    for token in state.tokens:
        if token.map is None or token.type not in ("heading_open", "fence"):
            continue
        if not lines:
            lines = state.src.split("\n")
        line = token.map[0]
        column = lines[line].find(token.markup) + 1 if token.type == "fence" else 1
        token.attrSet("data-sourcepos", f"{line + 1}:{column}-{token.map[1]}:0")


def _fence(self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    token = tokens[idx]
    where = token.attrGet("data-sourcepos")
    info = ' class="info"' if token.info.strip() else ""  # as comrak: a class when there is one
    return f'<pre data-sourcepos="{where}"><code{info}>{escapeHtml(token.content)}</code></pre>\n'


def _code_block(
    self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]  # marked with its place, as comrak does, for docsite's pass to find
    start, end = token.map or (0, 0)
    where = f"{start + 1}:1-{end}:0"
    return f'<pre data-sourcepos="{where}"><code>{escapeHtml(token.content)}</code></pre>\n'


def _watch_nesting(md: MarkdownIt) -> None:
    """Note in the parse's env where nesting reaches `maxNesting` with text still to parse."""
    tokenize = md.block.tokenize

    def watched(state: Any, start: int, end: int) -> None:
        if state.level >= state.md.options["maxNesting"] and state.skipEmptyLines(start) < end:
            state.env.setdefault("docsite_too_deep", whole_line(state.src, state.bMarks[start]))
        tokenize(state, start, end)

    md.block.tokenize = watched  # type: ignore[method-assign, assignment]


def whole_line(src: str, offset: int) -> str:
    """The whole source line around an offset, quote markers and indent included."""
    end = src.find("\n", offset)
    return src[src.rfind("\n", 0, offset) + 1 : end if end >= 0 else len(src)]


ENGINES: dict[str, Callable[[], Engine]] = {"comrak": Comrak, "markdown-it-py": MarkdownItPy}
assert set(ENGINES) == set(ENGINE_NAMES), "config/engines.py names every engine"
