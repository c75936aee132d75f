"""Render one page in one version and language: Liquid, then Markdown, then link rewriting."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from liquid.exceptions import LiquidError

from docsite.config import Version
from docsite.errors import DocsiteError, TemplateError
from docsite.plan import SitePlan, Target
from docsite.render.autotitle import autotitles
from docsite.render.links import Link, LinkRewriter
from docsite.render.liquid.state import Trace
from docsite.render.locate import too_deep
from docsite.render.markdown import Heading, Markdown, Rendered, TooDeep
from docsite.render.references import images, other_links
from docsite.render.stage import FIELDS, LiquidStage
from docsite.render.titles import Titles
from docsite.source.frontmatter import key_location
from docsite.source.pages import Page
from docsite.source.release_notes import release_notes_markdown

HEADING_ID = re.compile(r'(<h[1-6] id=")([^"]*)(")')


@dataclass(frozen=True)
class RenderedPage:
    """A page's rendered parts, before the layout."""

    target: Target
    title: str
    intro: str
    product: str
    permissions: str
    body: str
    headings: tuple[Heading, ...]
    links: tuple[Link, ...]
    fallback: str = ""
    images: tuple[str, ...] = ()  # site paths of the images it shows
    markdown: str = ""  # the body after Liquid: the page's Markdown twin
    summary: str = ""  # the intro after Liquid, as Markdown


class PageRenderer:
    """Renders targets; a broken translation (page or data) falls back to English."""

    def __init__(
        self,
        plan: SitePlan,
        stage: LiquidStage,
        titles: Titles,
        markdown: Markdown,
        rewriter: LinkRewriter,
    ) -> None:
        self.plan = plan
        self.stage = stage
        self.titles = titles
        self.markdown = markdown
        self.rewriter = rewriter
        self.notes: dict[str, tuple[str, list[str]]] = {}  # version id -> release notes

    def render(self, target: Target, trace: Trace) -> RenderedPage:
        """Render a target, recording in `trace` what it read and said."""
        if target.language == "en":
            return self.render_from(target, target.page, "en", trace)
        try:
            return self.render_from(target, target.page, target.language, trace)
        except DocsiteError as err:
            english = self.render_from(target, target.english, "en", trace)
            return replace(english, fallback=f"{err.location}: {err.message}")

    def render_from(
        self, target: Target, page: Page, data_language: str, trace: Trace
    ) -> RenderedPage:
        """Render a target from one source page (the translation, or English)."""
        version, language = target.version, target.language
        context = self.titles.globals.of(page, version, data_language, trace)
        source = self.markdown_source(target, page, data_language, context, trace)
        body = self.body(source, target, page, trace)
        text = {
            name: self.stage.render(page, name, context, trace) if getattr(page.front, attr) else ""
            for name, attr in FIELDS.items()
        }
        links: list[Link] = []

        def local(html: str) -> str:
            rewritten, found = self.rewriter.rewrite(html, language, version)
            links.extend(found)
            return rewritten

        html = local(body.html)
        links += other_links(html, target.url)
        return RenderedPage(
            target=target,
            title=text["title"].strip(),
            intro=local(self.markdown.inline(text["intro"])) if text["intro"].strip() else "",
            product=local(self.markdown.render(text["product"]).html)
            if text["product"].strip()
            else "",
            permissions=local(self.markdown.inline(text["permissions"]))
            if text["permissions"].strip()
            else "",
            body=html,
            headings=body.headings,
            links=tuple(links),
            markdown=source,
            summary=text["intro"].strip(),
            images=images(html),
        )

    def markdown_source(
        self, target: Target, page: Page, data_language: str, context: dict[str, Any], trace: Trace
    ) -> str:
        """The body's Markdown: its Liquid rendered, generated parts added, AUTOTITLEs filled."""
        body_text = (
            self.english_body(page, target.version, trace)
            if data_language == "en"
            else self.stage.render(page, "body", context, trace)
        )
        source = body_text + self.extra(page, context, trace)
        if "[AUTOTITLE]" in source:
            source = autotitles(source, page, lambda href: self.title_at(href, target, trace))
        return source

    def body(self, source: str, target: Target, page: Page, trace: Trace) -> Rendered:
        """The body's HTML; a translation's headings keep the English ids."""
        try:
            body = self.markdown.render(source)
        except TooDeep as deep:
            raise too_deep(deep, page) from None
        if page is not target.english:
            english = self.english_body(target.english, target.version, trace)
            body = english_ids(body, self.markdown.render(english).headings)
        return body

    def title_at(self, href: str, target: Target, trace: Trace) -> str | None:
        """The title an AUTOTITLE link to `href` shows; None where it goes to no page.

        It is the title of the page the link lands on, in the version it goes to and the
        reader's language.
        """
        link = self.rewriter.target(href, target.language, target.version)
        found = self.plan.by_url.get(link.url.partition("?")[0])
        if found is None:
            return None
        page, version = found
        return self.titles.title(page, version, target.language, trace, short=False)

    def english_body(self, page: Page, version: Version, trace: Trace) -> str:
        """An English page's body after Liquid, once per version and process.

        A translation reads its English body for the heading ids, and falls back to it. Keyed
        by the text too: an edited body is another key (`forget_page` drops the rest).
        """

        def compute(inner: Trace) -> str:
            context = self.titles.globals.of(page, version, "en", inner)
            return self.stage.render(page, "body", context, inner)

        key = ("body", page.rel, version.id, page.body)
        return self.titles.remembered(key, compute, trace)

    def extra(self, page: Page, context: dict[str, Any], trace: Trace) -> str:
        """Generated content some layouts add below the body (release notes)."""
        if page.front.raw.get("layout") != "release-notes":
            return ""
        version = context["currentVersionObj"]
        root = self.plan.config.root
        key = ("release-notes", version.id)
        if version.id not in self.notes:  # read once per version (and worker)
            self.notes[version.id] = release_notes_markdown(root / "data", version)
        text, files = self.notes[version.id]
        trace.data.update(files)
        if not text:
            raise TemplateError(
                f"no release notes for {version.title}",
                key_location(page.source, page.text, "layout", value=True),
                f"add data/release-notes/{version.plan}/<release>/<patch>.yml, "
                "or leave this version out of the page's `versions`",
            )
        try:
            template = self.stage.parsed(key, text, f"data/release-notes/{version.plan}", trace)
            return "\n\n" + template.render(**context)
        except LiquidError as err:
            raise self.stage.error(err, page, "body") from None


def english_ids(body: Rendered, english: tuple[Heading, ...]) -> Rendered:
    """Give a translation's headings the ids of the English headings in the same position."""
    ids = iter([h.id for h in english])

    def swap(m: re.Match[str]) -> str:
        return f"{m.group(1)}{next(ids, m.group(2))}{m.group(3)}"

    headings = tuple(
        Heading(h.level, english[i].id if i < len(english) else h.id, h.html)
        for i, h in enumerate(body.headings)
    )
    return Rendered(HEADING_ID.sub(swap, body.html), headings)
