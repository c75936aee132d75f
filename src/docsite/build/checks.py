"""Whole-site checks run after rendering: every local link must reach a page and a heading."""

from __future__ import annotations

from collections.abc import Iterable

from docsite.build.manifest import Entry
from docsite.errors import DocsiteError, LinkError, Location
from docsite.plan import SitePlan, Target
from docsite.render.links import Link
from docsite.source.pages import Page

FIXED_IDS = {"in-this-article"}


def check_links(plan: SitePlan, written: Iterable[tuple[Target, Entry]]) -> list[DocsiteError]:
    """Report links to pages missing in a version, and to missing headings, once per link."""
    pages = list(written)
    anchors = {target.url: set(entry.heading_ids) | FIXED_IDS for target, entry in pages}
    broken: dict[tuple[str, str, str], tuple[Page, set[str]]] = {}
    for target, entry in pages:
        for link in entry.links:
            problem = link_problem(plan, anchors, link)
            if problem:
                source = target.page
                key = (source.source, link.written, problem)
                broken.setdefault(key, (source, set()))[1].add(
                    f"{target.version.name}/{target.language}"
                )
    return [
        LinkError(
            f"{problem} (in {', '.join(sorted(where))})",
            locate(source, href),
            "fix the path, or wrap the link in a version conditional",
        )
        for (_, href, problem), (source, where) in sorted(broken.items(), key=lambda kv: kv[0])
    ]


def link_problem(plan: SitePlan, anchors: dict[str, set[str]], link: Link) -> str:
    """What is wrong with one rewritten link, or an empty string."""
    url = link.url.partition("?")[0]
    if url not in plan.urls:
        return f"link to {link.written} goes to no page"
    if link.fragment and url in anchors and link.fragment not in anchors[url]:
        return f"link to {link.written}: no heading `#{link.fragment}` on that page"
    return ""


def locate(source: Page, href: str) -> Location:
    """Where a link is written in its page, or the page as a whole."""
    index = source.text.find(f"]({href}")
    index = index + 2 if index >= 0 else source.text.find(href)
    if index < 0:
        return Location(source.source)
    return Location.at_offset(source.source, source.text, index, len(href))
