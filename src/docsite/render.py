"""Render one page in one version and language: Liquid, then Markdown, then link rewriting."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from liquid.exceptions import LiquidError
from liquid.template import BoundTemplate

from docsite.content import Page
from docsite.data import DataView
from docsite.errors import DocsiteError, Location, TemplateError
from docsite.frontmatter import key_location
from docsite.links import Link, LinkRewriter, page_url
from docsite.liquid.environment import DocsEnvironment
from docsite.liquid.link_tags import LinkInfo
from docsite.markdown import Heading, Markdown, Rendered, TooDeep
from docsite.redirects import RedirectMap
from docsite.release_notes import release_notes_markdown
from docsite.site import SitePlan, Target
from docsite.versions import Version

HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
EXPECTED_END = re.compile(r"expected tag end(\w+), found end of")
TAG_NAME = re.compile(r"\{%-?\s*(\w+)")
HEADING_ID = re.compile(r'(<h[1-6] id=")([^"]*)(")')
FIELDS = {
    "title": "title",
    "shortTitle": "short_title",
    "intro": "intro",
    "product": "product",
    "permissions": "permissions",
}


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
    markdown: str = ""  # the body after Liquid: the page's Markdown twin
    summary: str = ""  # the intro after Liquid, as Markdown


def source_text(page: Page, field: str) -> str:
    """The Liquid source of a page's body or of one of its front matter fields."""
    return page.body if field == "body" else str(getattr(page.front, FIELDS[field]))


class Renderer:
    """Holds the parsed templates and the Markdown cache shared by every render of a build."""

    def __init__(
        self, plan: SitePlan, env: DocsEnvironment, markdown: Markdown, redirects: RedirectMap
    ) -> None:
        self.plan = plan
        self.env = env
        self.markdown = markdown
        self.redirects = redirects
        self.rewriter = LinkRewriter(
            plan.config.registry,
            tuple(lang.code for lang in plan.config.languages),
            lambda url: url if url in plan.urls else redirects.resolve(url),
        )
        self.templates: dict[tuple[str, str], BoundTemplate] = {}
        # key -> (value, data files read, pages whose title or intro it shows)
        self.memo: dict[tuple[str, ...], tuple[str, frozenset[str], frozenset[str]]] = {}
        self.computing: set[tuple[str, ...]] = set()
        # The pages whose title or intro the current render showed (the preview server
        # re-renders those outputs when only such a field changes).
        self.pages_read: set[str] = set()
        env.pages = self
        self.all_versions = {
            v.id: {
                "version": v.id,
                "versionTitle": v.title,
                "currentRelease": v.release,
                "plan": v.plan,
                "shortName": v.short,
            }
            for v in plan.config.registry.versions
        }

    def globals(self, page: Page, version: Version, language: str) -> dict[str, Any]:
        """The Liquid context GitHub's engine gave a page."""
        ghes = self.plan.config.registry.plan("enterprise-server")
        supported = list(ghes.releases) if ghes else []
        return {
            "currentVersion": version.id,
            "currentVersionObj": version,
            "currentLanguage": language,
            "currentProduct": page.route.split("/")[0],
            "currentPath": page.route,
            "enterpriseServerVersions": [f"enterprise-server@{r}" for r in supported],
            "enterpriseServerReleases": {
                "supported": supported,
                "latest": supported[0] if supported else None,
            },
            version.short: True,
            "currentPageFile": page.rel,
            "allVersions": self.all_versions,
            "page": {"relativePath": page.rel, **page.front.raw},
            "site": {"data": DataView(self.env.data, language)},
        }

    def template(self, page: Page, field: str) -> BoundTemplate:
        """Parse a page's body or Liquid field once per build."""
        key = (page.source, field)
        found = self.templates.get(key)
        if found is None:
            text = HTML_COMMENT.sub(
                lambda m: "\n" * m.group().count("\n"), source_text(page, field)
            )
            try:
                found = self.env.parse(text, page.source)
            except LiquidError as err:
                raise self.error(err, page, field) from None
            self.templates[key] = found
        return found

    def liquid(self, page: Page, field: str, context: dict[str, Any]) -> str:
        """Render one Liquid field (or the body) of a page."""
        text = source_text(page, field)
        if "{" not in text and "<!--" not in text:  # no Liquid: rendering would return it as is
            return text
        env = self.env
        outer, env.rendering = env.rendering, (page.source, env.mode_of(page.source))
        try:
            return self.template(page, field).render(**context)
        except LiquidError as err:
            raise self.error(err, page, field) from None
        finally:
            env.rendering = outer

    def error(self, err: LiquidError, page: Page, field: str) -> DocsiteError:
        """Turn a Liquid error into a docsite error located in the file that holds the text."""
        message = str(err.message or "")
        if type(err).__name__ == "TemplateNotFoundError":
            message = f"include: no template {message!r} (generated data is not in the source)"
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
            return self._unclosed(message, path, page) or TemplateError(
                message, Location(path), hint
            )
        where = Location.at_offset(path, token.source, token.start_index, len(token.value))
        if path.endswith((".yml", ".yaml")):
            where = self._yaml_location(path, where)
        return TemplateError(message, where, hint)

    def _unclosed(self, message: str, path: str, page: Page) -> DocsiteError | None:
        """python-liquid reports an unclosed block at the end of the text: point at its start."""
        expected = EXPECTED_END.match(message)
        if expected is None:
            return None
        name = expected[1]
        root = self.plan.config.root
        text = page.text if path == page.source else (root / path).read_text("utf-8", "replace")
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

    def _yaml_location(self, path: str, inner: Location) -> Location:
        text = (self.plan.config.root / Path(path)).read_text(encoding="utf-8")
        index = text.find(inner.source_line.strip()) if inner.source_line.strip() else -1
        if index < 0:
            return Location(path)
        return Location.at_offset(
            path,
            text,
            index + inner.column - 1 - (len(inner.source_line) - len(inner.source_line.lstrip())),
            inner.width,
        )

    def text(self, text: str, origin: str, page: Page, version: Version, language: str) -> str:
        """Liquid in a data value a layout shows (a learning track's title), as a page sees it."""
        if "{" not in text:
            return text
        try:
            template = self.templates.get((origin, text)) or self.env.parse(text, origin)
            self.templates[(origin, text)] = template
            return template.render(**self.globals(page, version, language))
        except LiquidError as err:
            raise TemplateError(str(err.message or err), Location(origin)) from None

    def source(self, page: Page, language: str) -> Page:
        """The page's text in a language: its translation if there is one."""
        return self.plan.content.translations.get(language, {}).get(page.rel, page)

    def field(self, page: Page, field: str, version: Version, language: str) -> str:
        """One Liquid field of a page, from the translation, or English if that one is broken."""
        source = self.source(page, language)
        try:
            return self.liquid(source, field, self.globals(source, version, language))
        except DocsiteError:
            if source is page:
                raise
            return self.liquid(page, field, self.globals(page, version, language))

    def forget(self, path: str) -> None:
        """Drop remembered titles and intros that read a data file that changed."""
        self.memo = {k: v for k, v in self.memo.items() if path not in v[1]}

    def forget_page(self, rel: str) -> None:
        """Drop the remembered title and intro of a page whose front matter changed."""
        self.memo = {k: v for k, v in self.memo.items() if k[1] != rel and rel not in v[2]}

    def remembered(self, key: tuple[str, ...], compute: Callable[[], str]) -> str:
        """A value computed once per build; its data dependencies count for every page using it."""
        if key not in self.memo:
            outer, self.env.data.used = self.env.data.used, set()
            shown, self.pages_read = self.pages_read, set()
            try:
                value = compute()
                self.memo[key] = (value, frozenset(self.env.data.used), frozenset(self.pages_read))
            finally:
                self.env.data.used, self.pages_read = outer, shown
        value, deps, pages = self.memo[key]
        self.env.data.used.update(deps)
        self.pages_read.update(pages)
        return value

    def title(self, page: Page, version: Version, language: str, *, short: bool = True) -> str:
        """A page's rendered title (its short title if it has one and `short`), for navigation."""
        name = "shortTitle" if short and page.front.short_title else "title"
        self.pages_read.add(page.rel)
        key = ("title", page.rel, version.id, language, name)
        if key in self.computing:  # a link tag in a title that leads back to this title
            raise TemplateError(
                f"`{name}` links to a page whose title links back to it",
                key_location(page.source, page.text, name, value=True),
                "a title cannot show itself: write the link text out",
            )
        self.computing.add(key)
        try:
            return self.remembered(key, lambda: self.field(page, name, version, language).strip())
        finally:
            self.computing.discard(key)

    def link_info(
        self, href: str, current: str, version: Version, language: str, *, short: bool
    ) -> LinkInfo | None:
        """A link tag's target in one version and language, or None where it is not published."""
        route = self.plan.resolve_href(href, current)
        if route is None:
            raise LookupError(href)
        if not self.plan.has(route, version):
            return None
        page = self.plan.by_route[route]
        return LinkInfo(
            page_url(language, version, route),
            self.title(page, version, language, short=short),
            self.intro(page, version, language),
        )

    def render(self, target: Target) -> RenderedPage:
        """Render a target; a broken translation (page or data) falls back to English."""
        if target.language == "en":
            return self._render(target, target.page, "en")
        try:
            return self._render(target, target.page, target.language)
        except DocsiteError as err:
            english = self._render(target, target.english, "en")
            reason = f"{err.location}: {err.message}"
            return RenderedPage(**{**english.__dict__, "fallback": reason})

    def _render(self, target: Target, page: Page, data_language: str) -> RenderedPage:
        version, language = target.version, target.language
        context = self.globals(page, version, data_language)
        body_text = (
            self.english_body(page, version)
            if data_language == "en"
            else self.liquid(page, "body", context)
        )
        source = body_text + self.extra(page, context)
        try:
            body = self.markdown.render(source)
        except TooDeep as deep:
            line = deep.line.rstrip("\n")
            index = page.text.find(f"\n{line}\n") if line.strip() else -1
            start = index + 1 + len(line) - len(line.lstrip())
            where = Location.at_offset(page.source, page.text, start) if index >= 0 else None
            raise TemplateError(
                f"Markdown nests more than {deep.limit} levels deep; "
                "the text from here on would be lost",
                where or Location(page.source),
                "flatten the lists or quotes",
            ) from None
        if page is not target.english:
            english = self.english_body(target.english, version)
            body = english_ids(body, self.markdown.render(english).headings)
        text = {
            name: self.liquid(page, name, context) if getattr(page.front, attr) else ""
            for name, attr in FIELDS.items()
        }
        links: list[Link] = []

        def local(html: str) -> str:
            rewritten, found = self.rewriter.rewrite(html, language, version)
            links.extend(found)
            return rewritten

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
            body=local(body.html),
            headings=body.headings,
            links=tuple(links),
            markdown=source,
            summary=text["intro"].strip(),
        )

    def english_body(self, page: Page, version: Version) -> str:
        """An English page's body after Liquid, once per version and process.

        A translation reads its English body for the heading ids, and falls back to it. Keyed
        by the text too: an edited body is another key (`forget_page` drops the rest).
        """
        key = ("body", page.rel, version.id, page.body)
        return self.remembered(
            key, lambda: self.liquid(page, "body", self.globals(page, version, "en"))
        )

    def extra(self, page: Page, context: dict[str, Any]) -> str:
        """Generated content some layouts add below the body (release notes)."""
        if page.front.raw.get("layout") != "release-notes":
            return ""
        version = context["currentVersionObj"]
        key = ("release-notes", version.id)
        folder = (
            self.plan.config.root / "data" / "release-notes" / version.release.replace(".", "-")
        )
        self.env.data.used.update(
            f"data/release-notes/{p.parent.name}/{p.name}" for p in sorted(folder.glob("*.yml"))
        )
        if key not in self.templates:
            text, _ = release_notes_markdown(self.plan.config.root / "data", version)
            try:
                self.templates[key] = self.env.parse(text, str(folder))
            except LiquidError as err:
                raise self.error(err, page, "body") from None
        try:
            return "\n\n" + self.templates[key].render(**context)
        except LiquidError as err:
            raise self.error(err, page, "body") from None

    def intro(self, page: Page, version: Version, language: str) -> str:
        """A page's intro as inline HTML, for the lists on index pages."""
        self.pages_read.add(page.rel)

        def compute() -> str:
            text = self.field(page, "intro", version, language) if page.front.intro else ""
            html = self.markdown.inline(text) if text.strip() else ""
            return self.rewriter.rewrite(html, language, version)[0]

        return self.remembered(("intro", page.rel, version.id, language), compute)


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
