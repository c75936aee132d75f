"""The syntax of later GitHub docs: tool switchers, AUTOTITLE, GFM alerts, rowheaders, codetabs,
whitespace control, the `ghec` plan, release notes per plan, product examples."""

from __future__ import annotations

from conftest import page

TOOLS = """\
{% include tool-switcher %}

{% webui %}

Click **Run**.

{% endwebui %}

{% cli %}

Run `gh workflow run`.

{% endcli %}
"""


def test_tool_blocks_render_with_a_switcher_of_the_tools_used(site, capsys):
    site.write("content/a.md", page(TOOLS, extra="defaultTool: cli\n"))
    result = site.build("--lang", "en", "--version", "fpt", capsys=capsys)
    assert result.code == 0, result.err
    html = result.html("/en/a/")
    assert '<div class="extended-markdown tool-webui">' in html
    assert "<p>Run <code>gh workflow run</code>.</p>" in html
    assert 'data-switch="tool"' in html and 'data-default="cli"' in html
    assert 'data-option="webui"' in html and 'data-option="curl"' not in html
    assert "platform-switcher" not in html


def test_the_config_names_its_own_tools_and_platforms(site, capsys):
    config = site.root.joinpath("data/versions.yml").read_text()
    site.write("docsite.yml", config + "tools: {gui: The app, shell: A shell}\n")
    site.write(
        "content/a.md",
        page(
            "{% gui %}Click.{% endgui %}{% shell %}Type.{% endshell %}\n",
            extra="defaultTool: shell\n",
        ),
    )
    site.write("content/b.md", page("B.\n", extra="defaultTool: cli\n"))
    result = site.build("--lang", "en", "--version", "fpt", "--keep-going", capsys=capsys)
    assert (
        "content/b.md:3:14: error: `defaultTool` must be one of gui, shell, not str 'cli'"
        in result.err
    )
    assert ">The app</button>" in result.html("/en/a/")


def test_an_include_docsite_does_not_have_is_located(site, capsys):
    site.write("content/a.md", page("Intro.\n\n{% include rest_operation %}\n"))
    result = site.build("--lang", "en", "--version", "fpt", capsys=capsys)
    assert result.code == 1
    assert "content/a.md:10:12: error: include: no template 'rest_operation'" in result.err


def test_autotitle_shows_the_target_title_in_the_reader_version_and_language(site, capsys):
    title = "'Installing {% ifversion ghes %}on a server{% else %}in the cloud{% endif %}'"
    site.write(
        "content/b.md", page("B.\n\n## Step one\n", title=title, extra="shortTitle: Short\n")
    )
    site.write("translations/cn/content/b.md", page("乙。\n\n## 第一步\n", title="安装"))
    site.write(
        "content/a.md",
        page(
            "See [AUTOTITLE](/b#step-one) and [AUTOTITLE](/enterprise-server@3.0/b).\n\n"
            "```text\n[AUTOTITLE](/b)\n```\n"
        ),
    )
    result = site.build(capsys=capsys)
    assert result.code == 0, result.err
    fpt = result.article("/en/a/")
    assert '<a href="/en/b/#step-one">Installing in the cloud</a>' in fpt
    assert '<a href="/en/enterprise-server@3.0/b/">Installing on a server</a>' in fpt
    assert "[AUTOTITLE](/b)" in fpt  # in a code block: an example, left alone
    assert '<a href="/cn/b/#step-one">安装</a>' in result.article("/cn/a/")
    twin = (result.out / "en/a/index.md").read_text()
    assert "[Installing in the cloud](/en/b/#step-one)" in twin


def test_autotitle_to_a_missing_page_or_a_heading_is_an_error(site, capsys):
    site.write("content/b.md", page("B.\n", versions="versions:\n  ghae: '*'\n"))
    site.write("content/a.md", page("Intro.\n\nSee [AUTOTITLE](/b) and [AUTOTITLE](#intro).\n"))
    result = site.build("--lang", "en", capsys=capsys)
    assert result.code == 1
    assert "content/a.md:10:26: error: AUTOTITLE links to a page, not to a heading" in result.err
    site.write("content/a.md", page("Intro.\n\nSee [AUTOTITLE](/b).\n"))
    result = site.build("--lang", "en", capsys=capsys)
    assert (
        "content/a.md:10:17: error: link to /b goes to no page (in ghes-2.22/en, ghes-3.0/en)"
        in result.err
    )


ALERTS = """\
> [!NOTE]
> Read **this**.

> [!WARNING]
> Mind the gap.

{% note %}

The old form still works.

{% endnote %}
"""


def test_gfm_alerts_are_callouts_with_icons_on_both_engines(site, capsys):
    site.write("content/a.md", page(ALERTS))
    site.write("data/ui.yml", "docsite:\n  alert_note: Remarque\n")
    for engine in ("comrak", "markdown-it-py"):
        result = site.build("--version", "fpt", "--markdown-engine", engine, capsys=capsys)
        assert result.code == 0, result.err
        body = result.article("/en/a/")
        assert '<div class="markdown-alert markdown-alert-note">' in body
        assert 'class="octicon octicon-info"' in body and "Remarque</p>" in body
        assert "<p>Read <strong>this</strong>.</p>" in body
        assert "octicon-alert" in body and "Warning</p>" in body
        assert "[!NOTE]" not in body
        assert '<div class="extended-markdown note' in body


def test_rowheaders_make_the_first_column_row_headers(site, capsys):
    table = "| Plan | Price |\n| --- | --- |\n| Free | 0 |\n| Team | 4 |\n"
    site.write(
        "content/a.md", page(f"{{% rowheaders %}}\n\n{table}\n{{% endrowheaders %}}\n\n{table}")
    )
    for engine in ("comrak", "markdown-it-py"):
        result = site.build("--version", "fpt", "--markdown-engine", engine, capsys=capsys)
        body = result.article("/en/a/")
        assert body.count('<th scope="row">') == 2, engine
        assert '<th scope="row">Free</th>' in body and "<td>0</td>" in body
        assert "<td>Team</td>" in body  # the table outside the block is left as it is


def test_codetabs_label_each_block(site, capsys):
    site.write(
        "content/a.md",
        page(
            "{% codetabs %}\n{% codetab Python %}\n\n```python\nprint(1)\n```\n\n{% endcodetab %}\n"
            "{% codetab 'Node.js' %}\n\n```js\nconsole.log(1)\n```\n\n{% endcodetab %}\n"
            "{% endcodetabs %}\n"
        ),
    )
    result = site.build("--version", "fpt", "--lang", "en", capsys=capsys)
    assert result.code == 0, result.err
    body = result.article("/en/a/")
    assert '<div class="extended-markdown codetab" data-label="Node.js">' in body
    assert '<p class="codetab-label">Python</p>' in body
    assert '<code class="language-python">' in body


def test_whitespace_control_keeps_a_versioned_table_row_in_its_table(site, capsys):
    site.write(
        "content/a.md",
        page(
            "| Plan | Note |\n| --- | --- |\n| Free | all |\n"
            "{%- ifversion ghes %}\n| Server | yours |\n{%- endif %}\n| Team | all |\n"
        ),
    )
    result = site.build("--lang", "en", capsys=capsys)
    assert result.code == 0, result.err
    ghes, fpt = result.article("/en/enterprise-server@3.0/a/"), result.article("/en/a/")
    assert ghes.count("<table") == 1 and "<td>Server</td>" in ghes and "<td>Team</td>" in ghes
    assert fpt.count("<table") == 1 and "Server" not in fpt and "<td>Team</td>" in fpt


GHEC = """\
plans:
  - {plan: free-pro-team, short: fpt, title: Free, releases: [latest], url_segment: false}
  - {plan: enterprise-cloud, short: ghec, title: Enterprise Cloud, releases: [latest]}
  - {plan: enterprise-server, short: ghes, title: Enterprise Server, releases: ["3.0"]}
"""


def test_ghec_is_an_ordinary_plan(site, capsys):
    site.write("data/versions.yml", GHEC)
    site.write("content/index.md", page("Home.\n", title="Home", versions="versions: '*'\n"))
    site.write(
        "content/a.md",
        page(
            "{% ifversion ghec %}Cloud.{% elsif fpt %}Free.{% endif %} [B](/b)\n",
            versions="versions:\n  fpt: '*'\n  ghec: '*'\n",
        ),
    )
    site.write("content/b.md", page("B.\n", versions="versions:\n  ghec: '*'\n  fpt: '*'\n"))
    result = site.build(capsys=capsys)
    assert result.code == 0, result.err
    ghec = result.article("/en/enterprise-cloud@latest/a/")
    assert "Cloud." in ghec and 'href="/en/enterprise-cloud@latest/b/"' in ghec
    assert "Free." in result.article("/en/a/")
    assert not (result.out / "en/enterprise-server@3.0/a/index.html").exists()


def test_product_examples_render_on_the_landing_page_that_names_them(site, capsys):
    examples = (
        "- title: Example services\n  description: Service containers\n  languages: JavaScript\n"
        "  href: actions/example-services\n  tags: [services]\n"
        "- title: Server only\n  href: /github/x\n  versions:\n    ghes: '*'\n"
    )
    site.write("data/product-examples/acme/code-examples.yml", examples)
    landing = (
        "layout: product-landing\nexamples_source: data/product-examples/acme/code-examples.yml\n"
    )
    site.write("content/acme/index.md", page("Acme.\n", title="Acme", extra=landing))
    result = site.build("--lang", "en", capsys=capsys)
    assert result.code == 0, result.err
    fpt = result.html("/en/acme/")
    assert '<a href="https://github.com/actions/example-services">Example services</a>' in fpt
    assert "Service containers" in fpt and '<span class="tag">services</span>' in fpt
    assert "Server only" not in fpt
    assert "Server only" in result.html("/en/enterprise-server@3.0/acme/")
    broken = landing.replace("code-examples", "code-sample")
    site.write("content/acme/index.md", page("Acme.\n", title="Acme", extra=broken))
    result = site.build("--lang", "en", capsys=capsys)
    assert "content/acme/index.md:4:18: error: no product examples in" in result.err
