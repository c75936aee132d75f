"""Navigation computed at build time: breadcrumbs, sidebar, previous/next and the switchers."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from docsite.config import Version
from docsite.plan import SitePlan
from docsite.plan.tree import Tree, visible
from docsite.plan.urls import page_url
from docsite.render import Trace
from docsite.render.titles import Titles
from docsite.source.pages import Page


@dataclass(frozen=True)
class Place:
    """Where a render is: its version and language, and the trace of what it reads."""

    version: Version
    language: str
    trace: Trace


@dataclass(frozen=True)
class NavLink:
    """A titled link: breadcrumbs, sidebar entries, lists, switchers."""

    title: str
    url: str
    intro: str = ""
    current: bool = False
    missing: bool = False  # a switcher entry that goes to the version's home instead
    children: tuple[NavLink, ...] = field(default=())
    open: bool = False  # a sidebar section on the way to the current page


@dataclass(frozen=True)
class Built:
    """The versions (ids) and languages (codes) a build writes: switchers offer only those."""

    versions: frozenset[str]
    languages: frozenset[str]
    skipped: frozenset[str] = frozenset()  # page sources `--skip-file` names: never linked to
    shard: bool = False  # one part of a merged site: `merge` builds the search indexes

    def signature(self) -> str:
        """What the navigation of every page depends on, for the build's fingerprints."""
        parts = (self.versions, self.languages, self.skipped)
        return "|".join(",".join(sorted(part)) for part in parts) + f"|{self.shard}"


class Navigation:
    """Links between pages in one version and language, only to pages published there."""

    def __init__(self, plan: SitePlan, tree: Tree, titles: Titles, built: Built) -> None:
        self.plan = plan
        self.tree = tree
        self.titles = titles
        self.built = built
        # URLs the build does not write (skipped, or their render failed): never linked to.
        self.left_out: frozenset[str] = frozenset()
        # The digest of the pages left out because they failed ("" when none): in the
        # fingerprint of each page laid out without them, reused only while the same ones fail.
        self.failures = ""
        # Caches by name, each true only of the `left_out` they were filled for
        self.memos: tuple[frozenset[str], dict[str, dict[Any, Any]]] = (self.left_out, {})

    @functools.cached_property
    def segments(self) -> dict[str, str]:
        """Version id by the URL segment it is published under (`enterprise-server@3.0`)."""
        return {
            page_url("x", v, "").split("/")[2]: v.id
            for v in self.plan.config.registry.versions
            if v.in_url
        }

    @functools.cached_property
    def partial(self) -> bool:
        """Whether some configured version or language is not in this output."""
        config = self.plan.config
        every = {v.id for v in config.registry.versions}, {lang.code for lang in config.languages}
        return every != (set(self.built.versions), set(self.built.languages))

    @functools.cached_property
    def default_version(self) -> str:
        """The id of the version published without a URL segment."""
        return next((v.id for v in self.plan.config.registry.versions if not v.in_url), "")

    def elsewhere(self, url: str) -> bool:
        """Whether a site URL is of a version or language this output does not hold."""
        parts = url.split("/")
        if len(parts) < 3 or self.plan.config.language(parts[1]) is None:
            return False  # not a page URL
        version = self.segments.get(parts[2], self.default_version)
        return parts[1] not in self.built.languages or version not in self.built.versions

    def written(self, route: str, version: Version, language: str) -> bool:
        """Whether the page at a route is in this output for a version and language."""
        if not self.plan.has(route, version):
            return False
        return not self.left_out or page_url(language, version, route) not in self.left_out

    def link(self, route: str, at: Place, *, intro: bool = False) -> NavLink | None:
        """A link to the page at a route, or None where it is not in this version."""
        if not self.written(route, at.version, at.language):
            return None
        page = self.plan.by_route[route]
        return NavLink(
            self.titles.title(page, at.version, at.language, at.trace),
            page_url(at.language, at.version, route),
            self.titles.intro(page, at.version, at.language, at.trace) if intro else "",
        )

    def links(self, routes: Iterable[str], at: Place, *, intro: bool = False) -> list[NavLink]:
        """Links to the routes published in this version, in order."""
        found = (self.link(r, at, intro=intro) for r in routes)
        return [link for link in found if link is not None]

    def hrefs(
        self, page: Page, hrefs: Iterable[object], at: Place, *, intro: bool
    ) -> list[NavLink]:
        """Links to front matter hrefs (`featuredLinks`, `includeGuides`) as seen from a page."""
        routes = (self.plan.resolve_href(str(h), page.rel) for h in hrefs)
        return self.links((r for r in routes if r is not None), at, intro=intro)

    def children(self, page: Page, at: Place) -> list[NavLink]:
        """An index page's or map topic's children in this version, with their intros."""
        return self.links(visible(self.tree, self.plan, page.route, at.version), at, intro=True)

    def breadcrumbs(self, page: Page, at: Place) -> list[NavLink]:
        """Product, category and map topic above a page (the folders, if no tree lists it)."""
        above = self.tree.ancestors(page.route)[1:]
        if not above and page.route not in self.tree.parent:
            parts = page.route.split("/") if page.route else []
            above = ["/".join(parts[:i]) for i in range(1, len(parts))]
        return self.links(above, at)

    def trail(self, page: Page) -> tuple[str, ...]:
        """The sidebar sections a page opens: its ancestors, and itself if it has children."""
        own = (page.route,) if self.tree.children.get(page.route) else ()
        return (*self.tree.ancestors(page.route), *own)

    def sidebar(self, trail: tuple[str, ...], at: Place) -> NavLink | None:
        """The product of a trail with its categories; the sections on the trail open."""
        if len(trail) < 2:
            return None
        return self.section(trail[1], at, set(trail), depth=0)

    def section(self, route: str, at: Place, trail: set[str], depth: int) -> NavLink | None:
        """One sidebar entry; sections on the trail list their children (at most three deep)."""
        link = self.link(route, at)
        if link is None:
            return None
        below: list[NavLink] = []
        if route in trail and depth < 3:
            for child in visible(self.tree, self.plan, route, at.version):
                found = self.section(child, at, trail, depth + 1)
                below += [found] if found else []
        return NavLink(link.title, link.url, children=tuple(below), open=route in trail)

    def neighbours(self, page: Page, at: Place) -> tuple[NavLink | None, NavLink | None]:
        """The previous and next articles among the page's siblings in this version."""
        parent = self.tree.parent.get(page.route)
        if parent is None or page.is_index:
            return None, None
        siblings = self.written_children(parent, at)
        if page.route not in siblings:  # the page is not written itself: place it among them
            written = set(siblings)
            shown = visible(self.tree, self.plan, parent, at.version)
            siblings = [r for r in shown if r == page.route or r in written]
        index = siblings.index(page.route) if page.route in siblings else -1
        if index < 0:
            return None, None
        before = self.link(siblings[index - 1], at) if index > 0 else None
        after = self.link(siblings[index + 1], at) if index + 1 < len(siblings) else None
        return before, after

    def written_children(self, parent: str, at: Place) -> list[str]:
        """A section's children written in a version and language: once per section.

        Each page of a section asks for its neighbours; listing the section for each would
        cost the square of its size.
        """
        known: dict[tuple[str, str, str], list[str]] = self.memo("written children")
        key = (parent, at.version.id, at.language)
        if key not in known:
            shown = visible(self.tree, self.plan, parent, at.version)
            known[key] = [r for r in shown if self.written(r, at.version, at.language)]
        return known[key]

    def memo(self, name: str) -> dict[Any, Any]:
        """The cache called `name`, emptied whenever what is left out changes."""
        if self.memos[0] is not self.left_out:
            self.memos = (self.left_out, {})
        return self.memos[1].setdefault(name, {})

    def versions(self, page: Page, at: Place) -> list[NavLink]:
        """Every built version: to this page there, to where it moved, else to its home."""
        out = []
        for version in self.plan.config.registry.versions:
            if version.id not in self.built.versions:
                continue  # not in this output: a link there would answer 404
            url = self.same_page(page, version, at.language)
            home = page_url(at.language, version, "")
            current = version.id == at.version.id
            out.append(NavLink(version.title, url or home, current=current, missing=not url))
        return out

    def same_page(self, page: Page, version: Version, language: str) -> str:
        """The URL of a page in another version, following its moves; "" where it has none."""
        if self.written(page.route, version, language):
            return page_url(language, version, page.route)
        if self.plan.has(page.route, version):
            return ""  # left out of this build: the version's home
        moved = self.plan.redirects.resolve(page_url(language, version, page.route)) or ""
        route = moved.removeprefix(page_url(language, version, "")).strip("/")
        # A version-less redirect may land in another version: that is no move in this one.
        found = (
            self.written(route, version, language) and page_url(language, version, route) == moved
        )
        return moved if found else ""

    def languages(self, page: Page, at: Place) -> list[NavLink]:
        """Every built language: each publishes every page (from English if untranslated)."""
        return [
            NavLink(
                lang.native,
                page_url(lang.code, at.version, page.route)
                if self.written(page.route, at.version, lang.code)
                else page_url(lang.code, at.version, ""),
                current=lang.code == at.language,
            )
            for lang in self.plan.config.languages
            if lang.code in self.built.languages
        ]

    def contents(self, page: Page, at: Place) -> list[NavLink]:
        """A product's full table of contents: categories, map topics, articles."""
        return [
            NavLink(link.title, link.url, link.intro, children=tuple(self.contents(child, at)))
            for child, link in (
                (self.plan.by_route[r], self.link(r, at, intro=True))
                for r in visible(self.tree, self.plan, page.route, at.version)
            )
            if link is not None
        ]
