"""The site plan: each page's versions, URLs and redirects, from front matter, before rendering."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from docsite.config import SiteConfig, Version
from docsite.config.versions import release_satisfies
from docsite.errors import (
    DocsiteError,
    Location,
    SiteError,
    VersionError,
    close_matches,
    closest,
    did_you_mean,
    warning,
)
from docsite.plan.redirects import RedirectMap
from docsite.plan.urls import page_url
from docsite.source.features import FOLDER, Features
from docsite.source.frontmatter import key_location
from docsite.source.pages import Content, Page


@dataclass(frozen=True)
class Target:
    """One page to render: the English page, the source used for this language, where it goes."""

    english: Page
    page: Page
    version: Version
    language: str
    url: str


class SitePlan:
    """Every page's versions, URLs and redirects."""

    def __init__(
        self, config: SiteConfig, content: Content, features: Features | None = None
    ) -> None:
        self.config = config
        self.content = content
        self.features = features or Features()
        self.by_route = {page.route: page for page in content.pages.values()}
        self.problems: list[DocsiteError] = []
        self.versions = {rel: self.published(page) for rel, page in content.pages.items()}
        self.urls = {
            page_url(lang.code, v, page.route)
            for rel, page in content.pages.items()
            for v in self.versions[rel]
            for lang in config.languages
        }
        self.problems += self.missing_children()
        self.redirects = RedirectMap(config, content.pages, self.versions, self.urls)
        self.problems += self.redirects.errors
        self.closest: dict[str, str] = {}  # a path that is no page -> the closest route, or ""

    def closest_route(self, path: str) -> str:
        """The route most like a path that is no page ("" if none is close), remembered.

        A broken link in a reusable is met again in every version and language, and each search
        compares the path with every route of the site.
        """
        if path not in self.closest:
            self.closest[path] = closest(path, self.near_routes(path)) or ""
        return self.closest[path]

    @functools.cached_property
    def routes_by_name(self) -> dict[str, list[str]]:
        """Routes by their last segment."""
        by_name: dict[str, list[str]] = {}
        for route in self.by_route:
            if route:
                by_name.setdefault(route.rpartition("/")[2], []).append(route)
        return by_name

    def near_routes(self, path: str) -> list[str]:
        """The routes worth comparing with a path: a page that moved keeps its name or folder.

        Those whose last segment is like the path's, and those in the path's folder; comparing
        every route of a large site costs a tenth of a second per link.
        """
        by_name = self.routes_by_name
        folder, _, name = path.rpartition("/")
        names = close_matches(name, by_name, n=10)
        near = [route for found in names for route in by_name[found]]
        return near + [r for r in self.by_route if r and r.rpartition("/")[0] == folder]

    def published(self, page: Page) -> list[Version]:
        """The versions a page is published in; none is an error unless only `next` matched.

        A range that matches no release at all is a warning at the range (and the page's error
        points there too when the page is in no version).
        """
        found, next_only = self.config.registry.applicable(page.front.versions)
        if page.front.features:
            ids = {v.id for v in found} | self.feature_versions(page)
            found = [v for v in self.config.registry.versions if v.id in ids]
        unmatched = self.unmatched_ranges(page)
        self.problems += [warning(*problem) for problem in unmatched]
        if not found and not next_only:
            where = unmatched[0][1] if unmatched else None
            self.problems.append(
                VersionError(
                    "page is not published in any supported version",
                    where or key_location(page.source, page.text, "versions", value=True),
                    "widen the `versions` ranges, or delete the page",
                )
            )
        return found

    def unmatched_ranges(self, page: Page) -> list[tuple[str, Location, str]]:
        """(message, place, hint) for each numbered plan's range that matches no release.

        No supported release, no archived one, not the next one: the page is never published
        in that plan.
        """
        found = []
        written = page.front.raw.get("versions")
        for name, rng in written.items() if isinstance(written, dict) else ():
            plan = self.config.registry.plan(str(name))
            if (
                plan is None
                or not plan.numbered
                or rng in ("*", "next")
                or not isinstance(rng, str)
            ):
                continue
            releases = (*plan.releases, *plan.archived, *([plan.next] if plan.next else []))
            if not any(release_satisfies(r, rng) for r in releases):
                where = key_location(page.source, page.text, "versions", str(name), value=True)
                known = ", ".join(plan.releases) + (f"; next {plan.next}" if plan.next else "")
                message = f"range {rng!r} for `{name}` matches no release ({known})"
                found.append((message, where, "widen the range, or remove the plan"))
        return found

    def feature_versions(self, page: Page) -> set[str]:
        """The versions of the features a page's `versions` names; an unknown one is an error."""
        ids: set[str] = set()
        for name in page.front.features:
            feature = self.features.get(name)
            if feature is None:
                where = key_location(page.source, page.text, "versions", "feature", value=True)
                hint = did_you_mean(name, self.features.names()) or f"no {FOLDER}/{name}.yml"
                self.problems.append(VersionError(f"unknown feature `{name}`", where, hint))
            else:
                ids |= feature.versions
        return ids

    def targets(self, versions: list[Version], languages: list[str]) -> list[Target]:
        """Every (page, version, language) to render, in a stable order."""
        wanted = {v.id for v in versions}
        out = []
        # A page's languages side by side: a translation reads its English body in the same
        # version, which the worker that rendered the English one has at hand.
        for rel, page in self.content.pages.items():
            for version in self.versions[rel]:
                if version.id not in wanted:
                    continue
                for language in languages:
                    translated = self.content.translations.get(language, {}).get(rel, page)
                    url = page_url(language, version, page.route)
                    out.append(Target(page, translated, version, language, url))
        return out

    def has(self, route: str, version: Version) -> bool:
        """Whether the page at a route is published in a version."""
        page = self.by_route.get(route)
        return page is not None and version.id in self.version_ids[page.rel]

    @functools.cached_property
    def version_ids(self) -> dict[str, frozenset[str]]:
        """The ids of each page's versions (`has` runs for every link of every page)."""
        return {rel: frozenset(v.id for v in found) for rel, found in self.versions.items()}

    @functools.cached_property
    def by_url(self) -> dict[str, tuple[Page, Version]]:
        """The page and version each page URL shows (built when first asked for)."""
        return {
            page_url(lang.code, v, page.route): (page, v)
            for rel, page in self.content.pages.items()
            for v in self.versions[rel]
            for lang in self.config.languages
        }

    def broken(self, href: str, current: str) -> bool:
        """Whether an href names a page whose file could not be read (reported there)."""
        route = "/".join(p for p in href.split("#")[0].split("?")[0].split("/") if p)
        folder = current.rpartition("/")[0]
        candidates = {route, f"{folder}/{route}".strip("/")}
        return not self.content.broken.isdisjoint(candidates)

    def lands_at(self, url: str) -> str | None:
        """The page a URL shows: itself if it is a page, where it redirects to, else None."""
        return url if url in self.urls else self.redirects.resolve(url)

    def resolve_href(self, href: str, current: str) -> str | None:
        """The route a link tag names; short hrefs are relative to the folder of `current`."""
        path = href.split("#")[0].split("?")[0].strip()
        parts = [p for p in path.split("/") if p]
        codes = {lang.code for lang in self.config.languages}
        if parts and parts[0] in codes:
            parts = parts[1:]
        if parts and "@" in parts[0]:
            parts = parts[1:]
        if path.count("/") < 2:
            folder = current.rpartition("/")[0]
            parts = [*folder.split("/"), *parts] if folder else parts
        route = "/".join(parts)
        if route not in self.by_route:  # a page that moved: follow its redirect
            moved = self.redirects.resolve(f"/en/{route}")
            route = moved.strip("/").split("/", 1)[-1] if moved else route
            route = "/".join(p for p in route.split("/") if "@" not in p)
        return route if route in self.by_route else None

    def missing_children(self) -> list[DocsiteError]:
        """A `children` entry that names no page is an error at its line."""
        errors: list[DocsiteError] = []
        for page in self.content.pages.values():
            for child, route in zip(page.front.children, self.child_routes(page), strict=True):
                if route not in self.by_route and route not in self.content.broken:
                    index = page.text.find(child, page.text.find("children"))
                    where = Location.at_offset(page.source, page.text, max(index, 0), len(child))
                    hint = f"no content/{route}.md or content/{route}/index.md"
                    errors.append(SiteError(f"children: no page {child}", where, hint))
        return errors

    def child_routes(self, page: Page) -> list[str]:
        """Routes of an index page's `children`, resolved against its folder."""
        base = page.route
        return [f"{base}/{child.strip('/')}".strip("/") for child in page.front.children]
