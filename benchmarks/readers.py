"""What readers get, measured: Lighthouse scores, axe violations and screenshots of the corpus.

    python benchmarks/readers.py [--source ../shared/corpus/github-docs-2021-04] [--out DIR]

Builds the corpus (Free, Pro and Team, English and Chinese, `--keep-going`), serves it on
127.0.0.1, and for the home page, a product landing page, a long article with code and a
Chinese article: runs Lighthouse 12.2.3 (`npx lighthouse@12.2.3`, Node 20, Debian's chromium
through CHROME_PATH), runs axe-core through playwright, and saves screenshots at 1280 and
390 px in light and dark to `artifacts/screenshots/readers-*.png`. Prints one line per page
and writes `artifacts/readers.json`. Not a test: the scores are a measurement to read.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
PAGES = {
    "home": "/en/",
    "landing": "/en/packages/",
    "article": "/en/actions/reference/workflow-syntax-for-github-actions/",
    "chinese": "/cn/packages/learn-github-packages/publishing-a-package/",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def build(source: Path, out: Path) -> None:
    """The site the readers see: one version, both languages."""
    skips = ROOT / "tests" / "corpus-skips.txt"
    command = [sys.executable, str(ROOT / "build.py"), "--source", str(source), "--out", str(out)]
    command += ["--version", "fpt", "--keep-going", "--skip-file", str(skips)]
    subprocess.run(command, check=False, stderr=subprocess.DEVNULL)


class Quiet(SimpleHTTPRequestHandler):
    """A static file handler that logs nothing."""

    def log_message(self, format: str, *args: object) -> None:
        """Say nothing per request."""


def serve(folder: Path) -> tuple[ThreadingHTTPServer, str]:
    """A static server on 127.0.0.1 over the built site."""
    handler = functools.partial(Quiet, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def lighthouse(url: str) -> tuple[dict[str, int], list[str]]:
    """Lighthouse's four category scores (0-100) for one page, and the audits it failed."""
    with tempfile.NamedTemporaryFile(suffix=".json") as report:
        command = ["npx", "--yes", "lighthouse@12.2.3", url, "--quiet", "--output=json"]
        command += [f"--output-path={report.name}", "--preset=desktop"]
        command += ["--chrome-flags=--headless=new --no-sandbox"]
        env = os.environ | {"CHROME_PATH": CHROMIUM}
        subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)
        found = json.loads(Path(report.name).read_text(encoding="utf-8"))
    scores = {c: round(found["categories"][c]["score"] * 100) for c in CATEGORIES}
    refs = [r for c in CATEGORIES for r in found["categories"][c]["auditRefs"] if r["weight"]]
    audits = found["audits"]
    failed = [r["id"] for r in refs if (audits[r["id"]].get("score") or 0) < 1]
    return scores, sorted(set(failed))


def axe_and_screenshots(base: str, shots: Path) -> dict[str, list[str]]:
    """axe-core's violations (every impact) per page; screenshots of each page."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    found: dict[str, list[str]] = {}
    shots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for name, path in PAGES.items():
            tab = browser.new_page(viewport={"width": 1280, "height": 900})
            tab.goto(base + path)
            result = Axe().run(tab)
            violations = result.response["violations"]
            found[name] = [f"{v['id']} ({v['impact']}, {len(v['nodes'])})" for v in violations]
            tab.close()
            for width in (1280, 390):
                for scheme in ("light", "dark"):
                    context = browser.new_context(
                        viewport={"width": width, "height": 900}, color_scheme=scheme
                    )
                    shot = context.new_page()
                    shot.goto(base + path)
                    shot.screenshot(path=str(shots / f"readers-{name}-{width}-{scheme}.png"))
                    context.close()
        browser.close()
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--source", type=Path, default=ROOT.parent / "shared/corpus/github-docs-2021-04"
    )
    parser.add_argument("--no-build", action="store_true", help="serve --out as it is")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "docsite-readers")
    args = parser.parse_args()
    if not args.no_build:
        build(args.source, args.out)
    server, base = serve(args.out)
    try:
        violations = axe_and_screenshots(base, ROOT / "artifacts" / "screenshots")
        results = {}
        for name, path in PAGES.items():
            scores, failed = lighthouse(base + path)
            results[name] = {
                "url": path,
                "lighthouse": scores,
                "lighthouse_failed": failed,
                "axe": violations[name],
            }
            shown = " ".join(f"{c} {s}" for c, s in scores.items())
            print(f"{name:8} {path}\n  lighthouse: {shown} (failed: {', '.join(failed) or 'none'})")
            print(f"  axe: {', '.join(violations[name]) or 'none'}")
    finally:
        server.shutdown()
    (ROOT / "artifacts").mkdir(exist_ok=True)
    (ROOT / "artifacts" / "readers.json").write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
