"""What pagefind alone costs for a built site's search: the floor under issue 26's search target.

Given a site built with search (its output and manifest beside it), this plans the documents as
a build does (each distinct page once per language, in bundles of about a thousand), then runs
pagefind's binary over them as a build does (as many at once as there are jobs) and times that
alone. Its wall time is the least a build's search step can take with pagefind on this machine;
its CPU time over the cores is the least it could take with every core free for it.

    python benchmarks/search_floor.py --source ../shared/corpus/github-docs-2021-04 --out OUT \\
        --skip-file tests/corpus-skips.txt
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def children_cpu() -> float:
    """CPU seconds of the waited-for child processes so far, user and system."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(
    source: Path, out: Path, config: Path | None = None, skip_file: Path | None = None
) -> dict[str, float]:
    """Plan the search documents of the site built in `out`, then time pagefind over them."""
    sys.path.insert(0, str(ROOT / "src"))
    from docsite.build import manifest
    from docsite.build.options import BuildOptions
    from docsite.build.site import load_site
    from docsite.output import search
    from docsite.output.site_files import by_search_home, search_shard

    options = BuildOptions(
        source, out, config=config, skip_file=skip_file, keep_going=True, progress=False
    )
    site = load_site(options)
    entries = manifest.load(out)
    written = [t for t in site.targets() if t.url in entries and not entries[t.url].errors]
    homes = by_search_home(site.layout, written)  # the pages a build indexes, per index
    shards = [search_shard(site.layout, home, found) for home, found in sorted(homes.items())]
    started = time.perf_counter()
    bundles, _ = search.planned(out, shards)
    planning = time.perf_counter() - started
    with tempfile.TemporaryDirectory(dir=out.parent) as scratch:
        trees = []
        for number, bundle in enumerate(bundles):
            tree = Path(scratch) / str(number)
            search.write_documents(bundle.texts, tree)
            trees.append((bundle.language, tree))
        wall, cpu = pagefind(trees, options.jobs)
    documents = sum(len(bundle.texts) for bundle in bundles)
    pages = sum(len(shard.pages) for shard in shards)
    return {
        "pages": pages,
        "documents": documents,
        "bundles": len(bundles),
        "planning": planning,
        "wall": wall,
        "cpu": cpu,
        "cores": options.jobs,
    }


def pagefind(trees: list[tuple[str, Path]], jobs: int) -> tuple[float, float]:
    """Index each tree as a build does, `jobs` at a time: wall and CPU seconds."""
    from docsite.output import search

    cpu, started = children_cpu(), time.perf_counter()
    running: list[subprocess.Popen[bytes]] = []
    for language, tree in trees:
        index = tree.with_name(f"{tree.name}-index")
        running.append(subprocess.Popen(search.command(tree, index, language)))
        if len(running) >= jobs:
            done(running.pop(0))
    for process in running:
        done(process)
    return time.perf_counter() - started, children_cpu() - cpu


def done(process: subprocess.Popen[bytes]) -> None:
    """Wait for one pagefind run, which must succeed."""
    if process.wait() != 0:
        raise SystemExit(f"pagefind failed: {process.args!r}")


def lines(found: dict[str, float]) -> list[str]:
    """The measurement in words."""
    least = found["cpu"] / found["cores"]
    return [
        f"search floor: pagefind alone over the {found['documents']:.0f} documents of "
        f"{found['pages']:.0f} pages ({found['bundles']:.0f} bundles): {found['wall']:.1f} s wall, "
        f"{found['cpu']:.1f} s of CPU, at least {least:.1f} s on {found['cores']:.0f} cores; "
        f"docsite's planning of the documents {found['planning']:.1f} s",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True, help="a site built there with search")
    parser.add_argument("--config", type=Path)
    parser.add_argument("--skip-file", type=Path)
    args = parser.parse_args()
    found = measure(args.source.resolve(), args.out.resolve(), args.config, args.skip_file)
    print("\n".join(lines(found)))


if __name__ == "__main__":
    main()
