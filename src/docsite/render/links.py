"""Local links rewritten to the reader's language and version, as the 2021 engine did."""

from __future__ import annotations

import re
from dataclasses import dataclass

from docsite.config import Version
from docsite.plan import SitePlan
from docsite.plan.urls import page_url

# `dotcom-only` links always point at the default version (a 2021 engine rule).
HREF = re.compile(r'(<a\s[^>]*?\bhref=")(/(?!/)[^"]*)("[^>]*>)')
SPLIT = re.compile(r"([^?#]*)(\??[^#]*)(#.*)?")
UNTOUCHED = ("/assets/", "/public/")


def candidates(path: str) -> list[str]:
    """The path, then the rewrites the 2021 engine tried for old Enterprise paths."""
    out = [path.replace("admin/guides/", "admin/", 1).replace("desktop/guides/", "desktop/", 1)]
    if path.startswith("user/"):
        out += [path[len("user/") :], "github/" + path[len("user/") :]]
    return out


@dataclass(frozen=True)
class Link:
    """A local link as written and as rewritten (URL without fragment, and the fragment)."""

    written: str
    url: str
    fragment: str


# The 2021 engine's product rules: desktop docs exist only for the default version; admin and
# insights links read on the default version go to the newest Enterprise Server.
PRODUCT_VERSIONS = {
    "desktop": ("", "free-pro-team"),
    "admin": ("free-pro-team", "enterprise-server"),
    "insights": ("free-pro-team", "enterprise-server"),
}


class LinkRewriter:
    """Turns product-rooted links (`/packages/...`) into links for one language and version."""

    def __init__(self, plan: SitePlan) -> None:
        self.registry = plan.config.registry
        self.languages = tuple(lang.code for lang in plan.config.languages)
        self.resolve = plan.lands_at  # a page URL as is, where a redirect source lands, else None
        # The same hrefs recur across pages, and each page's HTML and Markdown twin: one answer.
        self.targets: dict[tuple[str, str, str], Link] = {}

    def version_of(self, segment: str) -> Version | None:
        """A URL segment that pins a version: `enterprise-server@2.22`, `...@latest`, a plan."""
        plan_name, _, release = segment.partition("@")
        plan = self.registry.plan(plan_name)
        if plan is None or plan.name != plan_name:
            return None
        if release in ("", "latest"):
            release = plan.releases[0]
        return self.registry.by_id(f"{plan.name}@{release}")

    def target(self, href: str, language: str, version: Version) -> Link:
        """Where a local href goes when read in `language` and `version`."""
        key = (href, language, version.id)
        found = self.targets.get(key)
        if found is None:
            found = self.targets[key] = self._target(href, language, version)
        return found

    def _target(self, href: str, language: str, version: Version) -> Link:
        match = SPLIT.fullmatch(href)
        assert match is not None
        path, query, fragment = match.group(1), match.group(2), (match.group(3) or "")[1:]
        parts = [p for p in path.split("/") if p]
        if parts and parts[0] in self.languages:
            parts = parts[1:]
        if parts and parts[0] == "enterprise":
            version, parts = self.legacy(parts[1:], version)
        pinned = self.version_of(parts[0]) if parts else None
        if pinned is not None:
            version, parts = pinned, parts[1:]
        elif parts and parts[0] in PRODUCT_VERSIONS:
            version = self.product_version(parts[0], version)
        urls = [page_url(language, version, p) for p in candidates("/".join(parts))]
        found = next((u for u in map(self.resolve, urls) if u), urls[0])
        return Link(href, found + query, fragment)

    def legacy(self, parts: list[str], version: Version) -> tuple[Version, list[str]]:
        """`/enterprise/2.22/...` and `/enterprise/admin/...`: the old Enterprise URL forms."""
        if parts and (parts[0][:1].isdigit() or "@" in parts[0]):
            name = parts[0] if "@" in parts[0] else f"enterprise-server@{parts[0]}"
            version, parts = self.version_of(name) or version, parts[1:]
        return version, parts

    def product_version(self, product: str, version: Version) -> Version:
        """Apply the product rules for links whose product lives in other versions."""
        seen_from, target = PRODUCT_VERSIONS[product]
        if seen_from and version.plan != seen_from:
            return version
        plan = self.registry.plan(target)
        found = self.registry.by_id(f"{plan.name}@{plan.releases[0]}") if plan else None
        return found or version

    def rewrite(self, html: str, language: str, version: Version) -> tuple[str, list[Link]]:
        """Rewrite every local `<a href>` in rendered HTML; return the links found."""
        links: list[Link] = []

        def replace(m: re.Match[str]) -> str:
            href = m.group(2)
            if href.startswith(UNTOUCHED):
                return m.group(0)
            seen_in = self.registry.versions[0] if "dotcom-only" in m.group(0) else version
            link = self.target(href.replace("&amp;", "&"), language, seen_in)
            links.append(link)
            suffix = f"#{link.fragment}" if link.fragment else ""
            return f"{m.group(1)}{link.url.replace('&', '&amp;')}{suffix}{m.group(3)}"

        return HREF.sub(replace, html), links
