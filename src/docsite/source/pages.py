"""Pages: every Markdown file of `content/` and of each translation, parsed once."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from docsite.config import Language, SiteConfig
from docsite.errors import DocsiteError, Location, SiteError, SourceError, warning
from docsite.source.files import path_problem, read_text, reserved_route
from docsite.source.frontmatter import FrontMatter, parse


@dataclass(frozen=True)
class Page:
    """One source file: its place in the tree, its front matter and its Liquid body."""

    rel: str
    source: str
    text: str
    front: FrontMatter
    body: str
    language: str
    matter: str = ""
    # The path below the version: `packages/learn-github-packages/publishing-a-package`.
    route: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "route", route_of(self.rel))

    @property
    def is_index(self) -> bool:
        """Whether this is a product, category or home page (`index.md`)."""
        return self.rel == "index.md" or self.rel.endswith("/index.md")


def name_problem(rel: str) -> str:
    """Why a page file's name cannot become a URL, or ""."""
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        return "its name is not UTF-8 text"
    route = route_of(rel)
    return path_problem(route) or reserved_route(route) or ""


def route_of(rel: str) -> str:
    """A page file's path below the version: `a/index.md` and `a.md` are both `a`."""
    path = rel.removesuffix(".md")
    if path == "index" or path.endswith("/index"):
        path = path.removesuffix("index").rstrip("/")
    return path


@dataclass
class Content:
    """English pages by relative path, translated pages per language, and what went wrong."""

    pages: dict[str, Page] = field(default_factory=dict)
    translations: dict[str, dict[str, Page]] = field(default_factory=dict)
    errors: list[DocsiteError] = field(default_factory=list)
    warnings: list[DocsiteError] = field(default_factory=list)
    # Routes of pages whose file exists but could not be read: reported once, where they are;
    # links and tables of contents that name them are not a second error.
    broken: set[str] = field(default_factory=set)


def markdown_files(folder: Path) -> list[Path]:
    """Every page file below a folder, in a stable order; READMEs are not pages."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*.md") if p.name != "README.md")


def load_page(
    config: SiteConfig, folder: Path, path: Path, rel: str, language: str
) -> tuple[Page | None, list[DocsiteError]]:
    """Read and parse one file of a content folder."""
    display = str(path.relative_to(config.root))
    problem = name_problem(rel)
    if problem:
        shown = display.encode("utf-8", "replace").decode("utf-8")
        return None, [SourceError(f"{shown}: {problem}", Location(shown), "rename the file")]
    try:
        text = read_text(path, folder, display).replace("\r\n", "\n")
    except SourceError as err:
        return None, [err]
    front, parts, errors = parse(display, text, config.registry, config.schema)
    if front is None or parts is None:
        return None, errors
    return Page(rel, display, text, front, parts.body, language, parts.matter), []


Loaded = tuple[str, Page | None, list[DocsiteError]]
# How a folder's files are read: `map` in order by default; the build passes its fork pool.
Each = Callable[[Callable[[Path], Loaded], Sequence[Path]], list[Loaded]]


def one_by_one(function: Callable[[Path], Loaded], paths: Sequence[Path]) -> list[Loaded]:
    """Read files one after the other, in this process."""
    return [function(path) for path in paths]


def load_folder(config: SiteConfig, folder: Path, language: str, each: Each) -> list[Loaded]:
    """Every page file below a folder, read and parsed (by `each`), in a stable order."""

    def one(path: Path) -> Loaded:
        rel = path.relative_to(folder).as_posix()
        return (rel, *load_page(config, folder, path, rel, language))

    return each(one, markdown_files(folder))


def load_content(
    config: SiteConfig, languages: Collection[str] | None = None, each: Each = one_by_one
) -> Content:
    """Parse every English page, then the translations of each language built (default: all)."""
    if not (config.root / "content").is_dir():
        raise SiteError(
            f"no content/ folder in {config.root}",
            Location(str(config.root)),
            "pages live in content/; `docsite new DIR` writes an example",
        )
    content = Content()
    for rel, page, errors in load_folder(config, config.root / "content", "en", each):
        content.errors += errors
        if page is not None:
            content.pages[rel] = page
        else:
            content.broken.add(route_of(rel))
    content.errors += collisions(content.pages) + missing_home(content)
    for language in config.languages:
        if not language.is_source and (languages is None or language.code in languages):
            content.translations[language.code] = _translations(config, language, content, each)
    return content


def collisions(pages: dict[str, Page]) -> list[DocsiteError]:
    """Two files that would be one URL (`a.md` and `a/index.md`): an error naming both."""
    seen: dict[str, Page] = {}
    errors: list[DocsiteError] = []
    for page in pages.values():
        other = seen.setdefault(page.route, page)
        if other is not page:
            errors.append(
                SiteError(
                    f"{page.source} and {other.source} are both the page /{page.route}/",
                    Location.at_line(page.source, page.text, 1),
                    "rename or delete one of them",
                )
            )
    for page in [p for p in pages.values() if seen[p.route] is not p]:
        del pages[page.rel]
    return errors


def missing_home(content: Content) -> list[DocsiteError]:
    """A site needs pages, and a home page at content/index.md."""
    if "index.md" in content.pages or "" in content.broken:
        return []
    what = "content/ holds no page" if not content.pages and not content.broken else "no home page"
    return [
        SiteError(
            f"{what}: content/index.md is missing",
            Location("content/index.md"),
            "write content/index.md (its front matter and the products it lists); "
            "`docsite new DIR` writes an example",
        )
    ]


def _translations(
    config: SiteConfig, language: Language, content: Content, each: Each
) -> dict[str, Page]:
    """Translated pages; broken or stale files are warnings, never published."""
    found: dict[str, Page] = {}
    base = config.root / language.source / "content"
    for rel, page, errors in load_folder(config, base, language.code, each):
        where = Location(str((base / rel).relative_to(config.root)))
        if rel not in content.pages:
            content.warnings.append(
                warning(
                    "stale translation: no English page " + rel,
                    where,
                    "delete the file, or restore the English page",
                )
            )
            continue
        if page is None:
            reason = errors[0].message if errors else "unreadable"
            content.warnings.append(
                warning(
                    f"translation falls back to English: {reason}",
                    errors[0].location if errors else where,
                )
            )
            continue
        found[rel] = page
    return found
