"""A fixed-seed fuzzer: broken sources end in a good site or located errors, never a traceback.

CI runs a bounded number of examples (derandomized, so every run tries the same ones). A longer
local run: `DOCSITE_FUZZ_EXAMPLES=5000 python -m pytest tests/test_fuzz.py`.
"""

import contextlib
import io
import json
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Site, page
from docsite.cli import main
from test_safety import same_tree

EXAMPLES = int(os.environ.get("DOCSITE_FUZZ_EXAMPLES", "60"))
FILES = (
    "content/a.md",
    "content/index.md",
    "data/reusables/r.md",
    "data/variables/product.yml",
    "translations/cn/content/a.md",
    "data/versions.yml",
)
SNIPPETS = [
    "{% if ",
    "{% endif %}",
    "{% else x %}",
    "{% elsif %}",
    "{{ ",
    " }}",
    "{% raw %}",
    "{% endraw %}",
    "{% data variables.product.name %}",
    "{% data reusables.r %}",
    "{% data variables.nope %}",
    "{% for i in (1..5) %}",
    "{% endfor %}",
    "{% ifversion ghes > 9.9 %}",
    "{% ifversion fpt %}",
    '{% if currentVersion == "enterprise-server@2.22" %}',
    "{% link /a %}",
    "{% link /zz %}",
    "{% note %}",
    "{% endnote %}",
    '{% octicon "nope" %}',
    "{{ site.data.variables/product/name }}",
    "\n---\n",
    "versions:\n  ghes: '>=2.22 <'\n",
    "title: [\n",
    ": :",
    "\t",
    "- - -\n",
    "> " * 30,
    "children:\n  - /ghost\n",
    "redirect_from: /../x\n",
    "{% capture c %}",
    "{% endcapture %}",
    "{% assign x = ",
    "{%- comment -%}",
    "{% endcomment %}",
    "```\n",
    "<!--",
    "-->",
    "\\",
]
BYTES = [b"\xff", b"\x00", b"\xc3", b"\xe9", b"\r\n", b"\xef\xbb\xbf"]
LOCATED = re.compile(r"^\S+?(?::\d+:\d+)?: error: ", re.M)

WHOLE = [
    ("data/reusables/r.md", "{% data reusables.r %}\n"),  # a cycle
    ("data/reusables/r.md", "{% data reusables.s %}\n"),  # a reusable that is not there
    ("content/a.md", page("x" * 2_000_000 + "\n")),  # a huge page
    ("content/a.md", page("- x\n" * 30_000)),  # a huge list
]

# Names a writer's tree may hold (issue 27): odd, hidden, not UTF-8, too long, URL-special.
NAMES = [
    b"..md",
    b".hidden.md",
    b"a b.md",
    "ä.md".encode(),
    b"bad\xff.md",
    b"x" * 250 + b".md",
    b"a%2Fb.md",
    b"a?b.md",
    b"#.md",
    b"-.md",
    b"index.md.md",
    b"A.md",
    b"a.MD",
]
LINKS = ["itself", "/etc/passwd", "..", "dangling", "folder", "loop"]
REDIRECTS = [
    "//evil.example/x",
    "/",
    "/en",
    "/en/",
    "/sitemap.xml",
    "/assets/x",
    "/a/../b",
    "/x" * 3000,
    "/ä",
    "/a b",
    "/a\tb",
    "/_pagefind",
    "/en/a",
    "/index",
    "/redirects.json",
    "/llms.txt",
    "/.docsite/README",
    "/en/a/index.md",
    "https://evil.example/",
    "",
    "/" + "y" * 300,
]

mutation = st.one_of(
    st.tuples(st.just("whole"), st.sampled_from(WHOLE), st.just(0), st.just(0)),
    st.tuples(st.just("name"), st.sampled_from(FILES[:3]), st.just(0), st.sampled_from(NAMES)),
    st.tuples(st.just("link"), st.sampled_from(FILES[:5]), st.just(0), st.sampled_from(LINKS)),
    st.tuples(st.just("redirect"), st.just("content/a.md"), st.just(0), st.sampled_from(REDIRECTS)),
    st.tuples(
        st.just("text"), st.sampled_from(FILES), st.integers(0, 400), st.sampled_from(SNIPPETS)
    ),
    st.tuples(
        st.just("bytes"), st.sampled_from(FILES), st.integers(0, 400), st.sampled_from(BYTES)
    ),
    st.tuples(st.just("cut"), st.sampled_from(FILES), st.integers(0, 400), st.integers(1, 40)),
)


def good_site(root: Path) -> Site:
    site = Site(root)
    site.write("data/variables/product.yml", "name: Acme\n")
    site.write("data/reusables/r.md", "Reused {% data variables.product.name %}.\n")
    site.write("content/index.md", page("Home.\n", title="Home", extra="children:\n  - /a\n"))
    body = "{% data reusables.r %}\n\n## Part\n\n"
    body += "{% ifversion fpt %}Dotcom.{% else %}Server.{% endif %}\n"
    site.write("content/a.md", page(body, title="A"))
    site.write("translations/cn/content/a.md", page("中文 {% data reusables.r %}\n", title="甲"))
    return site


def mutate(root: Path, change: tuple[str, object, int, object]) -> None:
    kind, rel, at, what = change
    if kind == "whole":
        assert isinstance(rel, tuple)
        (root / rel[0]).write_text(rel[1], encoding="utf-8")
        return
    path = root / rel
    if kind in ("name", "link", "redirect"):
        return {"name": rename, "link": relink, "redirect": redirect}[kind](path, what)
    if not path.is_file():  # an earlier change made it a link or moved it
        return
    data = path.read_bytes()
    at = min(at, len(data))
    if kind == "cut":
        assert isinstance(what, int)
        path.write_bytes(data[:at] + data[at + what :])
    else:
        extra = what.encode() if isinstance(what, str) else what
        assert isinstance(extra, bytes)
        path.write_bytes(data[:at] + extra + data[at:])


def rename(path: Path, name: object) -> None:
    """Give a source file another name in its folder (the bytes of a name need not be UTF-8)."""
    assert isinstance(name, bytes)
    if path.is_file():
        os.rename(os.fsencode(path), os.path.join(os.fsencode(path.parent), name))


def relink(path: Path, how: object) -> None:
    """Replace a source file by a symlink: to itself, out of the tree, dangling, a loop."""
    if path.is_symlink() or path.exists():
        if path.is_dir() and not path.is_symlink():
            return
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    target = {"itself": path.name, "dangling": "nowhere.md", "folder": "."}.get(str(how), how)
    if how == "loop":
        (path.parent / "loop-b.md").symlink_to(path.name)
        target = "loop-b.md"
    path.symlink_to(str(target))


def redirect(path: Path, value: object) -> None:
    """Add a `redirect_from` entry to a page's front matter."""
    if not path.is_file() or path.is_symlink():
        return
    text = path.read_bytes()
    if text.startswith(b"---\n"):
        entry = f"redirect_from:\n  - {json.dumps(value)}\n".encode()
        path.write_bytes(b"---\n" + entry + text[4:])


@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.lists(mutation, min_size=1, max_size=4))
def test_broken_sources_give_a_site_or_located_errors(changes):
    with tempfile.TemporaryDirectory() as tmp:
        site = good_site(Path(tmp) / "src")
        out = Path(tmp) / "out"
        args = ["build", "--source", str(site.root), "--out", str(out), "--jobs", "1"]
        assert main(args) == 0
        previous = Path(tmp) / "previous"
        shutil.copytree(out, previous, symlinks=True)
        for change in changes:
            mutate(site.root, change)
        err = io.StringIO()
        started = time.monotonic()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = main(args)
        text = err.getvalue()
        assert time.monotonic() - started < 30
        assert "Traceback" not in text and "internal error" not in text, text
        assert code in (0, 1), text
        if code == 1:
            assert LOCATED.search(text), text
            assert same_tree(out, previous)  # a failed build leaves the previous site whole
        else:
            assert (out / "en" / "index.html").is_file()
