"""Other pages' titles and intros, as link tags, navigation and landing pages show them.

Each is rendered once per build, version and language; what it read counts for every render
that shows it. This is the page index link tags reach through the render globals.
"""

from __future__ import annotations

from collections.abc import Callable

from docsite.config import Version
from docsite.errors import DocsiteError, TemplateError
from docsite.plan import SitePlan
from docsite.plan.urls import page_url
from docsite.render.links import LinkRewriter
from docsite.render.liquid.context import Globals
from docsite.render.liquid.state import LinkInfo, Trace
from docsite.render.markdown import Markdown
from docsite.render.stage import LiquidStage
from docsite.source.frontmatter import key_location
from docsite.source.pages import Page

# key -> (value, data files read, pages whose title or intro it shows, warnings it gave)
Memo = dict[tuple[str, ...], tuple[str, frozenset[str], frozenset[str], tuple[DocsiteError, ...]]]


class Titles:
    """Titles and intros of pages, remembered; the page index of link tags."""

    def __init__(
        self, plan: SitePlan, stage: LiquidStage, markdown: Markdown, rewriter: LinkRewriter
    ) -> None:
        self.plan = plan
        self.stage = stage
        self.markdown = markdown
        self.rewriter = rewriter
        self.globals = Globals(plan.config.registry, stage.env.data, self)
        self.memo: Memo = {}
        self.computing: set[tuple[str, ...]] = set()

    def remembered(
        self, key: tuple[str, ...], compute: Callable[[Trace], str], trace: Trace
    ) -> str:
        """A value computed once per build; its reads and warnings count in every render showing it.

        Said only by the render that computed it, a warning would leave the report once that
        page changed, while other pages still showed the value.
        """
        found = self.memo.get(key)
        if found is None:
            inner = trace.nested()
            before = len(inner.warnings)  # the very list of `trace`: said here once
            value = compute(inner)
            said = tuple(inner.warnings[before:])
            found = self.memo[key] = (value, frozenset(inner.data), frozenset(inner.pages), said)
        else:
            trace.warnings += found[3]
        value, data, pages, _ = found
        trace.absorb(data, pages)
        return value

    def forget_shown(self, kind: str) -> None:
        """Drop every remembered value of a kind (`sidebar`): what it showed has changed."""
        self.memo = {key: value for key, value in self.memo.items() if key[0] != kind}

    def source(self, page: Page, language: str) -> Page:
        """The page's text in a language: its translation if there is one."""
        return self.plan.content.translations.get(language, {}).get(page.rel, page)

    def field(self, page: Page, field: str, version: Version, language: str, trace: Trace) -> str:
        """One Liquid field of a page, from the translation, or English if that one is broken."""
        source = self.source(page, language)
        try:
            context = self.globals.of(source, version, language, trace)
            return self.stage.render(source, field, context, trace)
        except DocsiteError:
            if source is page:
                raise
            context = self.globals.of(page, version, language, trace)
            return self.stage.render(page, field, context, trace)

    def title(
        self, page: Page, version: Version, language: str, trace: Trace, *, short: bool = True
    ) -> str:
        """A page's rendered title (its short title if it has one and `short`), for navigation."""
        name = "shortTitle" if short and page.front.short_title else "title"
        trace.pages.add(page.rel)
        key = ("title", page.rel, version.id, language, name)
        if key in self.computing:  # a link tag in a title that leads back to this title
            raise TemplateError(
                f"`{name}` links to a page whose title links back to it",
                key_location(page.source, page.text, name, value=True),
                "a title cannot show itself: write the link text out",
            )
        self.computing.add(key)
        try:
            return self.remembered(
                key, lambda t: self.field(page, name, version, language, t).strip(), trace
            )
        finally:
            self.computing.discard(key)

    def intro(self, page: Page, version: Version, language: str, trace: Trace) -> str:
        """A page's intro as inline HTML, for the lists on index pages."""
        trace.pages.add(page.rel)

        def compute(inner: Trace) -> str:
            text = self.field(page, "intro", version, language, inner) if page.front.intro else ""
            html = self.markdown.inline(text) if text.strip() else ""
            return self.rewriter.rewrite(html, language, version)[0]

        return self.remembered(("intro", page.rel, version.id, language), compute, trace)

    def text(
        self, text: str, origin: str, page: Page, version: Version, language: str, trace: Trace
    ) -> str:
        """Liquid in a data value a layout shows (a learning track's title), as a page sees it."""
        context = self.globals.of(page, version, language, trace)
        return self.stage.text(text, origin, context, trace)

    def link_info(
        self, href: str, current: str, version: Version, language: str, trace: Trace, *, short: bool
    ) -> LinkInfo | None:
        """A link tag's target in one version and language, or None where it is not published."""
        route = self.plan.resolve_href(href, current)
        if route is None:
            if self.plan.broken(href, current):
                return None  # its own file's error says enough
            raise LookupError(href)
        if not self.plan.has(route, version):
            return None
        page = self.plan.by_route[route]
        return LinkInfo(
            page_url(language, version, route),
            self.title(page, version, language, trace, short=short),
            self.intro(page, version, language, trace),
        )

    def forget(self, path: str) -> None:
        """Drop remembered values that read a data file that changed."""
        self.memo = {k: v for k, v in self.memo.items() if path not in v[1]}

    def forget_page(self, rel: str) -> None:
        """Drop the remembered title and intro of a page whose front matter changed."""
        self.memo = {k: v for k, v in self.memo.items() if k[1] != rel and rel not in v[2]}
