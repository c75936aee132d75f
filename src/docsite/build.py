"""The build recipe: load everything, check everything, render, write atomically."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from docsite.checks import check_links
from docsite.config import SiteConfig, load_config
from docsite.content import load_content
from docsite.data import DataStore, DataTree
from docsite.errors import DocsiteError, Location, TemplateError, UsageError
from docsite.layout import Layout
from docsite.links import output_file
from docsite.liquid.environment import DocsEnvironment
from docsite.markdown import Markdown
from docsite.output import Staging
from docsite.progress import Progress
from docsite.redirects import RedirectMap, maps, stub
from docsite.render import RenderedPage, Renderer
from docsite.site import SitePlan, Target
from docsite.versions import Version


@dataclass(frozen=True)
class BuildOptions:
    """What to build and how strictly."""

    source: Path
    out: Path
    versions: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    strict: bool = False
    keep_going: bool = False
    versions_file: Path | None = None
    progress: bool = True
    skip_file: Path | None = None


@dataclass
class BuildReport:
    """What a build did and what went wrong."""

    errors: list[DocsiteError] = field(default_factory=list)
    warnings: list[DocsiteError] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    fallbacks: list[str] = field(default_factory=list)
    written: int = 0
    renders: int = 0
    markdown_reuse: int = 0
    seconds: float = 0.0
    committed: bool = False
    redirects: Counter[str] = field(default_factory=Counter)


def build(options: BuildOptions) -> BuildReport:
    """Build the site for the chosen versions and languages into `options.out`."""
    started = time.perf_counter()
    config = load_config(options.source, options.versions_file)
    versions = choose_versions(config, options.versions)
    languages = choose_languages(config, options.languages)
    content = load_content(config)
    plan = SitePlan(config, content)
    redirects = RedirectMap(plan)
    plan.follow(redirects.resolve)
    data = load_data(config)
    renderer = Renderer(plan, DocsEnvironment(config.registry, data), Markdown(), redirects)
    layout = Layout(plan, renderer, data)
    report = BuildReport(
        errors=content.errors + plan.errors + redirects.errors,
        warnings=list(content.warnings),
        redirects=redirects.counts(),
    )
    staging = Staging(options.out)
    skips = read_skips(options.skip_file)
    report.skipped = [f"{path}: {reason}" for path, reason in skips.items()]
    targets = [t for t in plan.targets(versions, languages) if t.english.source not in skips]
    rendered = render_all(renderer, layout, targets, staging, report, options.progress)
    report.errors += check_links(plan, rendered)
    report.warnings += renderer.env.warnings
    if options.strict:
        for warning in report.warnings:
            warning.kind = "error"
        report.errors, report.warnings = report.errors + report.warnings, []
    finish(staging, config, report, options.keep_going, redirects, rendered)
    report.markdown_reuse = renderer.markdown.hits
    report.seconds = time.perf_counter() - started
    return report


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


def choose_versions(config: SiteConfig, names: tuple[str, ...]) -> list[Version]:
    """Resolve command-line version names; all versions when none are given."""
    if not names:
        return list(config.registry.versions)
    chosen = {config.registry.resolve(name) for name in names}
    return [v for v in config.registry.versions if v in chosen]


def choose_languages(config: SiteConfig, codes: tuple[str, ...]) -> list[str]:
    """Check command-line language codes; all languages when none are given."""
    known = [lang.code for lang in config.languages]
    for code in codes:
        if code not in known:
            raise UsageError(f"unknown language {code!r}; valid languages: {', '.join(known)}")
    return [code for code in known if not codes or code in codes]


def load_data(config: SiteConfig) -> DataStore:
    """Index `data/` of English and of each translation."""
    return DataStore(
        {
            lang.code: DataTree(config.root / lang.source / "data", Path(lang.source) / "data")
            for lang in config.languages
        }
    )


def render_all(
    renderer: Renderer,
    layout: Layout,
    targets: list[Target],
    staging: Staging,
    report: BuildReport,
    show_progress: bool,
) -> list[RenderedPage]:
    """Render every target into the staging folder; collect errors instead of stopping."""
    progress = Progress(len(targets)) if show_progress else None
    done: list[RenderedPage] = []
    for target in targets:
        try:
            page = renderer.render(target)
            html = layout.document(page)
        except DocsiteError as err:
            report.errors.append(err)
            report.failed.append(target.url)
        except jinja2.TemplateError as err:
            where = Location(str(getattr(err, "filename", "templates")), getattr(err, "lineno", 0))
            report.errors.append(TemplateError(f"layout: {err}", where))
            report.failed.append(target.url)
        except Exception as err:
            report.errors.append(
                TemplateError(
                    f"internal error while rendering: {type(err).__name__}: {err}",
                    Location(target.page.source),
                    "please report this as a docsite bug",
                )
            )
            report.failed.append(target.url)
        else:
            staging.write(output_file(target.url), html.encode("utf-8"))
            done.append(page)
            if page.fallback:
                report.fallbacks.append(f"{target.url}: {page.fallback}")
        report.renders += 1
        if progress:
            progress.advance()
    if progress:
        progress.close()
    return done


def finish(
    staging: Staging,
    config: SiteConfig,
    report: BuildReport,
    keep_going: bool,
    redirects: RedirectMap,
    rendered: list[RenderedPage],
) -> None:
    """Swap the staged site in, unless errors stop it (and `--keep-going` was not given)."""
    if report.errors and not keep_going:
        staging.discard()
        return
    staging.copy_tree(config.templates / "assets", "assets")
    built = {page.target.url for page in rendered}
    redirects.keep(lambda target: target in built)
    for item in redirects.map.values():
        staging.write(output_file(item.source), stub(item.target).encode())
    for name, text in maps(redirects).items():
        staging.write(name, text.encode())
    report.written = staging.written
    staging.commit()
    report.committed = True
