"""What a build tells its user: every problem, deduplicated and in file order, then a summary."""

from __future__ import annotations

import sys

from docsite.build import BuildOptions, BuildReport
from docsite.commands import formats
from docsite.errors import DocsiteError


def report(
    result: BuildReport, options: BuildOptions, *, verbose: bool = False, style: str = "text"
) -> int:
    """Print every problem (deduplicated, in file order), then a summary; return the exit code."""
    errors = unique(result.errors)
    warnings = unique(result.warnings)
    tolerated = unique(result.tolerated)
    if style == "text":
        print_text(errors, warnings, tolerated if verbose else [], verbose=verbose)
    else:
        print(formats.render(style, errors + warnings + (tolerated if verbose else [])))
    for line in result.fallbacks if verbose else []:
        print(f"fallback: {line}", file=sys.stderr)
    for line in result.skipped:
        print(f"skipped: {line}", file=sys.stderr)
    for url in result.failed if options.keep_going else []:
        print(f"not written: {url}", file=sys.stderr)
    print(summary(result, len(errors), len(warnings), len(tolerated), options), file=sys.stderr)
    return 1 if errors else 0


def print_text(
    errors: list[DocsiteError],
    warnings: list[DocsiteError],
    tolerated: list[DocsiteError],
    *,
    verbose: bool,
) -> None:
    """Errors, then warnings (the first 20 unless verbose), then tolerances, on stderr."""
    shown = warnings if verbose or len(warnings) <= 20 else warnings[:20]
    for problem in errors + shown + tolerated:
        print(problem.render(), file=sys.stderr)
    if len(shown) < len(warnings):
        more = len(warnings) - len(shown)
        print(f"... and {more} more warnings (--verbose lists them)", file=sys.stderr)


def unique(errors: list[DocsiteError]) -> list[DocsiteError]:
    """One copy of each problem, sorted by file and position."""
    seen: dict[tuple[str, str], DocsiteError] = {}
    for err in errors:
        seen.setdefault((str(err.location), err.message), err)
    return sorted(seen.values(), key=DocsiteError.sort_key)


def summary(
    result: BuildReport, errors: int, warnings: int, tolerated: int, options: BuildOptions
) -> str:
    """One line: what was built, how fast, and how many problems."""
    indexed, kept = result.bundles
    done = [f"{result.reused} pages unchanged"] if result.reused else []
    done += [f"search bundles: {indexed} indexed, {kept} kept"] if indexed or kept else []
    if result.committed:
        state = f"wrote {result.written} changed files to {options.out}"
        state += f" ({', '.join(done)})" if done else ""
    else:
        state = f"output left untouched in {options.out}"
    kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(result.redirects.items()))
    redirects = f"; redirects: {kinds}" if kinds else ""
    lax = f", {tolerated} tolerated by lax Liquid" if tolerated else ""
    return (
        f"{result.renders} page renders in {result.seconds:.2f}s, "
        f"{state}; "
        f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}{lax}, "
        f"{len(result.fallbacks)} translation fallbacks{redirects}"
    )
