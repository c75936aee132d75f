"""The loaded site: everything a build reads and computes before rendering.

`load_site` is the one way to load it: the build, the preview server (which keeps it between
saves) and the tests use it alike.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from docsite.build.checks import check_links, left_out_links, no_assets
from docsite.build.manifest import Entry, Fingerprints
from docsite.build.options import BuildOptions, choose_languages, choose_versions
from docsite.build.pool import fork_map
from docsite.config import SiteConfig, Version, load_config
from docsite.errors import DocsiteError, UsageError
from docsite.layout import Layout, templates, ui
from docsite.layout.nav import Built
from docsite.plan import SitePlan, Target
from docsite.plan.tree import TREE_TAG, Tree, build_tree
from docsite.render import Renderer
from docsite.source.data import DataStore, DataTree
from docsite.source.features import FOLDER, load_features
from docsite.source.files import asset_files
from docsite.source.pages import Content, Page, load_content, load_page

T = TypeVar("T")
R = TypeVar("R")


@dataclass
class Site:
    """A source tree loaded for some versions and languages, ready to render."""

    config: SiteConfig
    versions: list[Version]
    languages: list[str]
    content: Content
    plan: SitePlan
    tree: Tree
    data: DataStore
    renderer: Renderer
    layout: Layout
    prints: Fingerprints
    skips: dict[str, str]  # pages not rendered (`--skip-file`)
    options: BuildOptions  # what it was loaded for

    def targets(self) -> list[Target]:
        """Every output of the chosen versions and languages, but the skipped pages'."""
        targets = self.plan.targets(self.versions, self.languages)
        return [t for t in targets if t.english.source not in self.skips]

    def problems(self) -> list[DocsiteError]:
        """What reading the sources and planning the site found, before any render."""
        content, plan = self.content, self.plan
        found = content.errors + content.warnings + [*plan.features.errors] + plan.problems
        return [
            *found,
            *self.tree.problems,
            *self.data.problems(),
            *ui.check(
                self.data, [lang for lang in self.config.languages if lang.code in self.languages]
            ),
        ]

    def published_files(self) -> set[str] | None:
        """The site paths of the static files the site publishes; None without assets/."""
        own = asset_files(self.config.root)
        if not own:
            return None
        return {f"/{rel}" for rel in [*templates.assets(self.config.root), *own]}

    def link_problems(
        self, written: list[tuple[Target, Entry]], failed: set[str]
    ) -> list[DocsiteError]:
        """Broken links, anchors and images of the pages written; links to pages left out."""
        published = self.published_files()
        found = check_links(self.plan, written, published)
        found += left_out_links(self.plan, written, failed) if failed else []
        return found if published is not None else [*found, *no_assets(written, self.config.root)]

    def invalidate(self, rel: str) -> str:
        """Apply one saved source file to every cache that holds something read from it.

        Returns "data" for a data file (forgotten, read again when used), "page" for a page
        whose body changed (swapped in), "title" for a page whose title or intro changed too,
        or "" when it moves the site's structure, which only a build can apply.
        """
        language = self.config.language_of(rel)
        inner = rel.removeprefix(language.prefix if language else "")
        if inner.startswith("data/"):
            return "data" if self.forget_data(rel) else ""
        if inner.startswith("content/"):
            return self.reload_page(rel)
        return ""

    def forget_data(self, rel: str) -> bool:
        """Forget what was read from a data file; False if the file is new or gone.

        A feature file is read again, unless a page's `versions` names its feature: then the
        pages of each version change, which a build applies.
        """
        if rel.startswith(FOLDER + "/"):
            if rel in self.prints.structural:
                return False
            self.plan.features = self.renderer.env.features = load_features(self.config)
        for tree in self.data.trees.values():
            path = tree.path_of(rel)
            if path is not None:
                if not path.is_file():
                    return False
                tree.forget(path)
                self.data.forget(rel)
                self.renderer.forget_data(rel)
                self.prints.files.pop(rel, None)
                return True
        return False

    def page_key(self, rel: str) -> str:
        """A page file's key below its `content/`: `translations/cn/content/a.md` -> `a.md`."""
        language = self.config.language_of(rel)
        return rel.removeprefix(language.prefix if language else "").removeprefix("content/")

    def reload_page(self, rel: str) -> str:
        """Swap in a saved page whose structure did not move ("" if it did)."""
        language = self.config.language_of(rel)
        prefix = language.prefix if language else ""
        key = self.page_key(rel)
        pages = self.content.translations.get(language.code, {}) if language else self.content.pages
        old = pages.get(key)
        path = self.config.root / rel
        if old is None or not path.is_file():
            return ""
        code = language.code if language else "en"
        page, errors = load_page(
            self.config, self.config.root / prefix / "content", path, key, code
        )
        if page is None or errors or structure(page) != structure(old):
            return ""
        pages[key] = page
        if language is None:
            self.plan.by_route[page.route] = page
        titled = page.matter != old.matter
        self.renderer.forget_page(old.source, key, shown_elsewhere=titled)
        return "title" if titled else "page"

    def fingerprints(self) -> Fingerprints:
        """Hashes of everything a page's output can depend on, as the sources are now."""
        built = self.layout.nav.built
        return fingerprints(self.plan, self.data, self.options.markdown_engine, self.tree, built)


def fingerprints(
    plan: SitePlan, data: DataStore, engine: str, tree: Tree, built: Built
) -> Fingerprints:
    """Hashes of everything a page's output can depend on."""
    named = {name for page in plan.content.pages.values() for name in page.front.features}
    found = (plan.features.get(name) for name in sorted(named))
    structural = tuple(f.path for f in found if f is not None and f.path)
    shape = f"{tree.signature()}|{built.signature()}"  # the switchers offer the built ones
    return Fingerprints(plan.config, plan.content, data.files(), engine, shape, structural)


def load_site(options: BuildOptions, config: SiteConfig | None = None) -> Site:
    """Read every page and data file, plan the site and make its renderer and layout."""
    config = config or load_config(options.source, options.config)
    versions = choose_versions(config, options.versions)
    languages = choose_languages(config, options.languages)

    def each(function: Callable[[T], R], items: Sequence[T]) -> list[R]:
        return fork_map(function, items, options.jobs)

    content = load_content(config, languages, each)
    plan = SitePlan(config, content, load_features(config))
    tree = build_tree(plan)
    data = load_data(config)
    renderer = Renderer.of(plan, data, options.markdown_engine)
    renderer.stage.share = options.share
    published = config.registry.versions if options.shard else versions
    codes = [lang.code for lang in config.languages] if options.shard else languages
    skips = read_skips(options.skip_file)
    built = Built(
        frozenset(v.id for v in published), frozenset(codes), frozenset(skips), options.shard
    )
    layout = Layout(plan, tree, renderer.titles, data, built)
    skipped = (t.url for t in plan.targets(versions, languages) if t.english.source in skips)
    layout.nav.left_out = frozenset(skipped)  # never linked to: they are not written
    prints = fingerprints(plan, data, options.markdown_engine, tree, built)
    return Site(
        config,
        versions,
        languages,
        content,
        plan,
        tree,
        data,
        renderer,
        layout,
        prints,
        skips,
        options,
    )


def load_data(config: SiteConfig) -> DataStore:
    """Index `data/` of English and of each translation."""
    return DataStore(
        {
            lang.code: DataTree(config.root / lang.source / "data", Path(lang.source) / "data")
            for lang in config.languages
        }
    )


def read_skips(path: Path | None) -> dict[str, str]:
    """An explicit skip list: `content/path.md  reason` per line, `#` comments."""
    if path is None:
        return {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise UsageError(f"cannot read skip file {path}: {exc.strerror}") from exc
    entries = (line.split("#", 1)[0].strip().split(None, 1) for line in lines)
    return {e[0]: (e[1] if len(e) > 1 else "no reason given") for e in entries if e}


SHOWN_ELSEWHERE = ("title", "shortTitle", "intro")  # what other pages show of a page


def structure(page: Page) -> dict[str, object]:
    """A page's front matter but the fields other pages only show, and its table of contents."""
    shown = {k: v for k, v in page.front.raw.items() if k not in SHOWN_ELSEWHERE}
    return shown | {"table of contents": TREE_TAG.findall(page.body)}
