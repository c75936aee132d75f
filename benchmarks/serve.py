"""Benchmark the preview server on the real corpus: from saving a file to its new HTML served.

    python benchmarks/serve.py --corpus ../shared/corpus/github-docs-2021-04 [--repeat 3]

It copies the corpus to a temporary folder, starts `docsite serve` on a free port, and times,
by polling the page over HTTP every 2 ms: the first answer after starting (with no previous
output, and again with the output of an earlier run), an edit of one page's body, an edit of a
reusable that about 50 pages use, and an edit of a variable file that every page reads. A clean
build of the same copy is measured in the same run, for the ratio. Best of `--repeat` runs.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SKIPS = ROOT / "tests" / "corpus-skips.txt"
PAGE = "content/actions/guides/building-and-testing-python.md"
DATA = re.compile(r"\{%-? *(?:data|indented_data_reference) +(reusables\.[\w./-]+)")


def get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError):
        return ""


def until(url: str, needle: str, limit: float = 300.0) -> float:
    """Seconds until the page at `url` holds `needle`."""
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        if needle in get(url):
            return time.perf_counter() - started
        time.sleep(0.002)
    raise SystemExit(f"{url} never showed {needle!r}")


def popular_reusable(source: Path, near: int = 50) -> tuple[str, int]:
    """The reusable whose number of English pages using it is closest to `near`."""
    uses: Counter[str] = Counter()
    for page in (source / "content").rglob("*.md"):
        uses.update(set(DATA.findall(page.read_text(encoding="utf-8"))))
    name, count = min(uses.items(), key=lambda kv: (abs(kv[1] - near), kv[0]))
    return name, count


def user_of(source: Path, reusable: str) -> str:
    """A page that uses a reusable, as its URL path."""
    for page in sorted((source / "content").rglob("*.md")):
        if reusable in page.read_text(encoding="utf-8") and page.name != "index.md":
            return "/en/" + page.relative_to(source / "content").with_suffix("").as_posix() + "/"
    raise SystemExit(f"no page uses {reusable}")


def serve(source: Path, out: Path) -> tuple[subprocess.Popen[str], str, float]:
    """Start the server; its base URL and the seconds until it answered a page."""
    started = time.perf_counter()
    command = [sys.executable, str(ROOT / "build.py"), "serve", "--source", str(source)]
    command += ["--out", str(out), "--port", "0", "--skip-file", str(SKIPS)]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    base = proc.stdout.readline().split()[-1].removesuffix("/en/")
    until(f"{base}/en/actions/", "<html")
    return proc, base, time.perf_counter() - started


def state(base: str) -> dict[str, object]:
    """The server's `/__docsite/status`."""
    return json.loads(get(f"{base}/__docsite/status") or '{"busy": true, "generation": -1}')


def edit(path: Path, marker: str) -> None:
    """Append a marker paragraph (or, for YAML, a key) to a file."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".yml":
        text = text.replace("prodname_actions: ", f"prodname_actions: {marker} ", 1)
    else:
        text = text.rstrip("\n") + f"\n\n{marker}\n"
    path.write_text(text, encoding="utf-8")


def one_run(corpus: Path, work: Path, run: int) -> dict[str, float]:
    source = work / f"source{run}"
    shutil.copytree(corpus, source)
    out = work / f"site{run}"
    times: dict[str, float] = {}
    started = time.perf_counter()
    command = [sys.executable, str(ROOT / "build.py"), "--source", str(source), "--out"]
    subprocess.run(
        [*command, str(work / f"clean{run}"), "--skip-file", str(SKIPS), "--keep-going"],
        capture_output=True,
    )
    times["clean build"] = time.perf_counter() - started
    proc, base, times["first answer, no output yet"] = serve(source, out)
    try:
        reusable, _ = popular_reusable(source)
        cases = [
            ("page body", source / PAGE, "/en/actions/guides/building-and-testing-python/"),
            (
                "reusable",
                source / "data" / ("/".join(reusable.split(".")) + ".md"),
                user_of(source, reusable),
            ),
            (
                "variable everywhere",
                source / "data" / "variables" / "product.yml",
                "/en/actions/guides/building-and-testing-python/",
            ),
        ]
        for name, path, url in cases:
            marker = f"Benchmark{name.replace(' ', '')}{run}"
            before = state(base)["generation"]
            started = time.perf_counter()
            edit(path, marker)
            times[f"{name}: the open page"] = until(base + url, marker)
            while state(base)["generation"] == before or state(base)["busy"]:
                time.sleep(0.002)
            times[f"{name}: every output"] = time.perf_counter() - started
    finally:
        proc.send_signal(signal.SIGINT)  # a clean stop saves the manifest for the next start
        proc.wait(timeout=120)
    proc, base, times["first answer, with earlier output"] = serve(source, out)
    proc.terminate()
    proc.wait(timeout=60)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "github-docs-2021-04"
    )
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    reusable, count = popular_reusable(args.corpus)
    print(f"reusable: {reusable}, used by {count} pages")
    print(f"page: {PAGE}; times are best of {args.repeat}")
    runs = []
    with tempfile.TemporaryDirectory(prefix="docsite-serve-bench-") as tmp:
        for run in range(args.repeat):
            runs.append(one_run(args.corpus, Path(tmp), run))
    clean = min(r["clean build"] for r in runs)
    for name in runs[0]:
        best = min(r[name] for r in runs)
        ratio = "" if name == "clean build" else f"  ({best / clean:.3f}x a clean build)"
        print(f"{name:<34} {best * 1000:>9.0f} ms{ratio}")


if __name__ == "__main__":
    main()
