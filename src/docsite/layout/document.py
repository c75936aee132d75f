"""The Jinja2 layouts: put a rendered page into its template with navigation, notices and SEO."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from typing import Any

import jinja2
from markupsafe import Markup

from docsite.config import Version
from docsite.layout import landing, seo, templates
from docsite.layout.nav import Navigation, NavLink, Place
from docsite.layout.ui import UI, strings
from docsite.plan import SitePlan
from docsite.plan.tree import Tree
from docsite.plan.urls import page_url
from docsite.render import RenderedPage, Trace
from docsite.render.markdown import Heading
from docsite.render.titles import Titles
from docsite.source.data import DataStore
from docsite.source.pages import Page

ALERT_TITLE = re.compile(
    r'(<p class="markdown-alert-title">(?:<svg.*?</svg> )?)(Note|Tip|Important|Warning|Caution)</p>'
)
SWITCHED = re.compile(r'class="extended-markdown (\w+)-(\w+)"')


@dataclass(frozen=True)
class Switcher:
    """A page's choice among the platforms (or tools) its blocks are written for."""

    kind: str  # `platform` or `tool`: blocks are classed `KIND-NAME`
    label: str
    options: tuple[tuple[str, str], ...]  # (name, label), in the configured order
    default: str  # `defaultPlatform` / `defaultTool`, or ""


class Layout:
    """Renders whole HTML documents from rendered pages."""

    def __init__(self, plan: SitePlan, tree: Tree, titles: Titles, data: DataStore) -> None:
        self.plan = plan
        self.titles = titles
        self.data = data
        self.nav = Navigation(plan, tree, titles)
        self.env = jinja2.Environment(
            loader=templates.loader(plan.config.root),
            autoescape=jinja2.select_autoescape(["html"]),
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
        )

    @functools.cache  # noqa: B019 - one Layout per build; a handful of languages
    def ui(self, language: str) -> UI:
        """Interface strings (`data/ui.yml`), translated where the language has them."""
        return strings(self.data, language)

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
        if "markdown-alert-title" in rendered.body:
            rendered = replace(rendered, body=alert_titles(rendered.body, self.ui(at.language)))
        context = self.context(rendered, page, at)
        return self.env.get_template(self.template_name(page)).render(context)

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
            "children": nav.children(page, at),
            "previous": before,
            "next": after,
            "versions": nav.versions(page, at),
            "languages": nav.languages(page, at),
            "switchers": self.switchers(rendered, page, at.language),
            "landing": landing.of(nav, page, at, self.data),
        }

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
            "search_base": home.rstrip("/"),
        }

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
        version = next(v for v in self.plan.config.registry.versions if not v.in_url)
        files = {}
        for code in languages:
            context = self.frame(version, code) | {
                "page": {"title": self.ui(code).not_found, "intro": "", "body": ""},
                "head": seo.Head("", (), True),
                "notices": [],
                "breadcrumbs": [],
                "sidebar": None,
                "versions": [
                    NavLink(v.title, page_url(code, v, ""), current=v == version)
                    for v in self.plan.config.registry.versions
                ],
                "languages": [
                    NavLink(
                        lang.native, page_url(lang.code, version, ""), current=lang.code == code
                    )
                    for lang in self.plan.config.languages
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
        return [h for h in rendered.headings if 2 <= h.level <= deepest]

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


def alert_titles(body: str, ui: UI) -> str:
    """The alerts' titles in the reader's language (a title of the writer's own stays)."""
    return ALERT_TITLE.sub(lambda m: f"{m[1]}{ui.strings[f'alert_{m[2].lower()}']}</p>", body)
