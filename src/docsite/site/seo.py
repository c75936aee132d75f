"""What search engines read: the canonical URL, language alternates, robots, sitemaps."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from xml.sax.saxutils import escape

from docsite.content import Page
from docsite.links import page_url
from docsite.site.plan import SitePlan
from docsite.versions import Version


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


def sitemap(base_url: str, urls: Iterable[str]) -> str:
    """A `sitemap.xml`: pages as absolute URLs under the site's base URL, in URL order."""
    entries = "".join(f"<url><loc>{escape(base_url + url)}</loc></url>\n" for url in sorted(urls))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{entries}</urlset>\n"
    )


def sitemap_index(base_url: str, sitemaps: Iterable[str]) -> str:
    """The root `sitemap.xml`: one entry per version and language sitemap."""
    entries = "".join(
        f"<sitemap><loc>{escape(base_url + url)}</loc></sitemap>\n" for url in sorted(sitemaps)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{entries}</sitemapindex>\n"
    )
