"""Sitemaps: one per version and language, and the index of them at the site's root."""

from __future__ import annotations

from collections.abc import Iterable
from xml.sax.saxutils import escape


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
