"""The Markdown stage: docsite's own pass behaves the same on both engines, and they agree."""

from __future__ import annotations

import hashlib
import random
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CORPUS, ROOT, Site, page
from docsite.render.markdown import ENGINES, Heading, Markdown, Rendered
from docsite.render.markdown.html_pass import INLINE_POS, inline_positions_dropped

DIFFERENCES = ROOT / "tests" / "markdown-engine-differences.txt"
BOTH = pytest.mark.parametrize("engine", sorted(ENGINES))


BLOCK = "p|pre|ul|ol|li|table|thead|tbody|tr|th|td|h[1-6]|blockquote|div|hr|dl|dt|dd"
AROUND_BLOCK = re.compile(rf"\s*(</?(?:{BLOCK})\b[^>]*>)\s*")
PRE = re.compile(r"(<pre\b.*?</pre>)", re.S)


def normal(html: str) -> str:
    """The documented normalisation: outside `<pre>`, a run of whitespace is one space, and
    whitespace next to a block-level tag is dropped: a browser shows both the same way. Inside
    `<pre>` every character counts.
    """
    parts = PRE.split(re.sub(r"\s+(?=<pre\b)|(?<=</pre>)\s+", "", html))
    for i in range(0, len(parts), 2):
        parts[i] = AROUND_BLOCK.sub(r"\1", re.sub(r"\s+", " ", parts[i]))
    return "".join(parts).strip()


@BOTH
def test_heading_ids_are_githubs_and_unique_across_the_text(engine):
    md = Markdown(engine)
    got = md.render("# Hello `x` & <b>World</b>!\n\n## Same\n\ntext\n\n## Same\n\nSame\n---\n")
    assert [h.id for h in got.headings] == ["hello-x--world", "same", "same-1", "same-2"]
    assert got.headings[0] == Heading(
        1, "hello-x--world", "Hello <code>x</code> &amp; <b>World</b>!", "hello-x--world"
    )
    assert '<h2 id="same-1">Same</h2>' in got.html and "data-sourcepos" not in got.html


@BOTH
def test_raw_html_headings_keep_their_ids_and_are_listed(engine):
    got = Markdown(engine).render('<h2 id="by-hand">By hand</h2>\n\n## By hand\n')
    assert got.headings == (
        Heading(2, "by-hand", "By hand"),
        Heading(2, "by-hand", "By hand", "by-hand"),
    )
    assert got.html.startswith('<h2 id="by-hand">By hand</h2>')


@BOTH
def test_fences_are_highlighted_and_copy_marks_become_buttons(engine):
    text = '1. Run:\n\n   ```shell{:copy}\n   echo "{{ x }}" > f\n   ```\n\n```nolang\na < b\n```\n'
    got = Markdown(engine).render(text)
    assert '<div class="code-extra"><button class="btn-copy" type="button" ' in got.html
    assert 'data-clipboard-text="echo &quot;&#123;&#123; x }}&quot; &gt; f\n"' in got.html
    assert '<pre><code class="language-shell"><span class="nb">echo</span>' in got.html
    assert "{:copy}" not in got.html and "{{" not in got.html
    assert '<pre><code class="language-nolang">a &lt; b\n</code></pre>' in got.html


@BOTH
def test_what_only_looks_like_a_fence_is_left_alone(engine):
    got = Markdown(engine).render("    ```js\n    code {:copy}\n\n<pre>```js</pre>\n")
    assert "<pre><code>```js\ncode {:copy}\n</code></pre>" in got.html
    assert "<pre>```js</pre>" in got.html and "btn-copy" not in got.html


@BOTH
def test_liquid_shown_in_code_cannot_look_unrendered(engine):
    got = Markdown(engine).render("Use `{{ secrets.TOKEN }}` and {% raw %}.\n")
    assert "<code>&#123;&#123; secrets.TOKEN }}</code>" in got.html
    assert "{% raw %}" in got.html  # outside code, text is left as it is


@BOTH
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Learn **how** to `publish`.", "Learn <strong>how</strong> to <code>publish</code>."),
        ("# Not a heading", "# Not a heading"),
        ("1. Not a list", "1. Not a list"),
        ("Title\n===", "Title\n==="),
        ("[a]: /not-a-definition", "[a]: /not-a-definition"),
        ("A <p>tag</p> inside", "A <p>tag</p> inside"),
        ("{{ x }} in `{{ y }}`", "{{ x }} in <code>&#123;&#123; y }}</code>"),
    ],
)
def test_inline_fields_render_without_blocks(engine, text, expected):
    assert Markdown(engine).inline(text) == expected


@BOTH
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("**注：**文字", "<strong>注：</strong>文字"),  # CommonMark leaves these asterisks
        (
            "单击 **Beta Features（测试版功能）**。",
            "单击 <strong>Beta Features（测试版功能）</strong>。",
        ),
        ("这是**「重要」**です。", "这是<strong>「重要」</strong>です。"),
        ("中**（注）**文", "中<strong>（注）</strong>文"),
        ("*注：*文字", "<em>注：</em>文字"),
        ("English **bold.**then", "English **bold.**then"),  # Latin text: CommonMark as before
        ("**(a)**b", "**(a)**b"),
        ("你好_世界_。", "你好_世界_。"),  # `_` inside a word stays literal
    ],
)
def test_emphasis_beside_cjk_punctuation_is_bold_as_github_showed_it(engine, text, expected):
    assert Markdown(engine).inline(text) == expected
    assert f"<p>{expected}</p>" in Markdown(engine).render(text).html


@BOTH
def test_placeholders_in_code_blocks_are_italic_as_github_showed_them(engine):
    text = (
        "```shell{:copy}\n$ git clone https://github.com/<em>YOUR-USERNAME</em>/x.git\n```\n\n"
        "```\n<strong>Bold</strong><br>next & <b>literal</b>\n```\n\n"
        "    <em>indented</em>\n"
    )
    html = Markdown(engine).render(text).html
    assert "https://github.com/<em>YOUR-USERNAME</em>/x.git" in html
    assert '<span class="w"> </span>clone' in html  # still highlighted
    assert 'data-clipboard-text="$ git clone https://github.com/YOUR-USERNAME/x.git' in html
    assert "<strong>Bold</strong><br>next &amp; &lt;b&gt;literal&lt;/b&gt;" in html
    assert "<pre><code><em>indented</em>" in html
    assert "&lt;em&gt;" not in html


def test_markdown_it_py_reports_text_it_would_drop_and_comrak_keeps_it(tmp_path, capsys):
    site = Site(tmp_path / "src")
    site.write(
        "content/a.md",
        page("".join("  " * i + "- level\n" for i in range(40)) + "\nthe rest\n"),
    )
    reference = site.build("--markdown-engine", "markdown-it-py", capsys=capsys)
    assert reference.code == 1
    assert "content/a.md:17:19: error: Markdown nests more than 20 levels deep" in reference.err
    native = site.build(capsys=capsys)
    assert native.code == 0
    assert "<p>the rest</p>" in native.article("/en/a/")


def test_a_build_with_another_engine_rerenders_every_page(tmp_path, capsys):
    site = Site(tmp_path / "src").write("content/a.md", page("Text\n"))
    assert site.build(capsys=capsys).code == 0
    again = site.build("--markdown-engine", "markdown-it-py", capsys=capsys)
    assert again.code == 0 and again.err.startswith("16 page renders")


EDGE = (Path(__file__).parent / "markdown-edge-texts.txt").read_text(encoding="utf-8")
PIECES = EDGE.split("\n")[1:-1]  # the first line says what the file is


@BOTH
def test_the_pass_is_consistent_on_random_texts(engine):
    """Whatever the text, no source position leaks and every Markdown heading gets its id."""
    rng = random.Random(2026)
    md = Markdown(engine)
    for _ in range(3000):
        text = "\n".join(rng.choice(PIECES) for _ in range(rng.randint(2, 14)))
        try:
            got = md.render(text)
        except Exception as err:  # TooDeep cannot happen at this depth
            raise AssertionError(repr(text)) from err
        assert "data-sourcepos" not in got.html, repr(text)
        made = [h for h in got.headings if h.slug is not None]
        assert len({h.id for h in made}) == len(made), repr(text)
        for h in made:
            assert f'<h{h.level} id="{h.id}">' in got.html, repr(text)


def known_differences() -> dict[str, str]:
    """Texts known to render differently, by hash: the reason, from the fixture."""
    known = {}
    for line in DIFFERENCES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            digest, reason = line.split(None, 1)
            known[digest] = reason
    return known


def corpus_texts() -> tuple[set[str], set[str]]:
    """Every distinct Markdown text of the corpus build (English and Chinese, every version)."""
    from docsite.build import BuildOptions, load_site
    from docsite.errors import DocsiteError
    from docsite.render import Trace

    blocks: set[str] = set()
    inlines: set[str] = set()
    site = load_site(BuildOptions(source=CORPUS, out=CORPUS / "_unused", jobs=1))
    markdown = site.renderer.markdown  # one instance, shared by every part of the renderer
    render, inline = markdown.render, markdown.inline

    def recorded_render(text: str) -> Rendered:
        blocks.add(text)
        return render(text)

    def recorded_inline(text: str) -> str:
        inlines.add(text)
        return inline(text)

    markdown.render, markdown.inline = recorded_render, recorded_inline  # type: ignore[method-assign]
    renderer = site.renderer
    for target in site.plan.targets(site.versions, site.languages):
        try:
            renderer.pages.render(target, Trace())
        except DocsiteError:
            continue
    return blocks, inlines


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not beside this checkout")
def test_both_engines_render_every_corpus_text_alike():
    blocks, inlines = corpus_texts()
    assert len(blocks) > 6000 and len(inlines) > 2000
    native, reference = Markdown("comrak"), Markdown("markdown-it-py")
    found: dict[str, str] = {}
    for text in blocks:
        a, b = native.render(text), reference.render(text)
        if normal(a.html) != normal(b.html) or a.headings != b.headings:
            found[hashlib.sha256(text.encode()).hexdigest()[:16]] = text
    for text in inlines:
        if native.inline(text) != reference.inline(text):
            found[hashlib.sha256(text.encode()).hexdigest()[:16]] = text
    known = known_differences()
    new = {d: t[:300] for d, t in found.items() if d not in known}
    assert not new, f"texts the engines render differently, not in {DIFFERENCES.name}: {new}"
    gone = sorted(set(known) - set(found))
    assert not gone, f"listed in {DIFFERENCES.name} but now alike: {gone}"


@BOTH
@pytest.mark.parametrize(
    "text",
    ["1. a\n\n\t```js{:copy}\n\tx\n\t```\n", "> - ```js{:copy}\n>   x\n>   ```\n"],
)
def test_fences_in_containers_are_found_at_their_source_position(engine, text):
    got = Markdown(engine).render(text).html
    assert '<pre><code class="language-js"><span class="nx">x</span>\n</code></pre>' in got
    assert 'data-clipboard-text="x\n"' in got


@settings(max_examples=500, derandomize=True, database=None)
@given(
    st.lists(
        st.sampled_from(
            ["<h1", "<h6", "<h7", "<pre", "<p", ' data-sourcepos="', "1:2-3:4", '"', ">", "x"]
        ),
        max_size=14,
    )
)
def test_dropping_inline_positions_answers_what_the_regex_does(pieces):
    text = "".join(pieces)
    assert inline_positions_dropped(text) == INLINE_POS.sub("", text)
