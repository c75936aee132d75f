"""Every tag and conditional form, rendered into real sites for every version."""

import pytest

from conftest import page

URLS = {
    "fpt": "/en/a/",
    "ghes-3.0": "/en/enterprise-server@3.0/a/",
    "ghes-2.22": "/en/enterprise-server@2.22/a/",
    "ghae": "/en/github-ae@latest/a/",
}


def decided(site, capsys, tag_open, tag_close="{% endif %}"):
    """Build a page with `open YES else NO close`; return the versions that said YES."""
    site.write("content/a.md", page(f"{tag_open}YES{{% else %}}NO{tag_close}\n"))
    result = site.build("--lang", "en", capsys=capsys)
    assert result.code == 0, result.err
    said = {name: result.article(url) for name, url in URLS.items()}
    assert all(("YES" in text) != ("NO" in text) for text in said.values())
    return sorted(name for name, text in said.items() if "YES" in text)


@pytest.mark.parametrize(
    ("tag", "yes"),
    [
        ('{% if currentVersion == "free-pro-team@latest" %}', ["fpt"]),
        ('{% if currentVersion != "free-pro-team@latest" %}', ["ghae", "ghes-2.22", "ghes-3.0"]),
        (
            '{% if currentVersion == "free-pro-team@latest" or '
            'currentVersion == "github-ae@latest" %}',
            ["fpt", "ghae"],
        ),
        ("{% if enterpriseServerVersions contains currentVersion %}", ["ghes-2.22", "ghes-3.0"]),
        (
            "{% if enterpriseServerVersions contains currentVersion and currentVersion ver_lt "
            '"enterprise-server@3.0" %}',
            ["ghes-2.22"],
        ),
        ('{% if currentVersion ver_gt "enterprise-server@2.22" %}', ["ghes-3.0"]),
        ('{% if currentVersion ver_gt "enterprise-server@2.21" %}', ["ghes-2.22", "ghes-3.0"]),
        ('{% if currentVersion ver_lt "enterprise-server@3.0" %}', ["ghes-2.22"]),
        ('{% if currentVersion ver_lt "2.22" %}', []),
        ('{% if currentVersion == "github-ae@next" %}', []),
        ('{% if currentVersion == "enterprise-server@3.1" %}', []),
        (
            '{% if currentVersion == "free-pro-team@latest" or currentVersion ver_gt '
            '"enterprise-server@2.22" %}',
            ["fpt", "ghes-3.0"],
        ),
    ],
)
def test_2021_conditionals(site, capsys, tag, yes):
    assert decided(site, capsys, tag) == yes


@pytest.mark.parametrize(
    ("cond", "yes"),
    [
        ("fpt", ["fpt"]),
        ("ghes", ["ghes-2.22", "ghes-3.0"]),
        ("not fpt", ["ghae", "ghes-2.22", "ghes-3.0"]),
        ("fpt or ghae", ["fpt", "ghae"]),
        ("ghes > 2.22", ["ghes-3.0"]),
        ("ghes >= 2.22", ["ghes-2.22", "ghes-3.0"]),
        ("ghes < 3.0", ["ghes-2.22"]),
        ("ghes <= 3.0", ["ghes-2.22", "ghes-3.0"]),
        ("ghes = 3.0", ["ghes-3.0"]),
        ("ghes != 3.0", ["fpt", "ghae", "ghes-2.22"]),
        ("fpt or ghes > 2.22", ["fpt", "ghes-3.0"]),
        ("ghes and not ghes < 3.0", ["ghes-3.0"]),
        ("(fpt or ghes) and not ghes = 2.22", ["fpt", "ghes-3.0"]),
        ("not (fpt or ghae)", ["ghes-2.22", "ghes-3.0"]),
        ("ghes > 3.0", []),
    ],
)
def test_ifversion(site, capsys, cond, yes):
    assert decided(site, capsys, f"{{% ifversion {cond} %}}") == yes


def test_ifversion_closes_with_endifversion_and_has_elsif(site, capsys):
    site.write(
        "content/a.md",
        page("{% ifversion fpt %}A{% elsif ghes < 3.0 %}B{% else %}C{% endifversion %}\n"),
    )
    result = site.build("--lang", "en", capsys=capsys)
    assert result.code == 0, result.err
    got = {name: result.article(url).strip() for name, url in URLS.items()}
    assert got == {
        "fpt": "<p>A</p>",
        "ghes-2.22": "<p>B</p>",
        "ghes-3.0": "<p>C</p>",
        "ghae": "<p>C</p>",
    }


def test_elsif_and_unless(site, capsys):
    site.write(
        "content/a.md",
        page(
            '{% if currentVersion == "free-pro-team@latest" %}A'
            '{% elsif currentVersion == "github-ae@latest" %}B{% else %}C{% endif %}'
            "{% unless enterpriseServerVersions contains currentVersion %}"
            "-not-ghes{% endunless %}\n"
        ),
    )
    result = site.build("--lang", "en", capsys=capsys)
    got = {name: result.article(url).strip() for name, url in URLS.items()}
    assert got == {
        "fpt": "<p>A-not-ghes</p>",
        "ghae": "<p>B-not-ghes</p>",
        "ghes-2.22": "<p>C</p>",
        "ghes-3.0": "<p>C</p>",
    }


def test_data_variables_and_reusables_nest_three_levels(site, capsys):
    site.write(
        "data/variables/product.yml",
        "name: Acme\nedition: '{% ifversion ghes %}Server{% else %}Cloud{% endif %}'\n",
    )
    site.write("data/reusables/one/top.md", "Top says {% data reusables.one.middle %}\n")
    site.write("data/reusables/one/middle.md", "middle says {% data reusables.two.bottom %}\n")
    site.write(
        "data/reusables/two/bottom.md",
        "bottom: {% data variables.product.name %} {% data variables.product.edition %}\n",
    )
    site.write("content/a.md", page("{% data reusables.one.top %}\n"))
    result = site.build("--lang", "en", capsys=capsys)
    assert result.code == 0, result.err
    assert "Top says middle says bottom: Acme Cloud" in result.article("/en/a/")
    assert "bottom: Acme Server" in result.article("/en/enterprise-server@2.22/a/")


def test_indented_data_reference_keeps_a_list_together(site, capsys):
    site.write("data/reusables/steps/more.md", "Second paragraph.\n\n```\ncode\n```\n")
    site.write(
        "content/a.md",
        page(
            "1. First step.\n\n   {% indented_data_reference reusables.steps.more spaces=3 %}\n"
            "2. Second step.\n"
        ),
    )
    result = site.build("--lang", "en", "--version", "fpt", capsys=capsys)
    assert result.code == 0, result.err
    body = result.article("/en/a/")
    assert body.count("<ol>") == 1
    assert (
        '<li>\n<p>First step.</p>\n<p>Second paragraph.</p>\n<pre tabindex="0"><code>code' in body
    )


@pytest.mark.parametrize("kind", ["note", "tip", "warning", "danger"])
def test_callouts_wrap_markdown_in_a_div(site, capsys, kind):
    site.write(
        "content/a.md", page(f"{{% {kind} %}}\n\n**Heads up:** read *this*.\n\n{{% end{kind} %}}\n")
    )
    result = site.build("--lang", "en", "--version", "fpt", capsys=capsys)
    body = result.article("/en/a/")
    assert f'<div class="extended-markdown {kind} ' in body
    assert "<p><strong>Heads up:</strong> read <em>this</em>.</p>\n</div>" in body


def test_raw_keeps_liquid_syntax_as_text(site, capsys):
    site.write(
        "content/a.md",
        page("```yaml\n{% raw %}token: ${{ secrets.TOKEN }} {% if x %}{% endraw %}\n```\n"),
    )
    result = site.build("--lang", "en", "--version", "fpt", capsys=capsys)
    body = result.article("/en/a/")
    assert "${{ secrets.TOKEN }}" not in body
    assert "$&#123;&#123; secrets.TOKEN }} &#123;% if x %}" in body


def test_liquid_in_front_matter_fields_renders_per_version(site, capsys):
    site.write("data/variables/product.yml", "server: GHES\n")
    extra = (
        "intro: 'Intro for {% ifversion ghes %}{% data variables.product.server %}"
        "{% else %}cloud{% endif %}.'\n"
        "product: '{% ifversion fpt %}Free plan.{% endif %}'\n"
        "permissions: 'Admins of {% data variables.product.server %}.'\n"
    )
    site.write("content/a.md", page("Body.\n", title="'Title {{ currentVersion }}'", extra=extra))
    result = site.build("--lang", "en", capsys=capsys)
    fpt, ghes = result.html("/en/a/"), result.html("/en/enterprise-server@2.22/a/")
    assert "<h1>Title free-pro-team@latest</h1>" in fpt
    assert "<h1>Title enterprise-server@2.22</h1>" in ghes
    assert '<div class="intro">Intro for cloud.</div>' in fpt
    assert '<div class="intro">Intro for GHES.</div>' in ghes
    assert '<div class="product-callout"><p>Free plan.</p>' in fpt
    assert "product-callout" not in ghes
    assert "Admins of GHES." in ghes


def test_version_num_filter_and_context_values(site, capsys):
    site.write(
        "content/a.md",
        page(
            "{{ currentVersion | version_num }} {{ currentLanguage }} "
            "{{ enterpriseServerReleases.latest }}\n"
        ),
    )
    result = site.build("--version", "ghes-2.22", capsys=capsys)
    assert "<p>2.22 en 3.0</p>" in result.article("/en/enterprise-server@2.22/a/")
    assert "<p>2.22 cn 3.0</p>" in result.article("/cn/enterprise-server@2.22/a/")


def test_link_tags_render_titles_and_vanish_where_the_target_is_missing(site, capsys):
    site.write(
        "content/guide/index.md",
        page(
            "{% link_in_list /everywhere %}\n{% link_in_list /cloud-only %}\n\n"
            "{% link_with_intro /everywhere %}\n",
            title="Guide",
        ),
    )
    site.write(
        "content/guide/everywhere.md",
        page(
            "x",
            title="'Everywhere {% ifversion ghes %}(Server){% endif %}'",
            extra="intro: 'Seen in *every* version.'\n",
        ),
    )
    site.write(
        "content/guide/cloud-only.md",
        page("x", title="Cloud only", versions="versions:\n  free-pro-team: '*'\n"),
    )
    site.write("content/other.md", page("See {% link /guide/everywhere %}.\n"))
    result = site.build("--lang", "en", capsys=capsys)
    assert result.code == 0, result.err
    fpt = result.article("/en/guide/")
    assert '<li><a class="article-link" href="/en/guide/everywhere/">Everywhere</a></li>' in fpt
    assert '<a class="article-link" href="/en/guide/cloud-only/">Cloud only</a>' in fpt
    assert "<p>Seen in <em>every</em> version.</p>" in fpt
    ghes = result.article("/en/enterprise-server@2.22/guide/")
    assert ">Everywhere (Server)</a>" in ghes
    assert "cloud-only" not in ghes  # not in this version: the tag renders nothing
    assert (
        '<a class="link-title" href="/en/enterprise-server@2.22/guide/everywhere/">'
        in result.article("/en/enterprise-server@2.22/other/")
    )


def test_octicons_render_svg_and_unknown_names_are_errors(site, capsys):
    site.write("content/a.md", page('Click {% octicon "gear" aria-label="The gear icon" %}.\n'))
    result = site.build("--lang", "en", "--version", "fpt", capsys=capsys)
    body = result.article("/en/a/")
    assert (
        '<svg class="octicon octicon-gear" width="16" height="16" aria-label="The gear icon" '
        'role="img"' in body
    )
    site.write("content/b.md", page('{% octicon "gearz" %}\n'))
    failed = site.build(capsys=capsys)
    assert "content/b.md:8:12: error: unknown octicon `gearz`" in failed.err
    assert "did you mean `gear`?" in failed.err


def test_comment_for_capture_assign_and_platforms(site, capsys):
    site.write("data/variables/list.yml", "names: [one, two]\n")
    site.write(
        "content/a.md",
        page(
            "{% comment %}hidden {% data nope %}{% endcomment %}"
            "{% assign sep = ', ' %}{% capture who %}{{ currentLanguage }}{% endcapture %}"
            "{% for n in site.data.variables.list.names %}{{ n }}{{ sep }}{% endfor %}{{ who }}\n\n"
            "{% mac %}\n\nOn a Mac.\n\n{% endmac %}\n"
        ),
    )
    result = site.build("--lang", "en", "--version", "fpt", capsys=capsys)
    assert result.code == 0, result.err
    body = result.article("/en/a/")
    assert "<p>one, two, en</p>" in body
    assert '<div class="extended-markdown platform-mac">\n<p>On a Mac.</p>\n</div>' in body


def test_check_reports_errors_and_writes_nothing(site, capsys):
    site.write("content/a.md", page("{% data variables.nope.x %}\n"))
    out = site.root / "_site"
    from docsite.cli import main

    assert main(["check", "--source", str(site.root), "--out", str(out)]) == 1
    assert "error: data key `variables.nope.x` not found" in capsys.readouterr().err
    assert not out.exists()
    site.write("content/a.md", page("Fine.\n"))
    assert main(["check", "--source", str(site.root), "--out", str(out)]) == 0
    assert not out.exists()


def test_a_condition_repeated_in_a_page_is_decided_and_warned_at_each_use(site, capsys):
    old = '{% if currentVersion ver_lt "enterprise-server@2.23" %}'
    fpt = '{% if currentVersion == "free-pro-team@latest" %}'
    site.write(
        "content/a.md",
        page(
            f"{old}A{{% endif %}}\n\n{fpt}B{{% endif %}}\n\n"
            f'{{% unless currentVersion == "free-pro-team@latest" %}}C{{% endunless %}}\n\n'
            f"{old}D{{% endif %}} {fpt}E{{% else %}}F{{% endif %}}\n"
        ),
    )
    result = site.build("--lang", "en", capsys=capsys)
    assert result.code == 0, result.err
    assert "content/a.md:8:29: warning" in result.err
    assert "content/a.md:14:29: warning" in result.err
    assert result.article("/en/a/") == "<p>B</p>\n<p>E</p>\n"
    ghes = result.article("/en/enterprise-server@2.22/a/")
    assert "<p>A</p>" in ghes and "<p>C</p>" in ghes and "D F" in ghes and "B" not in ghes


LEXER_EDGES = [
    "",
    "\n",
    "text\n",
    "a{b}c{\n{",
    "{%- if a -%}\n  x\n{%- endif -%}\n\n",
    "{{ a }}\n",
    "{{- a -}}\n\n\n",
    "{% raw %}{{ x }}{% endraw %}\n",
    "{% comment %}{% if %}{% endcomment %}after",
    "a {{ b",
    "{% %}",
    "{%}\n",
    "x\n{% if a %}\n",
]


def corpus_sources():
    from conftest import CORPUS

    if not CORPUS.is_dir():
        return []
    files = sorted(CORPUS.glob("**/*.md")) + sorted(CORPUS.glob("data/**/*.yml"))
    return [p.read_text(encoding="utf-8") for p in files]


def tokens(lexer, text):
    try:
        return [(t.kind, t.value, t.start_index) for t in lexer(text)]
    except Exception as err:  # the same syntax errors must come out too
        return [("error", str(err))]


def test_the_fast_lexer_gives_python_liquids_tokens():
    from liquid.lex import get_lexer

    from docsite.render.liquid.lexer import TOKENIZE

    assert TOKENIZE is not get_lexer()  # the fast rule is in use with this python-liquid
    for text in LEXER_EDGES:
        assert tokens(TOKENIZE, text) == tokens(get_lexer(), text), text


@pytest.mark.corpus
def test_the_fast_lexer_gives_python_liquids_tokens_on_the_corpus():
    from liquid.lex import get_lexer

    from docsite.render.liquid.lexer import TOKENIZE

    sources = corpus_sources()
    if not sources:
        pytest.skip("the shared corpus is not beside this checkout")
    assert len(sources) > 5000
    for text in sources:
        assert tokens(TOKENIZE, text) == tokens(get_lexer(), text)
