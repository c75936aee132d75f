"""Redirects: every old, version-less or language-less URL to its page, in one hop."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from typing import NamedTuple

from docsite.config import SiteConfig, Version
from docsite.errors import DocsiteError, Location, clip
from docsite.plan.urls import page_url, path_problem
from docsite.source.files import reserved
from docsite.source.frontmatter import key_location
from docsite.source.pages import Page

CN_ALIASES = ("zh-cn", "zh", "zh-CN")


class RedirectError(DocsiteError):
    """A `redirect_from` entry that shadows a page or that two pages claim."""


class Redirect(NamedTuple):  # a NamedTuple: a site has tens of thousands, built in a hurry
    """One source URL (no trailing slash) and the page URL it lands on."""

    source: str
    target: str
    kind: str


def normalize(entry: str) -> str:
    """The engine's normal form of a `redirect_from` path: no trailing slash, no legacy prefix."""
    path = "/" + entry.strip().strip("/")
    if path.startswith("/enterprise/") and not path[len("/enterprise/") :][:1].isdigit():
        path = path[len("/enterprise") :]
    return path.replace("/admin/guides/", "/admin/", 1)


class RedirectMap:
    """All redirects of a site, built from front matter before rendering."""

    def __init__(
        self,
        config: SiteConfig,
        pages: Mapping[str, Page],
        versions: Mapping[str, list[Version]],
        urls: set[str],
    ) -> None:
        self.config = config
        self.versions = versions  # each page's, by its path below content/
        self.map: dict[str, Redirect] = {}
        self.errors: list[DocsiteError] = []
        self.pages = {url.rstrip("/") for url in urls}
        self.owner: dict[str, tuple[Page, str, bool]] = {}  # source -> page, entry, version-less
        self.order = {v.id: i for i, v in enumerate(config.registry.versions)}
        self.reported: set[tuple[str, str]] = set()
        self._aliases: dict[str, list[str]] = {}
        for page in pages.values():
            self.add_redirect_from(page)
        for page in pages.values():
            self.add_generated(page)
        self.add_homes()

    def add(self, source: str, target: str, kind: str) -> None:
        """Record a generated redirect unless the source is taken or is a page."""
        source = source.rstrip("/") or "/"
        if source not in self.map and source not in self.pages:
            self.map[source] = Redirect(source, target, kind)

    def add_redirect_from(self, page: Page) -> None:
        """Each entry per language and version, plus its version-less form (first version)."""
        versions = self.versions[page.rel]
        for entry in page.front.redirect_from:
            if "{{" in entry or "{%" in entry:
                hint = "write the path out: every version of the page gets its redirect already"
                message = f"redirect_from {clip(entry)}: Liquid is not rendered here"
                self.fail(page, entry, message, hint)
                continue
            problem = path_problem(entry) or reserved(entry)
            if problem:
                hint = "write a site path such as /old/place"
                self.fail(page, entry, f"redirect_from {clip(entry)}: {problem}", hint)
                continue
            path = normalize(entry)
            for lang in self.config.languages:
                for version in versions:
                    self.claim(
                        page,
                        entry,
                        page_url(lang.code, version, path[1:]).rstrip("/"),
                        page_url(lang.code, version, page.route),
                    )
                if versions:
                    self.claim_versionless(
                        page,
                        entry,
                        f"/{lang.code}{path}",
                        page_url(lang.code, versions[0], page.route),
                    )
            if versions:
                self.claim_versionless(page, entry, path, page_url("en", versions[0], page.route))

    def claim_versionless(self, page: Page, entry: str, source: str, target: str) -> None:
        """A version-less form, unless it is the URL of a page in the default version.

        An article renamed in one version keeps its old path in another: there the page wins.
        """
        if source not in self.pages:
            self.claim(page, entry, source, target, versionless=True)

    def claim(
        self, page: Page, entry: str, source: str, target: str, *, versionless: bool = False
    ) -> None:
        """An explicit redirect; shadowing a page or a second owner in one version is an error.

        Two pages whose versions do not overlap may keep the same entry (an old copy for one
        release, the moved page for the others): each version's URLs go to its own page, and a
        version-less form to the page of the earlier version in plan order, as GitHub served it.
        """
        if (page.rel, entry) in self.reported or source + "/" == target:
            return  # self-maps are dropped, as the 2021 engine did
        found = self.owner.get(source)
        if source in self.pages:
            self.fail(
                page,
                entry,
                f"redirect_from {entry} shadows the page {source}/",
                "remove the entry: a redirect must not replace (or loop back to) a page",
            )
        elif found is not None and found[0] is not page:
            other, _, other_versionless = found
            if self.overlap(page, other):
                self.fail(
                    page,
                    entry,
                    f"redirect_from {entry}: {other.source} claims {source} too",
                    "keep the entry in one page only, or in pages of different versions",
                )
            elif other_versionless and (not versionless or self.first(page) < self.first(other)):
                self.keep(page, entry, source, target, versionless)
        else:
            self.keep(page, entry, source, target, versionless)

    def keep(self, page: Page, entry: str, source: str, target: str, versionless: bool) -> None:
        """Record an explicit redirect and who owns its source."""
        self.owner[source] = (page, entry, versionless)
        self.map[source] = Redirect(source, target, "redirect_from")

    def overlap(self, page: Page, other: Page) -> bool:
        """Whether two pages share a version."""
        return not {v.id for v in self.versions[page.rel]}.isdisjoint(
            v.id for v in self.versions[other.rel]
        )

    def first(self, page: Page) -> int:
        """Where a page's first version stands in plan order."""
        versions = self.versions[page.rel]
        return self.order.get(versions[0].id, len(self.order)) if versions else len(self.order)

    def fail(self, page: Page, entry: str, message: str, hint: str) -> None:
        """Report one entry once, located (only now) at its line in the front matter."""
        self.reported.add((page.rel, entry))
        self.errors.append(RedirectError(message, self.entry_location(page, entry), hint))

    def entry_location(self, page: Page, entry: str) -> Location:
        """The line of one `redirect_from` entry in its page."""
        base = key_location(page.source, page.text, "redirect_from")
        index = page.text.find(entry, page.text.find("redirect_from"))
        if index < 0:
            return base
        return Location.at_offset(page.source, page.text, index, len(entry))

    def add_generated(self, page: Page) -> None:
        """Version-less, language-less, `@latest`, legacy `/enterprise/` and `zh` forms."""
        versions = self.versions[page.rel]
        if not versions:
            return
        route = f"/{page.route}" if page.route else ""
        for lang in self.config.languages:
            code = lang.code
            first = page_url(code, versions[0], page.route)
            self.add(f"/{code}{route}", first, "versionless")
            for version in versions:
                url = page_url(code, version, page.route)
                for prefix in self.aliases(version):
                    self.add(f"/{code}/{prefix}{route}", url, "legacy")
                    if code == "en":
                        self.add(f"/{prefix}{route}", url, "legacy")
                if code == "en":
                    self.add(
                        f"/{version.segment}{route}" if version.segment else route or "/",
                        url,
                        "no-language",
                    )
                if code == "cn":
                    for alias in CN_ALIASES:
                        self.add(url.replace("/cn", f"/{alias}", 1), url, "language-code")

    def aliases(self, version: Version) -> list[str]:
        """Other spellings of a version in URLs (computed once per version)."""
        if version.id not in self._aliases:
            self._aliases[version.id] = self._spellings(version)
        return self._aliases[version.id]

    def _spellings(self, version: Version) -> list[str]:
        if version.plan == "free-pro-team":
            return ["free-pro-team@latest"]
        if version.plan != "enterprise-server":
            return []
        names = [f"enterprise/{version.release}", f"enterprise/{version.release}/user"]
        if version == self.config.registry.resolve("ghes"):
            names += ["enterprise-server@latest", "enterprise-server", "enterprise"]
        return names

    def add_homes(self) -> None:
        """`/` and each version's home without a language."""
        for version in self.config.registry.versions:
            self.add(
                f"/{version.segment}" if version.segment else "/",
                page_url("en", version, ""),
                "home",
            )

    def resolve(self, url: str) -> str | None:
        """Where a URL ends up, if it is a redirect source."""
        found = self.map.get(url.rstrip("/") or "/")
        return found.target if found else None

    def by_target(self) -> dict[str, list[str]]:
        """Redirect sources grouped by the page they land on (for writing stubs beside it)."""
        grouped: dict[str, list[str]] = {}
        for item in self.map.values():
            grouped.setdefault(item.target, []).append(item.source)
        return grouped

    def kept(self, wanted: Callable[[str], bool]) -> dict[str, Redirect]:
        """The redirects to pages a build wrote (a `--version` subset writes fewer)."""
        return {k: r for k, r in self.map.items() if wanted(r.target)}


def counts(redirects: Mapping[str, Redirect]) -> Counter[str]:
    """How many redirects of each kind."""
    return Counter(r.kind for r in redirects.values())
