"""The Jinja2 layout: puts a rendered page into `page.html` with its navigation."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import jinja2

from docsite import templates
from docsite.content import Page
from docsite.data import DataStore
from docsite.links import page_url
from docsite.markdown import Heading
from docsite.render import RenderedPage, Renderer
from docsite.site import SitePlan
from docsite.versions import Version

UI_KEYS = ("in_this_article", "version", "language", "permissions", "home", "contents")


@dataclass(frozen=True)
class NavLink:
    """A titled link in navigation: breadcrumbs, children, version and language pickers."""

    title: str
    url: str
    intro: str = ""
    current: bool = False


class Layout:
    """Renders whole HTML documents from rendered pages."""

    def __init__(self, plan: SitePlan, renderer: Renderer, data: DataStore) -> None:
        self.plan = plan
        self.renderer = renderer
        self.data = data
        self.env = jinja2.Environment(
            loader=templates.loader(plan.config.root),
            autoescape=jinja2.select_autoescape(["html"]),
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
        )
        self.template = self.env.get_template("page.html")

    @functools.cache  # noqa: B019 - one Layout per build; a handful of languages
    def ui(self, language: str) -> dict[str, str]:
        """Interface strings (`data/ui.yml`), translated where the language has them."""
        strings = {}
        for key in UI_KEYS:
            found = self.data.get(language, f"ui.docsite.{key}")
            strings[key] = found.text if found else key.replace("_", " ").capitalize()
        return strings

    def document(self, rendered: RenderedPage) -> str:
        """The complete HTML document of one page."""
        target = rendered.target
        page, version, language = target.english, target.version, target.language
        show_toc = page.front.show_mini_toc
        if show_toc is None:
            show_toc = not page.is_index
        context: dict[str, Any] = {
            "page": rendered,
            "language": self.plan.config.language(language),
            "version": version,
            "ui": self.ui(language),
            "mini_toc": self.mini_toc(rendered, page) if show_toc else [],
            "children": self.children(page, version, language),
            "breadcrumbs": self.breadcrumbs(page, version, language),
            "versions": self.version_links(page, version, language),
            "languages": [
                NavLink(
                    lang.native,
                    page_url(lang.code, version, page.route),
                    current=lang.code == language,
                )
                for lang in self.plan.config.languages
            ],
            "home": page_url(language, version, ""),
            "site": self.plan.config,
            "canonical": self.plan.config.base_url + target.url
            if self.plan.config.base_url
            else "",
        }
        return self.template.render(context)

    def mini_toc(self, rendered: RenderedPage, page: Page) -> list[Heading]:
        """The "In this article" list: h2s, down to `miniTocMaxHeadingLevel` if a page asks."""
        deepest = page.front.raw.get("miniTocMaxHeadingLevel", 2)
        assert isinstance(deepest, int)
        return [h for h in rendered.headings if 2 <= h.level <= deepest]

    def link(self, page: Page, version: Version, language: str, *, intro: bool = False) -> NavLink:
        """A navigation link to another page in the same version and language."""
        return NavLink(
            self.renderer.title(page, version, language),
            page_url(language, version, page.route),
            self.renderer.intro(page, version, language) if intro else "",
        )

    def children(self, page: Page, version: Version, language: str) -> list[NavLink]:
        """The children of an index page that exist in this version."""
        routes = [r for r in self.plan.child_routes(page) if self.plan.has(r, version)]
        return [self.link(self.plan.by_route[r], version, language, intro=True) for r in routes]

    def breadcrumbs(self, page: Page, version: Version, language: str) -> list[NavLink]:
        """Product, category and map topic above a page."""
        parts = page.route.split("/") if page.route else []
        routes = ["/".join(parts[:i]) for i in range(1, len(parts))]
        return [
            self.link(self.plan.by_route[r], version, language)
            for r in routes
            if self.plan.has(r, version)
        ]

    def version_links(self, page: Page, current: Version, language: str) -> list[NavLink]:
        """Every version: to this page where it exists, else to that version's home page."""
        return [
            NavLink(
                v.title,
                page_url(language, v, page.route if self.plan.has(page.route, v) else ""),
                current=v.id == current.id,
            )
            for v in self.plan.config.registry.versions
        ]
