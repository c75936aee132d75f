"""Benchmark docsite against a pure-Python floor and against Hugo on the same files, in one run.

Hugo (Debian's `hugo`) builds the same pages in its own form (`benchmarks/hugo.py`), one build per
version. The floor reads each page, parses its front matter with the C YAML loader, renders the body
with markdown-it-py and writes the HTML, on every core, and nothing else (no Liquid, layout,
links or redirects). Each measurement runs in a fresh process: wall time, page renders per
second and peak memory (max RSS of the process and its workers).

    python benchmarks/run.py                      # synthetic 2,000 pages, in a temp folder
    python benchmarks/run.py --pages 500 --tmpfs  # smaller, writing to /dev/shm
    python benchmarks/run.py --corpus ../shared/corpus/github-docs-2021-04
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402
from hugo import VERSIONS, convert  # noqa: E402
from search_floor import lines as floor_lines  # noqa: E402
from search_floor import measure as search_floor  # noqa: E402

FLOOR = r"""
import multiprocessing, os, resource, sys, time
from pathlib import Path
import yaml
from markdown_it import MarkdownIt
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
src, out, copies = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
def one(path):
    for copy in range(copies):  # every version is read, parsed and rendered again
        text = path.read_text(encoding="utf-8")
        matter, body = text.split("---", 2)[1:] if text.startswith("---") else ("", text)
        yaml.load(matter, Loader=Loader)
        html = md.render(body)
        target = out / str(copy) / path.relative_to(src).with_suffix("") / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
    return 1
if __name__ == "__main__":
    files = sorted((src / "content").rglob("*.md"))
    start = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(os.cpu_count()) as pool:
        n = sum(pool.map(one, files, chunksize=32))
    wall = time.perf_counter() - start
    usage = (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    rss = max(resource.getrusage(r).ru_maxrss for r in usage)
    print(f"{n} {wall} {rss}")
"""

DOCSITE = r"""
import resource, sys, time
start = time.perf_counter()  # imports count: Hugo's runs are whole processes too
sys.path.insert(0, sys.argv[1])
from docsite.cli import main
code = main(sys.argv[2:])
wall = time.perf_counter() - start
usage = (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
rss = max(resource.getrusage(r).ru_maxrss for r in usage)
print(f"RESULT {code} {wall} {rss}")
"""


HUGO = r"""
import os, resource, subprocess, sys, time
site, out, versions = sys.argv[1], sys.argv[2], sys.argv[3:]
start = time.perf_counter()
for version in versions:  # Hugo makes one version per build: four versions are four builds
    env = dict(os.environ, HUGO_PARAMS_VERSION=version)
    subprocess.run(["hugo", "-s", site, "-d", f"{out}/{version}", "--quiet"], env=env, check=True)
wall = time.perf_counter() - start
print(f"{wall} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}")
"""


def run_hugo(site: Path, out: Path, versions: tuple[str, ...], pages: int) -> dict[str, float]:
    """Hugo, the peer: one build per version of the same pages in Hugo's form."""
    clear(out)
    done = subprocess.run(
        [sys.executable, "-c", HUGO, str(site), str(out), *versions],
        capture_output=True,
        text=True,
        check=True,
    )
    wall, rss = done.stdout.split()
    renders = pages * len(versions)
    return {
        "wall": float(wall),
        "renders": renders,
        "per_s": renders / float(wall),
        "rss_mb": int(rss) / 1024,
    }


def clear(out: Path) -> None:
    """Delete an earlier output and let the file system settle before the next timed run.

    On this machine's disk, the kernel's work for tens of thousands of deleted files otherwise
    spills into whatever is timed next and slows its file creation several times over.
    """
    shutil.rmtree(out, ignore_errors=True)
    for trash in out.parent.glob(f".{out.name}.trash-*"):  # docsite deletes those in background
        shutil.rmtree(trash, ignore_errors=True)
    os.sync()
    time.sleep(1)


def run_floor(source: Path, out: Path, copies: int) -> dict[str, float]:
    """The floor: read + front matter + markdown-it + write, `copies` outputs per page."""
    clear(out)
    done = subprocess.run(
        [sys.executable, "-c", FLOOR, str(source), str(out), str(copies)],
        capture_output=True,
        text=True,
        check=True,
    )
    pages, wall, rss = done.stdout.split()
    renders = int(pages) * copies
    return {
        "wall": float(wall),
        "renders": renders,
        "per_s": renders / float(wall),
        "rss_mb": int(rss) / 1024,
    }


def run_docsite(source: Path, out: Path, *args: str, fresh: bool = True) -> dict[str, float]:
    """One docsite build in a fresh process; `fresh` removes the previous output first."""
    if fresh:
        clear(out)
    argv = ["build", "--source", str(source), "--out", str(out), *args]
    done = subprocess.run(
        [sys.executable, "-c", DOCSITE, str(ROOT / "src"), *argv],
        capture_output=True,
        text=True,
        check=False,
    )
    result = next(line for line in done.stdout.splitlines() if line.startswith("RESULT"))
    _, code, wall, rss = result.split()
    summary = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
    renders = int(summary.split(" page renders")[0]) if " page renders" in summary else 0
    written = summary.split("wrote ")[1].split(" ")[0] if "wrote " in summary else "0"
    return {
        "wall": float(wall),
        "renders": renders,
        "per_s": renders / float(wall),
        "rss_mb": int(rss) / 1024,
        "exit": int(code),
        "written": int(written),
    }


def line(name: str, r: dict[str, float]) -> str:
    extra = f"  written {r['written']}" if "written" in r else ""
    return (
        f"{name:<44} {r['wall']:7.2f} s  {r['renders']:6.0f} renders  "
        f"{r['per_s']:7.0f}/s  peak {r['rss_mb']:6.0f} MB{extra}"
    )


def best(runs: list[dict[str, float]]) -> dict[str, float]:
    """The fastest of repeated runs (the one least disturbed by the rest of the machine)."""
    return min(runs, key=lambda r: r["wall"])


def without_search(config: Path, work: Path) -> tuple[str, str]:
    """`--config` arguments for a copy of a site's config with `search: false`.

    Issue 16's targets predate search; its runs are measured without it, and one run with it
    says what the indexes cost.
    """
    copy = work / f"{config.stem}-no-search.yml"
    copy.write_text(config.read_text(encoding="utf-8") + "\nsearch: false\n", encoding="utf-8")
    return "--config", str(copy)


def synthetic(pages: int, work: Path, repeat: int) -> list[str]:
    """The issue's four targets on a generated corpus; each run `repeat` times, interleaved."""
    source = work / "synthetic"
    generate(source, pages)
    out = work / "out"
    quiet = without_search(source / "data" / "versions.yml", work)

    def one_version(*extra: str) -> dict[str, float]:
        return run_docsite(source, out, "--version", "fpt", *quiet, *extra)

    hugo_site = work / "hugo-site"
    convert(source, hugo_site)
    count = sum(1 for _ in (source / "content").rglob("*.md"))
    peers = (
        [
            ("hugo, 1 version", lambda: run_hugo(hugo_site, work / "hugo", VERSIONS[:1], count)),
            ("hugo, 4 versions", lambda: run_hugo(hugo_site, work / "hugo", VERSIONS, count)),
        ]
        if shutil.which("hugo")
        else []
    )
    runs: dict[str, list[dict[str, float]]] = {}
    for _ in range(repeat):  # interleaved, so that a slow spell of the machine hits every run
        for name, measure in (
            *peers,
            ("floor, 1 version", lambda: run_floor(source, work / "floor", 1)),
            ("floor, 4 versions", lambda: run_floor(source, work / "floor", 4)),
            ("docsite, 1 version (maps only)", lambda: one_version("--no-redirect-stubs")),
            ("docsite, 1 version (+ redirect stub pages)", lambda: one_version()),
            (
                "docsite, 4 versions (maps only)",
                lambda: run_docsite(source, out, "--no-redirect-stubs", *quiet),
            ),
            (
                "docsite, 4 versions (+ redirect stub pages)",
                lambda: run_docsite(source, out, *quiet),
            ),
            ("docsite, 4 versions (+ stubs, + search)", lambda: run_docsite(source, out)),
            (
                "docsite, no-change rebuild of 4 versions",
                lambda: run_docsite(source, out, fresh=False),
            ),
        ):
            runs.setdefault(name, []).append(measure())
    results = {name: best(r) for name, r in runs.items()}
    floor1, floor4 = results["floor, 1 version"], results["floor, 4 versions"]
    one = results["docsite, 1 version (maps only)"]
    four = results["docsite, 4 versions (maps only)"]
    again = results["docsite, no-change rebuild of 4 versions"]
    full = results["docsite, 4 versions (+ stubs, + search)"]
    quiet_full = results["docsite, 4 versions (+ redirect stub pages)"]
    against_hugo = (
        [
            f"1 version: docsite / Hugo = {one['wall'] / results['hugo, 1 version']['wall']:.2f}"
            " (target <= 1.3)",
            f"4 versions: docsite / 4 Hugo builds = "
            f"{four['wall'] / results['hugo, 4 versions']['wall']:.2f} (target <= 0.5)",
        ]
        if peers
        else ["(no `hugo` on PATH: Debian's package `hugo` adds the peer)"]
    )
    return [
        f"synthetic corpus: {pages} pages, output in {work}, best of {repeat} interleaved runs",
        *(line(name, r) for name, r in results.items()),
        "",
        *against_hugo,
        f"1 version: docsite / floor = {one['wall'] / floor1['wall']:.2f}",
        f"4 versions: docsite / floor = {four['wall'] / floor4['wall']:.2f}, "
        f"{four['per_s']:.0f} renders/s (target >= 2000)",
        f"no-change rebuild: {again['wall']:.2f} s (target < 1), "
        f"{again['wall'] / full['wall']:.2f} of a full build, files written: "
        f"{again['written']} (target 0)",
        f"search indexes: {full['wall'] - quiet_full['wall']:.1f} s of the full build",
        "(issue 16's runs are without search: see without_search)",
    ]


def corpus(source: Path, work: Path, repeat: int) -> list[str]:
    """The real corpus against the floor on the same files: the targets of issue 16."""
    sys.path.insert(0, str(ROOT / "src"))
    from docsite.config import load_config

    count = len(load_config(source).registry.versions)
    skips = ("--keep-going", "--skip-file", str(ROOT / "tests" / "corpus-skips.txt"))
    out = work / "corpus-out"
    quiet = without_search(load_config(source).file, work)

    def docsite(*args: str, fresh: bool = True) -> dict[str, float]:
        return run_docsite(source, out, *skips, *args, fresh=fresh)

    runs: dict[str, list[dict[str, float]]] = {}
    for _ in range(repeat):  # interleaved, so that a slow spell of the machine hits every run
        for name, measure in (
            ("floor, 1 version", lambda: run_floor(source, work / "floor", 1)),
            (f"floor, {count} versions", lambda: run_floor(source, work / "floor", count)),
            ("docsite, English fpt", lambda: docsite("--version", "fpt", "--lang", "en", *quiet)),
            ("docsite, English, every version", lambda: docsite("--lang", "en", *quiet)),
            ("docsite, everything (+ Chinese)", lambda: docsite(*quiet)),
            ("docsite, everything, with search", lambda: docsite()),
            ("docsite, no-change rebuild of everything", lambda: docsite(fresh=False)),
        ):
            runs.setdefault(name, []).append(measure())
    results = {name: best(r) for name, r in runs.items()}
    # The last run left the site with search in `out`: what pagefind alone takes to index it.
    pagefind = search_floor(source, out, skip_file=Path(skips[-1]))
    floor1, floor_all = results["floor, 1 version"], results[f"floor, {count} versions"]
    fpt, english = results["docsite, English fpt"], results["docsite, English, every version"]
    full = results["docsite, everything (+ Chinese)"]
    again = results["docsite, no-change rebuild of everything"]
    searched = results["docsite, everything, with search"]
    return [
        f"real corpus {source}, best of {repeat} interleaved runs",
        *(line(name, r) for name, r in results.items()),
        "",
        f"English fpt: docsite / floor = {fpt['wall'] / floor1['wall']:.2f} (target <= 1.0)",
        f"English, {count} versions: docsite / floor = "
        f"{english['wall'] / floor_all['wall']:.2f} (target <= 0.6)",
        f"everything: {full['wall']:.1f} s (target < 10), peak {full['rss_mb']:.0f} MB "
        "(target < 1024)",
        f"no-change rebuild: {again['wall']:.2f} s (target < 1), files written: "
        f"{again['written']} (target 0)",
        f"search indexes: {searched['wall'] - full['wall']:.1f} s of the full build "
        f"({searched['wall']:.1f} s with them)",
        "(issue 16's runs are without search: see without_search)",
        f"issue 26: English, {count} versions / English fpt = "
        f"{english['wall'] / fpt['wall']:.2f} (target <= 1.5)",
        f"issue 26: everything with search {searched['wall']:.1f} s (target < 10), peak "
        f"{searched['rss_mb']:.0f} MB (target < 1024), search share "
        f"{(searched['wall'] - full['wall']) / searched['wall']:.0%} (target < 25%)",
        *floor_lines(pagefind),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--tmpfs", action="store_true", help="work in /dev/shm, not /tmp")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement (best)")
    parser.add_argument("--corpus", type=Path, help="also build this corpus (all versions)")
    parser.add_argument("--json", action="store_true", help="print the lines as JSON")
    parser.add_argument("--no-synthetic", action="store_true", help="measure the corpus only")
    args = parser.parse_args()
    base = "/dev/shm" if args.tmpfs and os.path.isdir("/dev/shm") else None
    with tempfile.TemporaryDirectory(prefix="docsite-bench-", dir=base) as tmp:
        work = Path(tmp)
        started = time.perf_counter()
        lines = [] if args.no_synthetic else synthetic(args.pages, work, args.repeat)
        if args.corpus:
            lines += corpus(args.corpus.resolve(), work, args.repeat)
        lines.append(
            f"(benchmark took {time.perf_counter() - started:.0f} s, {os.cpu_count()} cores)"
        )
    print(json.dumps(lines, indent=1) if args.json else "\n".join(lines))


if __name__ == "__main__":
    main()
