"""What a rendered page points at besides product-rooted links: anchors, relative paths, images.

They are collected for the whole-site checks. A relative link (`[x](installing)`) resolves
below the page's own URL, where no page is; its `url` is left empty, which the checks report
with the absolute form as the hint.
"""

from __future__ import annotations

import re

from docsite.render.links import Link

ANY_HREF = re.compile(r'<a\s[^>]*?\bhref="([^"]*)"')
IMAGE = re.compile(r'<img\s[^>]*?\bsrc="([^"]*)"')
IDS = re.compile(r'\s(?:id|name)="([^"]+)"')
SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def other_links(html: str, url: str) -> list[Link]:
    """Same-page anchors (as links to `url`) and relative links (with no `url`)."""
    found = []
    for href in ANY_HREF.findall(html):
        if href.startswith("#") and len(href) > 1:
            found.append(Link(href, url, href[1:]))
        elif href and not href.startswith(("/", "#", "?")) and not SCHEME.match(href):
            found.append(Link(href, "", ""))
    return found


def images(html: str) -> tuple[str, ...]:
    """The site paths of the images a page shows (other hosts' are not the site's business)."""
    return tuple(
        dict.fromkeys(
            src.split("?")[0].split("#")[0]
            for src in IMAGE.findall(html)
            if src.startswith("/") and not src.startswith("//")
        )
    )


def anchors(html: str) -> set[str]:
    """Every id (and old `name`) on a page: what a `#fragment` may point at."""
    return set(IDS.findall(html))
