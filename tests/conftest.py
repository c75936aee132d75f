"""Helpers: write small real sites into temporary folders and build them with the real CLI."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # test this tree, whatever an editable install points at

from docsite.cli import main  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "github-docs-2021-04"

VERSIONS = """\
plans:
  - {plan: free-pro-team, short: fpt, title: Free Pro Team, releases: [latest], url_segment: false}
  - plan: enterprise-server
    short: ghes
    title: Enterprise Server
    releases: ["3.0", "2.22"]
    next: "3.1"
    deprecated: ["2.21", "2.20"]
  - {plan: github-ae, short: ghae, title: GitHub AE, releases: [latest]}
languages:
  en: {name: English, source: ""}
  cn: {name: Simplified Chinese, native: 简体中文, source: translations/cn}
"""

# docsite's own state inside an output folder: what the next build reads, not the site.
STATE = frozenset({".docsite/manifest.json", ".docsite/stamp.json"})


def site_paths(folder: Path) -> list[Path]:
    """The files of a built site, docsite's state left out, in a stable order."""
    found = (p for p in folder.rglob("*") if p.is_file())
    return sorted(p for p in found if p.relative_to(folder).as_posix() not in STATE)


# English interface words: none may show on a Chinese page outside its article and titles.
ENGLISH_CHROME = (
    "Search this version",
    "Version:",
    "Language:",
    "Who can do this",
    "Previous",
    "Next",
    "In this article",
    "Skip to content",
)

ALL = "versions:\n  free-pro-team: '*'\n  enterprise-server: '*'\n  github-ae: '*'\n"


def page(body: str, title: str = "Test page", versions: str = ALL, extra: str = "") -> str:
    """A page file with front matter."""
    return f"---\ntitle: {title}\n{extra}{versions}---\n{textwrap.dedent(body)}"


@dataclass
class Result:
    """What one CLI run printed and returned."""

    code: int
    err: str
    out: Path

    def html(self, url: str) -> str:
        """The body of a built page, by URL path such as `/en/enterprise-server@2.22/a/`."""
        return (self.out / url.strip("/") / "index.html").read_text(encoding="utf-8")

    def article(self, url: str) -> str:
        """Only the rendered Markdown body of a page."""
        text = self.html(url)
        body = text.split('<div class="article-body">\n', 1)[1].split("</main>", 1)[0]
        return body.rsplit("\n</div>\n", 1)[0]


class Site:
    """A source tree in a temporary folder."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.write("data/versions.yml", VERSIONS)
        self.write("content/index.md", page("Home.\n", title="Home"))

    def write(self, rel: str, text: str) -> Site:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return self

    def build(
        self, *args: str, out: Path | None = None, capsys: pytest.CaptureFixture[str] | None = None
    ) -> Result:
        out = out or self.root / "_site"
        code = main(["build", "--source", str(self.root), "--out", str(out), *args])
        err = capsys.readouterr().err if capsys else ""
        return Result(code, err, out)


def serve_process(
    source: Path, out: Path, port: int, *, stderr: bool = False
) -> subprocess.Popen[str]:
    """`python build.py serve` in a subprocess; its first stdout line names the address."""
    return subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "build.py"),
            "serve",
            "--source",
            str(source),
            "--out",
            str(out),
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE if stderr else subprocess.DEVNULL,
        text=True,
    )


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return Site(tmp_path / "src")


def built_both_ways(site: Site, folder: Path, *args: str) -> Path:
    """Build with sharing and with `--render-each-version`; assert the same files, byte for byte.

    Returns the shared build's folder, for what a reader sees in it.
    """
    shared, each = folder / "shared", folder / "each"
    assert site.build(*args, out=shared).code == 0
    assert site.build(*args, "--render-each-version", out=each).code == 0
    files = [p.relative_to(shared) for p in site_paths(shared)]
    assert files == [p.relative_to(each) for p in site_paths(each)]
    different = [f for f in files if (shared / f).read_bytes() != (each / f).read_bytes()]
    assert different == []
    return shared
