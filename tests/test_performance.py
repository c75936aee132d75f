"""What makes builds fast must not change what they produce (timings live in benchmarks/)."""

from __future__ import annotations

import difflib
import random
import sys
from pathlib import Path

import pytest

from conftest import CORPUS, ROOT, Site, page
from docsite.blocks import definitions, split_blocks
from docsite.cli import main
from docsite.markdown import Markdown

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate


def files(out: Path) -> dict[str, tuple[bytes, int, float]]:
    return {
        str(p.relative_to(out)): (p.read_bytes(), p.stat().st_ino, p.stat().st_mtime)
        for p in out.rglob("*")
        if p.is_file()
    }


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("synthetic") / "src"
    generate(root, 300)
    return root


def build(source: Path, out: Path, *args: str) -> int:
    return main(["build", "--source", str(source), "--out", str(out), *args])


def test_parallel_output_is_byte_identical_to_serial(synthetic, tmp_path):
    assert build(synthetic, tmp_path / "one", "--jobs", "1") == 0
    assert build(synthetic, tmp_path / "two", "--jobs", "2") == 0
    one, two = files(tmp_path / "one"), files(tmp_path / "two")
    assert one.keys() == two.keys()
    assert all(one[k][0] == two[k][0] for k in one)


def test_no_change_rebuild_writes_nothing_and_keeps_timestamps(synthetic, tmp_path, capsys):
    out = tmp_path / "site"
    assert build(synthetic, out) == 0
    before = files(out)
    capsys.readouterr()
    assert build(synthetic, out) == 0
    assert "0 page renders" in capsys.readouterr().err
    assert files(out) == before  # same bytes, same inodes, same modification times


def test_one_edit_rewrites_one_page_and_keeps_the_rest(tmp_path, capsys):
    site = Site(tmp_path / "src")
    for name in "abc":
        site.write(f"content/{name}.md", page(f"Page {name}.\n"))
    out = tmp_path / "site"
    assert site.build(out=out).code == 0
    before = files(out)
    site.write("content/b.md", page("Page b, edited.\n"))
    result = site.build(out=out, capsys=capsys)
    assert result.code == 0
    assert "page renders" in result.err and "(24 pages unchanged)" in result.err
    after = files(out)
    changed = sorted(k for k in after if after[k][:2] != before.get(k, (b"", 0))[:2])
    assert [k for k in changed if k.endswith("index.html")] == [
        "cn/b/index.html",
        "cn/enterprise-server@2.22/b/index.html",
        "cn/enterprise-server@3.0/b/index.html",
        "cn/github-ae@latest/b/index.html",
        "en/b/index.html",
        "en/enterprise-server@2.22/b/index.html",
        "en/enterprise-server@3.0/b/index.html",
        "en/github-ae@latest/b/index.html",
    ]
    assert after["en/a/index.html"][1:] == before["en/a/index.html"][1:]  # untouched file
    assert "Page b, edited." in (out / "en/b/index.html").read_text()


def test_a_data_change_rebuilds_the_pages_that_read_it(tmp_path, capsys):
    site = Site(tmp_path / "src")
    site.write("data/reusables/x/note.md", "Old note.\n")
    site.write("content/a.md", page("{% data reusables.x.note %}\n"))
    site.write("content/b.md", page("No data here.\n"))
    out = tmp_path / "site"
    assert site.build(out=out).code == 0
    site.write("data/reusables/x/note.md", "New note.\n")
    result = site.build(out=out, capsys=capsys)
    assert "8 page renders" in result.err  # page a in 4 versions x 2 languages
    assert "New note." in (out / "en/a/index.html").read_text()


def test_a_deleted_page_disappears_from_the_output(tmp_path):
    site = Site(tmp_path / "src")
    site.write("content/a.md", page("A.\n"))
    site.write("content/gone.md", page("Gone.\n"))
    out = tmp_path / "site"
    assert site.build(out=out).code == 0
    assert (out / "en/gone/index.html").is_file()
    (site.root / "content/gone.md").unlink()
    assert site.build(out=out).code == 0
    assert not (out / "en/gone/index.html").exists()
    assert (out / "en/a/index.html").is_file()


def test_failed_incremental_build_leaves_the_site_untouched(tmp_path, capsys):
    site = Site(tmp_path / "src")
    site.write("content/a.md", page("A.\n"))
    out = tmp_path / "site"
    assert site.build(out=out).code == 0
    before = files(out)
    site.write("content/a.md", page("{% data variables.none.here %}\n"))
    assert site.build(out=out, capsys=capsys).code == 1
    assert files(out) == before


EDGE_TEXTS = [
    "para\n\u00a0\nnext\n",  # a no-break space line is text, not a blank line
    "- a\n\n- b\n\nafter\n",
    "1. one\n\n   ```\n   code\n\n   more\n   ```\n\n2. two\n",
    "> quote\n\ncontinued?\n",
    "A | B\n--|--\n1 | 2\n\ntext\n",
    "# Same\n\n# Same\n\ntext\n\n## Same\n",
    "[ref]\n\n[ref]: /x\n",
    "<div>\n\n*md*\n\n</div>\n",
    "Use [x] here.\n\n> [x]: /quoted\n",  # definitions count inside quotes and list items
    "Use [x] and [y].\n\n[x]: /one\n\n[x]: /two 'Two'\n[y]: /y\n\nAgain [x].\n",
    "[two\nlines]: /u\n\n[two lines]\n",
    "a\n\n<pre>\n\nb\n\n</pre>\n\nc\n",  # HTML that runs across blank lines
    "p\n<!-- a\n\n```\n-->\n\nq\n",
    " <pre>\n\nx\n</pre>\n\ny\n",
    "<pre>\nnever closed\n\nq\n",
    "```html\n<script>\n\n[z]: /not-a-definition\n```\n\n[z]\n",
    "- item\n  ```\ncode\n  ```\n\nPara\n\nmore\n",  # `code` ends the item and its fence
    # found by the random test below: a tag line opens an HTML block up to the next blank line,
    # and what looks like a fence or a comment inside it is raw HTML
    "<div>\n````\n\n-->\n````\n\u00a0\n</div>\n\n-->\n>\n",
    "</script>\n# H\n|---|---|\n```\n\n1. one\n````\n\n</script>\n<pre>\n</pre>\n1. one",
    "   three\n</script>\n</div>\n<!-- c\ntext *em\n\n<pre>\n[r]\n```\n-->\n\n|---|---|\n2) two\n",
    "```\ncode\n```~~\n\nPara\n\n```\nx\n```\n",  # not a closing fence: other characters follow
    "```\ncode\n```\t\n\nPara\n\n```\nx\n```\n",
    "``` `\n\nPara\n\n```\nx\n```\n",  # a backtick in the info string: not a fence
]

# Lines that change how the lines after them parse; random texts of them must split safely.
PIECES = [
    *(
        "para",
        "- item",
        "  - nested",
        "1. one",
        "2) two",
        "* star",
        "   three",
        "    code",
        "\t tab",
    ),
    *("> quote", ">", "# H", "===", "---", "| a | b |", "|---|---|", "text *em", "em* text"),
    *("```", "  ```", " ```", "   ```", "``` ", "````", "~~~", "```~", "``` `", "~~~~\t"),
    *("<pre>", "</pre>", "  <pre>"),
    *("<script>", "</script>", "<!-- c", "   <!--", "-->", "<div>", "</div>", "<span>"),
    *("<div>x</div>", "<?php", "?>", "<![CDATA[", "]]>", "<!DOCTYPE", "[r]: /x", "  [r]: /y"),
    *("> [r]: /q", "[r]", "[a]:", "[\\]]: /x", "]: y", "\u00a0", " ", "", "", "", ""),
]


@pytest.mark.parametrize("text", EDGE_TEXTS)
def test_block_rendering_equals_whole_rendering_on_edge_cases(text):
    cached = Markdown()
    cached.render("- a\n\n- b\n\ntext\n\n1. one\n")  # warm both caches first
    assert cached.render(text) == Markdown(cache=False).render_block(text)


def test_block_rendering_equals_whole_rendering_on_random_texts():
    rng = random.Random(2026)
    whole, blocks = Markdown(cache=False), Markdown()
    for _ in range(20000):
        lines = [rng.choice(PIECES) for _ in range(rng.randint(2, 14))]
        text = "\n".join(lines) + rng.choice(["\n", ""])
        assert blocks.render(text) == whole.render_block(text), repr(text)


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not beside this checkout")
def test_block_rendering_equals_whole_page_rendering_on_the_corpus():
    from docsite.build import load_data
    from docsite.config import load_config
    from docsite.content import load_content
    from docsite.errors import DocsiteError
    from docsite.liquid.environment import DocsEnvironment
    from docsite.redirects import RedirectMap
    from docsite.render import Renderer
    from docsite.site import SitePlan

    config = load_config(CORPUS)
    content = load_content(config)
    plan = SitePlan(config, content)
    renderer = Renderer(
        plan, DocsEnvironment(config.registry, load_data(config)), Markdown(), RedirectMap(plan)
    )
    whole, blocks = Markdown(cache=False), Markdown()
    compared = split = defining = 0
    for name in ("fpt", "ghes-2.22"):
        version = config.registry.resolve(name)
        for source in content.pages.values():
            if version not in plan.versions[source.rel]:
                continue
            try:
                text = renderer.liquid(source, "body", renderer.globals(source, version, "en"))
            except DocsiteError:
                continue
            expected, got = whole.render_block(text), blocks.render(text)
            assert got == expected, "".join(
                difflib.unified_diff(
                    expected.html.splitlines(True), got.html.splitlines(True), source.rel
                )
            )
            compared += 1
            parts = split_blocks(text)
            split += len(parts) > 1
            defining += bool(definitions(parts))
    assert compared > 2000 and split > 1500 and defining > 30
    assert blocks.hits > 0 and blocks.inline_cache is not None and blocks.inline_cache.hits > 0


def test_warnings_are_reported_again_by_incremental_rebuilds(tmp_path, capsys):
    site = Site(tmp_path / "src")
    site.write(
        "content/a.md",
        page('{% if currentVersion ver_lt "enterprise-server@2.23" %}old{% endif %}\n'),
    )
    out = tmp_path / "site"
    first = site.build(out=out, capsys=capsys)
    warning = "content/a.md:8:29: warning: 'enterprise-server@2.23' is not a release"
    assert first.code == 0 and warning in first.err
    again = site.build(out=out, capsys=capsys)
    assert again.code == 0 and "0 page renders" in again.err
    assert warning in again.err
    assert site.build("--strict", out=out, capsys=capsys).code == 1
