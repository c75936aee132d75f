"""Command line: `build` (default), `serve`, `check`, `new`; exit 0 ok, 1 errors, 2 usage."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docsite import __version__
from docsite.build import BuildOptions, build
from docsite.commands.check import check
from docsite.commands.report import report
from docsite.config import load_config
from docsite.config.engines import DEFAULT_ENGINE, ENGINE_NAMES
from docsite.errors import DocsiteError, UsageError, problems_of

Option = tuple[tuple[str, ...], dict[str, Any]]

# Options of every command that reads a site.
SITE_OPTIONS: list[Option] = [
    (("--source",), {"type": Path, "default": Path("."), "help": "source root (default: .)"}),
    (
        ("--config", "--versions-file"),
        {
            "type": Path,
            "metavar": "FILE",
            "help": "config file (default: docsite.yml, else data/versions.yml or versions.yml)",
        },
    ),
    (
        ("--out",),
        {"type": Path, "help": "output folder (default: `output` of the config, else _site)"},
    ),
    (
        ("--version",),
        {
            "dest": "versions",
            "action": "extend",
            "nargs": "+",
            "default": [],
            "metavar": "V",
            "help": "versions to build: fpt, ghes-2.22, ghae, ... (default: all)",
        },
    ),
    (
        ("--lang",),
        {
            "dest": "languages",
            "action": "extend",
            "nargs": "+",
            "default": [],
            "metavar": "L",
            "help": "languages to build: en, cn, ... (default: all)",
        },
    ),
    (("--strict",), {"action": "store_true", "help": "treat warnings as errors"}),
    (
        ("--force",),
        {
            "action": "store_true",
            "help": "replace an output folder that holds files docsite did not write",
        },
    ),
    (
        ("--skip-file",),
        {"type": Path, "help": "pages not to render: `content/path.md  reason` per line"},
    ),
    (
        ("--jobs",),
        {
            "type": int,
            "default": os.cpu_count() or 1,
            "help": "worker processes (default: the number of cores)",
        },
    ),
    (
        ("--no-redirect-stubs",),
        {
            "dest": "redirect_stubs",
            "action": "store_false",
            "help": "write only the redirect maps, not a stub page per redirect",
        },
    ),
    (
        ("--render-each-version",),
        {
            "dest": "share",
            "action": "store_false",
            "help": "render every version of a page apart, not each distinct text once "
            "(the output is the same: this rules the sharing out)",
        },
    ),
    (
        ("--markdown-engine",),
        {
            "choices": sorted(ENGINE_NAMES),
            "default": DEFAULT_ENGINE,
            "help": f"Markdown engine (default {DEFAULT_ENGINE}; markdown-it-py is the reference)",
        },
    ),
    (
        ("--verbose",),
        {"action": "store_true", "help": "list every warning, tolerance and fallback"},
    ),
    (
        ("--format",),
        {
            "choices": ("text", "github", "json"),
            "default": "text",
            "help": "how problems are printed: text (default), github (GitHub Actions "
            "annotations on stdout), json (a list on stdout)",
        },
    ),
]
DIRECTORY: Option = (("directory",), {"type": Path, "metavar": "DIR"})
# name -> (reads a site, help, description, its own options)
COMMANDS: dict[str, tuple[bool, str, str, list[Option]]] = {
    "build": (
        True,
        "build the site (the default command)",
        "Build every chosen version and language into the output folder. "
        "A failed build leaves the previous output untouched.",
        [
            (
                ("--keep-going",),
                {
                    "action": "store_true",
                    "help": "write every page that has no error, still exit 1",
                },
            ),
            (
                ("--shard",),
                {
                    "action": "store_true",
                    "help": "the output is one part of a site `docsite merge` joins: the "
                    "switchers offer every configured version and language, not only those built",
                },
            ),
        ],
    ),
    "serve": (
        True,
        "build, serve on 127.0.0.1, rebuild on change and reload open pages",
        "Build, then serve the output on a local address; rebuild on every change "
        "of the sources and reload open pages. Stop with Ctrl-C.",
        [
            (
                ("--port",),
                {"type": int, "default": 4000, "help": "port (default 4000; 0: any free)"},
            ),
            (("--host",), {"default": "127.0.0.1", "help": "address to listen on"}),
            (("--open",), {"action": "store_true", "help": "open the site in a browser"}),
        ],
    ),
    "check": (
        True,
        "render and check everything, report every problem, write nothing",
        "Build every page, check every link and the version logic (dead branches, "
        "empty pages, ranges matching no release, Liquid in code blocks); report every "
        "problem; write nothing.",
        [
            (
                ("--matrix",),
                {"action": "store_true", "help": "print which page is published in which version"},
            )
        ],
    ),
    "new": (
        False,
        "write a small working docs repository into DIR",
        "Write a small docs repository (config, a home page, a versioned page "
        "with a variable, a reusable and a version conditional) that builds at once.",
        [(DIRECTORY[0], {**DIRECTORY[1], "help": "a new or empty folder"})],
    ),
    "migrate": (
        False,
        "rewrite 2021 `if currentVersion` conditions as `ifversion`, proven equal",
        "Rewrite version conditions of the 2021 syntax (`currentVersion == ...`, `ver_gt`, "
        "`enterpriseServerVersions contains currentVersion`) as `ifversion`, in place or into "
        "another folder. Each rewrite is checked in every published version; the conditions "
        "left as written are listed.",
        [
            (("--source",), {"type": Path, "default": Path("."), "help": "source root"}),
            (("--config",), {"type": Path, "metavar": "FILE", "help": "config file"}),
            (("--out",), {"type": Path, "metavar": "DIR", "help": "write a migrated copy here"}),
        ],
    ),
    "merge": (
        False,
        "join the redirect maps and sitemap of shards copied into one folder",
        "After copying the outputs of `--version` or `--lang` builds into one "
        "folder, rewrite its redirect maps and sitemap from every shard's part, so that the "
        "folder equals one full build.",
        [(DIRECTORY[0], {**DIRECTORY[1], "help": "the folder shards were copied into"})],
    ),
}


def parser() -> argparse.ArgumentParser:
    """The argument parser: one sub-command each, sharing the site options."""
    p = argparse.ArgumentParser(
        prog="docsite",
        description="Build versioned documentation: one static site per version and language.",
        epilog="`docsite [options]` with no command builds. Exit codes: 0 built, "
        "1 content errors (all printed), 2 a wrong command line.",
    )
    p.add_argument("--version", action="version", version=f"docsite {__version__}")
    commands = p.add_subparsers(dest="command", metavar="COMMAND")
    site = argparse.ArgumentParser(add_help=False)
    for flags, spec in SITE_OPTIONS:
        site.add_argument(*flags, **spec)
    for name, (reads_site, short, description, own) in COMMANDS.items():
        command = commands.add_parser(
            name, parents=[site] if reads_site else [], help=short, description=description
        )
        for flags, spec in own:
            command.add_argument(*flags, **spec)
    return p


def with_command(argv: list[str]) -> list[str]:
    """`docsite --version fpt` and `python build.py` mean `build`; `docsite --version` does not."""
    if argv == ["--version"] or (argv[:1] and argv[0] in (*COMMANDS, "-h", "--help")):
        return argv
    return ["build", *argv]


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; never let a content error escape as a traceback."""
    args = parser().parse_args(with_command(list(sys.argv[1:] if argv is None else argv)))
    try:
        # The other commands' modules load only when asked for (the server's are large).
        if args.command == "new":
            from docsite.commands.new import new

            return new(args.directory)
        if args.command == "migrate":
            from docsite.commands.migrate import migrate

            return migrate(args.source, args.out, args.config)
        if args.command == "merge":
            from docsite.commands.merge import merge

            return merge(args.directory)
        options = build_options(args)
        if args.command == "serve":
            from docsite.commands.serve import serve

            return serve(options, args.port, args.host, open_browser=args.open)
        if args.command == "check":
            result = check(options)
            if args.matrix:
                print(result.matrix)
            return report(result, options, verbose=args.verbose, style=args.format)
        return report(build(options).report, options, verbose=args.verbose, style=args.format)
    except UsageError as err:
        print(f"docsite: error: {err}", file=sys.stderr)
        return 2
    except DocsiteError as err:
        for problem in problems_of(err):  # every problem a command found, not only its first
            print(problem.render(), file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # Ctrl-C; the output folder is swapped whole or not at all
        whole = "the output folder holds the previous site, unless this one was already in place"
        print(f"docsite: interrupted ({whole})", file=sys.stderr)
        return 130


def build_options(args: argparse.Namespace) -> BuildOptions:
    """The build options a command line asks for; the output folder may come from the config."""
    out = args.out or load_config(args.source, args.config).output or Path("_site")
    return BuildOptions(
        source=args.source,
        out=out,
        versions=tuple(args.versions),
        languages=tuple(args.languages),
        strict=args.strict,
        keep_going=getattr(args, "keep_going", False),
        shard=getattr(args, "shard", False),
        config=args.config,
        skip_file=args.skip_file,
        jobs=max(1, args.jobs),
        redirect_stubs=args.redirect_stubs,
        share=args.share,
        force=args.force,
        markdown_engine=args.markdown_engine,
    )
