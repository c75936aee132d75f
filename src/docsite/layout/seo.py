"""What search engines read in a page's head: the canonical URL, language alternates, robots."""

from __future__ import annotations

from dataclasses import dataclass

from docsite.config import Version
from docsite.plan import SitePlan
from docsite.plan.urls import page_url
from docsite.source.pages import Page


@dataclass(frozen=True)
class Head:
    """The `<head>` links of one page."""

    canonical: str
    alternates: tuple[tuple[str, str], ...]  # (hreflang, absolute URL)
    noindex: bool


def canonical_version(plan: SitePlan, page: Page) -> Version | None:
    """The default version if the page is in it, else the newest release that has it."""
    published = plan.versions[page.rel]
    default = next((v for v in published if not v.in_url), None)
    return default or (published[0] if published else None)


def head(plan: SitePlan, page: Page, version: Version, language: str) -> Head:
    """Canonical and alternates are absolute, so only a site with a `base_url` has them."""
    base = plan.config.base_url
    if not base:
        return Head("", (), version.deprecated)
    chosen = canonical_version(plan, page) or version
    alternates = tuple(
        (lang.hreflang, base + page_url(lang.code, version, page.route))
        for lang in plan.config.languages
    )
    source = next(lang for lang in plan.config.languages if lang.is_source)
    alternates += (("x-default", base + page_url(source.code, version, page.route)),)
    return Head(base + page_url(language, chosen, page.route), alternates, version.deprecated)
