"""The build recipe: load everything, decide what changed, render, check, write atomically.

As in `mkdocs.commands.build`: every page of every version is rendered and checked before
anything is swapped in, so a failed build leaves the previous output untouched.
"""

from __future__ import annotations

import time
from pathlib import Path

from docsite.build import stamps
from docsite.build.options import BuildOptions, BuildReport, choose_languages, choose_versions
from docsite.build.result import Build
from docsite.config import SiteConfig, load_config
from docsite.output import ownership


def build(options: BuildOptions) -> Build:
    """Build the site for the chosen versions and languages into `options.out`."""
    started = time.perf_counter()
    config = load_config(options.source, options.config)
    if not options.dry:
        ownership.sweep(options.out)
        ownership.claim(options.out, options.source, input_folders(config), force=options.force)
    choose_versions(config, options.versions)  # a wrong command line stops here
    choose_languages(config, options.languages)
    stamp = input_stamp(config, options)
    said = stamps.replay(options.out, stamp) if stamp else None
    if said is not None:
        report = BuildReport(**said, committed=not said["errors"])
        report.seconds = time.perf_counter() - started
        return Build(report)
    # Deferred: a build that replays its report above needs none of Liquid, Markdown or Jinja.
    from docsite.build.site import load_site
    from docsite.build.steps import render_and_write

    site = load_site(options, config)
    done = render_and_write(site)
    if (done.report.committed or done.unchanged) and not options.dry:  # the output is this tree's
        if stamp:
            stamps.save(options.out, stamp, done.report)
        else:
            stamps.forget(options.out)
    done.report.seconds = time.perf_counter() - started
    return done.build


def input_folders(config: SiteConfig) -> list[Path]:
    """The folders docsite reads: the output may be beside them, never inside."""
    folders = ["content", "data", "templates", "translations", "assets"]
    folders += [lang.source for lang in config.languages if lang.source]
    return [config.root / folder for folder in folders]


def input_stamp(config: SiteConfig, options: BuildOptions) -> str:
    """The stamp of this build's inputs, or "" when the build must run whatever they are."""
    if not options.reuse or options.dry or options.analyze:
        return ""
    folders = sorted(set(input_folders(config)))
    outer = [f for f in folders if not any(o in f.parents for o in folders)]
    files = [config.file] + ([options.skip_file] if options.skip_file else [])
    return stamps.inputs(outer, files, options)
