"""Product examples on landing pages: `examples_source: data/product-examples/PRODUCT/KIND.yml`.

Three kinds, as GitHub's landing pages showed them: `code-examples` (title, description,
languages, tags, a repository or path on GitHub, and optional `versions`), `community-examples`
(`repo`, description) and `user-examples` (`user`, description). A source that is missing, or
of another kind, is an error at the page's `examples_source`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from docsite.config import Registry, Version
from docsite.errors import TemplateError
from docsite.layout.nav import Place
from docsite.source.data import DataStore
from docsite.source.frontmatter import key_location
from docsite.source.pages import Page

KINDS = ("code-examples", "community-examples", "user-examples")
GITHUB = "https://github.com/"


@dataclass(frozen=True)
class Example:
    """One example: a title linking to GitHub, what it is, and its languages and tags."""

    title: str
    url: str
    description: str = ""
    languages: str = ""
    tags: tuple[str, ...] = ()


def examples(page: Page, at: Place, data: DataStore, registry: Registry) -> tuple[Example, ...]:
    """The examples a landing page names, those of this version; an error if it names none."""
    source = page.front.raw.get("examples_source")
    if not source:
        return ()
    path = PurePosixPath(str(source))
    kind = path.stem
    key = ".".join(path.with_suffix("").parts[1:]) if path.parts[:1] == ("data",) else ""
    found = data.trees["en"].get(key) if key and kind in KINDS else None
    if found is None or not isinstance(found[0], list):
        where = key_location(page.source, page.text, "examples_source", value=True)
        hint = "name a list in data/product-examples/PRODUCT/ called " + ", ".join(
            f"{k}.yml" for k in KINDS
        )
        raise TemplateError(f"no product examples in {source}", where, hint)
    at.trace.data.add(data.trees["en"].display(found[1]))
    items = [item for item in found[0] if isinstance(item, dict)]
    return tuple(example(kind, item) for item in items if shown(item, at.version, registry))


def shown(item: dict[str, object], version: Version, registry: Registry) -> bool:
    """Whether an example's `versions` (if any) include this version."""
    spec = item.get("versions")
    if not isinstance(spec, dict):
        return True
    plans = {str(k): str(v) for k, v in spec.items() if registry.plan(str(k)) is not None}
    return version in registry.applicable(plans)[0]


def example(kind: str, item: dict[str, object]) -> Example:
    """One example of a kind, with its link on GitHub."""
    text = {k: str(v) for k, v in item.items() if isinstance(v, str | int | float)}
    if kind == "code-examples":
        href = text.get("href", "").lstrip("/")
        tags = item.get("tags")
        return Example(
            text.get("title", href),
            GITHUB + href,
            text.get("description", ""),
            text.get("languages", ""),
            tuple(str(t) for t in tags) if isinstance(tags, list) else (),
        )
    name = text.get("repo" if kind == "community-examples" else "user", "")
    return Example(name, GITHUB + name, text.get("description", ""))
