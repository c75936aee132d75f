"""Whole-site checks run after rendering: every local link must reach a page and a heading."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from docsite.build.manifest import Entry
from docsite.errors import DocsiteError, LinkError, Location
from docsite.plan import SitePlan, Target
from docsite.render.links import Link

FIXED_IDS = {"in-this-article"}


def check_links(plan: SitePlan, written: Iterable[tuple[Target, Entry]]) -> list[DocsiteError]:
    """Report links to pages missing in a version, and to missing headings, once per link.

    A link is located where it is written: in its page, else in a reusable the page's render
    read (reported once for every page that uses it).
    """
    pages = list(written)
    anchors = {target.url: set(entry.heading_ids) | FIXED_IDS for target, entry in pages}
    finder = Finder(plan.config.root)
    broken: dict[tuple[str, int, int, str, str], tuple[Location, set[str]]] = {}
    for target, entry in pages:
        for link in entry.links:
            problem = link_problem(plan, anchors, link)
            if problem:
                where = finder.locate(target, entry.data, link.written)
                key = (where.path, where.line, where.column, link.written, problem)
                broken.setdefault(key, (where, set()))[1].add(
                    f"{target.version.name}/{target.language}"
                )
    return [
        LinkError(
            f"{problem} (in {', '.join(sorted(seen))})",
            where,
            "fix the path, or wrap the link in a version conditional",
        )
        for (*_, problem), (where, seen) in sorted(broken.items(), key=lambda kv: kv[0])
    ]


def link_problem(plan: SitePlan, anchors: dict[str, set[str]], link: Link) -> str:
    """What is wrong with one rewritten link, or an empty string."""
    url = link.url.partition("?")[0]
    if url not in plan.urls:
        if plan.broken(link.written, ""):
            return ""  # the page exists, and its own error is reported where it is
        return f"link to {link.written} goes to no page"
    if link.fragment and url in anchors and link.fragment not in anchors[url]:
        return f"link to {link.written}: no heading `#{link.fragment}` on that page"
    return ""


class Finder:
    """Finds where a link is written: its page, or a data file its render read."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.texts: dict[str, str] = {}

    def text(self, path: str) -> str:
        """A data file's text, read once."""
        if path not in self.texts:
            try:
                self.texts[path] = (self.root / path).read_text("utf-8", "replace")
            except OSError:
                self.texts[path] = ""
        return self.texts[path]

    def locate(self, target: Target, data: Iterable[str], href: str) -> Location:
        """Where a link is written: its page (or the English page it fell back to), or a data file.

        The first data file its render read that holds the link.
        """
        pages = [(p.source, p.text) for p in (target.page, target.english)]
        places = [*dict.fromkeys(pages), *((d, self.text(d)) for d in data)]
        for path, text in places:
            index = find(text, href)
            if index >= 0:
                return Location.at_offset(path, text, index, len(href))
        return Location(target.page.source)


def find(text: str, href: str) -> int:
    """Where a link's href is written: as a Markdown link, else anywhere."""
    index = text.find(f"]({href}")
    return index + 2 if index >= 0 else text.find(href)
