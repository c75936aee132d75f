"""docsite's own pass over an engine's HTML: GitHub's heading ids, Pygments, `{:copy}`, braces."""

from __future__ import annotations

import functools
import html
import itertools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from markdown_it.common.utils import escapeHtml, unescapeAll
from pygments import highlight as pygments_highlight
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from docsite.render.icons import svg

COPY = "{:copy}"
CODE = re.compile(r"<code[^>]*>.*?</code>", re.S)
# Engines mark the elements they made from Markdown with their source position; raw HTML never
# carries one, so a heading or <pre> written in HTML is told apart without guessing its shape.
INLINE_POS = re.compile(r'(?<!<h[1-6])(?<!<pre) data-sourcepos="[^"]*"')
POS = ' data-sourcepos="'
KEEP_POS = ("<h1", "<h2", "<h3", "<h4", "<h5", "<h6", "<pre")
ALIGN = re.compile(r' data-sourcepos="[^"]*" align="')  # comrak's table cells: as markdown-it's
MADE = re.compile(
    r'<h(?P<level>[1-6]) data-sourcepos="[^"]*">(?P<inner>.*?)</h(?P=level)>'
    r'|<pre data-sourcepos="(?P<line>\d+):(?P<col>\d+)-[^"]*"><code(?P<info> class)?[^>]*>'
    r"(?P<code>.*?)</code></pre>"
    r'|<h(?P<raw>[1-6]) id="(?P<id>[^"]+)"[^>]*>(?P<text>.*?)</h(?P=raw)>',
    re.S,
)
TAG = re.compile(r"<[^>]*>")
FENCE_OPEN = re.compile(r"(`{3,}|~{3,})(.*)")
NEWLINE = re.compile(r"\r\n?|\n")  # line ends as CommonMark counts them
PARAGRAPH = re.compile(r"<p>(.*)</p>\n", re.S)
FORMATTER = HtmlFormatter(nowrap=True)
ALERT_TITLE = re.compile(
    r'<div class="markdown-alert markdown-alert-(\w+)">\n<p class="markdown-alert-title">'
)
# `{% rowheaders %}`: the first cell of each body row is the row's header.
ROWHEADERS = re.compile(r'<div class="extended-markdown rowheaders">.*?</div>', re.S)
FIRST_CELL = re.compile(r"(<tbody>\n<tr>\n|</tr>\n<tr>\n)<td([^>]*)>(.*?)</td>", re.S)
# Markup GitHub let through in code blocks: placeholders in italics, bold, line breaks. They
# travel through Pygments as private-use characters, one per tag.
PLACEHOLDER = re.compile(r"<(em|strong)>([^<>\n]*)</\1>", re.I)
LINE_BREAK = re.compile(r"<br\s*/?>", re.I)
MARKS = {"em": "\ue000", "/em": "\ue001", "strong": "\ue002", "/strong": "\ue003", "br": "\ue004"}
TAGS = {mark: f"<{name}>" for name, mark in MARKS.items()}
MARK = re.compile("[\ue000-\ue004]")
# Highlighting cut a placeholder: a span opens or closes between its two marks, or wraps one.
CUT_MARK = re.compile("[\ue000\ue002][^\ue001\ue003]*?</?span|<span[^>]*>[\ue000-\ue004]")
ALERT_ICONS = {
    "note": "info",
    "tip": "light-bulb",
    "important": "report",
    "warning": "alert",
    "caution": "stop",
}


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


def inline_positions_dropped(html_text: str) -> str:
    """What `INLINE_POS.sub("", html_text)` answers, by splitting, five times faster.

    A regex that opens with a lookbehind is tried at every character, and an engine's HTML
    marks nearly every element.
    """
    parts = html_text.split(POS)
    kept = [parts[0]]
    for before, part in itertools.pairwise(parts):
        end = part.find('"')
        if end < 0:  # an unclosed value: the regex reads on into the next attribute
            return INLINE_POS.sub("", html_text)
        kept.append(POS + part if before.endswith(KEEP_POS) else part[end + 1 :])
    return "".join(kept)


def protect_braces(text: str) -> str:
    """Entity-encode `{{` and `{%` so that Liquid shown as code cannot look unrendered."""
    return text.replace("{{", "&#123;&#123;").replace("{%", "&#123;%")


def protect_code(html_text: str) -> str:
    if "{{" not in html_text and "{%" not in html_text:
        return html_text
    return CODE.sub(lambda m: protect_braces(m.group()), html_text)


@functools.lru_cache(maxsize=256)
def _lexer(lang: str) -> Lexer | None:
    try:
        return get_lexer_by_name(lang) if lang else None
    except ClassNotFound:
        return None


@functools.lru_cache(maxsize=8192)
def highlight(code: str, lang: str) -> str | None:
    """Pygments' HTML for a code block, cached by (language, code) across pages and versions."""
    lexer = _lexer(lang)
    return pygments_highlight(code, lexer, FORMATTER) if lexer else None


def code_html(code: str, lang: str = "") -> str:
    """A code block's inner HTML: highlighted when its language is known, markup kept.

    `<em>`, `<strong>` and `<br>` written in the code stay markup, as GitHub showed them
    (`<em>USERNAME</em>` an italic placeholder). Where highlighting would cut one, the block
    is plain.
    """
    marked = PLACEHOLDER.sub(lambda m: MARKS[m[1].lower()] + m[2] + MARKS["/" + m[1].lower()], code)
    marked = LINE_BREAK.sub(MARKS["br"], marked)
    body = highlight(marked, lang) if lang else None
    if marked == code:
        return body or escapeHtml(code)
    if body is None or CUT_MARK.search(body):
        body = escapeHtml(marked)
    return MARK.sub(lambda m: TAGS[m[0]], body)


def fence_html(info: str, code: str) -> str:
    """A fenced code block: highlighted when its language is known, a copy button for `{:copy}`."""
    copy = info.endswith(COPY)
    info = unescapeAll(info.removesuffix(COPY)).strip()
    lang = info.split(maxsplit=1)[0] if info else ""
    attr = f' class="language-{escapeHtml(lang)}"' if lang else ""
    out = f"<pre><code{attr}>{code_html(code, lang)}</code></pre>"
    if not copy:
        return out
    plain = LINE_BREAK.sub("\n", PLACEHOLDER.sub(r"\2", code))  # what a reader would paste
    clip = protect_braces(html.escape(plain, quote=True))
    return (
        f'<div class="code-extra"><button class="btn-copy" type="button" '
        f'data-clipboard-text="{clip}">Copy</button>{out}\n</div>'
    )


def finish(text: str, made: str) -> Rendered:
    """Docsite's own pass on an engine's HTML: heading ids, Pygments, `{:copy}`, braces."""
    seen = Slugs()
    headings: list[Heading] = []
    source_lines = functools.cache(lambda: NEWLINE.split(text))  # only texts with fences

    def one(m: re.Match[str]) -> str:
        if m["code"] is not None:
            return code_block(m, source_lines)
        if m["inner"] is None:  # a heading written in raw HTML: left as written
            headings.append(Heading(int(m["raw"]), m["id"], m["text"]))
            return m[0]
        heading = made_heading(int(m["level"]), m["inner"], seen)
        headings.append(heading)
        return f'<h{heading.level} id="{heading.id}">{heading.html}</h{heading.level}>'

    out = MADE.sub(one, inline_positions_dropped(ALIGN.sub(' style="text-align:', made)))
    if "markdown-alert-title" in out:
        out = ALERT_TITLE.sub(alert_icon, out)
    if '"extended-markdown rowheaders"' in out:
        out = ROWHEADERS.sub(lambda m: FIRST_CELL.sub(r'\1<th scope="row"\2>\3</th>', m[0]), out)
    return Rendered(protect_code(out), tuple(headings))


def alert_icon(m: re.Match[str]) -> str:
    """An alert's title with GitHub's icon for its kind."""
    icon = svg(ALERT_ICONS[m[1]], {}) or ""
    return f"{m[0]}{icon} "


class Slugs:
    """Heading ids made unique as GitHub's slugger does (`a`, `a-1`, `a-2`), in linear time."""

    def __init__(self) -> None:
        self.seen: set[str] = set()
        self.next: dict[str, int] = {}  # the next suffix to try for a slug

    def unique(self, slug: str) -> str:
        """The slug, or the first `slug-N` not taken yet."""
        found, number = slug, self.next.get(slug, 1)
        while found in self.seen:
            found, number = f"{slug}-{number}", number + 1
        self.next[slug] = number
        self.seen.add(found)
        return found


def made_heading(level: int, inner: str, seen: Slugs) -> Heading:
    """A heading made from Markdown: GitHub's slug of its text, unique in the text so far."""
    slug = github_slug(html.unescape(TAG.sub("", inner)))
    return Heading(level, seen.unique(slug), inner, slug)


def code_block(m: re.Match[str], source_lines: Callable[[], list[str]]) -> str:
    """A code block an engine made: a fence's info string is read at its source position."""
    code = html.unescape(m["code"])
    if m["info"] is None:  # indented, or fenced with no info string: nothing to do
        return f"<pre><code>{code_html(code)}</code></pre>"
    opening = FENCE_OPEN.match(source_lines()[int(m["line"]) - 1][int(m["col"]) - 1 :])
    return fence_html(opening[2].strip() if opening else "", code)
