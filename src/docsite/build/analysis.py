"""What `check` adds: dead version branches, empty pages, ranges matching nothing, code Liquid."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from docsite.config.versions import release_satisfies
from docsite.errors import DocsiteError, Location, SourceError, warning
from docsite.plan import SitePlan
from docsite.render.liquid.state import BranchLog
from docsite.render.markdown.fences import fenced_spans
from docsite.source.files import read_text
from docsite.source.frontmatter import key_location
from docsite.source.pages import Page

RAW = re.compile(r"\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}", re.S)
OUTPUT = re.compile(r"\$?\{\{-?\s*([A-Za-z_][\w-]*)")
DEFINED = re.compile(r"\{%-?\s*(?:assign|capture|for)\s+([A-Za-z_][\w-]*)")
# What a page's Liquid context holds: `{{ x }}` with another first name renders as nothing.
CONTEXT = frozenset(
    (
        "currentVersion",
        "currentLanguage",
        "currentProduct",
        "currentPath",
        "currentPageFile",
        "page",
        "site",
        "enterpriseServerVersions",
        "enterpriseServerReleases",
        "allVersions",
        "forloop",
    )
)


def findings(
    plan: SitePlan,
    empty: dict[str, tuple[Page, list[str]]],
    branches: BranchLog,
    every_version: bool,
) -> list[DocsiteError]:
    """Everything `check` adds to a build's problems."""
    found = unmatched_ranges(plan) + empty_pages(empty)
    found += liquid_in_code(source_files(plan, plan.config.root / "data"))
    # A branch can only be called dead when every version was rendered.
    return found + (dead_branches(branches) if every_version else [])


def merge_logs(into: BranchLog, log: BranchLog) -> None:
    """Add one render's branch log to the whole build's."""
    for key, (where, branches, taken) in log.items():
        into.setdefault(key, (where, branches, set()))[2].update(taken)


def dead_branches(log: BranchLog) -> list[DocsiteError]:
    """An `if` on versions alone that takes the same branch in every version it renders in."""
    found: list[DocsiteError] = []
    for where, branches, taken in log.values():
        outcomes = {branch for branch, _ in taken}
        if len(outcomes) != 1:
            continue
        versions = ", ".join(sorted({version for _, version in taken}))
        (branch,) = outcomes
        if branch == 0:
            message = f"condition is true in every version it is rendered in ({versions})"
            hint = "the condition can go" + (
                ": its other branches never show" if branches > 1 else ""
            )
        elif branch < 0:
            message = f"no branch is taken in any version it is rendered in ({versions})"
            hint = "its text is never published (an `else` would be): check the versions"
        else:
            message = f"only branch {branch + 1} is taken, in every version ({versions})"
            hint = "the other branches never show"
        found.append(warning(message, where, hint))
    return found


def empty_pages(empty: dict[str, tuple[Page, list[str]]]) -> list[DocsiteError]:
    """A page whose body renders to nothing in some versions it is published in."""
    return [
        warning(
            f"the body is empty in {', '.join(sorted(set(versions)))}",
            Location.at_line(
                page.source, page.text, len(page.body) - len(page.body.lstrip("\n")) + 1
            ),
            "narrow the page's `versions`, or give those versions some text",
        )
        for _, (page, versions) in sorted(empty.items())
    ]


def unmatched_ranges(plan: SitePlan) -> list[DocsiteError]:
    """A `versions` range of a numbered plan that selects none of its supported releases."""
    found: list[DocsiteError] = []
    for page in plan.content.pages.values():
        spec = page.front.raw.get("versions")
        if not isinstance(spec, dict):
            continue
        for name, rng in spec.items():
            product = plan.config.registry.plan(str(name))
            if product is None or not product.numbered or rng in ("*", "next"):
                continue
            coming = [product.next] if product.next else []
            reported = not any(release_satisfies(r, str(rng)) for r in coming)  # by the plan
            if not reported and not any(release_satisfies(r, str(rng)) for r in product.releases):
                where = key_location(page.source, page.text, "versions", str(name), value=True)
                supported = ", ".join(product.releases)
                message = f"range {rng!r} for `{name}` matches no supported release ({supported})"
                found.append(warning(message, where, "widen the range, or remove the plan"))
    return found


def liquid_in_code(files: Iterable[tuple[str, str]]) -> list[DocsiteError]:
    """`{{ name }}` in a code block, outside `raw`, naming nothing Liquid knows: it renders empty.

    The classic case: `${{ secrets.TOKEN }}` in a GitHub Actions example.
    """
    found: list[DocsiteError] = []
    for path, text in files:
        spared = [m.span() for m in RAW.finditer(text)]
        known = CONTEXT | {m[1] for m in DEFINED.finditer(text)}
        for _, start, end, _ in fenced_spans(text):
            for output in OUTPUT.finditer(text, start, end):
                name = output[1]
                if name in known or any(a <= output.start() < b for a, b in spared):
                    continue
                where = Location.at_offset(
                    path, text, output.start(), output.end() - output.start()
                )
                found.append(
                    warning(
                        f"`{{{{ {name}` in a code block is Liquid: it renders as nothing",
                        where,
                        "wrap the code block in {% raw %} ... {% endraw %}",
                    )
                )
    return found


def source_files(plan: SitePlan, data_root: Path) -> list[tuple[str, str]]:
    """English pages and reusables, for the static checks."""
    pages = [(p.source, p.text) for p in plan.content.pages.values()]
    reusables = sorted((data_root / "reusables").rglob("*.md")) if data_root.is_dir() else []
    found = []
    for path in reusables:
        shown = str(path.relative_to(plan.config.root))
        try:
            found.append((shown, read_text(path, data_root, shown)))
        except (OSError, SourceError):
            continue  # reported where it is used
    return pages + found


def matrix(plan: SitePlan) -> str:
    """Which page is published in which version: one row per page, `x` where it is."""
    versions = plan.config.registry.versions
    names = [v.name for v in versions]
    width = max((len(p.rel) for p in plan.content.pages.values()), default=4)
    lines = [" " * width + "  " + "  ".join(names)]
    for rel in sorted(plan.versions):
        cells = [
            "x".center(len(n)) if v in plan.versions[rel] else " " * len(n)
            for v, n in zip(versions, names, strict=True)
        ]
        lines.append(f"{rel:<{width}}  " + "  ".join(cells))
    return "\n".join(lines)
