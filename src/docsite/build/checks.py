"""Whole-site checks after rendering: each link reaches a page and a heading, each image a file."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from docsite.build.manifest import Entry
from docsite.errors import DocsiteError, LinkError, Location, did_you_mean, warning
from docsite.plan import SitePlan, Target
from docsite.render.links import Link

FIXED_IDS = {"in-this-article"}
VERSIONED = re.compile(r"^/[\w-]+/(?:[\w-]+@[\w.]+/)?")  # `/en/enterprise-server@3.0/`


Problem = tuple[str, str]  # (message, hint)
SAME_HINT = "fix the path, or wrap the link in a version conditional"


def check_links(
    plan: SitePlan, written: Iterable[tuple[Target, Entry]], published: set[str] | None = None
) -> list[DocsiteError]:
    """Report broken links, anchors and images once per place they are written.

    A link goes to a page missing in a version, or to a heading missing on a page (this one,
    for `#anchor`), or it is relative; an image is not among `published` (the site paths of
    its static files; None: the site has no assets/ folder, see `no_assets`). Each is located
    where it is written: in its page, else in a reusable the page's render read (reported once
    for every page that uses it).
    """
    pages = list(written)
    anchors = {target.url: set(entry.heading_ids) | FIXED_IDS for target, entry in pages}
    finder = Finder(plan.config.root)
    broken: dict[tuple[str, int, int, str, str], tuple[Location, str, set[str]]] = {}
    for target, entry in pages:
        found = [(link.written, link_problem(plan, anchors, link, target)) for link in entry.links]
        found += [(src, image_problem(src, published)) for src in entry.images if published]
        for written_as, problem in found:
            if problem is not None:
                where = finder.locate(target, entry.data, written_as)
                key = (where.path, where.line, where.column, written_as, problem[0])
                broken.setdefault(key, (where, problem[1], set()))[2].add(
                    f"{target.version.name}/{target.language}"
                )
    return [
        LinkError(f"{message} (in {', '.join(sorted(seen))})", where, hint)
        for (*_, message), (where, hint, seen) in sorted(broken.items(), key=lambda kv: kv[0])
    ]


def left_out_links(
    plan: SitePlan, written: Iterable[tuple[Target, Entry]], failed: set[str]
) -> list[DocsiteError]:
    """Links of written pages to pages a `--keep-going` build left out: a warning each place."""
    finder = Finder(plan.config.root)
    found: dict[tuple[str, int, int, str], tuple[Location, set[str]]] = {}
    for target, entry in written:
        for link in entry.links:
            if link.url and link.url.partition("?")[0] in failed:
                where = finder.locate(target, entry.data, link.written)
                if not where.line:  # a link tag writes the URL: find the path it names
                    bare = VERSIONED.sub("/", link.written).split("#")[0].rstrip("/")
                    for written_as in (bare, "/" + bare.rpartition("/")[2]):  # or its last part
                        where = finder.locate(target, entry.data, written_as)
                        if where.line:
                            break
                key = (where.path, where.line, where.column, link.written)
                found.setdefault(key, (where, set()))[1].add(
                    f"{target.version.name}/{target.language}"
                )
    return [
        warning(
            f"link to {written_as} goes to a page this build left out "
            f"(in {', '.join(sorted(seen))})",
            where,
            "its render failed: fix the errors reported for it, and the link works again",
        )
        for (*_, written_as), (where, seen) in sorted(found.items(), key=lambda kv: kv[0])
    ]


def link_problem(
    plan: SitePlan, anchors: dict[str, set[str]], link: Link, target: Target
) -> Problem | None:
    """What is wrong with one link of a page, or None."""
    if not link.url:  # relative: below this page's own URL, where nothing is
        folder = target.english.route.rpartition("/")[0]
        absolute = f"/{folder}/{link.written}".replace("//", "/")
        return f"relative link {link.written}: it leads to no page", f"write {absolute}"
    url = link.url.partition("?")[0]
    if url not in plan.urls:
        if plan.broken(link.written, ""):
            return None  # the page exists, and its own error is reported where it is
        return f"link to {link.written} goes to no page", page_hint(plan, link.written)
    ids = anchors.get(url)
    if link.fragment and ids is not None and link.fragment not in ids:
        where = "this page" if link.written.startswith("#") else "that page"
        message = f"link to {link.written}: no heading `#{link.fragment}` on {where}"
        return message, did_you_mean(link.fragment, ids, prefix="#") or SAME_HINT
    return None


def page_hint(plan: SitePlan, written: str) -> str:
    """The closest page to a link that goes to none, or the usual advice."""
    path = written.split("#")[0].split("?")[0].strip("/")
    close = plan.closest_route(path) if path else ""
    return f"did you mean `/{close}`?" if close else SAME_HINT


def no_assets(written: Iterable[tuple[Target, Entry]], root: Path) -> list[DocsiteError]:
    """Images shown by a site whose source has no assets/ folder: one error, not one each."""
    shown = [(target, entry, src) for target, entry in written for src in entry.images]
    if not shown:
        return []
    target, entry, src = shown[0]
    where = Finder(root).locate(target, entry.data, src)
    count = len({src for *_, src in shown})
    return [
        LinkError(
            f"{count} images are shown, and the source has no assets/ folder to publish them from",
            where,
            "put the site's images in assets/ at the source root (the first is here)",
        )
    ]


def image_problem(src: str, published: set[str]) -> Problem | None:
    """An image the site does not publish."""
    if src in published:
        return None
    hint = "images live in assets/ at the source root: /assets/images/x.png is assets/images/x.png"
    return f"image {src} is not a file of the site", hint


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
