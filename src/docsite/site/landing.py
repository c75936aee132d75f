"""What the landing layouts list: intro and featured links, learning tracks, guides, contents."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from docsite.content import Page
from docsite.render import Renderer
from docsite.site.nav import Navigation, NavLink
from docsite.versions import Version


@dataclass(frozen=True)
class Track:
    """A learning track (`data/learning-tracks/PRODUCT.yml`): a titled list of guides."""

    title: str
    description: str
    guides: tuple[NavLink, ...]


@dataclass(frozen=True)
class Landing:
    """A landing page's lists in one version and language; empty lists are not shown."""

    intro_links: tuple[tuple[str, str], ...] = ()  # (front matter key, URL)
    featured: tuple[tuple[str, tuple[NavLink, ...]], ...] = ()  # (group key, links)
    contents: tuple[NavLink, ...] = ()
    changelog: str = ""
    tracks: tuple[Track, ...] = ()
    guides: tuple[NavLink, ...] = ()
    products: tuple[NavLink, ...] = ()


def mapping(value: object) -> Mapping[str, object]:
    """A front matter mapping, or an empty one."""
    return value if isinstance(value, Mapping) else {}


def sequence(value: object) -> list[object]:
    """A front matter list, or an empty one."""
    return value if isinstance(value, list) else []


def of(renderer: Renderer, nav: Navigation, page: Page, version: Version, language: str) -> Landing:
    """The lists of a page's layout: product landing, sublanding, home; nothing for articles."""
    raw, layout = page.front.raw, page.front.raw.get("layout")
    if page.route == "":
        products = tuple(nav.children(page, version, language))
        return Landing(products=products, featured=featured(nav, page, version, language))
    if layout == "product-landing":
        return product_landing(nav, page, version, language)
    if layout == "product-sublanding":
        return Landing(
            tracks=tuple(tracks(renderer, nav, page, version, language)),
            guides=tuple(
                nav.hrefs(page, sequence(raw.get("includeGuides")), version, language, intro=True)
            ),
        )
    return Landing()


def product_landing(nav: Navigation, page: Page, version: Version, language: str) -> Landing:
    """Intro links, featured groups with the targets' intros, the changelog, the contents."""
    raw = page.front.raw
    intro_links = []
    for key, href in mapping(raw.get("introLinks")).items():
        found = nav.hrefs(page, [href], version, language, intro=False)
        intro_links += [(key, found[0].url)] if found else []
    changelog = mapping(raw.get("changelog"))
    label = changelog.get("label")
    # GitHub's changelog, tagged by label, unless the page names its own.
    url = changelog.get("url") or (f"https://github.blog/changelog/label/{label}" if label else "")
    return Landing(
        intro_links=tuple(intro_links),
        featured=featured(nav, page, version, language),
        contents=tuple(nav.contents(page, version, language)),
        changelog=str(url),
    )


def featured(
    nav: Navigation, page: Page, version: Version, language: str
) -> tuple[tuple[str, tuple[NavLink, ...]], ...]:
    """Each `featuredLinks` group that has a page in this version, with the targets' intros."""
    groups = (
        (key, tuple(nav.hrefs(page, sequence(hrefs), version, language, intro=True)))
        for key, hrefs in mapping(page.front.raw.get("featuredLinks")).items()
    )
    return tuple((key, links) for key, links in groups if links)


def tracks(
    renderer: Renderer, nav: Navigation, page: Page, version: Version, language: str
) -> list[Track]:
    """The page's `learningTracks`, read from `data/learning-tracks/PRODUCT.yml`."""
    product = page.route.split("/")[0]
    data = renderer.env.data
    out = []
    for name in sequence(page.front.raw.get("learningTracks")):
        key = f"learning-tracks.{product}.{name}"
        title = data.get(language, f"{key}.title")
        if title is None:
            continue
        description = data.get(language, f"{key}.description")
        hrefs: list[str] = []
        while (found := data.get(language, f"{key}.guides.{len(hrefs)}")) is not None:
            hrefs.append(found.text)
        guides = nav.hrefs(page, hrefs, version, language, intro=True)
        if guides:
            text = [
                renderer.text(v.text, v.path, page, version, language) if v else ""
                for v in (title, description)
            ]
            out.append(Track(text[0], text[1], tuple(guides)))
    return out
