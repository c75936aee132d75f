"""The site tree: each index page's children, from `children` and the 2021 link tags in its body."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from docsite.config import Version
from docsite.errors import DocsiteError, Location, SiteError, warning
from docsite.plan.site import SitePlan
from docsite.source.pages import Page

# The tags GitHub's index pages used to define the table of contents, shown or kept in comments.
TREE_TAG = re.compile(
    r"\{%-?\s*(link_in_list|topic_link_in_list|link_with_intro|homepage_link_with_intro)"
    r"\s+([^\s%]+)\s*-?%\}"
)
COMMENT = re.compile(r"<!--.*?-->", re.S)


@dataclass(frozen=True)
class Tree:
    """Child routes per page in source order, each page's parent, and what is wrong with them."""

    children: Mapping[str, tuple[str, ...]]
    parent: Mapping[str, str]
    problems: tuple[DocsiteError, ...]

    def ancestors(self, route: str) -> list[str]:
        """The routes above a page, the home page first."""
        out: list[str] = []
        while route in self.parent:
            route = self.parent[route]
            out.append(route)
        return out[::-1]

    def signature(self) -> str:
        """The tree's shape as text: navigation on every page depends on it."""
        return "\n".join(f"{r}:{','.join(c)}" for r, c in sorted(self.children.items()))


def defines_children(page: Page) -> bool:
    """Index pages and map topics list children; an article's links are only links."""
    return page.is_index or bool(page.front.raw.get("mapTopic")) or bool(page.front.children)


def entries(plan: SitePlan, page: Page) -> Iterator[tuple[str | None, str, int, bool]]:
    """(route or None, href, offset in the file, inside a comment) for each tree entry."""
    for child, route in zip(page.front.children, plan.child_routes(page), strict=True):
        yield (route if route in plan.by_route else None), child, -1, False
    comments = [m.span() for m in COMMENT.finditer(page.body)]
    start = len(page.text) - len(page.body)
    for tag in TREE_TAG.finditer(page.body):
        hidden = any(a <= tag.start() < b for a, b in comments)
        yield plan.resolve_href(tag[2], page.rel), tag[2], start + tag.start(2), hidden


def build_tree(plan: SitePlan) -> Tree:
    """The tree of every page; missing entries kept in comments are errors, orphans warnings."""
    problems: list[DocsiteError] = []
    raw: dict[str, list[str]] = {}
    for page in plan.content.pages.values():
        if not defines_children(page):
            continue
        found = raw.setdefault(page.route, [])
        for route, href, offset, hidden in entries(plan, page):
            if route is not None:
                found.append(route)
            elif hidden and not plan.broken(href, page.rel):
                # A visible tag is reported when it renders, `children` by the plan, and a page
                # whose file could not be read where its file is.
                where = Location.at_offset(page.source, page.text, offset, len(href))
                hint = "the table of contents names each page by its path below the folder"
                problems.append(SiteError(f"table of contents: no page {href}", where, hint))
    children = {route: own_children(route, found, raw, plan) for route, found in raw.items()}
    parent = parents(children)
    problems += orphans(plan, parent) if children.get("") else []
    return Tree(children, parent, tuple(problems))


def own_children(
    route: str, found: list[str], raw: dict[str, list[str]], plan: SitePlan
) -> tuple[str, ...]:
    """A category's entries minus the articles its map topics list (they sit under the topic)."""
    topics = [r for r in found if plan.by_route[r].front.raw.get("mapTopic")]
    claimed = {article for topic in topics for article in raw.get(topic, ())}
    return tuple(dict.fromkeys(r for r in found if r not in claimed and r != route))


def parents(children: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    """Each page's parent: the first page to list it, walking from the home page breadth first."""
    parent: dict[str, str] = {}
    queue = [""]
    for route in queue:
        for child in children.get(route, ()):
            if child not in parent and child != "":
                parent[child] = route
                queue.append(child)
    return parent


def orphans(plan: SitePlan, parent: Mapping[str, str]) -> list[DocsiteError]:
    """Pages no table of contents reaches (in a site whose home page starts one)."""
    return [
        warning(
            "page is in no table of contents",
            Location.at_line(page.source, page.text, 1),
            f"list it in the `children` or link tags of {folder_index(page)},"
            " or mark it `hidden: true`",
        )
        for page in plan.content.pages.values()
        if page.route and page.route not in parent and not page.front.hidden
    ]


def folder_index(page: Page) -> str:
    """The index page a page would be listed in."""
    folder = page.rel.removesuffix("/index.md").rpartition("/")[0]
    return f"content/{folder}/index.md" if folder else "content/index.md"


def visible(tree: Tree, plan: SitePlan, route: str, version: Version) -> list[str]:
    """A page's children that are published in a version."""
    return [r for r in tree.children.get(route, ()) if plan.has(r, version)]
