"""`sitemap.xml`: every page written, as an absolute URL under the site's `base_url`."""

from __future__ import annotations

from collections.abc import Iterable
from xml.sax.saxutils import escape


def sitemap(base_url: str, urls: Iterable[str]) -> str:
    """The sitemap of a site served from `base_url`; pages in URL order."""
    entries = "".join(f"<url><loc>{escape(base_url + url)}</loc></url>\n" for url in sorted(urls))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{entries}</urlset>\n"
    )
