"""Command line: `build` (default), `serve`, `check`; exit 0 ok, 1 content errors, 2 usage."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from docsite.build import BuildOptions, BuildReport, build
from docsite.errors import DocsiteError, UsageError

COMMANDS = ("build", "serve", "check")


def parser() -> argparse.ArgumentParser:
    """The argument parser shared by every command."""
    p = argparse.ArgumentParser(prog="docsite", description="Build versioned documentation.")
    p.add_argument("command", nargs="?", choices=COMMANDS, default="build")
    p.add_argument("--source", type=Path, default=Path("."), help="source root (content/, data/)")
    p.add_argument("--out", type=Path, default=Path("_site"), help="output folder")
    p.add_argument(
        "--version",
        dest="versions",
        action="extend",
        nargs="+",
        default=[],
        metavar="V",
        help="versions to build: fpt, ghes-2.22, ghae, ... (default: all)",
    )
    p.add_argument(
        "--lang",
        dest="languages",
        action="extend",
        nargs="+",
        default=[],
        metavar="L",
        help="languages to build: en, cn (default: all)",
    )
    p.add_argument("--versions-file", type=Path, help="versions file (default: data/versions.yml)")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.add_argument(
        "--keep-going", action="store_true", help="write every page that has no error, still exit 1"
    )
    p.add_argument(
        "--skip-file", type=Path, help="pages not to render: `content/path.md  reason` per line"
    )
    p.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="worker processes (default: the number of cores)",
    )
    p.add_argument(
        "--no-redirect-stubs",
        dest="redirect_stubs",
        action="store_false",
        help="write only the redirect maps, not a stub page per redirect",
    )
    p.add_argument("--verbose", action="store_true", help="list every warning and fallback")
    p.add_argument("--port", type=int, default=4000, help="port for `serve`")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; never let a content error escape as a traceback."""
    args = parser().parse_args(argv)
    options = BuildOptions(
        source=args.source,
        out=args.out,
        versions=tuple(args.versions),
        languages=tuple(args.languages),
        strict=args.strict,
        keep_going=args.keep_going,
        versions_file=args.versions_file,
        skip_file=args.skip_file,
        jobs=max(1, args.jobs),
        redirect_stubs=args.redirect_stubs,
    )
    try:
        if args.command == "serve":
            from docsite.serve import serve

            return serve(options, args.port)
        if args.command == "check":
            from docsite.check import check

            return report(check(options), args.verbose, options)
        return report(build(options), args.verbose, options)
    except UsageError as err:
        print(f"docsite: error: {err}", file=sys.stderr)
        return 2
    except DocsiteError as err:
        print(err.render(), file=sys.stderr)
        return 1


def report(result: BuildReport, verbose: bool, options: BuildOptions) -> int:
    """Print every error (deduplicated, in file order), then a summary; return the exit code."""
    errors = unique(result.errors)
    warnings = unique(result.warnings)
    for err in errors:
        print(err.render(), file=sys.stderr)
    shown = warnings if verbose or len(warnings) <= 20 else warnings[:20]
    for warn in shown:
        print(warn.render(), file=sys.stderr)
    if len(shown) < len(warnings):
        print(
            f"... and {len(warnings) - len(shown)} more warnings (--verbose lists them)",
            file=sys.stderr,
        )
    for line in result.fallbacks if verbose else []:
        print(f"fallback: {line}", file=sys.stderr)
    for line in result.skipped:
        print(f"skipped: {line}", file=sys.stderr)
    for url in result.failed if options.keep_going else []:
        print(f"not written: {url}", file=sys.stderr)
    print(summary(result, len(errors), len(warnings), options), file=sys.stderr)
    return 1 if errors else 0


def unique(errors: list[DocsiteError]) -> list[DocsiteError]:
    """One copy of each error, sorted by file and position."""
    seen: dict[tuple[str, str], DocsiteError] = {}
    for err in errors:
        seen.setdefault((str(err.location), err.message), err)
    return sorted(seen.values(), key=DocsiteError.sort_key)


def summary(result: BuildReport, errors: int, warnings: int, options: BuildOptions) -> str:
    """One line: what was built, how fast, and how many problems."""
    if result.committed:
        state = f"wrote {result.written} changed files to {options.out}"
        state += f" ({result.reused} pages unchanged)" if result.reused else ""
    else:
        state = f"output left untouched in {options.out}"
    kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(result.redirects.items()))
    redirects = f"; redirects: {kinds}" if kinds else ""
    return (
        f"{result.renders} page renders in {result.seconds:.2f}s, "
        f"{state}; "
        f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}, "
        f"{len(result.fallbacks)} translation fallbacks{redirects}"
    )
