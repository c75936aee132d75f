"""The Jinja2 layouts: put a rendered page into its template with navigation, notices and SEO."""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass, replace
from typing import Any

import jinja2
from markupsafe import Markup

from docsite.config import Version
from docsite.layout import landing, seo, templates
from docsite.layout.body import COPY_LABEL, anchored, labels, unlisted
from docsite.layout.nav import Built, Navigation, NavLink, Place
from docsite.layout.ui import UI, strings
from docsite.plan import SitePlan
from docsite.plan.tree import Tree
from docsite.plan.urls import page_url
from docsite.render import RenderedPage, Trace
from docsite.render.markdown import Heading
from docsite.render.titles import Titles
from docsite.source.data import DataStore
from docsite.source.pages import Page

LINK = re.compile(r'<a\b[^>]*?\bhref="(/[^"]*)"[^>]*>(.*?)</a>', re.S)
SWITCHED = re.compile(r'class="extended-markdown (\w+)-(\w+)"')
# A title's Markdown keeps code, emphasis and strike-through; a link becomes its text, since a
# title sits inside links (navigation, breadcrumbs). HTML in a title is shown as text.
NOT_TITLE_MARKUP = re.compile(r"<(?!/?(?:code|em|strong|del)>)[^>]*>")
ANY_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class Switcher:
    """A page's choice among the platforms (or tools) its blocks are written for."""

    kind: str  # `platform` or `tool`: blocks are classed `KIND-NAME`
    label: str
    options: tuple[tuple[str, str], ...]  # (name, label), in the configured order
    default: str  # `defaultPlatform` / `defaultTool`, or ""


class Layout:
    """Renders whole HTML documents from rendered pages."""

    def __init__(
        self, plan: SitePlan, tree: Tree, titles: Titles, data: DataStore, built: Built
    ) -> None:
        self.plan = plan
        self.titles = titles
        self.data = data
        self.nav = Navigation(plan, tree, titles, built)
        self.env = jinja2.Environment(
            loader=templates.loader(plan.config.root),
            autoescape=jinja2.select_autoescape(["html"]),
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            # A build's templates do not change under it (the preview server loads a new site
            # when one is saved): no `stat` of each template at every page.
            auto_reload=False,
        )
        self.env.filters["inline"] = self.inline
        self.env.filters["plain"] = self.plain

    def inline(self, text: str) -> Markup:
        """A title as HTML, its Markdown code and emphasis shown (`dotnet` in code type)."""
        return Markup(NOT_TITLE_MARKUP.sub("", self.titles.markdown.title(str(text))))

    def plain(self, text: str) -> str:
        """A title as text, its Markdown gone (`<title>`, descriptions)."""
        return html.unescape(ANY_TAG.sub("", self.titles.markdown.title(str(text))))

    @functools.cache  # noqa: B019 - one Layout per build; a handful of languages
    def ui(self, language: str) -> UI:
        """Interface strings (`data/ui.yml`), translated where the language has them."""
        found = self.plan.config.language(language)
        assert found is not None, language  # pages are planned only in configured languages
        return strings(self.data, found)

    def template_name(self, page: Page) -> str:
        """`layout:` names a template; otherwise home, category (index, map topic) or article."""
        layout = page.front.raw.get("layout")
        if isinstance(layout, str) and f"{layout}.html" in self.env.list_templates():
            return f"{layout}.html"
        if page.route == "":
            return "home.html"
        if page.is_index or page.front.raw.get("mapTopic"):
            return "category.html"
        return "page.html"

    def document(self, rendered: RenderedPage, trace: Trace) -> str:
        """The complete HTML document of one page; what it reads goes to the render's trace."""
        page = rendered.target.english
        at = Place(rendered.target.version, rendered.target.language, trace)
        body = anchored(rendered.body)
        if "markdown-alert-title" in body or COPY_LABEL in body:
            body = labels(body, self.ui(at.language))
        rendered = replace(rendered, body=body)
        context = self.context(rendered, page, at)
        html = self.env.get_template(self.template_name(page)).render(context)
        # The text, intros and callouts may link to a page this output does not hold.
        return self.contained(html) if self.nav.left_out or self.nav.partial else html

    def contained(self, html: str) -> str:
        """Links to pages this output does not hold, made right.

        One of a version or language not built goes to the production site (`base_url`), or
        becomes its text when there is none; one to a page left out becomes its text.
        """
        base = self.plan.config.base_url
        verdicts: dict[str, str] = self.nav.memo("link verdicts")

        def one(m: re.Match[str]) -> str:
            href = m[1]
            verdict = verdicts.get(href)
            if verdict is None:
                verdict = verdicts[href] = self.verdict(href)
            if verdict == "keep":
                return m[0]
            if verdict == "base":
                return m[0].replace(f'href="{href}"', f'href="{base}{href}"', 1)
            return m[2]

        return LINK.sub(one, html)

    def verdict(self, href: str) -> str:
        """What `contained` does with a link: "keep" it, "base" (to `base_url`) or "text"."""
        url = href.split("#")[0].split("?")[0]
        if url in self.nav.left_out:
            return "text"
        if self.nav.elsewhere(url):
            return "base" if self.plan.config.base_url else "text"
        return "keep"

    def context(self, rendered: RenderedPage, page: Page, at: Place) -> dict[str, Any]:
        """Everything a template may show; lists hold only pages published in this version."""
        nav = self.nav
        before, after = nav.neighbours(page, at)
        return self.frame(at.version, at.language) | {
            "page": rendered,
            "front": page.front.raw,
            "head": seo.head(self.plan, page, at.version, at.language),
            "notices": self.notices(rendered, page, at.version, at.language),
            "breadcrumbs": nav.breadcrumbs(page, at),
            "sidebar": self.sidebar(page, at),
            "mini_toc": self.mini_toc(rendered, page),
            "children": unlisted(nav.children(page, at), rendered.body),
            "previous": before,
            "next": after,
            "versions": nav.versions(page, at),
            "languages": nav.languages(page, at),
            "switchers": self.switchers(rendered, page, at.language),
            "edit": self.edit_url(rendered),
            "landing": landing.of(nav, page, at, self.data),
        }

    def edit_url(self, rendered: RenderedPage) -> str:
        """Where the page's source is edited, in the language shown (`edit_url` with {path})."""
        template = self.plan.config.edit_url
        return template.replace("{path}", rendered.target.page.source) if template else ""

    def switchers(self, rendered: RenderedPage, page: Page, language: str) -> list[Switcher]:
        """A switcher for each kind of block the page uses, offering the names it uses."""
        used = set(SWITCHED.findall(rendered.body))
        ui = self.ui(language)
        out = []
        for kind, names in self.plan.config.switchers.kinds.items():
            options = tuple(
                (n, ui.strings.get(n, label)) for n, label in names.items() if (kind, n) in used
            )
            if options:
                default = page.front.raw.get(f"default{kind.title()}") or ""
                out.append(
                    Switcher(kind, ui.strings.get(kind, kind.title()), options, str(default))
                )
        return out

    def frame(self, version: Version, language: str) -> dict[str, Any]:
        """What every page of a version and language shows the same way."""
        home = page_url(language, version, "")
        return {
            "language": self.plan.config.language(language),
            "version": version,
            "site": self.plan.config,
            "ui": self.ui(language),
            "home": home,
            "search_base": self.search_home(language).rstrip("/"),
        }

    @staticmethod
    def search_home(language: str) -> str:
        """Where the search index of a language's pages is (`/cn/`, its `_pagefind/`)."""
        return f"/{language}/"

    def sidebar(self, page: Page, at: Place) -> Markup:
        """The product's navigation, rendered once per open trail; the page marked current."""
        trail = self.nav.trail(page)
        url = page_url(at.language, at.version, page.route)

        def render(trace: Trace) -> str:
            root = self.nav.sidebar(trail, Place(at.version, at.language, trace))
            if root is None:
                return ""
            template = self.env.get_template("sidebar.html")
            return template.render(sidebar=root, ui=self.ui(at.language))

        key = ("sidebar", "/".join(trail), at.version.id, at.language)
        html = self.titles.remembered(key, render, at.trace)
        return Markup(html.replace(f'<a href="{url}">', f'<a href="{url}" aria-current="page">', 1))

    def not_found_pages(self, languages: list[str]) -> dict[str, bytes]:
        """A 404 page per language (`/cn/404.html`), and the source language's at `/404.html`."""
        built = self.nav.built
        shown = [v for v in self.plan.config.registry.versions if v.id in built.versions]
        version = next((v for v in shown if not v.in_url), shown[0])
        files = {}
        for code in languages:
            context = self.frame(version, code) | {
                "page": {"title": self.ui(code).not_found, "intro": "", "body": ""},
                "head": seo.Head("", (), True),
                "notices": [],
                "breadcrumbs": [],
                "sidebar": "",
                "versions": [
                    NavLink(v.title, page_url(code, v, ""), current=v == version) for v in shown
                ],
                "languages": [
                    NavLink(
                        lang.native, page_url(lang.code, version, ""), current=lang.code == code
                    )
                    for lang in self.plan.config.languages
                    if lang.code in built.languages
                ],
            }
            html = self.env.get_template("404.html").render(context).encode("utf-8")
            files[f"{code}/404.html"] = html
            if self.plan.config.language(code) is self.plan.config.languages[0]:
                files["404.html"] = html
        return files

    def mini_toc(self, rendered: RenderedPage, page: Page) -> list[Heading]:
        """The "In this article" list: h2s, down to `miniTocMaxHeadingLevel` if a page asks."""
        show = page.front.show_mini_toc
        if show is False or (show is None and (page.is_index or page.front.raw.get("layout"))):
            return []
        deepest = page.front.raw.get("miniTocMaxHeadingLevel", 2)
        assert isinstance(deepest, int)
        # A page written in `###` sections lists them: the top level it has, down to the limit.
        top = min((h.level for h in rendered.headings if h.level >= 2), default=2)
        return [h for h in rendered.headings if top <= h.level <= max(deepest, top)]

    def notices(
        self, rendered: RenderedPage, page: Page, version: Version, language: str
    ) -> list[tuple[str, str]]:
        """(kind, HTML) banners: translation state and the version's deprecation."""
        ui = self.ui(language)
        out = []
        source = next(lang for lang in self.plan.config.languages if lang.is_source)
        if language != source.code:
            english = page_url(source.code, version, page.route)
            translated = rendered.target.page is not page and not rendered.fallback
            text = ui.translation_notice if translated else ui.untranslated_notice
            out.append(("translation", text.replace("{url}", english)))
        if version.deprecation:
            text = ui.deprecated_notice if version.deprecated else ui.deprecation_notice
            out.append(
                (
                    "deprecation",
                    text.replace("{version}", version.title).replace("{date}", version.deprecation),
                )
            )
        return out
