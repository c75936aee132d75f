"""A fixed-seed fuzzer: broken sources end in a good site or located errors, never a traceback.

CI runs a bounded number of examples (derandomized, so every run tries the same ones). A longer
local run: `DOCSITE_FUZZ_EXAMPLES=5000 python -m pytest tests/test_fuzz.py`.
"""

import contextlib
import io
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

mutation = st.one_of(
    st.tuples(st.just("whole"), st.sampled_from(WHOLE), st.just(0), st.just(0)),
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
    data = path.read_bytes()
    at = min(at, len(data))
    if kind == "cut":
        assert isinstance(what, int)
        path.write_bytes(data[:at] + data[at + what :])
    else:
        extra = what.encode() if isinstance(what, str) else what
        assert isinstance(extra, bytes)
        path.write_bytes(data[:at] + extra + data[at:])


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
