"""Liquid strictness: strict (the default), warn and lax, for the whole site or one language."""

import pytest

from conftest import CORPUS, ROOT, VERSIONS, Site, page
from docsite.cli import main

# What GitHub's engine accepted and docsite's strict Liquid refuses, one per line.
LAX_BODY = """\
{% if currentVersion == "free-pro-team@latest" %}dotcom{% else if %}server{% endif %}

Name: {{ site.data.variables/product/name }}.

{% if currentVersion == "enterprise-server@9.9" %}never{% endif %}

{% if currentver_lt "enterprise-server@2. 3" %}typo{% else %}kept{% endif %}

Missing: [{% data variables.product.nope %}]
"""


def with_mode(site: Site, mode: str, where: str = "") -> Site:
    """Set the Liquid mode for every language (`where` empty) or one language's entry."""
    text = VERSIONS
    if where:
        line = f"  {where}: {{name: Simplified Chinese, native: 简体中文, source: translations/cn}}"
        text = text.replace(line, line[:-1] + f", liquid: {mode}}}")
    else:
        text += f"liquid: {mode}\n"
    site.write("data/versions.yml", text)
    site.write("data/variables/product.yml", "name: Acme\n")
    return site


@pytest.mark.parametrize(
    ("index", "message"),
    [
        (0, "content/a.md:8:59: error: `else` takes no condition"),
        (1, "content/a.md:8:29: error: unexpected '/'"),
        (2, "content/a.md:8:25: error: unknown version 'enterprise-server@9.9'"),
        (3, 'content/a.md:8:21: error: unexpected `"enterprise-server@2. 3"` in condition'),
        (4, "content/a.md:8:19: error: data key `variables.product.nope` not found"),
    ],
)
def test_strict_refuses_each_tolerance(site, capsys, index, message):
    with_mode(site, "strict")
    site.write("content/a.md", page(LAX_BODY.split("\n\n")[index] + "\n"))
    result = site.build(capsys=capsys)
    assert result.code == 1
    assert message in result.err
    assert "tolerated" not in result.err


def test_lax_renders_what_githubs_engine_rendered(site, capsys):
    with_mode(site, "lax")
    site.write("content/a.md", page(LAX_BODY))
    result = site.build(capsys=capsys)
    assert result.code == 0, result.err
    fpt = result.article("/en/a/")
    ghes = result.article("/en/enterprise-server@2.22/a/")
    assert fpt.startswith("<p>dotcom</p>\n<p>Name: Acme.</p>\n")
    assert "<p>server</p>" in ghes and "dotcom" not in ghes
    assert "never" not in fpt + ghes and "typo" not in fpt + ghes
    assert "<p>kept</p>" in fpt and "<p>Missing: []</p>" in fpt
    # Counted, not listed: lax is a choice; --verbose lists them.
    assert "0 errors, 0 warnings, 5 tolerated by lax Liquid" in result.err
    assert "content/a.md:8:59" not in result.err
    verbose = site.build("--verbose", capsys=capsys)
    assert "content/a.md:8:59: tolerated: `else` takes no condition (tolerated in lax Liquid)" in (
        verbose.err
    )
    assert (
        "hint: GitHub's engine read it as `{{ site.data.variables.product.name }}`" in verbose.err
    )


def test_warn_renders_the_same_and_reports_each_tolerance_located(site, capsys):
    with_mode(site, "lax")
    site.write("content/a.md", page(LAX_BODY))
    lax = site.build(capsys=capsys)
    with_mode(site, "warn")
    warn = site.build(out=site.root / "warn", capsys=capsys)
    assert warn.code == 0
    assert warn.html("/en/a/") == lax.html("/en/a/")
    assert "0 errors, 5 warnings," in warn.err
    for where in ("8:59", "10:29", "12:25", "14:21", "16:19"):
        assert f"content/a.md:{where}: warning: " in warn.err
    assert (
        " 10 | Name: {{ site.data.variables/product/name }}.\n    |                             ^\n"
        in warn.err
    )
    strict = site.build("--strict", out=site.root / "strict", capsys=capsys)
    assert strict.code == 1  # --strict makes warn's warnings errors


def test_a_lax_translation_renders_while_the_source_stays_strict(site, capsys):
    with_mode(site, "lax", where="cn")
    site.write(
        "content/a.md",
        page("{% if currentVersion == 'free-pro-team@latest' %}one{% else %}two{% endif %}\n"),
    )
    site.write(
        "translations/cn/content/a.md",
        page("{% if currentVersion == 'free-pro-team@latest' %}一{% else 其他 %}二{% endif %}\n"),
    )
    result = site.build("--verbose", capsys=capsys)
    assert result.code == 0, result.err
    assert result.article("/cn/a/") == "<p>一</p>\n"
    assert result.article("/cn/enterprise-server@3.0/a/") == "<p>二</p>\n"
    assert "fallback:" not in result.err
    assert "translations/cn/content/a.md:8:54: tolerated: `else` takes no condition" in result.err
    site.write(
        "content/a.md",
        page("{% if currentVersion == 'free-pro-team@latest' %}one{% else x %}two{% endif %}\n"),
    )
    result = site.build(capsys=capsys)
    assert result.code == 1
    assert "content/a.md:8:56: error: `else` takes no condition" in result.err


def test_a_strict_translation_with_a_tolerance_falls_back_to_english(site, capsys):
    with_mode(site, "strict")
    site.write("content/a.md", page("English.\n"))
    site.write("translations/cn/content/a.md", page("{{ site.data.variables/product/name }}\n"))
    result = site.build("--verbose", capsys=capsys)
    assert result.code == 0
    assert result.article("/cn/a/") == "<p>English.</p>\n"
    assert "unexpected '/'" in result.err


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not beside this checkout")
def test_lax_chinese_corpus_renders_pages_that_fell_back_to_english(tmp_path, capsys):
    config = (CORPUS / "versions.yml").read_text(encoding="utf-8")
    config = config.replace("hreflang: zh-Hans}", "hreflang: zh-Hans, liquid: lax}")
    (tmp_path / "lax.yml").write_text(config, encoding="utf-8")
    out = tmp_path / "site"
    args = ["--source", str(CORPUS), "--lang", "cn", "--version", "ghes-2.22", "--keep-going"]
    args += ["--skip-file", str(ROOT / "tests" / "corpus-skips.txt")]
    main(["build", *args, "--config", str(tmp_path / "lax.yml"), "--out", str(out), "--verbose"])
    err = capsys.readouterr().err
    assert [line for line in err.splitlines() if line.startswith("fallback:")] == []
    # Its reusable, where a translator broke `ver_lt` into `currentver_lt`, made the strict
    # build publish it in English (test_corpus); lax Liquid renders the translation.
    route = "pages/getting-started-with-github-pages/creating-a-github-pages-site"
    html = (out / "cn" / "enterprise-server@2.22" / route / "index.html").read_text("utf-8")
    assert "<h1>创建 GitHub Pages 站点</h1>" in html and "要使用的发布源" in html
    assert "tolerated in lax Liquid" in err


def test_lax_probing_for_data_that_is_not_there_renders_the_else(site, capsys):
    # A real translated page: `{% assign x = site.data.variables.action_code_examples %}`.
    body = "{% assign x = site.data.variables.nope %}{% if x %}shown{% else %}none{% endif %}\n"
    with_mode(site, "lax")
    site.write("content/a.md", page(body))
    result = site.build("--verbose", capsys=capsys)
    assert result.code == 0, result.err
    assert result.article("/en/a/") == "<p>none</p>\n"
    assert (
        "content/a.md:8:4: tolerated: data key `site.data.variables.nope` not found" in result.err
    )
    with_mode(site, "strict")
    result = site.build(capsys=capsys)
    assert result.code == 1
    assert "content/a.md:8:4: error: data key `site.data.variables.nope` not found" in result.err
