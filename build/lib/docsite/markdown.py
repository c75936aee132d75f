"""Markdown to HTML with markdown-it-py: GitHub heading ids, highlighting, one render per text."""

from __future__ import annotations

import functools
import hashlib
import html
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, cast

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.anchors.index import unique_slug
from pygments import highlight as pygments_highlight
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from docsite.blocks import definitions, split_blocks

COPY = "{:copy}"
CODE = re.compile(r"<code[^>]*>.*?</code>", re.S)
HEADING_TAG = re.compile(r'<h([1-6]) id="([^"]*)"')
RAW_HEADING = re.compile(r'<h([1-6]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
FORMATTER = HtmlFormatter(nowrap=True)


@dataclass(frozen=True)
class Heading:
    """A heading of a rendered page: level, id, inner HTML and the slug its id came from."""

    level: int
    id: str
    html: str
    slug: str | None = None  # None for raw HTML headings, whose ids are written by hand


@dataclass(frozen=True)
class Rendered:
    """HTML of one Markdown text and the headings it contains."""

    html: str
    headings: tuple[Heading, ...]


def github_slug(text: str) -> str:
    """Heading ids as github-slugger makes them: lowercase, punctuation dropped, spaces to `-`."""
    kept = (
        ch
        for ch in text.strip().lower()
        if ch in " -_" or unicodedata.category(ch)[0] in "LMN" or unicodedata.category(ch) == "Pc"
    )
    return "".join(kept).replace(" ", "-")


def protect_braces(text: str) -> str:
    """Entity-encode `{{` and `{%` so that Liquid shown as code cannot look unrendered."""
    return text.replace("{{", "&#123;&#123;").replace("{%", "&#123;%")


@functools.lru_cache(maxsize=256)
def _lexer(lang: str) -> Lexer | None:
    try:
        return get_lexer_by_name(lang) if lang else None
    except ClassNotFound:
        return None


def _highlight(code: str, lang: str, _attrs: str) -> str:
    lexer = _lexer(lang)
    return pygments_highlight(code, lexer, FORMATTER) if lexer else ""


def _copy_fences(state: StateCore) -> None:
    """Strip `{:copy}` from fence info strings and remember it for the fence renderer."""
    for token in state.tokens:
        if token.type == "fence" and token.info.rstrip().endswith(COPY):
            token.info = token.info.rstrip().removesuffix(COPY)
            token.meta["copy"] = True


def _render_fence(
    self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    code = self.fence(tokens, idx, options, env)
    if not token.meta.get("copy"):
        return str(code)
    clip = protect_braces(html.escape(token.content, quote=True))
    return (
        f'<div class="code-extra"><button class="btn-copy" type="button" '
        f'data-clipboard-text="{clip}">Copy</button>{code}</div>'
    )


def join(pieces: list[Rendered]) -> Rendered | None:
    """Concatenate separately rendered blocks, renumbering duplicate heading ids across them.

    Returns None when the heading tags cannot be matched up (then render the whole text).
    """
    seen: set[str] = set()
    html: list[str] = []
    headings: list[Heading] = []
    for piece in pieces:
        finals = [h.id if h.slug is None else unique_slug(h.slug, seen) for h in piece.headings]
        if finals == [h.id for h in piece.headings]:  # the usual case: nothing to renumber
            html.append(piece.html)
            headings += piece.headings
            continue
        tags = list(HEADING_TAG.finditer(piece.html))
        if len(tags) != len(finals):
            return None
        out, last = [], 0
        for tag, heading, final in zip(tags, piece.headings, finals, strict=True):
            out += [piece.html[last : tag.start(2)], final]
            last = tag.end(2)
            headings.append(replace(heading, id=final))
        html.append("".join(out) + piece.html[last:])
    return Rendered("".join(html), tuple(headings))


class InlineCache:
    """The HTML of inline runs (a paragraph's text, a table cell, a list item) seen before.

    A block that differs between versions in one cell or item still shares the rest: those runs
    skip inline parsing and rendering. Inline parsing depends only on the text and the link
    reference definitions, so texts that define references are not cached; headings are not
    cached either, because their ids are computed from their parsed children.
    """

    def __init__(self) -> None:
        self.html: dict[str, str] = {}
        self.hits = 0

    def parse_rule(self, state: StateCore) -> None:
        """The core `inline` rule: parse only the runs whose HTML is not known yet."""
        cacheable = not state.inlineMode and not state.env.get("references")
        tokens = state.tokens
        for i, token in enumerate(tokens):
            if token.type != "inline":
                continue
            token.meta["cache"] = cacheable and i > 0 and tokens[i - 1].type != "heading_open"
            known = self.html.get(token.content) if token.meta["cache"] else None
            if known is not None:
                token.meta["html"] = known
                token.children = []
                self.hits += 1
                continue
            token.children = token.children or []
            state.md.inline.parse(token.content, state.md, state.env, token.children)

    def renderer(self, md: MarkdownIt) -> RendererHTML:
        """markdown-it's renderer, taking inline HTML from the cache and filling it."""
        cache = self.html

        class CachingRenderer(RendererHTML):
            def render(self, tokens: Sequence[Token], options: OptionsDict, env: EnvType) -> str:
                out = []
                for i, token in enumerate(tokens):
                    if token.type != "inline":
                        rule = self.rules.get(token.type)
                        out.append(
                            rule(tokens, i, options, env)
                            if rule
                            else self.renderToken(tokens, i, options, env)
                        )
                        continue
                    html = token.meta.get("html")
                    if html is None:
                        html = self.renderInline(token.children or [], options, env)
                        if token.meta.get("cache"):
                            cache[token.content] = html
                    out.append(html)
                return "".join(out)

        return CachingRenderer(md)


def make_parser(inline_cache: InlineCache | None = None) -> MarkdownIt:
    """CommonMark with tables and strikethrough, raw HTML allowed, GitHub heading ids."""
    md = MarkdownIt("commonmark", {"html": True, "highlight": _highlight})
    if inline_cache is not None:
        md.core.ruler.at("inline", inline_cache.parse_rule)
        md.renderer = inline_cache.renderer(md)
    md.enable(["table", "strikethrough"])
    anchors_plugin(md, min_level=1, max_level=6, slug_func=github_slug)
    md.core.ruler.push("copy_fences", _copy_fences)
    md.add_render_rule("fence", _render_fence)
    _watch_nesting(md)
    return md


class TooDeep(Exception):
    """Markdown nested past markdown-it's limit, which drops the rest of the text silently."""

    def __init__(self, line: str) -> None:
        super().__init__(line)
        self.line = line


def _watch_nesting(md: MarkdownIt) -> None:
    """Note in the parse's env where nesting reaches `maxNesting` with text still to parse."""
    tokenize = md.block.tokenize

    def watched(state: Any, start: int, end: int) -> None:
        if state.level >= state.md.options["maxNesting"] and state.skipEmptyLines(start) < end:
            state.env.setdefault("docsite_too_deep", state.getLines(start, start + 1, 0, False))
        tokenize(state, start, end)

    md.block.tokenize = watched  # type: ignore[method-assign, assignment]


class Markdown:
    """A markdown-it-py parser with a cache keyed by the text, so each text renders once."""

    def __init__(self, *, cache: bool = True) -> None:
        self.inline_cache = InlineCache() if cache else None
        self.md = make_parser(self.inline_cache)
        self.cache: dict[bytes, Rendered] = {}
        self.inlines: dict[bytes, str] = {}
        self.hits = 0

    def render(self, text: str) -> Rendered:
        """Render Markdown, reusing the HTML of every top-level block rendered before."""
        parts = split_blocks(text)
        if len(parts) == 1:
            return self.render_block(text)
        defined = definitions(parts)
        references = self.references(defined) if defined else {}
        salt = hashlib.blake2b(defined.encode()).digest() if defined else b""
        joined = join([self.render_block(part, references, salt) for part in parts])
        return joined if joined is not None else self.render_block(text)

    def references(self, defined: str) -> dict[str, Any]:
        """The link reference definitions a text makes, which every block of it can use."""
        env: dict[str, Any] = {}
        self.md.parse(defined, env)
        return cast(dict[str, Any], env.get("references", {}))

    def render_block(
        self, text: str, references: dict[str, Any] | None = None, salt: bytes = b""
    ) -> Rendered:
        """Render one text as a whole, with the references of the text it is part of.

        Cached by the text's hash, keyed by `salt`: a digest of the definitions it was given.
        """
        key = hashlib.blake2b(text.encode(), digest_size=16, key=salt).digest()
        found = self.cache.get(key)
        if found is not None:
            self.hits += 1
            return found
        env = {"references": dict(references)} if references else {}
        tokens = self.md.parse(text, env)
        if "docsite_too_deep" in env:
            raise TooDeep(str(env["docsite_too_deep"]))
        out = self.md.renderer.render(tokens, self.md.options, env)
        out = CODE.sub(lambda m: protect_braces(m.group()), out)
        rendered = Rendered(out, self._headings(tokens))
        self.cache[key] = rendered
        return rendered

    def inline(self, text: str) -> str:
        """Render a one-paragraph text without the `<p>` wrapper (titles, intros)."""
        if "\n\n" in text.strip():  # more than a paragraph: render the blocks
            return self.render(text).html.strip()
        key = hashlib.blake2b(b"inline\0" + text.encode(), digest_size=16).digest()
        if key not in self.inlines:
            html = self.md.renderInline(text.strip())
            self.inlines[key] = CODE.sub(lambda m: protect_braces(m.group()), html)
        return self.inlines[key]

    def _headings(self, tokens: Sequence[Token]) -> tuple[Heading, ...]:
        found = []
        for i, token in enumerate(tokens):
            if token.type == "html_block":
                found += [
                    Heading(int(m[1]), m[2], m[3]) for m in RAW_HEADING.finditer(token.content)
                ]
            if token.type == "heading_open":
                inline = tokens[i + 1].children or []
                inner = cast(RendererHTML, self.md.renderer).renderInline(
                    inline, self.md.options, {}
                )
                words = "".join(c.content for c in inline if c.type in ("text", "code_inline"))
                found.append(
                    Heading(int(token.tag[1]), str(token.attrGet("id")), inner, github_slug(words))
                )
        return tuple(found)
