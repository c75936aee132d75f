"""What the landing layouts list: intro and featured links, learning tracks, guides, contents."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from docsite.config.yamlfile import locate
from docsite.errors import DocsiteError, TemplateError, did_you_mean
from docsite.layout.examples import Example, examples
from docsite.layout.nav import Navigation, NavLink, Place
from docsite.source.data import DataStore, DataValue
from docsite.source.frontmatter import key_location
from docsite.source.pages import Page


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
    examples: tuple[Example, ...] = ()


def mapping(value: object) -> Mapping[str, object]:
    """A front matter mapping, or an empty one."""
    return value if isinstance(value, Mapping) else {}


def sequence(value: object) -> list[object]:
    """A front matter list, or an empty one."""
    return value if isinstance(value, list) else []


def of(nav: Navigation, page: Page, at: Place, data: DataStore) -> Landing:
    """The lists of a page's layout: product landing, sublanding, home; nothing for articles."""
    raw, layout = page.front.raw, page.front.raw.get("layout")
    if page.route == "":
        products = tuple(nav.children(page, at))
        return Landing(products=products, featured=featured(nav, page, at))
    if layout == "product-landing":
        return product_landing(nav, page, at, data)
    if layout == "product-sublanding":
        return Landing(
            tracks=tuple(tracks(nav, page, at, data)),
            guides=tuple(nav.hrefs(page, sequence(raw.get("includeGuides")), at, intro=True)),
        )
    return Landing()


def product_landing(nav: Navigation, page: Page, at: Place, data: DataStore) -> Landing:
    """Intro links, featured groups, the changelog, the examples, the contents."""
    raw = page.front.raw
    intro_links = []
    for key, href in mapping(raw.get("introLinks")).items():
        found = nav.hrefs(page, [href], at, intro=False)
        intro_links += [(key, found[0].url)] if found else []
    changelog = mapping(raw.get("changelog"))
    label = changelog.get("label")
    # GitHub's changelog, tagged by label, unless the page names its own.
    url = changelog.get("url") or (f"https://github.blog/changelog/label/{label}" if label else "")
    return Landing(
        intro_links=tuple(intro_links),
        featured=featured(nav, page, at),
        contents=tuple(nav.contents(page, at)),
        changelog=str(url),
        examples=examples(page, at, data, nav.plan.config.registry),
    )


def featured(nav: Navigation, page: Page, at: Place) -> tuple[tuple[str, tuple[NavLink, ...]], ...]:
    """Each `featuredLinks` group that has a page in this version, with the targets' intros."""
    groups = (
        (key, tuple(nav.hrefs(page, sequence(hrefs), at, intro=True)))
        for key, hrefs in mapping(page.front.raw.get("featuredLinks")).items()
    )
    return tuple((key, links) for key, links in groups if links)


def tracks(nav: Navigation, page: Page, at: Place, data: DataStore) -> list[Track]:
    """The page's `learningTracks`, read from `data/learning-tracks/PRODUCT.yml`."""
    product = page.route.split("/")[0]
    titles = nav.titles

    def get(key: str) -> DataValue | None:
        found = data.get(at.language, key)
        if found is not None:
            at.trace.data.add(found.path)
        return found

    out = []
    for written in sequence(page.front.raw.get("learningTracks")):
        # A name may be versioned with Liquid, as GitHub's pages did: rendered, then looked up.
        name = titles.text(str(written), page.source, page, at.version, at.language, at.trace)
        name = name.strip()
        if not name:
            continue
        key = f"learning-tracks.{product}.{name}"
        title = get(f"{key}.title")
        if title is None:
            raise track_problem(page, data, product, str(name))
        description = get(f"{key}.description")
        hrefs: list[str] = []
        while (found := get(f"{key}.guides.{len(hrefs)}")) is not None:
            hrefs.append(found.text)
        guides = nav.hrefs(page, hrefs, at, intro=True)
        if guides:
            text = [
                titles.text(v.text, v.path, page, at.version, at.language, at.trace) if v else ""
                for v in (title, description)
            ]
            out.append(Track(text[0], text[1], tuple(guides)))
    return out


def track_problem(page: Page, data: DataStore, product: str, name: str) -> DocsiteError:
    """A learning track a page names that is missing, or has no title or no list of guides."""
    tree = data.trees["en"]
    found = tree.get(f"learning-tracks.{product}")
    tracks = found[0] if found and isinstance(found[0], dict) else {}
    if name in tracks:
        display = tree.display(found[1]) if found else ""
        text = found[1].read_text("utf-8", "replace") if found else ""
        where = locate(display, text, text, (name,), value=False, first_line=1)
        hint = "a track is `title:`, `description:` and a list of `guides:`"
        return TemplateError(f"learning track `{name}` has no `title`", where, hint)
    where = key_location(page.source, page.text, "learningTracks", value=True)
    file = f"data/learning-tracks/{product}.yml"
    hint = did_you_mean(name, [str(t) for t in tracks]) or f"the tracks are in {file}"
    return TemplateError(f"no learning track `{name}` in {file}", where, hint)
